"""The fitted model as plain arrays: everything analysis needs to predict, read without scikit-learn.

The model is fitted and cross-validated with scikit-learn (analysis.fitting) and its pipelines are saved
with skops. Its prediction is linear: TF-IDF of the words beside the rules' features, an SVM's scores,
a sigmoid per class. So the numbers it uses are saved beside the pipelines as arrays (numpy's .npz,
read with allow_pickle=False: no code can come out of the file), and analysis predicts from them.
Against loading the pipelines with skops this loads in milliseconds instead of about two seconds, and a
process that analyses never imports scikit-learn's model code. The probabilities are scikit-learn's to
the last bits of a float (tests/test_linear.py compares them on the team's sentences).
"""

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import numpy as np

# What the words' TfidfVectorizer is built with (fitting.build_features); compile refuses any other.
WORDS_SETTINGS = {
    "analyzer": "word",
    "lowercase": True,
    "ngram_range": (1, 2),
    "norm": "l2",
    "preprocessor": None,
    "stop_words": None,
    "strip_accents": None,
    "sublinear_tf": True,
    "token_pattern": r"(?u)\b\w\w+\b",
    "tokenizer": None,
    "use_idf": True,
}
_TOKEN = re.compile(WORDS_SETTINGS["token_pattern"])


@dataclass
class Classifier:
    """One calibrated linear SVM: a score per class is weights · features + intercept, and each score's
    probability is the class's sigmoid, the probabilities then made to sum to one."""

    names: list  # the classes, in the columns' order
    weights: np.ndarray  # (features, scores): one column per class, or a single one for two classes
    intercepts: np.ndarray  # (scores,)
    slopes: np.ndarray  # (scores,) the sigmoid calibration's a: p = 1 / (1 + exp(a · score + b))
    offsets: np.ndarray  # (scores,) its b

    def probabilities(self, scores):
        calibrated = 1.0 / (1.0 + np.exp(self.slopes * scores + self.offsets))
        if len(self.names) == 2:  # one score, for the second class
            return np.column_stack([1.0 - calibrated[:, 0], calibrated[:, 0]])
        total = calibrated.sum(axis=1, keepdims=True)
        uniform = np.full_like(calibrated, 1 / len(self.names))  # every sigmoid at zero, as scikit-learn
        return np.divide(calibrated, total, out=uniform, where=total != 0)


@dataclass
class Predictor:
    """The words' vocabulary and weights, the rules' columns, and the two classifiers."""

    vocabulary: dict  # word or two-word sequence: column
    idf: np.ndarray
    rules: dict | None  # rule feature name: column after the words' (None: the words-only baseline)
    claim: Classifier
    label: Classifier

    @property
    def width(self):
        return len(self.vocabulary) + len(self.rules or {})

    @cached_property
    def _weights(self):
        """Both classifiers' weights side by side: one look-up of a feature's row serves the two."""
        return np.hstack([self.claim.weights, self.label.weights])

    def scores(self, rows):
        """(claim scores, label scores) of each row, as the SVMs' decision functions give them. The rows'
        known words and features are gathered in flat lists, then counted and weighed in whole arrays:
        a loop per feature in Python cost more than the rest of the prediction."""
        word_rows, word_columns, rule_rows, rule_columns, rule_values = [], [], [], [], []
        vocabulary, rules = self.vocabulary.get, self.rules
        for number, row in enumerate(rows):
            tokens = _TOKEN.findall(row["text"].lower())
            grams = [*map(vocabulary, tokens), *map(vocabulary, map(" ".join, pairwise(tokens)))]
            known = [column for column in grams if column is not None]  # unseen in training: ignored
            word_columns += known
            word_rows += [number] * len(known)
            if rules is not None:
                found = row["rules"]
                columns, values = [*map(rules.get, found)], [*found.values()]
                if None in columns:  # a feature unseen in training: ignored
                    values = [
                        value for column, value in zip(columns, values, strict=True) if column is not None
                    ]
                    columns = [column for column in columns if column is not None]
                rule_columns += columns
                rule_values += values
                rule_rows += [number] * len(columns)
        word_rows, word_columns, counts = counted(
            np.array(word_rows, dtype=np.int64), np.array(word_columns, dtype=np.int64), len(self.vocabulary)
        )
        weighted = weighed(word_rows, word_columns, counts, self.idf, len(rows))
        at = np.concatenate([word_rows, np.array(rule_rows, dtype=np.int64)])
        contributions = self._weights[np.concatenate([word_columns, np.array(rule_columns, dtype=np.int64)])]
        contributions *= np.concatenate([weighted, np.array(rule_values, dtype=float)])[:, None]
        totals = np.column_stack(
            [np.bincount(at, weights=column, minlength=len(rows)) for column in contributions.T]
        ).reshape(len(rows), -1)
        split = self.claim.weights.shape[1]
        return totals[:, :split] + self.claim.intercepts, totals[:, split:] + self.label.intercepts


def counted(rows, columns, width):
    """Each (row, column) once, in row then column order (the vectoriser's), with how often it came."""
    pairs, counts = np.unique(rows * width + columns, return_counts=True)
    return pairs // width, pairs % width, counts


def weighed(rows, columns, counts, idf, row_count):
    """scikit-learn's sublinear TF-IDF of counted entries: 1 + log(count), times the column's idf, each
    row then scaled to length one (its squares added up in the entries' order, as scikit-learn does)."""
    values = (np.log(counts) + 1.0) * idf[columns]
    values /= np.sqrt(np.bincount(rows, weights=values * values, minlength=row_count))[rows]
    return values


def compile_pipelines(claim, label):
    """The Predictor of two fitted pipelines sharing their "features" step (fitting.fit's)."""
    union = dict(claim.named_steps["features"].transformer_list)
    words = union["words"].steps[-1][1]
    unexpected = {key: value for key, value in WORDS_SETTINGS.items() if words.get_params()[key] != value}
    if unexpected:
        raise ValueError(f"the words' vectoriser is not the one this module reads: {unexpected}")
    rules = union["rules"].steps[-1][1].vocabulary_ if "rules" in union else None
    return Predictor(
        vocabulary={gram: int(column) for gram, column in words.vocabulary_.items()},
        idf=np.asarray(words.idf_, dtype=float),
        rules={name: len(words.vocabulary_) + int(column) for name, column in rules.items()}
        if rules
        else None,
        claim=_classifier(claim.named_steps["classifier"]),
        label=_classifier(label.named_steps["classifier"]),
    )


def _classifier(calibrated):
    """The numbers of a fitted CalibratedClassifierCV(LinearSVC, ensemble=False, method="sigmoid")."""
    if calibrated.method != "sigmoid" or len(calibrated.calibrated_classifiers_) != 1:
        raise ValueError("only one sigmoid-calibrated classifier (ensemble=False) can be read as arrays")
    [fitted] = calibrated.calibrated_classifiers_
    names = [str(name) for name in calibrated.classes_]
    if [str(name) for name in fitted.estimator.classes_] != names:
        raise ValueError("the SVM saw other classes than its calibration")
    return Classifier(
        names=names,
        weights=np.ascontiguousarray(fitted.estimator.coef_.T, dtype=float),
        intercepts=np.asarray(fitted.estimator.intercept_, dtype=float),
        slopes=np.array([calibrator.a_ for calibrator in fitted.calibrators], dtype=float),
        offsets=np.array([calibrator.b_ for calibrator in fitted.calibrators], dtype=float),
    )


def save(predictor, path):
    """Write the predictor to an .npz file of plain arrays (no object arrays: nothing to unpickle)."""
    grams = sorted(predictor.vocabulary, key=predictor.vocabulary.get)
    arrays = {"vocabulary": np.array(grams, dtype=str), "idf": predictor.idf}
    if predictor.rules is not None:
        names = sorted(predictor.rules, key=predictor.rules.get)
        arrays["rules"] = np.array(names, dtype=str)
    for part in ("claim", "label"):
        classifier = getattr(predictor, part)
        arrays[f"{part}_names"] = np.array(classifier.names, dtype=str)
        for name in ("weights", "intercepts", "slopes", "offsets"):
            arrays[f"{part}_{name}"] = getattr(classifier, name)
    with open(path, "wb") as file:
        np.savez(file, **arrays)


def load(path):
    """The predictor saved at path; raises ValueError (or OSError) for a file that is not one."""
    with np.load(path, allow_pickle=False) as arrays:
        grams = arrays["vocabulary"].tolist()
        rules = arrays["rules"].tolist() if "rules" in arrays else None
        predictor = Predictor(
            vocabulary={gram: column for column, gram in enumerate(grams)},
            idf=arrays["idf"],
            rules={name: len(grams) + column for column, name in enumerate(rules)}
            if rules is not None
            else None,
            claim=_loaded(arrays, "claim"),
            label=_loaded(arrays, "label"),
        )
    for classifier in (predictor.claim, predictor.label):
        if classifier.weights.shape[0] != predictor.width or predictor.idf.shape != (len(grams),):
            raise ValueError("its arrays do not fit together")
    return predictor


def _loaded(arrays, part):
    return Classifier(
        names=arrays[f"{part}_names"].tolist(),
        **{name: arrays[f"{part}_{name}"] for name in ("weights", "intercepts", "slopes", "offsets")},
    )
