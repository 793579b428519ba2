"""`manage.py retrain`: a candidate model from the shipped sentences and editors' labels, measured
beside the current model, saved; promoted with --promote (or by itself, per the editorial settings)."""

from django.core.management.base import BaseCommand, CommandError

from reliability.promotion import Refused, promote
from reliability.training.dataset import DatasetError
from reliability.training.retrain import report, retrain


class Command(BaseCommand):
    help = (
        "Train a candidate on the team's sentences and editors' labels, compare it with the current "
        "model on held-out editors' labels and shipped sentences, and save it (not current)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--promote",
            dest="make_current",
            action="store_true",
            help="Make the candidate current, win or not.",
        )
        parser.add_argument("--no-curve", action="store_true", help="Skip the learning curve (faster).")

    def handle(self, *args, make_current=False, no_curve=False, **options):
        try:
            version, job = retrain(curve=not no_curve, progress=lambda line: self.stderr.write(f"  {line}"))
        except DatasetError as error:
            raise CommandError(f"training data refused: {error}") from None
        self.stdout.write(report(version.evaluation))
        self.stdout.write(f"\nSaved candidate {version.version}.")
        if job is None and make_current:
            try:
                job = promote(version, None)
            except Refused as error:
                raise CommandError(str(error)) from None
        if job is not None:
            self.stdout.write(f"Promoted {version.version}; reanalysis: {job.title} ({job.status}).")
        else:
            self.stdout.write(f"Not promoted: `manage.py promote {version.version}` makes it current.")
