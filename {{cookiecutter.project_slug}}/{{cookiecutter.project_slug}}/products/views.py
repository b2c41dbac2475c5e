from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, viewsets

from ..api.schema import BAD_REQUEST, CONFLICT, FORBIDDEN, NOT_FOUND, UNAUTHORIZED
from .models import Product
from .serializers import ProductSerializer

_WRITE_RESPONSES = {400: BAD_REQUEST, 401: UNAUTHORIZED, 403: FORBIDDEN}


@extend_schema_view(
    list=extend_schema(
        summary="List products",
        description="Newest first, 20 a page (`page_size` up to 100); `search` matches names.",
        responses={
            200: ProductSerializer,
            400: OpenApiResponse(
                {"type": "array", "items": {"type": "string"}},
                "A `search` term holding a NUL character: a list of messages.",
            ),
            401: UNAUTHORIZED,
            404: NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="Get a product",
        responses={200: ProductSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Create a product",
        description="`created_by` is the requester.",
        responses={201: ProductSerializer, **_WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary="Replace a product",
        responses={200: ProductSerializer, **_WRITE_RESPONSES, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Update some of a product's fields",
        responses={200: ProductSerializer, **_WRITE_RESPONSES, 404: NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a product",
        description="Refused while orders of it remain.",
        responses={
            204: None,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    ),
)
class ProductViewSet(viewsets.ModelViewSet):
    """Products; who may do what is the policy table's `products` rows."""

    policy_resource = "products"
    # Of the author, only what the serializer shows: a users row is wide.
    queryset = Product.objects.select_related("created_by").only(
        "name", "description", "price", "created_at", "updated_at", "created_by__username"
    )
    serializer_class = ProductSerializer
    # Set here, not for every view in the settings: on views without `search_fields`
    # DRF's filter would still list `search` in the schema and refuse a NUL in it.
    filter_backends = (filters.SearchFilter,)
    search_fields = ("name",)
    # Ids are integers: anything else is an unknown path, not a database lookup.
    lookup_value_regex = "[0-9]+"

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)
