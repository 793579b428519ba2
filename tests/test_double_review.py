"""Double review: a chief requires it, two editors label blind, agreement becomes an override, a
disagreement is decided by the chief, and Cohen's kappa is shown on a page and in the API."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from articles.models import Outlet, Sentence
from reliability.doublereview import reviews
from reliability.doublereview.agreement import cohen_kappa, one_against_rest
from reliability.doublereview.models import DoubleReview
from reliability.models import LabelOverride, ScoreOverride
from reliability.overrides import Invalid

pytestmark = pytest.mark.django_db


def person(username, role="editor"):
    call_command("create_editor", username=username, password="a-long-password-123", role=role, stdout=None)
    return get_user_model().objects.get(username=username)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chief(db):
    return person("cleo", role="chief")


@pytest.fixture
def otto(db):
    return person("otto")


def claims(count):
    return list(Sentence.objects.order_by("pk")[:count])


def without_csrf(html):
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


def test_cohen_kappa_matches_a_hand_computed_value():
    # 50 items: both yes 20, first yes second no 5, first no second yes 10, both no 15.
    # Observed 35/50 = 0.7; chance 0.5 × 0.6 + 0.5 × 0.4 = 0.5; kappa (0.7 − 0.5) / (1 − 0.5) = 0.4.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("a", "a")]) is None  # one label throughout: undefined
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "b"), ("b", "a")]) == pytest.approx(-1.0)
    assert one_against_rest([("a", "b"), ("a", "a")], "a") == [(True, False), (True, True)]


def test_only_an_editor_in_chief_may_require_a_double_review(news, chief, editor, viewer, client):
    sentence = claims(1)[0]
    form = {"kind": "claim", "target": str(sentence.pk)}
    assert client.post("/double-review/require/", form).status_code == 302  # to sign in
    assert client_for(viewer).post("/double-review/require/", form).status_code == 403
    assert client_for(editor).post("/double-review/require/", form).status_code == 403
    assert not DoubleReview.objects.exists()
    assert client_for(chief).post("/double-review/require/", form).status_code == 302
    review = DoubleReview.objects.get()
    assert (review.kind, review.sentence, review.status, review.required_by) == (
        "claim",
        sentence,
        "open",
        chief,
    )
    again = client_for(chief).post("/double-review/require/", form)
    assert again.status_code == 400 and "already waiting" in again.content.decode()
    missing = client_for(chief).post("/double-review/require/", {"kind": "outlet", "target": "no-such"})
    assert missing.status_code == 400 and "No outlet with the slug" in missing.content.decode()
    assert DoubleReview.objects.count() == 1


def test_the_second_editors_page_never_shows_the_first_label(news, chief, editor, otto):
    review = reviews.require("claim", claims(1)[0], chief)
    second = client_for(otto)
    before = second.get(f"/double-review/{review.pk}/")
    assert before.status_code == 200
    response = client_for(editor).post(f"/double-review/{review.pk}/", {"value": "anonymous"})
    assert response.status_code == 302
    after = second.get(f"/double-review/{review.pk}/")
    # Byte for byte the same page: neither the label nor even that one was given shows.
    assert without_csrf(after.content.decode()) == without_csrf(before.content.decode())
    html = after.content.decode()
    assert "checked" not in html and "edna" not in html and 'name="value"' in html
    listing = second.get("/double-review/").content.decode()
    assert f"/double-review/{review.pk}/" in listing and "edna" not in listing
    # The first editor sees only her own label, waiting for the second.
    own = client_for(editor).get(f"/double-review/{review.pk}/").content.decode()
    assert "Your label: <strong>anonymous</strong>" in own and 'name="value"' not in own


def test_an_editor_is_told_the_label_is_recorded_and_nothing_of_the_other(news, chief, editor, otto):
    review = reviews.require("claim", claims(1)[0], chief)
    client_for(editor).post(f"/double-review/{review.pk}/", {"value": "named_organization"})
    second = client_for(otto)
    response = second.post(f"/double-review/{review.pk}/", {"value": "anonymous"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [("/double-review/", 302)]
    recorded = f"Your label for claim {review.sentence_id} is recorded: anonymous."
    assert f'<li class="message">{recorded}</li>' in page
    said = re.search(r'<ul class="messages".*?</ul>', page, re.S).group(0)
    assert said == f'<ul class="messages" role="status"><li class="message">{recorded}</li></ul>'


def test_agreement_is_applied_as_an_editors_override(news, chief, editor, otto):
    sentence = claims(1)[0]
    review = reviews.require("claim", sentence, chief)
    client_for(editor).post(f"/double-review/{review.pk}/", {"value": "document"})
    assert not LabelOverride.objects.exists()
    client_for(otto).post(f"/double-review/{review.pk}/", {"value": "document"})
    override = LabelOverride.objects.get()
    assert (override.sentence, override.field, override.new_value, override.reason, override.editor) == (
        sentence,
        "label",
        "document",
        "Double review: both editors agreed",
        otto,
    )
    review.refresh_from_db()
    assert (review.status, review.decision) == ("settled", "document")


def test_an_editor_labels_once_and_only_known_labels(news, chief, editor):
    review = reviews.require("claim", claims(1)[0], chief)
    client = client_for(editor)
    bad = client.post(f"/double-review/{review.pk}/", {"value": "gossip"})
    assert bad.status_code == 400 and "Choose one of" in bad.content.decode()
    client.post(f"/double-review/{review.pk}/", {"value": "vague"})
    twice = client.post(f"/double-review/{review.pk}/", {"value": "none"})
    assert twice.status_code == 400
    assert list(review.labels.values_list("value", flat=True)) == ["vague"]


def test_a_disagreement_is_decided_by_the_chief_with_a_reason(news, chief, editor, otto):
    sentence = claims(1)[0]
    review = reviews.require("claim", sentence, chief)
    client_for(editor).post(f"/double-review/{review.pk}/", {"value": "anonymous"})
    client_for(otto).post(f"/double-review/{review.pk}/", {"value": "vague"})
    review.refresh_from_db()
    assert review.status == "adjudicate" and not LabelOverride.objects.exists()
    assert client_for(editor).get("/double-review/adjudication/").status_code == 403
    assert client_for(editor).post(f"/double-review/adjudication/{review.pk}/", {}).status_code == 403
    boss = client_for(chief)
    queue = boss.get("/double-review/adjudication/").content.decode()
    assert "edna: <strong>anonymous</strong>" in queue and "otto: <strong>vague</strong>" in queue
    no_reason = boss.post(f"/double-review/adjudication/{review.pk}/", {"value": "vague", "reason": " "})
    assert no_reason.status_code == 400 and not LabelOverride.objects.exists()
    done = boss.post(
        f"/double-review/adjudication/{review.pk}/", {"value": "vague", "reason": "No source is named."}
    )
    assert done.status_code == 302
    override = LabelOverride.objects.get()
    assert (override.new_value, override.reason, override.editor) == (
        "vague",
        "Double review decided: No source is named.",
        chief,
    )
    review.refresh_from_db()
    assert (review.status, review.decision, review.decided_by) == ("settled", "vague", chief)
    assert "No disagreements" in boss.get("/double-review/adjudication/").content.decode()


def test_an_outlet_rating_agreed_sets_the_score_to_the_bands_middle(news, chief, editor, otto):
    outlet = Outlet.objects.get(name="Careful Courier")
    review = reviews.require("outlet", outlet, chief)
    client_for(editor).post(f"/double-review/{review.pk}/", {"value": "60-80"})
    client_for(otto).post(f"/double-review/{review.pk}/", {"value": "60-80"})
    override = ScoreOverride.objects.get()
    assert (override.outlet, override.window, override.new_value, override.reason) == (
        outlet,
        "all",
        70.0,
        "Double review: both editors agreed",
    )
    with pytest.raises(Invalid):
        reviews.record(review, editor, "0-20")  # settled: no more labels


@pytest.fixture
def four_reviews(news, chief, editor, otto):
    """edna first, otto second: agree, agree, disagree (anonymous / vague), agree.
    Observed 3/4; chance (1·1 + 2·1 + 1·2) / 16 = 5/16; kappa (12/16 − 5/16) / (11/16) = 7/11."""
    given = [
        ("named_person", "named_person"),
        ("anonymous", "anonymous"),
        ("anonymous", "vague"),
        ("vague", "vague"),
    ]
    for sentence, (first, second) in zip(claims(4), given, strict=True):
        review = reviews.require("claim", sentence, chief)
        reviews.record(review, editor, first)
        reviews.record(review, otto, second)
    reviews.require("claim", claims(5)[4], chief)  # open: not counted


def test_agreement_figures_per_label_pair_and_week(four_reviews, viewer):
    from django.utils import timezone

    from reliability.doublereview.agreement import agreement

    claim = agreement()[0]
    assert (claim["kind"], claim["items"], claim["agreed"]) == ("claim", 4, 3)
    assert claim["kappa"] == pytest.approx(7 / 11)
    per_label = {row["label"]: row["kappa"] for row in claim["per_label"]}
    # anonymous against the rest: observed 3/4, chance (2·1 + 2·3) / 16 = 1/2, kappa 1/2.
    assert per_label["anonymous"] == pytest.approx(0.5)
    assert per_label["document"] is None  # never given
    assert claim["per_pair"] == [{"editors": ["edna", "otto"], "items": 4, "kappa": pytest.approx(7 / 11)}]
    year, week, _ = timezone.now().isocalendar()
    assert claim["per_week"] == [{"week": f"{year}-W{week:02d}", "items": 4, "kappa": pytest.approx(7 / 11)}]
    page = client_for(viewer).get("/double-review/agreement/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        '<strong class="kappa">0.64</strong>' in html and "<td>edna and otto</td>" in html and "<svg" in html
    )


def test_agreement_is_exported_through_the_api(four_reviews, token_api, client):
    assert client.get("/api/v1/agreement/").status_code in (401, 403)
    response = token_api.get("/api/v1/agreement/")
    assert response.status_code == 200
    claim, outlet = response.json()
    assert (claim["kind"], claim["items"]) == ("claim", 4)
    assert claim["kappa"] == pytest.approx(7 / 11)
    assert (outlet["kind"], outlet["items"], outlet["kappa"]) == ("outlet", 0, None)
    assert token_api.post("/api/v1/agreement/", {}).status_code in (403, 405)
    only = token_api.get("/api/v1/agreement/", {"kind": "outlet"}).json()
    assert [figure["kind"] for figure in only] == ["outlet"]
    wrong = token_api.get("/api/v1/agreement/", {"kind": "story"})
    assert wrong.status_code == 400 and "Choose one of: claim, outlet" in wrong.json()["kind"][0]


def test_create_editor_role_chief_may_require_and_adjudicate(db):
    chief, plain = person("cleo", role="chief"), person("eddie")
    for perm in ("doublereview.add_doublereview", "doublereview.adjudicate_doublereview"):
        assert chief.has_perm(perm) and not plain.has_perm(perm)
    assert chief.has_perm("doublereview.add_blindlabel") and plain.has_perm("doublereview.add_blindlabel")
    assert chief.has_perm("reliability.add_labeloverride")
