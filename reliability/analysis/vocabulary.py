"""The analysis's vocabulary (../shared/design/analysis.md): attribution labels and claim classes."""

# Attribution labels, best first.
LABELS = ("named_person", "named_organization", "document", "media_report", "anonymous", "vague", "none")
# How each label is written for people: every page, message and chart uses these words (the `label_name`
# template filter), never the code with its underscore.
LABEL_NAMES = {
    "named_person": "named person",
    "named_organization": "named organisation",
    "document": "document",
    "media_report": "media report",
    "anonymous": "anonymous",
    "vague": "vague",
    "none": "none",
}
# The three claim classes; only the first is a claim (`is_claim`), and `claim_score` is its probability.
CHECK_WORTHY, UNIMPORTANT, NON_FACTUAL = "check_worthy", "unimportant", "non_factual"
CLAIM_CLASSES = (CHECK_WORTHY, UNIMPORTANT, NON_FACTUAL)


def label_name(value):
    """A label in words; any other value (a claim flag, a span, a score band) as it is."""
    return LABEL_NAMES.get(value, value)
