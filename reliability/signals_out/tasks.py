"""The background side of webhooks: one task per delivery attempt (inline by default, see TASKS in
settings).

With a worker (a backend that can run a task later: TASKS_BACKEND=database) each failed attempt queues
the next for when it is due. Inline, the task runs inside the request whose change moved a score, so it
makes one attempt with WEBHOOK_INLINE_TIMEOUT_SECONDS and never waits: the attempts left are made by
`manage.py send_webhooks` (README, "Signal export and webhooks").
"""

from django.conf import settings
from django_tasks import task

from reliability.signals_out.models import Delivery
from reliability.signals_out.sending import attempt


@task()
def send_delivery(delivery_id):
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:
        return None
    queued = send_delivery.get_backend().supports_defer
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS if queued else settings.WEBHOOK_INLINE_TIMEOUT_SECONDS
    status = attempt(delivery, timeout)
    if queued and status == Delivery.PENDING:
        send_delivery.using(run_after=delivery.next_attempt_at).enqueue(delivery_id)
    return status
