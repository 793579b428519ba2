"""The whole pipeline on real articles through real workers: ingest, analyse and score the articles of
../shared/validation/allsides-mbfc/ as one upload job, with 1 worker and with 2, on a scratch
PostgreSQL database; articles per second for each, the speed-up, and the workers' CPU time, in all and
in each phase of the job (its stages, the planning between them, the final step).

Run: .venv/bin/python bench/pipeline_workers.py [WORKER COUNTS...]   (default 1 2)
The scratch database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
reliability_workers_bench) is dropped and made anew, then emptied before each run. The workers are
started (and warmed up) before the clock starts; the clock stops when the job is done, its stages
(ingest and analysis, stories and links, scores) and final step included.
MODEL_DIR as set (none: the rules alone). The texts are read in place, never copied into the project.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "validation" / "allsides-mbfc" / "articles.jsonl"
DATABASE = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/reliability_workers_bench"
)


def recreate(url):
    """The scratch database dropped and made anew (migrated below), whatever an earlier run left."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


recreate(DATABASE)
scratch = Path(tempfile.mkdtemp(prefix="bench-workers-"))
os.environ.update(
    DATABASE_URL=DATABASE,
    TASKS_BACKEND="database",
    UPLOAD_DIR=str(scratch / "uploads"),
    DJANGO_SETTINGS_MODULE="reliability.settings",
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count, Max, Min  # noqa: E402
from tqdm import tqdm  # noqa: E402

from articles.models import Article  # noqa: E402
from reliability import jobs, tasks  # noqa: E402
from reliability.models import ArticleAnalysis, Job  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User and system CPU time of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def workers_cpu(workers):
    return sum(cpu_seconds(process.pid) for process, _ in workers)


def start_workers(count):
    """`count` db_worker processes, each up and polling (Django loaded) before this returns."""
    workers = []
    for number in range(count):
        log = (scratch / f"worker-{count}-{number}.log").open("w")
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        process = subprocess.Popen(
            [*command, "--interval", "0.1", "-v", "1"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        workers.append((process, log))
    for process, log in workers:
        while "Starting worker" not in Path(log.name).read_text():
            if process.poll() is not None:
                sys.exit(f"a worker stopped: {Path(log.name).read_text()}")
            time.sleep(0.1)
    return workers


def stop(workers):
    for process, log in workers:
        process.terminate()
        process.wait(30)
        log.close()


# The phases of the job, as its row shows them: (stage, whether the step after the stage is queued).
PHASES = {
    (0, False): "ingest and analyse",
    (0, True): "planning",
    (1, False): "link stories",
    (1, True): "planning",
    (2, False): "score outlets",
    (2, True): "final step",
}


def run(count):
    """Ingest, analyse and score every article with `count` workers; (seconds, worker CPU seconds, job,
    the workers' CPU seconds in each phase of the job: [(phase, seconds)], read at each poll)."""
    call_command("flush", interactive=False, verbosity=0)
    settings.UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTICLES, settings.UPLOAD_DIR / "articles.jsonl")
    workers = start_workers(count)
    try:
        before = sum(cpu_seconds(process.pid) for process, _ in workers)
        started = time.perf_counter()
        job = jobs.start(
            "ingest", "Ingest the validation articles", tasks.ingest_upload, upload="articles.jsonl"
        )
        phases, phase, mark = [], PHASES[0, False], before
        with tqdm(desc=f"{count} worker{'s' if count > 1 else ''}", unit="step", file=sys.stderr) as bar:
            while job.status not in (Job.DONE, Job.FAILED):
                time.sleep(0.2)
                job.refresh_from_db()
                now, cpu = PHASES[job.stage, job.finish_queued_at is not None], workers_cpu(workers)
                if now != phase or job.status in (Job.DONE, Job.FAILED):
                    phases.append((phase, cpu - mark))
                    phase, mark = now, cpu
                if bar.total != job.total:  # a new stage: its own count of steps
                    bar.reset(total=job.total)
                bar.update(job.done - bar.n)
                bar.set_postfix_str(job.message[:40])
        elapsed = time.perf_counter() - started
        cpu = workers_cpu(workers) - before
    finally:
        stop(workers)
    if job.status != Job.DONE:
        sys.exit(f"the job failed: {job.message}")
    twice = ArticleAnalysis.objects.values("article").annotate(n=Count("pk")).filter(n__gt=1)
    assert not twice.exists() and ArticleAnalysis.objects.count() == Article.objects.count()
    return elapsed, cpu, job, phases


def stage_times(job):
    """How long each stage's batches took, and the steps between them (planning the next stage: the
    grouping of stories before the links; the final step), from the batches' times."""
    names = ["ingest and analyse", "link stories", "score outlets"]
    spans = job.batches.values("stage").annotate(first=Min("started_at"), last=Max("finished_at"))
    times, previous = [], job.started_at
    for span in spans.order_by("stage"):
        between = (span["first"] - previous).total_seconds()
        if span["stage"]:
            times.append(f"planning {between:.1f} s")
        times.append(f"{names[span['stage']]} {(span['last'] - span['first']).total_seconds():.1f} s")
        previous = span["last"]
    times.append(f"final step {(job.finished_at - previous).total_seconds():.1f} s")
    return times


def main():
    counts = [int(count) for count in sys.argv[1:]] or [1, 2]
    call_command("migrate", verbosity=0)
    figures = {}
    for count in counts:
        elapsed, cpu, job, phases = run(count)
        result, articles = job.result, job.total
        workers = sorted(set(job.batches.values_list("worker", flat=True)))
        figures[count] = articles / elapsed
        print(
            f"{count} worker(s): {articles} articles ({result['created']} new, {result['duplicate']} "
            f"duplicate, {result['failed']} failed; {result['analysed']} analysed with "
            f"{result['analyser']}) in {elapsed:.1f} s = {articles / elapsed:.1f} articles/s; "
            f"workers' CPU {cpu:.1f} s = {articles / cpu:.1f} articles per CPU second; "
            f"{job.batches.count()} batches taken by {len(workers)} worker(s)"
        )
        print("  wall: " + "; ".join(stage_times(job)))
        print("  workers' CPU: " + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in phases))
    if 1 in figures:
        for count, speed in figures.items():
            if count != 1:
                print(f"speed-up with {count} workers: {speed / figures[1]:.2f}x")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
