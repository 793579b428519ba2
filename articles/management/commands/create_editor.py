"""`manage.py create_editor`: an editor (with --role chief an editor-in-chief, with --role viewer a read-only
account), password printed."""

import secrets

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS_GROUP = "Editors"
CHIEFS_GROUP = "Editors-in-chief"
VIEWERS_GROUP = "Viewers"
# Viewers read the review pages and the back office; they change nothing.
VIEWER_PERMISSIONS = {
    "articles": ["view_outlet", "view_article", "view_sentence"],
    "reliability": [
        "view_outletscore",
        "view_story",
        "view_claimlink",
        "view_sentenceanalysis",
        "view_articleanalysis",
        "view_labeloverride",
        "view_scoreoverride",
        "view_modelversion",
        "view_editorialsettings",
    ],
}
# Editors look at everything ingested, correct outlets, labels and scores; they do not delete articles.
EDITOR_PERMISSIONS = [
    "view_outlet",
    "add_outlet",
    "change_outlet",
    "view_outletdomain",
    "add_outletdomain",
    "change_outletdomain",
    "delete_outletdomain",
    "view_article",
    "change_article",
    "view_sentence",
]


EDITOR_RELIABILITY_PERMISSIONS = [
    *VIEWER_PERMISSIONS["reliability"],
    "add_labeloverride",
    "add_scoreoverride",
    "change_story",
    "view_storyarticle",
    "view_articletally",
    "add_editorialsettings",
    "change_modelversion",  # retrain, promote and restore models (the model page, the admin)
]
# Editors issue dashboard tokens in the back office and revoke them (a change); viewers get none.
EDITOR_API_PERMISSIONS = ["view_dashboardtoken", "add_dashboardtoken", "change_dashboardtoken"]
# Editors give blind labels in double review; editors-in-chief (also editors) require it and decide
# where the two editors disagree.
EDITOR_DOUBLE_REVIEW_PERMISSIONS = ["view_doublereview", "add_blindlabel"]
CHIEF_PERMISSIONS = {"doublereview": ["add_doublereview", "adjudicate_doublereview"]}


def _permissions(by_app):
    found = Permission.objects.none()
    for app, codenames in by_app.items():
        found |= Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
    return found


@transaction.atomic
def ensure_editors_group():
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        _permissions(
            {
                "articles": EDITOR_PERMISSIONS,
                "reliability": EDITOR_RELIABILITY_PERMISSIONS,
                "api": EDITOR_API_PERMISSIONS,
                "doublereview": EDITOR_DOUBLE_REVIEW_PERMISSIONS,
            }
        )
    )
    return group


@transaction.atomic
def ensure_chiefs_group():
    group, _ = Group.objects.get_or_create(name=CHIEFS_GROUP)
    group.permissions.set(_permissions(CHIEF_PERMISSIONS))
    return group


@transaction.atomic
def ensure_viewers_group():
    group, _ = Group.objects.get_or_create(name=VIEWERS_GROUP)
    group.permissions.set(_permissions(VIEWER_PERMISSIONS))
    return group


class Command(BaseCommand):
    help = "Create (or reset the password of) an editor, or a read-only viewer, who can sign in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", help="Default: a new random password, printed.")
        parser.add_argument("--role", choices=["editor", "chief", "viewer"], default="editor")

    def handle(self, *args, username, password, role, **options):
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            user = get_user_model().objects.filter(username=username).first()
            created = user is None
            if created:
                user = get_user_model()(username=username)
            _validate(user, password)
            user.is_staff = True
            user.set_password(password)
            user.save()
            if role == "viewer":
                user.groups.add(ensure_viewers_group())
            else:
                user.groups.add(ensure_editors_group())
            if role == "chief":  # an editor-in-chief is an editor too
                user.groups.add(ensure_chiefs_group())
        verb = "Created" if created else "Reset the password of"
        self.stdout.write(f"{verb} {role} '{username}' with password: {password}")


def _validate(user, password):
    """The checks the admin's forms make: Django's username rules, then AUTH_PASSWORD_VALIDATORS (some
    compare the password with the username, so the user comes along)."""
    try:
        user.clean_fields(exclude=[field.name for field in user._meta.fields if field.name != "username"])
    except ValidationError as error:
        raise CommandError(f"Refused username {user.username!r}: {' '.join(error.messages)}") from error
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise CommandError(f"Refused password: {' '.join(error.messages)}") from error
