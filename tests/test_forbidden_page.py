"""A refusal (403) is a page of the app, with its navigation and the reason, not a bare "403 Forbidden"."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_viewer_refused_a_change_sees_why_with_the_navigation(db):
    call_command(
        "create_editor", username="vera", password="a-long-viewer-password", role="viewer", stdout=None
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="vera"))
    response = client.post("/jobs/rescore/")
    page = response.content.decode()
    assert response.status_code == 403
    assert '<nav aria-label="Main">' in page and 'href="/queue/"' in page
    assert "Only editors may change this." in page and "a viewer: viewers read" in page
    assert 'href="/">Back to the outlets</a>' in page


def test_a_user_without_a_role_is_told_to_ask_for_one(db):
    user = get_user_model().objects.create_user("nobody", password="a-long-password-123")
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not see the review pages." in page and "with no role on the review pages yet" in page
    assert "Sign out" in page


def test_a_form_refused_by_csrf_says_so_and_changes_nothing(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()
