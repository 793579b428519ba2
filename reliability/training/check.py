"""Check labelled data files against the guide; with --fill-offsets, turn string spans into offsets.

Run: python -m reliability.training.check reliability/training/data/FILE.jsonl [--fill-offsets]
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from reliability.training.dataset import DatasetError, parse_line


def fill_offsets(record):
    """Replace a span given as a plain string by its first occurrence's offsets in the text."""
    for name in ("source", "cue"):
        span = record.get(name)
        if isinstance(span, str):
            start = record["text"].find(span)
            if start < 0:
                raise DatasetError(f"{name} {span!r} is not in the text")
            record[name] = {"start": start, "end": start + len(span), "text": span}
    return record


def check_file(path, fill):
    lines, labels, problems = [], Counter(), []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if fill:
                record = fill_offsets(record)
                line = json.dumps(record, ensure_ascii=False)
            example = parse_line(line, where)
        except (DatasetError, json.JSONDecodeError) as error:
            problems.append(f"{where}: {error}" if not str(error).startswith(where) else str(error))
            lines.append(line)
            continue
        labels[f"{example.claim_class}/{example.label}"] += 1
        lines.append(line)
    if fill and not problems:
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return labels, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--fill-offsets", action="store_true")
    args = parser.parse_args(argv)
    failed = False
    for path in args.paths:
        labels, problems = check_file(path, args.fill_offsets)
        for problem in problems:
            print(problem, file=sys.stderr)
        failed |= bool(problems)
        mix = ", ".join(f"{label} {count}" for label, count in sorted(labels.items()))
        print(f"{path}: {sum(labels.values())} good lines ({mix}); {len(problems)} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
