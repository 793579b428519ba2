"""Analysis throughput: 1,000 generated articles of about 750 words through rules and model.

Run: .venv/bin/python bench/analyse_throughput.py [ARTICLES]   (default 1000)
Prints articles per second and peak memory, with the model loaded once and one thread for the maths.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reliability.settings")

import django  # noqa: E402

django.setup()

from reliability.analysis.article import Failed, analyse_bodies  # noqa: E402
from reliability.analysis.fitting import fit  # noqa: E402
from reliability.training.dataset import load_examples  # noqa: E402
from reliability.training.evaluate import prepare  # noqa: E402

PEOPLE = ["Mayor Lena Ortiz", "Karl Brenner, the finance minister,", "Dr. Amara Osei", "Senator Joe Hale"]
SOURCES = [
    *(f"{person} said" for person in PEOPLE),
    "a senior official who spoke on condition of anonymity said",
    "people familiar with the talks said",
    "observers say",
    "according to court filings,",
    "Reuters reported",
    "the ministry said in a statement",
]
FACTS = [
    "the bridge would reopen on {day} after {n} weeks of repairs",
    "the council had approved a budget of {n} million dollars",
    "{n} people were evacuated from the flooded district",
    "talks on the new trade deal would resume in {month}",
    "the company planned to cut {n} jobs by the end of the year",
    "the vote had been postponed until {month}",
]
DAYS = ["Monday", "Tuesday", "Friday"]
MONTHS = ["March", "June", "October"]


def sentence(rng):
    fact = rng.choice(FACTS).format(day=rng.choice(DAYS), n=rng.randint(2, 900), month=rng.choice(MONTHS))
    style = rng.random()
    if style < 0.35:
        return f"{rng.choice(SOURCES).capitalize()} that {fact}."
    if style < 0.6:
        return f"{fact[0].upper()}{fact[1:]}, {rng.choice(SOURCES).rstrip(',')}."
    if style < 0.7:
        return f"“We expect {fact},” {rng.choice(PEOPLE).split(',')[0]} said."
    return f"{fact[0].upper()}{fact[1:]}."


def article(rng, words=750):
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def main(total):
    rng = random.Random(11)
    bodies = [article(rng) for _ in range(total)]
    words = sum(len(body.split()) for body in bodies)
    started = time.perf_counter()
    prepared = prepare(load_examples())
    model = fit(prepared.rows, prepared.classes, prepared.labels)
    print(
        f"model trained on {len(prepared.rows)} sentences "
        f"in {time.perf_counter() - started:.1f} s (not timed below)"
    )
    started = time.perf_counter()
    sentences = 0
    for offset in range(0, total, 50):
        for result in analyse_bodies(bodies[offset : offset + 50], model):
            if isinstance(result, Failed):
                raise SystemExit(f"analysis failed: {result.reason}")
            sentences += len(result)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {total}   words per article: {words / total:.0f}   sentences: {sentences}")
    print(
        f"seconds: {elapsed:.2f}   articles/s: {total / elapsed:.1f}   sentences/s: {sentences / elapsed:.0f}"
    )
    print(f"peak memory (max RSS of the process): {peak:.0f} MB")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory():
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
