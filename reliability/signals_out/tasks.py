"""The background side of webhooks: one task per delivery (inline by default, see TASKS in settings)."""

from django_tasks import task

from reliability.signals_out.models import Delivery
from reliability.signals_out.sending import send


@task()
def send_delivery(delivery_id):
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.PENDING:
        return None  # gone, or already settled by an earlier run of this task
    return send(delivery)
