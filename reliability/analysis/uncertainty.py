"""How much an editor's label on a sentence would teach the model: 0 (it is sure) to 1 (a coin toss).

The review queue asks about the highest first (uncertainty sampling). The choice, from what an analysis
stores (label probabilities, claim score, confidence):

- **Label**: the margin between the model's two likeliest labels, 1 - (p1 - p2). Margin rather than
  entropy because the editor answers one question, "which of these two?", and the queue can say so;
  probability spread over the unlikely labels (which entropy counts) does not make that question harder.
- **Claim flag**: 1 - |2 * claim_score - 1|, 1 when the claim score sits on the 0.5 threshold.
- A sentence is worth asking about when either decision is a coin toss, so the two combine as the larger.
- **Rules only** (no model yet: no probabilities, and a claim score fixed at 0.8 or 0.2 that says
  nothing about doubt): 1 - confidence, the rules' own doubt. The queue then keeps its old order.

`decided_by` is not needed: the probabilities are the model's whether or not the rules overruled it,
and the model is what learns from the label.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from reliability.analysis.vocabulary import label_name

BATCH = 2000


def label_margin(probabilities):
    """1 - (p1 - p2) over the label probabilities; 0 when there is only one label."""
    best, second = [*sorted(probabilities.values(), reverse=True), 0.0, 0.0][:2]
    return 1 - (best - second)


def claim_doubt(claim_score):
    return 1 - abs(2 * claim_score - 1)


def score(row):
    """Uncertainty of anything carrying probabilities, claim_score and confidence (a Decision or a
    SentenceAnalysis), rounded so that the queue's keyset cursor round-trips exactly."""
    if not row.probabilities:
        return round(_clamp(1 - row.confidence), 4)
    return round(_clamp(max(label_margin(row.probabilities), claim_doubt(row.claim_score))), 4)


def why(row):
    """Why the queue asks about this sentence, in an editor's words."""
    if not row.probabilities:
        return f"No model yet: the rules are {row.confidence:.0%} sure of {_words(row.label)}."
    if claim_doubt(row.claim_score) > label_margin(row.probabilities):
        return f"The model is unsure this is a claim at all (claim score {row.claim_score:.0%})."
    (first, p1), (second, p2) = sorted(row.probabilities.items(), key=lambda item: (-item[1], item[0]))[:2]
    return f"The model is unsure between {_words(first)} ({p1:.0%}) and {_words(second)} ({p2:.0%})."


def fill(model, batch=BATCH, using=DEFAULT_DB_ALIAS):
    """Set `uncertainty` on every row of `model` (SentenceAnalysis, or its historical version in a
    migration) from what the row stores, a batch at a time by primary key; returns how many."""
    connection = connections[using]
    table, column, pk = (
        connection.ops.quote_name(name)
        for name in (model._meta.db_table, "uncertainty", model._meta.pk.column)
    )
    # One prepared UPDATE per row, sent as a batch: bulk_update() builds a CASE expression per row
    # in Python, which made this several times slower at 100,000 rows.
    update = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"
    fields = ["pk", "probabilities", "claim_score", "confidence"]
    last, total = 0, 0
    while rows := list(model.objects.using(using).filter(pk__gt=last).order_by("pk").only(*fields)[:batch]):
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.executemany(update, [(score(row), row.pk) for row in rows])
        last, total = rows[-1].pk, total + len(rows)
    return total


def _clamp(value):
    return min(1.0, max(0.0, value))


def _words(label):
    return label_name(label)
