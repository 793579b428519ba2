"""Protections of the public dispute form against spam and abuse, without any outside service.

Each check raises `Refused` with a message the sender can act on; the view stores nothing then."""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from reliability import ratelimits
from reliability.disputes.models import OPEN, Dispute

STAMP_SALT = "disputes.form-opened"
RATE_WINDOW_SECONDS = 3600


class Refused(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def stamp(at=None):
    """A signed note of when the form was opened; the sender cannot forge an earlier one."""
    return signing.dumps(time.time() if at is None else at, salt=STAMP_SALT)


def check_stamp(value, now=None):
    # Bots post within a second of fetching the page (or without fetching it at all); people take longer.
    try:
        opened = float(signing.loads(value or "", salt=STAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise Refused(
            "The form's timing stamp is missing or altered; reload the page and fill it in again."
        ) from error
    elapsed = (time.time() if now is None else now) - opened
    if elapsed < settings.DISPUTES_MIN_FILL_SECONDS:
        raise Refused(
            f"The form was sent too quickly ({max(elapsed, 0):.0f} s after it was opened); "
            "please read it over and send it again."
        )
    if elapsed > settings.DISPUTES_FORM_MAX_AGE:
        raise Refused("The form was open too long and has expired; reload the page and send it again.")
    # One stamp, one sending: else a bot fetches the form once and posts it again and again. The stamp is
    # remembered as long as it could be accepted at all; cache.add is atomic, so two posts at once
    # cannot both get through.
    used = f"disputes:stamp:{hashlib.sha256(value.encode()).hexdigest()}"
    if not cache.add(used, True, settings.DISPUTES_FORM_MAX_AGE):
        raise Refused("This form was sent already; reload the page to send another dispute.")


def check_honeypot(value):
    # The field is hidden from people (and labelled "leave empty" for screen readers); bots fill it in.
    if value:
        raise Refused("The form was refused: the field that must stay empty was filled in.")


def count_attempt(ip):
    """Count every sending from this address, whatever its outcome, and refuse beyond the hourly limit."""
    attempts, _ = ratelimits.count(f"disputes:{ip}", RATE_WINDOW_SECONDS)
    if attempts > settings.DISPUTES_PER_IP_PER_HOUR:
        raise Refused(
            "Too many disputes were sent from your network in the last hour; please try again later.",
            status=429,
        )


def mailbox(email):
    """The mailbox an address delivers to, for counting: name+tag@Example.com is name@example.com."""
    local, _, domain = email.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}".lower()


def check_open_limit(email):
    # Addresses are compared by mailbox, so tagging them (name+1@, name+2@) opens no more disputes. Only
    # the addresses that could be that mailbox are read (its name first, its domain last): one domain's
    # open disputes can be many (a webmail's).
    box = mailbox(email)
    name, _, domain = box.rpartition("@")
    candidates = Dispute.objects.filter(
        contact_email__istartswith=name, contact_email__iendswith=f"@{domain}", status__in=OPEN
    )
    open_count = sum(
        mailbox(address) == box for address in candidates.values_list("contact_email", flat=True)
    )
    if open_count >= settings.DISPUTES_MAX_OPEN_PER_CONTACT:
        raise Refused(
            f"{email} already has {open_count} disputes awaiting a decision; "
            "please wait for those to be decided before sending another.",
            status=429,
        )


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is written by the sender and would let a bot pick a new address
    # for every post. Behind a proxy, have the proxy (or gunicorn) set REMOTE_ADDR to the client's.
    return request.META.get("REMOTE_ADDR", "unknown")
