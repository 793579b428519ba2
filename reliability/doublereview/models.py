"""A double review of one claim or one outlet rating, and the blind labels two editors give it."""

from django.db import models
from django.db.models import Q

from reliability.models import LABEL_CHOICES

CLAIM, OUTLET = "claim", "outlet"
KINDS = [(CLAIM, "claim's attribution"), (OUTLET, "outlet rating")]
# An outlet is rated in bands of its overall score; a settled band becomes a score override at its middle.
BANDS = [("0-20", "0–20"), ("20-40", "20–40"), ("40-60", "40–60"), ("60-80", "60–80"), ("80-100", "80–100")]
CHOICES = {CLAIM: LABEL_CHOICES, OUTLET: BANDS}


class DoubleReview(models.Model):
    OPEN, ADJUDICATE, SETTLED = "open", "adjudicate", "settled"
    STATUSES = [(OPEN, "waiting for labels"), (ADJUDICATE, "editors disagree"), (SETTLED, "settled")]

    kind = models.CharField(max_length=10, choices=KINDS)
    sentence = models.ForeignKey(
        "articles.Sentence", null=True, blank=True, on_delete=models.CASCADE, related_name="double_reviews"
    )
    outlet = models.ForeignKey(
        "articles.Outlet", null=True, blank=True, on_delete=models.CASCADE, related_name="double_reviews"
    )
    status = models.CharField(max_length=10, choices=STATUSES, default=OPEN)
    required_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=20, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("adjudicate_doublereview", "Can decide double reviews the editors disagree on")]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=CLAIM) & Q(sentence__isnull=False) & Q(outlet__isnull=True))
                | (Q(kind=OUTLET) & Q(outlet__isnull=False) & Q(sentence__isnull=True)),
                name="double_review_one_target",
            ),
            # One unsettled review per claim and per outlet: two would ask the editors twice.
            models.UniqueConstraint(
                fields=["sentence"], condition=~Q(status="settled"), name="one_open_review_per_sentence"
            ),
            models.UniqueConstraint(
                fields=["outlet"], condition=~Q(status="settled"), name="one_open_review_per_outlet"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target}: {self.status}"

    @property
    def target(self):
        return self.sentence if self.kind == CLAIM else self.outlet

    @property
    def choices(self):
        return CHOICES[self.kind]


class BlindLabel(models.Model):
    """One editor's label; the other editor never sees it until both are in."""

    review = models.ForeignKey(DoubleReview, on_delete=models.CASCADE, related_name="labels")
    editor = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="blind_labels")
    value = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "editor"], name="one_label_per_editor")]

    def __str__(self):
        return f"{self.review_id} {self.editor}: {self.value}"
