from rest_framework import serializers

from ..api.serializers import ModelSerializer
from .models import Order


class OrderSerializer(ModelSerializer):
    class Meta:
        model = Order
        fields = ("id", "product", "quantity", "status", "created_by", "created_at", "updated_at")
        read_only_fields = ("created_by", "created_at", "updated_at")

    def validate_status(self, value):
        # Who may change an order is the policy table's business; what a new one is, this.
        if self.instance is None and value != Order.Status.PENDING:
            raise serializers.ValidationError("A new order is pending.")
        return value

    def create(self, validated_data):
        # Always the requester: never taken from the body.
        return super().create({**validated_data, "created_by": self.context["request"].user})
