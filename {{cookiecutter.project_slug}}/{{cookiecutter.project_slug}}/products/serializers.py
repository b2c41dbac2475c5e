from django.contrib.auth import get_user_model

from ..api.serializers import ModelSerializer
from .models import Product


class ProductAuthorSerializer(ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ("id", "username")


class ProductSerializer(ModelSerializer):
    # Always the requester, set by the view: never taken from the body.
    created_by = ProductAuthorSerializer(read_only=True)

    class Meta:
        model = Product
        fields = ("id", "name", "description", "price", "created_by", "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
