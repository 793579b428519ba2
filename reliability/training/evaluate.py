"""Cross-validate rules, model and their combination on the team's labelled sentences."""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from reliability.analysis.combine import combine, model_only, rules_only
from reliability.analysis.features import model_input
from reliability.analysis.model import SEED, fit
from reliability.analysis.rules import analyse_article
from reliability.analysis.vocabulary import LABELS

# "model" is the classifier on words alone; "combined" is the shipped one: words plus the rules'
# findings as features, and the policy of reliability/analysis/combine.py on top.
SYSTEMS = ("rules", "model", "combined")


@dataclass
class Prepared:
    rows: list
    findings: list
    texts: list
    claims: np.ndarray
    labels: np.ndarray


def prepare(examples):
    """Run the rules over each example (its context first, so pronouns and quotes resolve)."""
    rows, findings, texts = [], [], []
    for example in examples:
        sentences = [example.context, example.text] if example.context else [example.text]
        finding = analyse_article(sentences)[-1]
        rows.append(model_input(example.text, finding, example.context))
        findings.append(finding)
        texts.append(example.text)
    claims = np.array([example.claim for example in examples])
    labels = np.array([example.label for example in examples])
    return Prepared(rows, findings, texts, claims, labels)


def strata(prepared):
    return np.array(
        [
            label if claim else "not a claim"
            for claim, label in zip(prepared.claims, prepared.labels, strict=True)
        ]
    )


def cross_validate(prepared, folds=5, progress=None):
    """Held-out predictions of each system for every example: {system: (claims, labels)}."""
    count = len(prepared.rows)
    predicted = {system: ([None] * count, [None] * count) for system in SYSTEMS}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for fold, (train, test) in enumerate(splitter.split(prepared.rows, strata(prepared)), start=1):
        rows = [prepared.rows[i] for i in train]
        shipped = fit(rows, prepared.claims[train], prepared.labels[train])
        words_only = fit(rows, prepared.claims[train], prepared.labels[train], with_rules=False)
        held_out = [prepared.rows[i] for i in test]
        for i, (claim_probability, label_probabilities), baseline in zip(
            test, shipped.predict(held_out), words_only.predict(held_out), strict=True
        ):
            text, finding = prepared.texts[i], prepared.findings[i]
            by_rules = rules_only(text, finding)
            by_both = combine(text, finding, claim_probability, label_probabilities)
            for system, (claim, label) in (
                ("rules", (by_rules.is_claim, by_rules.label)),
                ("model", model_only(*baseline)),
                ("combined", (by_both.is_claim, by_both.label)),
            ):
                predicted[system][0][i], predicted[system][1][i] = claim, label
        if progress:
            progress(f"fold {fold} of {folds} done")
    return predicted


def summary(prepared, predicted):
    """Headline figures per system: label macro-F1, label accuracy, claim F1."""
    figures = {}
    for system in SYSTEMS:
        claims, labels = predicted[system]
        figures[system] = {
            "label_macro_f1": round(
                f1_score(prepared.labels, labels, labels=list(LABELS), average="macro"), 4
            ),
            "label_accuracy": round(float(np.mean(np.array(labels) == prepared.labels)), 4),
            "claim_f1": round(f1_score(prepared.claims, claims), 4),
        }
    return figures


def per_label(prepared, labels):
    precision, recall, f1, support = precision_recall_fscore_support(
        prepared.labels, labels, labels=list(LABELS), zero_division=0
    )
    return {
        label: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": int(s)}
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)
    }


def report(prepared, predicted):
    """The text train_model prints: the three systems side by side, per-label figures, a confusion matrix."""
    figures = summary(prepared, predicted)
    lines = [
        "",
        "Held-out figures (stratified cross-validation):",
        f"{'':18}" + "".join(f"{s:>11}" for s in SYSTEMS),
    ]
    for metric in ("label_macro_f1", "label_accuracy", "claim_f1"):
        lines.append(f"{metric:18}" + "".join(f"{figures[s][metric]:>11.3f}" for s in SYSTEMS))
    lines += [
        "",
        "Per label (precision / recall / F1):",
        f"{'label':20}{'support':>8}" + "".join(f"{s:>22}" for s in SYSTEMS),
    ]
    tables = {system: per_label(prepared, predicted[system][1]) for system in SYSTEMS}
    for label in LABELS:
        cells = "".join(
            f"{tables[s][label]['precision']:>8.2f}{tables[s][label]['recall']:>7.2f}{tables[s][label]['f1']:>7.2f}"
            for s in SYSTEMS
        )
        lines.append(f"{label:20}{tables['combined'][label]['support']:>8}{cells}")
    matrix = confusion_matrix(prepared.labels, predicted["combined"][1], labels=list(LABELS))
    short = [label[:8] for label in LABELS]
    lines += ["", "Confusion matrix of the combined system (rows: true label, columns: predicted):"]
    lines.append(f"{'':20}" + "".join(f"{name:>9}" for name in short))
    for label, row in zip(LABELS, matrix, strict=True):
        lines.append(f"{label:20}" + "".join(f"{value:>9}" for value in row))
    return "\n".join(lines), {"systems": figures, "per_label": tables["combined"]}
