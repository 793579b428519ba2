"""What an editor's review session remembers, in the Django session: its changes (to undo them), the
claims it skipped (not served again) and its pace (claims decided per minute, and the time the queue
has left at that rate)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from reliability.models import LabelOverride

# Changes kept per scope, oldest first, as override ids. Kept in the session rather than read from the
# database, so an undo never takes back a change made in another tab or session.
CHANGES_KEPT = 200
SKIPS_KEPT = 500
QUEUE = "queue"
SKIPPED = "queue_skipped"
STARTED, DECIDED = "queue_started", "queue_decided"


def article_scope(article_id):
    """An article view's changes are its own: `u` there takes back what was changed in that article."""
    return f"article:{article_id}"


def _changes_key(scope):
    return f"changes:{scope}"


def remember(session, scope, change):
    key = _changes_key(scope)
    session[key] = [*session.get(key, []), change.pk][-CHANGES_KEPT:]


def forget(session, scope, change):
    key = _changes_key(scope)
    session[key] = [pk for pk in session.get(key, []) if pk != change.pk]


def changes(session, scope, editor):
    """The session's changes in this scope still standing (not undone), newest first."""
    ids = session.get(_changes_key(scope), [])
    found = LabelOverride.objects.filter(pk__in=ids, editor=editor, undone_by__isnull=True).select_related(
        "sentence"
    )
    by_id = {change.pk: change for change in found}
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def to_undo(session, scope, editor, pk=None):
    """The change to take back: the one numbered `pk` if it is this session's, else the newest."""
    standing = changes(session, scope, editor)
    if pk is None:
        return standing[0] if standing else None
    return next((change for change in standing if str(change.pk) == str(pk)), None)


def skip(session, sentence_id):
    session[SKIPPED] = [*session.get(SKIPPED, []), sentence_id][-SKIPS_KEPT:]


def skipped(session):
    return session.get(SKIPPED, [])


def start(session):
    """Start the session's clock at its first look at the queue."""
    session.setdefault(STARTED, timezone.now().isoformat())


def count(session, step=1):
    """One more claim decided (or skipped), or one fewer (`step` -1) when an undo brings one back."""
    session[DECIDED] = max(0, session.get(DECIDED, 0) + step)


@dataclass(frozen=True)
class Pace:
    decided: int
    per_minute: float | None  # None until a claim is decided
    minutes_left: float | None  # at that rate, for the claims the queue has left

    @property
    def time_left(self):
        """The time left in words: "about 12 minutes", "about 2 h 05 min"."""
        if self.minutes_left is None:
            return ""
        minutes = round(self.minutes_left)
        if minutes < 1:
            return "under a minute"
        if minutes < 60:
            return f"about {minutes} minute{'s' if minutes != 1 else ''}"
        return f"about {minutes // 60} h {minutes % 60:02d} min"


def pace_of(decided, started, now, left):
    """Claims decided per minute since `started`, and the minutes `left` claims take at that rate."""
    minutes = (now - started).total_seconds() / 60
    if not decided or minutes <= 0:
        return Pace(decided, None, None)
    per_minute = decided / minutes
    return Pace(decided, per_minute, left / per_minute)


def pace(session, left):
    started = session.get(STARTED)
    if started is None:
        return Pace(0, None, None)
    return pace_of(session.get(DECIDED, 0), datetime.fromisoformat(started), timezone.now(), left)
