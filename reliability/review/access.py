"""Who may do what on the review pages: viewers read, editors change; anonymous visitors sign in first."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

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
