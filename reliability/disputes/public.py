"""What the public sees of an outlet's disputes: the decided ones with the editors' decision (never who
sent or decided them), and how many still wait."""

from reliability.disputes.models import DECIDED, OPEN


def public_log(outlet):
    decided = outlet.disputes.filter(status__in=DECIDED).select_related("claim").order_by("-decided_at")
    return {"disputes": decided, "waiting": outlet.disputes.filter(status__in=OPEN).count()}
