"""Webhooks on score changes, against a local receiver: signed payloads, retries with backoff, the delivery
log, nothing under the threshold or for an inactive subscription, no redirect followed, no private address
reached unless allowed, and no request held by a receiver."""

import hashlib
import hmac
import json
import re
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Outlet, Sentence
from reliability.models import OutletScore
from reliability.scoring import rescore
from reliability.signals_out import sending
from reliability.signals_out.models import Attempt, Delivery, Subscription
from reliability.signals_out.sending import attempt
from reliability.signals_out.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from reliability.signals_out.targets import refuse_private_target

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
def receiver(settings):
    """receiver(codes, location) starts a Receiver; its address is a loopback one, so sending to it is
    allowed for the test."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
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


def send_webhooks():
    output = StringIO()
    call_command("send_webhooks", stdout=output)
    return output.getvalue()


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


def test_a_failing_receiver_is_tried_again_by_send_webhooks_until_it_answers(
    news, receiver, no_waits, django_capture_on_commit_callbacks
):
    hook = receiver(codes=[500, 500])
    subscribe(hook.url)
    outlet, _ = moved_by(-12)  # a fall counts as much as a rise
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    # Inline, the first attempt only: the delivery waits for the command.
    assert len(hook.received) == 1 and Delivery.objects.get().status == Delivery.PENDING

    assert send_webhooks() == "Attempted 1 delivery(ies): 0 delivered, 0 failed, 1 to try again.\n"
    assert send_webhooks() == "Attempted 1 delivery(ies): 1 delivered, 0 failed, 0 to try again.\n"
    assert send_webhooks() == "Attempted 0 delivery(ies): 0 delivered, 0 failed, 0 to try again.\n"
    assert len(hook.received) == 3
    assert len({sent["body"] for sent in hook.received}) == 1  # the same payload each time
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.next_attempt_at) == (Delivery.DELIVERED, None)
    assert list(delivery.attempts.values_list("number", "status_code", "error")) == [
        (1, 500, "HTTP 500"),
        (2, 500, "HTTP 500"),
        (3, 200, ""),
    ]


def test_the_waits_double_and_a_delivery_fails_after_its_last_attempt(news, receiver, settings):
    settings.WEBHOOK_ATTEMPTS = 3
    settings.WEBHOOK_BACKOFF_SECONDS = 1.5
    hook = receiver(codes=[503, 503, 503, 503])
    subscribe(hook.url)
    outlet, _ = moved_by(20)
    rescore([outlet])  # in the test's transaction: recorded, not yet sent
    delivery = Delivery.objects.select_related("subscription").get()
    assert delivery.status == Delivery.PENDING and not hook.received

    start = timezone.now()

    def at(seconds):
        return lambda: start + timedelta(seconds=seconds)

    assert attempt(delivery, clock=at(0)) == Delivery.PENDING
    assert delivery.next_attempt_at == start + timedelta(seconds=1.5)
    assert attempt(delivery, clock=at(1.4)) is None  # not due yet: nothing sent
    assert len(hook.received) == 1
    assert attempt(delivery, clock=at(1.5)) == Delivery.PENDING
    assert delivery.next_attempt_at == start + timedelta(seconds=1.5 + 3.0)
    assert attempt(delivery, clock=at(4.5)) == Delivery.FAILED
    assert len(hook.received) == 3
    settled = Delivery.objects.get()
    assert (settled.status, settled.next_attempt_at) == (Delivery.FAILED, None)
    assert [each.status_code for each in Attempt.objects.all()] == [503, 503, 503]
    assert attempt(delivery, clock=at(100)) is None and len(hook.received) == 3


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
    send_webhooks()
    send_webhooks()
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
    send_webhooks()
    send_webhooks()
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
    send_webhooks()
    delivery = Delivery.objects.get()
    page = admin_client.get(f"/admin/signals_out/delivery/{delivery.pk}/change/").content.decode()
    assert "HTTP 500" in page and "delivered" in page
    assert admin_client.get("/admin/signals_out/delivery/add/").status_code == 403


@pytest.fixture
def dns(monkeypatch):
    """dns[name] = address makes a name resolve to that address (IPv4 or IPv6); other names and
    addresses resolve as usual."""
    names = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        address = names[host]
        if isinstance(address, Exception):
            raise address
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port or 0, 0, 0) if family == socket.AF_INET6 else (address, port or 0)
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


PRIVATE_TARGETS = [
    "http://127.0.0.1:8000/hook",
    "https://localhost/hook",
    "http://[::1]/hook",
    "http://0.0.0.0/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.1.2.3/hook",
    "http://172.16.0.9/hook",
    "https://192.168.1.10/hook",
    "http://100.64.0.1/hook",  # carrier-grade NAT
    "http://224.0.0.1/hook",  # multicast
    "http://[fe80::1]/hook",
    "http://[fc00::5]/hook",
    "http://[ff02::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
    "http://[64:ff9b::a01:203]/hook",  # NAT64 of 10.1.2.3
    "https://intranet.example.com/hook",  # a name that resolves to a private address
    "https://hooks.example.net/hook",  # one that resolves to a loopback IPv6 address
]


def add_subscription(client, url):
    return client.post(
        "/admin/signals_out/subscription/add/",
        {"name": "Desk", "url": url, "secret": SECRET, "threshold": "2.5", "active": "on"},
    )


@pytest.mark.parametrize("url", PRIVATE_TARGETS)
def test_a_subscription_to_a_private_address_is_refused_in_the_back_office(admin_client, dns, url):
    dns["intranet.example.com"] = "10.20.30.40"
    dns["hooks.example.net"] = "::1"
    response = add_subscription(admin_client, url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "not a public address" in page and "WEBHOOK_ALLOW_PRIVATE_TARGETS" in page
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("address", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
def test_the_other_spellings_of_a_loopback_address_are_refused_too(address):
    # The resolver reads these as 127.0.0.1 (as a connection would); the URL field refuses them anyway.
    with pytest.raises(ValidationError, match=re.escape("is at 127.0.0.1, not a public address")):
        refuse_private_target(f"http://{address}/hook")


def test_a_public_receiver_is_accepted_and_an_unresolvable_one_refused(admin_client, dns):
    dns["hooks.example.com"] = "93.184.215.14"
    dns["nowhere.example.org"] = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert add_subscription(admin_client, "https://hooks.example.com/score").status_code == 302
    assert list(Subscription.objects.values_list("url", flat=True)) == ["https://hooks.example.com/score"]

    page = add_subscription(admin_client, "https://nowhere.example.org/score").content.decode()
    assert "nowhere.example.org cannot be resolved" in page
    assert Subscription.objects.count() == 1


def test_a_private_receiver_is_accepted_when_the_setting_allows_it(admin_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    assert add_subscription(admin_client, "http://127.0.0.1:9000/hook").status_code == 302
    assert Subscription.objects.get().url == "http://127.0.0.1:9000/hook"


def test_a_receiver_name_that_resolves_to_a_private_address_at_sending_is_not_connected_to(
    news, receiver, dns, settings, django_capture_on_commit_callbacks
):
    hook = receiver()
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    # Public when the subscription was saved; the name now points at this machine (DNS rebinding).
    dns["hooks.example.com"] = "93.184.215.14"
    url = f"http://hooks.example.com:{hook.server.server_port}/hook"
    refuse_private_target(url)
    subscribe(url)
    dns["hooks.example.com"] = "127.0.0.1"
    outlet, _ = moved_by(20)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])

    assert hook.received == []
    attempt_made = Attempt.objects.get()
    assert attempt_made.status_code is None
    assert attempt_made.error == "refused: hooks.example.com is at 127.0.0.1, not a public address"
    assert Delivery.objects.get().status == Delivery.PENDING  # tried again later, refused again if still so


def test_a_stored_subscription_to_a_private_address_is_refused_at_sending(
    news, receiver, settings, django_capture_on_commit_callbacks
):
    hook = receiver()
    subscribe(hook.url)  # saved while the setting allowed it
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    outlet, _ = moved_by(20)
    with django_capture_on_commit_callbacks(execute=True):
        rescore([outlet])
    assert hook.received == []
    assert Attempt.objects.get().error == "refused: 127.0.0.1 is at 127.0.0.1, not a public address"


@pytest.fixture
def hanging_receiver():
    """The URL of a receiver that takes the connection and never answers (the kernel accepts it into
    the listening socket's backlog; nothing reads it)."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    listener.close()


def test_a_hanging_receiver_holds_an_override_request_no_longer_than_the_inline_timeout(
    news, editor, receiver, hanging_receiver, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    settings.WEBHOOK_INLINE_TIMEOUT_SECONDS = 0.3
    slept = []
    monkeypatch.setattr(sending.time, "sleep", slept.append)  # a wait between attempts would show here
    subscribe(hanging_receiver)
    moved_by(20, slug="rumour-rag")
    client = APIClient()
    client.force_login(editor)
    ferry = Sentence.objects.get(text__startswith="The ferry service")
    change = {"claim": ferry.pk, "value": "anonymous", "reason": "Desk source.", "seen": "none"}

    started = time.monotonic()
    # The callbacks run as the request's commit would run them, before its response is returned.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/overrides/labels/", change, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 201
    assert slept == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.PENDING and delivery.next_attempt_at > timezone.now()
    attempt_made = delivery.attempts.get()
    assert attempt_made.status_code is None and "timed out" in attempt_made.error
    assert attempt_made.duration_ms < 2000
    assert elapsed < settings.WEBHOOK_TIMEOUT_SECONDS  # one short attempt, not three full ones


def test_with_a_worker_each_failed_attempt_queues_the_next_for_when_it_is_due(news, receiver, settings):
    from django_tasks_db.models import DBTaskResult

    from reliability.signals_out.tasks import send_delivery

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WEBHOOK_BACKOFF_SECONDS = 60
    hook = receiver(codes=[500])
    subscribe(hook.url)
    outlet, _ = moved_by(20)
    rescore([outlet])
    delivery = Delivery.objects.get()

    assert send_delivery.call(delivery.pk) == Delivery.PENDING  # as the worker runs it
    delivery.refresh_from_db()
    queued = DBTaskResult.objects.get()
    assert (queued.task_path, queued.args_kwargs["args"]) == (send_delivery.module_path, [delivery.pk])
    assert queued.run_after == delivery.next_attempt_at
    assert 59 <= (delivery.next_attempt_at - timezone.now()).total_seconds() <= 60
    assert len(hook.received) == 1
