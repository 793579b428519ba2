"""The outlets dashboard and an outlet's page, with the score override form."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Outlet
from reliability.models import WINDOWS
from reliability.overrides import Conflict, Invalid, override_score
from reliability.review.access import CHANGE_SCORES, editor_required, is_editor, viewer_required
from reliability.review.pages import comparison_charts, outlet_page, outlet_rows, scatter_axes


@viewer_required
def dashboard(request):
    sort, query = request.GET.get("sort", "score"), request.GET.get("q", "").strip()
    rows = outlet_rows(sort, query)
    context = {"rows": rows, "sort": sort, "q": query}
    if request.htmx:
        template = "review/_outlet_table.html"
    else:
        template = "review/dashboard.html"
        context.update(comparison_charts(rows, *scatter_axes(request.GET.get("x"), request.GET.get("y"))))
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@viewer_required
def outlet(request, slug):
    window = request.GET.get("window", "all")
    if window not in dict(WINDOWS):
        window = "all"
    context = outlet_page(get_object_or_404(Outlet, slug=slug), window)
    context.update(
        windows=WINDOWS, can_edit=request.user.has_perm(CHANGE_SCORES), editor=is_editor(request.user)
    )
    return render(request, "review/outlet.html", context)


@require_POST
@editor_required(CHANGE_SCORES)
def override(request, slug):
    outlet = get_object_or_404(Outlet, slug=slug)
    window = request.POST.get("window", "all")
    status, error = 200, ""
    try:
        override_score(
            outlet,
            window,
            request.POST.get("value"),
            request.POST.get("reason"),
            request.user,
            seen=request.POST.get("seen"),
        )
    except Conflict as conflict:
        status, error = 409, str(conflict)
    except Invalid as invalid:
        status, error = 400, str(invalid)
    context = outlet_page(outlet, window)
    context.update(windows=WINDOWS, can_edit=True, error=error, typed=request.POST if error else {})
    template = "review/_score_override.html" if request.htmx else "review/outlet.html"
    return render(request, template, context, status=status)
