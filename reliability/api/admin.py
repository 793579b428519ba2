"""Back office for the API: dashboard tokens (issued here, the key shown once, revoked, never deleted) and
the data stamps behind Last-Modified, read-only."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from reliability.admin import ReadOnlyAdmin
from reliability.api.models import DashboardToken, DataStamp


class ActiveFilter(admin.SimpleListFilter):
    title = "active"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No, revoked")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(revoked_at__isnull=self.value() == "yes")
        return queryset


@admin.register(DashboardToken)
class DashboardTokenAdmin(admin.ModelAdmin):
    """A new token needs only a name; its key is made on save and shown once, since only its hash is kept."""

    list_display = ["name", "prefix", "created_by", "created_at", "last_used_at", "active"]
    list_filter = [ActiveFilter, "created_by"]
    list_select_related = ["created_by"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]

    record = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return ["name"] if obj is None else ["name", *self.record]

    def get_readonly_fields(self, request, obj=None):
        # Revoking is the action's job, and is never undone here.
        return [] if obj is None else self.record

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, so the record says who had access and when

    @admin.display(description="active", boolean=True, ordering="revoked_at")
    def active(self, token):
        return token.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = DashboardToken.issue(obj.name, created_by=request.user)
        obj.pk = token.pk  # the admin goes on with obj (history, redirect): make it the issued token
        obj.refresh_from_db()
        example = request.build_absolute_uri(reverse("outlets-list"))
        self.message_user(
            request,
            format_html(
                "The key of “{}” is <code>{}</code>. Copy it now: it will not be shown again (only its "
                'hash is kept). Use it as: <code>curl -H "Authorization: Token {}" {}</code>',
                token.name,
                key,
                key,
                example,
            ),
            messages.WARNING,
        )

    @admin.action(description="Revoke selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token.revoke()
        self.message_user(
            request, f"Revoked {len(tokens)} token(s); they no longer work and are kept for the record."
        )


@admin.register(DataStamp)
class DataStampAdmin(ReadOnlyAdmin):
    """Bookkeeping the API keeps for itself: look, never touch."""

    list_display = ["resource", "changed_at", "fingerprint"]
    search_fields = ["resource"]
