"""The `analyze` command's output: one JSON object per file, as ../shared/design/analysis.md defines it."""

from dataclasses import dataclass

from articles.cleaning import clean
from articles.outlets import read_credits
from reliability.analysis.article import Failed, analyse_bodies, attempt
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

    A file whose analysis raises gets a Failed (with the reason) in place of its object; the others are
    analysed, and weighed against each other, without it. corpus: ClaimText of stored articles, each
    voice being its outlet.
    """
    cleaned = [attempt(clean, file.text) for file in files]
    analysed = iter(analyse_bodies([text.body for text in cleaned if not isinstance(text, Failed)], model))
    objects = []
    for file, text in zip(files, cleaned, strict=True):
        sentences = text if isinstance(text, Failed) else next(analysed)
        objects.append(
            sentences if isinstance(sentences, Failed) else attempt(_object, file, text, sentences)
        )
    _weigh_support([item for item in objects if not isinstance(item, Failed)], corpus)
    return objects


def _object(file, cleaned, sentences):
    return {
        "path": file.path,
        "outlet": outlet_of(cleaned),
        "sentences": [_sentence(cleaned, sentence) for sentence in sentences],
    }


def _weigh_support(objects, corpus):
    """Mark supported the claims that another voice (another file, a stored article) corroborates."""
    claims, positions = list(corpus), []
    for number, item in enumerate(objects):
        voice = item["outlet"]["name"] or f"file {number}: {item['path']}"
        for sentence in item["sentences"]:
            if sentence["is_claim"]:
                positions.append(sentence)
                claims.append(ClaimText(voice, sentence["text"]))
    for index in corroborated(claims):
        if index >= len(corpus):
            sentence = positions[index - len(corpus)]
            sentence["supported"] = is_supported(sentence["attribution"]["label"], True)


def _sentence(cleaned, sentence):
    decision = sentence.decision
    start, end = cleaned.to_raw(sentence.start, sentence.end)
    return {
        "start": start,
        "end": end,
        "text": cleaned.raw[start:end],
        "is_claim": decision.is_claim,
        "claim_score": decision.claim_score,
        "claim_class": decision.claim_class,
        "attribution": {
            "label": decision.label,
            "confidence": decision.confidence,
            "source": _span(cleaned, sentence, decision.source),
            "cue": _span(cleaned, sentence, decision.cue),
        },
        "supported": is_supported(decision.label, False),  # until _weigh_support finds it corroborated
    }


def _span(cleaned, sentence, span):
    if span is None:
        return None
    start, end = cleaned.to_raw(sentence.start + span[0], sentence.start + span[1])
    return {"start": start, "end": end, "text": cleaned.raw[start:end]}
