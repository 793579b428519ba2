"""The analysis's vocabulary (../shared/design/analysis.md): attribution labels and claim classes."""

# Attribution labels, best first.
LABELS = ("named_person", "named_organization", "document", "media_report", "anonymous", "vague", "none")
# The three claim classes; only the first is a claim (`is_claim`), and `claim_score` is its probability.
CHECK_WORTHY, UNIMPORTANT, NON_FACTUAL = "check_worthy", "unimportant", "non_factual"
CLAIM_CLASSES = (CHECK_WORTHY, UNIMPORTANT, NON_FACTUAL)
