"""`manage.py analyze` on many real-sized files in one call, as a whole process: speed and peak memory.

Run: .venv/bin/python bench/analyze_files.py [SIZES...]   (default 840 5000)
The files are the real articles of ../shared/validation/allsides-mbfc/articles.jsonl, written out as
plain text into a scratch folder (never into the project). Sizes beyond the 1,375 real articles are made
of real sentences too: each further file joins runs of sentences from three real articles, so a
sentence turns up in about as many files as a syndicated wire story does. A model is trained first
(scratch database and model folder, not timed); then, per size, one `analyze` process reads, analyses
and weighs corroboration among all the files, with one worker and with the default (one per CPU);
its seconds, CPU seconds (workers included), files per second and peak memory (the proportional set
size of the process and its workers, sampled every 50 ms) are printed.
"""

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "validation" / "allsides-mbfc" / "articles.jsonl"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
RUN = 4  # sentences taken from one article at a time in a made-up file
WORKERS = len(os.sched_getaffinity(0))  # what `analyze` uses by default; one worker is measured too


def real_texts():
    with ARTICLES.open(encoding="utf-8") as lines:
        return [text for line in lines if (text := json.loads(line).get("text", "").strip())]


def mixed(rng, texts):
    """A made-up file of real sentences: runs from three articles, about as long as the first."""
    sources = [SENTENCE_END.split(text) for text in rng.sample(texts, 3)]
    wanted = sum(len(sentence) for sentence in sources[0])
    sentences, length, position = [], 0, 0
    while length < wanted and any(position < len(source) for source in sources):
        for source in sources:
            run = source[position : position + RUN]
            sentences += run
            length += sum(len(sentence) for sentence in run)
        position += RUN
    return " ".join(sentences)


def write_files(folder, size, texts, rng):
    paths = []
    for number in range(size):
        text = texts[number] if number < len(texts) else mixed(rng, texts)
        path = folder / f"{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def manage(environment, *arguments, **options):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments], env=environment, check=True, **options
    )


def tree_pss_mb(pid):
    """The proportional set size of a process and its descendants, in MB: shared pages (a forked
    worker's copy of the model) counted once, split among the processes sharing them."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total / 1024


def measure(environment, paths, workers):
    """(seconds, CPU seconds of the process and its workers, peak MB of them all) of one `analyze`."""
    started = time.perf_counter()
    peak = 0.0
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "analyze", "--workers", str(workers), *paths],
            env=environment,
            stdout=sink,
        )
        while process.poll() is None:
            peak = max(peak, tree_pss_mb(process.pid))
            time.sleep(0.05)
    elapsed = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"analyze failed with status {process.returncode}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def main(sizes):
    if not ARTICLES.exists():
        raise SystemExit(f"no validation articles at {ARTICLES}")
    texts = real_texts()
    scratch = Path(tempfile.mkdtemp(prefix="bench-analyze-"))
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "MODEL_DIR": str(scratch / "models"),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    print("training a model in a scratch folder (not timed)...", flush=True)
    manage(environment, "migrate", "-v0")
    manage(environment, "train_model", "--folds", "0", stdout=subprocess.DEVNULL)
    print(
        f"{'files':>6} {'real':>5} {'workers':>7} {'seconds':>8} {'CPU s':>7} {'files/s':>8} {'peak MB':>8}",
        flush=True,
    )
    for size in sizes:
        folder = scratch / f"files-{size}"
        folder.mkdir()
        paths = write_files(folder, size, texts, random.Random(size))
        for workers in sorted({1, WORKERS}):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            elapsed, cpu, peak = measure(environment, paths, workers)
            cpu -= before.ru_utime + before.ru_stime
            real = min(size, len(texts))
            print(
                f"{size:>6} {real:>5} {workers:>7} {elapsed:>8.1f} {cpu:>7.1f} "
                f"{size / elapsed:>8.1f} {peak:>8.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(argument) for argument in sys.argv[1:]] or [840, 5000])
