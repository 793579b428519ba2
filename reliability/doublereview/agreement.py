"""How often two editors agree beyond chance: Cohen's kappa overall, per label (one label against the
rest), per pair of editors and per week, over double reviews both editors have labelled."""

from collections import defaultdict
from dataclasses import dataclass

from reliability.doublereview.models import CHOICES, DoubleReview


def cohen_kappa(pairs):
    """Cohen's kappa of (first, second) label pairs: (observed − chance agreement) / (1 − chance).

    None when it is undefined: no pairs, or both editors always gave one and the same label, so chance
    alone explains every agreement."""
    pairs = list(pairs)
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(first == second for first, second in pairs) / total
    firsts, seconds = defaultdict(int), defaultdict(int)
    for first, second in pairs:
        firsts[first] += 1
        seconds[second] += 1
    chance = sum(firsts[label] * seconds[label] for label in firsts) / total**2
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)


def one_against_rest(pairs, label):
    return [(first == label, second == label) for first, second in pairs]


@dataclass
class Labelled:
    """A double review both editors labelled: who gave which label, and when the second came in."""

    first_editor: str
    first: str
    second_editor: str
    second: str
    week: str  # ISO year and week of the second label, e.g. "2026-W05"


def labelled(kind):
    rows = []
    reviews = DoubleReview.objects.filter(kind=kind).exclude(status=DoubleReview.OPEN)
    for review in reviews.prefetch_related("labels__editor"):
        first, second = list(review.labels.all())[:2]
        year, week, _ = second.created_at.isocalendar()
        rows.append(
            Labelled(
                first.editor.get_username(),
                first.value,
                second.editor.get_username(),
                second.value,
                f"{year}-W{week:02d}",
            )
        )
    return rows


def summary(kind, rows):
    """The agreement figures of one kind of double review, from its labelled rows."""
    pairs = [(row.first, row.second) for row in rows]
    by_pair, by_week = defaultdict(list), defaultdict(list)
    for row in rows:
        by_pair[tuple(sorted((row.first_editor, row.second_editor)))].append((row.first, row.second))
        by_week[row.week].append((row.first, row.second))
    return {
        "kind": kind,
        "items": len(pairs),
        "agreed": sum(first == second for first, second in pairs),
        "kappa": cohen_kappa(pairs),
        "per_label": [
            {"label": label, "items": len(pairs), "kappa": cohen_kappa(one_against_rest(pairs, label))}
            for label, _ in CHOICES[kind]
        ],
        "per_pair": [
            {"editors": list(editors), "items": len(found), "kappa": cohen_kappa(found)}
            for editors, found in sorted(by_pair.items())
        ],
        "per_week": [
            {"week": week, "items": len(found), "kappa": cohen_kappa(found)}
            for week, found in sorted(by_week.items())
        ],
    }


def agreement():
    """The figures for claims and for outlet ratings, as the page and the API show them."""
    return [summary(kind, labelled(kind)) for kind in CHOICES]
