"""Every score change explains itself: its parts name what moved it and add up to the change."""

import pytest

from articles.ingest import ingest_files
from articles.models import Outlet
from reliability.models import EditorialSettings, OutletScore, SentenceAnalysis
from reliability.overrides import change_sentence
from reliability.refresh import analyse_and_score, rescore_outlets
from reliability.scoring import current_settings, rescore
from tests.test_scores import bulk, careful, rumour

pytestmark = pytest.mark.django_db


def snapshots(name, window="all"):
    return list(OutletScore.objects.filter(outlet__name=name, window=window).order_by("-computed_at", "-pk"))


def assert_parts_add_up(name):
    """The latest snapshot's parts sum to its change since the one before, to the hundredth of a point."""
    latest, previous = snapshots(name)[:2]
    assert round(sum(part["points"] for part in latest.changes), 2) == round(
        latest.overall - previous.overall, 2
    )
    return latest.changes


def weigh_unsupported_double():
    """A new version of the editorial settings that weighs unsupported claims twice as much."""
    old = current_settings()
    weights = old.criterion_weights
    return EditorialSettings.objects.create(
        version=old.version + 1,
        note="Weigh unsupported claims double",
        criterion_weights={**weights, "unsupported_rate": 2 * weights["unsupported_rate"]},
    )


@pytest.fixture
def two_outlets(write, model_dir):
    list(ingest_files([bulk(write, "Careful Courier", 4, careful), bulk(write, "Rumour Rag", 4, rumour)]))
    analyse_and_score(None)


def test_a_first_snapshot_has_no_changes_and_records_its_inputs(two_outlets):
    first = snapshots("Rumour Rag")[0]
    assert first.changes == []
    assert first.counts["claims"] == first.claims == 16
    assert first.corpus["claims"] == 32


def test_a_settings_change_is_the_whole_change(two_outlets):
    before = snapshots("Rumour Rag")[0]
    old = current_settings()
    new = weigh_unsupported_double()
    rescore(Outlet.objects.filter(name="Rumour Rag"))
    after = snapshots("Rumour Rag")[0]
    assert after.overall != before.overall
    assert after.changes == [
        {
            "cause": "settings",
            "points": round(after.overall - before.overall, 2),
            "detail": f"editorial settings v{old.version} → v{new.version}: Weigh unsupported claims double",
        }
    ]


def test_new_articles_move_the_outlet_and_the_corpus_and_the_parts_add_up(two_outlets, write):
    before = snapshots("Rumour Rag")[0]
    list(ingest_files([bulk(write, "Rumour Rag", 4, careful, articles=6)]))  # 2 new, careful articles
    analyse_and_score(None)
    after = snapshots("Rumour Rag")[0]
    assert after.overall > before.overall
    parts = assert_parts_add_up("Rumour Rag")
    assert [part["cause"] for part in parts] == ["articles", "corpus"]
    assert parts[0]["detail"] == "+2 articles; +8 claims"
    assert parts[0]["points"] > 0
    # The other outlet wrote nothing new: its claims are now corroborated, and the corpus moved.
    assert [part["cause"] for part in snapshots("Careful Courier")[0].changes] == ["links", "corpus"]
    assert_parts_add_up("Careful Courier")


def test_an_editors_label_override_is_named_and_sized(two_outlets, editor):
    rows = SentenceAnalysis.objects.filter(
        sentence__article__outlet__name="Rumour Rag", is_claim=True
    ).select_related("sentence")[:3]
    for row in rows:
        change_sentence(
            row.sentence, "label", "named_person", "Source named in the print edition", editor, row.label
        )
    rescore_outlets(Outlet.objects.filter(name="Rumour Rag"))
    parts = assert_parts_add_up("Rumour Rag")
    assert parts[0]["cause"] == "override"
    assert parts[0]["detail"] == "3 label overrides by editors"
    assert parts[0]["points"] > 0
    assert [part["cause"] for part in parts] == ["override", "corpus"]


def test_a_snapshot_without_a_change_explains_nothing(two_outlets):
    rescore(Outlet.objects.filter(name="Rumour Rag"))
    assert snapshots("Rumour Rag")[0].changes == []


def test_the_outlet_page_shows_why_the_score_last_changed(two_outlets, viewer, client):
    before = snapshots("Rumour Rag")[0]
    weigh_unsupported_double()
    rescore(Outlet.objects.filter(name="Rumour Rag"))
    after = snapshots("Rumour Rag")[0]
    slug = Outlet.objects.get(name="Rumour Rag").slug
    assert client.get(f"/outlets/{slug}/").status_code == 302  # anonymous visitors see nothing private
    client.force_login(viewer)
    page = client.get(f"/outlets/{slug}/").content.decode()
    points = after.overall - before.overall
    assert f"{before.overall:.2f} → {after.overall:.2f}" in page
    assert f"{'+' if points > 0 else ''}{points:.2f}</span> Editorial settings" in page
    assert "Weigh unsupported claims double" in page
