"""The team's labelled training sentences: loading, validating and fingerprinting them."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from reliability.analysis.vocabulary import CHECK_WORTHY, CLAIM_CLASSES, LABELS

DATA_DIR = Path(__file__).resolve().parent / "data"
# The kinds of copy a sentence is written in (GUIDE.md); train_model prints the mix.
STYLES = ("wire", "feature", "analysis", "opinion", "liveblog", "interview", "speech")
FIELDS = {"id", "style", "context", "text", "claim_class", "label", "source", "cue"}


class DatasetError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    id: str
    context: str
    text: str
    claim_class: str
    label: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    style: str = "wire"

    @property
    def claim(self):
        return self.claim_class == CHECK_WORTHY


def span_problems(text, span, name):
    """What is wrong with a {"start", "end", "text"} span of text, as messages (none when it is right)."""
    if span is None:
        return []
    if not isinstance(span, dict) or set(span) != {"start", "end", "text"}:
        return [f"{name} must be null or an object with start, end and text"]
    start, end = span["start"], span["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"{name} offsets {start}..{end} are outside the text"]
    if text[start:end] != span["text"]:
        return [f"{name} offsets {start}..{end} give {text[start:end]!r}, not {span['text']!r}"]
    return []


def record_problems(record):
    """Every way a parsed line breaks the labelling guide's rules, as messages."""
    if not isinstance(record, dict) or set(record) != FIELDS:
        return [f"a line needs exactly the fields {', '.join(sorted(FIELDS))}"]
    problems = []
    text = record["text"]
    if not isinstance(text, str) or not text.strip() or text != text.strip():
        problems.append("text must be a non-empty string without surrounding spaces")
        return problems
    if not isinstance(record["context"], str):
        problems.append("context must be a string (empty when there is none)")
    if record["claim_class"] not in CLAIM_CLASSES:
        problems.append(f"claim_class must be one of {', '.join(CLAIM_CLASSES)}")
    if record["style"] not in STYLES:
        problems.append(f"style must be one of {', '.join(STYLES)}")
    if record["label"] not in LABELS:
        problems.append(f"label must be one of {', '.join(LABELS)}")
    problems += span_problems(text, record["source"], "source")
    problems += span_problems(text, record["cue"], "cue")
    if record["label"] == "none" and (record["source"] or record["cue"]):
        problems.append("label none has no source or cue")
    if record["label"] != "none" and record["cue"] is None:
        problems.append("an attributed sentence needs its cue")
    return problems


def parse_line(line, where):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise DatasetError(f"{where}: not JSON ({error.msg})") from None
    problems = record_problems(record)
    if problems:
        raise DatasetError(f"{where}: " + "; ".join(problems))
    return Example(
        id=record["id"],
        context=record["context"],
        text=record["text"],
        claim_class=record["claim_class"],
        label=record["label"],
        source=_offsets(record["source"]),
        cue=_offsets(record["cue"]),
        style=record["style"],
    )


def _offsets(span):
    return None if span is None else (span["start"], span["end"])


def data_files(directory=DATA_DIR):
    return sorted(Path(directory).glob("*.jsonl"))


def load_examples(directory=DATA_DIR):
    """Every example in the data files, in file order; refuses the whole set on any bad line."""
    examples, seen = [], set()
    for path in data_files(directory):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            example = parse_line(line, f"{path.name}:{number}")
            if example.id in seen:
                raise DatasetError(f"{path.name}:{number}: id {example.id} is used twice")
            seen.add(example.id)
            examples.append(example)
    return examples


def fingerprint(directory=DATA_DIR):
    """sha256 over the data files' names and bytes: the model card's training-data hash."""
    digest = hashlib.sha256()
    for path in data_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
