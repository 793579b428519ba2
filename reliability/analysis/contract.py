"""The `analyze` command's output: one JSON object per file, as ../shared/design/analysis.md defines it."""

from dataclasses import dataclass

from articles.cleaning import clean
from articles.outlets import read_credits
from reliability.analysis.article import analyse_bodies
from reliability.support import ClaimText, corroborated, is_supported


@dataclass
class FileText:
    path: str
    text: str


def outlet_of(cleaned):
    """The outlet the file's own lines name as its author, and the outlets credited for help."""
    credits = read_credits(cleaned)
    return {"name": credits.syndicated_from or credits.page_outlet or None, "credited": list(credits.wires)}


def analyse_files(files, model=None, corpus=()):
    """Contract objects for the files, corroboration weighed among them and the corpus claims given.

    corpus: ClaimText of stored articles, each voice being its outlet.
    """
    cleaned = [clean(file.text) for file in files]
    outlets = [outlet_of(text) for text in cleaned]
    analysed = analyse_bodies([text.body for text in cleaned], model)
    claims, positions = list(corpus), []
    for number, (file, outlet, sentences) in enumerate(zip(files, outlets, analysed, strict=True)):
        voice = outlet["name"] or f"file {number}: {file.path}"
        for index, sentence in enumerate(sentences):
            if sentence.decision.is_claim:
                positions.append((number, index))
                claims.append(ClaimText(voice, sentence.text))
    backed = {positions[i - len(corpus)] for i in corroborated(claims) if i >= len(corpus)}
    return [
        {
            "path": file.path,
            "outlet": outlet,
            "sentences": [
                _sentence(text, sentence, (number, index) in backed)
                for index, sentence in enumerate(sentences)
            ],
        }
        for number, (file, outlet, text, sentences) in enumerate(
            zip(files, outlets, cleaned, analysed, strict=True)
        )
    ]


def _sentence(cleaned, sentence, is_corroborated):
    decision = sentence.decision
    start, end = cleaned.to_raw(sentence.start, sentence.end)
    return {
        "start": start,
        "end": end,
        "text": cleaned.raw[start:end],
        "is_claim": decision.is_claim,
        "claim_score": decision.claim_score,
        "attribution": {
            "label": decision.label,
            "confidence": decision.confidence,
            "source": _span(cleaned, sentence, decision.source),
            "cue": _span(cleaned, sentence, decision.cue),
        },
        "supported": is_supported(decision.label, is_corroborated),
    }


def _span(cleaned, sentence, span):
    if span is None:
        return None
    start, end = cleaned.to_raw(sentence.start + span[0], sentence.start + span[1])
    return {"start": start, "end": end, "text": cleaned.raw[start:end]}
