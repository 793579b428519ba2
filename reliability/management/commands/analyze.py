"""`manage.py analyze FILE...`: print each file's sentences, claims and attributions as JSON lines."""

import json
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.reading import BadInput, decode_text
from reliability.analysis.article import Failed
from reliability.analysis.contract import FileText, analyse_files
from reliability.analysis.model import current_or_none


class Command(BaseCommand):
    help = (
        "Analyse plain-text articles (UTF-8; '-' reads standard input) and print one JSON object per "
        "file: sentences with exact offsets into the file, claim flags, attribution labels and spans, "
        "and support among the files given. A file that cannot be read or analysed is reported on standard "
        "error with the reason (exit status 1); the others are still analysed. Needs no database unless "
        "--corpus is given."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--corpus",
            action="store_true",
            help="Also count corroboration by the articles stored in the database.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=len(os.sched_getaffinity(0)),
            help="Processes analysing the files (default: one per CPU this process may use).",
        )

    def handle(self, *args, files, corpus, workers, **options):
        model = current_or_none(self.stderr.write)
        stored = stored_claims() if corpus else ()
        unreadable, read = [], []

        def readable():
            """The files that can be read, in order; the others reported as they are met."""
            for path in files:
                try:
                    text = read_text(path)
                except BadInput as error:
                    unreadable.append(path)
                    self.stderr.write(f"{path}: {error}")
                    continue
                read.append(path)
                yield FileText(path, text)

        failed = 0
        for number, result in enumerate(analyse_files(readable(), model, stored, max(1, workers))):
            if isinstance(result, Failed):
                failed += 1
                self.stderr.write(f"{read[number]}: analysis failed: {result.reason}")
            else:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        failed += len(unreadable)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be analysed; see above.")


def read_text(path):
    """The file's text, or BadInput saying why there is none."""
    limit = settings.INGEST_MAX_ARTICLE_BYTES
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            with Path(path).open("rb") as handle:
                data = handle.read(limit + 1)
        except FileNotFoundError:
            raise BadInput("no such file") from None
        except (IsADirectoryError, PermissionError) as error:
            raise BadInput(error.strerror.lower()) from None
    if len(data) > limit:
        raise BadInput(f"over the {limit // 1024} KB limit for one article")
    return decode_text(data)


def stored_claims():
    from reliability.storage import corpus_claims

    return corpus_claims()
