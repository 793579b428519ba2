"""The review queue: one claim at a time, least certain first, with keyboard shortcuts."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Sentence
from reliability.models import LabelOverride
from reliability.overrides import Conflict, Invalid, change_sentence, undo_last
from reliability.review.access import CHANGE_LABELS, editor_required, viewer_required
from reliability.review.pages import queue_items, queue_progress, sentence_panel
from reliability.tasks import rescore_article

SHORTCUT_LABELS = [
    "named_person",
    "named_organization",
    "document",
    "media_report",
    "anonymous",
    "vague",
    "none",
]


def _cursor(value):
    try:
        confidence, pk = value.split(":")
        return float(confidence), int(pk)
    except (AttributeError, ValueError):
        return None


def _context(request, after=None, message="", error=""):
    items = queue_items(after)
    reviewed, total = queue_progress()
    item = items[0] if items else None
    return {
        "item": item,
        "panel": sentence_panel(item.sentence) if item else None,
        "cursor": f"{item.confidence}:{item.pk}" if item else "",
        "reviewed": reviewed,
        "total": total,
        "shortcuts": list(enumerate(SHORTCUT_LABELS, start=1)),
        "message": message,
        "error": error,
    }


@viewer_required
def queue(request):
    context = _context(request, _cursor(request.GET.get("after")))
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, context)


@require_POST
@editor_required(CHANGE_LABELS)
def decide(request, pk):
    sentence = get_object_or_404(Sentence, pk=pk)
    action, value = request.POST.get("action", ""), request.POST.get("value", "")
    after = _cursor(request.POST.get("cursor"))
    status, message, error = 200, "", ""
    try:
        if action == "skip":
            message = "Skipped."
        elif action == "accept":
            change_sentence(
                sentence, LabelOverride.ACCEPT, "", "Accepted in the review queue", request.user, None
            )
            message = "Accepted the label."
        else:
            change_sentence(
                sentence,
                LabelOverride.LABEL,
                value,
                request.POST.get("reason") or "Review queue",
                request.user,
                seen=request.POST.get("seen"),
            )
            rescore_article.enqueue(sentence.article_id)
            message = f"Labelled {value.replace('_', ' ')}."
            after = None if action != "skip" else after
    except (Conflict, Invalid) as problem:
        status, error = (409 if isinstance(problem, Conflict) else 400), str(problem)
    if action != "skip":
        after = None  # the decided claim leaves the queue; start again from the most uncertain
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, _context(request, after, message, error), status=status)


@require_POST
@editor_required(CHANGE_LABELS)
def undo(request):
    undone = undo_last(request.user)
    if undone is not None and undone.field != LabelOverride.ACCEPT:
        rescore_article.enqueue(undone.sentence.article_id)
    message = f"Undid your last change ({undone.reason[6:60]}…)." if undone else "Nothing to undo."
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, _context(request, None, message))
