"""`manage.py load_seeds`: ingest the seed articles listed in seeds/manifest.json."""

import hashlib
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest import ingest_document
from articles.management.reporting import report_outcomes
from articles.reading import BadInput, Document, decode_text

SEEDS_DIR = settings.BASE_DIR / "seeds"


def seed_documents(seeds_dir=SEEDS_DIR):
    """A Document per seed, after checking each file is byte for byte the one the manifest names."""
    manifest = json.loads((seeds_dir / "manifest.json").read_text(encoding="utf-8"))
    for seed in manifest["seeds"]:
        path = seeds_dir / seed["file"]
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != seed["sha256"]:
            raise BadInput(f"{path} differs from the manifest's sha256: the seeds must be kept byte for byte")
        yield Document(
            str(path),
            len(data),
            text=decode_text(data),
            outlet=seed["page_outlet"] or "",
            published_at=seed["published_at"] or "",
        )


class Command(BaseCommand):
    help = "Ingest the seed articles (seeds/manifest.json). Seeds already stored are left as they are."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")

    def handle(self, *args, no_progress, **options):
        try:
            documents = list(seed_documents())
        except (OSError, BadInput, KeyError, ValueError) as error:
            raise CommandError(f"cannot read the seeds: {error}") from None
        outcomes = (ingest_document(document) for document in documents)
        total = sum(document.size for document in documents)
        counts = report_outcomes(outcomes, total, self.stdout, self.stderr, progress=not no_progress)
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} seed(s) failed; see above.")
