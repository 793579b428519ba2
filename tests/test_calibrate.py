"""`manage.py calibrate`: criterion weights fitted to a rater's ratings, saved as a new settings version."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from articles.ingest import ingest_files
from articles.models import Outlet
from reliability.models import EditorialSettings, OutletScore
from reliability.refresh import analyse_and_score
from reliability.scoring import CRITERIA, current_settings
from tests.test_scores import bulk, careful, latest, middle, rumour

pytestmark = pytest.mark.django_db


def anonymous(number, event):
    subject, happened, day = event
    return f"A senior official who spoke on condition of anonymity said {subject} {happened} {day}."


OUTLETS = [  # name, how it sources its claims
    ("Careful Courier", careful),  # on the record
    ("Middle Mirror", middle),  # half on the record, half unattributed
    ("Quiet Quarterly", anonymous),
    ("Rumour Rag", rumour),  # vague
]


@pytest.fixture
def four_outlets(write, model_dir):
    """The four outlets' articles, analysed by the rules alone and scored."""
    list(ingest_files([bulk(write, name, 6, make) for name, make in OUTLETS]))
    analyse_and_score(None)
    current_settings()


# A rater who holds anonymous sourcing against an outlet more than rumour: the current weights put
# Quiet Quarterly above Rumour Rag, so only weights fitted to these ratings give the rater's order.
RATINGS = (
    "outlet,factual reporting\n"
    "careful courier ,High\n"
    "Middle Mirror,mostly factual\n"
    "Rumour Rag,mixed\n"
    "Quiet Quarterly,low\n"
    "Nowhere News,very high\n"
    "Empty Echo,high\n"
)


def calibrate(*args):
    out = io.StringIO()
    call_command("calibrate", *map(str, args), stdout=out)
    return out.getvalue()


def all_time_order():
    return [
        outlet.name
        for outlet in sorted(Outlet.objects.exclude(name="Empty Echo"), key=lambda o: -latest(o).overall)
    ]


def test_fitted_weights_are_saved_as_a_new_version_that_orders_the_outlets_as_rated(four_outlets, write):
    Outlet.objects.create(name="Empty Echo", slug="empty-echo")
    first = current_settings()
    assert all_time_order() == ["Careful Courier", "Middle Mirror", "Quiet Quarterly", "Rumour Rag"]

    out = calibrate(write("ratings.csv", RATINGS), "--note", "Desk ratings, spring")

    assert "Skipped, no outlet of that name: Nowhere News" in out
    assert "Skipped, no all-time score yet (run `manage.py score`): Empty Echo" in out
    for _, title, _ in CRITERIA:
        assert title in out
    assert list(EditorialSettings.objects.values_list("version", flat=True)) == [2, 1]
    fitted = current_settings()
    assert set(fitted.criterion_weights) == {name for name, _, _ in CRITERIA}
    assert sum(fitted.criterion_weights.values()) == pytest.approx(1)
    assert all(0 <= weight <= 1 for weight in fitted.criterion_weights.values())
    assert fitted.note.startswith("Desk ratings, spring — Criterion weights fitted to ")
    assert "(4 outlets): leave-one-out AUC" in fitted.note
    assert (fitted.label_weights, fitted.prior_strength) == (first.label_weights, first.prior_strength)
    assert f"Saved as settings version 2: {fitted.note}" in out
    assert {latest(outlet).settings for outlet in Outlet.objects.all()} == {fitted}
    assert all_time_order() == ["Careful Courier", "Middle Mirror", "Rumour Rag", "Quiet Quarterly"]


def test_a_dry_run_prints_the_figures_and_saves_nothing(four_outlets, write):
    snapshots = OutletScore.objects.count()
    ratings = write(
        "ratings.csv", "outlet,grade\nCareful Courier,A\nMiddle Mirror,B\nRumour Rag,C\nQuiet Quarterly,C\n"
    )

    out = calibrate(ratings, "--order", "C, B ,A", "--dry-run")

    assert "Overall, fitted weights (leave-one-out)" in out and out.endswith("Dry run: nothing saved.\n")
    assert list(EditorialSettings.objects.values_list("version", flat=True)) == [1]
    assert OutletScore.objects.count() == snapshots


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ("outlet,rating\nNowhere News,1\nElsewhere Echo,0\n", "0 rated outlet(s) with scores"),
        ("outlet,rating\nCareful Courier,1\nMiddle Mirror,1\nRumour Rag,0\n", "3 rated outlet(s)"),
        (
            "outlet,rating\nCareful Courier,1\nMiddle Mirror,1\nRumour Rag,1\nQuiet Quarterly,1\n",
            "with 1 distinct rating(s)",
        ),
    ],
)
def test_too_few_or_unknown_outlets_or_one_rating_for_all_are_refused_and_nothing_is_saved(
    four_outlets, write, ratings, message
):
    snapshots = OutletScore.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        calibrate(write("ratings.csv", ratings))
    assert list(EditorialSettings.objects.values_list("version", flat=True)) == [1]
    assert OutletScore.objects.count() == snapshots


def test_an_unreadable_or_missing_ratings_file_is_refused_naming_the_line(db, write, tmp_path):
    with pytest.raises(CommandError, match=r"ratings refused: .*line 3: the rating 'superb'"):
        calibrate(write("ratings.csv", "outlet,rating\nCareful Courier,1\nMiddle Mirror,superb\n"))
    with pytest.raises(CommandError, match=r"ratings refused: .*No such file"):
        calibrate(tmp_path / "missing.csv")
    assert not EditorialSettings.objects.exists()
