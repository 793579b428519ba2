"""`manage.py ingest PATH...`: store articles from text, HTML and JSON-lines files or directories."""

from itertools import chain

from django.core.management.base import BaseCommand, CommandError

from articles.ingest import Outcome, ingest_files
from articles.management.reporting import report_outcomes
from articles.reading import find_files


class Command(BaseCommand):
    help = (
        "Ingest articles from plain-text (.txt), HTML (.html) and JSON-lines (.jsonl: one article a "
        "line with url, outlet, title, published_at and text or html) files, or directories of them. "
        "Each article is stored in its own transaction; content already stored is skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, paths, no_progress, **options):
        files, skipped = find_files(paths)
        total = sum(path.stat().st_size for path in files + skipped if path.is_file())
        unread = (
            Outcome("skipped", str(path), path.stat().st_size, reason="not an article file type")
            for path in skipped
        )
        counts = report_outcomes(
            chain(unread, ingest_files(files)), total, self.stdout, self.stderr, progress=not no_progress
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} of {sum(counts.values())} inputs failed; see above.")
