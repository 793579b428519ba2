"""A dispute of an outlet's score or a claim's label, and every change of its status."""

from django.db import models
from django.db.models import Q

RECEIVED, UNDER_REVIEW, UPHELD, REJECTED = "received", "under_review", "upheld", "rejected"
STATUSES = [
    (RECEIVED, "Received"),
    (UNDER_REVIEW, "Under review"),
    (UPHELD, "Upheld"),
    (REJECTED, "Rejected"),
]
OPEN = [RECEIVED, UNDER_REVIEW]
DECIDED = [UPHELD, REJECTED]

# Length limits, shared by the public form and the database so neither accepts what the other refuses.
TEXT_MAX = 4000
CORRECTION_MAX = 2000
NAME_MAX = 200
DECISION_MAX = 4000


class Dispute(models.Model):
    """What a publisher (or anyone) says is wrong. It never changes a score by itself: an editor who
    upholds it makes an override on the outlet or article page."""

    outlet = models.ForeignKey("articles.Outlet", on_delete=models.CASCADE, related_name="disputes")
    claim = models.ForeignKey(
        "articles.Sentence",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        help_text="Empty when the outlet's score as a whole is disputed.",
    )
    what_is_wrong = models.CharField(max_length=TEXT_MAX)
    requested_correction = models.CharField(max_length=CORRECTION_MAX)
    contact_name = models.CharField(max_length=NAME_MAX)
    contact_email = models.EmailField()
    status = models.CharField(max_length=12, choices=STATUSES, default=RECEIVED)
    decision = models.CharField(max_length=DECISION_MAX, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="disputes_decided"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["outlet", "status"], name="dispute_outlet_status"),
            models.Index(fields=["contact_email", "status"], name="dispute_contact_status"),
        ]
        constraints = [
            # A decided dispute always says why, and who decided it when.
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED)
                | (~Q(decision="") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="dispute_decision_written",
            ),
        ]

    def __str__(self):
        return f"Dispute #{self.pk} on {self.outlet} ({self.get_status_display()})"

    @property
    def subject(self):
        return "a claim's label" if self.claim_id else "the outlet's score"

    @property
    def is_decided(self):
        return self.status in DECIDED


class DisputeEvent(models.Model):
    """One status change, kept for good: the history an editor or a publisher can retrace."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField(max_length=12, choices=STATUSES)
    new_status = models.CharField(max_length=12, choices=STATUSES)
    note = models.CharField(max_length=DECISION_MAX, blank=True)
    editor = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="dispute_events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.dispute_id}: {self.old_status} → {self.new_status} by {self.editor}"
