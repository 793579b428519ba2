"""Reviewing an article: its sentences marked by label, a side panel of evidence, and changes."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from articles.models import Article, Sentence
from reliability.models import LabelOverride
from reliability.overrides import Conflict, Invalid, change_sentence, displayed_score
from reliability.review.access import CHANGE_LABELS, editor_required, is_editor, viewer_required
from reliability.review.pages import article_page, described_change, score_moved, sentence_panel
from reliability.tasks import rescore_article


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


@require_POST
@editor_required(CHANGE_LABELS)
def change(request, pk):
    sentence = get_object_or_404(Sentence.objects.select_related("article__outlet"), pk=pk)
    field = request.POST.get("field", LabelOverride.LABEL)
    status, error, saved, moved = 200, "", "", ""
    if field not in dict(LabelOverride.FIELDS):
        status, error = 400, "Unknown field."
    else:
        before = displayed_score(sentence.article.outlet)
        try:
            change = change_sentence(
                sentence,
                field,
                request.POST.get("value", ""),
                request.POST.get("reason"),
                request.user,
                seen=request.POST.get("seen"),
            )
            rescore_article.enqueue(sentence.article_id)
            saved = described_change(change)
            moved = score_moved(before, displayed_score(sentence.article.outlet))
        except Conflict as conflict:
            status, error = 409, str(conflict)
        except Invalid as invalid:
            status, error = 400, str(invalid)
    panel = sentence_panel(sentence)
    context = {"panel": panel, "editor": True, "error": error, "saved": saved, "score_moved": moved}
    if request.htmx:
        return render(request, "review/_changed.html", context, status=status)
    context.update(article_page(sentence.article), editor=True)
    return render(request, "review/article.html", context, status=status)
