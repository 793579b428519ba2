"""Dashboard tokens (read-only API keys) and the stamps that tell pollers whether anything changed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX_LENGTH = 8


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class DashboardToken(models.Model):
    """A read-only API key for one dashboard. Only its hash is stored; the key is shown once."""

    name = models.CharField(max_length=100, help_text="Who uses it, e.g. “Newsroom Metabase”.")
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, editable=False, help_text="The key's start.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        null=True, blank=True, help_text="Set to stop the token working; it is kept for the record."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, name, created_by=None):
        """A new token and its key; the key cannot be read back later."""
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name, prefix=key[:KEY_PREFIX_LENGTH], key_hash=hash_key(key), created_by=created_by
        )
        return token, key

    @classmethod
    def for_key(cls, key):
        return cls.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).first()

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class DataStamp(models.Model):
    """When the data behind an API resource was first seen in its current state (for Last-Modified)."""

    resource = models.CharField(max_length=40, unique=True)
    fingerprint = models.CharField(max_length=64)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["resource"]

    def __str__(self):
        return f"{self.resource} as of {self.changed_at:%Y-%m-%d %H:%M:%S}"
