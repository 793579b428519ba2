"""The four seed articles, ingested with exact expectations."""

import hashlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Outlet

SEEDS = settings.BASE_DIR / "seeds"
SHARED_SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"


def seed(prefix):
    return Article.objects.get(source_name__contains=f"/{prefix}_")


def raw_of(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes().decode("utf-8")


@pytest.fixture
def seeds(db):
    call_command("load_seeds", no_progress=True, stdout=None)


def test_seed_files_match_the_manifest_byte_for_byte():
    manifest = json.loads((SEEDS / "manifest.json").read_text())
    for entry in manifest["seeds"]:
        assert hashlib.sha256((SEEDS / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    if SHARED_SEEDS.is_dir():  # beside the checkout on every machine of the team and in CI
        shared = sorted(path.name for path in SHARED_SEEDS.glob("*.txt"))
        assert shared == sorted(entry["file"] for entry in manifest["seeds"])
        for name in shared:
            assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_every_sentence_slices_the_body_and_the_raw_file_exactly(seeds):
    for prefix in ["000", "001", "002", "003"]:
        article = seed(prefix)
        raw = raw_of(prefix)
        assert article.raw_text == raw
        sentences = list(article.sentences.all())
        assert len(sentences) > 8
        for sentence in sentences:
            assert article.body[sentence.start : sentence.end] == sentence.text
            assert raw[sentence.raw_start : sentence.raw_end] == sentence.text


def test_000_names_no_publisher_and_loses_its_language_picker(seeds):
    article = seed("000")
    assert article.outlet.kind == Outlet.Kind.UNKNOWN
    assert (
        article.outlet.name == "Unknown outlet: Donald Trump and Vladimir Putin headed to Alaska on Friday…"
    )
    assert article.carried_by is None and not article.credits.exists()
    assert article.title == ""
    assert article.furniture == [{"start": 0, "end": 16, "rule": "language picker"}]
    assert article.published_at.isoformat() == "2025-08-15T00:00:00+00:00"
    assert article.language == "en"
    first = article.sentences.first()
    assert (first.start, first.raw_start) == (0, 17)
    assert first.text.startswith("Donald Trump and Vladimir Putin headed to Alaska on Friday")


def test_001_is_the_new_york_times_carried_by_the_juneau_empire(seeds):
    article = seed("001")
    assert article.outlet.name == "The New York Times"
    assert article.carried_by.name == "Juneau Empire"
    assert not article.credits.exists()
    assert article.title == "Trump to meet Putin at Joint Base Elmendorf-Richardson in Anchorage"


def test_001_stops_before_more_in_news_and_has_no_captions(seeds):
    article = seed("001")
    raw = raw_of("001")
    texts = list(article.sentences.values_list("text", flat=True))
    assert texts[0] == "Trump to meet Putin at Joint Base Elmendorf-Richardson in Anchorage"
    assert texts[-1] == (
        "The New York Times reported Tuesday that investigators linked Russia to a recent hack of the "
        "computer system that manages federal court documents."
    )
    last = article.sentences.last()
    assert last.raw_end < raw.index("This article originally appeared")
    for furniture in [
        "Doug Mills",
        "More in News",
        "Most Read",
        "bowpicker",
        "<strong>",
        "originally appeared",
    ]:
        assert furniture not in article.body
    assert [item["rule"] for item in article.furniture] == [
        "photo caption",
        "syndication credit",
        "teaser block",
    ]


def test_001_keeps_a_quotation_with_its_speaker(seeds):
    raw = raw_of("001")
    quote = "“The president is agreeing to this meeting at the request of President Putin,” she said."
    sentence = seed("001").sentences.get(text=quote)
    assert (sentence.raw_start, sentence.raw_end) == (raw.index(quote), raw.index(quote) + len(quote))


def test_002_is_newsmax_with_help_from_reuters(seeds):
    article = seed("002")
    assert article.outlet.name == "Newsmax"
    assert article.carried_by is None
    assert [(outlet.name, outlet.kind) for outlet in article.credits.all()] == [("Reuters", "wire")]
    texts = list(article.sentences.values_list("text", flat=True))
    assert texts[-1].startswith("With both delegations now in Anchorage")
    assert not any("Reuters" in text or "Newsmax" in text for text in texts)


def test_003_names_no_publisher_and_loses_its_image_and_caption(seeds):
    article = seed("003")
    assert article.outlet.kind == Outlet.Kind.UNKNOWN
    assert (
        article.title == "US rolls out red carpet for Russian President Putin in Alaska – "
        "Signal of détente or strategic move?"
    )
    assert article.outlet != seed("000").outlet
    assert [item["rule"] for item in article.furniture] == ["image placeholder", "photo caption"]
    texts = list(article.sentences.values_list("text", flat=True))
    assert "![]()" not in article.body and "| US rolls out" not in article.body
    assert "Agenda: Security, trade, and strategic weapons" in texts
    assert (
        "On the other hand, for Mr. Putin, this visit is an opportunity to mark his international "
        "presence in the context of the West trying to isolate Russia." in texts
    )


def test_load_seeds_twice_changes_nothing(seeds, capsys):
    before = list(Article.objects.values_list("pk", "content_hash"))
    call_command("load_seeds", no_progress=True)
    out = capsys.readouterr().out
    assert "Ingested 0 new articles; 4 already stored (no change); 0 failed." in out
    assert list(Article.objects.values_list("pk", "content_hash")) == before
    assert Path(seed("002").source_name).name == "002_c6cf632adf615ddb.txt"
