"""Every route under /api/. Paths are public: clients depend on them."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ..authentication import urls as authentication_urls
from ..passwords import urls as passwords_urls
from ..products import urls as products_urls
from ..users import urls as users_urls
from .views import not_found

urlpatterns = [
    path("", include(authentication_urls)),
    path("", include(users_urls)),
    path("", include(passwords_urls)),
    path("", include(products_urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    # Last: whatever none of the above matched, newlines included (`.` stops at
    # one: such a path got Django's HTML 404 page).
    re_path(r"^[\s\S]*$", not_found),
]
