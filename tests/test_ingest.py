"""Ingesting documents and files: new articles, duplicates, failures, and nothing stored lost."""

import json
from datetime import UTC, datetime, timedelta

import py3langid
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from articles import bulk, ingest
from articles.ingest import content_hash, ingest_document
from articles.models import Article, Outlet, Sentence
from articles.reading import Document
from tests.conftest import UNREADABLE_MOMENTS

STORY = "Council approves budget\n\nThe council approved the budget on Tuesday. The mayor said it was fair.\n"
HTML = """<!DOCTYPE html><html lang="en"><head><title>Bridge reopens | Gazette</title>
<meta property="og:site_name" content="The Gazette">
<link rel="canonical" href="https://www.gazette.example/news/bridge-reopens">
<meta property="article:published_time" content="2025-08-14T09:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The city's main bridge reopened on Monday after eight months of repairs costing $3 million.</p>
<p>Engineers said the work had been finished two weeks ahead of schedule, and traffic was flowing by noon.</p>
<p>A reader wrote &lt;script&gt;alert(1)&lt;/script&gt; in the comments, which were closed.</p>
<script>document.write("tracking")</script></article></body></html>"""


def text_document(text=STORY, name="story.txt", **metadata):
    return Document(name, len(text.encode()), text=text, **metadata)


def test_a_text_document_becomes_an_article_with_sentences(db):
    outcome = ingest_document(text_document(outlet="The Gazette", published_at="2025-08-14"))
    article = outcome.article
    assert (outcome.status, article.outlet.name, article.title) == (
        "created",
        "The Gazette",
        "Council approves budget",
    )
    assert list(article.sentences.values_list("order", "start", "end", "raw_start", "raw_end", "text")) == [
        (0, 0, 23, 0, 23, "Council approves budget"),
        (1, 25, 68, 25, 68, "The council approved the budget on Tuesday."),
        (2, 69, 96, 69, 96, "The mayor said it was fair."),
    ]
    assert article.content_hash == content_hash(article.body)


def test_html_is_reduced_to_its_main_text_and_metadata(db):
    outcome = ingest_document(Document("page.html", len(HTML), html=HTML))
    article = outcome.article
    assert article.source_format == "html"
    assert article.outlet.name == "The Gazette"
    assert list(article.outlet.domains.values_list("domain", flat=True)) == ["gazette.example"]
    assert article.url == "https://www.gazette.example/news/bridge-reopens"
    assert article.title == "Bridge reopens after repairs"
    assert article.published_at.isoformat() == "2025-08-14T00:00:00+00:00"
    assert "Home" not in article.body and "tracking" not in article.body
    assert "A reader wrote <script>alert(1)</script> in the comments, which were closed." in article.body
    for sentence in article.sentences.all():
        assert article.raw_text[sentence.raw_start : sentence.raw_end] == sentence.text


def test_html_without_article_text_fails(db):
    html = "<html><head><title>Home</title></head><body><script>var a = 1;</script></body></html>"
    outcome = ingest_document(Document("empty.html", len(html), html=html))
    assert (outcome.status, outcome.reason) == ("failed", "no article text found in the HTML")
    menu = "<html><body><nav>Home</nav></body></html>"
    outcome = ingest_document(Document("menu.html", len(menu), html=menu))
    assert (outcome.status, outcome.reason) == ("failed", "too short to be an article (1 word)")


def test_reingesting_the_same_content_is_a_noop_that_says_so(db):
    first = ingest_document(text_document())
    respaced = STORY.replace("budget on", "budget  on") + "\nMost Read\nOther story\n"
    again = ingest_document(text_document(respaced, name="again.txt"))
    assert again.status == "duplicate"
    assert again.reason == f"already stored as article {first.article.pk} ({first.article.outlet})"
    assert Article.objects.count() == 1 and Sentence.objects.count() == 3


def test_furniture_only_text_fails_and_stores_nothing(db):
    outcome = ingest_document(text_document("Select Language:\n© 2025 Gazette. All rights reserved.\n"))
    assert outcome.reason == "no article text left once page furniture is removed"
    assert not Article.objects.exists() and not Outlet.objects.exists()


def test_a_bad_published_date_fails(db):
    outcome = ingest_document(text_document(published_at="last Tuesday"))
    assert outcome.reason == "published_at 'last Tuesday' is not an ISO 8601 date"


@pytest.mark.parametrize(
    ("published_at", "reason"),
    [
        ("9999-12-31T23:59:59-12:00", "published_at '9999-12-31T23:59:59-12:00' is out of range"),
        ("0001-01-01T00:00:00+14:00", "published_at '0001-01-01T00:00:00+14:00' is out of range"),
        ("1899-12-31", "published_at '1899-12-31' is before 1900"),
        ("2024-02-30", "published_at '2024-02-30' is not a real date (day is out of range for month)"),
        ("2024-13-45", "published_at '2024-13-45' is not a real date (month must be in 1..12)"),
        ("2024-01-01T25:61", "published_at '2024-01-01T25:61' is not a real date (hour must be in 0..23)"),
    ],
)
def test_a_date_that_does_not_exist_or_is_out_of_range_fails(db, published_at, reason):
    outcome = ingest_document(text_document(published_at=published_at))
    assert (outcome.status, outcome.reason) == ("failed", reason)
    assert not Article.objects.exists()


def test_a_date_more_than_a_day_ahead_fails_and_one_today_goes_in(db):
    ahead = (timezone.now() + timedelta(days=2)).isoformat()
    outcome = ingest_document(text_document(published_at=ahead))
    assert (outcome.status, outcome.reason) == ("failed", f"published_at {ahead!r} is more than a day ahead")
    today = timezone.now().isoformat()
    assert ingest_document(text_document(published_at=today)).status == "created"


def test_names_and_titles_lose_bidi_zero_width_and_control_characters_and_are_nfc(db):
    outcome = ingest_document(
        text_document(
            outlet="\u202eCafe\u0301 \u200bGazette\x00", title="Council\u200d\x1b  approves\nbudget"
        )
    )
    article = outcome.article
    assert (article.outlet.name, article.title) == ("Café Gazette", "Council approves budget")
    assert outcome.notes == [
        "outlet: removed 3 invisible or control characters",
        "title: removed 2 invisible or control characters",
    ]


def test_an_outlet_name_that_is_blank_once_cleaned_is_no_name(db):
    article = ingest_document(
        text_document(outlet="\u200b\u200b\u200b", url="https://gazette.example/a")
    ).article
    assert article.outlet.name == "gazette.example"
    assert not Outlet.objects.filter(name__regex=r"^\W*$").exists()


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"outlet": "G" * 201}, "outlet is 201 characters, over the 200-character limit"),
        ({"title": "T" * 501}, "title is 501 characters, over the 500-character limit"),
        (
            {"url": "https://gazette.example/" + "a" * 1977},
            "url is 2,001 characters, over the 2,000-character limit",
        ),
        (
            {"url": 'https://gazette.example/a"><script>alert(1)</script>'},
            "url 'https://gazette.example/a\"><script>alert(1)</script>' holds a quote, angle bracket, "
            "space or control character",
        ),
        ({"url": "javascript:alert(1)"}, "url 'javascript:alert(1)' is not an http(s) URL"),
        (
            {"url": f"https://{'a' * 60}.{'b' * 60}.{'c' * 60}.{'d' * 40}.com/a"},
            "url's host is 227 characters, over the 200 an outlet's name may have",
        ),
        ({"text": STORY[:40] + "\x00" + STORY[40:]}, "text holds a NUL character at offset 40"),
    ],
)
def test_a_field_that_cannot_be_stored_fails_the_document_alone(db, metadata, reason):
    document = text_document(**{"text": STORY, **metadata})
    outcome = ingest_document(document)
    assert (outcome.status, outcome.reason) == ("failed", reason)
    assert not Article.objects.exists() and not Outlet.objects.exists()


def lines(*records):
    return "".join(json.dumps(record) + "\n" for record in records)


def test_one_bad_line_fails_alone_and_the_rest_of_the_file_goes_in(db, write, capsys):
    good = [
        {"outlet": "Gazette", "text": f"The council met on day {day} and approved the budget."}
        for day in range(6)
    ]
    bad = [
        {**good[1], "published_at": "2024-02-30"},
        {**good[2], "text": good[2]["text"] + "\u0000"},
        {**good[3], "outlet": "G" * 201},
        {**good[4], "url": "https://gazette.example/" + "a" * 2000},
    ]
    path = write("bulk.jsonl", lines(good[0], *bad, good[5]))
    with pytest.raises(CommandError, match=r"^4 of 6 inputs failed; see above\.$"):
        call_command("ingest", str(path), no_progress=True)
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in out[:-1]] == [f"{path}:{number}" for number in (2, 3, 4, 5)]
    assert out[-1] == "Ingested 2 new articles; 0 already stored (no change); 4 failed."
    assert sorted(Article.objects.values_list("body", flat=True)) == [good[0]["text"], good[5]["text"]]


def test_half_a_utf16_pair_escaped_in_a_json_line_fails_it_alone(db, write, capsys):
    # JSON lets "\\ud800" stand alone; once decoded it is no character, and no database can store it.
    records = [
        {"url": "https://courier.example/1", "text": "The council approved the budget on Tuesday."},
        {"url": "https://courier.example/2", "text": "The mayor \ud800 spoke on Wednesday at length."},
        {"url": "https://courier.example/3", "title": "Ferry \udfff", "text": "The ferry runs again now."},
        {"url": "https://courier.example/4", "text": "The bridge reopened on Monday morning."},
    ]
    path = write("feed.jsonl", lines(*records))
    with pytest.raises(CommandError, match=r"^2 of 4 inputs failed"):
        call_command("ingest", str(path), no_progress=True)
    out = capsys.readouterr().out
    assert f"{path}:2: text: holds half a UTF-16 pair (\\ud800-\\udfff), not a character" in out
    assert f"{path}:3: title: holds half a UTF-16 pair" in out
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://courier.example/1",
        "https://courier.example/4",
    ]


def test_a_nul_deep_in_a_text_file_fails_it_and_the_rest_of_the_directory_goes_in(db, write, capsys):
    write("inbox/a.txt", "The council approved the budget on Tuesday.\n")
    write("inbox/b.txt", "The mayor spoke at length. " * 400 + "\x00 and then more.\n")
    write("inbox/c.txt", "The bridge reopened on Monday.\n")
    inbox = write("inbox/a.txt", "The council approved the budget on Tuesday.\n").parent
    with pytest.raises(CommandError, match=r"^1 of 3 inputs failed"):
        call_command("ingest", str(inbox), no_progress=True)
    assert f"failed: {inbox / 'b.txt'}: text holds a NUL character at offset 10800" in capsys.readouterr().out
    assert Article.objects.count() == 2


def test_the_database_refuses_a_published_at_python_cannot_hold(db):
    article = ingest_document(text_document()).article
    for moment in [datetime(9999, 12, 31, 12, tzinfo=UTC), datetime(1, 1, 1, 12, tzinfo=UTC)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(published_at=moment)
    for moment in UNREADABLE_MOMENTS.get(connection.vendor, []):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_article SET published_at = %s WHERE id = %s", [moment, article.pk]
            )
    assert Article.objects.get().published_at is None


def test_a_database_error_midway_leaves_no_partial_article(db, monkeypatch):
    def broken_insert(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(bulk, "insert", broken_insert)
    with pytest.raises(DatabaseError):
        ingest_document(text_document())
    assert not Article.objects.exists()
    assert not Outlet.objects.exists()  # the unknown outlet made for it went with it


NEWS = {
    "en": (
        "The council approved the budget on Tuesday, and the mayor said that it was fair to every "
        "district. Officials from the treasury have warned that the cuts were not enough, but they said "
        "the vote by the council was a first step. The plan, which was drawn up with the unions, has "
        "been sent to the state."
    ),
    "fr": (
        "Le gouvernement a annoncé mardi que le budget de la ville serait réduit de dix pour cent. Selon "
        "le maire, cette décision était nécessaire pour faire face à la crise. Les syndicats ont dénoncé "
        "une mesure injuste et ont appelé à la grève pour la semaine prochaine."
    ),
    "de": (
        "Die Regierung hat am Dienstag angekündigt, dass der Haushalt der Stadt um zehn Prozent gekürzt "
        "wird. Nach Angaben des Bürgermeisters war diese Entscheidung notwendig, um die Krise zu "
        "bewältigen. Die Gewerkschaften kritisierten die Maßnahme als ungerecht und riefen zum Streik "
        "auf, was in der Stadt ist."
    ),
    "nl": (
        "De regering heeft dinsdag aangekondigd dat de begroting van de stad met tien procent wordt "
        "verlaagd. Volgens de burgemeester was dit besluit nodig om de crisis het hoofd te bieden. Het is"
        " een moeilijke tijd, en de vakbonden riepen op tot een staking in de gemeente."
    ),
    "es": (
        "El gobierno anunció el martes que el presupuesto de la ciudad se reducirá en un diez por ciento."
        " Según el alcalde, esta decisión era necesaria para hacer frente a la crisis. Los sindicatos "
        "denunciaron una medida injusta y convocaron una huelga para la próxima semana."
    ),
}


@pytest.mark.parametrize("language", NEWS)
def test_the_language_is_the_one_langid_gives(language):
    text = NEWS[language]
    assert ingest.detect_language(text) == py3langid.classify(text)[0] == language
    # Only English is told without langid; Dutch and German share "in", "is" and "was" with it.
    assert ingest.plainly_english(text) is (language == "en")


def test_a_text_too_short_to_count_its_words_is_left_to_langid():
    assert not ingest.plainly_english("The mayor said that it was fair.")
    assert ingest.detect_language("Le maire a dit que le vote était juste.") == "fr"


def test_a_french_article_is_stored_as_french(db):
    assert ingest_document(text_document(NEWS["fr"])).article.language == "fr"


def test_a_sentence_the_database_refuses_raises_djangos_integrity_error(db):
    article = ingest_document(text_document()).article
    with pytest.raises(IntegrityError), transaction.atomic():  # an empty span
        bulk.insert(Sentence, ingest.SENTENCE_FIELDS, [(article.pk, 3, 5, 5, 5, 6, "")])
    assert article.sentences.count() == 3


def directory(write):
    write("inbox/a.txt", "The council approved the budget on Tuesday.\n")
    write("inbox/b.txt", b"\x00\x01\x02binary")
    write("inbox/c.txt", "The mayor said the vote was fair.\n")
    write("inbox/d.jsonl", '{"text": "The bridge reopened.", "outlet": "Gazette"}\n{broken\n')
    return write("inbox/e.txt", "")


def test_bad_files_in_a_directory_are_reported_and_the_rest_go_in(db, write, capsys):
    empty = directory(write)
    inbox = empty.parent
    with pytest.raises(CommandError, match=r"^3 of 6 inputs failed; see above\.$"):
        call_command("ingest", str(inbox), no_progress=True)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"failed: {inbox / 'b.txt'}: binary file, not text",
        f"failed: {inbox / 'd.jsonl'}:2: "
        "malformed JSON (Expecting property name enclosed in double quotes at column 2)",
        f"failed: {empty}: empty: no text",
        "Ingested 3 new articles; 0 already stored (no change); 3 failed.",
    ]
    assert sorted(Article.objects.values_list("body", flat=True)) == [
        "The bridge reopened.",
        "The council approved the budget on Tuesday.",
        "The mayor said the vote was fair.",
    ]


def test_bad_input_loses_nothing_already_stored(db, write):
    call_command("ingest", str(write("good.txt", STORY)), no_progress=True, stdout=None)
    stored = list(Article.objects.values_list("pk", "body", "content_hash"))
    sentences = list(Sentence.objects.values_list("pk", "text"))
    directory(write)
    with pytest.raises(CommandError):
        call_command("ingest", str(write("good.txt", STORY).parent), no_progress=True, stdout=None)
    assert (
        list(
            Article.objects.filter(pk__in=[row[0] for row in stored]).values_list(
                "pk", "body", "content_hash"
            )
        )
        == stored
    )
    assert list(Sentence.objects.filter(article_id=stored[0][0]).values_list("pk", "text")) == sentences


@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_middle_of_a_directory_keeps_the_articles_before_it(write, monkeypatch):
    write("inbox/1.txt", "The council approved the budget on Tuesday.\n")
    write("inbox/2.txt", "The mayor said the vote was fair.\n")
    write("inbox/3.txt", "The bridge reopened on Monday.\n")
    real_split = ingest.split_sentences

    def split_or_crash(body):
        if "mayor" in body:
            raise RuntimeError("crash while storing the second article")
        return real_split(body)

    monkeypatch.setattr(ingest, "split_sentences", split_or_crash)
    with pytest.raises(RuntimeError):
        call_command(
            "ingest",
            str(write("inbox/1.txt", "The council approved the budget on Tuesday.\n").parent),
            no_progress=True,
            stdout=None,
        )
    assert list(Article.objects.values_list("body", flat=True)) == [
        "The council approved the budget on Tuesday."
    ]
    assert Outlet.objects.count() == 1


def test_the_command_exit_status_and_summary(db, write, capsys):
    path = write("story.txt", STORY)
    call_command("ingest", str(path), no_progress=True)
    call_command("ingest", str(path), no_progress=True)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Ingested 1 new article; 0 already stored (no change); 0 failed."
    assert out[1].startswith(f"duplicate: {path}: already stored as article ")
    assert out[2] == "Ingested 0 new articles; 1 already stored (no change); 0 failed."


def test_a_missing_path_fails_and_unknown_file_types_in_folders_are_skipped(db, write, capsys):
    write("inbox/photo.png", b"\x89PNG")
    with pytest.raises(CommandError, match=r"^1 of 2 inputs failed"):
        call_command(
            "ingest", str(write("inbox/photo.png", b"\x89PNG").parent), "/no/such/file.txt", no_progress=True
        )
    out = capsys.readouterr().out
    assert "skipped: " in out and "photo.png: not an article file type" in out
    assert "failed: /no/such/file.txt: no such file" in out
