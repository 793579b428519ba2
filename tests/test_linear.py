"""The model's arrays: they predict what scikit-learn's fitted pipelines predict, and load back safely."""

import numpy as np
import pytest

from reliability.analysis import linear
from reliability.analysis.fitting import fit
from reliability.analysis.vocabulary import CLAIM_CLASSES, LABELS
from reliability.training.dataset import load_examples
from reliability.training.evaluate import prepare


@pytest.fixture(scope="module")
def team():
    return prepare(load_examples())


def scikit_learn(model, rows):
    """The pipelines' own probabilities, a column per name as Model.probabilities orders them."""
    result = []
    for part, names in (("claim", CLAIM_CLASSES), ("label", LABELS)):
        pipeline = model.pipelines[part]
        classes = [str(name) for name in pipeline.classes_]
        found = pipeline.predict_proba(rows)
        result.append(
            np.column_stack(
                [found[:, classes.index(name)] if name in classes else np.zeros(len(rows)) for name in names]
            )
        )
    return result


def test_the_arrays_give_the_pipelines_probabilities_on_every_team_sentence(trained_model, team):
    ours = trained_model.probabilities(team.rows)
    for mine, theirs in zip(ours, scikit_learn(trained_model, team.rows), strict=True):
        assert mine.shape == theirs.shape == (len(team.rows), mine.shape[1])
        assert np.abs(mine - theirs).max() < 1e-12
    # What analysis stores: the label and class chosen, and probabilities to four places.
    assert (ours[1].argmax(axis=1) == scikit_learn(trained_model, team.rows)[1].argmax(axis=1)).all()


def test_words_and_features_never_seen_in_training_are_ignored(trained_model, team):
    row = team.rows[0]
    unseen = {
        "text": f"{row['text']} zyxwvut qwertyuiop",
        "rules": {**row["rules"], "a feature never seen in training": 1.0},
    }
    assert trained_model.predict([unseen]) != [] and np.allclose(
        np.hstack(trained_model.probabilities([unseen])),
        np.hstack(scikit_learn(trained_model, [unseen])),
        atol=1e-12,
    )
    nothing = {
        "text": "",
        "rules": {},
    }  # no known word: the words' part is all zeros, as scikit-learn makes it
    assert np.allclose(
        np.hstack(trained_model.probabilities([nothing])),
        np.hstack(scikit_learn(trained_model, [nothing])),
        atol=1e-12,
    )


def test_a_two_class_classifier_and_the_words_only_baseline(team):
    """The baseline has no rules' columns; a classifier of two classes has one score, for the second."""
    claims = ["check_worthy" if klass == "check_worthy" else "unimportant" for klass in team.classes]
    model = fit(team.rows, claims, team.labels, with_rules=False)
    assert model.predictor.rules is None and model.predictor.claim.weights.shape[1] == 1
    ours, theirs = model.probabilities(team.rows[:300]), scikit_learn(model, team.rows[:300])
    for mine, expected in zip(ours, theirs, strict=True):
        assert np.abs(mine - expected).max() < 1e-12
    assert ours[0][:, CLAIM_CLASSES.index("non_factual")].max() == 0  # never seen in training


def test_a_word_where_a_number_belongs_fails_loudly(trained_model):
    with pytest.raises(ValueError):
        trained_model.probabilities([{"text": "A sentence.", "rules": {"rule_strength": "strong"}}])


def test_saved_arrays_load_back_as_the_same_predictor(trained_model, team, tmp_path):
    path = tmp_path / "model.npz"
    linear.save(trained_model.predictor, path)
    loaded = linear.load(path)
    assert (
        loaded.vocabulary == trained_model.predictor.vocabulary
        and loaded.rules == trained_model.predictor.rules
    )
    for mine, theirs in zip(
        loaded.scores(team.rows[:200]), trained_model.predictor.scores(team.rows[:200]), strict=True
    ):
        assert (mine == theirs).all()


def test_a_file_whose_arrays_do_not_fit_together_is_refused(trained_model, tmp_path):
    path = tmp_path / "model.npz"
    linear.save(trained_model.predictor, path)
    with np.load(path) as saved:
        arrays = dict(saved)
    np.savez(path, **{**arrays, "idf": arrays["idf"][:-1]})
    with pytest.raises(ValueError, match="do not fit together"):
        linear.load(path)
    np.savez(path, **{**arrays, "claim_names": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match="allow_pickle"):  # an object array would need unpickling: refused
        linear.load(path)


def test_a_vectoriser_built_otherwise_is_not_read_as_ours(trained_model):
    words = dict(trained_model.pipelines["claim"].named_steps["features"].transformer_list)["words"].steps[
        -1
    ][1]
    words.set_params(sublinear_tf=False)
    try:
        with pytest.raises(ValueError, match="sublinear_tf"):
            linear.compile_pipelines(trained_model.pipelines["claim"], trained_model.pipelines["label"])
    finally:
        words.set_params(sublinear_tf=True)
