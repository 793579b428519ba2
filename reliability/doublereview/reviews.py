"""Double review's steps: a chief requires it, two editors label blind, agreement settles it as an
override, disagreement waits for the chief's decision (applied the same way)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Outlet, Sentence
from reliability.doublereview.models import CLAIM, OUTLET, BlindLabel, DoubleReview
from reliability.models import LabelOverride
from reliability.overrides import Invalid, change_sentence, displayed_score, override_score

AGREED = "Double review: both editors agreed"


def find_target(kind, text):
    """The sentence (by number) or outlet (by slug) an editor-in-chief typed."""
    text = (text or "").strip()
    if kind == CLAIM:
        found = Sentence.objects.filter(pk=int(text)).first() if text.isdigit() and len(text) < 18 else None
    elif kind == OUTLET:
        found = Outlet.objects.filter(slug=text).first()
    else:
        raise Invalid("Choose a claim or an outlet rating.")
    if found is None:
        raise Invalid(f"No {'claim numbered' if kind == CLAIM else 'outlet with the slug'} {text!r}.")
    return found


def require(kind, target, chief):
    """Open a double review of a sentence (kind claim) or an outlet (kind outlet)."""
    if (kind, type(target)) not in ((CLAIM, Sentence), (OUTLET, Outlet)):
        raise Invalid("Choose a claim or an outlet to review twice.")
    if kind == OUTLET and displayed_score(target).value is None:
        raise Invalid("This outlet has no score to rate yet.")
    try:
        with transaction.atomic():
            return DoubleReview.objects.create(
                kind=kind, required_by=chief, **{"sentence" if kind == CLAIM else "outlet": target}
            )
    except IntegrityError:
        raise Invalid("This is already waiting for a double review.") from None


def to_label(editor):
    """Open reviews this editor may still label: not yet labelled by them."""
    return DoubleReview.objects.filter(status=DoubleReview.OPEN).exclude(labels__editor=editor)


def _check(review, value):
    if value not in dict(review.choices):
        raise Invalid(f"Choose one of: {', '.join(dict(review.choices))}.")


def described(review):
    """The claim (by its number) or the outlet a review is of, in words."""
    return f"claim {review.sentence_id}" if review.kind == CLAIM else review.outlet.name


@transaction.atomic
def record(review, editor, value):
    """Record one editor's blind label; with the second one the review is settled or goes to the chief."""
    _check(review, value)
    review = DoubleReview.objects.select_for_update().get(pk=review.pk)  # two editors at once: one after
    if review.status != DoubleReview.OPEN:
        raise Invalid("Both editors have labelled this already.")
    if review.labels.filter(editor=editor).exists():
        raise Invalid("You have labelled this already; a second editor must label it.")
    BlindLabel.objects.create(review=review, editor=editor, value=value)
    values = list(review.labels.values_list("value", flat=True))
    if len(values) < 2:
        return review
    if values[0] == values[1]:
        return _settle(review, values[0], AGREED, editor)
    review.status = DoubleReview.ADJUDICATE
    review.save(update_fields=["status"])
    return review


@transaction.atomic
def adjudicate(review, chief, value, reason):
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Give a reason: it is kept with the decision for good.")
    _check(review, value)
    review = DoubleReview.objects.select_for_update().get(pk=review.pk)
    if review.status != DoubleReview.ADJUDICATE:
        raise Invalid("Only reviews the editors disagree on are decided here.")
    return _settle(review, value, f"Double review decided: {reason}", chief)


def band_middle(band):
    low, high = (float(end) for end in band.split("-"))
    return (low + high) / 2


def _settle(review, value, reason, editor):
    """Apply the settled label through the editors' override functions, so it is audited like any other."""
    if review.kind == CLAIM:
        change_sentence(review.sentence, LabelOverride.LABEL, value, reason, editor, seen=None)
    else:
        override_score(review.outlet, "all", band_middle(value), reason, editor, seen=None)
    review.status, review.decision, review.reason = DoubleReview.SETTLED, value, reason
    review.decided_by, review.decided_at = editor, timezone.now()
    review.save()
    return review
