"""Publisher replies: the public dispute form and its protections, editors' decisions, the public log."""

import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.cache import cache
from django.utils.html import strip_tags

from articles.models import Article, Outlet, Sentence
from articles.outlets import create_unknown_outlet
from reliability.disputes.guards import stamp
from reliability.disputes.models import Dispute, DisputeEvent
from reliability.models import LabelOverride, OutletScore, ScoreOverride

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The per-address counter lives in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


def with_article(outlet, title="Harbour reopens"):
    Article.objects.create(
        outlet=outlet, title=title, body=title, raw_text=title, content_hash=title.ljust(64)
    )
    return outlet


@pytest.fixture
def outlet(db):
    return with_article(Outlet.objects.create(name="Harbour Herald", slug="harbour-herald"))


def form(to, **changes):
    """What a person sends after ten seconds on the form."""
    data = {
        "outlet": to.slug,
        "claim": "",
        "what_is_wrong": "Our harbour story quoted the mayor by name; it is labelled anonymous.",
        "requested_correction": "Label the quote as a named person.",
        "contact_name": "Pat Publisher",
        "contact_email": "pat@herald.example",
        "website": "",
        "started": stamp(time.time() - 10),
    }
    data.update(changes)
    return data


def file(client, to, **changes):
    return client.post("/disputes/new/", form(to, **changes))


def dispute_for(outlet, **fields):
    values = {
        "outlet": outlet,
        "what_is_wrong": "Wrong.",
        "requested_correction": "Fix it.",
        "contact_name": "Pat",
        "contact_email": "pat@herald.example",
    }
    values.update(fields)
    return Dispute.objects.create(**values)


def decide(client, dispute, status, note=""):
    return client.post(
        f"/disputes/{dispute.pk}/status/", {"status": status, "note": note, "seen": dispute.status}
    )


# Filing: the public form


def test_anyone_can_open_the_form_without_signing_in(client, outlet):
    page = client.get("/disputes/new/?outlet=harbour-herald")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="website"' in html and 'name="started"' in html
    assert '<option value="harbour-herald" selected>Harbour Herald</option>' in html


def test_the_form_lists_only_outlets_with_articles_never_placeholders(client, outlet):
    Outlet.objects.create(name="Quiet Quarterly", slug="quiet-quarterly")  # nothing published yet
    with_article(
        create_unknown_outlet("Mayor to resign over harbour deal"), "Mayor to resign over harbour deal"
    )
    html = client.get("/disputes/new/").content.decode()
    assert "Harbour Herald" in html
    assert "Quiet Quarterly" not in html and "Mayor to resign" not in html
    assert (
        "Select a valid choice" in file(client, Outlet.objects.get(name="Quiet Quarterly")).content.decode()
    )


def test_an_anonymous_visitor_files_a_dispute_and_lands_on_the_public_log(client, outlet):
    response = file(client, outlet)
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == "/disputes/outlet/harbour-herald/"
    assert (dispute.outlet, dispute.claim, dispute.status) == (outlet, None, "received")
    assert dispute.contact_email == "pat@herald.example" and dispute.subject == "the outlet's score"
    page = client.get(response["Location"]).content.decode()
    assert f"Dispute #{dispute.pk} was received" in page and "1 dispute awaiting a decision" in page


def test_the_form_keeps_csrf_protection(outlet):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/disputes/new/", form(outlet))
    assert response.status_code == 403 and Dispute.objects.count() == 0


def test_a_claims_label_can_be_disputed(client, news):
    claim = Sentence.objects.get(text__contains="celebrity chef")
    rag = claim.article.outlet
    assert file(client, rag, claim=str(claim.pk)).status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.claim == claim and dispute.subject == "a claim's label"


def test_a_claim_from_another_outlet_is_refused(client, news):
    courier = Outlet.objects.get(name="Careful Courier")
    elsewhere = Sentence.objects.get(text__contains="celebrity chef")
    response = file(client, courier, claim=str(elsewhere.pk))
    assert response.status_code == 400
    assert (
        f"There is no claim number {elsewhere.pk} in an article by Careful Courier."
        in response.content.decode()
    )
    assert Dispute.objects.count() == 0


REFUSALS = [
    ({"website": "http://spam.example"}, 400, "the field that must stay empty was filled in"),
    ({"started": ""}, 400, "timing stamp is missing or altered"),
    ({"started": stamp(time.time() - 10) + "x"}, 400, "timing stamp is missing or altered"),
    ({"started": "NOW"}, 400, "timing stamp is missing or altered"),
    # Signed an hour ahead, so it is still too fresh however long the test run takes to get here.
    ({"started": stamp(time.time() + 3600)}, 400, "The form was sent too quickly (0 s after it was opened)"),
    ({"started": stamp(time.time() - 3 * 3600)}, 400, "The form was open too long and has expired"),
    ({"what_is_wrong": "x" * 4001}, 400, "Ensure this value has at most 4000 characters (it has 4001)."),
    ({"requested_correction": "x" * 2001}, 400, "at most 2000 characters"),
    ({"contact_name": "n" * 201}, 400, "at most 200 characters"),
    ({"contact_email": "not an address"}, 400, "Enter a valid email address."),
    ({"what_is_wrong": ""}, 400, "This field is required."),
    ({"outlet": "no-such-outlet"}, 400, "Select a valid choice."),
    ({"claim": "abc"}, 400, "Enter a whole number."),
]


@pytest.mark.parametrize("changes, status, message", REFUSALS)
def test_each_protection_refuses_with_a_clear_error_and_stores_nothing(
    client, outlet, changes, status, message
):
    response = file(client, outlet, **changes)
    assert response.status_code == status
    assert message in response.content.decode()
    assert Dispute.objects.count() == 0


def test_each_address_may_send_only_a_few_forms_an_hour(client, outlet, settings):
    settings.DISPUTES_PER_IP_PER_HOUR = 2
    assert file(client, outlet, website="bot").status_code == 400  # refused attempts count too
    assert file(client, outlet).status_code == 302
    response = file(client, outlet, contact_email="other@herald.example")
    assert response.status_code == 429
    assert "Too many disputes were sent from your network in the last hour" in response.content.decode()
    assert Dispute.objects.count() == 1
    # Another address is not held back by the first.
    assert client.post("/disputes/new/", form(outlet), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_a_contact_may_have_only_a_few_disputes_awaiting_a_decision(client, outlet, settings, editor):
    settings.DISPUTES_MAX_OPEN_PER_CONTACT = 2
    for _ in range(2):
        assert file(client, outlet).status_code == 302
    response = file(client, outlet, contact_email="PAT@herald.example")
    assert response.status_code == 429
    assert "PAT@herald.example already has 2 disputes awaiting a decision" in response.content.decode()
    assert Dispute.objects.count() == 2
    # Once one is decided, the contact may send another.
    client.force_login(editor)
    decide(client, Dispute.objects.first(), "rejected", "Not supported by the article.")
    assert file(client, outlet).status_code == 302 and Dispute.objects.count() == 3


def test_tagged_addresses_count_as_their_mailbox(client, outlet, settings):
    settings.DISPUTES_MAX_OPEN_PER_CONTACT = 2
    for address in ("pat@herald.example", "pat+1@herald.example"):
        assert file(client, outlet, contact_email=address).status_code == 302
    response = file(client, outlet, contact_email="Pat+2@Herald.example")
    assert response.status_code == 429 and "already has 2 disputes" in response.content.decode()
    assert file(client, outlet, contact_email="patrick@herald.example").status_code == 302


def test_a_form_is_good_for_one_sending(client, outlet):
    started = stamp(time.time() - 10)
    assert file(client, outlet, started=started).status_code == 302
    again = file(client, outlet, started=started, contact_email="other@herald.example")
    assert again.status_code == 400 and "This form was sent already" in again.content.decode()
    assert Dispute.objects.count() == 1


def test_script_in_the_text_is_shown_as_text_never_run(client, outlet, editor):
    script = "<script>alert('x')</script>"
    assert file(client, outlet, what_is_wrong=script, contact_name=script).status_code == 302
    dispute = Dispute.objects.get()
    client.force_login(editor)
    decide(client, dispute, "rejected", f"Refused {script}")
    for url in ["/disputes/?status=all", f"/disputes/{dispute.pk}/", "/disputes/outlet/harbour-herald/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page, url


# Deciding: editors only, with a written decision and a history


def test_a_dispute_goes_from_received_to_upheld_with_history(client, outlet, editor):
    dispute = dispute_for(outlet)
    client.force_login(editor)
    assert decide(client, dispute, "under_review").status_code == 302
    response = decide(client, Dispute.objects.get(), "upheld", "The mayor is named in the second paragraph.")
    assert response.status_code == 302 and response["Location"] == f"/disputes/{dispute.pk}/"
    dispute.refresh_from_db()
    assert dispute.status == "upheld" and dispute.decision == "The mayor is named in the second paragraph."
    assert dispute.decided_by == editor and dispute.decided_at is not None
    history = list(DisputeEvent.objects.values_list("old_status", "new_status", "editor__username"))
    assert history == [("received", "under_review", "edna"), ("under_review", "upheld", "edna")]
    page = client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "Upheld disputes change nothing by themselves" in page
    assert (
        '<a href="/outlets/harbour-herald/#score-override">override the score on the outlet page</a>' in page
    )


@pytest.mark.parametrize("status", ["upheld", "rejected"])
def test_upholding_or_rejecting_needs_a_written_decision(client, outlet, editor, status):
    dispute = dispute_for(outlet)
    client.force_login(editor)
    response = decide(client, dispute, status, "   ")
    assert response.status_code == 400
    assert (
        "Write the decision: upholding or rejecting a dispute needs a written reason."
        in response.content.decode()
    )
    dispute.refresh_from_db()
    assert dispute.status == "received" and DisputeEvent.objects.count() == 0


def test_a_decided_dispute_can_only_be_reopened_for_review(client, outlet, editor):
    dispute = dispute_for(outlet)
    client.force_login(editor)
    decide(client, dispute, "rejected", "No.")
    dispute.refresh_from_db()
    response = decide(client, dispute, "upheld", "Yes after all.")
    assert (
        response.status_code == 400
        and "A dispute that is rejected cannot become upheld." in response.content.decode()
    )
    assert decide(client, dispute, "under_review").status_code == 302
    dispute.refresh_from_db()
    assert (dispute.status, dispute.decision, dispute.decided_by) == ("under_review", "", None)
    assert DisputeEvent.objects.filter(note="No.").exists()  # the old decision stays in the history


def test_a_colleagues_change_in_between_is_not_overwritten(client, outlet, editor):
    dispute = dispute_for(outlet)
    client.force_login(editor)
    stale = Dispute.objects.get()
    decide(client, dispute, "under_review")
    response = decide(client, stale, "rejected", "Late decision.")
    assert response.status_code == 409 and "Another editor changed this dispute" in response.content.decode()
    assert Dispute.objects.get().status == "under_review"


def test_anonymous_visitors_cannot_see_the_queue_or_change_a_status(client, outlet):
    dispute = dispute_for(outlet)
    for response in [
        client.get("/disputes/"),
        client.get(f"/disputes/{dispute.pk}/"),
        decide(client, dispute, "rejected", "Sneaky."),
    ]:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Dispute.objects.get().status == "received" and DisputeEvent.objects.count() == 0


def test_viewers_see_the_queue_but_cannot_change_a_status(client, outlet, viewer):
    dispute = dispute_for(outlet)
    client.force_login(viewer)
    queue = client.get("/disputes/")
    assert queue.status_code == 200 and f'href="/disputes/{dispute.pk}/"' in queue.content.decode()
    page = client.get(f"/disputes/{dispute.pk}/").content.decode()
    assert "pat@herald.example" in page and "Change the status" not in page
    assert decide(client, dispute, "rejected", "Viewer's decision.").status_code == 403
    assert Dispute.objects.get().status == "received" and DisputeEvent.objects.count() == 0


def test_the_queue_filters_by_status(editor_client, outlet):
    waiting = dispute_for(outlet, contact_name="Waiting Walter")
    dispute_for(outlet, contact_name="Done Dora", status="under_review")
    page = editor_client.get("/disputes/?status=received").content.decode()
    assert "Waiting Walter" in page and "Done Dora" not in page
    assert "Done Dora" in editor_client.get("/disputes/").content.decode()  # open = received and under review
    assert waiting.pk


def test_deciding_a_dispute_changes_no_score_and_no_label(client, news, editor):
    claim = Sentence.objects.get(text__contains="celebrity chef")
    dispute = dispute_for(claim.article.outlet, claim=claim)
    scores = list(OutletScore.objects.order_by("pk").values_list("pk", "overall"))
    client.force_login(editor)
    assert decide(client, dispute, "upheld", "The sources are indeed unnamed; relabel.").status_code == 302
    assert list(OutletScore.objects.order_by("pk").values_list("pk", "overall")) == scores
    assert LabelOverride.objects.count() == 0 and ScoreOverride.objects.count() == 0
    page = client.get(f"/disputes/{dispute.pk}/").content.decode()
    link = f"/articles/{claim.article_id}/?sentence={claim.pk}#s{claim.pk}"
    assert f'<a href="{link}">correct the claim\'s label on the article page</a>' in page


def test_the_database_refuses_a_decided_dispute_without_a_decision(outlet):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        dispute_for(outlet, status="upheld")


# The public log


def test_the_public_log_shows_decisions_only_and_no_contact_details(client, outlet, editor):
    decided = dispute_for(outlet, contact_name="Pat Publisher", contact_email="pat@herald.example")
    dispute_for(outlet, what_is_wrong="Still waiting for the editors.")
    client.force_login(editor)
    decide(client, decided, "rejected", "The quote has no named source in the article.")
    client.logout()
    response = client.get("/disputes/outlet/harbour-herald/")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f'id="d{decided.pk}"' in page
        and "Rejected</strong></td>\n      <td>The quote has no named source in the article.</td>" in page
    )
    assert "1 dispute awaiting a decision" in page and "Still waiting for the editors." not in page
    assert "Pat Publisher" not in page and "pat@herald.example" not in page and "edna" not in page


def test_a_decision_that_starts_with_its_outcome_is_not_shown_with_it_twice(client, outlet, editor):
    upheld = dispute_for(outlet)
    client.force_login(editor)
    decide(client, upheld, "upheld", "Upheld: the quote is the minister's, named in the article.")
    client.logout()
    text = strip_tags(client.get("/disputes/outlet/harbour-herald/").content.decode())
    assert "Upheld: the quote is the minister's" in text.replace("&#x27;", "'")
    assert not re.search(r"Upheld:\s*Upheld", text)


def test_the_public_log_of_an_unknown_outlet_is_not_found(client, db):
    assert client.get("/disputes/outlet/nobody/").status_code == 404


def test_the_back_office_lists_disputes_but_changes_them_only_on_the_dispute_pages(admin_client, outlet):
    dispute = dispute_for(outlet, contact_name="Pat Publisher")
    assert "pat@herald.example" in admin_client.get("/admin/disputes/dispute/").content.decode()
    page = admin_client.get(f"/admin/disputes/dispute/{dispute.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    admin_client.post(f"/admin/disputes/dispute/{dispute.pk}/change/", {"status": "upheld"})
    assert Dispute.objects.get().status == "received"


def dispute_sender(served):
    """send(number) opens the form on the served app and posts it, as one browser on one address, from a
    new contact (each form's stamp is good for one sending)."""
    served.manage(
        "shell",
        "-c",
        "import articles.models as m; o = m.Outlet.objects.create(slug='herald'); "
        "m.Article.objects.create(outlet=o, title='Harbour reopens', body='Harbour reopens', "
        "raw_text='Harbour reopens', content_hash='h' * 64)",  # the form lists outlets with articles
    )
    url = f"{served.url}/disputes/new/"

    def send(number):
        page = requests.get(url, timeout=30)
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"', page.text))
        data = {**form(Outlet(slug="herald"), contact_email=f"pat{number}@herald.example"), **hidden}
        return requests.post(url, data, cookies=page.cookies, allow_redirects=False, timeout=30).status_code

    return send


def test_the_hourly_limit_holds_across_gunicorns_worker_processes(three_workers):
    with ThreadPoolExecutor(8) as sending:  # all at once, so the three processes take them side by side
        codes = list(sending.map(dispute_sender(three_workers), range(8)))
    assert Counter(codes) == {302: 5, 429: 3}  # accepted, refused


def test_without_redis_the_database_cache_holds_the_limit_across_processes(three_workers_without_redis):
    send = dispute_sender(three_workers_without_redis)
    # One after another: the database cache's increments are not atomic (see settings, CACHES).
    assert Counter(send(number) for number in range(8)) == {302: 5, 429: 3}
