"""Outlet scores against a trusted rater on real news: AUC and Spearman's rho, per criterion and overall.

Run: .venv/bin/python bench/outlet_validity.py [ARTICLES.jsonl RATINGS.csv]
(default: articles.jsonl and ratings.csv of ../shared/validation/allsides-mbfc/, or VALIDATION_DIR)
Ingests into a throwaway SQLite database, trains the model (no cross-validation) into a throwaway model
folder, analyses and scores as `manage.py ingest`, `train_model` and `score` do, with their progress
on standard error. Then prints each rated outlet's rating, overall score and goodness per criterion;
the AUC and rho of the overall score with the current weights, of the overall score with weights
fitted to the other outlets' ratings (leave-one-out), and of each criterion alone; and the seconds of
each stage.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="bench-validity-")
# Always scratch: the benchmark stores a corpus and makes its own model current.
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ["MODEL_DIR"] = f"{SCRATCH}/models"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")

import django  # noqa: E402

django.setup()

from django.core.management import CommandError, call_command  # noqa: E402
from tqdm import tqdm  # noqa: E402

from reliability import validity  # noqa: E402
from reliability.scoring import CRITERIA, current_settings  # noqa: E402
from reliability.training.realset import VALIDATION_DIR  # noqa: E402


def stage(timings, name, *command):
    """Run a management command as a stage, its output on standard error; a failure it reports (some
    articles not ingested or analysed) is shown and the benchmark goes on with the rest."""
    print(f"\n== {name}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        call_command(*command, stdout=sys.stderr, stderr=sys.stderr)
    except CommandError as error:
        print(f"{command[0]}: {error}", file=sys.stderr)
    timings[name] = time.perf_counter() - started


def outlet_table(rated, found, names):
    """Each rated outlet, best rated first: its rating, overall scores and goodness per criterion."""
    width = max(len(outlet) for outlet in found.outlets)
    columns = [max(len(name), 5) for name in names]
    lines = [
        f"{'outlet':<{width}}  {'rating':>6}  {'overall':>7}  {'held-out':>8}  "
        + "  ".join(f"{name:>{column}}" for name, column in zip(names, columns, strict=True))
    ]
    for outlet in sorted(found.outlets, key=lambda outlet: (-rated.ratings[outlet], -found.current[outlet])):
        goodness = rated.goodness[outlet]
        lines.append(
            f"{outlet:<{width}}  {rated.ratings[outlet]:>6g}  {found.current[outlet]:>7.2f}  "
            f"{found.held_out[outlet]:>8.2f}  "
            + "  ".join(f"{goodness[name]:>{column}.3f}" for name, column in zip(names, columns, strict=True))
        )
    return "\n".join(lines)


def main(articles, ratings, ratings_read):
    timings = {}
    stage(timings, "migrate", "migrate", "--verbosity", "0")
    stage(timings, "ingest", "ingest", str(articles))
    stage(timings, "train", "train_model", "--folds", "0")
    stage(timings, "analyse and score", "score")
    started = time.perf_counter()
    names = [name for name, _, _ in CRITERIA]
    rated = validity.rated_outlets(ratings_read, names)
    settings = current_settings()
    found = validity.report(
        rated.goodness,
        rated.ratings,
        names,
        settings.criterion_weights,
        lambda outlets: tqdm(outlets, desc="leave-one-out fits", unit="outlet", file=sys.stderr),
    )
    timings["figures"] = time.perf_counter() - started

    print(f"articles: {articles}\nratings: {ratings} ({len(ratings_read)} outlets)")
    for problem, outlets in [
        ("no outlet of that name", rated.unmatched),
        ("no all-time score", rated.unscored),
        ("a score without every criterion", rated.incomplete),
    ]:
        if outlets:
            print(f"skipped, {problem}: {', '.join(outlets)}")
    print(
        f"\nOutlets ({len(found.outlets)}): overall with the weights of settings v{settings.version}; "
        "held-out with weights fitted to the other outlets; goodness per criterion (higher is better)\n"
    )
    print(outlet_table(rated, found, names))
    print(f"\nAgainst the ratings ({len(found.outlets)} outlets)\n")
    print(validity.table(found, {name: title for name, title, _ in CRITERIA}))
    print("\nSeconds: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items()))
    print(f"         total {sum(timings.values()):.1f}")


if __name__ == "__main__":
    if len(sys.argv) not in (1, 3):
        raise SystemExit(__doc__.split("\n\n")[1])
    articles, ratings = (
        map(Path, sys.argv[1:])
        if sys.argv[1:]
        else (VALIDATION_DIR / "articles.jsonl", VALIDATION_DIR / "ratings.csv")
    )
    if not articles.is_file():
        raise SystemExit(f"outlet_validity: no articles at {articles}")
    try:
        ratings_read = validity.read_ratings(ratings)  # refused before any work
    except (OSError, ValueError) as error:
        raise SystemExit(f"outlet_validity: ratings refused: {error}") from None
    main(articles, ratings, ratings_read)
