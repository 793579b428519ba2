"""The outlet page read in a minute: a summary in plain words and the points each criterion adds or
takes away against the corpus, worked out here again from the counts the score rests on."""

import re
from html import unescape

import pytest
from django.db.models import Sum
from django.utils.html import strip_tags

from articles.models import Sentence
from reliability.analysis.vocabulary import LABELS
from reliability.models import COUNT_FIELDS, OutletScore, Totals
from reliability.overrides import change_sentence
from reliability.summary import breakdown

pytestmark = pytest.mark.django_db

# Each rate criterion as (count, what it is a share of), as the corpus's totals hold them.
SHARES = {
    "own_reporting": ("reported", "articles"),
    "sourcing_breadth": ("sourced", "articles"),
    "unsupported_rate": ("unsupported", "claims"),
    "anonymous_rate": ("anonymous", "claims"),
    "vague_rate": ("vague", "claims"),
    "media_rate": ("media_report", "claims"),
    "loaded_language": ("loaded", "own_sentences"),
    "rumour_rate": ("rumour", "own_sentences"),
    "sensational_headlines": ("sensational_headline", "articles"),
    "unsupported_headlines": ("unsupported_headline", "articles"),
    "contradiction_rate": ("contradicted", "claims"),
}


def latest(slug, window="all"):
    return OutletScore.objects.filter(outlet__slug=slug, window=window).latest("computed_at", "pk")


def corpus_totals():
    sums = Totals.objects.aggregate(**{name: Sum(name) for name in [*COUNT_FIELDS, "articles"]})
    return {name: value or 0 for name, value in sums.items()}


def corpus_figure(name, totals, settings):
    if name == "attribution_quality":
        weighted = sum(totals[label] * weight for label, weight in settings.label_weights.items())
        weighted += totals["justified"] * settings.justified_anonymity_bonus
        return min(weighted, totals["claims"]) / totals["claims"]
    count, out_of = SHARES[name]
    return totals[count] / totals[out_of]


def expected_points(snapshot):
    """{criterion: points}: 100 · weight · (its goodness − the corpus's) / the weights' sum."""
    totals, settings = corpus_totals(), snapshot.settings
    weights = sum(item["weight"] for item in snapshot.criteria)
    found = {}
    for item in snapshot.criteria:
        figure = corpus_figure(item["name"], totals, settings)
        ours = item["value"] if item["higher_is_better"] else 1 - item["value"]
        theirs = figure if item["higher_is_better"] else 1 - figure
        found[item["name"]] = (100 * item["weight"] * (ours - theirs) / weights, figure)
    return found


def shown(points):
    """One decimal with its sign (a true minus); 0.0 is level and has none."""
    return f"{round(points, 1):+.1f}".replace("-", "−") if round(points, 1) else "0.0"


def page_rows(page):
    """(title, points as shown, direction, the cell of claims) per row of the criteria table."""
    table = re.search(r'<table class="criteria">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(
        r'<tr class="part-[a-z-]+">\s*<th scope="row">(.*?) <small.*?<td class="points"[^>]*>'
        r'<strong>(.*?)</strong> <span class="direction">(.*?)</span></td>\s*'
        r'<td data-label="Behind it">(.*?)</td>\s*</tr>',
        table,
        re.S,
    )
    assert rows, "no criteria rows"
    return [(unescape(title), *rest) for title, *rest in rows]


def summary(page):
    return unescape(strip_tags(re.search(r'<p class="summary">(.*?)</p>', page, re.S).group(1)))


def test_the_points_and_the_corpus_baseline_add_up_to_the_score(news):
    for slug in ("careful-courier", "rumour-rag"):
        snapshot = latest(slug)
        found = breakdown(snapshot)
        expected = expected_points(snapshot)
        assert {part.name: part.points for part in found.parts} == pytest.approx(
            {name: points for name, (points, _) in expected.items()}, abs=1e-9
        )
        assert {part.name: part.corpus for part in found.parts} == pytest.approx(
            {name: figure for name, (_, figure) in expected.items()}
        )
        assert found.baseline + sum(points for points, _ in expected.values()) == pytest.approx(
            snapshot.overall, abs=0.01
        )
        assert [abs(part.points) for part in found.parts] == sorted(
            (abs(points) for points, _ in expected.values()), reverse=True
        )


def test_the_page_shows_each_criterions_points_and_direction_largest_first(news, editor_client):
    directions = set()
    for slug in ("careful-courier", "rumour-rag"):
        snapshot = latest(slug)
        expected = {title: expected_points(snapshot)[name][0] for name, title in titles(snapshot).items()}
        rows = page_rows(editor_client.get(f"/outlets/{slug}/").content.decode())
        assert [title for title, *_ in rows] == sorted(expected, key=lambda title: -abs(expected[title]))
        for title, points, direction, _ in rows:
            assert points == shown(expected[title])
            if round(expected[title], 1) > 0:
                assert direction == "better than the corpus"
            elif round(expected[title], 1) < 0:
                assert direction == "worse than the corpus"
            else:
                assert direction == "level with the corpus"
            directions.add(direction)
        shown_sum = sum(float(points.replace("−", "-")) for _, points, _, _ in rows)
        baseline = snapshot.overall - sum(expected.values())
        assert baseline + shown_sum == pytest.approx(snapshot.overall, abs=0.05 * len(rows))
        page = editor_client.get(f"/outlets/{slug}/").content.decode()
        assert f"against an outlet at the corpus average ({baseline:.1f} points)" in page
    assert {"better than the corpus", "worse than the corpus"} <= directions


def titles(snapshot):
    return {item["name"]: item["title"] for item in snapshot.criteria}


def test_the_summary_says_what_moves_the_score_most_in_the_outlets_and_the_corpus_figures(
    news, editor_client
):
    snapshot = latest("rumour-rag")
    expected = expected_points(snapshot)
    text = summary(editor_client.get("/outlets/rumour-rag/").content.decode())
    by_name = {item["name"]: item for item in snapshot.criteria}
    movers = sorted(
        (name for name in expected if round(expected[name][0], 1)),
        key=lambda name: -abs(expected[name][0]),
    )
    top = by_name[movers[0]]
    figure = expected[movers[0]][1]
    side = "above" if top["raw"] > figure else "below"
    assert f"{100 * top['raw']:.0f}% of its {top['n']} " in text
    assert (
        f"{side} the corpus average of {100 * figure:.0f}%: {shown(expected[movers[0]][0])} points." in text
    )
    # The criteria that move the score most, in that order.
    said = re.findall(r": ([+−]\d+\.\d) points\.", text)
    assert said == [shown(expected[name][0]) for name in movers[:3]]
    labels = {label: snapshot.counts[label] for label in LABELS}
    share = max(labels.values()) / snapshot.claims
    assert f"of its {snapshot.claims} claims ({100 * share:.0f}%)" in text
    baseline = snapshot.overall - sum(points for points, _ in expected.values())
    assert f"would score {baseline:.1f}" in text and f"for {snapshot.overall:.1f}." in text
    moved = round(snapshot.overall - baseline, 1)
    assert f"criteria {'add' if moved > 0 else 'take away'} {abs(moved):.1f} points, for" in text


def test_a_small_outlet_is_said_to_rest_on_few_claims(news, editor_client):
    snapshot = latest("careful-courier")
    assert snapshot.few_claims
    text = summary(editor_client.get("/outlets/careful-courier/").content.decode())
    assert (
        f"It rests on only {snapshot.claims} claims in {snapshot.articles} articles, fewer than the "
        f"{snapshot.settings.small_outlet_claims} the editors ask for"
    ) in text
    assert f"({snapshot.overall_low:.0f}–{snapshot.overall_high:.0f}) is wide" in text


def test_a_claim_behind_two_criteria_says_where_else_it_is_counted(news, editor_client):
    rows = page_rows(editor_client.get("/outlets/rumour-rag/").content.decode())
    claims = {title: re.findall(r"<li>(.*?)</li>", cell, re.S) for title, _, _, cell in rows}
    numbers = {
        title: {
            int(re.search(r">claim (\d+)</a>", item).group(1)): item for item in items if ">claim " in item
        }
        for title, items in claims.items()
    }
    shared = 0
    for title, listed in numbers.items():
        for number, item in listed.items():
            elsewhere = [other for other in numbers if other != title and number in numbers[other]]
            if elsewhere:
                shared += 1
                assert "also counted under" in item
                assert all(other in unescape(item) for other in elsewhere)
            else:
                assert "also counted under" not in item
    assert shared  # the vague weasel claim is vague, unsupported and of low attribution quality


def test_an_override_is_said_first_with_the_models_figure_explained(news, editor_client):
    model = latest("rumour-rag").overall
    editor_client.post(
        "/outlets/rumour-rag/override/",
        {"window": "all", "value": "12", "reason": "Invented quotes", "seen": f"{model:.1f}"},
    )
    text = summary(editor_client.get("/outlets/rumour-rag/").content.decode())
    assert text.startswith(f"Editors set this score to 12; the model's figure is {model:.0f}")
    assert f"for {model:.1f}." in text


def test_a_window_without_claims_has_no_summary_and_no_points(news, editor_client):
    assert latest("rumour-rag", "30d").claims == 0
    page = editor_client.get("/outlets/rumour-rag/?window=30d").content.decode()
    assert "No claims in this window, so no score." in page
    assert 'class="summary"' not in page and 'class="points"' not in page


def test_a_snapshot_from_before_corpus_figures_were_kept_asks_for_a_rescore(news, editor_client):
    OutletScore.objects.filter(pk=latest("rumour-rag").pk).update(corpus={})
    page = editor_client.get("/outlets/rumour-rag/").content.decode()
    assert "Rescore it to see what each criterion adds or takes away." in summary(page)
    assert '<td class="points"' not in page


def test_a_claim_behind_a_criterion_shows_the_label_on_show(news, editor, editor_client):
    weasel = Sentence.objects.get(text__startswith="Experts say")
    change_sentence(weasel, "label", "document", "The budget report", editor, seen=None)
    page = editor_client.get("/outlets/rumour-rag/").content.decode()
    assert re.search(rf">claim {weasel.pk}</a> <span class=\"label\">\(label: document\)</span>", page)


def test_the_api_gives_the_same_summary_and_points_as_the_page(news, editor_client):
    snapshot = latest("rumour-rag")
    expected = expected_points(snapshot)
    api = editor_client.get("/api/v1/outlets/rumour-rag/").json()["scores"]
    scored = api["all"]
    points = {item["name"]: item["points_against_corpus"] for item in scored["criteria"]}
    assert points == pytest.approx({name: value for name, (value, _) in expected.items()}, abs=0.005)
    assert scored["corpus_baseline"] + sum(points.values()) == pytest.approx(snapshot.overall, abs=0.05)
    assert scored["summary"] == summary(editor_client.get("/outlets/rumour-rag/").content.decode())
    assert {item["direction"] for item in scored["criteria"]} <= {
        "better than the corpus",
        "worse than the corpus",
        "level with the corpus",
    }
    assert api["30d"]["summary"] is None and api["30d"]["corpus_baseline"] is None
