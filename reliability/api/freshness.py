"""Conditional GETs: ETag and Last-Modified on every read, so a poller gets 304 when nothing changed.

A resource's data fingerprint is read from the tables it is built from (rows, highest id, latest
change time): a few indexed aggregates, not the data. The ETag adds the request (path, query, format).
Last-Modified is when this fingerprint was first seen (a DataStamp row), never before the change
itself, and each new state gets a later whole second than the one before, so If-Modified-Since is
answered truthfully even for deletions and for changes within one second.
"""

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag

from reliability.api.models import DataStamp


def fingerprint(sources):
    """sources: (queryset, name of its change-time field or None) pairs."""
    parts = []
    for queryset, time_field in sources:
        figures = {"n": Count("pk"), "top": Max("pk")}
        if time_field:
            figures["at"] = Max(time_field)
        found = queryset.order_by().aggregate(**figures)
        parts.append(f"{queryset.model._meta.label}:{found['n']}:{found['top']}:{found.get('at')}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def changed_at(resource, print_):
    """When this resource's data was first seen as it is now."""
    stamp = DataStamp.objects.filter(resource=resource).first()
    if stamp is not None and stamp.fingerprint == print_:
        return stamp.changed_at
    now = timezone.now().replace(microsecond=0)
    if stamp is not None and now <= stamp.changed_at:
        now = stamp.changed_at.replace(microsecond=0) + timedelta(seconds=1)
    try:
        with transaction.atomic():
            DataStamp.objects.update_or_create(
                resource=resource, defaults={"fingerprint": print_, "changed_at": now}
            )
    except IntegrityError:  # another request stamped it first
        return DataStamp.objects.get(resource=resource).changed_at
    return now


def validators(resource, sources, request_key):
    """(ETag, Last-Modified as a Unix time) for a request on a resource."""
    print_ = fingerprint(sources)
    etag = quote_etag(hashlib.sha256(f"{print_}|{request_key}".encode()).hexdigest()[:40])
    return etag, int(changed_at(resource, print_).timestamp())


def not_modified(request, etag, modified):
    """Whether the client's copy is current (If-None-Match wins over If-Modified-Since, RFC 9110)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        tags = parse_etags(if_none_match)
        return "*" in tags or etag in tags or etag in (tag.removeprefix("W/") for tag in tags)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified <= since


def stamp(response, etag, modified):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "private, no-cache"
    return response
