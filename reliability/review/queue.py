"""The review queue: one claim at a time, the one an editor's label would teach the model most first
(see pages.next_in_queue), with keyboard shortcuts."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Sentence
from reliability.analysis import uncertainty
from reliability.models import LabelOverride
from reliability.overrides import Conflict, Invalid, change_sentence, undo_last
from reliability.review.access import CHANGE_LABELS, editor_required, viewer_required
from reliability.review.pages import Cursor, next_in_queue, queue_progress, sentence_panel
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


def _context(request, cursor=None, previous=None, message="", error=""):
    item, cursor = next_in_queue(cursor or Cursor(), previous)
    reviewed, total = queue_progress()
    return {
        "item": item,
        "why": uncertainty.why(item) if item else "",
        "panel": sentence_panel(item.sentence) if item else None,
        "cursor": str(cursor) if item else "",
        "reviewed": reviewed,
        "total": total,
        "shortcuts": list(enumerate(SHORTCUT_LABELS, start=1)),
        "message": message,
        "error": error,
    }


@viewer_required
def queue(request):
    context = _context(request, Cursor.parse(request.GET.get("after")))
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, context)


@require_POST
@editor_required(CHANGE_LABELS)
def decide(request, pk):
    sentence = get_object_or_404(Sentence, pk=pk)
    action, value = request.POST.get("action", ""), request.POST.get("value", "")
    cursor = Cursor.parse(request.POST.get("cursor"))
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
    except (Conflict, Invalid) as problem:
        status, error = (409 if isinstance(problem, Conflict) else 400), str(problem)
    if action != "skip":
        cursor = Cursor()  # the decided claim leaves the queue; start again from the most uncertain
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    context = _context(request, cursor, sentence, message, error)
    return render(request, template, context, status=status)


@require_POST
@editor_required(CHANGE_LABELS)
def undo(request):
    undone = undo_last(request.user)
    if undone is not None and undone.field != LabelOverride.ACCEPT:
        rescore_article.enqueue(undone.sentence.article_id)
    message = f"Undid your last change ({undone.reason[6:60]}…)." if undone else "Nothing to undo."
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, _context(request, message=message))
