"""Calls counted per fixed window in the shared cache: the dispute form's sendings per address and each
dashboard token's calls. Every process must see the same counts, so the cache is Redis or the database
(settings, CACHES), never a process's own memory."""

import time

from django.core.cache import cache

# A counter is kept a little past its window so a call at the window's very end still finds it; after
# that its key (which names the window) is never read again.
GRACE_SECONDS = 60


def count(name, window_seconds, now=None):
    """Count one call of `name` in the current window of `window_seconds` (windows start at multiples of
    it since the epoch); return how many calls that makes and the seconds until the window ends."""
    now = time.time() if now is None else now
    key = f"ratelimit:{name}:{window_seconds}:{int(now // window_seconds)}"
    timeout = window_seconds + GRACE_SECONDS
    # add then incr rather than get then set: Redis increments atomically, so calls answered by several
    # processes at the same moment are all counted.
    cache.add(key, 0, timeout)
    try:
        calls = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout)
        calls = 1
    return calls, window_seconds - now % window_seconds
