"""`manage.py analyze`: the contract's JSON lines, exact offsets, the seeds' cases, bad input."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reliability.analysis import contract
from reliability.analysis import model as saved
from reliability.analysis.article import Failed
from reliability.analysis.contract import FileText, analyse_files
from reliability.analysis.vocabulary import CHECK_WORTHY, CLAIM_CLASSES

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LABELS = {"named_person", "named_organization", "document", "media_report", "anonymous", "vague", "none"}


def check_contract(result, text):
    """Fail unless result is exactly the shape analysis.md defines, with offsets that slice text."""
    assert set(result) == {"path", "outlet", "sentences"}
    assert set(result["outlet"]) == {"name", "credited"}
    assert result["outlet"]["name"] is None or isinstance(result["outlet"]["name"], str)
    assert all(isinstance(name, str) for name in result["outlet"]["credited"])
    for sentence in result["sentences"]:
        assert set(sentence) == {
            "start",
            "end",
            "text",
            "is_claim",
            "claim_score",
            "claim_class",
            "attribution",
            "supported",
        }
        assert list(sentence)[4:6] == ["claim_score", "claim_class"]  # in the contract's order
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert isinstance(sentence["is_claim"], bool) and isinstance(sentence["supported"], bool)
        assert 0 <= sentence["claim_score"] <= 1
        assert sentence["claim_class"] in CLAIM_CLASSES
        assert (sentence["claim_class"] == CHECK_WORTHY) is sentence["is_claim"]
        attribution = sentence["attribution"]
        assert set(attribution) == {"label", "confidence", "source", "cue"}
        assert attribution["label"] in LABELS and 0 <= attribution["confidence"] <= 1
        for span in (attribution["source"], attribution["cue"]):
            if span is not None:
                assert set(span) == {"start", "end", "text"}
                assert text[span["start"] : span["end"]] == span["text"]


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    try:
        call_command("analyze", *args, stdout=out, stderr=err)
        failed = None
    except CommandError as error:
        failed = str(error)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), failed


def sentence_with(result, fragment):
    return next(s for s in result["sentences"] if fragment in s["text"])


def seed(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_every_seed_keeps_the_contract_without_a_database(model_dir):
    paths = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    results, errors, failed = run(*paths)
    assert failed is None
    assert [result["path"] for result in results] == paths
    for path, result in zip(paths, results, strict=True):
        check_contract(result, Path(path).read_text(encoding="utf-8"))
    assert "Warning: rules-only analysis, because no model trained yet" in errors


SEED_CASES = [
    ("003", "A source from the White House said", "anonymous", "A source from the White House"),
    ("003", "Observers say", "vague", "Observers"),
    ("003", "According to many experts", "vague", "many experts"),
    ("002", "According to Flightradar tracking data", "document", "Flightradar tracking data"),
    ("001", "CNN earlier reported", "media_report", "CNN"),
    ("002", "according to RIA Novosti", "media_report", "RIA Novosti"),
    (
        "001",
        "Karoline Leavitt, the White House press secretary, told reporters",
        "named_person",
        "Karoline Leavitt, the White House press secretary",
    ),
    ("002", "Dmitry Peskov said", "named_person", "Russian presidential spokesperson Dmitry Peskov"),
    (
        "001",
        "according to a White House official familiar",
        "anonymous",
        "a White House official familiar with the planning",
    ),
    ("000", "the Kremlin indicated", "named_organization", "the Kremlin"),
    (
        "002",
        "The Russian Foreign Ministry has publicly rejected",
        "named_organization",
        "The Russian Foreign Ministry",
    ),
]


@pytest.mark.parametrize("with_model", [False, True], ids=["rules only", "rules and model"])
@pytest.mark.parametrize(("prefix", "fragment", "label", "source"), SEED_CASES)
def test_the_seeds_sources_get_their_labels(prefix, fragment, label, source, with_model, request):
    model = request.getfixturevalue("trained_model") if with_model else None
    text = seed(prefix).read_text(encoding="utf-8")
    [result] = analyse_files([FileText("seed", text)], model)
    sentence = sentence_with(result, fragment)
    assert sentence["is_claim"] is True
    assert sentence["attribution"]["label"] == label
    assert sentence["attribution"]["source"]["text"] == source


def test_the_teasers_after_more_in_news_give_no_claims(model_dir):
    text = seed("001").read_text(encoding="utf-8")
    teasers = text[text.index("More in News") :]
    [result], _, _ = run(str(seed("001")))
    cut = text.index("More in News")
    assert teasers and all(sentence["end"] <= cut for sentence in result["sentences"])


def test_outlets_and_wire_credits_come_from_the_files_own_lines(model_dir):
    [newsmax, times], _, _ = run(str(seed("002")), str(seed("001")))
    assert newsmax["outlet"] == {"name": "Newsmax", "credited": ["Reuters"]}
    assert times["outlet"]["name"] == "The New York Times"


def test_standard_input_is_read_with_a_dash(model_dir, monkeypatch):
    text = "The council voted 7-2 on Tuesday, officials said.\n\nThe bridge closed on Monday."
    [result], _, failed = run("-", stdin=text.encode(), monkeypatch=monkeypatch)
    assert failed is None and result["path"] == "-"
    check_contract(result, text)
    assert [s["attribution"]["label"] for s in result["sentences"]] == ["anonymous", "none"]


def test_bad_files_are_reported_and_the_others_still_analysed(model_dir, write):
    good = write("good.txt", "The mayor said the bridge will reopen on Monday.")
    paths = [
        str(write("latin1.txt", "Caf\xe9 owners said prices rose.".encode("latin-1"))),
        str(good),
        str(write("binary.txt", b"\x00\x01\x02binary")),
        str(write("empty.txt", "   \n")),
        str(good.parent / "missing.txt"),
    ]
    results, errors, failed = run(*paths)
    assert [result["path"] for result in results] == [str(good)]
    assert f"{paths[0]}: not valid UTF-8 (byte 0xe9 at offset 3)" in errors
    assert f"{paths[2]}: binary file, not text" in errors
    assert f"{paths[3]}: empty: no text" in errors
    assert f"{paths[4]}: no such file" in errors
    assert failed == "4 of 5 files could not be analysed; see above."


def test_a_claim_another_outlet_also_makes_is_supported(model_dir, write):
    first = write(
        "a.txt", "The Harbour Bridge will close for repairs on 3 March for six weeks.\n\n© 2025 Coast Herald."
    )
    second = write(
        "b.txt", "The Harbour Bridge is to close for six weeks of repairs from 3 March.\n\n© 2025 Bay Times."
    )
    alone = write("c.txt", "Wolves were seen in the city park overnight.\n\n© 2025 Bay Times.")
    results, _, _ = run(str(first), str(second), str(alone))
    supported = [[s["supported"] for s in result["sentences"]] for result in results]
    assert supported == [[True], [True], [False]]


def test_corpus_adds_corroboration_from_stored_articles(model_dir, write, db):
    from articles.ingest import ingest_files

    stored = write(
        "stored.txt", "Wolves were seen in the city park overnight, rangers confirmed.\n\n© 2025 Valley News."
    )
    list(ingest_files([stored]))
    fresh = write("fresh.txt", "Wolves were seen overnight in the city park.\n\n© 2025 Bay Times.")
    [without], _, _ = run(str(fresh))
    [with_corpus], _, _ = run(str(fresh), "--corpus")
    assert without["sentences"][0]["supported"] is False
    assert with_corpus["sentences"][0]["supported"] is True


def test_a_corrupt_model_means_rules_only_with_a_warning(model_dir, write):
    model_dir.mkdir()
    (model_dir / "current.json").write_text('{"version": "broken"}')
    (model_dir / "broken.json").write_text(
        json.dumps({"format": saved.FORMAT, "sklearn": __import__("sklearn").__version__})
    )
    (model_dir / "broken.npz").write_bytes(b"not a zip file at all")
    [result], errors, failed = run(str(write("a.txt", "Police said the road reopened.")))
    assert failed is None
    assert result["sentences"][0]["attribution"]["label"] == "named_organization"
    assert "Warning: rules-only analysis, because model file" in errors and "cannot be read" in errors


def test_a_file_whose_analysis_raises_is_reported_and_the_others_are_still_printed(
    model_dir, write, rules_fail_on
):
    first = write("a.txt", "The Harbour Bridge will close for repairs on 3 March.\n\n© 2025 Coast Herald.")
    wolves = write("b.txt", "Wolves were seen in the city park overnight.\n\n© 2025 Bay Times.")
    last = write("c.txt", "The Harbour Bridge is to close for repairs from 3 March.\n\n© 2025 Bay Times.")
    paths = [str(first), str(wolves), str(last)]
    expected, _, _ = run(paths[0], paths[2])
    rules_fail_on("Wolves")
    results, errors, failed = run(*paths)
    assert results == expected  # the others as if the failing file had not been given
    assert [result["path"] for result in results] == [paths[0], paths[2]]
    assert f"{paths[1]}: analysis failed: ValueError: max() arg is an empty sequence\n" in errors
    assert failed == "1 of 3 files could not be analysed; see above."


class BreaksOnWolves:
    """The trained model, except that its batch call breaks on the wolves article's sentences."""

    def __init__(self, model):
        self.model = model
        self.named = model.named

    def probabilities(self, rows):
        if any("Wolves" in row["text"] for row in rows):
            raise ValueError("Input contains NaN")
        return self.model.probabilities(rows)


def test_a_model_batch_broken_by_one_file_fails_that_file_alone(trained_model):
    files = [
        FileText("a", "The council voted 7-2 on Tuesday, officials said."),
        FileText("b", "Wolves were seen in the city park overnight."),
        FileText("c", "Observers say the bridge will close."),
    ]
    first, wolves, last = analyse_files(files, BreaksOnWolves(trained_model))
    assert isinstance(wolves, Failed) and wolves.reason == "ValueError: Input contains NaN"
    assert [first, last] == list(analyse_files([files[0], files[2]], trained_model))


def test_worker_processes_give_the_same_objects_and_failures_as_one_process(trained_model):
    # Three batches: the failing file and the two files that corroborate each other sit in different ones.
    files = [FileText(f"f{n}", f"Crews mended {n} potholes on Elm Street, the city said.") for n in range(95)]
    files[3] = FileText("first", "The Harbour Bridge will close for repairs on Monday.")
    files[50] = FileText("wolves", "Wolves were seen in the city park overnight.")
    files[90] = FileText("last", "The Harbour Bridge is to close on Monday for repairs.")
    assert len({number // contract.BATCH_FILES for number in (3, 50, 90)}) == 3
    model = BreaksOnWolves(trained_model)
    alone = list(analyse_files(files, model, workers=1))
    shared = list(analyse_files(files, model, workers=2))
    assert [item.reason if isinstance(item, Failed) else item for item in shared] == [
        item.reason if isinstance(item, Failed) else item for item in alone
    ]
    assert shared[50].reason == "ValueError: Input contains NaN"
    assert [item["path"] for item in shared[:5]] == ["f0", "f1", "f2", "first", "f4"]
    first, last = shared[3]["sentences"][0], shared[90]["sentences"][0]
    assert (first["attribution"]["label"], first["is_claim"], first["supported"]) == ("none", True, True)
    assert (last["attribution"]["label"], last["is_claim"], last["supported"]) == ("none", True, True)
    [without_the_other] = analyse_files([files[3]], trained_model, workers=2)
    assert without_the_other["sentences"][0]["supported"] is False
