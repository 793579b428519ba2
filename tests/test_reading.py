"""Reading files: what becomes a document, and the plain reason when a file cannot."""

import pytest

from articles.reading import Document, Failure, find_files, read_file


def only(items):
    (item,) = list(items)
    return item


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty: no text"),
        (b"  \n\t\n", "empty: no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("The café opened.".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 7)"),
    ],
)
def test_unreadable_text_files_fail_with_their_name_and_reason(write, content, reason):
    path = write("story.txt", content)
    assert only(read_file(path)) == Failure(str(path), len(content), reason)


def test_a_file_over_the_size_limit_is_refused_unread(write, settings):
    settings.INGEST_MAX_ARTICLE_BYTES = 1024
    path = write("huge.txt", "The council met. " * 100)
    assert only(read_file(path)).reason == "file is 1.7 KB, over the 1.0 KB limit for one article"
    settings.INGEST_MAX_ARTICLE_BYTES = 3 * 1024 * 1024
    path = write("huger.txt", b"a" * (4 * 1024 * 1024))
    assert only(read_file(path)).reason == "file is 4.0 MB, over the 3.0 MB limit for one article"


def test_missing_file_is_a_failure(tmp_path):
    assert only(read_file(tmp_path / "nope.txt")) == Failure(str(tmp_path / "nope.txt"), 0, "no such file")


def test_text_is_kept_exactly_as_read(write):
    text = "\ufeffLine one.\r\nLine <b>two</b>.\r\n"
    path = write("story.txt", text)
    document = only(read_file(path))
    assert document.text == text and document.html == ""


def test_html_is_recognised_by_suffix_or_doctype(write):
    html = "<!DOCTYPE html><html><body><p>The council met.</p></body></html>"
    assert only(read_file(write("page.html", html))).html == html
    assert only(read_file(write("page.txt", html))).html == html
    assert only(read_file(write("note.txt", "<b>bold</b> claims"))).text == "<b>bold</b> claims"


def test_html_in_a_declared_legacy_charset_is_decoded(write):
    html = '<html><head><meta charset="windows-1252"></head><body><p>The café opened.</p></body></html>'
    document = only(read_file(write("page.html", html.encode("cp1252"))))
    assert "The café opened." in document.html


def test_json_lines_give_one_document_per_line_and_name_bad_lines(write):
    path = write(
        "bulk.jsonl",
        '{"url": "https://example.com/a", "outlet": "Example News", "title": "A", '
        '"published_at": "2025-08-14T09:00:00Z", "text": "The council met."}\n'
        "\n"
        '{"title": "B", "text": "The mayor spoke."\n'
        '["not", "an", "object"]\n'
        '{"title": "no text"}\n'
        '{"text": 42}\n'
        '{"html": "<p>The bridge reopened.</p>"}\n',
    )
    items = list(read_file(path))
    first_line_bytes = len(path.read_bytes().split(b"\n")[0]) + 1
    assert items[0] == Document(
        f"{path}:1",
        first_line_bytes,
        text="The council met.",
        url="https://example.com/a",
        outlet="Example News",
        title="A",
        published_at="2025-08-14T09:00:00Z",
    )
    assert [(item.source_name, item.reason) for item in items[1:-1]] == [
        (f"{path}:3", "malformed JSON (Expecting ',' delimiter at column 42)"),
        (f"{path}:4", "a line must hold one JSON object"),
        (f"{path}:5", "no article: give a non-empty 'text' or 'html'"),
        (f"{path}:6", "fields must be strings: text"),
    ]
    assert items[-1].html == "<p>The bridge reopened.</p>"


def test_json_lines_bad_bytes_and_long_lines_fail_alone(write, settings):
    settings.INGEST_MAX_ARTICLE_BYTES = 200
    path = write("bulk.jsonl", b'{"text": "caf\xe9"}\n{"text": "' + b"a" * 300 + b'"}\n{"text": "ok"}\n')
    items = list(read_file(path))
    assert [getattr(item, "reason", None) for item in items] == [
        "not valid UTF-8 (byte 0xe9 at offset 13)",
        "line is 313 bytes, over the 200 bytes limit",
        None,
    ]


def test_directories_are_walked_in_order_skipping_hidden_and_unknown_files(write, tmp_path):
    write("b/2.txt", "two")
    write("a/1.html", "<p>one</p>")
    write("a/3.jsonl", "{}")
    write("a/.hidden.txt", "hidden")
    write(".git/config.txt", "hidden")
    write("a/photo.png", b"\x89PNG")
    files, skipped = find_files([tmp_path])
    assert [path.relative_to(tmp_path).as_posix() for path in files] == ["a/1.html", "a/3.jsonl", "b/2.txt"]
    assert [path.name for path in skipped] == ["photo.png"]
