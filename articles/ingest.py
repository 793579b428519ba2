"""Ingestion: documents become articles with their outlets and sentences, each in its own transaction."""

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, time

import py3langid
import trafilatura
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .cleaning import clean
from .models import Article, Sentence, excerpt
from .outlets import attribute, read_credits
from .reading import BadInput, Failure, read_file
from .sentences import split_sentences

# Fewer words than this is a scrap of a page (a menu, a button), not an article.
MIN_ARTICLE_WORDS = 3
# A first paragraph this short, without a full stop, followed by more text, is the headline.
HEADLINE_MAX_CHARS = 200


@dataclass
class Outcome:
    status: str  # "created", "duplicate" or "failed"
    source_name: str
    size: int
    article: Article | None = None
    reason: str = ""


@dataclass
class Extracted:
    """What ingestion knows of an article before it is stored."""

    raw_text: str
    source_format: str
    url: str = ""
    publisher: str = ""
    title: str = ""
    published_at: datetime | None = None


def content_hash(body):
    """The same words make the same hash, whatever the spacing or Unicode form."""
    normal = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def parse_published(value):
    """ISO 8601 date or date-time; a time without a zone is taken as UTC."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadInput(f"published_at {value[:40]!r} is not an ISO 8601 date")
        moment = datetime.combine(day, time())
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def extract(document):
    """The raw text and metadata of a document, extracting the main text from HTML."""
    if not document.html:
        return Extracted(
            document.text,
            Article.Format.TEXT,
            document.url,
            document.outlet,
            document.title,
            parse_published(document.published_at),
        )
    found = trafilatura.bare_extraction(
        document.html, url=document.url or None, with_metadata=True, include_comments=False
    )
    if found is None or not (found.text or "").strip():
        raise BadInput("no article text found in the HTML")
    return Extracted(
        raw_text=found.text,
        source_format=Article.Format.HTML,
        url=document.url or found.url or "",
        publisher=document.outlet or found.sitename or "",
        title=document.title or found.title or "",
        published_at=parse_published(document.published_at or found.date or ""),
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
    language, _ = py3langid.classify(body[:5000])
    return language


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
        existing = Article.objects.filter(content_hash=digest).first()
        if existing:
            return _duplicate(document, existing)
        article = _store(document, extracted, cleaned, digest)
    except BadInput as error:
        return Outcome("failed", document.source_name, document.size, reason=str(error))
    except IntegrityError:
        # Another process stored the same content between our check and our insert.
        return _duplicate(document, Article.objects.get(content_hash=digest))
    return Outcome("created", document.source_name, document.size, article=article)


def _duplicate(document, existing):
    reason = f"already stored as article {existing.pk} ({existing.outlet})"
    return Outcome("duplicate", document.source_name, document.size, article=existing, reason=reason)


@transaction.atomic
def _store(document, extracted, cleaned, digest):
    title = (extracted.title or guess_title(cleaned))[:500]
    label = title or excerpt(cleaned.body, 60)
    credits = read_credits(cleaned, extracted.url, extracted.publisher)
    who = attribute(credits, label)
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
    article.credits.set(who.credited)
    sentences = []
    for order, (start, end) in enumerate(split_sentences(cleaned.body)):
        raw_start, raw_end = cleaned.to_raw(start, end)
        sentences.append(
            Sentence(
                article=article,
                order=order,
                start=start,
                end=end,
                raw_start=raw_start,
                raw_end=raw_end,
                text=cleaned.body[start:end],
            )
        )
    Sentence.objects.bulk_create(sentences, batch_size=500)
    return article


def ingest_files(files):
    """Ingest every document of every file; yield an Outcome for each article or failure."""
    for path in files:
        for item in read_file(path):
            if isinstance(item, Failure):
                yield Outcome("failed", item.source_name, item.size, reason=item.reason)
            else:
                yield ingest_document(item)
