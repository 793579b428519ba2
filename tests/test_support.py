"""Claim matching: the blocked search finds what comparing every claim with every other finds, with work
that grows with the claims."""

import random

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from reliability import support
from reliability.support import ClaimText, match_claims, similar_pairs

COMMON = "officials said the council approved plan city leaders told reporters on monday".split()


def generated_claims(stories, seed=7):
    """Four outlets a story, each claim some of its story's own words among words every story uses;
    now and then a claim of common words alone ("Officials said on Monday."), which matches other
    stories' claims through common words only."""
    rng = random.Random(seed)
    claims = []
    for story in range(stories):
        own = [f"s{story}w{number}" for number in range(6)]  # digits: kept whole by the crude stem
        for outlet in rng.sample(range(12), 4):
            if rng.random() < 0.05:
                words = rng.sample(COMMON, 3)
            else:
                words = rng.sample(own, rng.randint(3, 5)) + rng.sample(COMMON, rng.randint(1, 3))
            rng.shuffle(words)
            claims.append(ClaimText(f"outlet {outlet}", " ".join(words)))
    return claims


def vectors_of(claims):
    vectorizer = TfidfVectorizer(analyzer=support._content_words, sublinear_tf=True)
    return vectorizer.fit_transform([claim.text for claim in claims])


def exhaustive_pairs(claims, similarity=support.MATCH_SIMILARITY):
    """Every claim against every other: each one's NEIGHBOURS closest (itself counted), ties to the
    earlier claim."""
    scores = (vectors_of(claims) @ vectors_of(claims).T).toarray()
    pairs = set()
    for i, row in enumerate(scores):
        for j in sorted(range(len(row)), key=lambda j: (-row[j], j))[: support.NEIGHBOURS]:
            if i != j and row[j] >= similarity and claims[i].voice != claims[j].voice:
                pairs.add((min(i, j), max(i, j), round(float(row[j]), 4)))
    return sorted(pairs)


@pytest.fixture
def few_common(monkeypatch):
    """A small corpus with words common enough to be left out of the comparisons, and rounds of claims
    made mostly of them."""
    monkeypatch.setattr(support, "COMMON_WORD_CLAIMS", 40)
    monkeypatch.setattr(support, "CHUNK_ROWS", 64)


def test_the_blocked_search_finds_the_pairs_of_the_exhaustive_one(few_common):
    claims = generated_claims(150)
    found = match_claims(claims)
    assert found == exhaustive_pairs(claims)
    assert any(not any(char.isdigit() for char in claims[i].text) for i, _, _ in found)


def test_common_words_are_left_out_of_the_comparisons(few_common):
    vectors = vectors_of(generated_claims(150))
    assert similar_pairs(vectors, support.MATCH_SIMILARITY).compared < vectors.shape[0] ** 2 / 4


def test_the_work_grows_with_the_claims_not_their_square(few_common):
    def compared_per_claim(stories):
        vectors = vectors_of(generated_claims(stories))
        return similar_pairs(vectors, support.MATCH_SIMILARITY).compared / vectors.shape[0]

    small, large = compared_per_claim(200), compared_per_claim(1600)
    assert large < 1.5 * small  # all against all: 8 times as many a claim


def test_a_claim_keeps_its_closest_matches_only():
    claims = [ClaimText(f"outlet {number}", "the ferry sank off the harbour") for number in range(15)]
    vectors = vectors_of(claims)
    found = similar_pairs(vectors, support.MATCH_SIMILARITY)
    assert np.bincount(found.rows).tolist() == [support.NEIGHBOURS] * 15


def test_repeated_claims_are_compared_once_and_keep_the_exhaustive_matches(few_common):
    """A wire story's sentences turn up word for word in every paper that carries it."""
    claims = generated_claims(100)
    rng = random.Random(3)
    carried = claims + [
        ClaimText(f"carrier {number % 7}", claim.text)
        for number, claim in enumerate(rng.choices(claims, k=300))
    ]
    assert match_claims(carried) == exhaustive_pairs(carried)
    compared = similar_pairs(vectors_of(carried), support.MATCH_SIMILARITY).compared
    assert compared <= similar_pairs(vectors_of(claims), support.MATCH_SIMILARITY).compared * 1.2


def test_the_claims_tfidf_is_scikit_learns_to_the_bit():
    claims = generated_claims(300)
    documents = [support._content_words(claim.text) for claim in claims] + [[], ["said"], ["s1w1", "s1w1"]]
    ours = support.tfidf(documents)
    theirs = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True).fit_transform(documents)
    theirs.sort_indices()
    ours.sort_indices()
    assert ours.shape == theirs.shape
    for part in ("indptr", "indices", "data"):
        assert getattr(ours, part).tolist() == getattr(theirs, part).tolist()
    assert support.tfidf([[], []]) is None  # nothing to compare claims through


def claim_rows(*texts):
    """Claims as story_links reads them, each its own article's only sentence."""
    return [
        support.CurrentRow(number, number, number, text, "none", True, False, None, None)
        for number, text in enumerate(texts, start=1)
    ]


@pytest.mark.django_db
def test_claims_of_one_voice_are_not_even_compared(monkeypatch):
    rows = claim_rows(*["The Harbour Bridge will close for repairs on 3 March."] * 2)
    [link] = support.story_links(rows, ["Coast Herald", "Bay Times"], 0.3)
    assert (link.kind, link.sentence_id, link.other_id) == ("corroborates", 1, 2)

    def compared(*arguments):
        raise AssertionError("claims of one voice compared")

    monkeypatch.setattr(support, "match_claims", compared)
    assert support.story_links(rows, ["Coast Herald", "Coast Herald"], 0.3) == []
