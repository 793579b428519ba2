"""The public outlet pages: no sign-in, read-only, and not there at all (404) unless published."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.outlets import listed_outlets
from reliability.disputes.public import public_log
from reliability.publishing import find_claims, pages_are_public, public_outlet, public_outlets


def _published():
    if not pages_are_public():
        raise Http404("The outlet pages are not published.")


def outlet_list(request):
    _published()
    return render(request, "public/outlets.html", {"outlets": public_outlets()})


def outlet(request, slug):
    _published()
    found = get_object_or_404(listed_outlets(), slug=slug)
    words = request.GET.get("q", "").strip()
    context = {**public_outlet(found), **public_log(found), "q": words, "found": find_claims(found, words)}
    return render(request, "public/outlet.html", context)
