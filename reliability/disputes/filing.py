"""Filing a dispute from the public form: every protection first, then one row, or nothing at all."""

from django.db import transaction

from reliability.disputes import guards
from reliability.disputes.models import Dispute

INVALID = "The dispute was not sent: please correct the fields marked below."


def file_dispute(form, ip, now=None):
    """Return the new Dispute, or raise guards.Refused (nothing stored)."""
    # The attempt counts before anything else, so failing checks cannot be retried without limit.
    guards.count_attempt(ip)
    guards.check_honeypot(form.data.get("website"))
    guards.check_stamp(form.data.get("started"), now=now)
    if not form.is_valid():
        raise guards.Refused(INVALID)
    data = form.cleaned_data
    with transaction.atomic():
        guards.check_open_limit(data["contact_email"])
        return Dispute.objects.create(
            outlet=data["outlet"],
            claim=data["claim"],
            what_is_wrong=data["what_is_wrong"],
            requested_correction=data["requested_correction"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
        )
