"""`manage.py create_editor`: the password must pass the password validators and the username Django's
username rules; a refusal says why and creates nobody."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def create(**options):
    call_command("create_editor", stdout=None, **options)


@pytest.mark.parametrize(
    "password, reason",
    [
        ("1", "This password is too short"),
        ("12345678901", "This password is entirely numeric"),
        ("password123", "This password is too common"),
        ("harbourmaster1", "The password is too similar to the username"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password, reason):
    with pytest.raises(CommandError, match=reason):
        create(username="harbourmaster", password=password)
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("username", ["bad name", "semi;colon", "x" * 151, ""])
def test_a_username_django_would_not_accept_is_refused(username):
    with pytest.raises(CommandError, match="username"):
        create(username=username, password="a-long-editor-password")
    assert not get_user_model().objects.exists()


def test_resetting_a_password_to_a_weak_one_keeps_the_old_one(editor):
    with pytest.raises(CommandError, match="too short"):
        create(username=editor.username, password="short")
    editor.refresh_from_db()
    assert editor.check_password("a-long-editor-password")


def test_a_good_password_or_the_generated_one_is_accepted():
    create(username="edna.o-neil@desk", password="a-long-editor-password")
    create(username="gen")
    assert get_user_model().objects.get(username="edna.o-neil@desk").check_password("a-long-editor-password")
    assert get_user_model().objects.filter(username="gen").exists()
