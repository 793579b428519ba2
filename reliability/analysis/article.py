"""Analyse whole articles: sentences in order, rules with memory, the model in one batch, combined."""

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from articles.sentences import split_sentences
from reliability.analysis.combine import Decision, combine, rules_only
from reliability.analysis.features import article_style, model_input
from reliability.analysis.rules import Finding, analyse_article

PARAGRAPH_BREAK = "\n\n"
_VISIBLE = re.compile(r"\S")


@dataclass
class AnalysedSentence:
    start: int  # offsets into the cleaned body
    end: int
    text: str
    finding: Finding
    decision: Decision


def whole_paragraph_flags(body, spans):
    """Per sentence: does it stand as a paragraph of its own (a list item, a one-line paragraph)?"""
    return [_opens_paragraph(body, start) and _closes_paragraph(body, end) for start, end in spans]


# Both look only at the spaces next to the sentence: slicing the body around each sentence instead
# made an article's flags cost time in the square of its length.
def _opens_paragraph(body, start):
    """A blank line, then only spaces or tabs, before start (or start opens the body)."""
    before = start
    while before > 0 and body[before - 1] in " \t":
        before -= 1
    return start == 0 or body.endswith("\n\n", 0, before)


def _closes_paragraph(body, end):
    """Only spaces or tabs, then a blank line, after end (or nothing but white space)."""
    after = end
    while after < len(body) and body[after] in " \t":
        after += 1
    return end == len(body) or body.startswith("\n\n", after) or not _VISIBLE.search(body, end)


@dataclass
class Failed:
    """Stands in for the sentences of an article whose analysis raised; the others are analysed as usual."""

    error: Exception

    @property
    def reason(self):
        if isinstance(self.error, Reported):
            return str(self.error)
        return f"{type(self.error).__name__}: {self.error}" if str(self.error) else type(self.error).__name__


class Reported(Exception):
    """An error raised in another process (contract's worker processes), known here by its reason."""


def attempt(step, *args):
    """step(*args), or Failed if it raises: what breaks on one article must not stop the others."""
    try:
        return step(*args)
    except Exception as error:
        return Failed(error)


@dataclass
class ReadBody:
    """A body split and read by the rules, with the model's input (and, once predicted, its output)."""

    spans: list
    texts: list
    findings: list
    rows: list = field(default_factory=list)
    predictions: list | None = None


def analyse_bodies(bodies, model=None):
    """Analyse many cleaned bodies; the model, if any, predicts all their sentences in one call.

    Each body stands alone: one whose analysis raises anywhere (sentences, rules, the model's input or
    output, combination) gets a Failed in its place, and the others are analysed as if it were not there.
    """
    with collector_paused():
        prepared = [attempt(read_body, body, bool(model)) for body in bodies]
        ready = [item for item in prepared if not isinstance(item, Failed)]
        if model:
            # Should one body's rows break the batch, _decide predicts each body alone, so only that one
            # fails.
            attempt(_predict, model, ready)
        return [item if isinstance(item, Failed) else attempt(_decide, item, model) for item in prepared]


@contextmanager
def collector_paused():
    """Analysis makes many small objects and no reference cycles worth collecting while a batch runs;
    the cyclic garbage collector's passes over them cost an eighth of the CPU time (measured: 5.18 s
    against 4.54 s for 600 articles). Plain reference counting still frees everything as it goes, and
    the collector runs as usual once the batch is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            _to_oldest_generation()
            gc.enable()


def _to_oldest_generation():
    """Move every tracked object to the oldest generation, at no cost per object (two list splices).

    Re-enabled, the collector would at once pass over all the objects the batch left alive (the
    tokens, cues and findings the caches keep, some 60,000 a batch) and find nothing to free: a
    ninth of the CPU time. In the oldest generation they wait for a full collection, by which time
    most have been dropped. Objects someone froze on purpose (before a fork) stay frozen."""
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()


def read_body(body, with_rows=True):
    """The body's sentences (offsets into it), the rules' findings and, with_rows, the model's input."""
    spans = split_sentences(body)
    texts = [body[start:end] for start, end in spans]
    findings = analyse_article(texts, whole_paragraph_flags(body, spans))
    item = ReadBody(spans, texts, findings)
    if with_rows:
        item.rows = model_rows(texts, findings)
    return item


def model_rows(texts, findings):
    """The model's input for an article's sentences in order: each with the one before it and the
    article's style."""
    style = article_style(texts, findings)
    previous = ["", *texts][: len(texts)]
    return [
        model_input(text, finding, before, style)
        for text, finding, before in zip(texts, findings, previous, strict=True)
    ]


def _predict(model, items):
    """The model's probabilities for all the items' sentences in one call, shared out among the items.

    Each item keeps its slice of the two arrays; the dicts are made as each item is decided, so
    that a batch does not hold two dicts per sentence (the garbage collector's full passes would
    come more often).
    """
    claims, labels = model.probabilities([row for item in items for row in item.rows])
    start = 0
    for item in items:
        end = start + len(item.rows)
        item.predictions = (claims[start:end], labels[start:end])
        start = end


def _decide(item, model):
    if model and item.predictions is None:
        _predict(model, [item])
    predictions = model.named(*item.predictions) if model else [None] * len(item.texts)
    return [
        AnalysedSentence(
            start,
            end,
            text,
            finding,
            combine(text, finding, *predicted) if model else rules_only(text, finding),
        )
        for (start, end), text, finding, predicted in zip(
            item.spans, item.texts, item.findings, predictions, strict=True
        )
    ]
