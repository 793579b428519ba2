"""The `analyze` command's output: one JSON object per file, as ../shared/design/analysis.md defines it."""

import json
import multiprocessing
import tempfile
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from articles.cleaning import clean
from articles.outlets import read_credits
from reliability.analysis.article import Failed, Reported, analyse_bodies, attempt
from reliability.support import ClaimText, corroborated, is_supported

BATCH_FILES = 40  # files analysed at once: the model reads all their sentences in one call


@dataclass
class FileText:
    path: str
    text: str


def outlet_of(cleaned):
    """The outlet the file's own lines name as its author, and the outlets credited for help."""
    credits = read_credits(cleaned)
    return {"name": credits.syndicated_from or credits.page_outlet or None, "credited": list(credits.wires)}


def analyse_files(files, model=None, corpus=(), workers=1):
    """Contract objects for the files, in order, with corroboration weighed among them and the corpus
    claims given.

    A file whose analysis raises gets a Failed (with the reason) in place of its object; the others are
    analysed, and weighed against each other, without it. corpus: ClaimText of stored articles, each
    voice being its outlet.

    The files (any iterable) are read and analysed BATCH_FILES at a time, by `workers` processes forked
    from this one (sharing its model) when more than one. Whether a claim is supported is known only
    once every file is analysed, so the objects wait in a temporary file meanwhile: memory holds the
    claims' texts, not the objects or the files.
    """
    claims, positions, failures = list(corpus), [], {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as waiting:
        number = 0
        for analysed in _batches_analysed(files, model, workers):
            for voice, line, found in analysed:
                if voice is None:
                    failures[number] = line
                else:
                    waiting.write(line + "\n")
                    for index, label, text in found:
                        positions.append((number, index, label))
                        claims.append(ClaimText(voice or f"file {number}", text))
                number += 1
        supported = {}
        for index in corroborated(claims):
            if index >= len(corpus):
                file, sentence, label = positions[index - len(corpus)]
                supported.setdefault(file, {})[sentence] = is_supported(label, True)
        waiting.seek(0)
        for file in range(number):
            if file in failures:
                yield Failed(Reported(failures[file]))
                continue
            item = json.loads(waiting.readline())
            for sentence, value in supported.get(file, {}).items():
                item["sentences"][sentence]["supported"] = value
            yield item


def _batches_analysed(files, model, workers):
    """Each batch's (voice, JSON line, claims) per file (see _analyse_batch), in the files' order."""
    batches = _batches(files)
    if workers <= 1:
        for batch in batches:
            yield _analyse_batch(model, batch)
        return
    in_flight = deque()
    context = multiprocessing.get_context("fork")  # the workers share the loaded model's memory
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_keep_model, initargs=(model,)) as pool:
        for batch in batches:
            in_flight.append(pool.submit(_analyse_in_worker, batch))
            if len(in_flight) >= 2 * workers:  # no more files read ahead than the workers can take
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _batches(files):
    batch = []
    for file in files:
        batch.append(file)
        if len(batch) == BATCH_FILES:
            yield batch
            batch = []
    if batch:
        yield batch


_worker_model = None  # the model a worker process was forked with


def _keep_model(model):
    global _worker_model
    _worker_model = model


def _analyse_in_worker(files):
    return _analyse_batch(_worker_model, files)


def _analyse_batch(model, files):
    """Per file: (its outlet's name or "", its object as a JSON line, its claims as (sentence index,
    label, text)), or (None, the reason it failed, ())."""
    cleaned = [attempt(clean, file.text) for file in files]
    analysed = iter(analyse_bodies([text.body for text in cleaned if not isinstance(text, Failed)], model))
    found = []
    for file, text in zip(files, cleaned, strict=True):
        sentences = text if isinstance(text, Failed) else next(analysed)
        item = sentences if isinstance(sentences, Failed) else attempt(_object, file, text, sentences)
        if isinstance(item, Failed):
            found.append((None, item.reason, ()))
            continue
        claims = [
            (index, sentence["attribution"]["label"], sentence["text"])
            for index, sentence in enumerate(item["sentences"])
            if sentence["is_claim"]
        ]
        found.append((item["outlet"]["name"] or "", json.dumps(item, ensure_ascii=False), claims))
    return found


def _object(file, cleaned, sentences):
    return {
        "path": file.path,
        "outlet": outlet_of(cleaned),
        "sentences": [_sentence(cleaned, sentence) for sentence in sentences],
    }


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
        "supported": is_supported(decision.label, False),  # until analyse_files finds it corroborated
    }


def _span(cleaned, sentence, span):
    if span is None:
        return None
    start, end = cleaned.to_raw(sentence.start + span[0], sentence.start + span[1])
    return {"start": start, "end": end, "text": cleaned.raw[start:end]}
