"""The real-text yardstick: labels of real articles kept as offsets, checked against the articles."""

import json

import pytest

from reliability.training import realset
from reliability.training.dataset import DatasetError

TEXT = "Mayor Lena Ortiz said the port would close. The port opened in 1911."


@pytest.fixture
def labelled(tmp_path):
    """An articles file of one article, and a folder for label files."""
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"outlet": "Courier", "text": TEXT}) + "\n", encoding="utf-8")
    folder = tmp_path / "real"
    folder.mkdir()
    return realset.read_articles(articles), folder


def line(start, end, **labels):
    return {
        "line": 1,
        "start": start,
        "end": end,
        "sha1": realset.digest(TEXT[start:end]),
        "claim_class": "check_worthy",
        "label": "none",
        "source": None,
        "cue": None,
        **labels,
    }


def write(folder, *records):
    (folder / "labels.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_labels_load_with_offsets_into_the_article(labelled):
    articles, folder = labelled
    write(folder, line(0, 43, label="named_person", source=[0, 16], cue=[17, 21]), line(44, 68))
    first, second = realset.load_real(articles, folder)
    assert (TEXT[first.start : first.end], first.label, TEXT[slice(*first.source)]) == (
        "Mayor Lena Ortiz said the port would close.",
        "named_person",
        "Mayor Lena Ortiz",
    )
    assert (second.claim, second.source) == (True, None)


def test_a_changed_article_is_refused_not_misread(labelled):
    articles, folder = labelled
    write(folder, {**line(0, 43), "sha1": "000000000000"})
    with pytest.raises(DatasetError, match=r"labels\.jsonl:1: the sentence.s sha1 does not match"):
        realset.load_real(articles, folder)


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (line(0, 43, source=[0, 16], cue=[17, 21]), "label none has no source or cue"),
        (line(0, 43, label="named_person"), "an attributed sentence needs its cue"),
        (line(0, 43, label="named_person", cue=[40, 50]), "cue must be null or \\[start, end\\] inside"),
        (line(0, 43, claim_class="claim"), "claim_class must be one of"),
        ({**line(0, 43), "text": "words"}, "a line needs exactly the fields"),
    ],
)
def test_labels_that_break_the_guide_are_refused(labelled, record, problem):
    articles, folder = labelled
    write(folder, record)
    with pytest.raises(DatasetError, match=problem):
        realset.load_real(articles, folder)


def test_the_sentences_listed_for_labelling_are_the_products_with_offsets_into_the_text(labelled):
    articles, _ = labelled
    assert [TEXT[start:end] for start, end in realset.product_sentences(articles[1])] == [
        "Mayor Lena Ortiz said the port would close.",
        "The port opened in 1911.",
    ]


@pytest.mark.skipif(bool(realset.unavailable()), reason=realset.unavailable() or "available")
def test_the_shipped_labels_match_the_validation_articles():
    sentences = realset.load_real()
    assert len(sentences) == 720 and len({s.line for s in sentences}) == 72
    assert {s.claim_class for s in sentences} == {"check_worthy", "unimportant", "non_factual"}
