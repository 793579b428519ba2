"""The model: training, saving with skops beside a card, loading safely, and refusing what it should."""

import io
import json

import pytest
from django.core.management import call_command

from reliability.analysis import fitting
from reliability.analysis import model as saved
from reliability.models import ModelVersion
from reliability.training import realset
from reliability.training.dataset import load_examples
from reliability.training.evaluate import (
    METRICS,
    SYSTEMS,
    Judgement,
    answers,
    cross_validate,
    figures,
    prepare,
    summary,
)


@pytest.fixture(scope="module")
def small_examples():
    return load_examples()[::4]


@pytest.fixture(scope="module")
def small(small_examples):
    return prepare(small_examples)


def test_a_saved_model_loads_and_predicts_the_same(model_dir, small):
    model = fitting.fit(small.rows, small.classes, small.labels)
    saved.save(model, {"version": "v1"})
    loaded = saved.load_current()
    assert loaded.version == "v1"
    assert loaded.predict(small.rows[:20]) == model.predict(small.rows[:20])
    card = json.loads((model_dir / "v1.json").read_text())
    assert card["format"] == saved.FORMAT and card["sklearn"] == __import__("sklearn").__version__
    assert sorted(path.name for path in model_dir.iterdir()) == [
        "current.json",
        "v1.json",
        "v1.npz",
        "v1.skops",
    ]


def test_a_model_from_another_library_version_is_refused(model_dir, small):
    saved.save(fitting.fit(small.rows, small.classes, small.labels), {"version": "old"})
    card = json.loads((model_dir / "old.json").read_text())
    (model_dir / "old.json").write_text(json.dumps({**card, "sklearn": "0.24.2"}))
    with pytest.raises(saved.ModelUnavailable, match=r"scikit-learn 0\.24\.2.*retrain"):
        saved.load("old")


def test_a_missing_model_is_reported_not_raised(model_dir):
    warnings = []
    assert saved.current_or_none(warnings.append) is None
    assert warnings == [
        "Warning: rules-only analysis, because no model trained yet "
        f"({model_dir}/current.json is missing): run `manage.py train_model`"
    ]


def test_cross_validation_gives_held_out_predictions_for_every_example(small, small_examples):
    predicted = cross_validate(small, folds=3)
    figures = summary(answers(small_examples), predicted)
    assert set(figures) == set(SYSTEMS)
    for system in SYSTEMS:
        assert None not in predicted[system] and len(predicted[system]) == len(small.rows)
        assert 0 < figures[system]["label_macro_f1"] <= 1
    assert figures["model"]["source_overlap"] is None  # words alone point at no span
    assert 0 < figures["combined"]["source_overlap"] <= 1


def test_figures_count_what_an_annotator_would():
    gold = [
        Judgement(True, "named_person", (0, 5)),
        Judgement(True, "none"),
        Judgement(False, "none"),
        Judgement(True, "vague", (10, 14)),
    ]
    said = [
        Judgement(True, "named_person", (3, 9)),  # overlaps the annotator's source
        Judgement(False, "none"),  # a claim missed
        Judgement(True, "document", (0, 4)),  # a claim and an attribution that are not there
        Judgement(True, "vague", (0, 9)),  # the right label, the wrong source
    ]
    result = figures(gold, said)
    assert result["claim_f1"] == round(2 * (2 / 3) * (2 / 3) / (4 / 3), 4)  # precision 2/3, recall 2/3
    assert result["attribution_f1"] == 0.8  # precision 2/3, recall 1
    assert result["label_accuracy"] == 0.75  # the third is wrong
    assert result["source_overlap"] == 0.5


@pytest.mark.django_db
def test_train_model_prints_the_three_systems_and_records_a_current_version(model_dir):
    out, err = io.StringIO(), io.StringIO()
    call_command("train_model", "--folds", "3", stdout=out, stderr=err)
    text = out.getvalue()
    assert "Training data: " in text and "    rules    model combined" in text
    assert "check-worthy claims attributed: " in text
    assert "Confusion matrix of the combined system" in text
    assert "fold 3 of 3 done" in err.getvalue()
    version = ModelVersion.objects.get(is_current=True)
    card = json.loads((model_dir / f"{version.version}.json").read_text())
    assert card["training_examples"] == version.training_examples == len(load_examples())
    assert card["training_data_sha256"] == version.data_sha256
    assert set(card["metrics"]["systems"]) == set(SYSTEMS)
    if not realset.unavailable():  # CI has the validation articles beside the checkout
        assert "real articles (720 labelled sentences, never trained on)" in text
        assert card["metrics"]["real"]["sentences"] == 720
        assert set(card["metrics"]["real"]["systems"]["combined"]) == set(METRICS)
    assert set(card["libraries"]) == {"scikit-learn", "skops", "numpy", "scipy"}
    call_command("train_model", "--folds", "0", stdout=io.StringIO())
    assert ModelVersion.objects.filter(is_current=True).count() == 1
    assert ModelVersion.objects.count() == 2


@pytest.mark.django_db
def test_train_model_says_why_real_text_figures_are_missing(model_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(realset, "VALIDATION_DIR", tmp_path / "nowhere")
    out = io.StringIO()
    call_command("train_model", "--folds", "2", stdout=out, stderr=io.StringIO())
    assert f"Real-text figures skipped: no articles at {tmp_path / 'nowhere'}." in out.getvalue()
    assert "real" not in ModelVersion.objects.get(is_current=True).metrics


@pytest.mark.django_db
def test_train_model_unless_usable_trains_only_when_the_current_model_does_not_load(model_dir):
    out = io.StringIO()
    call_command("train_model", "--folds", "0", "--unless-usable", stdout=out)
    assert out.getvalue().startswith(
        "Training the attribution model, as the current one does not load: no model"
    )
    [first] = ModelVersion.objects.values_list("version", flat=True)
    out = io.StringIO()
    call_command("train_model", "--folds", "0", "--unless-usable", stdout=out)
    assert out.getvalue() == f"The current model {first} loads: not trained again.\n"
    card = json.loads((model_dir / f"{first}.json").read_text())
    (model_dir / f"{first}.json").write_text(json.dumps({**card, "format": 2}))  # saved before the arrays
    saved.load_current.cache_clear()
    out = io.StringIO()
    call_command("train_model", "--folds", "0", "--unless-usable", stdout=out)
    assert f"model {first} was saved by format 2" in out.getvalue().splitlines()[0]
    assert ModelVersion.objects.count() == 2 and saved.load_current().version != first
