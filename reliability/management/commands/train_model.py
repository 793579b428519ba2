"""`manage.py train_model`: cross-validate, print the figures, then train on everything and save."""

import time
from collections import Counter
from datetime import UTC, datetime
from importlib.metadata import version as package_version

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reliability.analysis import fitting
from reliability.analysis import model as saved_models
from reliability.analysis.vocabulary import CLAIM_CLASSES
from reliability.models import ModelVersion
from reliability.training import realset
from reliability.training.dataset import DatasetError, fingerprint, load_examples
from reliability.training.evaluate import answers, cross_validate, judge_real, prepare, report


class Command(BaseCommand):
    help = (
        "Train the claim and attribution model on the team's labelled sentences: stratified k-fold "
        "figures for rules, model and combined, then a model saved (skops and its arrays) and recorded "
        "as current."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--folds", type=int, default=5, help="Cross-validation folds (default 5; 0 skips)."
        )
        parser.add_argument(
            "--unless-usable",
            action="store_true",
            help="Train only if there is no current model that loads (none yet, or one saved in an older "
            "format or by another scikit-learn); say which.",
        )

    def handle(self, *args, folds, unless_usable, **options):
        if unless_usable:
            try:
                current = saved_models.load_current()
            except saved_models.ModelUnavailable as error:
                self.stdout.write(
                    f"Training the attribution model, as the current one does not load: {error}"
                )
            else:
                self.stdout.write(f"The current model {current.version} loads: not trained again.")
                return
        started = time.perf_counter()
        try:
            examples = load_examples()
        except DatasetError as error:
            raise CommandError(f"training data refused: {error}") from None
        if len(examples) < 50:
            raise CommandError(f"only {len(examples)} training sentences; at least 50 are needed")
        self.stdout.write(f"Training data: {len(examples)} sentences, hash {fingerprint()[:12]}")
        self.stdout.write(mix(examples))
        prepared = prepare(examples)
        model = fitting.fit(prepared.rows, prepared.classes, prepared.labels)
        metrics = {}
        if folds:
            predicted = cross_validate(prepared, folds, progress=lambda line: self.stderr.write(f"  {line}"))
            real, judged = self.real_set(prepared, model)
            text, metrics = report(answers(examples), predicted, real and answers(real), judged)
            self.stdout.write(text)
        card = {
            "version": saved_models.new_version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "training_examples": len(examples),
            "training_data_sha256": fingerprint(),
            "folds": folds,
            "metrics": metrics,
            "libraries": {
                name: package_version(name) for name in ("scikit-learn", "skops", "numpy", "scipy")
            },
        }
        path = saved_models.save(model, card)
        with transaction.atomic():
            ModelVersion.objects.filter(is_current=True).update(is_current=False)
            ModelVersion.objects.create(
                version=card["version"],
                training_examples=len(examples),
                data_sha256=card["training_data_sha256"],
                metrics=metrics,
                card=card,
                is_current=True,
                promoted_at=timezone.now(),  # current from the start: by the command, so by nobody
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(f"\nSaved model {card['version']} to {path} ({elapsed:.1f} s); it is now current.")

    def real_set(self, prepared, model):
        """The team's labels of real articles and each system's judgement of them; (None, None) with a
        note when the articles are not in this checkout."""
        if reason := realset.unavailable():
            self.stdout.write(f"\nReal-text figures skipped: {reason}.")
            return None, None
        try:
            real = realset.load_real()
        except DatasetError as error:
            raise CommandError(f"real-text labels refused: {error}") from None
        self.stderr.write(f"  judging {len(real)} labelled sentences of real articles")
        words_only = fitting.fit(prepared.rows, prepared.classes, prepared.labels, with_rules=False)
        return real, judge_real(real, realset.read_articles(), model, words_only, warn=self.stderr.write)


def mix(examples):
    """The training data's proportions: claim classes, attributed claims, and styles of copy."""
    total = len(examples)
    classes = Counter(example.claim_class for example in examples)
    claims = [example for example in examples if example.claim]
    attributed = sum(example.label != "none" for example in claims)
    styles = Counter(example.style for example in examples)
    return (
        "  claim classes: "
        + ", ".join(f"{name} {classes[name]} ({classes[name] / total:.0%})" for name in CLAIM_CLASSES)
        + f"\n  check-worthy claims attributed: {attributed} of {len(claims)}"
        + f" ({attributed / max(len(claims), 1):.0%})"
        + "\n  styles: "
        + ", ".join(f"{name} {count}" for name, count in styles.most_common())
    )
