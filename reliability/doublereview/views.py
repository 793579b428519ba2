"""Double review pages: the editors' list and the blind label form, the chief's adjudication queue and
the agreement figures. Each view parses the request, calls reviews.py or agreement.py and renders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reliability.analysis.vocabulary import label_name
from reliability.doublereview import agreement, reviews
from reliability.doublereview.chart import kappa_over_time
from reliability.doublereview.models import KINDS, BlindLabel, DoubleReview
from reliability.overrides import Invalid
from reliability.review.access import editor_required, viewer_required

LABEL = "doublereview.add_blindlabel"
REQUIRE = "doublereview.add_doublereview"
ADJUDICATE = "doublereview.adjudicate_doublereview"


def _targets(queryset):
    return queryset.select_related("sentence__article__outlet", "outlet")


@editor_required(LABEL)
def review_list(request, error="", status=200):
    mine = BlindLabel.objects.filter(editor=request.user, review__status=DoubleReview.OPEN)
    context = {
        "to_label": _targets(reviews.to_label(request.user)),
        "waiting": mine.select_related("review__sentence__article__outlet", "review__outlet"),
        "disagreements": DoubleReview.objects.filter(status=DoubleReview.ADJUDICATE).count(),
        "kinds": KINDS,
        "error": error,
        "typed": request.POST if error else {},
    }
    return render(request, "doublereview/list.html", context, status=status)


@require_POST
@editor_required(REQUIRE)
def require(request):
    kind = request.POST.get("kind")
    try:
        reviews.require(kind, reviews.find_target(kind, request.POST.get("target")), request.user)
    except Invalid as invalid:
        return review_list(request, error=str(invalid), status=400)
    return redirect("doublereview:list")


@editor_required(LABEL)
def label(request, pk):
    """The blind label form. It shows the claim or outlet and the choices, never another editor's label:
    the page is the same whether or not the other editor has labelled."""
    review = get_object_or_404(_targets(DoubleReview.objects), pk=pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            value = request.POST.get("value")
            reviews.record(review, request.user, value)
            # Says nothing of the other editor's label, nor whether there is one: the label stays blind.
            recorded = f"Your label for {reviews.described(review)} is recorded: {label_name(value)}."
            messages.success(request, recorded)
            return redirect("doublereview:list")
        except Invalid as invalid:
            error, status = str(invalid), 400
    own = review.labels.filter(editor=request.user).first()
    context = {"review": review, "own": own, "error": error}
    return render(request, "doublereview/label.html", context, status=status)


@editor_required(ADJUDICATE)
def adjudication(request, error="", status=200, typed=None):
    queue = _targets(DoubleReview.objects.filter(status=DoubleReview.ADJUDICATE)).prefetch_related(
        "labels__editor"
    )
    context = {"queue": queue, "error": error, "typed": typed}
    return render(request, "doublereview/adjudication.html", context, status=status)


@require_POST
@editor_required(ADJUDICATE)
def decide(request, pk):
    review = get_object_or_404(_targets(DoubleReview.objects), pk=pk)
    try:
        reviews.adjudicate(review, request.user, request.POST.get("value"), request.POST.get("reason"))
    except Invalid as invalid:
        return adjudication(request, error=str(invalid), status=400, typed={"pk": pk, **request.POST.dict()})
    return redirect("doublereview:adjudication")


@viewer_required
def agreement_page(request):
    figures = agreement.agreement()
    for figure in figures:
        figure["chart"] = kappa_over_time(figure["per_week"])
    return render(request, "doublereview/agreement.html", {"figures": figures})
