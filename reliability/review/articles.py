"""Reviewing an article: its sentences marked by label, a side panel of evidence, changes and undo."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Article, Sentence
from reliability.models import LabelOverride
from reliability.overrides import Conflict, Invalid, change_sentence, displayed_score, selected_span, undo
from reliability.review import session
from reliability.review.access import CHANGE_LABELS, editor_required, is_editor, viewer_required
from reliability.review.pages import (
    article_page,
    described_change,
    score_moved,
    sentence_panel,
    value_in_words,
)
from reliability.tasks import rescore_article

SPANS = (LabelOverride.SOURCE, LabelOverride.CUE)


@viewer_required
def article(request, pk):
    context = article_page(get_object_or_404(Article.objects.select_related("outlet"), pk=pk))
    context["editor"] = is_editor(request.user)
    selected = request.GET.get("sentence")
    if selected and selected.isdigit():
        sentence = get_object_or_404(Sentence, pk=selected, article_id=pk)
        context.update(panel=sentence_panel(sentence))
    return render(request, "review/article.html", context)


@viewer_required
def panel(request, pk):
    sentence = get_object_or_404(Sentence, pk=pk)
    context = {"panel": sentence_panel(sentence), "editor": is_editor(request.user)}
    return render(request, "review/_sentence_panel.html", context)


def posted_change(sentence, post):
    """(field, value, seen) of a posted change. The panel's one form names the change on the button
    pressed ("label:vague", "is_claim:no", "source", "cue", "accept") beside a `seen_<field>` per field,
    and a span as the words selected in the sentence (`text`, with `start` and `end` into it); a form
    of one change posts `field`, `value` and `seen`."""
    if "change" not in post:
        return post.get("field", LabelOverride.LABEL), post.get("value", ""), post.get("seen")
    field, _, value = post["change"].partition(":")
    if field in SPANS:
        value = selected_span(sentence, post.get("text", ""), post.get("start"), post.get("end"))
    compared = LabelOverride.LABEL if field == LabelOverride.ACCEPT else field
    return field, value, post.get(f"seen_{compared}")


def _panel_response(request, sentence, status, error="", saved="", moved=""):
    context = {
        "panel": sentence_panel(sentence),
        "editor": True,
        "error": error,
        "saved": saved,
        "score_moved": moved,
    }
    if request.htmx:
        return render(request, "review/_changed.html", context, status=status)
    context.update(article_page(sentence.article), editor=True)
    return render(request, "review/article.html", context, status=status)


@require_POST
@editor_required(CHANGE_LABELS)
def change(request, pk):
    sentence = get_object_or_404(Sentence.objects.select_related("article__outlet"), pk=pk)
    status, error, saved, moved = 200, "", "", ""
    try:
        field, value, seen = posted_change(sentence, request.POST)
        if field not in dict(LabelOverride.FIELDS):
            raise Invalid("Unknown field.")
        reason = request.POST.get("reason")
        if field == LabelOverride.ACCEPT:
            reason = reason or "Accepted as labelled"
        before = displayed_score(sentence.article.outlet)
        change = change_sentence(sentence, field, value, reason, request.user, seen=seen)
        session.remember(request.session, session.article_scope(sentence.article_id), change)
        rescore_article.enqueue(sentence.article_id)
        saved = f"Saved: {described_change(change)}."
        moved = score_moved(before, displayed_score(sentence.article.outlet))
    except Conflict as conflict:
        status, error = 409, str(conflict)
    except Invalid as invalid:
        status, error = 400, str(invalid)
    return _panel_response(request, sentence, status, error, saved, moved)


@require_POST
@editor_required(CHANGE_LABELS)
def undo_last(request, pk):
    """Take back the newest change made in this article's view in this session, and show its sentence
    with the value it had before."""
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    scope = session.article_scope(article.pk)
    change = session.to_undo(request.session, scope, request.user)
    if change is None:
        selected = request.POST.get("sentence", "")
        sentence = article.sentences.filter(pk=selected).first() if selected.isdigit() else None
        sentence = sentence or article.sentences.order_by("order").first()
        return _panel_response(request, sentence, 200, error="Nothing to undo in this article's session.")
    session.forget(request.session, scope, change)
    status, error, saved, moved = 200, "", "", ""
    try:
        before = displayed_score(article.outlet)
        undo(change, request.user)
        if change.field != LabelOverride.ACCEPT:
            rescore_article.enqueue(article.pk)
        saved = f"Undid {described_change(change)}: it is {value_in_words(change, change.old_value)} again."
        moved = score_moved(before, displayed_score(article.outlet))
    except (Conflict, Invalid) as problem:
        status, error = 409, f"Could not undo {described_change(change)}: {problem}"
    return _panel_response(request, change.sentence, status, error, saved, moved)
