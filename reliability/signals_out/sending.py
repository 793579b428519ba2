"""Sending a delivery: one signed JSON POST at a time, each attempt logged, the next one due after a
doubling wait (`next_attempt_at`) rather than slept for, so nothing ever waits on a receiver but the POST
itself. Redirects are never followed (a receiver could point us at another host), only public addresses
are connected to (targets.py), and timeouts are short so a slow receiver cannot hold a worker."""

import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reliability.signals_out import targets
from reliability.signals_out.models import Attempt, Delivery
from reliability.signals_out.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

USER_AGENT = "source-reliability-webhooks/1"
# A delivery being attempted is held for this long beyond the POST's timeout, so a second sender (the
# worker and `send_webhooks` at once) leaves it alone; one whose sender died is due again after it.
HOLD_MARGIN = timedelta(seconds=30)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is then an HTTPError: a failed attempt, not a second request


# No proxy from the environment: it would connect to the receiver for us, past the address check.
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), targets.GuardedHTTPHandler, targets.GuardedHTTPSHandler, _NoRedirects
)


def post(url, body, headers, timeout):
    """(status code, error text): one POST, its response read and dropped."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, str(reason)[:500] or type(error).__name__


def wait_after(number, base=None):
    """The wait after a failed attempt `number`: base, 2·base, 4·base, ..."""
    base = settings.WEBHOOK_BACKOFF_SECONDS if base is None else base
    return timedelta(seconds=base * 2 ** (number - 1))


def due(now=None):
    """The pending deliveries whose next attempt is due, oldest first."""
    return (
        Delivery.objects.select_related("subscription")
        .filter(status=Delivery.PENDING, next_attempt_at__lte=now or timezone.now())
        .order_by("next_attempt_at", "pk")
    )


def _claim(delivery, timeout, now):
    """Hold the delivery for one attempt; False when it is not due, held by another sender or settled."""
    held_until = now + timedelta(seconds=timeout) + HOLD_MARGIN
    claimed = Delivery.objects.filter(
        pk=delivery.pk,
        status=Delivery.PENDING,
        next_attempt_at=delivery.next_attempt_at,
        next_attempt_at__lte=now,
    ).update(next_attempt_at=held_until)
    return bool(claimed)


def attempt(delivery, timeout=None, clock=timezone.now):
    """POST a pending delivery once and log the attempt; then it is delivered (2xx), failed (its last
    attempt, WEBHOOK_ATTEMPTS in all) or due again after the wait. Returns its status, or None when it
    was not this sender's to attempt (not due, settled already, or being attempted elsewhere)."""
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS if timeout is None else timeout
    if delivery.status != Delivery.PENDING or not _claim(delivery, timeout, clock()):
        return None
    number = delivery.attempts.count() + 1
    body = delivery.body.encode()
    timestamp = int(clock().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(delivery.subscription.secret, timestamp, body),
    }
    started = time.monotonic()
    status_code, error = post(delivery.subscription.url, body, headers, timeout)
    duration = round((time.monotonic() - started) * 1000)
    next_attempt_at = None
    if status_code is not None and 200 <= status_code < 300:
        status = Delivery.DELIVERED
    elif number >= settings.WEBHOOK_ATTEMPTS:
        status = Delivery.FAILED
    else:
        status, next_attempt_at = Delivery.PENDING, clock() + wait_after(number)
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery, number=number, status_code=status_code, error=error, duration_ms=duration
        )
        Delivery.objects.filter(pk=delivery.pk).update(status=status, next_attempt_at=next_attempt_at)
    delivery.status, delivery.next_attempt_at = status, next_attempt_at
    return status
