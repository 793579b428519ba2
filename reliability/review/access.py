"""Who may do what on the review pages: viewers read, editors change; anonymous visitors sign in first."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

VIEW = "reliability.view_outletscore"
CHANGE_LABELS = "reliability.add_labeloverride"
CHANGE_SCORES = "reliability.add_scoreoverride"


def viewer_required(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied("You may not see the review pages.")
        return view(request, *args, **kwargs)

    return checked


def editor_required(permission):
    def decorate(view):
        @login_required
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied("Only editors may change this.")
            return view(request, *args, **kwargs)

        return checked

    return decorate


def is_editor(user):
    return user.has_perm(CHANGE_LABELS)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows (both sign-in pages) once a username or an address is locked out."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
