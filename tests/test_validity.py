"""Validity figures: AUC and Spearman's rho, ratings files, weights fitted to ratings, leave-one-out."""

import random
import re
from types import SimpleNamespace

import pytest

from reliability.validity import (
    DEFAULT_SCALE,
    MIN_WEIGHT,
    auc,
    fit_weights,
    leave_one_out,
    normalised,
    read_ratings,
    report,
    spearman,
    table,
    weighted,
)

NAMES = ["sourcing", "language", "noise"]


def test_auc_is_a_half_for_ties_one_when_perfect_and_three_quarters_on_the_textbook_case():
    assert auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]) == 0.5
    assert auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]) == 1.0
    assert auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]) == 0.0
    assert auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert auc([0.1, 0.3, 0.3, 0.8], [0, 0, 1, 1]) == 0.875  # the tie counts half


def test_auc_on_ordered_ratings_is_the_share_of_differently_rated_pairs_in_the_raters_order():
    # Ratings 0, 1, 2, 2: five pairs rated differently, four in order and one tied (the 1 and a 2).
    assert auc([0.2, 0.5, 0.9, 0.5], [0, 1, 2, 2]) == (4 + 0.5) / 5
    assert auc([0.6, 0.5, 0.9, 0.5], [0, 1, 2, 2]) == (2 + 0.5) / 5  # the 0 above the 1 and a 2
    assert auc([1, 2, 3], [1, 1, 1]) is None


def test_spearman_matches_scipy_with_ties_and_is_none_when_a_side_is_constant():
    stats = pytest.importorskip("scipy.stats")
    rng = random.Random(3)
    for _ in range(20):
        xs = [rng.choice(range(6)) for _ in range(15)]
        ys = [rng.random() if rng.random() < 0.7 else 0.5 for _ in range(15)]
        assert spearman(xs, ys) == pytest.approx(stats.spearmanr(xs, ys).statistic)
    assert spearman([1, 2, 3], [4, 4, 4]) is None
    assert spearman([1], [2]) is None


def test_ratings_are_numbers_or_words_of_the_default_scale_in_any_case(write):
    assert read_ratings(write("numbers.csv", "outlet,score\nCourier,4.5\n Rag ,1\n\n")) == {
        "Courier": 4.5,
        "Rag": 1.0,
    }
    words = read_ratings(write("words.csv", "outlet,factual\nCourier,Very High\nRag,mixed\nMirror,HIGH\n"))
    assert words == {
        "Courier": DEFAULT_SCALE.index("very high"),
        "Rag": DEFAULT_SCALE.index("mixed"),
        "Mirror": DEFAULT_SCALE.index("high"),
    }


def test_ratings_words_follow_the_order_given_worst_first(write):
    path = write("grades.csv", "outlet,grade\nCourier,A\nRag,C\nMirror,b\n")
    assert read_ratings(path, order=["C", "B", "A"]) == {"Courier": 2.0, "Rag": 0.0, "Mirror": 1.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("outlet,rating\nCourier,high\nRag,dreadful\n", "line 3: the rating 'dreadful' is neither"),
        ("outlet,rating\nCourier,high\nRag\n", "line 3: expected an outlet name and a rating"),
        ("outlet,rating\nCourier,high\ncourier,low\n", "line 3: courier is rated again (first on line 2)"),
        ("outlet,rating\nCourier,high\nRag,2\n", "line 3: a number among ratings given as words (line 2)"),
        ("outlet,rating\nCourier,nan\n", "line 2: the rating 'nan' is neither"),
        ("outlet,rating\n", "rates no outlet"),
        ("", "is empty"),
    ],
)
def test_an_unreadable_ratings_file_is_refused_naming_the_line(write, text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        read_ratings(write("ratings.csv", text))


def test_ratings_that_are_not_text_are_refused(write):
    with pytest.raises(ValueError, match="not UTF-8"):
        read_ratings(write("ratings.csv", b"outlet,rating\n\xff\xfe,1\n"))


def test_weights_are_in_thousandths_that_sum_to_one_and_equal_when_nothing_helps():
    assert normalised({"a": 1.0, "b": 1.0, "c": 1.0}) == {"a": 0.334, "b": 0.333, "c": 0.333}
    assert normalised({"a": 3.0, "b": -2.0, "c": 1.0}) == {"a": 0.75, "b": 0.0, "c": 0.25}
    assert normalised({"a": 0.0, "b": 0.0}) == {"a": 0.5, "b": 0.5}
    flat = {f"outlet {i}": {name: random.Random(i).random() for name in NAMES} for i in range(5)}
    assert fit_weights(flat, dict.fromkeys(flat, 1.0), NAMES) == {
        "sourcing": 0.334,
        "language": 0.333,
        "noise": 0.333,
    }


def test_weighted_is_the_overall_score_arithmetic():
    from reliability.scoring import overall

    row, weights = (
        {"sourcing": 0.9, "language": 0.4, "noise": 0.25},
        {"sourcing": 0.5, "language": 0.3, "noise": 0.2},
    )
    found = [SimpleNamespace(weight=weights[name], goodness=(row[name],) * 3) for name in NAMES]
    assert round(weighted(row, weights), 2) == overall(found)[0] == 62.0


def corpus(outlets=12, seed=5):
    """Outlets rated 0 to 3 whose "sourcing" goodness is their rating scaled to [0, 1]; the other
    criteria are noise."""
    rng = random.Random(seed)
    ratings = {f"outlet {i}": float(i % 4) for i in range(outlets)}
    goodness = {
        outlet: {"sourcing": 0.1 + 0.25 * rating, "language": rng.random(), "noise": rng.random()}
        for outlet, rating in ratings.items()
    }
    return goodness, ratings


def test_the_fitted_weight_goes_to_the_criterion_that_is_the_rating_and_holds_out():
    goodness, ratings = corpus()
    weights = fit_weights(goodness, ratings, NAMES)
    assert weights["sourcing"] > 0.9 and sum(weights.values()) == pytest.approx(1)
    assert MIN_WEIGHT <= weights["noise"] < 0.05  # the floor, and little above it
    assert fit_weights(goodness, ratings, NAMES, floor=0)["sourcing"] > 0.95
    held_out = leave_one_out(goodness, ratings, NAMES)
    assert set(held_out) == set(ratings)
    outlets = sorted(held_out)
    assert auc([held_out[o] for o in outlets], [ratings[o] for o in outlets]) == 1.0


def test_a_criterion_that_varies_little_among_outlets_gets_no_outsized_weight():
    """Standardised before the fit: a criterion spread over a thousandth that follows the rating as
    well as one spread over the whole range weighs the same, not a thousand times more."""
    goodness, ratings = corpus()
    for outlet, rating in ratings.items():
        goodness[outlet] = {"sourcing": 0.1 + 0.25 * rating, "language": 0.99 + 0.001 * rating, "noise": 0.5}
    weights = fit_weights(goodness, ratings, NAMES, floor=0)
    assert weights["sourcing"] == pytest.approx(weights["language"], abs=0.002)
    assert weights["noise"] == 0.0


def test_the_report_compares_current_weights_held_out_fits_and_each_criterion_alone():
    goodness, ratings = corpus()
    found = report(goodness, ratings, NAMES, {"sourcing": 0.0, "language": 0.5, "noise": 0.5})
    assert found.figures["held_out"].auc == found.figures["sourcing"].auc == 1.0
    assert found.figures["sourcing"].rho == pytest.approx(1.0)
    assert found.figures["current"].auc < 0.9
    assert found.fitted_weights["sourcing"] > 0.9
    shown = table(found, {"sourcing": "Sourcing", "language": "Language", "noise": "Noise"})
    held_out_auc, held_out_rho = shown.splitlines()[2].split()[-2:]
    assert held_out_auc == "1.00" and float(held_out_rho) >= 0.95  # the ridge leaves noise a little
    sourcing = shown.splitlines()[3].split()
    assert sourcing == ["Sourcing", "1.00", "1.00", "0.000", f"{found.fitted_weights['sourcing']:.3f}"]
