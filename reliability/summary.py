"""An outlet's score read in a minute: the points each criterion adds to or takes from the corpus
baseline, the claims behind each, and one paragraph saying so in plain words."""

from dataclasses import dataclass, field

from articles.models import Sentence
from reliability.analysis.vocabulary import LABELS
from reliability.overrides import views
from reliability.scoring import corpus_means

SUMMARY_CRITERIA = 3  # the criteria that move the score most, in the paragraph
UNITS = {
    "claims": ("claim", "claims"),
    "articles": ("article", "articles"),
    "own_sentences": ("sentence in its own voice", "sentences in its own voice"),
}
# How each criterion reads in the paragraph: {figure} of its {count}, then how it compares.
SAYINGS = {
    "own_reporting": "It carries reporting of its own (five or more claims in its own voice) in {figure} "
    "of its {count}",
    "sourcing_breadth": "It cites two or more identifiable sources in {figure} of its {count}",
    "attribution_quality": "Its claims' attribution is worth {figure} of the best on average (the mean "
    "label weight of its {count})",
    "unsupported_rate": "It leaves {figure} of its {count} unsupported (no source or a vague one, and no "
    "independent outlet backing them)",
    "anonymous_rate": "It rests {figure} of its {count} on anonymous sources",
    "vague_rate": "It rests {figure} of its {count} on vague sources (“observers say”)",
    "media_rate": "It rests {figure} of its {count} on other outlets' reporting",
    "loaded_language": "It uses judging words in {figure} of its {count}",
    "rumour_rate": "It passes on rumour without a source in {figure} of its {count}",
    "sensational_headlines": "It puts a sensational headline on {figure} of its {count}",
    "unsupported_headlines": "It gives {figure} of its {count} a headline the article does not bear out",
    "contradiction_rate": "Most outlets that cover them contradict {figure} of its {count}",
}
# The label most of its claims carry, as the paragraph's first words say it.
LABEL_SAYINGS = {
    "named_person": "are attributed to named people",
    "named_organization": "are attributed to named organisations",
    "document": "rest on documents or data",
    "media_report": "rest on other outlets' reports",
    "anonymous": "rest on anonymous sources",
    "vague": "rest on vague sources",
    "none": "carry no attribution",
}
DIRECTIONS = {1: "better than the corpus", -1: "worse than the corpus", 0: "level with the corpus"}


@dataclass
class Part:
    """One criterion's part in the score, against the corpus."""

    name: str
    title: str
    higher_is_better: bool
    points: float  # on the score's 0–100 scale: more than 0 lifts the score above the baseline
    raw: float | None  # the outlet's own figure (None when it has nothing to count)
    value: float  # that figure shrunk toward the corpus, as the score uses it
    corpus: float  # the corpus's figure
    n: int
    out_of: str
    weight: float
    evidence: list = field(default_factory=list)

    @property
    def sign(self):
        """1 better than the corpus, -1 worse, 0 level: points that round to 0.0 move the score by
        nothing an editor can read."""
        shown = round(self.points, 1)
        return (shown > 0) - (shown < 0)

    @property
    def direction(self):
        return DIRECTIONS[self.sign]

    @property
    def signed_points(self):
        return signed(self.points)

    @property
    def count(self):
        singular, plural = UNITS[self.out_of]
        return f"{self.n} {singular if self.n == 1 else plural}"


@dataclass
class Breakdown:
    baseline: float  # the score of an outlet at the corpus's figure on every criterion
    parts: list  # Part, the largest move first

    @property
    def total(self):
        return self.baseline + sum(part.points for part in self.parts)


def breakdown(snapshot):
    """The snapshot's score as the corpus baseline plus each criterion's points; None when the snapshot
    has no score (no claims) or kept no corpus figures (one from before they were recorded).

    The score is 100 · Σ wᵢ·gᵢ / Σ wᵢ, where gᵢ is criterion i's goodness: its shrunk value, or one minus
    it when lower is better (scoring.overall). The baseline is the same sum with every criterion at the
    corpus's own figure mᵢ (scoring.corpus_means): 100 · Σ wᵢ·g(mᵢ) / Σ wᵢ, the score of an outlet
    exactly as the corpus is. A criterion's points are 100 · wᵢ·(gᵢ − g(mᵢ)) / Σ wᵢ: what the score would
    lose (or gain) if that criterion alone were put back at the corpus's figure. The score is linear in
    the goodness, so the baseline plus the points is the score, exactly before rounding.
    """
    if snapshot is None or not snapshot.claims or not snapshot.corpus:
        return None
    means = corpus_means(snapshot.corpus, snapshot.settings)
    total = sum(item["weight"] for item in snapshot.criteria) or 1.0
    baseline, parts = 0.0, []
    for item in snapshot.criteria:
        mean = means[item["name"]]
        level = mean if item["higher_is_better"] else 1 - mean
        share = 100 * item["weight"] / total
        baseline += share * level
        parts.append(
            Part(
                item["name"],
                item["title"],
                item["higher_is_better"],
                share * (item["goodness"][0] - level),
                item["raw"],
                item["value"],
                mean,
                item["n"],
                item["out_of"],
                item["weight"],
                item.get("evidence", []),
            )
        )
    parts.sort(key=lambda part: -abs(part.points))
    _mark_shared_evidence(parts)
    return Breakdown(baseline, parts)


def _key(item):
    """What an evidence item stands for: a claim, or an article shown by its headline."""
    return ("claim", item["sentence"]) if item.get("sentence") else ("article", item["article"])


def _mark_shared_evidence(parts):
    """Each evidence item in copies saying which other criteria list it too (`also`) and, for a claim,
    the label on show (an editor's override applied), so no two criteria list the same claim unsaid."""
    listed = {}
    for part in parts:
        for item in part.evidence:
            listed.setdefault(_key(item), []).append(part.title)
    claims = [key[1] for key in listed if key[0] == "claim"]
    labels = {shown.sentence.pk: shown.label for shown in views(Sentence.objects.filter(pk__in=claims))}
    for part in parts:
        part.evidence = [
            {
                **item,
                "also": [title for title in listed[_key(item)] if title != part.title],
                **({"label": labels[item["sentence"]]} if item.get("sentence") in labels else {}),
            }
            for item in part.evidence
        ]


def claims_behind(parts):
    """Every claim behind the criteria once, in the order first listed, with the criteria it is counted
    under: the list a publisher looks a claim number up in."""
    found = {}
    for part in parts:
        for item in part.evidence:
            if item.get("sentence"):
                found.setdefault(item["sentence"], {**item, "criteria": []})["criteria"].append(part.title)
    return list(found.values())


def percent(share):
    return f"{100 * share:.0f}%"


def signed(points):
    """Points as the page shows them: one decimal with its sign (a true minus), none on 0.0."""
    shown = round(points, 1)
    return f"{shown:+.1f}".replace("-", "−") if shown else "0.0"


def summary(shown, found):
    """One paragraph in plain words: what the score on show is (an override says so), how most claims
    are attributed, the criteria that move the score most against the corpus, ordered by how much,
    whether it rests on few claims, and how the points add up. `found` is the snapshot's breakdown."""
    if shown.value is None:
        return shown.missing
    snapshot = shown.snapshot
    said = []
    if shown.override is not None:
        if shown.model_value is None:
            return (
                f"Editors set this score to {shown.value:.0f}. The model gives no score for this window "
                "(it has no claims), so there is no figure of its own to explain."
            )
        said.append(
            f"Editors set this score to {shown.value:.0f}; the model's figure is {shown.model_value:.0f}, "
            "and what follows explains the model's figure."
        )
    if found is None:  # a snapshot from before the corpus figures were kept
        return " ".join([*said, "Rescore it to see what each criterion adds or takes away."])
    said.append(_label_mix(snapshot.counts, snapshot.claims))
    movers = [part for part in found.parts if part.sign and part.raw is not None][:SUMMARY_CRITERIA]
    said += [_saying(part) for part in movers]
    if not movers:
        said.append("On every criterion it is level with the corpus average.")
    if snapshot.few_claims:
        articles = f"{snapshot.articles} article{'s' * (snapshot.articles != 1)}"
        said.append(
            f"It rests on only {snapshot.claims} claims in {articles}, fewer than the "
            f"{snapshot.settings.small_outlet_claims} the editors ask for, so its figures are pulled toward "
            f"the corpus average and its interval ({snapshot.overall_low:.0f}–{snapshot.overall_high:.0f}) "
            "is wide."
        )
    moved = round(found.total - found.baseline, 1)
    net = "add" if moved > 0 else "take away"
    said.append(
        f"An outlet at the corpus average on every criterion would score {found.baseline:.1f}; its "
        + (f"criteria {net} {abs(moved):.1f} points" if moved else "criteria add nothing")
        + f", for {snapshot.overall:.1f}."
    )
    return " ".join(said)


def _label_mix(counts, claims):
    label = max(LABELS, key=lambda name: counts.get(name, 0))  # the first of equals: the better label
    share = counts.get(label, 0) / claims
    lead = "Most" if share > 0.5 else "The largest share"
    return f"{lead} of its {claims} claims ({percent(share)}) {LABEL_SAYINGS[label]}."


def _saying(part):
    side = "above" if part.raw > part.corpus else "below"
    return (
        f"{SAYINGS[part.name].format(figure=percent(part.raw), count=part.count)}, {side} the corpus "
        f"average of {percent(part.corpus)}: {signed(part.points)} points."
    )
