"""How well outlet scores order outlets the way a trusted rater does, and criterion weights fitted to it.

The figures are the area under the ROC curve (generalised to ordered ratings: the chance that of two
outlets rated differently the better-rated one scores higher, ties counting half) and Spearman's rho.
Anything fitted to the ratings is also reported leave-one-out (fit without an outlet, score it), so the
figure says how the weights do on an outlet they were not fitted to.
"""

import csv
import math
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import Ridge

# A rater's words, worst first, when the file's ratings are words and no order is given.
DEFAULT_SCALE = ["very low", "low", "mixed", "mostly factual", "high", "very high"]


def auc(scores, positives):
    """Area under the ROC curve of scores against 0/1 labels; with labels of more than two levels, the
    share of differently rated pairs that the scores put in the raters' order (ties count half).
    None when no two labels differ."""
    scores, positives = list(scores), list(positives)
    pairs = concordant = 0.0
    for i, (score, label) in enumerate(zip(scores, positives, strict=True)):
        for other_score, other_label in zip(scores[i + 1 :], positives[i + 1 :], strict=True):
            if label == other_label:
                continue
            pairs += 1
            agree = (score - other_score) * (label - other_label)
            concordant += 1.0 if agree > 0 else 0.5 if agree == 0 else 0.0
    return concordant / pairs if pairs else None


def ranks(values):
    """Ranks from 1, tied values sharing the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    found = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            found[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return found


def spearman(xs, ys):
    """Spearman's rho with average ranks for ties; None when either side is constant or too short."""
    if len(xs) != len(ys):
        raise ValueError(f"{len(xs)} scores against {len(ys)} ratings")
    rx, ry = np.array(ranks(list(xs))), np.array(ranks(list(ys)))
    dx, dy = rx - rx.mean(), ry - ry.mean()
    spread = math.sqrt(float((dx * dx).sum() * (dy * dy).sum()))
    return float((dx * dy).sum()) / spread if spread else None


def read_ratings(path, order=None):
    """{outlet name: rating} from a CSV file with a header line, then outlet name and rating per line.

    A rating is a number, or a word of `order` (worst first; default DEFAULT_SCALE, any case) read as
    its place on that scale. Raises ValueError naming the line for anything it cannot read.
    """
    scale = [word.strip().casefold() for word in (order or DEFAULT_SCALE)]
    ratings, lines, kinds = {}, {}, {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = csv.reader(handle)
            if next(rows, None) is None:
                raise ValueError(f"{path} is empty; expected a header line, then: outlet name, rating")
            for row in rows:
                line = rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) < 2 or not row[0].strip() or not row[1].strip():
                    raise ValueError(f"{path}, line {line}: expected an outlet name and a rating")
                name, written = row[0].strip(), row[1].strip()
                if name.casefold() in lines:
                    raise ValueError(
                        f"{path}, line {line}: {name} is rated again (first on line {lines[name.casefold()]})"
                    )
                kind, value = _rating(written, scale)
                if kind is None:
                    raise ValueError(
                        f"{path}, line {line}: the rating {written!r} is neither a number nor one of: "
                        + ", ".join(scale)
                    )
                kinds.setdefault(kind, line)
                if len(kinds) > 1:
                    raise ValueError(
                        f"{path}, line {line}: a {kind} among ratings given as "
                        f"{'words' if kind == 'number' else 'numbers'} (line {min(kinds.values())})"
                    )
                lines[name.casefold()] = line
                ratings[name] = value
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    except csv.Error as error:
        raise ValueError(f"{path}, line {rows.line_num}: {error}") from None
    if not ratings:
        raise ValueError(f"{path} rates no outlet; expected lines of: outlet name, rating")
    return ratings


def _rating(written, scale):
    """(kind, value): ("word", its place on the scale), ("number", it), or (None, None)."""
    if written.casefold() in scale:
        return "word", float(scale.index(written.casefold()))
    try:
        value = float(written)
    except ValueError:
        return None, None
    return ("number", value) if math.isfinite(value) else (None, None)


# Every criterion keeps at least this weight: what editors read on the outlet page stays in the score,
# and a criterion two dozen rated outlets cannot tell apart still counts a little on other corpora.
MIN_WEIGHT = 0.04
# The ridge penalties the fit chooses among, by leave-one-out on the outlets it is given.
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)


def fit_weights(goodness, ratings, names, penalty=None, floor=None):
    """Non-negative criterion weights that best predict the ratings from the criteria's goodness.

    goodness: {outlet: {criterion: goodness in [0, 1], higher better}}; ratings: {outlet: number}. Each
    criterion is standardised over the outlets (so a criterion that varies little among outlets is not
    given a huge weight to matter) and a ridge regression with non-negative coefficients predicts the
    ratings; the weights are the coefficients' shares on top of a floor of `floor` each (MIN_WEIGHT
    unless given), in thousandths summing to 1, equal when no criterion helps. The penalty is chosen
    among PENALTIES by leave-one-out on these outlets alone, unless given: two dozen outlets cannot
    carry a dozen free coefficients.
    """
    outlets = sorted(outlet for outlet in ratings if outlet in goodness)
    coefficients = np.zeros(len(names))
    if len({ratings[outlet] for outlet in outlets}) > 1:
        features = np.array([[goodness[outlet][name] for name in names] for outlet in outlets])
        target = np.array([ratings[outlet] for outlet in outlets], dtype=float)
        chosen = penalty if penalty is not None else _penalty(features, target)
        coefficients = _ridge(features, target, chosen)
    fitted = normalised(dict(zip(names, coefficients, strict=True)))
    floor = MIN_WEIGHT if floor is None else floor
    return normalised({name: floor + (1 - floor * len(names)) * weight for name, weight in fitted.items()})


def _ridge(features, target, penalty):
    spread = features.std(axis=0)
    spread[spread == 0] = 1.0
    standard = (features - features.mean(axis=0)) / spread
    return Ridge(alpha=penalty, positive=True).fit(standard, target).coef_


def _penalty(features, target):
    """The penalty under which weights fitted without each outlet order the held-out outlets best."""
    outlets = range(len(target))
    if len(target) < 4 or any(len(set(np.delete(target, index))) < 2 for index in outlets):
        return PENALTIES[len(PENALTIES) // 2]  # too few outlets to choose by
    best, chosen = -math.inf, PENALTIES[0]
    for penalty in PENALTIES:
        held_out = []
        for index in outlets:
            others = np.arange(len(target)) != index
            weights = normalised(dict(enumerate(_ridge(features[others], target[others], penalty))))
            held_out.append(weighted(dict(enumerate(features[index])), weights))
        figure = auc(held_out, list(target))
        if figure > best + 1e-9:
            best, chosen = figure, penalty
    return chosen


def normalised(coefficients):
    """Weights in proportion to the positive coefficients, in thousandths summing to exactly 1 (largest
    remainders get the leftover thousandths); equal weights when none is positive."""
    names = list(coefficients)
    kept = {name: max(float(value), 0.0) for name, value in coefficients.items()}
    total = sum(kept.values())
    if not (total > 0 and math.isfinite(total)):
        kept, total = dict.fromkeys(names, 1.0), float(len(names))
    shares = {name: 1000 * kept[name] / total for name in names}
    whole = {name: math.floor(share) for name, share in shares.items()}
    leftover = 1000 - sum(whole.values())
    for name in sorted(names, key=lambda name: whole[name] - shares[name])[:leftover]:
        whole[name] += 1
    return {name: whole[name] / 1000 for name in names}


def weighted(goodness_row, weights):
    """The overall score, 0–100, from one outlet's goodness per criterion: 100·Σw·g/Σw (the arithmetic
    of scoring.overall's value, which a test holds them to)."""
    total = sum(weights.values()) or 1.0
    return 100 * sum(weight * goodness_row[name] for name, weight in weights.items()) / total


def leave_one_out(goodness, ratings, names, progress=iter):
    """{outlet: its overall score under weights fitted to every other rated outlet}; progress wraps the
    outlets as they are fitted (tqdm shows a bar)."""
    outlets = sorted(outlet for outlet in ratings if outlet in goodness)
    return {
        outlet: weighted(
            goodness[outlet],
            fit_weights(goodness, {other: ratings[other] for other in outlets if other != outlet}, names),
        )
        for outlet in progress(outlets)
    }


@dataclass
class Figures:
    auc: float | None
    rho: float | None


@dataclass
class Validity:
    """How the current weights, weights fitted leave-one-out, and each criterion alone order outlets."""

    outlets: list  # the rated outlets with goodness figures, by name
    current_weights: dict
    fitted_weights: dict  # fitted to every outlet: what calibrate saves
    current: dict  # {outlet: overall with the current weights}
    held_out: dict  # {outlet: overall with weights fitted without it}
    figures: dict  # {"current": Figures, "held_out": Figures, criterion name: Figures}


def report(goodness, ratings, names, current_weights, progress=iter):
    """The Validity of scoring these outlets: current weights (missing criteria weigh 0, as in scoring),
    weights fitted leave-one-out, and each criterion's goodness alone, against the ratings."""
    outlets = sorted(outlet for outlet in ratings if outlet in goodness)
    truth = [ratings[outlet] for outlet in outlets]
    weights = {name: current_weights.get(name, 0.0) for name in names}
    current = {outlet: weighted(goodness[outlet], weights) for outlet in outlets}
    held_out = leave_one_out(goodness, ratings, names, progress)

    def figures(scores):
        scores = [scores[outlet] for outlet in outlets]
        return Figures(auc(scores, truth), spearman(scores, truth))

    found = {"current": figures(current), "held_out": figures(held_out)}
    for name in names:
        found[name] = figures({outlet: goodness[outlet][name] for outlet in outlets})
    return Validity(outlets, weights, fit_weights(goodness, ratings, names), current, held_out, found)


def table(validity, titles):
    """The figures as a table an editor reads: AUC and rho of each way of scoring, weights beside the
    criteria. titles: {criterion name: what an editor reads}, in the order to show."""
    width = max(len(title) for title in [*titles.values(), "Overall, fitted weights (leave-one-out)"])
    lines = [f"{'':<{width}}  {'AUC':>5}  {'rho':>6}  {'weight now':>10}  {'fitted':>6}"]

    def line(title, figures, weights=""):
        return f"{title:<{width}}  {_figure(figures.auc, 5)}  {_figure(figures.rho, 6)}{weights}"

    lines.append(line("Overall, current weights", validity.figures["current"]))
    lines.append(line("Overall, fitted weights (leave-one-out)", validity.figures["held_out"]))
    for name, title in titles.items():
        weights = f"  {validity.current_weights[name]:>10.3f}  {validity.fitted_weights[name]:>6.3f}"
        lines.append(line(title, validity.figures[name], weights))
    return "\n".join(lines)


def _figure(value, width):
    return f"{'—':>{width}}" if value is None else f"{value:>{width}.2f}"


@dataclass
class Rated:
    """Rated outlets matched to stored outlets, with the goodness of their latest all-time scores."""

    goodness: dict  # {outlet name: {criterion: goodness}}
    ratings: dict  # {outlet name: rating}, for the outlets in goodness
    unmatched: list  # names in the ratings that no stored outlet has
    unscored: list  # matched outlets with no all-time score yet
    incomplete: list  # matched outlets whose latest score lacks one of the criteria


def rated_outlets(ratings, names):
    """Match ratings to outlets by name (any case, spaces around ignored) and read each one's goodness
    per criterion from its latest all-time score snapshot."""
    # Imported here so the arithmetic above stays usable without a database.
    from django.db.models import OuterRef, Subquery

    from articles.models import Outlet
    from reliability.models import OutletScore

    wanted = {name.strip().casefold(): name for name in ratings}
    latest_all_time = Subquery(
        OutletScore.objects.filter(outlet=OuterRef("pk"), window="all")
        .order_by("-computed_at", "-pk")
        .values("pk")[:1]
    )
    outlets = [
        outlet
        for outlet in Outlet.objects.annotate(latest=latest_all_time).order_by("name")
        if outlet.name.strip().casefold() in wanted
    ]
    found = {outlet.name.strip().casefold() for outlet in outlets}
    latest = OutletScore.objects.in_bulk([outlet.latest for outlet in outlets if outlet.latest])
    rated = Rated({}, {}, [name for key, name in wanted.items() if key not in found], [], [])
    for outlet in outlets:
        snapshot = latest.get(outlet.latest)
        if snapshot is None:
            rated.unscored.append(outlet.name)
            continue
        row = {item["name"]: item["goodness"][0] for item in snapshot.criteria}
        if any(name not in row for name in names):
            rated.incomplete.append(outlet.name)
            continue
        rated.goodness[outlet.name] = {name: row[name] for name in names}
        rated.ratings[outlet.name] = ratings[wanted[outlet.name.strip().casefold()]]
    return rated
