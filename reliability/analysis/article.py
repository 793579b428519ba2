"""Analyse whole articles: sentences in order, rules with memory, the model in one batch, combined."""

from dataclasses import dataclass

from articles.sentences import split_sentences
from reliability.analysis.combine import Decision, combine, rules_only
from reliability.analysis.features import model_input
from reliability.analysis.rules import Finding, analyse_article

PARAGRAPH_BREAK = "\n\n"


@dataclass
class AnalysedSentence:
    start: int  # offsets into the cleaned body
    end: int
    text: str
    finding: Finding
    decision: Decision


def whole_paragraph_flags(body, spans):
    """Per sentence: does it stand as a paragraph of its own (a list item, a one-line paragraph)?"""
    return [
        (start == 0 or body[:start].rstrip(" \t").endswith("\n\n"))
        and (end == len(body) or body[end:].lstrip(" \t").startswith("\n\n") or not body[end:].strip())
        for start, end in spans
    ]


def analyse_bodies(bodies, model=None):
    """Analyse many cleaned bodies; the model, if any, predicts all their sentences in one call."""
    prepared = []
    rows = []
    for body in bodies:
        spans = split_sentences(body)
        texts = [body[start:end] for start, end in spans]
        findings = analyse_article(texts, whole_paragraph_flags(body, spans))
        prepared.append((spans, texts, findings))
        previous = ["", *texts][: len(texts)]
        if model:
            rows += [
                model_input(text, finding, before)
                for text, finding, before in zip(texts, findings, previous, strict=True)
            ]
    predictions = iter(model.predict(rows)) if model else None
    results = []
    for spans, texts, findings in prepared:
        sentences = []
        for (start, end), text, finding in zip(spans, texts, findings, strict=True):
            if predictions is None:
                decision = rules_only(text, finding)
            else:
                decision = combine(text, finding, *next(predictions))
            sentences.append(AnalysedSentence(start, end, text, finding, decision))
        results.append(sentences)
    return results
