"""Fuzzing ingest: JSON lines, HTML and text files made of odd values (every JSON type in every field,
dates that are nearly dates, URLs that are nearly URLs, control, invisible and unpaired surrogate
characters, tag soup) never raise out of the ingest call, fail alone with a reason, lose or change nothing
stored before, and every article that got in has its page and API detail (and its outlet's), before and
after analysis."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from articles.ingest import ingest_files
from articles.models import Article
from reliability.refresh import analyse_and_score

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # the same examples every run, in CI too
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Characters that broke ingest or pages before, or could: NUL and other controls, bidi controls,
# zero-width characters, unpaired surrogates, the byte-order mark, a line separator, markup.
ODD = st.sampled_from(
    [
        *"\x00\x07\x1b\x7f\u202e\u200b\ufeff\u2028\ud800\udfff\U0001f600<>\"'\\",
        *"&amp; \r\n </script> %00".split(" "),
        "\n\n",
        "e\u0301",
    ]
)
WORDS = st.sampled_from(
    [
        *"“”.,—",
        *"The council|said|on Friday|according to|officials|Mr.|U.S.|Reuters|he told reporters".split("|"),
        *"© 2025 Harbour Post|More in News|40 million dollars".split("|"),
    ]
)
# Mostly words (so enough of them get in to be stored), with odd characters and arbitrary text between.
TEXT = st.lists(st.one_of(WORDS, WORDS, WORDS, ODD, st.text(max_size=12)), max_size=40).map(" ".join)
BODY = st.lists(st.one_of(WORDS, WORDS, WORDS, ODD, st.text(max_size=12)), min_size=3, max_size=60).map(
    " ".join
)
DATES = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}".format,
        st.integers(0, 10000),
        st.integers(0, 14),
        st.integers(0, 33),
        st.integers(0, 25),
        st.integers(0, 61),
        st.integers(0, 61),
        st.sampled_from(["", "Z", "+14:00", "-12:00", "+25:00", ".999999Z", " UTC"]),
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.sampled_from(["2024-06-01", "June 1, 2024", "yesterday", "1699999999", ""]),
    st.text(max_size=30),
)
URLS = st.one_of(
    st.builds(
        "{}://{}{}/{}".format,
        st.sampled_from(["http", "https", "https", "ftp", "javascript", ""]),
        st.sampled_from(
            ["news.example", "news.example", "a" * 250 + ".example", "[::1]", "xn--", "ex ample"]
        ),
        st.sampled_from(["", "", ":80", ":99999", ":x"]),
        st.text("abc-_.~%/?=&#:@!$'()*+,;0123456789\u00e9\u202e", max_size=30) | TEXT,
    ),
    st.text(max_size=40),
)
JSON_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=2), st.just({})
)
HTML_BODY = st.lists(
    st.one_of(
        BODY.map("<p>{}</p>".format),
        TEXT,
        st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<script>", "</script>", "<!--", "<nav>"]),
        st.sampled_from(
            ["<h1>", "</h1>", "<br>", "<div>", "</div>", "</body>", "<![CDATA[", "&#0;", "&#x202e;"]
        ),
    ),
    max_size=30,
).map("".join)
HTML = (
    st.builds(
        '<html><head><title>{}</title><meta property="og:site_name" content="{}">'
        '<meta name="date" content="{}"><link rel="canonical" href="{}"></head>'
        "<body><article>{}</article></body></html>".format,
        TEXT,
        TEXT,
        DATES,
        URLS,
        HTML_BODY,
    )
    | HTML_BODY
)
FIELDS = {"html": HTML, "url": URLS, "outlet": TEXT, "title": TEXT, "published_at": DATES}
RECORDS = st.fixed_dictionaries({"text": BODY}, optional=FIELDS)
# Now and then a field of another JSON type, or a field the format does not know.
ODD_RECORDS = st.fixed_dictionaries(
    {}, optional={name: st.one_of(JSON_VALUES, TEXT) for name in [*FIELDS, "text", "extra"]}
)
LINES = st.one_of(
    RECORDS.map(json.dumps),  # unpaired surrogates go as \ud800 escapes
    RECORDS.map(json.dumps),
    RECORDS.map(lambda record: json.dumps(record, ensure_ascii=False)),
    ODD_RECORDS.map(json.dumps),
    st.text(max_size=60),  # not JSON
    JSON_VALUES.map(json.dumps),  # JSON, but not an object
)


@pytest.fixture
def fuzzed(news, viewer, tmp_path):
    """ingest(name, data) ingests one file as the command would and checks everything this module
    promises about it."""
    before = stored()
    reader = APIClient()
    reader.force_login(viewer)
    counter = {"files": 0}

    def ingest(name, data):
        counter["files"] += 1
        path = tmp_path / f"{counter['files']}-{name}"
        path.write_bytes(data)
        outcomes = list(ingest_files([path]))  # no exception escapes
        for outcome in outcomes:
            assert outcome.status in {"created", "duplicate", "failed"}
            assert outcome.reason if outcome.status != "created" else outcome.article is not None
        current = stored()
        assert {pk: current[pk] for pk in before} == before  # nothing stored before is lost or changed
        created = [outcome.article.pk for outcome in outcomes if outcome.status == "created"]
        for pk in created:
            pages(reader, pk)
        if created:
            analyse_and_score(None)
            for pk in created:
                pages(reader, pk)
        return outcomes

    return ingest


def stored():
    return {
        row["pk"]: row
        for row in Article.objects.values("pk", "outlet__name", "title", "url", "published_at", "body")
    }


def pages(client, pk):
    """The article's page and API detail, and its outlet's, answer 200."""
    slug = Article.objects.values_list("outlet__slug", flat=True).get(pk=pk)
    for url in (
        f"/articles/{pk}/",
        f"/api/v1/articles/{pk}/",
        f"/outlets/{slug}/",
        f"/api/v1/outlets/{slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:500])


@FUZZ
@given(lines=st.lists(LINES, min_size=1, max_size=4))
def test_json_lines_fail_alone_and_what_gets_in_renders(fuzzed, lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    outcomes = fuzzed("feed.jsonl", data)
    assert len(outcomes) <= len(lines)


@FUZZ
@given(html=HTML)
def test_html_files_fail_alone_and_what_gets_in_renders(fuzzed, html):
    (outcome,) = fuzzed("page.html", html.encode("utf-8", "surrogatepass"))
    assert outcome.status != "failed" or outcome.reason


@FUZZ
@given(data=st.one_of(TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_text_files_fail_alone_and_what_gets_in_renders(fuzzed, data):
    (outcome,) = fuzzed("story.txt", data)
    assert outcome.status != "failed" or outcome.reason
