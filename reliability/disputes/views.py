"""Dispute pages: the public form and log, the editors' queue, one dispute with its status form."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Outlet
from reliability.disputes.deciding import Conflict, Invalid, allowed_next, change_status
from reliability.disputes.filing import file_dispute
from reliability.disputes.forms import DisputeForm
from reliability.disputes.guards import Refused, client_ip, stamp
from reliability.disputes.models import DECISION_MAX, OPEN, STATUSES, Dispute
from reliability.disputes.public import public_log
from reliability.publishing import is_published
from reliability.review.access import CHANGE_LABELS, editor_required, is_editor, viewer_required


def new(request):
    """Public: no sign-in, so publishers and readers can reply."""
    status, error = 200, ""
    if request.method == "POST":
        form = DisputeForm(request.POST)
        try:
            dispute = file_dispute(form, client_ip(request))
        except Refused as refusal:
            status, error = refusal.status, str(refusal)
        else:
            messages.success(
                request,
                f"Dispute #{dispute.pk} was received. Editors will review it; their decision appears here.",
            )
            return redirect("disputes:log", slug=dispute.outlet.slug)
    else:
        form = DisputeForm(initial={"outlet": request.GET.get("outlet"), "claim": request.GET.get("claim")})
    return render(
        request, "disputes/new.html", {"form": form, "error": error, "stamp": stamp()}, status=status
    )


def log(request, slug):
    """Public: decided disputes of one outlet, without the sender's details."""
    outlet = get_object_or_404(Outlet, slug=slug)
    context = {"outlet": outlet, "published": is_published(outlet), **public_log(outlet)}
    return render(request, "disputes/log.html", context)


@viewer_required
def queue(request):
    status = request.GET.get("status", "open")
    disputes = Dispute.objects.select_related("outlet", "claim")
    if status == "open":
        disputes = disputes.filter(status__in=OPEN)
    elif status in dict(STATUSES):
        disputes = disputes.filter(status=status)
    choices = [("open", "Open"), *STATUSES, ("all", "All")]
    return render(
        request, "disputes/queue.html", {"disputes": disputes, "status": status, "choices": choices}
    )


def _dispute_page(request, dispute, error="", status=200):
    context = {
        "dispute": dispute,
        "events": dispute.events.select_related("editor"),
        "next_statuses": allowed_next(dispute),
        "can_edit": is_editor(request.user),
        "decision_max": DECISION_MAX,
        "error": error,
        "typed": request.POST if error else {},
    }
    return render(request, "disputes/dispute.html", context, status=status)


@viewer_required
def detail(request, pk):
    dispute = get_object_or_404(Dispute.objects.select_related("outlet", "claim", "decided_by"), pk=pk)
    return _dispute_page(request, dispute)


@require_POST
@editor_required(CHANGE_LABELS)
def decide(request, pk):
    dispute = get_object_or_404(Dispute.objects.select_related("outlet", "claim", "decided_by"), pk=pk)
    try:
        change_status(
            dispute,
            request.POST.get("status"),
            request.POST.get("note"),
            request.user,
            request.POST.get("seen"),
        )
    except Conflict as conflict:
        return _dispute_page(request, dispute, str(conflict), status=409)
    except Invalid as invalid:
        return _dispute_page(request, dispute, str(invalid), status=400)
    messages.success(request, f"Dispute #{dispute.pk} is now {dispute.get_status_display().lower()}.")
    return redirect("disputes:detail", pk=dispute.pk)
