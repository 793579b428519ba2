"""Disputes in the back office: to look and to delete spam; statuses change on the dispute pages, where
history is kept and a decision is required."""

from django.contrib import admin

from reliability.disputes.models import Dispute, DisputeEvent


class EventInline(admin.TabularInline):
    model = DisputeEvent
    extra = 0
    can_delete = False
    readonly_fields = ["old_status", "new_status", "note", "editor", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ["pk", "outlet", "subject", "status", "contact_email", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["outlet__name", "contact_email", "contact_name"]
    inlines = [EventInline]
    readonly_fields = [field.name for field in Dispute._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
