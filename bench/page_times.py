"""The editors' main pages on a large corpus: p50 and p95 milliseconds of each, as an editor signed in.

Run: .venv/bin/python bench/page_times.py [ARTICLES]   (default 13000: about 100,000 claims)
The corpus is bench/corpus_scaling.py's (a throwaway SQLite database, or DATABASE_URL, which must then
be a scratch database), built, grouped, linked and scored the same way. Then each page is asked
REQUESTS times through Django's test client, which runs the whole request (middleware, sessions,
templates) without a network: the dashboard, outlet pages, article pages and the review queue's next
item, each request a different outlet or article where there is a choice: p50, p95 and the slowest
of wall and of CPU milliseconds. The first request of each page is not counted (it fills the caches
every later one finds filled, as a running server has them).

To time the pages again without building the corpus again (several minutes), set PAGE_TIMES_DB to a
SQLite file: the first run builds the corpus and keeps a copy there, later runs time a fresh copy of it,
migrated (ARTICLES is then the kept corpus's, whatever is asked). Data a migration does not backfill is
as the building run's code left it: build afresh for figures to report.
"""

import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")

import corpus_scaling  # noqa: E402

REQUESTS = 60


def pages(rng):
    """(page, URL maker): each call of the maker gives the next URL to ask for."""
    from django.urls import reverse

    from articles.models import Article, Outlet

    slugs = list(Outlet.objects.values_list("slug", flat=True))
    article_ids = list(Article.objects.values_list("pk", flat=True))
    return [
        ("dashboard", lambda: reverse("review:dashboard")),
        ("outlet page", lambda: reverse("review:outlet", args=[rng.choice(slugs)])),
        ("article page", lambda: reverse("review:article", args=[rng.choice(article_ids)])),
        ("next queue item", lambda: reverse("review:queue")),
    ]


def measure(client, url_of):
    """Wall and CPU milliseconds of REQUESTS requests, after one not counted. SQLite works inside this
    process, so its CPU time is the page's whole cost, and less swayed than the wall time by other work
    on the machine."""
    client.get(url_of())
    wall, cpu = [], []
    for _ in range(REQUESTS):
        url = url_of()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - started_cpu))
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return wall, cpu


def percentiles(durations):
    durations = sorted(durations)
    return statistics.median(durations), durations[int(0.95 * (len(durations) - 1))], durations[-1]


def use_database(kept):
    """Go on with a scratch copy of the kept corpus: the requests write (sessions, the evidence an
    outlet page works out on its first reading), and every run should start from the corpus as built."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = shutil.copyfile(kept, f"{corpus_scaling.SCRATCH}/pages.sqlite3")
    call_command("migrate", verbosity=0)


def keep_database(path):
    """Keep the built corpus at `path`."""
    from django.db import connection

    connection.close()
    shutil.copyfile(connection.settings_dict["NAME"], path)


def main(size):
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from reliability.models import SentenceAnalysis

    kept = os.environ.get("PAGE_TIMES_DB")
    if kept and Path(kept).exists():
        use_database(kept)
    else:
        corpus_scaling.run(size)
        call_command("create_editor", username="bench-editor", password="a-bench-password", stdout=None)
        if kept:
            keep_database(kept)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username="bench-editor"))
    claims = SentenceAnalysis.objects.filter(is_claim=True).count()
    print(f"{size:,} articles, {claims:,} claims; {REQUESTS} requests a page", flush=True)
    print(f"{'page':<16} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}   {'CPU p50':>7} {'p95':>7} {'max':>7}")
    for page, url_of in pages(random.Random(size)):
        wall, cpu = measure(client, url_of)
        cells = " ".join(f"{figure:>7.1f}" for figure in percentiles(wall))
        cpu_cells = " ".join(f"{figure:>7.1f}" for figure in percentiles(cpu))
        print(f"{page:<16} {cells}   {cpu_cells}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 13000)
