"""Webhook subscriptions in the back office, with each one's deliveries and their attempts (read-only)."""

from django.contrib import admin
from django.db import models

from reliability.signals_out.models import Attempt, Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "threshold", "active", "created_by", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["created_by", "created_at"]
    # A receiver URL typed without a scheme is taken as https (Django 6's default), never plain http.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["number", "attempted_at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, and how each attempt went. Written only by the sender."""

    list_display = ["created_at", "subscription", "outlet", "status", "next_attempt_at"]
    list_filter = ["status", "subscription"]
    readonly_fields = [
        "subscription",
        "outlet",
        "snapshot",
        "previous",
        "body",
        "status",
        "next_attempt_at",
        "created_at",
    ]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
