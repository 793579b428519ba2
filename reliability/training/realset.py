"""The real-text yardstick: sentences of real articles, labelled by the team with GUIDE.md.

The articles are not ours, so the repository keeps only where each labelled sentence is and its
labels, never its words. A line of `real/*.jsonl`:

    {"line": 17, "start": 1023, "end": 1190, "sha1": "3f2a9c01b2de", "claim_class": "check_worthy",
     "label": "named_person", "source": [1023, 1040], "cue": [1041, 1045]}

- `line`: the article's line number (from 1) in the articles file (by default
  ../shared/validation/allsides-mbfc/articles.jsonl);
- `start`, `end`: the sentence's offsets into that article's `text`, exactly as stored there;
- `sha1`: the first 12 hex digits of the sha1 of that sentence's text, so a changed articles file is
  refused rather than misread;
- `source`, `cue`: [start, end] offsets into the article's text too, or null.

Run `python -m reliability.training.realset sentences LINE [LINE ...]` to list an article's sentences
as the product splits them (offsets and text, for labelling; never commit that output), and
`python -m reliability.training.realset check` to validate the labelled files against the articles.
"""

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from articles.cleaning import clean
from articles.sentences import split_sentences
from reliability.analysis.vocabulary import CLAIM_CLASSES, LABELS
from reliability.training.dataset import DatasetError

REAL_DIR = Path(__file__).resolve().parent / "real"
REPOSITORY = Path(__file__).resolve().parents[2]
VALIDATION_DIR = Path(
    os.environ.get("VALIDATION_DIR", REPOSITORY.parent / "shared" / "validation" / "allsides-mbfc")
)
FIELDS = {"line", "start", "end", "sha1", "claim_class", "label", "source", "cue"}


@dataclass(frozen=True)
class RealSentence:
    """A labelled sentence of a real article; offsets are into the article's text."""

    line: int
    start: int
    end: int
    claim_class: str
    label: str
    source: tuple[int, int] | None
    cue: tuple[int, int] | None

    @property
    def claim(self):
        return self.claim_class == CLAIM_CLASSES[0]


def digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_articles(path=None):
    """{line number: article text} of the articles file."""
    path = Path(path) if path else VALIDATION_DIR / "articles.jsonl"
    texts = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                texts[number] = json.loads(line).get("text") or ""
    return texts


def product_sentences(text):
    """(start, end) of each sentence the product finds in an article's text, as offsets into it."""
    cleaned = clean(text)
    return [cleaned.to_raw(start, end) for start, end in split_sentences(cleaned.body)]


def record_problems(record, articles):
    if not isinstance(record, dict) or set(record) != FIELDS:
        return [f"a line needs exactly the fields {', '.join(sorted(FIELDS))}"]
    text = articles.get(record["line"])
    if text is None:
        return [f"no article on line {record['line']}"]
    start, end = record["start"], record["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return [f"offsets {start}..{end} are outside the article"]
    problems = []
    if digest(text[start:end]) != record["sha1"]:
        problems.append("the sentence's sha1 does not match: the articles file has changed")
    if record["claim_class"] not in CLAIM_CLASSES:
        problems.append(f"claim_class must be one of {', '.join(CLAIM_CLASSES)}")
    if record["label"] not in LABELS:
        problems.append(f"label must be one of {', '.join(LABELS)}")
    for name in ("source", "cue"):
        span = record[name]
        if span is not None and not (
            isinstance(span, list) and len(span) == 2 and start <= span[0] < span[1] <= end
        ):
            problems.append(f"{name} must be null or [start, end] inside the sentence")
    if record["label"] == "none" and (record["source"] or record["cue"]):
        problems.append("label none has no source or cue")
    if record["label"] != "none" and record["cue"] is None:
        problems.append("an attributed sentence needs its cue")
    return problems


def load_real(articles=None, directory=REAL_DIR):
    """Every labelled real sentence, in file order; refuses the set on any bad line."""
    articles = read_articles() if articles is None else articles
    sentences, seen = [], set()
    for path in sorted(Path(directory).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise DatasetError(f"{where}: not JSON ({error.msg})") from None
            if problems := record_problems(record, articles):
                raise DatasetError(f"{where}: " + "; ".join(problems))
            key = (record["line"], record["start"], record["end"])
            if key in seen:
                raise DatasetError(f"{where}: sentence {key} is labelled twice")
            seen.add(key)
            sentences.append(
                RealSentence(
                    line=record["line"],
                    start=record["start"],
                    end=record["end"],
                    claim_class=record["claim_class"],
                    label=record["label"],
                    source=tuple(record["source"]) if record["source"] else None,
                    cue=tuple(record["cue"]) if record["cue"] else None,
                )
            )
    return sentences


def unavailable():
    """Why the real-text figures cannot be measured in this checkout, or "" when they can."""
    if not (VALIDATION_DIR / "articles.jsonl").exists():
        return f"no articles at {VALIDATION_DIR}"
    if not any(REAL_DIR.glob("*.jsonl")):
        return f"no labelled real sentences in {REAL_DIR}"
    return ""


def main(argv=None):
    parser = argparse.ArgumentParser(description="The real-text yardstick's labelling helpers.")
    parser.add_argument("--articles", help="the articles file (default: the validation set's)")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("sentences", help="an article's sentences as the product splits them")
    listing.add_argument("lines", nargs="+", type=int)
    commands.add_parser("check", help="validate the labelled files against the articles")
    args = parser.parse_args(argv)
    articles = read_articles(args.articles)
    if args.command == "sentences":
        for number in args.lines:
            text = articles[number]
            for start, end in product_sentences(text):
                sentence = text[start:end]
                print(
                    json.dumps(
                        {
                            "line": number,
                            "start": start,
                            "end": end,
                            "sha1": digest(sentence),
                            "text": sentence,
                        },
                        ensure_ascii=False,
                    )
                )
        return 0
    try:
        sentences = load_real(articles)
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(sentences)} labelled real sentences in {len({s.line for s in sentences})} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
