import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_new_users_are_clients_by_default():
    user = User.objects.create_user(username="ada", password="pw-Long-enough-1")

    assert user.role == User.Role.CLIENT
    assert user.check_password("pw-Long-enough-1")
    assert not user.is_staff


def test_create_user_accepts_a_role():
    user = User.objects.create_user(username="grace", password="x", role=User.Role.STAFF)

    assert User.objects.get(pk=user.pk).role == "staff"


def test_roles_are_admin_staff_and_client():
    assert [value for value, _ in User.Role.choices] == ["admin", "staff", "client"]


def test_admin_lists_and_filters_users_by_role(client):
    superuser = User.objects.create_superuser(username="root", password="pw", email="r@x.io")
    staffer = User.objects.create_user(username="staffer", password="x", role="staff")
    client.force_login(superuser)

    response = client.get("/admin/users/user/", {"role__exact": "staff"})

    assert response.status_code == 200
    body = response.content.decode()
    assert f"/admin/users/user/{staffer.pk}/change/" in body
    assert f"/admin/users/user/{superuser.pk}/change/" not in body
    assert "By role" in body


def test_admin_edit_page_shows_the_role_field(client):
    superuser = User.objects.create_superuser(username="root", password="pw", email="r@x.io")
    client.force_login(superuser)

    response = client.get(f"/admin/users/user/{superuser.pk}/change/")

    assert response.status_code == 200
    assert 'name="role"' in response.content.decode()
