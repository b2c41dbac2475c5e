from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ..api.permissions import PolicyQuerysetMixin
from ..api.schema import BAD_REQUEST, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from .models import Order
from .serializers import OrderSerializer

_WRITE_RESPONSES = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN}


@extend_schema_view(
    list=extend_schema(
        summary="List orders",
        description="Newest first, 20 a page (`page_size` up to 100).",
        responses={200: OrderSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="Get an order",
        responses={200: OrderSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Place an order",
        description="`created_by` is the requester; a new order is `pending`.",
        responses={201: OrderSerializer, **_WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary="Replace an order",
        responses={200: OrderSerializer, **_WRITE_RESPONSES, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Update some of an order's fields",
        responses={200: OrderSerializer, **_WRITE_RESPONSES, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete an order",
        responses={204: None, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class OrderViewSet(PolicyQuerysetMixin, viewsets.ModelViewSet):
    """Orders; who sees and changes which is the policy table's `orders` rows."""

    policy_resource = "orders"
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    # Ids are integers: anything else is an unknown path, not a database lookup.
    lookup_value_regex = "[0-9]+"
