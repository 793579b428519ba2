"""Ingestion: documents become articles with their outlets and sentences, each in its own transaction."""

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import py3langid
import trafilatura
from django.db import IntegrityError, transaction

from . import bulk, checking
from .cleaning import clean
from .models import Article, Sentence, excerpt
from .outlets import attribute, read_credits
from .reading import BadInput, Failure, read_file
from .sentences import split_sentences

# Fewer words than this is a scrap of a page (a menu, a button), not an article.
MIN_ARTICLE_WORDS = 3
# A first paragraph this short, without a full stop, followed by more text, is the headline.
HEADLINE_MAX_CHARS = 200
# Language is told from the body's start: enough for langid, and a long body costs no more.
LANGUAGE_SAMPLE_CHARS = 5000
# English's commonest words that other languages do not share ("in", "is", "was", "a" are Dutch, German
# or French too). They are 14–30 % of the words of each of the 1,373 real articles of the validation set,
# and none of the words of French, German, Spanish, Italian or Dutch news.
ENGLISH_WORDS = frozenset(
    "the of and to that for with from his be are have has said this not but they which were it by".split()
)
# A text with this share of them, of enough words to count, is English without asking langid.
ENGLISH_SHARE = 0.12
ENGLISH_MIN_WORDS = 30
# The fields of a sentence's row, as sentence_rows() gives them.
SENTENCE_FIELDS = ("article", "order", "start", "end", "raw_start", "raw_end", "text")


@dataclass
class Outcome:
    status: str  # "created", "duplicate" or "failed"
    source_name: str
    size: int
    article: Article | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)  # what was removed from a field to store it


@dataclass
class Extracted:
    """What ingestion knows of an article before it is stored."""

    raw_text: str
    source_format: str
    url: str = ""
    publisher: str = ""
    title: str = ""
    published_at: datetime | None = None
    notes: list[str] = field(default_factory=list)


def content_hash(body):
    """The same words make the same hash, whatever the spacing or Unicode form."""
    normal = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def extract(document):
    """The raw text and metadata of a document (the main text extracted from HTML), every field checked."""
    if document.html:
        found = trafilatura.bare_extraction(
            document.html, url=document.url or None, with_metadata=True, include_comments=False
        )
        if found is None or not (found.text or "").strip():
            raise BadInput("no article text found in the HTML")
        raw_text, source_format = found.text, Article.Format.HTML
        url = document.url or found.url or ""
        publisher = document.outlet or found.sitename or ""
        title = document.title or found.title or ""
        published_at = document.published_at or found.date or ""
    else:
        raw_text, source_format = document.text, Article.Format.TEXT
        url, publisher, title, published_at = (
            document.url,
            document.outlet,
            document.title,
            document.published_at,
        )
    notes = []
    return Extracted(
        raw_text=checking.text(raw_text),
        source_format=source_format,
        url=checking.url(url),
        publisher=checking.outlet_name(publisher, notes),
        title=checking.title(title, notes),
        published_at=checking.published(published_at),
        notes=notes,
    )


def guess_title(cleaned):
    """The first paragraph when it reads as a headline; plain text carries no other title."""
    if len(cleaned.segments) < 2:
        return ""
    _, raw_start, length = cleaned.segments[0]
    first = cleaned.raw[raw_start : raw_start + length]
    headline = len(first) <= HEADLINE_MAX_CHARS and not first.endswith((".", "”", '"')) and first[0].isupper()
    return first if headline else ""


def detect_language(body):
    """The language of the body's start, by langid; plainly English text is told by its commonest words,
    at a twenty-fifth of langid's cost (its byte-by-byte walk was the dearest step of ingest)."""
    sample = body[:LANGUAGE_SAMPLE_CHARS]
    if plainly_english(sample):
        return "en"
    language, _ = py3langid.classify(sample)
    return language


def plainly_english(text):
    """Enough words, enough of them English's own, that langid could only say English."""
    words = text.lower().split()
    english = sum(word in ENGLISH_WORDS for word in words)
    return len(words) >= ENGLISH_MIN_WORDS and english >= ENGLISH_SHARE * len(words)


def ingest_document(document):
    """Store one document as an article, unless it is already stored; bad input becomes a failure."""
    try:
        extracted = extract(document)
        cleaned = clean(extracted.raw_text)
        if not cleaned.body:
            raise BadInput("no article text left once page furniture is removed")
        words = len(cleaned.body.split())
        if words < MIN_ARTICLE_WORDS:
            raise BadInput(f"too short to be an article ({words} word{'' if words == 1 else 's'})")
        digest = content_hash(cleaned.body)
        # Only the id: most documents are new, and compiling the fetch of a whole article costs more.
        if Article.objects.filter(content_hash=digest).values_list("pk", flat=True).order_by().first():
            return _duplicate(document, digest)
        # Checked like the given title: a headline from the body may hold the same invisible characters.
        title = extracted.title or checking.title(guess_title(cleaned), extracted.notes)
        credits = read_credits(cleaned, extracted.url, extracted.publisher)
        article = _store(document, extracted, cleaned, digest, title, credits)
    except BadInput as error:
        return Outcome("failed", document.source_name, document.size, reason=str(error))
    except IntegrityError:
        # Another process stored the same content between our check and our insert.
        return _duplicate(document, digest)
    return Outcome("created", document.source_name, document.size, article=article, notes=extracted.notes)


def _duplicate(document, digest):
    existing = Article.objects.select_related("outlet").get(content_hash=digest)
    reason = f"already stored as article {existing.pk} ({existing.outlet})"
    return Outcome("duplicate", document.source_name, document.size, article=existing, reason=reason)


@transaction.atomic
def _store(document, extracted, cleaned, digest, title, credits):
    who = attribute(credits, title or excerpt(cleaned.body, 60))
    article = Article.objects.create(
        outlet=who.outlet,
        carried_by=who.carried_by,
        credit_note="\n".join(credits.notes),
        title=title,
        url=extracted.url,
        published_at=extracted.published_at,
        source_name=document.source_name[:1000],
        source_format=extracted.source_format,
        raw_text=cleaned.raw,
        body=cleaned.body,
        furniture=[{"start": r.start, "end": r.end, "rule": r.rule} for r in cleaned.removed],
        content_hash=digest,
        language=detect_language(cleaned.body),
    )
    # A new article has no credits to replace: add() of none costs no query, where set() reads them first.
    article.credits.add(*who.credited)
    bulk.insert(Sentence, SENTENCE_FIELDS, sentence_rows(article.pk, cleaned))
    return article


def sentence_rows(article_id, cleaned):
    """The cleaned body's sentences, in order, as rows of SENTENCE_FIELDS."""
    rows = []
    for order, (start, end) in enumerate(split_sentences(cleaned.body)):
        raw_start, raw_end = cleaned.to_raw(start, end)
        rows.append((article_id, order, start, end, raw_start, raw_end, cleaned.body[start:end]))
    return rows


def ingest_files(files, lines=None):
    """Ingest every document of every file; yield an Outcome for each article or failure.

    lines: (first, last) line numbers of JSON lines files, to ingest only those (a batch of a job)."""
    for path in files:
        for item in read_file(path, lines):
            if isinstance(item, Failure):
                yield Outcome("failed", item.source_name, item.size, reason=item.reason)
            else:
                yield ingest_document(item)
