"""Editors move a dispute through its statuses; deciding needs a written decision and is kept in history.

Nothing here touches a score or a label: an upheld dispute points the editor to the override forms."""

from django.db import transaction
from django.utils import timezone

from reliability.disputes.models import (
    DECIDED,
    DECISION_MAX,
    RECEIVED,
    REJECTED,
    STATUSES,
    UNDER_REVIEW,
    UPHELD,
    Dispute,
    DisputeEvent,
)

# A decided dispute can be reopened for review (new evidence), never sent back to "received".
NEXT = {
    RECEIVED: [UNDER_REVIEW, UPHELD, REJECTED],
    UNDER_REVIEW: [UPHELD, REJECTED],
    UPHELD: [UNDER_REVIEW],
    REJECTED: [UNDER_REVIEW],
}


class Invalid(Exception):
    pass


class Conflict(Exception):
    pass


def change_status(dispute, status, note, editor, seen=None):
    """Move `dispute` to `status`; `seen` is the status the editor's page showed, to catch a colleague's
    change in between. Returns the DisputeEvent written."""
    note = (note or "").strip()
    if status not in dict(STATUSES):
        raise Invalid(f"Unknown status {status!r}.")
    if status in DECIDED and not note:
        raise Invalid("Write the decision: upholding or rejecting a dispute needs a written reason.")
    if len(note) > DECISION_MAX:
        raise Invalid(f"The decision is {len(note)} characters long; at most {DECISION_MAX} are kept.")
    with transaction.atomic():
        current = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if seen and seen != current.status:
            raise Conflict(
                f"Another editor changed this dispute to {current.get_status_display()!r} meanwhile; "
                "look again before changing it."
            )
        if status not in NEXT[current.status]:
            raise Invalid(
                f"A dispute that is {current.get_status_display().lower()} cannot become "
                f"{dict(STATUSES)[status].lower()}."
            )
        event = DisputeEvent.objects.create(
            dispute=current, old_status=current.status, new_status=status, note=note, editor=editor
        )
        current.status = status
        if status in DECIDED:
            current.decision, current.decided_by, current.decided_at = note, editor, timezone.now()
        else:
            # Reopened: the old decision stays in the history, not on the public log.
            current.decision, current.decided_by, current.decided_at = "", None, None
        current.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    dispute.refresh_from_db()
    return event


def allowed_next(dispute):
    return [(value, name) for value, name in STATUSES if value in NEXT[dispute.status]]
