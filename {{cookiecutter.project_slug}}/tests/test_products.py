"""The products endpoints: shape of the data, pagination, search and the model's rules."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from .factories import DEFAULT_PASSWORD, AdminFactory, ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db

Product = apps.get_model("products", "Product")


@pytest.fixture
def staff_client(api_client, staff_user):
    api_client.force_authenticate(staff_user)
    return api_client


def test_a_product_is_shown_with_its_author_and_timestamps(staff_client):
    product = ProductFactory(name="Lamp", description="Bright", price=Decimal("19.90"))

    response = staff_client.get(f"/api/products/{product.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": product.pk,
        "name": "Lamp",
        "description": "Bright",
        "price": "19.90",
        "created_by": {"id": product.created_by.pk, "username": product.created_by.username},
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert body["created_at"].startswith(str(product.created_at.date()))


def test_the_list_is_paginated_by_20_newest_first(staff_client):
    products = ProductFactory.create_batch(25)

    first = staff_client.get("/api/products/")
    second = staff_client.get(first.json()["next"])

    assert first.status_code == second.status_code == 200
    assert first.json()["count"] == 25
    assert first.json()["previous"] is None
    assert first.json()["next"] == "http://testserver/api/products/?page=2"
    assert second.json()["next"] is None
    assert second.json()["previous"] == "http://testserver/api/products/"
    newest_first = [product.pk for product in reversed(products)]
    listed = [row["id"] for row in first.json()["results"] + second.json()["results"]]
    assert listed == newest_first


def test_products_created_in_the_same_instant_keep_a_stable_order(staff_client):
    products = ProductFactory.create_batch(3)
    Product.objects.update(created_at=products[0].created_at)

    response = staff_client.get("/api/products/", {"page_size": 2})
    rest = staff_client.get("/api/products/", {"page_size": 2, "page": 2})

    listed = [row["id"] for row in response.json()["results"] + rest.json()["results"]]
    assert listed == [product.pk for product in reversed(products)]


@pytest.mark.parametrize(
    ("asked", "served"),
    [("5", 5), ("100", 100), ("101", 100), ("1000", 100), ("0", 20), ("-1", 20), ("abc", 20)],
)
def test_page_size_can_be_chosen_up_to_100(staff_client, asked, served):
    Product.objects.bulk_create(ProductFactory.build_batch(101, created_by=StaffFactory()))

    response = staff_client.get("/api/products/", {"page_size": asked})

    assert response.status_code == 200
    assert response.json()["count"] == 101
    assert len(response.json()["results"]) == served


def test_search_matches_part_of_the_name_ignoring_case(staff_client):
    lamp = ProductFactory(name="Desk Lamp")
    ProductFactory(name="Chair", description="goes well with a lamp")

    response = staff_client.get("/api/products/", {"search": "lamp"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [lamp.pk]
    assert response.json()["count"] == 1


def test_search_requires_every_word(staff_client):
    ProductFactory(name="Desk Lamp")
    both = ProductFactory(name="Green Desk Lamp")

    response = staff_client.get("/api/products/", {"search": "green lamp"})

    assert [row["id"] for row in response.json()["results"]] == [both.pk]


def test_search_uses_the_trigram_index_on_the_name():
    with connection.cursor() as cursor:
        # The table is empty: without this, reading it whole would be the cheaper plan.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # `?search=` filters with icontains on the name (DRF's SearchFilter).
        plan = Product.objects.filter(name__icontains="lamp").order_by().explain()

    assert "Bitmap Index Scan on product_name_trigram" in plan


def planned_then_added(planned, added):
    """Products the planner's statistics count (ANALYZE), then more that they miss:
    on the table's same page, so that its estimate stays `planned`."""
    author = StaffFactory()
    with connection.cursor() as cursor:
        # A new empty file for the table, without the dead rows of earlier tests, and a
        # lock that keeps autovacuum's ANALYZE off it; both undone when the test ends.
        cursor.execute("TRUNCATE products_product CASCADE")
    Product.objects.bulk_create(ProductFactory.build_batch(planned, created_by=author))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE products_product")
    Product.objects.bulk_create(ProductFactory.build_batch(added, created_by=author))


def test_up_to_the_limit_the_count_is_exact(staff_client, settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 3
    planned_then_added(2, 1)

    response = staff_client.get("/api/products/", {"page_size": 2})

    assert response.json()["count"] == 3
    assert response.json()["next"] == "http://testserver/api/products/?page=2&page_size=2"


def test_above_the_limit_the_count_is_postgresqls_estimate(staff_client, settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 3
    planned_then_added(5, 3)

    pages = [staff_client.get("/api/products/", {"page_size": 3, "page": n}) for n in (1, 3, 4)]

    assert [page.status_code for page in pages] == [200, 200, 404]
    assert pages[0].json()["count"] == 5
    # Past the estimate's last page: the pages go on while rows do, and the last
    # one counts them exactly.
    assert pages[1].json()["count"] == 8
    assert pages[1].json()["next"] is None
    assert len(pages[1].json()["results"]) == 2
    assert pages[2].json() == {"detail": "Invalid page."}


def test_rows_the_planner_misses_are_counted_up_to_the_limit(staff_client, settings):
    settings.PAGINATION_EXACT_COUNT_LIMIT = 3
    planned_then_added(2, 6)

    response = staff_client.get("/api/products/", {"page_size": 2})

    # One over the limit, the least it knows of: an estimate.
    assert response.json()["count"] == 4
    assert len(response.json()["results"]) == 2


def test_creating_records_the_requester_as_author_whatever_the_body_says(staff_client, staff_user):
    other = AdminFactory()

    response = staff_client.post(
        "/api/products/",
        {
            "name": "Kettle",
            "price": "29.99",
            "created_by": other.pk,
            "id": 12345,
            "created_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    product = Product.objects.get()
    assert response.json()["id"] == product.pk != 12345
    assert product.created_by == staff_user
    assert product.created_at.year > 2000
    assert (product.name, product.description, product.price) == ("Kettle", "", Decimal("29.99"))
    assert response.json()["created_by"] == {"id": staff_user.pk, "username": staff_user.username}


def test_updating_keeps_the_author_and_moves_updated_at(staff_client):
    product = ProductFactory(name="Old")
    author, created_at, updated_at = product.created_by, product.created_at, product.updated_at

    response = staff_client.put(
        f"/api/products/{product.pk}/",
        {"name": "New", "description": "", "price": "1.00"},
        format="json",
    )

    assert response.status_code == 200
    product.refresh_from_db()
    assert (product.name, product.price, product.created_by) == ("New", Decimal("1.00"), author)
    assert product.created_at == created_at
    assert product.updated_at > updated_at


def test_a_full_update_needs_every_required_field(staff_client):
    product = ProductFactory(name="Kept")

    response = staff_client.put(f"/api/products/{product.pk}/", {"name": "X"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"price": ["This field is required."]}
    product.refresh_from_db()
    assert product.name == "Kept"


def test_listing_costs_the_same_few_queries_however_many_products(jwt_client):
    ProductFactory.create_batch(20)
    client = jwt_client(StaffFactory())

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/products/")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20
    # The requester (JWTAuthentication), the planner's estimate (EXPLAIN), the count
    # (only where the estimate is under the limit), and one page with its authors.
    assert len(queries) == 4


def test_a_token_from_login_works_end_to_end(api_client):
    staffer = StaffFactory()
    login = api_client.post(
        "/api/login/",
        {"username": staffer.username, "password": DEFAULT_PASSWORD},
        format="json",
    )
    assert login.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access']}")

    created = api_client.post("/api/products/", {"name": "Mug", "price": "7.50"}, format="json")
    listed = api_client.get("/api/products/")

    assert created.status_code == 201
    assert Product.objects.get().created_by == staffer
    assert [row["name"] for row in listed.json()["results"]] == ["Mug"]


def test_the_database_refuses_a_price_that_is_not_positive():
    product = ProductFactory(price=Decimal("5.00"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=Decimal("0.00"))

    product.refresh_from_db()
    assert product.price == Decimal("5.00")


def test_model_validation_explains_the_price_rule():
    product = ProductFactory.build(price=Decimal("-1.00"), created_by=StaffFactory())

    with pytest.raises(ValidationError) as error:
        product.full_clean()

    assert error.value.message_dict == {
        "price": ["Ensure this value is greater than or equal to 0.01."],
    }


def test_a_product_reads_as_its_name():
    assert str(ProductFactory.build(name="Teapot")) == "Teapot"


def test_the_admin_records_who_added_a_product_and_keeps_it_on_edit(client):
    superuser = get_superuser()
    client.force_login(superuser)

    added = client.post(
        "/admin/products/product/add/", {"name": "Vase", "description": "", "price": "3.00"}
    )
    product = Product.objects.get()
    other = get_superuser("root2")
    client.force_login(other)
    changed = client.post(
        f"/admin/products/product/{product.pk}/change/",
        {"name": "Big vase", "description": "", "price": "4.00"},
    )

    assert added.status_code == changed.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price, product.created_by) == (
        "Big vase",
        Decimal("4.00"),
        superuser,
    )


def test_the_admin_lists_and_searches_products(client):
    client.force_login(get_superuser())
    ProductFactory(name="Blue teapot")
    ProductFactory(name="Red chair")

    response = client.get("/admin/products/product/", {"q": "teapot"})

    assert response.status_code == 200
    assert "Blue teapot" in response.content.decode()
    assert "Red chair" not in response.content.decode()


def get_superuser(username="root"):
    return AdminFactory(username=username, is_staff=True, is_superuser=True)
