"""How rules and model are combined into one decision per sentence.

The policy, measured by `train_model` against the rules alone and the model on words alone:
1. The rules' findings go into the model as features (stacking): the classifier learns how far to trust
   each rule. Measured per rule, the combined classifier was never less accurate than the rule alone.
2. Page furniture, photo credits, links to other stories, signature lines under quotations, publication
   credits and correction notices the rules recognise are never claims, whatever the model says.
3. When a rule found an explicit marker (strength >= STRONG_RULE) and the model is unsure of anything
   else (below MODEL_UNSURE), the rule's label stands: it guards against text unlike the training data.
4. A sentence that gives the time, place, date or count of a happening (a value contradictions.py can
   read) asserts something checkable: it is a claim unless the rules call it a question or furniture.
5. Spans always come from the rules: the model labels, it does not point.
"""

from dataclasses import dataclass, field

from reliability.analysis.rules import Finding, claim_evidence
from reliability.analysis.vocabulary import CHECK_WORTHY, NON_FACTUAL, UNIMPORTANT
from reliability.contradictions import slots

STRONG_RULE = 0.9
MODEL_UNSURE = 0.5
CLAIM_THRESHOLD = 0.5
NEVER_CLAIMS = {
    "page furniture",
    "photo credit",
    "link to another story",
    "signature line",
    "publication credit",
    "correction notice",
}


@dataclass
class Decision:
    is_claim: bool
    claim_score: float  # the probability that the sentence is a check-worthy factual claim
    label: str
    confidence: float
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    evidence: list[str] = field(default_factory=list)
    probabilities: dict = field(default_factory=dict)
    justified: bool = False
    decided_by: str = "rules"
    claim_class: str = ""  # check_worthy (is_claim), unimportant or non_factual

    def __post_init__(self):
        if not self.claim_class:
            self.claim_class = CHECK_WORTHY if self.is_claim else NON_FACTUAL


def rules_only(text, finding: Finding):
    """The rules' own decision, used when no model is available."""
    against, _ = claim_evidence(text, finding)
    is_claim = not against
    confidence = finding.strength if finding.label != "none" else 0.5
    return Decision(
        is_claim=is_claim,
        claim_score=0.8 if is_claim else 0.2,
        label=finding.label,
        confidence=round(confidence, 3),
        source=finding.source,
        cue=finding.cue,
        evidence=finding.evidence + [f"not a claim: {reason}" for reason in against],
        justified=finding.justified,
    )


def model_only(class_probabilities, label_probabilities):
    label = max(label_probabilities, key=label_probabilities.get)
    return class_probabilities[CHECK_WORTHY] >= CLAIM_THRESHOLD, label


def combine(text, finding: Finding, class_probabilities, label_probabilities):
    claim_probability = class_probabilities[CHECK_WORTHY]
    against, _ = claim_evidence(text, finding)
    furniture = sorted(NEVER_CLAIMS.intersection(against))
    claim_score = min(claim_probability, 0.05) if furniture else claim_probability
    checkable = not against and claim_score < CLAIM_THRESHOLD and slots(text)
    if checkable:
        claim_score = CLAIM_THRESHOLD
    model_label = max(label_probabilities, key=label_probabilities.get)
    evidence = list(finding.evidence)
    if model_label == finding.label or (
        finding.label != "none"
        and finding.strength >= STRONG_RULE
        and label_probabilities[model_label] < MODEL_UNSURE
    ):
        label, decided_by = finding.label, "rules"
    else:
        label, decided_by = model_label, "model"
        if model_label != finding.label:
            evidence.append(
                f"model prefers {model_label} ({label_probabilities[model_label]:.0%}) "
                f"to the rules' {finding.label}"
            )
    confidence = label_probabilities[label]
    if decided_by == "rules":
        confidence = max(confidence, (confidence + finding.strength) / 2)
    keep_spans = label != "none"
    is_claim = claim_score >= CLAIM_THRESHOLD
    return Decision(
        is_claim=is_claim,
        claim_score=round(claim_score, 4),
        label=label,
        confidence=round(confidence, 4),
        source=finding.source if keep_spans else None,
        cue=finding.cue if keep_spans else None,
        evidence=evidence
        + [f"not a claim: {reason}" for reason in furniture]
        + (["a claim: gives the time, place, date or count of a happening"] if checkable else []),
        probabilities={name: round(value, 4) for name, value in label_probabilities.items()},
        justified=finding.justified and label == "anonymous",
        decided_by=decided_by,
        claim_class=CHECK_WORTHY if is_claim else _likelier(class_probabilities, UNIMPORTANT, NON_FACTUAL),
    )


def _likelier(probabilities, first, second):
    return first if probabilities.get(first, 0.0) >= probabilities.get(second, 0.0) else second
