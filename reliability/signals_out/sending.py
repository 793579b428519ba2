"""Sending a delivery: a signed JSON POST, tried again after a failure with doubling waits, each attempt
logged. Redirects are never followed (a receiver could point us at another host), and timeouts are short
so a slow receiver cannot hold a worker."""

import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

from reliability.signals_out.models import Attempt, Delivery
from reliability.signals_out.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature

USER_AGENT = "source-reliability-webhooks/1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is then an HTTPError: a failed attempt, not a second request


_opener = urllib.request.build_opener(_NoRedirects)


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


def waits(attempts, base):
    """The waits between attempts: base, 2·base, 4·base, ..."""
    return [base * 2**number for number in range(attempts - 1)]


def attempt_once(delivery, number, clock=time.time):
    """POST the delivery once and log it; True when the receiver answered 2xx."""
    body = delivery.body.encode()
    timestamp = int(clock())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(delivery.subscription.secret, timestamp, body),
    }
    started = time.monotonic()
    status, error = post(delivery.subscription.url, body, headers, settings.WEBHOOK_TIMEOUT_SECONDS)
    duration = round((time.monotonic() - started) * 1000)
    Attempt.objects.create(
        delivery=delivery, number=number, status_code=status, error=error, duration_ms=duration
    )
    return status is not None and 200 <= status < 300


def send(delivery, sleep=time.sleep, attempts=None, backoff=None):
    """Try the delivery until it succeeds or the attempts run out; returns its final status."""
    attempts = attempts or settings.WEBHOOK_ATTEMPTS
    backoff = settings.WEBHOOK_BACKOFF_SECONDS if backoff is None else backoff
    done = delivery.attempts.count()
    pauses = waits(attempts, backoff)
    status = Delivery.FAILED
    for number in range(done + 1, attempts + 1):
        if number > 1:
            sleep(pauses[number - 2])
        if attempt_once(delivery, number):
            status = Delivery.DELIVERED
            break
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(status=status)
    delivery.status = status
    return status
