"""Webhooks on score changes, against a local receiver: signed payloads, retries with backoff, the delivery
log, nothing under the threshold or for an inactive subscription, and no redirect followed."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Outlet
from reliability.models import OutletScore
from reliability.scoring import rescore
from reliability.signals_out.models import Attempt, Delivery, Subscription
from reliability.signals_out.sending import send
from reliability.signals_out.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify

pytestmark = pytest.mark.django_db

SECRET = "a-shared-webhook-secret"


class Receiver:
    """A tiny HTTP server on 127.0.0.1 answering POSTs with scripted status codes (200 once they run out)
    and keeping what it was sent."""

    def __init__(self, codes=(), location=None):
        self.codes, self.location, self.received = list(codes), location, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body, "path": self.path})
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(codes=(), location=None):
        made.append(Receiver(codes, location))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.fixture
def no_waits(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 0


def subscribe(url, threshold=5.0, active=True):
    return Subscription.objects.create(
        name="Newsroom dashboard", url=url, secret=SECRET, threshold=threshold, active=active
    )


def moved_by(points, slug="careful-courier"):
    """Fake an earlier all-time snapshot `points` below the outlet's latest, then rescore it: the new
    snapshot equals the latest, so its score has moved by exactly `points` since the one before."""
    outlet = Outlet.objects.get(slug=slug)
    latest = OutletScore.objects.filter(outlet=outlet, window="all").first()
    earlier = OutletScore.objects.get(pk=latest.pk)
    earlier.pk = None
    earlier.overall = earlier.overall_low = earlier.overall_high = latest.overall - points
    earlier.save()
    return outlet, latest.overall


def test_a_change_past_the_threshold_is_posted_signed_and_logged(
    news, receiver, no_waits, django_capture_on_commit_callbacks
):
    hook = receiver()
    subscription = subscribe(hook.url, threshold=5)
    outlet, overall = moved_by(20)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots = rescore([outlet])

    assert len(hook.received) == 1
    sent = hook.received[0]
    timestamp, body = sent["headers"][TIMESTAMP_HEADER], sent["body"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert sent["headers"][SIGNATURE_HEADER] == f"sha256={expected}"
    assert sent["headers"]["Content-Type"] == "application/json"
    assert verify(SECRET, timestamp, body, sent["headers"][SIGNATURE_HEADER], now=time.time())
    assert not verify("another-secret", timestamp, body, sent["headers"][SIGNATURE_HEADER], now=time.time())
    # An old timestamp is refused even with its signature: a replay.
    assert not verify(SECRET, timestamp, body, sent["headers"][SIGNATURE_HEADER], now=int(timestamp) + 3600)

    payload = json.loads(body)
    new = next(snapshot for snapshot in snapshots if snapshot.window == "all")
    assert payload["event"] == "outlet.score_changed"
    assert payload["outlet"] == {"slug": "careful-courier", "name": "Careful Courier"}
    assert payload["overall"] == overall == new.overall
    assert payload["change"] == 20.0
    assert payload["snapshot"] == new.pk

    delivery = Delivery.objects.get()
    assert (delivery.subscription, delivery.outlet, delivery.snapshot, delivery.status) == (
        subscription,
        outlet,
        new,
        Delivery.DELIVERED,
    )
    assert delivery.body.encode() == body
    attempt = delivery.attempts.get()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.duration_ms < 5000


def test_a_failing_receiver_is_tried_again_until_it_answers(
    news, receiver, no_waits, django_capture_on_commit_callbacks
):
    hook = receiver(codes=[500, 500])
    subscribe(hook.url)
    outlet, _ = moved_by(-12)  # a fall counts as much as a rise
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])

    assert len(hook.received) == 3
    assert len({sent["body"] for sent in hook.received}) == 1  # the same payload each time
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.DELIVERED
    assert list(delivery.attempts.values_list("number", "status_code", "error")) == [
        (1, 500, "HTTP 500"),
        (2, 500, "HTTP 500"),
        (3, 200, ""),
    ]


def test_the_waits_double_and_a_delivery_fails_after_its_last_attempt(news, receiver, settings):
    settings.WEBHOOK_ATTEMPTS = 3
    hook = receiver(codes=[503, 503, 503, 503])
    subscribe(hook.url)
    outlet, _ = moved_by(20)
    rescore([outlet])  # in the test's transaction: recorded, not yet sent
    delivery = Delivery.objects.select_related("subscription").get()
    assert delivery.status == Delivery.PENDING and not hook.received

    waited = []
    assert send(delivery, sleep=waited.append, backoff=1.5) == Delivery.FAILED
    assert waited == [1.5, 3.0]
    assert len(hook.received) == 3
    assert Delivery.objects.get().status == Delivery.FAILED
    assert [attempt.status_code for attempt in Attempt.objects.all()] == [503, 503, 503]


def test_no_delivery_under_the_threshold(news, receiver, no_waits, django_capture_on_commit_callbacks):
    hook = receiver()
    subscribe(hook.url, threshold=5)
    outlet, _ = moved_by(5)  # exactly the threshold is not more than it
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    assert not Delivery.objects.exists()
    assert hook.received == []


def test_an_inactive_subscription_gets_nothing(news, receiver, no_waits, django_capture_on_commit_callbacks):
    quiet, loud = receiver(), receiver()
    subscribe(quiet.url, active=False)
    subscribe(loud.url)
    outlet, _ = moved_by(30)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    assert quiet.received == []
    assert len(loud.received) == 1
    assert list(Delivery.objects.values_list("subscription__url", flat=True)) == [loud.url]


def test_a_redirect_is_never_followed(news, receiver, no_waits, django_capture_on_commit_callbacks):
    elsewhere = receiver()
    hook = receiver(codes=[302, 302, 302], location=elsewhere.url)
    subscribe(hook.url)
    outlet, _ = moved_by(20)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    assert elsewhere.received == []
    assert len(hook.received) == 3
    assert Delivery.objects.get().status == Delivery.FAILED
    assert set(Attempt.objects.values_list("status_code", flat=True)) == {302}


def test_an_unreachable_receiver_is_logged_as_an_error(
    news, receiver, no_waits, django_capture_on_commit_callbacks
):
    gone = receiver()
    gone.close()  # nothing listens on its port any more
    subscribe(gone.url)
    outlet, _ = moved_by(20)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    attempts = list(Attempt.objects.values_list("status_code", "error"))
    assert len(attempts) == 3
    assert all(code is None and error for code, error in attempts)
    assert Delivery.objects.get().status == Delivery.FAILED


def test_subscriptions_are_made_in_the_back_office_and_the_delivery_log_is_shown(
    news, receiver, no_waits, admin_client, admin_user, django_capture_on_commit_callbacks
):
    hook = receiver(codes=[500])
    response = admin_client.post(
        "/admin/signals_out/subscription/add/",
        {"name": "Desk", "url": hook.url, "secret": SECRET, "threshold": "2.5", "active": "on"},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.threshold, subscription.created_by) == (2.5, admin_user)

    outlet, _ = moved_by(3)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    delivery = Delivery.objects.get()
    page = admin_client.get(f"/admin/signals_out/delivery/{delivery.pk}/change/").content.decode()
    assert "HTTP 500" in page and "delivered" in page
    assert admin_client.get("/admin/signals_out/delivery/add/").status_code == 403
