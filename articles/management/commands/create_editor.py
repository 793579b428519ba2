"""`manage.py create_editor`: an editor account for the back office, with a fresh password printed."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

EDITORS_GROUP = "Editors"
# Editors look at everything ingested and correct outlets; they do not delete articles.
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


@transaction.atomic
def ensure_editors_group():
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR_PERMISSIONS)
    )
    return group


class Command(BaseCommand):
    help = "Create (or reset the password of) an editor who can sign in to the back office."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", help="Default: a new random password, printed.")

    def handle(self, *args, username, password, **options):
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            user, created = get_user_model().objects.get_or_create(username=username)
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(ensure_editors_group())
        verb = "Created" if created else "Reset the password of"
        self.stdout.write(f"{verb} editor '{username}' with password: {password}")
