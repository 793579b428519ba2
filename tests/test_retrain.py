"""Retraining from editors' labels: overrides become training rows, a candidate learns what editors
taught it and is measured beside the current model, saved but not current."""

import io
import json
import shutil

import pytest
from django.core.management import call_command

from articles.models import Sentence
from reliability.analysis.model import load, load_current
from reliability.analysis.vocabulary import LABELS
from reliability.models import ModelVersion
from reliability.overrides import change_sentence, undo
from reliability.training.editors import editor_examples
from reliability.training.evaluate import prepare
from reliability.training.retrain import EDITORS_HELD_OUT, held_out, predictions, retrain

pytestmark = pytest.mark.django_db

SUBJECTS = ["harbour bridge", "night ferry", "river lock", "tram line", "old mill", "city pool", "north road"]
ACTIONS = ["reopen", "close for repairs", "get new lights", "change its timetable", "be repainted", "shut"]
# Sentences the rules and the shipped model call named_organization ("the Quillon ledger shows"); the
# editors of these tests decide that the ledger is a record: document.
LEDGER = [
    f"The {subject} will {action} next week, the Quillon ledger shows."
    for subject in SUBJECTS
    for action in ACTIONS
]


def ingest(write, outlet, texts, per_article=10, day=10):
    """Articles of `outlet`, one sentence per paragraph, per_article sentences each, analysed by the
    current model (or the rules) and scored."""
    from articles.ingest import ingest_files
    from reliability.analysis.model import current_or_none
    from reliability.refresh import analyse_and_score

    lines = [
        json.dumps(
            {
                "url": f"https://{outlet.lower().replace(' ', '')}.example/{number}",
                "outlet": outlet,
                "title": f"{outlet} notes {number}",
                "published_at": f"2025-08-{day + number:02d}T09:00:00Z",
                "text": "\n\n".join(texts[start : start + per_article]),
            }
        )
        for number, start in enumerate(range(0, len(texts), per_article))
    ]
    list(ingest_files([write(f"{outlet}.jsonl", "\n".join(lines))]))
    analyse_and_score(current_or_none(lambda message: None))


def teach(editor, sentences, label="document"):
    for sentence in sentences:
        change_sentence(sentence, "label", label, "The ledger is a record", editor, seen=None)


def ledger_sentences(outlet="Ledger Weekly"):
    return list(Sentence.objects.filter(article__outlet__name=outlet).order_by("article_id", "order"))


def save_shipped(directory, trained_model):
    """Save the session's model fitted on the shipped data (a copy: the fixture's card stays empty)."""
    from django.test import override_settings

    from reliability.analysis.model import Model, save

    copy = Model(trained_model.predictor, pipelines=trained_model.pipelines)
    with override_settings(MODEL_DIR=directory):
        save(copy, {"version": "shipped", "training_examples": 0})
    return directory


@pytest.fixture(scope="session")
def shipped_model_files(tmp_path_factory, trained_model):
    """Saved once per session: saving takes seconds."""
    return save_shipped(tmp_path_factory.mktemp("shipped-model"), trained_model)


def install(files, model_dir):
    """Make a saved model the test's current model, recorded as train_model records it."""
    from django.utils import timezone

    from reliability.analysis.model import set_current

    model_dir.mkdir(parents=True, exist_ok=True)
    for name in ("shipped.skops", "shipped.npz", "shipped.json"):
        shutil.copy(files / name, model_dir / name)
    set_current("shipped")
    card = json.loads((model_dir / "shipped.json").read_text())
    return ModelVersion.objects.create(
        version="shipped",
        training_examples=2361,
        data_sha256="",
        card=card,
        is_current=True,
        promoted_at=timezone.now(),
    )


@pytest.fixture
def current_model(shipped_model_files, model_dir, db):
    """The model fitted on the shipped data, current, as after `train_model`."""
    install(shipped_model_files, model_dir)
    return load_current()


def test_every_override_becomes_a_training_row_with_provenance(news, editor):
    from reliability.overrides import view

    courier = list(Sentence.objects.filter(article__url="https://courier.example/1").order_by("order"))
    rag = list(Sentence.objects.filter(article__url="https://rag.example/1").order_by("order"))
    change_sentence(courier[1], "label", "named_organization", "The council wrote the minutes", editor, None)
    change_sentence(courier[2], "is_claim", "no", "A timetable, not news", editor, None)
    accepted = view(courier[0]).label
    change_sentence(courier[0], "accept", "", "Right as it is", editor, None)
    taken_back = change_sentence(rag[1], "label", "anonymous", "Experts are unnamed", editor, None)
    undo(taken_back, editor)  # the rag change is taken back: nobody's decision any more

    examples = editor_examples()

    assert [(e.text, e.claim, e.label, e.context) for e in examples] == [
        (courier[1].text, True, "named_organization", courier[0].text),
        (courier[2].text, False, "none", courier[1].text),
        (courier[0].text, True, accepted, ""),
    ]
    first = examples[0]
    assert (first.id, first.sentence_id, first.article_id) == (
        f"editor-{courier[1].pk}",
        courier[1].pk,
        courier[1].article_id,
    )
    assert (first.outlet, first.editor) == ("Careful Courier", "edna")
    assert first.labelled_at == courier[1].overrides.get().created_at
    assert examples[1].source is None and examples[1].cue is None
    assert len(prepare(examples).rows) == 3  # the rules run over them as over the shipped sentences


def test_a_later_change_wins_and_an_undo_restores_the_earlier_label(news, editor):
    sentence = Sentence.objects.filter(article__url="https://rag.example/1").order_by("order")[1]
    change_sentence(sentence, "label", "anonymous", "Unnamed experts", editor, None)
    later = change_sentence(sentence, "label", "media_report", "They are a magazine's experts", editor, None)
    assert [e.label for e in editor_examples()] == ["media_report"]
    undo(later, editor)
    assert [e.label for e in editor_examples()] == ["anonymous"]


def test_a_retrain_learns_labels_that_contradict_the_shipped_data(write, editor, current_model):
    ingest(write, "Ledger Weekly", LEDGER)
    teach(editor, ledger_sentences())
    before = load_current().version

    candidate, promoted = retrain(editor, curve=False)

    examples = editor_examples()
    trained_on = [e for e in examples if not held_out(e.id, EDITORS_HELD_OUT)]
    assert promoted is None
    assert (candidate.status, candidate.trained_by, candidate.editor_examples) == (
        "candidate",
        editor,
        len(trained_on),
    )
    assert ModelVersion.objects.get(is_current=True).version == before == load_current().version
    ledger = prepare(examples)
    assert set(predictions(current_model, ledger)[1]) == {"named_organization"}
    assert set(predictions(load(candidate.version), ledger)[1]) == {"document"}  # held-out ones too
    evaluation = candidate.evaluation
    assert evaluation["sizes"]["editors"] == len(LEDGER)
    assert evaluation["sizes"]["editors_held_out"] == len(LEDGER) - len(trained_on) > 0
    assert evaluation["candidate"]["editors"]["label_macro_f1"] == 1.0
    assert evaluation["current"]["editors"]["label_macro_f1"] == 0.0
    assert evaluation["current"]["shipped_stand_in"] is True  # train_model's model saw the shipped slice
    document = LABELS.index("document")
    assert evaluation["candidate"]["editors"]["confusion"][document][document] == len(LEDGER) - len(
        trained_on
    )


def test_retrain_prints_sizes_comparison_and_learning_curve(write, editor, current_model):
    ingest(write, "Ledger Weekly", LEDGER)
    teach(editor, ledger_sentences())
    out = io.StringIO()

    call_command("retrain", stdout=out, stderr=io.StringIO())

    text = out.getvalue()
    candidate = ModelVersion.objects.get(is_current=False)
    sizes = candidate.evaluation["sizes"]
    learnt = sizes["editors"] - sizes["editors_held_out"]
    assert f"editors' labels: {len(LEDGER)} ({sizes['editors_held_out']} held out)" in text
    assert "on editors' held-out labels            1.000     0.000" in text
    assert [point["editor_labels"] for point in candidate.evaluation["curve"]] == [
        0,
        round(learnt / 4),
        round(learnt / 2),
        round(learnt * 3 / 4),
        learnt,
    ]
    assert candidate.evaluation["curve"][0]["editors_f1"] == 0.0
    assert candidate.evaluation["curve"][-1]["editors_f1"] == 1.0
    assert f"Not promoted: `manage.py promote {candidate.version}` makes it current." in text


def test_a_retrain_job_run_again_saves_no_second_candidate(write, editor, current_model):
    from reliability import jobs
    from reliability.training.tasks import retrain_model

    ingest(write, "Ledger Weekly", LEDGER[:12])
    teach(editor, ledger_sentences())
    job = jobs.start("retrain", "Retrain", retrain_model, user=editor)
    assert job.status == "done" and ModelVersion.objects.filter(is_current=False).count() == 1

    again = jobs.run_again(job)

    assert again.status == "done" and again.attempts == 2
    assert again.result["version"] == job.result["version"]
    assert ModelVersion.objects.filter(is_current=False).count() == 1


def test_a_retrain_without_editor_labels_saves_a_candidate_that_cannot_win(current_model, editor):
    from reliability.models import EditorialSettings

    EditorialSettings.objects.create(version=1, note="Promote winners", auto_promote=True)

    candidate, promoted = retrain(editor)

    evaluation = candidate.evaluation
    assert (promoted, candidate.status, candidate.editor_examples) == (None, "candidate", 0)
    assert evaluation["wins"] is False and evaluation["candidate"]["editors"] is None
    assert evaluation["curve"] == [
        {
            "editor_labels": 0,
            "editors_f1": None,
            "shipped_f1": evaluation["candidate"]["shipped"]["label_macro_f1"],
        }
    ]
