"""What the model sees of a sentence: its words, its characters, and what the rules found."""

import re
from functools import lru_cache
from typing import NamedTuple

from reliability.analysis import lexicon
from reliability.analysis.rules import Finding, claim_evidence

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[\w’'-]+")
_SECOND_PERSON = frozenset(("you", "your", "you're", "you’re"))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_QUESTION_END = re.compile(r"\?[”\"’')\]]*\s*$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_FIRST_PERSON = re.compile(r"\b(?:I|we|my|our|us)\b", re.IGNORECASE)


def rule_features(text, finding: Finding, previous_text=""):
    """The rules' findings as named features, for the model to weigh."""
    against, supporting = claim_evidence(text, finding)
    reading = _read(text)
    cue_kind = finding.evidence[0].split(":")[0] if finding.evidence else "none"
    features = {
        f"rule_label={finding.label}": 1.0,
        "rule_strength": finding.strength,
        f"rule_first_evidence={cue_kind}": 1.0,
        "has_cue": float(finding.cue is not None),
        "has_source": float(finding.source is not None),
        "source_first": float(bool(finding.source and finding.cue and finding.source[0] < finding.cue[0])),
        "justified": float(finding.justified),
        **reading.form,
        "context_quote": float(_has_double_quote(previous_text)),
        reading.length: 1.0,
        **reading.assertion,
    }
    for reason in against:
        features[f"against={reason}"] = 1.0
    for reason in supporting:
        features[f"for={reason}"] = 1.0
    return features


class _Reading(NamedTuple):
    """What the features read of a sentence's text alone, once per sentence text (a named tuple, as
    the rules' cues are: built faster than a frozen dataclass)."""

    form: dict  # its punctuation, digits and person, as features
    length: str  # its length in words, as a feature's name
    assertion: dict  # how it asserts
    first_person: bool  # in the writer's own voice: outside quotation marks
    evaluative: bool


def _has_double_quote(text):
    return "“" in text or "”" in text or '"' in text


@lru_cache(maxsize=16384)  # training rows, the article's style and the sentence's row all ask
def _read(text):
    words = _WORD.findall(text)
    lowered = [*map(str.lower, words)]
    distinct = set(lowered)
    # Counted only where one stands: most sentences have none, and the set tells at once.
    evaluative = (
        0
        if distinct.isdisjoint(lexicon.EVALUATIVE_WORDS)
        else len([word for word in lowered if word in lexicon.EVALUATIVE_WORDS])
    )
    unquoted = _unquoted(text)
    ending = text.rstrip()
    first_person = bool(_FIRST_PERSON.search(text))
    has_digit = bool(_DIGIT.search(text))  # and without a digit, no year to search for
    form = {
        "question": float(ending.endswith("?")),
        "exclamation": float(ending.endswith("!")),
        "has_digit": float(has_digit),
        "has_quote": float(_has_double_quote(text)),
        "starts_with_quote": float(text[:1] in '“"‘'),
        "first_person": float(first_person),
        "no_closing_mark": float(not ending.endswith((".", "!", "?", "”", '"', "’", ")"))),
    }
    # How the sentence asserts: judging words, modals and hedges, second person, names, numbers and
    # times, past tense. Check-worthiness research finds these carry across topics better than the words.
    assertion = {
        "evaluative": min(evaluative, 3) / 3,
        "modal": float(not distinct.isdisjoint(lexicon.MODALS)),
        "hedge": float(not distinct.isdisjoint(lexicon.HEDGES)),
        "second_person": float(not distinct.isdisjoint(_SECOND_PERSON)),
        "names": min(len([word for word in words[1:] if word[:1].isupper()]), 6) / 6,
        "time": float(
            not distinct.isdisjoint(lexicon.TIME_WORDS) or (has_digit and bool(_YEAR.search(text)))
        ),
        "past_tense": min(len([word for word in lowered if word.endswith("ed") and len(word) > 4]), 3) / 3,
        "question_in_quote": float(bool(_QUESTION_END.search(text))),
    }
    if unquoted is text:  # the words counted above are the unquoted words
        judging, first_person_unquoted = evaluative > 0, first_person
    else:
        judging, first_person_unquoted = _judges(unquoted), bool(_FIRST_PERSON.search(unquoted))
    length = f"length={min(len(text.split()) // 8, 5)}"
    return _Reading(form, length, assertion, first_person_unquoted, judging)


def judging(text):
    """Does the sentence judge in the writer's own voice: a judging word outside quotation marks?

    What _read finds, without the rest of its reading: tallies ask it of every sentence in the writer's
    voice, in processes where the analysis's readings are not at hand."""
    return _judges(_unquoted(text))


def _unquoted(text):
    """The text without its quotations (the text itself when it has none)."""
    return _QUOTED.sub("", text) if "“" in text or '"' in text else text


def _judges(unquoted):
    return not lexicon.EVALUATIVE_WORDS.isdisjoint(map(str.lower, _WORD.findall(unquoted)))


def article_style(texts, findings):
    """How the whole article is written, as shares of its sentences: in the writer's first person
    (outside quotation marks), judging, asking, attributed. A column reads differently from wire copy,
    and a sentence's class depends on which it is in."""
    count = len(texts) or 1
    readings = [_read(text) for text in texts]
    return {
        "article_first_person": sum(reading.first_person for reading in readings) / count,
        "article_evaluative": sum(reading.evaluative for reading in readings) / count,
        "article_questions": sum(text.rstrip().endswith("?") for text in texts) / count,
        "article_attributed": sum(finding.label != "none" for finding in findings) / count,
    }


def model_input(text, finding, previous_text="", style=None):
    """One row of the model's input: plain values only, so a row can be built anywhere. style is the
    article's (article_style); a sentence read alone is its own article."""
    style = style if style is not None else article_style([text], [finding])
    return {"text": text, "rules": {**rule_features(text, finding, previous_text), **style}}
