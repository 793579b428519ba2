"""Reading: turn files (plain text, HTML, JSON lines) into documents, one per article, or say why not."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSONL_FIELDS = {"url", "outlet", "title", "published_at", "text", "html"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


class BadInput(Exception):
    """Input a user gave that cannot become an article; the message says why, in plain words."""


@dataclass
class Document:
    """One article as read, before cleaning: either text or HTML, plus whatever metadata came with it."""

    source_name: str
    size: int  # bytes read for it, for progress
    text: str = ""
    html: str = ""
    url: str = ""
    outlet: str = ""
    title: str = ""
    published_at: str = ""


@dataclass
class Failure:
    source_name: str
    size: int
    reason: str


def find_files(paths):
    """Files to read, in a stable order: named files as given, directories walked for known types.

    Returns (files, skipped) where skipped lists directory entries of types we do not read.
    """
    files, skipped = [], []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                known = child.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
                (files if known else skipped).append(child)
        else:
            files.append(path)
    return files, skipped


def read_file(path, lines=None):
    """Yield the documents of one file, or Failures for what cannot be read.

    lines: (first, last) line numbers of a JSON lines file, to read only those (a batch of a job).
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path, lines)
            return
        limit = settings.INGEST_MAX_ARTICLE_BYTES
        if size > limit:
            raise BadInput(f"file is {_size(size)}, over the {_size(limit)} limit for one article")
        data = path.read_bytes()
        if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(data):
            yield Document(name, size, html=decode_html(data))
        else:
            yield Document(name, size, text=decode_text(data))
    except FileNotFoundError:
        yield Failure(name, 0, "no such file")
    except (IsADirectoryError, PermissionError) as error:
        yield Failure(name, 0, error.strerror.lower())
    except BadInput as error:
        yield Failure(name, size, str(error))


def read_jsonl(path, lines=None):
    """One document per line; a bad line is a Failure naming the line, and the rest still count.

    lines: (first, last) line numbers to read, the others passed over unread."""
    first, last = lines or (1, float("inf"))
    limit = settings.INGEST_MAX_ARTICLE_BYTES
    with path.open("rb") as handle:
        head = handle.read(8192)
        if b"\x00" in head:
            yield Failure(str(path), path.stat().st_size, "binary file, not JSON lines")
            return
        handle.seek(0)
        for number, line in enumerate(handle, start=1):
            name = f"{path}:{number}"
            if number > last:
                break
            if number < first or not line.strip():
                continue
            try:
                if len(line) > limit:
                    raise BadInput(f"line is {_size(len(line))}, over the {_size(limit)} limit")
                yield document_from_json(name, len(line), decode_text(line))
            except BadInput as error:
                yield Failure(name, len(line), str(error))


def document_from_json(name, size, line):
    try:
        record = json.loads(line.strip())
    except json.JSONDecodeError as error:
        raise BadInput(f"malformed JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise BadInput("a line must hold one JSON object")
    wrong = sorted(key for key in JSONL_FIELDS & record.keys() if not isinstance(record[key], str | None))
    if wrong:
        raise BadInput(f"fields must be strings: {', '.join(wrong)}")
    fields = {key: (record.get(key) or "").strip() for key in JSONL_FIELDS}
    # JSON may escape half of a UTF-16 pair alone ("\ud800"): no character, and no encoding can store it.
    halves = sorted(key for key, value in fields.items() if _SURROGATE.search(value))
    if halves:
        raise BadInput(f"{', '.join(halves)}: holds half a UTF-16 pair (\\ud800-\\udfff), not a character")
    if not fields["text"] and not fields["html"]:
        raise BadInput("no article: give a non-empty 'text' or 'html'")
    # Each field's content is checked with the other ways in (articles/checking.py), once extracted.
    return Document(name, size, **fields)


def decode_text(data):
    """Strict UTF-8, refusing empty and binary input with a message a user can act on."""
    if not data.strip():
        raise BadInput("empty: no text")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.1:
        raise BadInput("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise BadInput(f"not valid UTF-8 (byte 0x{bad} at offset {error.start})") from None


def decode_html(data):
    """HTML in UTF-8, or in the charset its own <meta> declares."""
    try:
        return decode_text(data)
    except BadInput:
        declared = _CHARSET.search(data[:4096])
        if not declared:
            raise
    try:
        return data.decode(declared.group(1).decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        raise BadInput(f"cannot decode as its declared charset {declared.group(1).decode()!r}") from None


def _looks_like_html(data):
    return data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))


# Control bytes no text file holds (tab, line feed, form feed and carriage return are text).
CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def _control_ratio(data):
    # Counted by deleting them, in C: a loop over the bytes in Python cost 0.7 ms an article.
    return (len(data) - len(data.translate(None, CONTROL_BYTES))) / max(len(data), 1)


def _size(size):
    if size < 1024:
        return f"{size} bytes"
    if size < 1_048_576:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1_048_576:.1f} MB"
