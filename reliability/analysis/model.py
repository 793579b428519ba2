"""The scikit-learn model: two pipelines (which claim class; which attribution label), saved with skops."""

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import numpy as np
import sklearn
import skops.io
from django.conf import settings
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.svm import LinearSVC

from reliability.analysis.features import Field, NumberVectorizer
from reliability.analysis.vocabulary import CLAIM_CLASSES, LABELS

log = logging.getLogger(__name__)
FORMAT = 2  # bump when the saved layout changes; older files are then refused, not misread
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "reliability.analysis.features.")
SEED = 7


class ModelUnavailable(Exception):
    """No usable model: analysis goes on with the rules alone, and says so."""


def build_features(with_rules=True):
    """Word n-grams and the rules' findings, side by side; fitted once, shared by both classifiers.

    Without the rules it is the words-only baseline train_model compares against.
    """
    parts = [
        (
            "words",
            make_pipeline(Field("text"), TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
        ),
    ]
    if with_rules:
        parts.append(("rules", make_pipeline(Field("rules"), NumberVectorizer())))
    return FeatureUnion(parts)


# Regularisation per classifier, chosen by the cross-validated figures on the team's sentences (the
# claim classes gain from a looser fit: F1 0.928 at C=1 against 0.922 at 0.3; the labels do not).
CLAIM_C, LABEL_C = 1.0, 0.3


def build_classifier(regularisation):
    # ensemble=False: one SVM on all the data, calibrated on cross-validated scores; it predicts three
    # times faster than averaging three, and measured as well.
    return CalibratedClassifierCV(
        LinearSVC(C=regularisation, class_weight="balanced", random_state=SEED), cv=3, ensemble=False
    )


@dataclass
class Model:
    """Two pipelines sharing their first step: which claim class, and which attribution label."""

    claim: Pipeline
    label: Pipeline
    card: dict = field(default_factory=dict)

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
        matrix = self.claim.named_steps["features"].transform(rows)  # the label pipeline has the same step
        return _by_name(self.claim, matrix, CLAIM_CLASSES), _by_name(self.label, matrix, LABELS)

    @staticmethod
    def named(claims, labels):
        """Rows of probabilities() as predict gives them: ({claim class: p}, {label: p}) per row."""
        return [
            (dict(zip(CLAIM_CLASSES, claim, strict=True)), dict(zip(LABELS, label, strict=True)))
            for claim, label in zip(claims.tolist(), labels.tolist(), strict=True)
        ]


def _by_name(pipeline, matrix, names):
    """The classifier's probabilities with a column per name, in the names' order (zeros for a name
    it never saw in training)."""
    classes = list(pipeline.classes_)
    probabilities = pipeline.named_steps["classifier"].predict_proba(matrix)
    with_unseen = np.hstack([probabilities, np.zeros((len(probabilities), 1))])
    return with_unseen[:, [classes.index(name) if name in classes else len(classes) for name in names]]


def fit(rows, claim_classes, labels, with_rules=True):
    features = build_features(with_rules)
    matrix = features.fit_transform(rows)
    claim = build_classifier(CLAIM_C).fit(matrix, np.array(claim_classes))
    label = build_classifier(LABEL_C).fit(matrix, np.array(labels))
    return Model(
        claim=Pipeline([("features", features), ("classifier", claim)]),
        label=Pipeline([("features", features), ("classifier", label)]),
    )


def model_dir():
    return Path(settings.MODEL_DIR)


def save(model, card, make_current=True):
    """Write <version>.skops and its card, then (unless make_current is False: a candidate an editor
    promotes later) point current.json at them."""
    directory = model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    card = {**card, "format": FORMAT, "sklearn": sklearn.__version__, "skops": skops.__version__}
    path = directory / f"{card['version']}.skops"
    skops.io.dump({"claim": model.claim, "label": model.label}, path)
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
    path, card_path = directory / f"{version}.skops", directory / f"{version}.json"
    if not path.exists():
        raise ModelUnavailable(f"model file {path} is missing")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"model card {card_path} is unreadable ({error})") from None
    if card.get("format") != FORMAT or card.get("sklearn") != sklearn.__version__:
        raise ModelUnavailable(
            f"model {version} was saved by format {card.get('format')} "
            f"with scikit-learn {card.get('sklearn')}; "
            f"this is format {FORMAT} with {sklearn.__version__}: retrain with `manage.py train_model`"
        )
    try:
        untrusted = skops.io.get_untrusted_types(file=path)
        refused = [name for name in untrusted if not name.startswith(TRUSTED_PREFIXES)]
        if refused:
            raise ModelUnavailable(f"model file {path} holds types we do not load: {', '.join(refused)}")
        parts = skops.io.load(path, trusted=untrusted)
        return Model(claim=parts["claim"], label=parts["label"], card=card)
    except ModelUnavailable:
        raise
    except Exception as error:  # a corrupt file can fail in many ways inside skops; all mean "no model"
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
