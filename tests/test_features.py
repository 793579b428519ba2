"""The model's input: the rules' features as numbers, turned into the matrix the classifiers read."""

import pytest
from sklearn.feature_extraction import DictVectorizer

from reliability.analysis.features import NumberVectorizer, model_input
from reliability.analysis.rules import analyse_article

ARTICLE = [
    "Mayor Lena Ortiz said the bridge would reopen on Monday.",
    "“We expect the talks to resume in June,” she told reporters.",
    "Is this the end of the road?",
    "Officials say 40 people were evacuated from the flooded district.",
]


def rule_rows(texts):
    findings = analyse_article(texts)
    return [model_input(text, finding)["rules"] for text, finding in zip(texts, findings, strict=True)]


def test_number_vectorizer_builds_the_matrix_dict_vectorizer_builds():
    rows = rule_rows(ARTICLE)
    ours, theirs = NumberVectorizer().fit(rows[:3]), DictVectorizer().fit(rows[:3])
    assert ours.vocabulary_ == theirs.vocabulary_
    unseen = [*rows, {"a feature never seen in training": 1.0, "has_cue": True}, {}]
    built, expected = ours.transform(unseen), theirs.transform(unseen)
    assert type(built) is type(expected)
    assert built.shape == expected.shape
    for part in ("data", "indices", "indptr"):
        assert getattr(built, part).tolist() == getattr(expected, part).tolist()


def test_number_vectorizer_refuses_a_word_for_a_number():
    vectorizer = NumberVectorizer().fit(rule_rows(ARTICLE))
    with pytest.raises(ValueError):
        vectorizer.transform([{"rule_strength": "strong"}])
