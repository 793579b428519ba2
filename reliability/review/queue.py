"""The review queue: one claim at a time, the one an editor's label would teach the model most first
(see pages.next_in_queue), with keyboard shortcuts, the claim's surroundings, the session's pace and
its changes, each of which can be undone."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Sentence
from reliability.analysis import uncertainty
from reliability.analysis.vocabulary import label_name
from reliability.models import LabelOverride, SentenceAnalysis
from reliability.overrides import Conflict, Invalid, change_sentence, undo
from reliability.review import session
from reliability.review.access import CHANGE_LABELS, editor_required, viewer_required
from reliability.review.pages import (
    LABEL_KEYS,
    Cursor,
    described_change,
    next_in_queue,
    queue_progress,
    sentence_panel,
    surroundings,
)
from reliability.tasks import rescore_article


def _context(request, cursor=None, previous=None, message="", error="", item=None):
    cursor = cursor or Cursor()
    if item is None:
        item, cursor = next_in_queue(cursor, previous, session.skipped(request.session))
    reviewed, total = queue_progress()
    return {
        "item": item,
        "why": uncertainty.why(item) if item else "",
        "panel": sentence_panel(item.sentence) if item else None,
        "around": surroundings(item.sentence, item.evidence) if item else None,
        "cursor": str(cursor) if item else "",
        "reviewed": reviewed,
        "total": total,
        "pace": session.pace(request.session, total - reviewed),
        "changes": session.changes(request.session, session.QUEUE, request.user),
        "shortcuts": LABEL_KEYS,
        "message": message,
        "error": error,
    }


def _render(request, context, status=200):
    template = "review/_queue_item.html" if request.htmx else "review/queue.html"
    return render(request, template, context, status=status)


@viewer_required
def queue(request):
    session.start(request.session)
    return _render(request, _context(request, Cursor.parse(request.GET.get("after"))))


@require_POST
@editor_required(CHANGE_LABELS)
def decide(request, pk):
    sentence = get_object_or_404(Sentence, pk=pk)
    action, value = request.POST.get("action", ""), request.POST.get("value", "")
    cursor = Cursor.parse(request.POST.get("cursor"))
    status, message, error = 200, "", ""
    try:
        if action == "skip":
            session.skip(request.session, sentence.pk)
            message = "Skipped: not asked again in this session."
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
            session.remember(request.session, session.QUEUE, change)
        session.count(request.session)
    except (Conflict, Invalid) as problem:
        status, error = (409 if isinstance(problem, Conflict) else 400), str(problem)
    if action != "skip":
        cursor = Cursor()  # the decided claim leaves the queue; start again from the most uncertain
    return _render(request, _context(request, cursor, sentence, message, error), status)


@require_POST
@editor_required(CHANGE_LABELS)
def undo_change(request):
    """Take back one of the session's changes (the one posted as `change`, else the newest not yet
    undone), and bring its claim back to be decided."""
    change = session.to_undo(request.session, session.QUEUE, request.user, request.POST.get("change"))
    if change is None:
        return _render(request, _context(request, message="Nothing to undo in this session."))
    # Forgotten whatever happens: a change that cannot be undone (changed since) is not offered again,
    # and the next `u` walks further back.
    session.forget(request.session, session.QUEUE, change)
    status, message, error = 200, "", ""
    try:
        undo(change, request.user)
        if change.field != LabelOverride.ACCEPT:
            rescore_article.enqueue(change.sentence.article_id)
        session.count(request.session, -1)
        message = f"Undid {described_change(change)}. It is back for review."
    except (Conflict, Invalid) as problem:
        status, error = 409, f"Could not undo {described_change(change)}: {problem}"
    item = (
        SentenceAnalysis.objects.current()
        .filter(sentence=change.sentence)
        .select_related("sentence__article__outlet")
        .first()
    )
    return _render(request, _context(request, message=message, error=error, item=item), status)
