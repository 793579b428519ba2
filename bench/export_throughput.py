"""Claims export throughput: the API's streamed CSV against the same rows read straight from the database.

Run: .venv/bin/python bench/export_throughput.py [--claims N] [--csv PATH]   (default 100000 claims)
Uses a temporary SQLite file, or, when DATABASE_URL points at a PostgreSQL server, a throwaway database
on that server, dropped afterwards. The corpus is built with bulk writes: articles of 25 sentences, one
analysis each (the one its tally counts), a story per four articles, a few claim links and overrides.
The floor reads the export's columns with one query and writes them as CSV to nowhere; the API is
`GET /api/v1/claims/?format=csv` with a dashboard token, its streamed chunks counted and dropped.
Rows per second are the better of two untraced passes; peak memory (tracemalloc) is a third pass, as
tracing slows every allocation. Both are measured at N/10 and at N claims: memory should not grow.
--csv also writes the API's CSV to PATH (untimed), to compare exports byte for byte across changes.
"""

import argparse
import csv
import gc
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")

SERVER = os.environ.get("DATABASE_URL")
SCRATCH_NAME = f"bench_export_{os.getpid()}"
SCRATCH_DIR = None
if SERVER:
    if not SERVER.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point at a PostgreSQL server; the bench makes its own database there.")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(SERVER)._replace(path=f"/{SCRATCH_NAME}"))
else:
    SCRATCH_DIR = tempfile.mkdtemp(prefix="bench-export-")
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH_DIR}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from tqdm import tqdm  # noqa: E402

from articles.models import Article, Outlet, Sentence  # noqa: E402
from reliability.api import claims, exports  # noqa: E402
from reliability.api.models import DashboardToken  # noqa: E402
from reliability.models import (  # noqa: E402
    LABEL_CHOICES,
    ArticleAnalysis,
    ArticleTally,
    ClaimLink,
    LabelOverride,
    SentenceAnalysis,
    Story,
    StoryArticle,
)

SENTENCES_PER_ARTICLE = 25
ARTICLES_PER_STORY = 4
OUTLETS = 40
BATCH_ARTICLES = 400  # articles written per transaction while building
LINK_EVERY = 100  # one claim link per this many sentences
OVERRIDE_EVERY = 200  # one editor's override per this many sentences
TARGET = 0.5  # the API's rate as a share of the floor's
# Fixed times and a seeded generator: two builds export the same bytes, whatever the day.
START = datetime(2025, 1, 1, tzinfo=UTC)
ANALYSED = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
LABELS = [label for label, _ in LABEL_CHOICES]

FACTS = [
    "the bridge would reopen on {day} after {n} weeks of repairs",
    "the council had approved a budget of {n} million dollars",
    "{n} people were evacuated from the flooded district, many of them elderly",
    "talks on the new trade deal would resume in {month}",
    'the company planned to cut {n} jobs, calling it a "painful but necessary" step',
]
DAYS = ["Monday", "Tuesday", "Friday"]
MONTHS = ["March", "June", "October"]
# (share of sentences, label, sentence, its possible sources, cue, what the evidence calls the source)
STYLES = [
    (25, "named_person", "{source} said that {fact}.", ["Mayor Lena Ortiz", "Amara Osei"], "said", "person"),
    (10, "named_organization", "{source} said in a statement that {fact}.", ["The ministry"], "said", "body"),
    (7, "media_report", "{source} reported that {fact}.", ["Reuters", "The Courier"], "reported", "media"),
    (6, "document", "According to {source}, {fact}.", ["court filings"], "According to", "document"),
    (8, "anonymous", "{source} who asked not to be named said {fact}.", ["An official"], "said", "unnamed"),
    (6, "vague", "{source} say {fact}.", ["Observers", "Critics"], "say", "weasel words"),
    (38, "none", "{fact}.", [None], None, None),
]


def sentence(rng):
    """(text, label, source span, cue span, evidence), spans relative to the sentence."""
    _, label, template, sources, cue, kind = rng.choices(STYLES, weights=[style[0] for style in STYLES])[0]
    fact = rng.choice(FACTS).format(day=rng.choice(DAYS), n=rng.randint(2, 900), month=rng.choice(MONTHS))
    source = rng.choice(sources)
    text = template.format(source=source, fact=fact)
    if source is None:
        return text[0].upper() + text[1:], label, None, None, ["no attribution cue"]
    start, at = text.index(source), text.index(cue)
    evidence = [f"cue: {cue.lower()}", f"{kind}: '{source}'"]
    return text, label, (start, start + len(source)), (at, at + len(cue)), evidence


def probabilities(rng, label):
    weights = {name: rng.random() * 0.1 for name in LABELS}
    weights[label] += rng.uniform(0.5, 1.5)
    total = sum(weights.values())
    return {name: round(weight / total, 4) for name, weight in weights.items()}


def build(first, count, rng, editor, outlets):
    """Articles numbered from `first` holding `count` more sentences; returns the next number."""
    made, number = 0, first
    with tqdm(total=count, unit="claim", desc=f"building {count:,} claims", file=sys.stderr) as progress:
        while made < count:
            batch = []
            while made < count and len(batch) < BATCH_ARTICLES:
                size = min(SENTENCES_PER_ARTICLE, count - made)
                batch.append((number, [sentence(rng) for _ in range(size)]))
                number, made = number + 1, made + size
            with transaction.atomic():
                write(batch, rng, editor, outlets)
            progress.update(sum(len(parts) for _, parts in batch))
    return number


def write(batch, rng, editor, outlets):
    """One transaction's articles: their story, sentences, analysis, tally, links and overrides."""
    articles = Article.objects.bulk_create(
        [
            Article(
                outlet=outlets[number % OUTLETS],
                title=f"Story {number // ARTICLES_PER_STORY}, article {number}",
                url=f"https://outlet{number % OUTLETS}.example/news/{number}",
                published_at=START + timedelta(hours=number),
                body=" ".join(text for text, *_ in parts),
                raw_text=" ".join(text for text, *_ in parts),
                content_hash=f"bench-{number}",
                source_name="bench",
                source_format="text",
            )
            for number, parts in batch
        ]
    )
    stories = {}
    for (number, _), article in zip(batch, articles, strict=True):
        moment = article.published_at
        stories.setdefault(
            number // ARTICLES_PER_STORY, Story(title=article.title, first_seen=moment, last_seen=moment)
        )
    Story.objects.bulk_create(stories.values())
    StoryArticle.objects.bulk_create(
        [
            StoryArticle(story=stories[number // ARTICLES_PER_STORY], article=article)
            for (number, _), article in zip(batch, articles, strict=True)
        ]
    )
    sentences, parts = [], []
    for (_, article_parts), article in zip(batch, articles, strict=True):
        offset = 0
        for order, part in enumerate(article_parts):
            end = offset + len(part[0])
            sentences.append(
                Sentence(
                    article=article,
                    order=order,
                    start=offset,
                    end=end,
                    raw_start=offset,
                    raw_end=end,
                    text=part[0],
                )
            )
            parts.append(part)
            offset = end + 1
    Sentence.objects.bulk_create(sentences, batch_size=exports.CHUNK)
    analyses = write_analyses(articles, sentences, parts, rng)
    ArticleTally.objects.bulk_create(
        [
            ArticleTally(
                article=article,
                outlet_id=article.outlet_id,
                analysis=analysis,
                day=article.published_at.date(),
            )
            for article, analysis in zip(articles, analyses, strict=True)
        ]
    )
    write_links(batch, articles, sentences, stories, rng)
    write_overrides(sentences, parts, rng, editor)


def write_analyses(articles, sentences, parts, rng):
    """One analysis per article, as the model saw each sentence; spans are offsets into the body."""
    analyses = ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article, analyser="model 20250601-120000") for article in articles]
    )
    for analysis in analyses:  # a time of its own, not the moment the bench ran
        analysis.created_at = ANALYSED + timedelta(minutes=analysis.article_id)
    ArticleAnalysis.objects.bulk_update(analyses, ["created_at"])
    of_article = {analysis.article_id: analysis for analysis in analyses}
    rows = []
    for stored, (_, label, source, cue, evidence) in zip(sentences, parts, strict=True):
        rows.append(
            SentenceAnalysis(
                analysis=of_article[stored.article_id],
                sentence=stored,
                is_claim=label != "none" or rng.random() < 0.4,
                claim_score=round(rng.uniform(0.5, 0.99), 4),
                label=label,
                confidence=round(rng.uniform(0.4, 0.95), 4),
                source_start=stored.start + source[0] if source else None,
                source_end=stored.start + source[1] if source else None,
                cue_start=stored.start + cue[0] if cue else None,
                cue_end=stored.start + cue[1] if cue else None,
                justified=label == "anonymous" and rng.random() < 0.3,
                decided_by=rng.choice(["rules", "rules", "model"]),
                evidence=evidence,
                probabilities=probabilities(rng, label),
            )
        )
    SentenceAnalysis.objects.bulk_create(rows, batch_size=exports.CHUNK)
    return analyses


def write_links(batch, articles, sentences, stories, rng):
    """Claims of two articles of one story, corroborating or contradicting each other."""
    of_article, members = {}, {}
    for stored in sentences:
        of_article.setdefault(stored.article_id, []).append(stored)
    for (number, _), article in zip(batch, articles, strict=True):
        members.setdefault(number // ARTICLES_PER_STORY, []).append(article)
    links = {}
    for _ in range(len(sentences) // LINK_EVERY):
        story = rng.choice(list(members))
        if len(members[story]) < 2:
            continue
        one, two = rng.sample(members[story], 2)
        first, second = sorted([rng.choice(of_article[one.pk]).pk, rng.choice(of_article[two.pk]).pk])
        kind = rng.choice([ClaimLink.CORROBORATES, ClaimLink.CORROBORATES, ClaimLink.CONTRADICTS])
        field = "number" if kind == ClaimLink.CONTRADICTS else ""
        links[first, second, kind, field] = ClaimLink(
            story=stories[story],
            sentence_id=first,
            other_id=second,
            kind=kind,
            similarity=round(rng.uniform(0.3, 0.9), 3),
            field=field,
            value=str(rng.randint(2, 900)) if field else "",
            other_value=str(rng.randint(2, 900)) if field else "",
        )
    ClaimLink.objects.bulk_create(links.values())


def write_overrides(sentences, parts, rng, editor):
    """A few editors' decisions: a new label, claim flag or source, or acceptance as is."""
    overrides = []
    for index in rng.sample(range(len(sentences)), len(sentences) // OVERRIDE_EVERY):
        stored, (text, label, *_) = sentences[index], parts[index]
        field = rng.choice(
            [LabelOverride.LABEL, LabelOverride.CLAIM, LabelOverride.SOURCE, LabelOverride.ACCEPT]
        )
        value = {
            LabelOverride.LABEL: rng.choice(LABELS),
            LabelOverride.CLAIM: rng.choice(["yes", "no"]),
            LabelOverride.SOURCE: f"{stored.start}-{stored.start + min(len(text), 12)}",
            LabelOverride.ACCEPT: "",
        }[field]
        overrides.append(
            LabelOverride(
                sentence=stored, field=field, old_value=label, new_value=value, reason="bench", editor=editor
            )
        )
    LabelOverride.objects.bulk_create(overrides)
    LabelOverride.objects.filter(pk__in=[o.pk for o in overrides]).update(created_at=ANALYSED)


class Discard:
    """A file that forgets what is written to it: the floor pays for CSV formatting, not for a disk."""

    def write(self, text):
        return len(text)


def floor():
    """The same rows, the export's columns, straight from the database to CSV."""
    writer = csv.writer(Discard())
    rows = claims.current_analyses().order_by("sentence_id").values_list(*claims.FIELDS)
    count = 0
    for row in rows.iterator(chunk_size=exports.CHUNK):
        writer.writerow(row)
        count += 1
    return count


def api(key, sink=None):
    """The whole list as a dashboard downloads it; chunks are counted and dropped unless `sink` keeps them."""
    client = Client(SERVER_NAME="localhost")  # an allowed host: "testserver" is allowed only under tests
    response = client.get("/api/v1/claims/", {"format": "csv"}, headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200 and response.streaming, response.content
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        if sink:
            sink.write(chunk)
    response.close()
    return lines - 1  # the header; no generated field holds a line break


def measure(read):
    """(rows, seconds, peak MiB) of one way of reading everything."""
    timings = []
    for _ in range(2):
        gc.collect()
        started = time.perf_counter()
        rows = read()
        timings.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    assert read() == rows
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, min(timings), peak / 2**20


def main(total, csv_path):
    settings.DEBUG = False  # as in production: no query log kept
    call_command("migrate", verbosity=0)
    where = "SQLite (temporary file)" if connection.vendor == "sqlite" else f"PostgreSQL ({SCRATCH_NAME})"
    print(f"database: {where}; {SENTENCES_PER_ARTICLE} claims per article; export chunks of {exports.CHUNK}")
    rng = random.Random(13)
    editor = User.objects.create_user("bench-editor")
    outlets = Outlet.objects.bulk_create(
        [Outlet(name=f"Outlet {number}", slug=f"outlet-{number}") for number in range(OUTLETS)]
    )
    _, key = DashboardToken.issue("bench")
    # One page first, so the timings leave out loading the API's modules on the first request.
    Client(SERVER_NAME="localhost").get("/api/v1/claims/", headers={"Authorization": f"Token {key}"})
    header = f"{'path':<6} {'rows':>9} {'seconds':>8} {'rows/s':>10} {'peak MiB':>9}"
    built = number = 0
    for size in (total // 10, total):
        number = build(number, size - built, rng, editor, outlets)
        built = size
        figures = {"floor": measure(floor), "API": measure(lambda: api(key))}
        print(header)
        for path, (rows, seconds, peak) in figures.items():
            assert rows == size, (path, rows, size)
            print(f"{path:<6} {rows:>9,} {seconds:>8.2f} {rows / seconds:>10,.0f} {peak:>9.1f}")
        ratio = figures["floor"][1] / figures["API"][1]
        print(f"API/floor rate at {size:,} claims: {ratio:.2f}", flush=True)
    met = "met" if ratio >= TARGET else "not met"
    print(f"target (the API at least {TARGET:.0%} of the floor's rate): {met}")
    if csv_path:
        with open(csv_path, "wb") as sink:
            api(key, sink)
        print(f"the API's CSV: {csv_path}")


def run():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the full corpus")
    parser.add_argument("--csv", help="also write the API's CSV here (untimed)")
    args = parser.parse_args()
    if not SERVER:
        try:
            main(args.claims, args.csv)
        finally:
            connection.close()
            shutil.rmtree(SCRATCH_DIR)
        return
    import psycopg

    server = urlunsplit(urlsplit(SERVER)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {SCRATCH_NAME}")
    try:
        main(args.claims, args.csv)
    finally:
        connection.close()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {SCRATCH_NAME} WITH (FORCE)")


if __name__ == "__main__":
    run()
