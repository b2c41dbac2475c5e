"""Bad input of every shape gets a 4xx with a JSON body, and changes nothing."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import override_settings

from .factories import ProductFactory

pytestmark = pytest.mark.django_db

Product = apps.get_model("products", "Product")

VALID = {"name": "Teapot", "description": "Holds 1 l", "price": "24.50"}


@pytest.fixture
def staff_client(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    return api_client


@pytest.mark.parametrize(
    ("price", "error"),
    [
        ("abc", "A valid number is required."),
        ("", "A valid number is required."),
        (None, "This field may not be null."),
        ("-1.00", "Ensure this value is greater than or equal to 0.01."),
        ("0", "Ensure this value is greater than or equal to 0.01."),
        ("0.00", "Ensure this value is greater than or equal to 0.01."),
        ("0.001", "Ensure that there are no more than 2 decimal places."),
        ("NaN", "A valid number is required."),
        ("Infinity", "A valid number is required."),
        ("1e400", "Ensure that there are no more than 10 digits in total."),
        ("100000000", "Ensure that there are no more than 8 digits before the decimal point."),
        (True, "A valid number is required."),
        ([], "A valid number is required."),
        ({}, "A valid number is required."),
    ],
)
def test_a_bad_price_is_refused_and_nothing_is_saved(staff_client, price, error):
    response = staff_client.post("/api/products/", {**VALID, "price": price}, format="json")

    assert response.status_code == 400
    assert response.json() == {"price": [error]}
    assert Product.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "This field may not be blank."),
        ("   ", "This field may not be blank."),
        (None, "This field may not be null."),
        ("x" * 201, "Ensure this field has no more than 200 characters."),
        ("nul\x00byte", "Null characters are not allowed."),
        ([], "Not a valid string."),
        ({"en": "Teapot"}, "Not a valid string."),
        (False, "Not a valid string."),
    ],
)
def test_a_bad_name_is_refused_and_nothing_is_saved(staff_client, name, error):
    response = staff_client.post("/api/products/", {**VALID, "name": name}, format="json")

    assert response.status_code == 400
    assert response.json() == {"name": [error]}
    assert Product.objects.count() == 0


def test_missing_fields_are_all_reported_at_once(staff_client):
    response = staff_client.post("/api/products/", {}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "name": ["This field is required."],
        "price": ["This field is required."],
    }
    assert Product.objects.count() == 0


def test_the_longest_name_and_a_large_description_are_kept_whole(staff_client):
    name, description = "n" * 200, "d" * 1_000_000

    response = staff_client.post(
        "/api/products/", {**VALID, "name": name, "description": description}, format="json"
    )

    assert response.status_code == 201
    assert Product.objects.values_list("name", "description").get() == (name, description)


def test_unicode_is_stored_and_searched_as_sent(staff_client):
    name = "Théière 東京 🫖"

    created = staff_client.post("/api/products/", {**VALID, "name": name}, format="json")
    found = staff_client.get("/api/products/", {"search": "東京 🫖"})

    assert created.status_code == 201
    assert Product.objects.get().name == name
    assert [row["name"] for row in found.json()["results"]] == [name]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"name": "Teapot",', "JSON parse error - unexpected end of data"),
        (b'{"price": NaN}', "JSON parse error - unexpected character"),
        (b"\xff\xfe not utf-8", "JSON parse error - 'utf-8' codec can't decode byte 0xff"),
        (b"[" * 100_000, "JSON parse error - depth limit exceeded"),
    ],
)
def test_a_body_that_is_not_json_is_a_400(staff_client, body, detail):
    response = staff_client.generic("POST", "/api/products/", body, "application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
    assert Product.objects.count() == 0


@pytest.mark.parametrize("body", [b"[]", b'"Teapot"', b"24.5", b"null"])
def test_json_that_is_not_an_object_is_a_400(staff_client, body):
    response = staff_client.generic("POST", "/api/products/", body, "application/json")

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert Product.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_djangos_size_limit_is_a_json_413(staff_client):
    response = staff_client.post(
        "/api/products/", {**VALID, "description": "d" * 1001}, format="json"
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large."}
    assert Product.objects.count() == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
def test_bodies_other_than_json_are_a_415(staff_client, content_type):
    response = staff_client.generic("POST", "/api/products/", b"name=Teapot", content_type)

    assert response.status_code == 415
    assert response.json()["detail"].startswith("Unsupported media type")
    assert Product.objects.count() == 0


def test_a_charset_that_is_not_a_text_encoding_is_a_400(staff_client):
    response = staff_client.generic(
        "POST", "/api/products/", b"{}", "application/json; charset=zlib"
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": 'Unsupported charset "zlib" in request Content-Type header.'
    }


def test_a_refused_update_changes_no_field_at_all(staff_client):
    product = ProductFactory(name="Kept", description="Kept too", price=Decimal("5.00"))
    before = Product.objects.values().get()

    response = staff_client.patch(
        f"/api/products/{product.pk}/",
        {"name": "Changed", "description": "Changed", "price": "-1.00"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["price"]
    assert Product.objects.values().get() == before


def test_a_search_with_a_null_character_is_a_400(staff_client):
    response = staff_client.get("/api/products/", {"search": "tea\x00pot"})

    assert response.status_code == 400
    assert response.json() == ["Null characters are not allowed."]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_json_404(staff_client, page):
    ProductFactory()

    response = staff_client.get("/api/products/", {"page": page})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_an_id_beyond_the_database_range_is_a_404(staff_client):
    response = staff_client.get("/api/products/99999999999999999999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No Product matches the given query."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/nope/",
        "/api/products",
        "/api/products/abc/",
        "/api/products/1/extra/",
        "/api/products/-1/",
        "/api/v2/products/",
    ],
)
def test_unknown_api_paths_answer_a_json_404_to_any_method(api_client, path):
    ProductFactory(pk=1)

    methods = ("get", "post", "put", "patch", "delete", "options")

    answers = {
        method: getattr(api_client, method)(path, {"name": "x"}, format="json")
        for method in methods
    }

    assert {method: (answer.status_code, answer.json()) for method, answer in answers.items()} == (
        dict.fromkeys(methods, (404, {"detail": "Not found."}))
    )
    assert Product.objects.count() == 1


def test_unknown_api_paths_answer_json_with_debug_on_too(api_client, settings):
    settings.DEBUG = True

    response = api_client.post("/api/products", {"name": "x"}, format="json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
