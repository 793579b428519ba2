"""Background work: inline by default (TASKS in settings), a database worker in production."""

from django_tasks import task

from reliability.analysis.model import current_or_none
from reliability.refresh import analyse_and_score


@task()
def analyse_new_articles():
    """Analyse every article the current model (or the rules alone) has not analysed, then rescore."""
    model = current_or_none(lambda message: None)
    analysed, snapshots = analyse_and_score(model)
    return {"analysed": len(analysed), "snapshots": len(snapshots)}


@task()
def rescore_article(article_id):
    """After an editor's change to one of its sentences: relink its story, retally, rescore."""
    from articles.models import Article
    from reliability.refresh import refresh_outlets

    return len(refresh_outlets(Article.objects.filter(pk=article_id)))
