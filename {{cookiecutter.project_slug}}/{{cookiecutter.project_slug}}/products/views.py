from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from ..api.permissions import IsAdminRole, IsStaffOrAdminRole, ReadOnly
from .models import Product
from .serializers import ProductSerializer


class ProductViewSet(viewsets.ModelViewSet):
    """Any authenticated user reads; staff and admin create and update; only admin deletes."""

    queryset = Product.objects.select_related("created_by")
    serializer_class = ProductSerializer
    permission_classes = (IsAuthenticated & (ReadOnly | IsStaffOrAdminRole),)
    search_fields = ("name",)
    # Ids are integers: anything else is an unknown path, not a database lookup.
    lookup_value_regex = "[0-9]+"

    def get_permissions(self):
        if self.action == "destroy":
            return [IsAdminRole()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)
