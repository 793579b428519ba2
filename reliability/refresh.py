"""After analysis: group articles into stories, link their claims, update tallies and scores.

The work for one new article is bounded by its story and its date window, not by the corpus.
"""

from django.db import transaction

from articles.models import Article
from reliability.models import ArticleAnalysis, ArticleTally, Story
from reliability.scoring import current_settings, forget_tally, rescore, retally
from reliability.storage import analyse_each, analyse_pending, analyser_name, store
from reliability.stories import group
from reliability.support import link_stories, link_story

# Stories linked together, their articles and rows read at once: what bounds a batch's memory.
STORIES_AT_ONCE = 50


def refresh(articles, analyser=""):
    """Bring stories, links, tallies and the affected outlets' scores up to date for these articles."""
    return rescore(link_and_retally(group_articles(articles)), analyser)


def group_articles(articles):
    """Group these articles into stories; the ids of the stories they are in."""
    articles = list(articles)
    group(articles, current_settings())
    return list(Story.objects.filter(members__article__in=articles).distinct().values_list("pk", flat=True))


def link_and_retally(story_ids, progress=None):
    """Link the claims of these stories and retally their articles; the outlets whose figures moved.

    Stories are linked apart from one another, so batches of them may be linked in parallel. progress(1)
    after each story."""
    settings = current_settings()
    stories = list(Story.objects.filter(pk__in=story_ids).order_by("pk"))
    touched, rows = {}, {}
    for start in range(0, len(stories), STORIES_AT_ONCE):
        part = stories[start : start + STORIES_AT_ONCE]
        articles, part_rows = link_stories(part, settings)
        touched.update((article.pk, article) for article in articles)
        rows.update(part_rows)
        if progress:
            progress(len(part))
    return retally(touched.values(), rows)


def stale_articles():
    """Articles analysed but not yet tallied (new, or left behind by an interrupted run)."""
    return Article.objects.filter(analyses__isnull=False, tally__isnull=True).distinct()


def analyse_and_score(model, progress=None):
    """Analyse what the current analyser has not seen, then refresh everything that depends on it.

    Returns (ids of the articles analysed, the score snapshots made).
    """
    done = analyse_pending(model, progress)
    ids = set(done) | set(stale_articles().values_list("pk", flat=True))
    articles = Article.objects.filter(pk__in=ids).select_related("outlet")
    return done, refresh(articles, analyser_name(model))


def reanalyse(articles, model):
    """Analyse these articles again with the model (None: the rules alone), replacing that analyser's
    earlier analysis of them, then refresh everything that depends on them.

    An article whose analysis or storing fails is recorded as failed and keeps the analysis it had; the
    others go on. Returns (ids of the articles analysed, the failures recorded, the score snapshots
    made). Editors' overrides belong to sentences, not analyses, so they apply to the new analysis as
    they did to the old.
    """
    done, failed = analyse_each([article.pk for article in articles], model, replace_analysis)
    analysed = Article.objects.filter(pk__in=done).select_related("outlet")
    return done, failed, refresh(analysed, analyser_name(model))


@transaction.atomic
def replace_analysis(article, sentences, analyser, version, unless_newest=False):
    """Store the analyser's new analysis of the article in place of its earlier one, in one transaction.

    unless_newest: leave the article alone if the analyser's analysis is already its newest (another run
    did it meanwhile). Returns whether it stored anything.
    """
    Article.objects.select_for_update().filter(pk=article.pk).first()  # one reanalysis at a time
    if unless_newest:
        newest = article.analyses.order_by("-created_at", "-pk").values_list("analyser", flat=True).first()
        if newest == analyser:
            return False
    forget_tally(article)  # before the analysis it rests on goes, so the totals stay right
    article.analyses.filter(analyser=analyser).delete()
    store(article, sentences, analyser, version)
    return True


def refresh_story(story):
    """After an editor merged or split a story: relink its claims and rescore the outlets involved."""
    return rescore(retally(*link_story(story, current_settings())))


def refresh_outlets(articles):
    """After articles moved to another outlet: their tallies move, and both outlets are rescored."""
    from articles.models import Outlet

    articles = list(articles)
    before = set(ArticleTally.objects.filter(article__in=articles).values_list("outlet_id", flat=True))
    settings = current_settings()
    touched = {article.pk: article for article in articles}
    stories = Story.objects.filter(members__article__in=articles).distinct()
    linked, _ = link_stories(stories, settings)  # voices changed; the moved articles' rows are read below
    touched.update((article.pk, article) for article in linked)
    outlets = {outlet.pk: outlet for outlet in retally(touched.values())}
    outlets.update({outlet.pk: outlet for outlet in Outlet.objects.filter(pk__in=before)})
    return rescore(outlets.values())


def rescore_outlets(outlets):
    """On an editor's request: recount the outlets' articles and add a score snapshot for every window."""
    outlets = list(outlets)
    retally(Article.objects.filter(outlet__in=outlets).select_related("outlet"))
    return rescore(outlets)


def articles_behind(analyser):
    """Ids of the articles whose latest analysis is not this analyser's (or that have none)."""
    latest = dict(ArticleAnalysis.objects.order_by("created_at", "pk").values_list("article_id", "analyser"))
    return [
        pk for pk in Article.objects.order_by("pk").values_list("pk", flat=True) if latest.get(pk) != analyser
    ]
