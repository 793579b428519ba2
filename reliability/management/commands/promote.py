"""`manage.py promote VERSION`: make a model version current (a candidate, or an earlier one restored)."""

from django.core.management.base import BaseCommand, CommandError

from reliability.models import ModelVersion
from reliability.promotion import Refused, promote


class Command(BaseCommand):
    help = "Make a model version current and analyse the articles with it (a candidate or an earlier one)."

    def add_arguments(self, parser):
        parser.add_argument("version", help="The version, as `manage.py retrain` or the model page shows it.")

    def handle(self, *args, version, **options):
        found = ModelVersion.objects.filter(version=version).first()
        if found is None:
            known = ", ".join(f"{v.version} ({v.status})" for v in ModelVersion.objects.all()[:10])
            raise CommandError(f"No model version {version}. Known: {known or 'none'}.")
        try:
            job = promote(found, None)
        except Refused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Model {found.version} is current; reanalysis: {job.title} ({job.status}).")
        if job.result:
            self.stdout.write(", ".join(f"{key}: {value}" for key, value in job.result.items()))
