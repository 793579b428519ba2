"""Independence of corroboration: copies of one story are one voice, however many outlets carry it."""

import json

import pytest
from django.core.management import call_command

from articles.ingest import ingest_files
from articles.models import Article, Sentence
from reliability import independence
from reliability.independence import near_duplicates, story_voices
from reliability.models import ArticleTally, ClaimLink
from reliability.refresh import analyse_and_score

pytestmark = pytest.mark.django_db

TALKS = "Mayor Lena Ortiz said the harbour talks will start at 10:30 a.m. local time on Friday."
BUDGET = "The council approved a budget of 40 million dollars for the harbour, the council minutes show."
RUMOUR = "A celebrity chef is secretly planning a rooftop casino at the harbour."
# Background long enough (with the lines above, over 80 words) for copies to be compared as texts.
BACKGROUND = (
    "The harbour has been closed to large ships since the storm in March damaged the northern pier. "
    "Fishing crews have moved their boats to the marina across the bay, and the ferry timetable was "
    "cut to two crossings a day. Shop owners on the quay say trade has fallen since the spring."
)
STORY = f"{TALKS}\n\n{BUDGET}\n\n{RUMOUR}\n\n{BACKGROUND}"


def item(outlet, number, text, day="2025-08-10"):
    slug = outlet.lower().replace(" ", "")
    return {
        "url": f"https://{slug}.example/{number}",
        "outlet": outlet,
        "title": "Harbour talks set for Friday",
        "published_at": f"{day}T09:00:00Z",
        "text": text,
    }


def ingest(write, items):
    list(ingest_files([write("news.jsonl", "\n".join(json.dumps(entry) for entry in items))]))
    analyse_and_score(None)


def corroborations():
    return list(ClaimLink.objects.filter(kind=ClaimLink.CORROBORATES))


def voice_pairs():
    """The pairs of voices that corroborate each other, each pair once."""
    pairs = []
    for link in corroborations():
        pair = {link.independence["voice"], link.independence["other_voice"]}
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def tally(outlet):
    row = ArticleTally.objects.get(outlet__name=outlet)
    return row.corroborated, row.unsupported


def panel(client, outlet, text):
    sentence = Sentence.objects.get(article__outlet__name=outlet, text=text)
    return client.get(f"/sentences/{sentence.pk}/panel/", headers={"HX-Request": "true"}).content.decode()


def test_three_outlets_carrying_one_wire_story_count_once(write, model_dir, viewer, client):
    ingest(
        write,
        [
            item("Harbour Herald", 1, f"LONDON (Reuters) — {TALKS}\n\n{RUMOUR}\n\nHerald staff."),
            item("Bay Bugle", 1, f"By Ann Lee | Reuters\n\n{TALKS}\n\n{RUMOUR}\n\nRead more in the Bugle."),
            item(
                "Quay Quill",
                1,
                f"{TALKS}\n\n{RUMOUR}\n\nInformation from Reuters was used in this story.",
            ),
        ],
    )
    # One voice: no claim corroborates another, and the rumour stays unsupported in every copy.
    assert corroborations() == []
    assert [tally(name) for name in ("Harbour Herald", "Bay Bugle", "Quay Quill")] == [(0, 1)] * 3
    client.force_login(viewer)
    shown = panel(client, "Bay Bugle", TALKS)
    assert "Corroborated by" not in shown
    assert "Harbour Herald into Reuters (Reuters dateline or byline)" in shown
    assert "Quay Quill into Reuters (uses Reuters copy (credited))" in shown

    # An independent outlet corroborates the wire's claim once, whichever copies it matched.
    ingest(
        write,
        [
            item(
                "Careful Courier",
                2,
                "Mayor Lena Ortiz told reporters the harbour talks start Friday at 10:30.",
            )
        ],
    )
    assert voice_pairs() == [{"Reuters", "Careful Courier"}]
    shown = panel(
        client, "Careful Courier", "Mayor Lena Ortiz told reporters the harbour talks start Friday at 10:30."
    )
    assert "Corroborated by 1 independent outlet: Reuters." in shown
    assert tally("Careful Courier") == (1, 0)


def test_a_syndicated_copy_is_its_authors_voice(write, model_dir, viewer, client):
    ingest(
        write,
        [
            item("The New York Times", 1, f"{TALKS}\n\n{RUMOUR}\n\n{BUDGET}"),
            item(
                "Juneau Empire",
                1,
                f"{TALKS}\n\n{RUMOUR}\n\nThis article originally appeared in The New York Times.",
                day="2025-08-11",
            ),
        ],
    )
    copy = Article.objects.get(carried_by__name="Juneau Empire")
    assert copy.outlet.name == "The New York Times"
    assert corroborations() == []
    assert list(ArticleTally.objects.values_list("corroborated", flat=True)) == [0, 0]
    client.force_login(viewer)
    sentence = copy.sentences.get(text=TALKS)
    shown = client.get(f"/sentences/{sentence.pk}/panel/").content.decode()
    assert "Juneau Empire into The New York Times (carries The New York Times&#x27;s copy)" in shown


def test_a_near_duplicate_text_folds_into_the_earliest(write, model_dir):
    ingest(
        write,
        [
            item("Careful Courier", 1, STORY),
            item("Rumour Rag", 1, f"{STORY}\n\nMore soon.", day="2025-08-12"),
        ],
    )
    assert corroborations() == []
    articles = Article.objects.order_by("published_at")
    voices = story_voices(articles)
    assert [voices[article.pk].name for article in articles] == ["Careful Courier", "Careful Courier"]
    assert voices[articles[1].pk].why.startswith("near-duplicate of Careful Courier's text (")


def test_a_claims_panel_compares_its_storys_texts_only_when_they_changed(
    write, model_dir, viewer, client, monkeypatch
):
    ingest(
        write,
        [
            item("Careful Courier", 1, STORY),
            item("Rumour Rag", 1, f"{STORY}\n\nMore soon.", day="2025-08-12"),
        ],
    )
    compared = []
    monkeypatch.setattr(
        independence, "near_duplicates", lambda *args: compared.append(args) or near_duplicates(*args)
    )
    client.force_login(viewer)
    shown = panel(client, "Careful Courier", TALKS)
    assert "Rumour Rag into Careful Courier (near-duplicate of Careful Courier&#x27;s text (" in shown
    assert compared == []  # kept since the story was linked
    # The copy turns out to have come first: the other is now its near-duplicate.
    Article.objects.filter(outlet__name="Rumour Rag").update(published_at="2025-08-01T09:00:00Z")
    shown = panel(client, "Careful Courier", TALKS)
    assert "Careful Courier into Rumour Rag (near-duplicate of Rumour Rag&#x27;s text (" in shown
    assert len(compared) == 1
    panel(client, "Rumour Rag", TALKS)
    assert len(compared) == 1


def test_near_duplicates_need_nearly_the_same_long_text():
    assert [pair[:2] for pair in near_duplicates([STORY, f"{STORY} More soon.", BACKGROUND])] == [(0, 1)]
    assert near_duplicates([f"{TALKS} {BUDGET} {BACKGROUND}", f"{TALKS} {RUMOUR} {BACKGROUND}"]) == []
    # Two briefs of a few sentences can match by chance: they are not compared.
    assert near_duplicates([f"{TALKS} {BUDGET}", f"{TALKS} {BUDGET} More soon."]) == []


def test_independent_outlets_still_corroborate_each_other(write, model_dir):
    ingest(
        write,
        [
            item("Careful Courier", 1, f"{TALKS}\n\n{RUMOUR}"),
            item(
                "Rumour Rag",
                1,
                "The harbour talks will start at 10:30 a.m. local time on Friday, the mayor said.\n\n"
                "A celebrity chef plans a rooftop casino at the harbour, people close to him say.",
                day="2025-08-11",
            ),
        ],
    )
    assert voice_pairs() == [{"Careful Courier", "Rumour Rag"}]
    assert all(link.independence["folded"] == [] for link in corroborations())
    assert tally("Careful Courier")[0] >= 1


def test_the_seeds_have_their_independence_judged(model_dir, viewer, client):
    call_command("load_seeds", no_progress=True, stdout=None)
    analyse_and_score(None)
    juneau = Article.objects.get(carried_by__name="Juneau Empire")
    newsmax = Article.objects.get(outlet__name="Newsmax")
    voices = story_voices([juneau, newsmax])
    assert (voices[juneau.pk].name, voices[juneau.pk].why) == (
        "The New York Times",
        "carries The New York Times's copy",
    )
    assert (voices[newsmax.pk].name, voices[newsmax.pk].why) == ("Reuters", "uses Reuters copy (credited)")
    link = ClaimLink.objects.get(kind=ClaimLink.CORROBORATES, sentence__article=juneau)
    assert (link.independence["voice"], link.independence["other_voice"]) == ("The New York Times", "Reuters")
    client.force_login(viewer)
    shown = client.get(f"/sentences/{link.sentence_id}/panel/").content.decode()
    assert "Corroborated by 1 independent outlet: Reuters." in shown
    assert "Newsmax into Reuters (uses Reuters copy (credited))" in shown
    assert "Juneau Empire into The New York Times (carries The New York Times&#x27;s copy)" in shown


def test_near_duplicates_weigh_texts_as_scikit_learn_does():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    bodies = [
        STORY,
        f"{STORY} More soon.",
        f"{BACKGROUND} {TALKS} {BUDGET}",
        f"{BACKGROUND} {RUMOUR} Café owners’ views: «non»! {BACKGROUND}",
        f"{TALKS} {BUDGET} {RUMOUR} {BACKGROUND} {BACKGROUND}",
    ]
    theirs = cosine_similarity(TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True).fit_transform(bodies))
    found = near_duplicates(bodies, threshold=0.0)
    assert [pair[:2] for pair in found] == [(i, j) for i in range(5) for j in range(i + 1, 5)]
    assert all(abs(similarity - theirs[i, j]) < 1e-12 for i, j, similarity in found)
