"""Checking: every field of a document made fit to store, or refused with the reason, before any write.

One function per kind of field, used by every way in (files, JSON lines, HTML metadata, uploads).
"""

import re
import unicodedata
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .models import Article, Outlet
from .reading import BadInput

EARLIEST_PUBLISHED = datetime(1900, 1, 1, tzinfo=UTC)
# A day of slack for clocks and time zones; a later date is a mistake, not news.
LATEST_AHEAD = timedelta(days=1)
OUTLET_NAME_LIMIT = Outlet._meta.get_field("name").max_length
TITLE_LIMIT = Article._meta.get_field("title").max_length
URL_LIMIT = Article._meta.get_field("url").max_length

# Bidirectional controls (an override makes a name read backwards) and zero-width characters (three
# zero-width spaces look like a blank name): they carry nothing a name or title needs.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# Legal in some URLs, but what breaks out of an HTML attribute or a log line; real links escape them.
_NOT_IN_URL = re.compile(r"""["'<>`\\\s\x00-\x1f\x7f]""")
_validate_url = URLValidator(schemes=["http", "https"])


def published(value):
    """ISO 8601 date or date-time (a time without a zone is UTC), a real one, from 1900 to a day ahead."""
    if not value:
        return None
    shown = repr(value[:40])
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise BadInput(f"published_at {shown} is not an ISO 8601 date")
            moment = datetime.combine(day, time())
    except ValueError as error:  # well formed, but no such day or time ("2024-02-30", "T25:61")
        raise BadInput(f"published_at {shown} is not a real date ({error})") from None
    try:
        moment = moment.astimezone(UTC) if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)
    except OverflowError:  # "9999-12-31T23:59:59-12:00" is year 10000 in UTC
        raise BadInput(f"published_at {shown} is out of range") from None
    if moment < EARLIEST_PUBLISHED:
        raise BadInput(f"published_at {shown} is before {EARLIEST_PUBLISHED.year}")
    if moment > timezone.now() + LATEST_AHEAD:
        raise BadInput(f"published_at {shown} is more than a day ahead")
    return moment


def one_line(value, field, limit, notes=None):
    """A name or title as stored: NFC, without bidi controls, zero-width or control characters, its
    spaces collapsed ("" if nothing visible is left); longer than `limit` is refused.

    What was removed is added to `notes` (when given), so whoever ingested it can be told.
    """
    text = unicodedata.normalize("NFC", value)
    kept = "".join(
        " " if char.isspace() else char
        for char in _INVISIBLE.sub("", text)
        if char.isspace() or unicodedata.category(char) != "Cc"
    )
    removed = len(text) - len(kept)
    if removed and notes is not None:
        notes.append(
            f"{field}: removed {removed} invisible or control character{'' if removed == 1 else 's'}"
        )
    kept = " ".join(kept.split())
    if len(kept) > limit:
        raise BadInput(f"{field} is {len(kept):,} characters, over the {limit:,}-character limit")
    return kept


def outlet_name(value, notes=None):
    return one_line(value, "outlet", OUTLET_NAME_LIMIT, notes)


def title(value, notes=None):
    return one_line(value, "title", TITLE_LIMIT, notes)


def url(value):
    """An http(s) URL that fits its column and holds nothing that could break out of where it is shown."""
    value = value.strip()
    if not value:
        return ""
    if len(value) > URL_LIMIT:
        raise BadInput(f"url is {len(value):,} characters, over the {URL_LIMIT:,}-character limit")
    if _NOT_IN_URL.search(value):
        raise BadInput(f"url {value[:100]!r} holds a quote, angle bracket, space or control character")
    try:
        _validate_url(value)
    except ValidationError:
        raise BadInput(f"url {value[:100]!r} is not an http(s) URL") from None
    host = urlsplit(value).hostname or ""
    if len(host) > OUTLET_NAME_LIMIT:  # a page that names no outlet is its domain's, by that name
        limit = OUTLET_NAME_LIMIT
        raise BadInput(
            f"url's host is {len(host):,} characters, over the {limit:,} an outlet's name may have"
        )
    return value


def text(value):
    """An article's text, kept as read, unless it holds a NUL: PostgreSQL cannot store one, and in
    words it means a binary or corrupt file (a text file is only sniffed for binary at its start)."""
    position = value.find("\x00")
    if position >= 0:
        raise BadInput(f"text holds a NUL character at offset {position}")
    return value
