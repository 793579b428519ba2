"""Ingestion throughput: articles per second and cost per article as the corpus grows.

Run: .venv/bin/python bench/ingest_throughput.py [SIZES...]   (default 200 1000 5000)
Uses a throwaway SQLite database unless DATABASE_URL is set (then it must be a scratch database).
"""

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
scratch = tempfile.mkdtemp(prefix="bench-ingest-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from articles.ingest import ingest_files  # noqa: E402
from articles.models import Article  # noqa: E402

SUBJECTS = ["The mayor", "A senior official", "The ministry", "Observers", "The company", "Police"]
VERBS = ["said", "announced", "told reporters", "confirmed", "denied"]
OBJECTS = ["the budget", "the bridge", "the election", "the strike", "the summit", "the merger"]


def article(size, number, rng):
    sentences = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} on Tuesday that {rng.choice(OBJECTS)} would cost "
        f"{rng.randint(2, 900)} million dollars, according to document {size}-{number}-{index}."
        for index in range(rng.randint(8, 20))
    ]
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return {
        "url": f"https://outlet{number % 50}.example/story/{size}-{number}",
        "title": f"Story {size}-{number}",
        "published_at": "2025-08-14",
        "text": "\n\n".join(paragraphs) + "\n\nMore in News\n\nAnother story\n",
    }


def run(size, rng):
    path = Path(scratch) / f"bulk-{size}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(size):
            handle.write(json.dumps(article(size, number, rng)) + "\n")
    before = Article.objects.count()
    started = time.perf_counter()
    statuses = [outcome.status for outcome in ingest_files([path])]
    elapsed = time.perf_counter() - started
    assert statuses.count("created") == size and Article.objects.count() == before + size
    return elapsed


def main(sizes):
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    print(f"{'articles':>9} {'seconds':>8} {'articles/s':>11} {'ms/article':>11} {'corpus after':>13}")
    for size in sizes:
        elapsed = run(size, rng)
        print(
            f"{size:>9} {elapsed:>8.2f} {size / elapsed:>11.1f} {1000 * elapsed / size:>11.2f} "
            f"{Article.objects.count():>13}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [200, 1000, 5000])
