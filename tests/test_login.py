"""Signing in, on the review pages and in the back office: after a few wrong passwords the username and
the address are locked out, with a page that says so, and an administrator lifts the lock."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PAGES = ["/accounts/login/", "/admin/login/"]
PASSWORD = "a-long-editor-password"  # the editor fixture's


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="a-long-superuser-password")


def sign_in(client, page, username, password, address="10.1.1.1"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client):
    return client.get("/").wsgi_request.user.get_username()


@pytest.mark.parametrize("page", PAGES)
def test_a_few_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, page, editor, superuser):
    user, password = (editor, PASSWORD) if page == PAGES[0] else (superuser, "a-long-superuser-password")
    assert [sign_in(client, page, user.username, "wrong").status_code for _ in range(3)] == [200, 200, 429]
    response = sign_in(client, page, user.username, password)
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    # From another address too: the lock is on the username, not only on where the guesses came from.
    assert sign_in(client, page, user.username, password, address="10.2.2.2").status_code == 429
    assert signed_in_as(client) == ""


@pytest.mark.parametrize("page", PAGES)
def test_one_address_guessing_many_usernames_is_locked_out(client, page, editor):
    for username in ("anna", "bob", "carl"):
        sign_in(client, page, username, "wrong")
    assert sign_in(client, page, editor.username, PASSWORD).status_code == 429
    # The same editor from another address still signs in.
    assert sign_in(client, page, editor.username, PASSWORD, address="10.2.2.2").status_code == 302


def test_the_lockout_page_says_what_happened_and_offers_a_way_on(client, editor):
    for _ in range(4):
        response = sign_in(client, "/accounts/login/", editor.username, "wrong")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed sign-ins" in page
    assert "an administrator" in page and "30 minutes" in page
    assert 'href="/"' in page and "Skip to content" in page  # the site's own page, with navigation
    assert 'href="/disputes/new/"' in page


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, editor):
    for _ in range(2):
        sign_in(client, "/accounts/login/", editor.username, "wrong")
    assert sign_in(client, "/accounts/login/", editor.username, PASSWORD).status_code == 302
    assert signed_in_as(client) == editor.username


def test_the_lock_shows_in_the_back_office_and_deleting_it_lets_the_user_in(client, admin_client, editor):
    from axes.models import AccessAttempt

    for _ in range(3):
        sign_in(client, "/accounts/login/", editor.username, "wrong")
    assert sign_in(client, "/accounts/login/", editor.username, PASSWORD).status_code == 429
    listing = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert editor.username in listing and "10.1.1.1" in listing
    attempt = AccessAttempt.objects.get(username=editor.username)
    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert sign_in(client, "/accounts/login/", editor.username, PASSWORD).status_code == 302
    assert signed_in_as(client) == editor.username
