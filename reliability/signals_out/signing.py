"""Payload signatures: HMAC-SHA256 over "<timestamp>.<body>" with the subscription's secret.

The timestamp is signed with the body, so a receiver that refuses old timestamps cannot be fed an
old payload again (a replay) with its still-valid signature.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Reliability-Signature"
TIMESTAMP_HEADER = "X-Reliability-Timestamp"


def signature(secret, timestamp, body):
    """ "sha256=<hex>" for this body (bytes) sent at this Unix time."""
    message = str(int(timestamp)).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, given, now, tolerance=300):
    """What a receiver does: the signature matches and the timestamp is within `tolerance` seconds."""
    try:
        fresh = abs(now - int(timestamp)) <= tolerance
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(signature(secret, timestamp, body), given or "")
