"""`manage.py calibrate RATINGS.csv`: fit the criterion weights to a trusted rater's ratings of outlets."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from articles.models import Outlet
from reliability import validity
from reliability.models import EditorialSettings, OutletScore
from reliability.scoring import CRITERIA, current_settings, rescore

MINIMUM_OUTLETS = 4


class Command(BaseCommand):
    help = (
        "Fit the criterion weights to a rater's ratings of outlets (CSV with a header line: outlet name, "
        "rating; a number, or a word of an ordered scale). Prints the AUC and Spearman rho of each "
        "criterion alone, of the current weights and of fitted weights held out outlet by outlet; then "
        "saves the fitted weights as a new editorial-settings version and rescores every outlet."
    )

    def add_arguments(self, parser):
        parser.add_argument("ratings", metavar="RATINGS.csv")
        parser.add_argument(
            "--order",
            help="The rating words, worst first, comma-separated (default: "
            + ", ".join(validity.DEFAULT_SCALE)
            + ").",
        )
        parser.add_argument("--dry-run", action="store_true", help="Print the figures; save nothing.")
        parser.add_argument("--note", default="", help="Put in front of the saved version's note.")

    def handle(self, *args, ratings, order, dry_run, note, **options):
        scale = [word.strip() for word in order.split(",") if word.strip()] if order else None
        try:
            read = validity.read_ratings(ratings, scale)
        except (OSError, ValueError) as error:
            raise CommandError(f"ratings refused: {error}") from None
        names = [name for name, _, _ in CRITERIA]
        rated = validity.rated_outlets(read, names)
        for problem, found in [
            ("no outlet of that name", rated.unmatched),
            ("no all-time score yet (run `manage.py score`)", rated.unscored),
            ("scored before some criteria existed (run `manage.py score`)", rated.incomplete),
        ]:
            if found:
                self.stdout.write(f"Skipped, {problem}: {', '.join(found)}")
        if len(rated.ratings) < MINIMUM_OUTLETS or len(set(rated.ratings.values())) < 2:
            raise CommandError(
                f"{len(rated.ratings)} rated outlet(s) with scores, with "
                f"{len(set(rated.ratings.values()))} distinct rating(s); at least {MINIMUM_OUTLETS} outlets "
                "and two distinct ratings are needed. Nothing saved."
            )
        settings = current_settings()
        found = validity.report(
            rated.goodness,
            rated.ratings,
            names,
            settings.criterion_weights,
            lambda outlets: tqdm(outlets, desc="leave-one-out fits", unit="outlet", file=self.stderr),
        )
        self.stdout.write(
            f"{len(found.outlets)} rated outlets from {ratings}; weights now: settings v{settings.version}.\n"
        )
        self.stdout.write(validity.table(found, {name: title for name, title, _ in CRITERIA}))
        if dry_run:
            self.stdout.write("\nDry run: nothing saved.")
            return
        held_out = found.figures["held_out"]
        said = (
            f"Criterion weights fitted to {ratings} ({len(found.outlets)} outlets): leave-one-out AUC "
            f"{_figure(held_out.auc)}, rho {_figure(held_out.rho)}"
        )
        saved = save_weights(found.fitted_weights, f"{note.strip()} — {said}" if note.strip() else said)
        self.stdout.write(f"\nSaved as settings version {saved.version}: {saved.note}")
        # Rescoring reads the analyses the latest snapshots were made from: it names the same analyser.
        analyser = OutletScore.objects.values_list("analyser", flat=True).first() or ""
        snapshots = rescore(Outlet.objects.all(), analyser)
        self.stdout.write("\nNew all-time scores:")
        for snapshot in sorted(
            (snapshot for snapshot in snapshots if snapshot.window == "all"), key=lambda s: -s.overall
        ):
            rating = rated.ratings.get(snapshot.outlet.name)
            beside = f"   rated {rating:g}" if rating is not None else ""
            self.stdout.write(f"  {snapshot.overall:6.2f}  {snapshot.outlet.name}{beside}")


def save_weights(weights, note):
    """A new editorial-settings version: the current one's values with these criterion weights."""
    with transaction.atomic():
        current_settings()  # the defaults are a version too
        latest = EditorialSettings.objects.select_for_update().order_by("-version").first()
        fields = [
            field.name for field in EditorialSettings._meta.fields if field.editable and not field.primary_key
        ]
        settings = EditorialSettings(**{name: getattr(latest, name) for name in fields})
        settings.version = latest.version + 1
        settings.criterion_weights = weights
        settings.note = note[: EditorialSettings._meta.get_field("note").max_length]
        try:
            settings.full_clean()
        except ValidationError as error:
            raise CommandError(f"fitted weights refused: {error}") from None
        settings.save()
    return settings


def _figure(value):
    return "—" if value is None else f"{value:.2f}"
