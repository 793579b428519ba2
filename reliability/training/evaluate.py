"""Measure rules, model and their combination: cross-validated on the team's labelled sentences, and
held out on the team's labels of real articles (realset.py)."""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

from articles.cleaning import clean
from reliability.analysis.article import Failed, attempt, read_body
from reliability.analysis.combine import combine, model_only, rules_only
from reliability.analysis.features import article_style, model_input
from reliability.analysis.fitting import SEED, fit
from reliability.analysis.rules import analyse_article
from reliability.analysis.vocabulary import CHECK_WORTHY, LABELS

# "model" is the classifier on words alone; "combined" is the shipped one: words plus the rules'
# findings as features, and the policy of reliability/analysis/combine.py on top.
SYSTEMS = ("rules", "model", "combined")
METRICS = ("claim_f1", "label_macro_f1", "label_accuracy", "attribution_f1", "source_overlap")


@dataclass
class Prepared:
    rows: list
    findings: list
    texts: list
    classes: np.ndarray  # claim classes
    labels: np.ndarray

    @property
    def claims(self):
        return self.classes == CHECK_WORTHY


@dataclass(frozen=True)
class Judgement:
    """What a system (or an annotator) says of one sentence; the source span is None when unknown."""

    claim: bool
    label: str
    source: tuple[int, int] | None = None


def prepare(examples):
    """Run the rules over each example (its context first, so pronouns and quotes resolve); the style
    of the article each belongs to is read from the run of examples chained by their contexts."""
    findings, texts = [], []
    for example in examples:
        sentences = [example.context, example.text] if example.context else [example.text]
        findings.append(analyse_article(sentences)[-1])
        texts.append(example.text)
    rows = []
    for run in articles_of(examples):
        style = article_style([texts[i] for i in run], [findings[i] for i in run])
        rows += [model_input(texts[i], findings[i], examples[i].context, style) for i in run]
    classes = np.array([example.claim_class for example in examples])
    labels = np.array([example.label for example in examples])
    return Prepared(rows, findings, texts, classes, labels)


def articles_of(examples):
    """Runs of consecutive examples that make one article: each one's context is the text before it."""
    runs = []
    for index, example in enumerate(examples):
        if runs and example.context and example.context == examples[index - 1].text:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def answers(examples):
    """The annotators' judgements of the examples (team sentences or real ones), in order."""
    return [Judgement(example.claim, example.label, example.source) for example in examples]


def strata(prepared):
    return np.array(
        [
            label if claim_class == CHECK_WORTHY else claim_class
            for claim_class, label in zip(prepared.classes, prepared.labels, strict=True)
        ]
    )


def _judgements(text, finding, predicted, baseline):
    """The three systems' judgements of one sentence from the rules' finding and the two models'."""
    by_rules = rules_only(text, finding)
    by_both = combine(text, finding, *predicted)
    claim, label = model_only(*baseline)
    return {
        "rules": Judgement(by_rules.is_claim, by_rules.label, by_rules.source),
        "model": Judgement(claim, label),  # words alone point at no span
        "combined": Judgement(by_both.is_claim, by_both.label, by_both.source),
    }


def cross_validate(prepared, folds=5, progress=None):
    """Held-out judgements of each system for every example: {system: [Judgement]}."""
    count = len(prepared.rows)
    predicted = {system: [None] * count for system in SYSTEMS}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for fold, (train, test) in enumerate(splitter.split(prepared.rows, strata(prepared)), start=1):
        rows = [prepared.rows[i] for i in train]
        shipped = fit(rows, prepared.classes[train], prepared.labels[train])
        words_only = fit(rows, prepared.classes[train], prepared.labels[train], with_rules=False)
        held_out = [prepared.rows[i] for i in test]
        for i, by_model, baseline in zip(
            test, shipped.predict(held_out), words_only.predict(held_out), strict=True
        ):
            for system, judgement in _judgements(
                prepared.texts[i], prepared.findings[i], by_model, baseline
            ).items():
                predicted[system][i] = judgement
        if progress:
            progress(f"fold {fold} of {folds} done")
    return predicted


def judge_real(real, articles, shipped, words_only, warn=print):
    """Each system's judgement of each labelled real sentence, analysing its whole article as the
    product does (cleaned, split, the rules reading earlier sentences); offsets into the article's text.

    A labelled sentence is matched to the product's sentence it overlaps most; one the product dropped
    (as page furniture) is judged not a claim and not attributed."""
    by_line = defaultdict(list)
    for index, sentence in enumerate(real):
        by_line[sentence.line].append(index)
    unmatched = Judgement(False, "none")
    predicted = {system: [unmatched] * len(real) for system in SYSTEMS}
    for line in sorted(by_line):
        text = clean(articles[line])
        body = attempt(read_body, text.body)
        if isinstance(body, Failed):
            warn(f"article on line {line}: analysis failed ({body.reason}); its sentences count as missed")
            continue
        spans = [text.to_raw(start, end) for start, end in body.spans]
        by_model, baseline = shipped.predict(body.rows), words_only.predict(body.rows)
        for index in by_line[line]:
            gold = real[index]
            overlaps = [min(gold.end, end) - max(gold.start, start) for start, end in spans]
            if not overlaps or max(overlaps) <= 0:
                continue
            k = overlaps.index(max(overlaps))
            offset = body.spans[k][0]
            for system, judgement in _judgements(
                body.texts[k], body.findings[k], by_model[k], baseline[k]
            ).items():
                source = judgement.source and text.to_raw(
                    offset + judgement.source[0], offset + judgement.source[1]
                )
                predicted[system][index] = Judgement(judgement.claim, judgement.label, source)
    return predicted


def figures(gold, judgements, with_spans=True):
    """Headline figures of one system's judgements against the annotators':
    - claim F1: check-worthy claims found;
    - label macro-F1 and accuracy over the seven labels;
    - attribution F1: attributed (any label but none) or not;
    - source overlap: of the sentences both call attributed where the annotator marked a source, the
      share whose source span overlaps the annotator's (None for a system that points at no span)."""
    claims = [g.claim for g in gold], [j.claim for j in judgements]
    labels = [g.label for g in gold], [j.label for j in judgements]
    attributed = [g != "none" for g in labels[0]], [j != "none" for j in labels[1]]
    both = [
        (g.source, j.source)
        for g, j in zip(gold, judgements, strict=True)
        if g.source and g.label != "none" and j.label != "none"
    ]
    overlapping = sum(bool(j and j[0] < g[1] and g[0] < j[1]) for g, j in both)
    return {
        "claim_f1": round(float(f1_score(*claims, zero_division=0)), 4),
        "label_macro_f1": round(
            float(f1_score(*labels, labels=list(LABELS), average="macro", zero_division=0)), 4
        ),
        "label_accuracy": round(float(np.mean(np.array(labels[0]) == np.array(labels[1]))), 4),
        "attribution_f1": round(float(f1_score(*attributed, zero_division=0)), 4),
        "source_overlap": round(overlapping / len(both), 4) if with_spans and both else None,
    }


def summary(gold, predicted):
    """{system: figures} of every system."""
    return {system: figures(gold, predicted[system], with_spans=system != "model") for system in SYSTEMS}


def per_label(gold_labels, labels):
    precision, recall, f1, support = precision_recall_fscore_support(
        gold_labels, labels, labels=list(LABELS), zero_division=0
    )
    return {
        label: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": int(s)}
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)
    }


def _cell(value):
    return f"{'—':>9}" if value is None else f"{value:>9.3f}"


def report(gold, predicted, real_gold=None, real_predicted=None):
    """The text train_model prints: the three systems side by side on the team's sentences
    (cross-validated) and on the real set (held out), per-label figures and a confusion matrix."""
    team = summary(gold, predicted)
    real = summary(real_gold, real_predicted) if real_gold else None
    header = "".join(f"{s:>9}" for s in SYSTEMS)
    lines = [
        "",
        "Held-out figures: the team's sentences (stratified cross-validation)"
        + (f" | real articles ({len(real_gold)} labelled sentences, never trained on):" if real else ":"),
        f"{'':16}{header}" + (f"  |{header}" if real else ""),
    ]
    for metric in METRICS:
        cells = "".join(_cell(team[s][metric]) for s in SYSTEMS)
        if real:
            cells += "  |" + "".join(_cell(real[s][metric]) for s in SYSTEMS)
        lines.append(f"{metric:16}{cells}")
    gold_labels = [g.label for g in gold]
    tables = {system: per_label(gold_labels, [j.label for j in predicted[system]]) for system in SYSTEMS}
    lines += [
        "",
        "Per label on the team's sentences (precision / recall / F1):",
        f"{'label':20}{'support':>8}" + "".join(f"{s:>22}" for s in SYSTEMS),
    ]
    for label in LABELS:
        cells = "".join(
            f"{tables[s][label]['precision']:>8.2f}{tables[s][label]['recall']:>7.2f}{tables[s][label]['f1']:>7.2f}"
            for s in SYSTEMS
        )
        lines.append(f"{label:20}{tables['combined'][label]['support']:>8}{cells}")
    matrix = confusion_matrix(gold_labels, [j.label for j in predicted["combined"]], labels=list(LABELS))
    short = [label[:8] for label in LABELS]
    lines += ["", "Confusion matrix of the combined system (rows: true label, columns: predicted):"]
    lines.append(f"{'':20}" + "".join(f"{name:>9}" for name in short))
    for label, row in zip(LABELS, matrix, strict=True):
        lines.append(f"{label:20}" + "".join(f"{value:>9}" for value in row))
    metrics = {"systems": team, "per_label": tables["combined"]}
    if real:
        metrics["real"] = {"sentences": len(real_gold), "systems": real}
    return "\n".join(lines), metrics
