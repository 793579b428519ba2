"""The charts on the dashboard and an outlet's page, from the stored scores: every outlet compared, the
criteria the editor picks, and the history's marks."""

import pytest

from articles.models import Outlet
from reliability.models import ModelVersion
from reliability.overrides import override_score
from reliability.refresh import rescore_outlets

pytestmark = pytest.mark.django_db


def test_the_dashboard_compares_every_scored_outlet_and_plots_the_default_criteria(editor_client, news):
    page = editor_client.get("/").content.decode()

    assert (
        page.count('<g class="outlet">') == 2 * Outlet.objects.filter(scores__window="all").distinct().count()
    )
    assert '<svg class="chart forest"' in page and '<svg class="chart scatter"' in page
    assert "Unsupported claims against Claims with named sources" in page
    assert '<a href="/outlets/careful-courier/">' in page
    assert page.count("<pattern ") == 7  # the label mix's patterns, defined once


def test_the_editor_picks_the_scatters_criteria_and_an_unknown_one_falls_back(editor_client, news):
    page = editor_client.get("/?x=anonymous_rate&y=vague_rate").content.decode()
    assert "Vague sourcing against Anonymous sourcing" in page
    assert '<option value="anonymous_rate" selected>' in page

    page = editor_client.get("/?x=<b>&y=vague_rate").content.decode()
    assert "Vague sourcing against Claims with named sources" in page


def test_an_override_shows_on_the_comparison_as_the_score_on_show(editor_client, editor, news):
    outlet = Outlet.objects.get(name="Rumour Rag")
    override_score(outlet, "all", 12, "Known to the desk", editor, seen=None)

    page = editor_client.get("/").content.decode()

    assert ">Rumour Rag (override; the model says " in page and "<title>Rumour Rag: 12" in page


def test_the_history_marks_overrides_and_the_models_made_current_meanwhile(editor_client, editor, news):
    outlet = Outlet.objects.get(name="Rumour Rag")
    first = outlet.scores.filter(window="all").earliest("computed_at")
    ModelVersion.objects.create(
        version="20250301-000000", training_examples=1, data_sha256="0" * 64, promoted_at=first.computed_at
    )
    override_score(outlet, "all", 12, "Known to the desk", editor, seen=None)
    rescore_outlets([outlet])

    page = editor_client.get("/outlets/rumour-rag/").content.decode()

    assert '<svg class="chart history"' in page and page.count('<g class="point">') == 2
    assert page.count('<g class="model-change">') == 1 and "model 20250301-000000" in page
    assert page.count('<g class="override">') == 1 and "12 (override)" in page
    assert '<details class="figures">' in page and 'class="legend mix-legend"' in page


def test_outlet_names_are_escaped_in_the_charts(editor_client, news):
    Outlet.objects.filter(name="Rumour Rag").update(name='Rag <svg onload="alert(1)">')

    page = editor_client.get("/").content.decode()

    assert '<svg onload="alert(1)">' not in page and "Rag &lt;svg onload=&quot;alert(1)&quot;&gt;" in page
