"""The review queue: one claim at a time, the one an editor's label would teach the model most first
(see pages.next_in_queue), with keyboard shortcuts."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Sentence
from reliability.analysis import uncertainty
from reliability.analysis.vocabulary import label_name
from reliability.models import LabelOverride, SentenceAnalysis
from reliability.overrides import Conflict, Invalid, change_sentence, undo
from reliability.review.access import CHANGE_LABELS, editor_required, viewer_required
from reliability.review.pages import Cursor, described_change, next_in_queue, queue_progress, sentence_panel
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


# The session's changes, oldest first, as override ids: `u` walks back through them one at a time.
# Kept in the session rather than read from the database, so an undo never takes back a change made in
# another tab or session, nor one already undone.
SESSION_CHANGES = "queue_changes"
SESSION_CHANGES_KEPT = 200


def _context(request, cursor=None, previous=None, message="", error="", item=None):
    cursor = cursor or Cursor()
    if item is None:
        item, cursor = next_in_queue(cursor, previous)
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
            change = change_sentence(
                sentence, LabelOverride.ACCEPT, "", "Accepted in the review queue", request.user, None
            )
            message = "Accepted the label."
        else:
            change = change_sentence(
                sentence,
                LabelOverride.LABEL,
                value,
                request.POST.get("reason") or "Review queue",
                request.user,
                seen=request.POST.get("seen"),
            )
            rescore_article.enqueue(sentence.article_id)
            message = f"Labelled {label_name(value)}."
        if action != "skip":
            remember(request.session, change)
    except (Conflict, Invalid) as problem:
        status, error = (409 if isinstance(problem, Conflict) else 400), str(problem)
    if action != "skip":
        cursor = Cursor()  # the decided claim leaves the queue; start again from the most uncertain
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    context = _context(request, cursor, sentence, message, error)
    return render(request, template, context, status=status)


def remember(session, change):
    session[SESSION_CHANGES] = [*session.get(SESSION_CHANGES, []), change.pk][-SESSION_CHANGES_KEPT:]


@require_POST
@editor_required(CHANGE_LABELS)
def undo_change(request):
    """Take back the session's latest change not yet undone, and bring its claim back to be decided."""
    changes = request.session.get(SESSION_CHANGES, [])
    change = None
    while changes and change is None:
        change = (
            LabelOverride.objects.filter(pk=changes.pop(), editor=request.user)
            .select_related("sentence")
            .first()
        )
    request.session[SESSION_CHANGES] = changes
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    if change is None:
        return render(request, template, _context(request, message="Nothing to undo in this session."))
    status, message, error = 200, "", ""
    try:
        undo(change, request.user)
        if change.field != LabelOverride.ACCEPT:
            rescore_article.enqueue(change.sentence.article_id)
        message = f"Undid {described_change(change)}. It is back for review."
    except Conflict as conflict:
        status, error = 409, f"Could not undo {described_change(change)}: {conflict}"
    item = (
        SentenceAnalysis.objects.current()
        .filter(sentence=change.sentence)
        .select_related("sentence__article__outlet")
        .first()
    )
    context = _context(request, message=message, error=error, item=item)
    return render(request, template, context, status=status)
