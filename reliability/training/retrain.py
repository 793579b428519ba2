"""Retraining from editors' labels: a candidate model, measured beside the current one, saved unpromoted.

How the comparison stays honest:
- **Editors' held-out slice.** A fixed quarter of editors' labelled sentences is never trained on: the
  sentences whose id hashes into the lowest EDITORS_HELD_OUT of the range. A hash, not a stratified
  draw, because the slice must stay the same as editors add labels: a sentence held out today was held
  out when the current model was trained, so the current model has never seen it either (a stratified
  draw reshuffles with every new label and would test the current model on what it learnt from).
- **Shipped slice.** A fixed fifth of the team's training sentences (by the same kind of hash of their
  ids) is never trained on by a retrained model, so the candidate is measured on sentences it has not
  seen. The current model is measured there too when it was trained the same way (its card says so).
  A model from `train_model` was trained on every shipped sentence, slice included, and its figure
  there would flatter it; in its place stands the same recipe refitted without the slice (the shipped
  sentences alone, no editors' labels, which is what train_model trains on), and the figures say so.
- Both are measured as the app uses them: the model's probabilities and the rules through
  reliability/analysis/combine.py, as train_model measures "combined".
- The candidate saved is exactly the model measured (trained without either slice): what editors
  compare is what they promote.

"Wins on both": a higher label macro-F1 on the editors' held-out slice, and not a lower one on the
shipped slice. With EditorialSettings.auto_promote the candidate that wins is promoted at once.
"""

import hashlib
import json
from datetime import UTC, datetime
from importlib.metadata import version as package_version

import numpy as np
from django.db import transaction
from sklearn.metrics import confusion_matrix, f1_score

from reliability.analysis import fitting
from reliability.analysis import model as saved_models
from reliability.analysis.combine import combine, rules_only
from reliability.analysis.vocabulary import LABELS
from reliability.models import ModelVersion
from reliability.training.dataset import fingerprint, load_examples
from reliability.training.editors import EditorExample, editor_examples
from reliability.training.evaluate import per_label, prepare

EDITORS_HELD_OUT = 0.25
SHIPPED_HELD_OUT = 0.2
# Written into each retrained model's card: the slices it never saw. A current model whose card has
# the same rule is measured on the shipped slice itself; any other is replaced there by a stand-in.
HELD_OUT_RULE = f"sha256(id) below {SHIPPED_HELD_OUT} (shipped), {EDITORS_HELD_OUT} (editors)"
CURVE_FRACTIONS = (0, 0.25, 0.5, 0.75, 1)
# The steps compare() reports at most: the rules' pass, a fit per point of the curve, the measuring.
STEPS = len(CURVE_FRACTIONS) + 2


def held_out(example_id, fraction):
    """Whether this example belongs to the fixed held-out slice of that size (stable across runs)."""
    digest = hashlib.sha256(str(example_id).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split(examples, fraction):
    """(trained on, held out)."""
    train, test = [], []
    for example in examples:
        (test if held_out(example.id, fraction) else train).append(example)
    return train, test


def predictions(model, prepared):
    """(claim flags, labels) of the combined system; the rules alone when there is no model."""
    if model is None:
        decisions = [
            rules_only(text, finding) for text, finding in zip(prepared.texts, prepared.findings, strict=True)
        ]
    else:
        decisions = [
            combine(text, finding, claim, labels)
            for text, finding, (claim, labels) in zip(
                prepared.texts, prepared.findings, model.predict(prepared.rows), strict=True
            )
        ]
    return [d.is_claim for d in decisions], [d.label for d in decisions]


def measure(model, prepared):
    """Label macro-F1 and accuracy, claim F1, per-label figures and the confusion matrix (rows: true
    label, columns: predicted, in LABELS order); None for an empty test set."""
    if not prepared.rows:
        return None
    claims, labels = predictions(model, prepared)
    # Averaged over the labels in the answers or the predictions (scikit-learn's default): a handful of
    # editors' labels rarely covers all seven, and a label nobody gave nor predicted is no failure.
    present = [label for label in LABELS if label in set(labels) | set(prepared.labels)]
    return {
        "count": len(prepared.rows),
        "label_macro_f1": round(
            float(f1_score(prepared.labels, labels, labels=present, average="macro", zero_division=0)), 4
        ),
        "label_accuracy": round(float(np.mean(np.array(labels) == prepared.labels)), 4),
        "claim_f1": round(float(f1_score(prepared.claims, claims, zero_division=0)), 4),
        "per_label": per_label(prepared.labels, labels),
        "confusion": confusion_matrix(prepared.labels, labels, labels=list(LABELS)).tolist(),
    }


def _fit(prepared_parts):
    prepared_parts = [part for part in prepared_parts if part.rows]  # an empty part's arrays are float
    rows = [row for part in prepared_parts for row in part.rows]
    classes = np.concatenate([part.classes for part in prepared_parts])
    labels = np.concatenate([part.labels for part in prepared_parts])
    return fitting.fit(rows, classes, labels)


def _slice(prepared, count):
    """The first `count` examples of a prepared set."""
    return type(prepared)(
        prepared.rows[:count],
        prepared.findings[:count],
        prepared.texts[:count],
        prepared.classes[:count],
        prepared.labels[:count],
    )


def wins(evaluation):
    candidate, current = evaluation["candidate"], evaluation["current"]
    if candidate["editors"] is None or current["editors"] is None:
        return False  # nothing to judge the editors' side on yet
    shipped_kept = (
        candidate["shipped"] is None
        or candidate["shipped"]["label_macro_f1"] >= current["shipped"]["label_macro_f1"]
    )
    return candidate["editors"]["label_macro_f1"] > current["editors"]["label_macro_f1"] and shipped_kept


def compare(current, shipped=None, editors=None, curve=True, progress=None):
    """Train a candidate and measure it beside `current` (a Model, or None for the rules alone).

    Returns (candidate model, evaluation dict, the examples it was trained on).
    shipped defaults to the team's data files; editors to every editor's labels. The learning curve
    (macro-F1 on the editors' slice after 0, ¼, ½, ¾ and all of the editors' training labels, taken in
    the order editors gave them) needs a fit per point; curve=False fits only the ends.
    """
    step = progress or (lambda message: None)
    shipped = load_examples() if shipped is None else shipped
    editors = editor_examples() if editors is None else editors
    shipped_train, shipped_test = split(shipped, SHIPPED_HELD_OUT)
    editors_train, editors_test = split(editors, EDITORS_HELD_OUT)
    step("running the rules over the training sentences")
    base, learnt = prepare(shipped_train), prepare(editors_train)
    tests = {"editors": prepare(editors_test), "shipped": prepare(shipped_test)}
    fractions = CURVE_FRACTIONS if curve else (0, 1)
    points, fitted = [], {}
    for fraction in fractions:
        count = round(len(editors_train) * fraction)
        if count in fitted:
            continue  # a point already measured (few editors' labels)
        step(f"training on the shipped sentences and {count} editors' labels")
        model = fitted[count] = _fit([base, _slice(learnt, count)])
        editors_figures = measure(model, tests["editors"])
        points.append(
            {
                "editor_labels": count,
                "editors_f1": editors_figures and editors_figures["label_macro_f1"],
                "shipped_f1": measure(model, tests["shipped"])["label_macro_f1"] if shipped_test else None,
            }
        )
    candidate = fitted[len(editors_train)]
    step("measuring the candidate and the current model")
    same_slices = current is not None and current.card.get("held_out") == HELD_OUT_RULE
    evaluation = {
        "against": current.version if current is not None else "rules only",
        "held_out": HELD_OUT_RULE,
        "sizes": {
            "shipped": len(shipped),
            "shipped_held_out": len(shipped_test),
            "editors": len(editors),
            "editors_held_out": len(editors_test),
            "trained_on": len(shipped_train) + len(editors_train),
        },
        "candidate": {name: measure(candidate, test) for name, test in tests.items()},
        "current": {
            "editors": measure(current, tests["editors"]),
            # A stand-in where the current model saw the slice (see the module's docstring).
            "shipped": measure(current if same_slices or current is None else fitted[0], tests["shipped"]),
            "shipped_stand_in": not same_slices and current is not None,
        },
        "curve": points,
    }
    evaluation["wins"] = wins(evaluation)
    return candidate, evaluation, shipped_train + editors_train


def data_hash(examples):
    """sha256 of the shipped files and the editors' labels the candidate learnt from."""
    digest = hashlib.sha256(fingerprint().encode())
    for example in examples:
        digest.update(
            json.dumps([example.id, example.context, example.text, example.claim, example.label]).encode()
        )
    return digest.hexdigest()


def save_candidate(model, evaluation, trained_on, user=None, job_id=None):
    """Save the model file and its card (not current) and record the ModelVersion."""
    editor_count = sum(isinstance(example, EditorExample) for example in trained_on)
    card = {
        "version": saved_models.new_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_examples": len(trained_on),
        "editor_examples": editor_count,
        "training_data_sha256": data_hash(trained_on),
        "held_out": HELD_OUT_RULE,
        "job": job_id,
        "libraries": {name: package_version(name) for name in ("scikit-learn", "skops", "numpy", "scipy")},
    }
    saved_models.save(model, card, make_current=False)
    with transaction.atomic():
        return ModelVersion.objects.create(
            version=card["version"],
            training_examples=len(trained_on),
            data_sha256=card["training_data_sha256"],
            metrics={"held_out": {"candidate": _headline(evaluation["candidate"])}},
            card=model.card,
            editor_examples=editor_count,
            evaluation=evaluation,
            trained_by=user if user is not None and user.is_authenticated else None,
        )


def _headline(figures):
    return {name: value and value["label_macro_f1"] for name, value in figures.items()}


def retrain(user=None, shipped=None, editors=None, curve=True, progress=None, job_id=None):
    """Train, measure and save a candidate; promote it when it wins and the settings say so.

    Returns (the candidate's ModelVersion, the reanalysis Job if it was promoted, else None). Run again
    for the same job, it returns the candidate that job saved instead of training another.
    """
    from reliability.analysis.model import ModelUnavailable, load_current
    from reliability.promotion import promote
    from reliability.scoring import current_settings

    if job_id is not None:
        done = ModelVersion.objects.filter(card__job=job_id).first()
        if done is not None:
            return done, None
    try:
        current = load_current()
    except ModelUnavailable:
        current = None
    model, evaluation, trained_on = compare(current, shipped, editors, curve, progress)
    version = save_candidate(model, evaluation, trained_on, user, job_id)
    job = None
    if evaluation["wins"] and current_settings().auto_promote:
        job = promote(version, None)
    return version, job


def report(evaluation):
    """The text `manage.py retrain` prints: sizes, the two models side by side, the learning curve."""
    sizes, candidate, current = evaluation["sizes"], evaluation["candidate"], evaluation["current"]
    lines = [
        f"Shipped sentences: {sizes['shipped']} ({sizes['shipped_held_out']} held out); "
        f"editors' labels: {sizes['editors']} ({sizes['editors_held_out']} held out); "
        f"trained on {sizes['trained_on']}.",
        "",
        f"Label macro-F1 (combined system)    {'candidate':>10}{'current':>10}",
    ]
    for name, title in (("editors", "editors' held-out labels"), ("shipped", "shipped held-out slice")):
        cells = "".join(f"{_figure(figures[name]):>10}" for figures in (candidate, current))
        lines.append(f"  on {title:31}{cells}")
    lines.append(f"  (current: {evaluation['against']}")
    if current.get("shipped_stand_in"):
        lines[-1] += "; on the shipped slice, its recipe refitted without the slice"
    lines[-1] += ")"
    lines += ["", "Per-label F1 on the editors' held-out labels (candidate / current):"]
    if candidate["editors"] is None:
        lines.append("  no editors' labels held out yet")
    else:
        for label in LABELS:
            pair = [figures["editors"]["per_label"][label] for figures in (candidate, current)]
            lines.append(
                f"  {label:20}{pair[0]['f1']:>6.2f} /{pair[1]['f1']:>5.2f}  (support {pair[0]['support']})"
            )
    lines += ["", "Learning curve (macro-F1 on the editors' held-out labels):"]
    for point in evaluation["curve"]:
        lines.append(f"  {point['editor_labels']:>5} editors' labels  {_figure(point['editors_f1'])}")
    verdict = "wins on both" if evaluation["wins"] else "does not win on both"
    lines += ["", f"The candidate {verdict}."]
    return "\n".join(lines)


def _figure(value):
    if isinstance(value, dict):
        value = value["label_macro_f1"]
    return "—" if value is None else f"{value:.3f}"
