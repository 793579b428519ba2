"""Making a model version current: promoting a candidate, or restoring an earlier version.

The database (ModelVersion.is_current, at most one) and the file pointer (MODEL_DIR/current.json) say
the same thing: both change in one transaction, the pointer last, so a failure leaves both as they were.
The articles are then analysed by the new current model in the background (a Job).
"""

from django.db import transaction
from django.utils import timezone

from reliability.analysis import model as saved_models
from reliability.models import ModelVersion


class Refused(Exception):
    """A version that cannot become current, with the reason an editor can act on."""


def promote(version, user=None):
    """Make `version` current (promoted_at/by recorded), then start the reanalysis Job and return it.

    user None: promoted automatically (EditorialSettings.auto_promote).
    """
    from reliability import jobs
    from reliability.training.tasks import reanalyse_after_promotion

    version.refresh_from_db()  # the caller's copy may be older than another promotion
    if version.is_current:
        raise Refused(f"Model {version.version} is already current.")
    try:
        saved_models.load(version.version)  # refuse a missing or unreadable file before changing anything
    except saved_models.ModelUnavailable as error:
        raise Refused(f"Model {version.version} cannot be used: {error}") from None
    with transaction.atomic():
        ModelVersion.objects.select_for_update().filter(is_current=True).update(is_current=False)
        ModelVersion.objects.filter(pk=version.pk).update(
            is_current=True, promoted_at=timezone.now(), promoted_by=user
        )
        saved_models.set_current(version.version)
    version.refresh_from_db()
    return jobs.start(
        "reanalyse",
        f"Analyse the articles with model {version.version}",
        reanalyse_after_promotion,
        user=user,
        version=version.version,
    )


def restore(version, user=None):
    """Make an earlier version current again: a promotion like any other, kept in the history."""
    return promote(version, user)
