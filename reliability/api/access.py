"""Who may call the API: dashboard tokens read, viewers read, editors also record overrides.

A dashboard token authenticates as no user at all (`request.user` is anonymous, `request.auth` the
token), so nothing that needs a person (an override) can ever be done with one.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from reliability import ratelimits
from reliability.api.models import DashboardToken
from reliability.review.access import CHANGE_LABELS, CHANGE_SCORES, VIEW

KEYWORDS = (b"token", b"bearer")
LAST_USED_EVERY = timedelta(minutes=1)  # how stale a token's "last used" may get, to spare a write per call


class DashboardTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`) with a key made in the admin or by a command."""

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed("Give the token as: Authorization: Token <key>.")
        try:
            key = words[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token has characters no key has.") from None
        token = DashboardToken.for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            DashboardToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return "Token"


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = DashboardTokenAuthentication
    name = "dashboardToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A dashboard token, as `Token <key>` (read-only).",
        }


def is_token(request):
    return isinstance(request.auth, DashboardToken)


class ReadOrOverride(permissions.BasePermission):
    """Reads: a dashboard token or a signed-in viewer. Writes: only editors, and only where a view says
    which permission a write needs (`write_permission`); everything else is read-only."""

    message = "Only editors may change this; dashboard tokens and viewers read."

    def has_permission(self, request, view):
        if is_token(request):
            return request.method in permissions.SAFE_METHODS
        user = request.user
        if not (user and user.is_authenticated and user.has_perm(VIEW)):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        needed = getattr(view, "write_permission", None)
        return needed in (CHANGE_LABELS, CHANGE_SCORES) and user.has_perm(needed)


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Each dashboard token gets its own budget of calls per window (API_TOKEN_RATE); people signed in
    are not throttled."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not is_token(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}

    def allow_request(self, request, view):
        # DRF's own check reads the list of a token's call times and writes it back, so calls answered
        # by several processes at once overwrite each other's; an atomic counter per window does not.
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        calls, self.seconds_left = ratelimits.count(key, self.duration, now=self.timer())
        return calls <= self.num_requests

    def wait(self):
        return self.seconds_left
