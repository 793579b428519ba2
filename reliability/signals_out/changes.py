"""Which new snapshots moved an outlet's all-time score enough to tell a subscription, and the
deliveries recorded for them (sent once the snapshots are committed)."""

import json

from django.db import transaction

from reliability.api.exports import iso
from reliability.models import OutletScore
from reliability.signals_out.models import Delivery, Subscription

EVENT = "outlet.score_changed"


def previous_snapshot(snapshot):
    """The outlet's all-time snapshot just before this one, or None for its first."""
    return (
        OutletScore.objects.filter(outlet_id=snapshot.outlet_id, window="all", pk__lt=snapshot.pk)
        .order_by("-computed_at", "-pk")
        .first()
    )


def payload(snapshot, previous):
    outlet = snapshot.outlet
    return {
        "event": EVENT,
        "outlet": {"slug": outlet.slug, "name": outlet.name},
        "window": snapshot.window,
        "overall": snapshot.overall,
        "previous_overall": previous.overall,
        "change": round(snapshot.overall - previous.overall, 2),
        "low": snapshot.overall_low,
        "high": snapshot.overall_high,
        "claims": snapshot.claims,
        "computed_at": iso(snapshot.computed_at),
        "previous_computed_at": iso(previous.computed_at),
        "snapshot": snapshot.pk,
    }


def record_deliveries(snapshots):
    """A delivery for each active subscription whose threshold a new all-time snapshot's change exceeds.

    The first snapshot of an outlet has nothing to differ from, so it sends nothing.
    """
    subscriptions = list(Subscription.objects.filter(active=True))
    if not subscriptions:
        return []
    deliveries = []
    for snapshot in snapshots:
        if snapshot.window != "all":
            continue
        previous = previous_snapshot(snapshot)
        if previous is None:
            continue
        change = abs(snapshot.overall - previous.overall)
        body = json.dumps(payload(snapshot, previous), sort_keys=True)
        deliveries += [
            Delivery(
                subscription=subscription,
                outlet_id=snapshot.outlet_id,
                snapshot=snapshot,
                previous=previous,
                body=body,
            )
            for subscription in subscriptions
            if change > subscription.threshold
        ]
    return Delivery.objects.bulk_create(deliveries)


def notify_score_changes(snapshots):
    """Record the deliveries these new snapshots call for and send them in the background after commit,
    so a receiver is never told of a score that a rollback then takes back."""
    from reliability.signals_out.tasks import send_delivery

    with transaction.atomic():
        deliveries = record_deliveries(snapshots)
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: send_delivery.enqueue(pk))
    return deliveries
