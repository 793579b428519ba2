"""Support across outlets: which claims another outlet also makes (corroboration)."""

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.neighbors import NearestNeighbors

# Cosine similarity of the content words' TF-IDF above which two claims say the same thing.
MATCH_SIMILARITY = 0.5
NEIGHBOURS = 10
UNSUPPORTED_LABELS = {"none", "vague"}
_WORD = re.compile(r"[a-z0-9]+(?:[.:][0-9]+)?")


@dataclass(frozen=True)
class ClaimText:
    voice: str  # the outlet speaking; claims of the same voice never corroborate each other
    text: str


def _content_words(text):
    words = [word for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]
    return [word[:6] if word.isalpha() else word for word in words]  # a crude stem tolerates "meet"/"meeting"


def match_claims(claims, similarity=MATCH_SIMILARITY):
    """Pairs (i, j, similarity) of claims of different voices that say the same thing, i < j.

    Nearest neighbours over TF-IDF vectors, so the cost grows with the number of claims, not its square.
    """
    if len(claims) < 2:
        return []
    vectorizer = TfidfVectorizer(analyzer=_content_words, ngram_range=(1, 1), sublinear_tf=True)
    try:
        vectors = vectorizer.fit_transform([claim.text for claim in claims])
    except ValueError:  # nothing but stop words
        return []
    index = NearestNeighbors(n_neighbors=min(NEIGHBOURS, len(claims)), metric="cosine").fit(vectors)
    distances, neighbours = index.kneighbors(vectors)
    pairs = set()
    for i, (row_distances, row_neighbours) in enumerate(zip(distances, neighbours, strict=True)):
        for distance, j in zip(row_distances, row_neighbours, strict=True):
            score = 1 - distance
            if i != j and score >= similarity and claims[i].voice != claims[j].voice:
                pairs.add((min(i, j), max(i, j), round(float(score), 4)))
    return sorted(pairs)


def corroborated(claims, similarity=MATCH_SIMILARITY):
    """Indexes of the claims that some claim of another voice corroborates."""
    found = set()
    for i, j, _ in match_claims(claims, similarity):
        found.update((i, j))
    return found


def is_supported(label, is_corroborated):
    """Unsupported means attributed to nobody (or to a weasel) and said by no other outlet."""
    return label not in UNSUPPORTED_LABELS or is_corroborated
