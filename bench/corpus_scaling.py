"""Grouping, matching and scoring at growing corpus sizes: the cost per article should stay flat.

Run: .venv/bin/python bench/corpus_scaling.py [--keep FOLDER] [SIZES...]   (default 1000 10000 100000)
Each size gets a fresh throwaway SQLite database (or DATABASE_URL, which must then be a scratch
database) filled with a synthetic corpus: many outlets, stories covered by several outlets over a few
days, sentences from a template grammar with attributed, anonymous, vague and unattributed claims.
The corpus grows in time, not in density: about ARTICLES_PER_DAY articles a day, as a real feed does.
It prints the seconds per stage and the milliseconds per article (wall, then CPU), then the median cost
of adding one article to the full corpus (group, link its story, retally, rescore the outlets that
moved), wall and CPU milliseconds. Progress goes to standard error: the largest size takes about an
hour on two cores.
--keep FOLDER keeps each size's corpus, grouped, linked and scored, as FOLDER/bench-SIZE.sqlite3; a later
run with the same FOLDER starts from a copy of it and measures only the adding (the stages show "-"), so
the cost of adding one article can be measured again in minutes.
"""

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")
SCRATCH = tempfile.mkdtemp(prefix="bench-corpus-")

OUTLETS = 40
TALLY_BATCH = 500
EXTRA_ARTICLES = 7  # added one by one after the build; the median is printed
ARTICLES_PER_DAY = 60
OUTLETS_PER_STORY = (2, 6)
SYLLABLES = (
    "al bren car dun el fen gar hol ivy jor kel lin mor nor os pen quar ros sel tor ul ven wil yar zen"
).split()
ENDINGS = "port ford row mere by wick th holme bridge ton ham stead field dale".split()
FACILITIES = "Bridge Stadium Station Hall Market Hospital Library Pier Arena Depot Tower Museum".split()
HAPPENINGS = [
    "the {place} in {town} will close for repairs on {day}",
    "{n} workers at the {place} in {town} went on strike on {day}",
    "the council of {town} approved {n} million for the {place} on {day}",
    "a fire damaged the {place} in {town} on {day}, injuring {n} people",
    "the {place} in {town} will reopen at {hour} a.m. local time on {day}",
]
SOURCES = [
    "Mayor {first} {last} said",
    "{first} {last}, the {town} council leader, told reporters",
    "a senior official who spoke on condition of anonymity said",
    "people familiar with the plans said",
    "observers say",
    "according to council documents,",
    "the {town} Courier reported",
    "the police said in a statement",
]
FIRST = "Ana Ben Carla Dev Eva Femi Gus Hana Ivo Jun Kofi Lena Mira Nils Omar Pia Raj Sara Tomas Uma".split()
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
# Each story draws its own topic words, so stories differ in vocabulary as real ones do.
TOPICS = (
    "asbestos ballot cargo drainage embargo ferry grain harvest insulin jetty kiln lease mortgage nitrate "
    "orchard pension quarry rail salmon tariff uranium vaccine wharf yacht zinc algae brewery canal dairy "
    "estuary foundry glacier hostel irrigation judo kennel landfill marina nursery oyster parish quota "
    "reservoir sawmill tannery upland vineyard warehouse bakery cinema dockyard fishery granary hatchery "
    "ironworks lagoon meadow observatory paddock refinery shipyard turbine viaduct windfarm abattoir "
    "bypass cemetery distillery expressway fairground gasworks heliport incinerator kindergarten"
).split()


def claim(rng, story):
    # Now and then an outlet gets the count wrong: a contradiction for the matcher to find.
    values = {**story["values"], "n": story["values"]["n"] + rng.choice([0, 0, 0, 2])}
    happening = story["happening"].format(**values)
    style = rng.random()
    first, last = rng.choice(story["people"])
    names = {"first": first, "last": last, "town": story["values"]["town"]}
    if style < 0.6:
        source = rng.choice(SOURCES).format(**names)
        return f"{source[0].upper()}{source[1:]} that {happening}."
    if style < 0.8:
        return f"{happening[0].upper()}{happening[1:]}, {rng.choice(SOURCES).format(**names).rstrip(',')}."
    return f"{happening[0].upper()}{happening[1:]}."


def filler(rng, town, topics):
    first, second = rng.sample(topics, 2)
    return rng.choice(
        [
            f"Residents of {town} have long complained about the {first} and the {second}.",
            f"The {first} near {town} has grown by a fifth in ten years, census figures show.",
            f"Local businesses in {town} said the {first} trade had been slow since the spring.",
            f"It is not the first time the {first} has come up, nor the {second}.",
        ]
    )


def corpus(size, rng):
    """Yield (outlet index, day offset, title, body) for `size` articles."""
    made = stories = 0
    start = datetime(2020, 1, 1, tzinfo=UTC)  # 100,000 articles end in 2024: none dated ahead of today
    while made < size:
        day = made // ARTICLES_PER_DAY
        town = (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)).capitalize()
        place = f"{rng.choice(SYLLABLES).capitalize()}{rng.choice(ENDINGS)} {rng.choice(FACILITIES)}"
        values = {
            "place": place,
            "town": town,
            "day": rng.choice(DAYS),
            "n": rng.randint(3, 400),
            "hour": rng.randint(6, 11),
        }
        stories += 1
        people = [
            (rng.choice(FIRST), (rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + "er").capitalize())
            for _ in range(2)
        ]
        story = {
            "number": stories,
            "happening": rng.choice(HAPPENINGS),
            "values": values,
            "topics": rng.sample(TOPICS, 5),
            "people": people,
        }
        for outlet in rng.sample(range(OUTLETS), rng.randint(*OUTLETS_PER_STORY)):
            if made >= size:
                break
            paragraphs = [claim(rng, story) for _ in range(rng.randint(3, 6))]
            paragraphs += [filler(rng, values["town"], story["topics"]) for _ in range(rng.randint(2, 4))]
            rng.shuffle(paragraphs)
            title = f"Story {story['number']}, article {made}: {values['place']} in {values['town']}"
            published = start + timedelta(days=day + rng.choice([0, 0, 1, 2]))
            yield outlet, published, title, "\n\n".join(paragraphs)
            made += 1


def build(size, rng):
    """Store the corpus as articles with sentences and rules-only analyses, outside the timings."""
    from django.db import transaction

    from articles.ingest import content_hash
    from articles.models import Article, Outlet, Sentence
    from articles.sentences import split_sentences
    from reliability.analysis.article import Failed, analyse_bodies
    from reliability.storage import RULES_ONLY, store

    outlets = Outlet.objects.bulk_create(
        [Outlet(name=f"Outlet {number}", slug=f"outlet-{number}") for number in range(OUTLETS)]
    )
    articles = []
    for outlet, published, title, body in corpus(size, rng):
        articles.append(
            Article(
                outlet=outlets[outlet],
                title=title,
                body=body,
                raw_text=body,
                published_at=published,
                content_hash=content_hash(f"{title}\n{body}"),
                source_name="bench",
                source_format="text",
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=1000)
    sentences = [
        Sentence(
            article=article,
            order=order,
            start=start,
            end=end,
            raw_start=start,
            raw_end=end,
            text=article.body[start:end],
        )
        for article in articles
        for order, (start, end) in enumerate(split_sentences(article.body))
    ]
    Sentence.objects.bulk_create(sentences, batch_size=2000)
    made_stories = len({article.title.split(", ")[0] for article in articles})
    with transaction.atomic():
        for offset in range(0, len(articles), 200):
            batch = list(
                Article.objects.filter(
                    pk__in=[a.pk for a in articles[offset : offset + 200]]
                ).prefetch_related("sentences")
            )
            for article, analysed in zip(batch, analyse_bodies([a.body for a in batch]), strict=True):
                if isinstance(analysed, Failed):
                    raise SystemExit(f"analysis of article {article.pk} failed: {analysed.reason}")
                store(article, analysed, RULES_ONLY, None)
    return made_stories


def clocks():
    return time.perf_counter(), time.process_time()


def since(started):
    """(wall, CPU) seconds since clocks() gave started: SQLite works inside the process, so the CPU
    seconds are a stage's whole cost, and less swayed than the wall by other work on the machine."""
    return tuple(now - then for now, then in zip(clocks(), started, strict=True))


def progress(size, stage, done=None, total=None):
    figure = f" {done:,} of {total:,}" if total else ""
    print(f"  [{size:,} articles] {stage}{figure}", file=sys.stderr, flush=True)


def run(size, keep=None):
    """(build seconds, {stage: (wall, CPU) seconds}, median (wall, CPU) seconds to add one, stories,
    stories made); the build and stages are None when the corpus is a copy of one kept before."""
    from django.conf import settings as django_settings
    from django.db import connection

    from articles.models import Article, Outlet
    from reliability.models import Story
    from reliability.refresh import refresh

    connection.close()
    database = f"{SCRATCH}/bench-{size}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    django_settings.DATABASES["default"]["NAME"] = database
    kept = keep and Path(keep) / f"bench-{size}.sqlite3"
    rng = random.Random(size)
    if kept and kept.exists():
        shutil.copy(kept, database)
        built, timings, made_stories = None, None, None
        for _ in corpus(size, rng):  # the same extra articles as in the run that built it
            pass
    else:
        built, timings, made_stories = build_and_time(size, rng)
        if kept:
            connection.close()  # nothing left unwritten in the file copied
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(database, kept)
    articles = list(Article.objects.order_by("pk"))
    # More articles, one at a time, arriving on the last day: the incremental update an editor waits for.
    progress(size, f"adding {EXTRA_ARTICLES} articles one by one")
    durations = []
    for outlet in Outlet.objects.order_by("pk")[:EXTRA_ARTICLES]:
        extra = build_one(rng, outlet, articles[-1].published_at)
        started = clocks()
        refresh([extra])
        durations.append(since(started))
    one = tuple(statistics.median(figures) for figures in zip(*durations, strict=True))
    return built, timings, one, Story.objects.count(), made_stories


def build_and_time(size, rng):
    """Build the corpus, then group, link and score it stage by stage: (build seconds, {stage: (wall, CPU)
    seconds}, stories made)."""
    from django.core.management import call_command

    from articles.models import Article
    from reliability.models import Story
    from reliability.refresh import STORIES_AT_ONCE
    from reliability.scoring import current_settings, rescore, retally
    from reliability.stories import group
    from reliability.support import link_stories

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    progress(size, "building the corpus (not timed per stage)")
    made_stories = build(size, rng)
    built = time.perf_counter() - started
    settings = current_settings()
    articles = list(Article.objects.order_by("pk"))
    timings = {}
    progress(size, "grouping")
    started = clocks()
    group(articles, settings)
    timings["grouping"] = since(started)
    stories = list(Story.objects.order_by("pk"))
    started = clocks()
    step = max(STORIES_AT_ONCE, len(stories) // 10 // STORIES_AT_ONCE * STORIES_AT_ONCE)
    for offset in range(0, len(stories), STORIES_AT_ONCE):  # as a job's batch links them
        link_stories(stories[offset : offset + STORIES_AT_ONCE], settings)
        if (offset + STORIES_AT_ONCE) % step == 0:
            progress(size, "matching: stories linked", offset + STORIES_AT_ONCE, len(stories))
    timings["matching"] = since(started)
    started = clocks()
    outlets = {}
    ids = [article.pk for article in articles]
    for offset in range(0, len(ids), TALLY_BATCH):  # as `score` does it: a batch of articles at a time
        batch = Article.objects.filter(pk__in=ids[offset : offset + TALLY_BATCH]).select_related("outlet")
        outlets.update((outlet.pk, outlet) for outlet in retally(batch))
        if (offset // TALLY_BATCH) % max(1, len(ids) // TALLY_BATCH // 10) == 0:
            progress(size, "scoring: articles tallied", min(offset + TALLY_BATCH, len(ids)), len(ids))
    rescore(outlets.values())
    timings["scoring"] = since(started)
    return built, timings, made_stories


def build_one(rng, outlet, published):
    from articles.ingest import ingest_document
    from articles.reading import Document
    from reliability.storage import analyse_pending

    # A made-up article may be refused (its syllables read as another language) or, among 100,000, be a
    # duplicate: the next one is drawn then, as a feed brings the next article.
    for _ in range(20):
        _, _, title, body = next(corpus(1, rng))
        document = Document(
            "bench-extra",
            len(body),
            text=body,
            title=title,
            outlet=outlet.name,
            published_at=published.isoformat(),
        )
        outcome = ingest_document(document)
        if outcome.status == "created":
            analyse_pending(None)
            return outcome.article
        reason = outcome.reason or "stored before"
        print(f"  an extra article was {outcome.status} ({reason}); drawing another", file=sys.stderr)
    raise SystemExit("20 made-up articles in a row could not be added")


def main(sizes, keep=None):
    import django

    django.setup()
    print(
        f"{'articles':>9} {'stories':>8} {'made':>6} {'build s':>8} "
        + " ".join(
            f"{stage + ' s':>11} {'ms/art':>7} {'CPU':>6}" for stage in ("grouping", "matching", "scoring")
        )
        + f" {'add one ms':>11} {'CPU':>6}"
    )
    for size in sizes:
        built, timings, one, stories, made = run(size, keep)
        if timings is None:  # a kept corpus: only the adding was measured
            print(
                f"{size:>9} {stories:>8} {'-':>6} {'-':>8} "
                + " ".join(f"{'-':>11} {'-':>7} {'-':>6}" for _ in range(3)),
                end="",
            )
        else:
            cells = " ".join(
                f"{wall:>11.2f} {1000 * wall / size:>7.2f} {1000 * cpu / size:>6.2f}"
                for wall, cpu in timings.values()
            )
            print(f"{size:>9} {stories:>8} {made:>6} {built:>8.1f} {cells}", end="")
        print(f" {1000 * one[0]:>11.1f} {1000 * one[1]:>6.1f}", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    keep = None
    if arguments[:1] == ["--keep"]:
        keep, arguments = arguments[1], arguments[2:]
    main([int(arg) for arg in arguments] or [1000, 10000, 100000], keep)
