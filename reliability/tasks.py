"""Background work: inline by default (TASKS in settings), a database worker in production."""

from django_tasks import task

from reliability.analysis.model import current_or_none
from reliability.storage import analyse_pending


@task()
def analyse_new_articles():
    """Analyse every article the current model (or the rules, without one) has not analysed yet."""
    model = current_or_none(lambda message: None)
    return analyse_pending(model)
