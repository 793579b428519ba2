"""Reviewing fast, on the server: spans set from a selection and checked, the article view's undo, the
queue's skip list, surroundings, pace and session changes, and the reviewed counter after an undo."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from articles.models import Sentence
from reliability.analysis.rules import LIST_ITEM
from reliability.models import LabelOverride, SentenceAnalysis
from reliability.overrides import Invalid, selected_span, view
from reliability.review.session import Pace, pace_of

pytestmark = pytest.mark.django_db

OBSERVERS = "Observers say that choosing Alaska"


def sentence_with(text):
    return Sentence.objects.select_related("article").get(text__startswith=text)


def post_span(client, sentence, field, text, start=None, end=None, reason="The source is named"):
    data = {"change": field, "text": text, "reason": reason, f"seen_{field}": view(sentence).value(field)}
    if start is not None:
        data.update(start=start, end=end)
    return client.post(f"/sentences/{sentence.pk}/change/", data)


# Spans from a selection


def test_a_selection_is_stored_as_the_span_of_the_words_selected(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    response = post_span(editor_client, sentence, "source", "Observers", 0, 9)
    assert response.status_code == 200
    change = LabelOverride.objects.get()
    start, end = map(int, change.new_value.split("-"))
    assert (change.field, start, end) == ("source", sentence.start, sentence.start + 9)
    assert sentence.article.body[start:end] == "Observers"
    assert '<mark class="source" title="source">Observers</mark>' in response.content.decode()
    assert view(sentence).source == (start, end)


def test_a_cue_selection_moves_the_cue_mark(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    response = post_span(editor_client, sentence, "cue", "say that", 10, 18)
    assert response.status_code == 200
    assert view(sentence).cue == (sentence.start + 10, sentence.start + 18)
    assert '<mark class="cue" title="cue">say that</mark>' in response.content.decode()
    assert "cue span" in response.content.decode()


@pytest.mark.parametrize(
    "text, start, end, message",
    [
        ("Observers", 1, 10, "does not match the sentence"),  # the offsets moved by one
        ("Observers", -1, 8, "inside the sentence"),
        ("", 3, 3, "Select the words"),
        ("x", 5, 4, "inside the sentence"),
        ("strategic interests.!", 10_000, 10_021, "inside the sentence"),  # past the sentence's end
        ("Observers", "nine", 9, "not numbers"),
        ("–", None, None, "occur 2 times"),  # typed, without offsets, and ambiguous
        ("Reuters", None, None, "are not in"),
    ],
)
def test_a_selection_that_does_not_fit_the_sentence_is_refused(
    editor_client, seeds, text, start, end, message
):
    sentence = sentence_with(OBSERVERS)
    response = post_span(editor_client, sentence, "source", text, start, end)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LabelOverride.objects.exists()


def test_words_typed_without_offsets_are_found_once_in_the_sentence(seeds):
    sentence = sentence_with(OBSERVERS)
    assert selected_span(sentence, "Bering Strait") == (
        f"{sentence.start + sentence.text.index('Bering')}-{sentence.start + sentence.text.index(' –', 60)}"
    )
    with pytest.raises(Invalid):
        selected_span(sentence, "Bering Strait", 0, 13)


def test_a_span_needs_a_reason_and_accepting_does_not(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    assert post_span(editor_client, sentence, "source", "Observers", 0, 9, reason="").status_code == 400
    accepted = editor_client.post(
        f"/sentences/{sentence.pk}/change/", {"change": "accept", "seen_label": "vague"}
    )
    assert accepted.status_code == 200
    assert LabelOverride.objects.get().field == "accept"


def test_a_label_key_posts_the_label_with_the_shared_reason(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    response = editor_client.post(
        f"/sentences/{sentence.pk}/change/",
        {
            "change": "label:anonymous",
            "reason": "Unnamed but described",
            "seen_label": "vague",
            "seen_source": "x",
        },
    )
    assert response.status_code == 200
    assert (view(sentence).label, LabelOverride.objects.get().reason) == (
        "anonymous",
        "Unnamed but described",
    )


# The article view's undo


def test_undo_in_an_article_brings_back_the_previous_label_and_says_which(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    change = {"change": "label:anonymous", "reason": "Unnamed", "seen_label": "vague"}
    editor_client.post(f"/sentences/{sentence.pk}/change/", change)
    response = editor_client.post(f"/articles/{sentence.article_id}/undo/")
    assert response.status_code == 200
    assert view(sentence).label == "vague" and not view(sentence).reviewed
    assert (
        f"Undid claim {sentence.pk}&#x27;s label vague → anonymous: it is vague again."
        in response.content.decode()
    )
    again = editor_client.post(f"/articles/{sentence.article_id}/undo/", {"sentence": sentence.pk})
    assert "Nothing to undo in this article" in again.content.decode()
    assert LabelOverride.objects.count() == 2


def test_an_articles_undo_leaves_other_articles_changes_alone(editor_client, seeds):
    here = sentence_with(OBSERVERS)
    elsewhere = Sentence.objects.exclude(article=here.article).first()
    editor_client.post(
        f"/sentences/{elsewhere.pk}/change/", {"change": "accept", "seen_label": view(elsewhere).label}
    )
    response = editor_client.post(f"/articles/{here.article_id}/undo/", {"sentence": here.pk})
    assert "Nothing to undo in this article" in response.content.decode()
    assert view(elsewhere).reviewed


# The queue


def reviewed_count(response):
    return int(re.search(r"(\d+) of \d+ claims reviewed", response.content.decode()).group(1))


def served(response):
    return int(response.content.decode().split('action="/queue/')[1].split("/")[0])


def test_the_reviewed_counter_goes_back_down_after_undo(editor_client, seeds):
    before = reviewed_count(editor_client.get("/queue/"))
    first = served(editor_client.get("/queue/"))
    after_accept = editor_client.post(f"/queue/{first}/decide/", {"action": "accept"})
    assert reviewed_count(after_accept) == before + 1
    undone = editor_client.post("/queue/undo/")
    assert reviewed_count(undone) == before
    assert served(undone) == first  # back for review, and in the queue again
    assert served(editor_client.get("/queue/")) == first


def test_a_skipped_claim_is_not_served_again_in_the_session(editor_client, client, seeds, editor):
    first = served(editor_client.get("/queue/"))
    skipping = editor_client.post(f"/queue/{first}/decide/", {"action": "skip"})
    assert served(skipping) != first
    for _ in range(3):
        assert served(editor_client.get("/queue/")) != first
    assert editor_client.session["queue_skipped"] == [first]
    client.logout()
    client.force_login(editor)  # a new session: skipped claims are served again
    assert served(client.get("/queue/")) == first


def test_the_queue_shows_the_sentences_around_the_claim(editor_client, seeds):
    page = editor_client.get("/queue/")
    sentence = Sentence.objects.get(pk=served(page))
    text = page.content.decode()
    before = Sentence.objects.filter(article=sentence.article, order=sentence.order - 1).first()
    after = Sentence.objects.filter(article=sentence.article, order=sentence.order + 1).first()
    for neighbour, label in ((before, "before"), (after, "after")):
        if neighbour:
            assert f'aria-label="The sentence {label}">{neighbour.text}' in text.replace("&#x27;", "'")


def test_a_list_item_shows_the_sentence_it_inherits_from(editor_client, seeds):
    item = (
        SentenceAnalysis.objects.current()
        .select_related("sentence")
        .get(sentence__text__startswith="Maritime")
    )
    assert LIST_ITEM in item.evidence
    # Make it the most uncertain claim, so the queue serves it first.
    SentenceAnalysis.objects.filter(pk=item.pk).update(uncertainty=1.0)
    page = editor_client.get("/queue/")
    assert served(page) == item.sentence_id
    introduced = (
        Sentence.objects.filter(
            article=item.sentence.article, order__lt=item.sentence.order, text__endswith=":"
        )
        .order_by("-order")
        .first()
    )
    assert f"Inherits its source from claim {introduced.pk}" in page.content.decode()


@pytest.mark.parametrize(
    "decided, minutes, left, per_minute, time_left",
    [
        (0, 5, 40, None, ""),
        (4, 2, 40, 2.0, "about 20 minutes"),
        (3, 3, 1, 1.0, "about 1 minute"),
        (10, 1, 2, 10.0, "under a minute"),
        (1, 10, 13, 0.1, "about 2 h 10 min"),
        (5, 0, 10, None, ""),  # no time has passed: no rate yet
    ],
)
def test_the_pace_is_claims_per_minute_and_the_time_left_at_it(decided, minutes, left, per_minute, time_left):
    start = timezone.now()
    pace = pace_of(decided, start, start + timedelta(minutes=minutes), left)
    assert pace.per_minute == (None if per_minute is None else pytest.approx(per_minute))
    assert pace.time_left == time_left


def test_the_queue_shows_the_sessions_rate_and_time_left(editor_client, seeds, monkeypatch):
    clock = [timezone.now()]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    first = editor_client.get("/queue/")  # the session's clock starts
    assert "per minute" not in first.content.decode()
    editor_client.post(f"/queue/{served(first)}/decide/", {"action": "accept"})
    clock[0] += timedelta(minutes=2)
    second = editor_client.post(f"/queue/{served(editor_client.get('/queue/'))}/decide/", {"action": "skip"})
    reviewed, total = map(int, re.search(r"(\d+) of (\d+) claims", second.content.decode()).groups())
    time_left = Pace(2, 1.0, total - reviewed).time_left  # 2 claims in 2 minutes: a claim a minute
    assert f"1.0 per minute this session; {time_left} left for the queue" in second.content.decode()


def test_the_sessions_changes_are_listed_and_each_can_be_undone(editor_client, seeds):
    first = served(editor_client.get("/queue/"))
    page = editor_client.post(f"/queue/{first}/decide/", {"action": "accept"})
    second = served(page)
    page = editor_client.post(
        f"/queue/{second}/decide/",
        {"action": "label", "value": "none", "seen": view(Sentence.objects.get(pk=second)).label},
    )
    listed = page.content.decode().split("<h2>This session's changes</h2>")[1]
    assert f"claim {second}" in listed and f"claim {first}" in listed
    older = LabelOverride.objects.get(sentence_id=first)
    undone = editor_client.post("/queue/undo/", {"change": older.pk})
    assert f"Undid accepting claim {first}" in undone.content.decode()
    assert (
        not view(Sentence.objects.get(pk=first)).reviewed and view(Sentence.objects.get(pk=second)).reviewed
    )
    listed = undone.content.decode().split("<h2>This session's changes</h2>")[1]
    assert f"claim {first}," not in listed and f"claim {second}," in listed


def test_a_change_of_another_session_cannot_be_undone_from_this_one(editor_client, seeds):
    sentence = sentence_with(OBSERVERS)
    other = LabelOverride.objects.create(
        sentence=sentence,
        field="accept",
        old_value="vague",
        new_value="vague",
        reason="x",
        editor_id=editor_client.session["_auth_user_id"],
    )
    response = editor_client.post("/queue/undo/", {"change": other.pk})
    assert "Nothing to undo in this session." in response.content.decode()
    assert not LabelOverride.objects.filter(undoes=other).exists()


def test_the_data_migration_links_undos_recorded_before_it(editor_client, seeds, editor):
    sentence = sentence_with(OBSERVERS)

    def override(field, old, new, reason):
        return LabelOverride.objects.create(
            sentence=sentence, field=field, old_value=old, new_value=new, reason=reason, editor=editor
        )

    accepted = override("accept", "vague", "vague", "Fine")
    labelled = override("label", "vague", "none", "No source")
    undo_label = override("label", "none", "vague", "Undo: No source")
    undo_accept = override("accept", "vague", "vague", "Undo: Fine")
    link_undos = importlib.import_module("reliability.migrations.0015_link_earlier_undos").link_undos

    link_undos(apps, None)

    assert LabelOverride.objects.get(pk=undo_label.pk).undoes_id == labelled.pk
    assert LabelOverride.objects.get(pk=undo_accept.pk).undoes_id == accepted.pk
    assert not view(sentence).reviewed
    link_undos(apps, None)  # run again, nothing changes
    assert LabelOverride.objects.filter(undoes__isnull=False).count() == 2
