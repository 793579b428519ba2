"""`manage.py send_webhooks`: make the attempts that are due of the webhook deliveries still pending."""

from collections import Counter

from django.core.management.base import BaseCommand

from reliability.signals_out.models import Delivery
from reliability.signals_out.sending import attempt, due


class Command(BaseCommand):
    help = (
        "POST each pending webhook delivery whose next attempt is due, once, and log the attempt: it is "
        "then delivered, failed (its last attempt) or due again after a doubling wait. Run it every "
        "minute or so with the inline task backend, which makes only the first attempt of each delivery; "
        "a database worker makes the others by itself."
    )

    def handle(self, *args, **options):
        outcomes = Counter(attempt(delivery) for delivery in due())
        outcomes.pop(None, None)  # attempted meanwhile by another sender
        self.stdout.write(
            f"Attempted {sum(outcomes.values())} delivery(ies): {outcomes[Delivery.DELIVERED]} delivered, "
            f"{outcomes[Delivery.FAILED]} failed, {outcomes[Delivery.PENDING]} to try again."
        )
