"""Webhook subscriptions, the deliveries made to them when an outlet's score moves, and each attempt."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from reliability.signals_out.targets import refuse_private_target


def new_secret():
    return secrets.token_hex(32)


class Subscription(models.Model):
    """A receiver told when an outlet's all-time score moves by more than `threshold` points."""

    name = models.CharField(max_length=200)
    url = models.URLField(
        "receiver URL",
        max_length=2000,
        validators=[refuse_private_target],
        help_text="On a public address (a name that resolves to one), unless WEBHOOK_ALLOW_PRIVATE_TARGETS.",
    )
    # Kept readable, not hashed: each payload is signed with it, and the receiver holds the same one.
    secret = models.CharField(
        max_length=200, default=new_secret, help_text="Signs each payload (HMAC-SHA256)."
    )
    threshold = models.FloatField(
        "threshold in points",
        default=5.0,
        validators=[MinValueValidator(0.0)],
        help_text="A change of more than this many points (0–100 scale) is sent.",
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class Delivery(models.Model):
    """One score change to send to one subscription: the exact body signed and its outcome."""

    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    outlet = models.ForeignKey("articles.Outlet", on_delete=models.CASCADE, related_name="+")
    snapshot = models.ForeignKey("reliability.OutletScore", on_delete=models.CASCADE, related_name="+")
    previous = models.ForeignKey("reliability.OutletScore", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(help_text="The JSON sent, byte for byte what was signed.")
    status = models.CharField(
        max_length=10, choices=[(PENDING, PENDING), (DELIVERED, DELIVERED), (FAILED, FAILED)], default=PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a pending delivery may be attempted (again); empty once it is delivered or failed.
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.outlet} → {self.subscription} ({self.status})"


class Attempt(models.Model):
    """One POST of a delivery: the receiver's status code or the error, and how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    attempted_at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_number")]

    def __str__(self):
        return f"attempt {self.number}: {self.status_code or self.error}"
