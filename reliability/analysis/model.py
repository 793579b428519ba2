"""The saved model: two classifiers (which claim class; which attribution label) sharing their features.

A model is fitted with scikit-learn (analysis.fitting). save() writes its pipelines with skops, for the
record, and the arrays it predicts with (analysis.linear), which are what load() reads: loading them
takes milliseconds and imports no scikit-learn, so a process that analyses starts seconds sooner.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path

import numpy as np
from django.conf import settings

from reliability.analysis import linear
from reliability.analysis.vocabulary import CLAIM_CLASSES, LABELS

log = logging.getLogger(__name__)
# Bump when the saved layout changes; older files are then refused, not misread. 3: the arrays file.
FORMAT = 3


class ModelUnavailable(Exception):
    """No usable model: analysis goes on with the rules alone, and says so."""


def sklearn_version():
    """The installed scikit-learn's version, read without importing it (that takes seconds)."""
    return package_version("scikit-learn")


@dataclass
class Model:
    """What predicts (its arrays), its card, and, straight after fitting, the scikit-learn pipelines."""

    predictor: linear.Predictor
    card: dict = field(default_factory=dict)
    pipelines: dict | None = None  # {"claim": Pipeline, "label": Pipeline}: fit's, for save to keep

    @property
    def version(self):
        return self.card.get("version", "")

    def predict(self, rows):
        """({claim class: probability}, {label: probability}) for each row."""
        return self.named(*self.probabilities(rows))

    def probabilities(self, rows):
        """Two arrays with a row per input row: the claim classes' probabilities (a column per name of
        CLAIM_CLASSES) and the labels' (per name of LABELS), 0 for a name never seen in training."""
        if not rows:
            return np.zeros((0, len(CLAIM_CLASSES))), np.zeros((0, len(LABELS)))
        claim_scores, label_scores = self.predictor.scores(rows)
        return (
            _by_name(self.predictor.claim, claim_scores, CLAIM_CLASSES),
            _by_name(self.predictor.label, label_scores, LABELS),
        )

    @staticmethod
    def named(claims, labels):
        """Rows of probabilities() as predict gives them: ({claim class: p}, {label: p}) per row."""
        return [
            (dict(zip(CLAIM_CLASSES, claim, strict=True)), dict(zip(LABELS, label, strict=True)))
            for claim, label in zip(claims.tolist(), labels.tolist(), strict=True)
        ]


def _by_name(classifier, scores, names):
    """The classifier's probabilities with a column per name, in the names' order (zeros for a name
    it never saw in training)."""
    classes = classifier.names
    probabilities = classifier.probabilities(scores)
    with_unseen = np.hstack([probabilities, np.zeros((len(probabilities), 1))])
    return with_unseen[:, [classes.index(name) if name in classes else len(classes) for name in names]]


def model_dir():
    return Path(settings.MODEL_DIR)


def save(model, card, make_current=True):
    """Write <version>.skops (the pipelines), <version>.npz (the arrays analysis reads) and the card,
    then (unless make_current is False: a candidate an editor promotes later) point current.json at
    them."""
    import skops  # only here: loading needs neither it nor scikit-learn, whose import costs seconds
    import skops.io

    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    card = {**card, "format": FORMAT, "sklearn": sklearn_version(), "skops": skops.__version__}
    path = directory / f"{card['version']}.skops"
    skops.io.dump(model.pipelines, path)
    linear.save(model.predictor, directory / f"{card['version']}.npz")
    (directory / f"{card['version']}.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if make_current:
        set_current(card["version"])
    model.card = card
    return path


def set_current(version):
    pointer = model_dir() / "current.json"
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(json.dumps({"version": version}) + "\n", encoding="utf-8")
    temporary.replace(pointer)  # atomic: a reader sees the old pointer or the new, never half
    load_current.cache_clear()


def new_version():
    """The time to the second, with a suffix when a model of that second is saved already (a retrain
    straight after train_model, in tests or scripts)."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    version, number = stamp, 1
    while (model_dir() / f"{version}.json").exists():
        number += 1
        version = f"{stamp}-{number}"
    return version


def load(version):
    """The saved model of that version, refusing anything not plainly a model of ours."""
    directory = model_dir()
    path, card_path = directory / f"{version}.npz", directory / f"{version}.json"
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"model card {card_path} is unreadable ({error})") from None
    if card.get("format") != FORMAT or card.get("sklearn") != sklearn_version():
        raise ModelUnavailable(
            f"model {version} was saved by format {card.get('format')} "
            f"with scikit-learn {card.get('sklearn')}; "
            f"this is format {FORMAT} with {sklearn_version()}: retrain with `manage.py train_model`"
        )
    if not path.exists():
        raise ModelUnavailable(f"model file {path} is missing")
    try:
        return Model(predictor=linear.load(path), card=card)
    except (
        Exception
    ) as error:  # a corrupt file can fail in many ways inside numpy's reader: all mean "no model"
        raise ModelUnavailable(
            f"model file {path} cannot be read ({type(error).__name__}: {error})"
        ) from None


def current_version():
    pointer = model_dir() / "current.json"
    try:
        return json.loads(pointer.read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise ModelUnavailable(
            f"no model trained yet ({pointer} is missing): run `manage.py train_model`"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise ModelUnavailable(f"{pointer} is corrupt: run `manage.py train_model`") from None


def load_current():
    """The current model, loaded once per version per process; raises ModelUnavailable with the reason.

    current.json is read on every call (a few bytes), so a promotion made in another process (the web
    server, a worker) is followed here too, not just the one set_current made in this process.
    """
    return load_once(current_version())


@lru_cache(maxsize=2)
def load_once(version):
    """The saved model of that version, loaded once per process (each batch of a job asks for it)."""
    return load(version)


load_current.cache_clear = load_once.cache_clear


def current_or_none(warn):
    """The current model, or None after telling warn() why the rules will work alone."""
    try:
        return load_current()
    except ModelUnavailable as error:
        warn(f"Warning: rules-only analysis, because {error}")
        return None
