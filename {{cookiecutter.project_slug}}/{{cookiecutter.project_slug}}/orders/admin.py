from django.contrib import admin

from .models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("id", "product", "quantity", "status", "created_by", "created_at")
    list_filter = ("status",)
    list_select_related = ("product", "created_by")
    raw_id_fields = ("product", "created_by")
    readonly_fields = ("created_at", "updated_at")
