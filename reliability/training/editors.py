"""Editors' corrections as training sentences: every reviewed sentence, as editors see it now, with who
labelled it, when, and where it comes from."""

from dataclasses import dataclass
from datetime import datetime

from articles.models import Sentence
from reliability.analysis.vocabulary import CHECK_WORTHY, NON_FACTUAL
from reliability.models import LabelOverride, SentenceAnalysis
from reliability.overrides import apply
from reliability.training.dataset import Example


@dataclass(frozen=True, kw_only=True)  # after Example's fields, the last of which has a default
class EditorExample(Example):
    """A training sentence an editor labelled, with its provenance (the latest change to it)."""

    sentence_id: int
    article_id: int
    outlet: str
    editor: str
    labelled_at: datetime


def editor_examples():
    """One example per sentence an editor changed or accepted, oldest decision first.

    The values are those editors see (reliability/overrides.py `apply`: the newest change of each field
    wins, so an undo restores the value before), with two readings of our own:
    - accepting a label is a label decision: the label accepted is the label learnt, whatever a later
      model says about the sentence;
    - a sentence that is not a claim is labelled `none` with no spans, and `non_factual`: editors say
      whether a sentence is a check-worthy claim, not which of the other two classes it is.
    A sentence whose newest change is an undo that left it exactly as the model had it is no decision
    of anyone's any more, and is left out.
    """
    by_sentence = {}
    for override in LabelOverride.objects.select_related("editor").order_by("-created_at", "-pk"):
        by_sentence.setdefault(override.sentence_id, []).append(override)
    if not by_sentence:
        return []
    sentences = Sentence.objects.filter(pk__in=by_sentence).select_related("article__outlet")
    rows = _latest_rows(by_sentence)
    contexts = _previous_sentences(sentences)
    examples = []
    for sentence in sentences:
        overrides, row = by_sentence[sentence.pk], rows.get(sentence.pk)
        shown = _shown(row)
        label, claim, source, cue, _ = apply(*shown, [_as_label(override) for override in overrides])
        newest = overrides[0]
        if newest.reason.startswith("Undo:") and (label, claim, source, cue) == shown:
            continue
        if not claim:
            label = "none"
        examples.append(
            EditorExample(
                id=f"editor-{sentence.pk}",
                context=contexts.get((sentence.article_id, sentence.order - 1), ""),
                text=sentence.text,
                claim_class=CHECK_WORTHY if claim else NON_FACTUAL,
                label=label,
                source=_within(source, sentence) if label != "none" else None,
                cue=_within(cue, sentence) if label != "none" else None,
                sentence_id=sentence.pk,
                article_id=sentence.article_id,
                outlet=sentence.article.outlet.name,
                editor=newest.editor.get_username(),
                labelled_at=newest.created_at,
            )
        )
    return sorted(examples, key=lambda example: (example.labelled_at, example.sentence_id))


def _as_label(override):
    """An acceptance read as a label change to the label accepted (apply skips acceptances)."""
    if override.field != LabelOverride.ACCEPT:
        return override
    return LabelOverride(field=LabelOverride.LABEL, new_value=override.new_value)


def _shown(row):
    """(label, claim flag, source span, cue span) of the model's latest analysis, as overrides.view
    starts."""
    if row is None:
        return "none", False, None, None
    source = (row.source_start, row.source_end) if row.source_start is not None else None
    cue = (row.cue_start, row.cue_end) if row.cue_start is not None else None
    return row.label, row.is_claim, source, cue


def _latest_rows(by_sentence):
    latest = {}
    for row in SentenceAnalysis.objects.filter(sentence_id__in=by_sentence).order_by(
        "analysis__created_at", "analysis_id"
    ):
        latest[row.sentence_id] = row
    return latest


def _previous_sentences(sentences):
    """{(article id, order): text} of the sentence before each; the rules read it as context."""
    wanted = {(sentence.article_id, sentence.order - 1) for sentence in sentences}
    found = Sentence.objects.filter(
        article_id__in={article for article, _ in wanted}, order__in={order for _, order in wanted}
    ).values_list("article_id", "order", "text")
    return {(article, order): text for article, order, text in found if (article, order) in wanted}


def _within(span, sentence):
    """Offsets into the body made offsets into the sentence's text, as training examples keep them."""
    if span is None:
        return None
    return span[0] - sentence.start, span[1] - sentence.start
