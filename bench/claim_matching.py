"""Claim matching (corroboration) at growing numbers of claims: the work per claim should stay flat.

Run: .venv/bin/python bench/claim_matching.py [SIZES...]   (default 10000 50000 200000)
Generated claims: stories told by several outlets in their own words, over news copy's common words
(said, officials, president, ...), some claims of common words alone. For each size it prints the
seconds of reliability.support.match_claims, the similarities worked out per claim, the pairs found and
the peak memory so far; at the first size also the exhaustive search's time and the recall of its pairs
(ties at a claim's tenth-closest place counted as found: which of them is kept is up to the search).
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.neighbors import NearestNeighbors  # noqa: E402

from reliability import support  # noqa: E402

OUTLETS = 60
SYLLABLES = "al bren car dun el fen gar hol ivy jor kel lin mor nor os pen quar ros sel tor ul ven".split()
COMMON = (
    "said officials president government people year new told reporters state percent week house "
    "police report plan city minister country workers company police statement monday tuesday"
).split()


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(3)) + str(rng.randint(0, 9))


def claims(size, rng):
    made = []
    while len(made) < size:
        own = [word(rng) for _ in range(8)]
        for outlet in rng.sample(range(OUTLETS), rng.randint(2, 6)):
            if rng.random() < 0.03:
                words = rng.sample(COMMON, rng.randint(2, 4))
            else:
                words = rng.sample(own, rng.randint(3, 6)) + rng.sample(COMMON, rng.randint(1, 4))
            rng.shuffle(words)
            made.append(support.ClaimText(f"outlet {outlet}", " ".join(words) + "."))
    return made[:size]


def exhaustive(found):
    """Every claim against every other, as match_claims did before it was blocked."""
    vectors = TfidfVectorizer(analyzer=support._content_words, sublinear_tf=True).fit_transform(
        [claim.text for claim in found]
    )
    index = NearestNeighbors(n_neighbors=support.NEIGHBOURS, metric="cosine").fit(vectors)
    distances, neighbours = index.kneighbors(vectors)
    pairs, tenth = set(), {}
    for i, (row_distances, row_neighbours) in enumerate(zip(distances, neighbours, strict=True)):
        tenth[i] = 1 - row_distances[-1]
        for distance, j in zip(row_distances, row_neighbours, strict=True):
            if i != j and 1 - distance >= support.MATCH_SIMILARITY and found[i].voice != found[j].voice:
                pairs.add((min(i, j), max(i, j), round(float(1 - distance), 4)))
    return pairs, tenth


def main(sizes):
    rng = random.Random(15)
    checked = None
    for size in sizes:
        made = claims(size, rng)
        vectors = TfidfVectorizer(analyzer=support._content_words, sublinear_tf=True).fit_transform(
            [claim.text for claim in made]
        )
        started = time.perf_counter()
        pairs = support.match_claims(made)
        seconds = time.perf_counter() - started
        compared = support.similar_pairs(vectors, support.MATCH_SIMILARITY).compared
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"claims: {size:>7}   seconds: {seconds:6.2f}   claims/s: {size / seconds:7.0f}   "
            f"compared a claim: {compared / size:6.0f}   pairs: {len(pairs):>7}   peak memory: {peak:.0f} MB"
        )
        checked = checked or (made, set(pairs))
    # Last, as its memory (the square of the claims, chunk by chunk) would hide the peaks above.
    made, pairs = checked
    started = time.perf_counter()
    expected, tenth = exhaustive(made)
    seconds = time.perf_counter() - started
    missed = expected - pairs
    tied = sum(any(abs(score - tenth[k]) < 1e-4 for k in (i, j)) for i, j, score in missed)
    found = len(expected) - len(missed)
    print(
        f"exhaustive search of the {len(made)} claims: {seconds:.2f} s, {len(expected)} pairs; recall "
        f"{found / len(expected):.4f}, {(found + tied) / len(expected):.4f} counting ties at the tenth "
        f"place; extra pairs: {len(pairs - expected)}"
    )


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or [10000, 50000, 200000])
