"""Editors' overrides: what a sentence or a score is now, changing it safely, and undoing.

An override is never edited or deleted. Two editors changing the same thing: the second change names
the value it replaces; if that is no longer the current value, it is refused with a Conflict that says
what the value is now and who set it.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction

from articles.models import Sentence
from reliability.models import (
    LABEL_CHOICES,
    WINDOWS,
    LabelOverride,
    OutletScore,
    ScoreOverride,
    SentenceAnalysis,
    newest_per_outlet,
)

LABELS = [label for label, _ in LABEL_CHOICES]
REASON_LENGTH = LabelOverride._meta.get_field("reason").max_length  # ScoreOverride's is the same


class Conflict(Exception):
    def __init__(self, current, by=None, at=None):
        self.current, self.by, self.at = current, by, at
        who = f" by {by} at {at:%Y-%m-%d %H:%M}" if by else ""
        super().__init__(f"Someone changed this first: it is now {current!r}{who}. Review and try again.")


class Invalid(ValueError):
    pass


@dataclass
class SentenceView:
    """A sentence as editors see it: the latest analysis with every override applied."""

    sentence: Sentence
    analysis: SentenceAnalysis | None
    label: str
    is_claim: bool
    source: tuple[int, int] | None  # offsets into the article body
    cue: tuple[int, int] | None
    reviewed: bool

    def value(self, field):
        if field == LabelOverride.LABEL:
            return self.label
        if field == LabelOverride.CLAIM:
            return "yes" if self.is_claim else "no"
        span = self.source if field == LabelOverride.SOURCE else self.cue
        return f"{span[0]}-{span[1]}" if span else ""


def apply(row_label, row_claim, row_source, row_cue, overrides):
    """The values after the overrides (newest first) of one sentence, and whether it is reviewed: a
    decision of an editor's stands on it (an undo and the change it took back leave it unreviewed)."""
    values = {
        LabelOverride.LABEL: row_label,
        LabelOverride.CLAIM: row_claim,
        LabelOverride.SOURCE: row_source,
        LabelOverride.CUE: row_cue,
    }
    undone = {override.undoes_id for override in overrides if override.undoes_id}
    reviewed, seen = False, set()
    for override in overrides:
        reviewed = reviewed or (override.undoes_id is None and override.pk not in undone)
        if override.field in seen or override.field == LabelOverride.ACCEPT:
            continue
        seen.add(override.field)
        if override.field == LabelOverride.LABEL:
            values[override.field] = override.new_value
        elif override.field == LabelOverride.CLAIM:
            values[override.field] = override.new_value == "yes"
        else:
            values[override.field] = _span(override.new_value)
    return *values.values(), reviewed


def views(sentences):
    """Each sentence as editors see it, in order: two queries however many sentences (an article page
    shows them all). The overrides are read afresh, never from a cache on the sentence, so a view made
    after a change shows it."""
    sentences = list(sentences)
    ids = [sentence.pk for sentence in sentences]
    latest, overrides = {}, {}
    rows = SentenceAnalysis.objects.filter(sentence__in=ids).select_related("analysis")
    for row in rows.order_by("-analysis__created_at", "-analysis_id"):
        latest.setdefault(row.sentence_id, row)
    for override in LabelOverride.objects.filter(sentence__in=ids):  # newest first
        overrides.setdefault(override.sentence_id, []).append(override)
    return [
        _view(sentence, latest.get(sentence.pk), overrides.get(sentence.pk, [])) for sentence in sentences
    ]


def view(sentence):
    return views([sentence])[0]


def _view(sentence, row, overrides):
    source = (row.source_start, row.source_end) if row and row.source_start is not None else None
    cue = (row.cue_start, row.cue_end) if row and row.cue_start is not None else None
    values = apply(row.label if row else "none", row.is_claim if row else False, source, cue, overrides)
    return SentenceView(sentence, row, *values)


def _span(value):
    if not value:
        return None
    start, end = value.split("-")
    return int(start), int(end)


def clean_reason(reason):
    """The reason an editor gave, stripped; Invalid if it is missing or could not be stored as given.
    The review pages and the API both check reasons here, so they refuse the same ones."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Give a reason: it is kept with the change for good.")
    if len(reason) > REASON_LENGTH:
        raise Invalid(f"Keep the reason to {REASON_LENGTH:,} characters (this one has {len(reason):,}).")
    if "\x00" in reason:  # PostgreSQL cannot store a NUL in text
        raise Invalid("The reason has a NUL character in it; type it again.")
    return reason


def validate(sentence, field, value):
    if field == LabelOverride.LABEL and value not in LABELS:
        raise Invalid(f"Choose one of: {', '.join(LABELS)}.")
    if field == LabelOverride.CLAIM and value not in ("yes", "no"):
        raise Invalid("The claim flag is yes or no.")
    if field in (LabelOverride.SOURCE, LabelOverride.CUE) and value:
        try:
            start, end = _span(value)
        except ValueError:
            raise Invalid(f"Give the {field} as start-end offsets into the article.") from None
        if not sentence.start <= start < end <= sentence.end:
            raise Invalid(f"The {field} span must lie inside the sentence.")


def selected_span(sentence, text, start=None, end=None):
    """The span ("start-end" in the article) of the words an editor selected in a sentence's text.

    The browser sends the selection's offsets into the sentence's text with the text selected, and the
    two must agree: the offsets are inside the sentence, the span is not empty, and the sentence's text
    at those offsets is the text selected (a page out of date, or a forged form, is refused). Without
    offsets (a browser without JavaScript, where the editor types the words), the words must occur
    exactly once in the sentence.
    """
    if not text or not text.strip():
        raise Invalid("Select the words in the sentence first.")
    if start in (None, "") and end in (None, ""):
        found = sentence.text.count(text)
        if found != 1:
            where = "are not in" if not found else f"occur {found} times in"
            raise Invalid(f"“{text}” {where} the sentence: select them in its text.")
        start = sentence.text.index(text)
        end = start + len(text)
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        raise Invalid("The selection's offsets are not numbers; select the words again.") from None
    if not 0 <= start < end <= len(sentence.text):
        raise Invalid("The selection must lie inside the sentence and not be empty.")
    if sentence.text[start:end] != text:
        raise Invalid("The selection does not match the sentence's text; reload the page and select again.")
    return f"{sentence.start + start}-{sentence.start + end}"


@transaction.atomic
def change_sentence(sentence, field, new_value, reason, editor, seen, undoes=None):
    """Record an editor's change; `seen` is the value the editor was looking at, `undoes` the change
    this one takes back."""
    reason = clean_reason(reason)
    validate(sentence, field, new_value)
    Sentence.objects.select_for_update().filter(pk=sentence.pk).first()  # one change at a time per sentence
    current = view(sentence)
    compared = LabelOverride.LABEL if field == LabelOverride.ACCEPT else field
    if seen is not None and current.value(compared) != seen:
        last = sentence.overrides.filter(field=compared).first()
        raise Conflict(
            current.value(compared), last.editor if last else None, last.created_at if last else None
        )
    old = current.value(compared)
    return LabelOverride.objects.create(
        sentence=sentence,
        field=field,
        old_value=old,
        new_value=old if field == LabelOverride.ACCEPT else new_value,
        reason=reason,
        editor=editor,
        undoes=undoes,
    )


@transaction.atomic
def undo(change, editor):
    """Take back one change by recording its reverse (nothing is deleted). Conflict if the value has
    changed since, whoever changed it: an undo never overwrites a later decision unseen."""
    if LabelOverride.objects.filter(undoes=change).exists():
        raise Invalid("That change has been undone already.")
    reason = f"Undo: {change.reason}"[:REASON_LENGTH]
    if change.field == LabelOverride.ACCEPT:
        return LabelOverride.objects.create(
            sentence=change.sentence,
            field=LabelOverride.ACCEPT,
            old_value=change.new_value,
            new_value=change.new_value,
            reason=reason,
            editor=editor,
            undoes=change,
        )
    return change_sentence(
        change.sentence, change.field, change.old_value, reason, editor, seen=change.new_value, undoes=change
    )


class ShownScore(NamedTuple):
    """The score on show for one outlet and window, the one rule every page, the API and the JSON-LD
    read: an editor's override if there is one (marked as such, the model's figure beside it), else the
    model's figure. A window without claims has no score: its snapshot's figure is the corpus prior
    alone, a number that says nothing about the outlet."""

    snapshot: OutletScore | None
    override: ScoreOverride | None

    @property
    def model_value(self):
        return self.snapshot.overall if self.snapshot is not None and self.snapshot.claims else None

    @property
    def value(self):
        return self.override.new_value if self.override is not None else self.model_value

    @property
    def missing(self):
        """Why there is no score to show, or "" when there is one."""
        if self.value is not None:
            return ""
        if self.snapshot is None:
            return "Not scored yet."
        return "No claims in this window, so no score."


def displayed_score(outlet, window="all"):
    """The ShownScore of one outlet in one window."""
    return displayed_scores([outlet], window)[outlet.pk]


def displayed_scores(outlets, window="all"):
    """{outlet id: its ShownScore}, in two queries however many outlets (the dashboard lists them all)."""
    latest = newest_per_outlet(OutletScore.objects.filter(outlet__in=outlets, window=window))
    overriding = newest_per_outlet(ScoreOverride.objects.filter(outlet__in=outlets, window=window))
    snapshots = {snapshot.outlet_id: snapshot for snapshot in latest}
    overrides = {override.outlet_id: override for override in overriding}
    return {outlet.pk: ShownScore(snapshots.get(outlet.pk), overrides.get(outlet.pk)) for outlet in outlets}


@transaction.atomic
def override_score(outlet, window, new_value, reason, editor, seen):
    reason = clean_reason(reason)
    try:
        new_value = float(new_value)
    except (TypeError, ValueError):
        raise Invalid("The score is a number from 0 to 100.") from None
    if not 0 <= new_value <= 100:
        raise Invalid("The score is a number from 0 to 100.")
    if window not in dict(WINDOWS):
        raise Invalid(f"Choose a window: {', '.join(dict(WINDOWS))}.")
    try:
        seen = None if seen is None else float(seen)
    except (TypeError, ValueError):
        raise Invalid("The score you saw is not a number; reload the page.") from None
    from articles.models import Outlet

    Outlet.objects.select_for_update().filter(pk=outlet.pk).first()
    shown = displayed_score(outlet, window)
    snapshot, override, current = shown.snapshot, shown.override, shown.value
    if current is None:
        raise Invalid(f"{shown.missing} There is nothing to override.")
    if seen is not None and f"{current:.1f}" != f"{seen:.1f}":
        raise Conflict(
            f"{current:.1f}", override.editor if override else None, override.created_at if override else None
        )
    return ScoreOverride.objects.create(
        outlet=outlet,
        window=window,
        based_on=snapshot,
        old_value=current,
        new_value=new_value,
        reason=reason,
        editor=editor,
    )
