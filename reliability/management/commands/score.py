"""`manage.py score`: analyse every stored article the current model has not analysed yet."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reliability import jobs
from reliability.analysis.model import current_or_none
from reliability.refresh import analyse_and_score
from reliability.storage import analyser_name, failures, pending_articles
from reliability.tasks import analyse_new_articles


class Command(BaseCommand):
    help = (
        "Analyse each article not yet analysed by the current model version and store every sentence's "
        "claim flag, label, spans, confidence and evidence; then group stories, link claims across "
        "outlets and store new score snapshots of the outlets affected. Earlier analyses are kept. An "
        "article whose analysis fails is reported with the reason and tried again by the next run; the "
        "others are still analysed and scored, and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help="Do not draw a progress bar.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task backend instead of doing it here.",
        )

    def handle(self, *args, no_progress, enqueue, **options):
        if enqueue:
            job = jobs.start("analyse", "Analyse and score new articles", analyse_new_articles)
            self.stdout.write(f"Started job {job.pk} in batches ({job.status}): see the jobs page.")
            return
        model = current_or_none(self.stderr.write)
        analyser = analyser_name(model)
        pending = pending_articles(analyser).count()
        with tqdm(total=pending, unit="article", disable=no_progress or not pending, file=self.stderr) as bar:
            analysed, snapshots = analyse_and_score(model, progress=bar.update)
        failed = failures(analyser)
        for failure in failed:
            self.stderr.write(f"Analysis failed for {failure}")
        outlets = len({snapshot.outlet_id for snapshot in snapshots})
        self.stdout.write(
            f"Analysed {len(analysed)} article(s) with {analyser}; {len(failed)} failed; "
            f"{pending - len(analysed) - len(failed)} skipped. Scored {outlets} outlet(s)."
        )
        if failed:
            raise CommandError(
                f"{len(failed)} of {pending} article(s) could not be analysed (see above); "
                "the next run tries them again."
            )
