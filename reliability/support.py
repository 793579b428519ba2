"""Support across outlets: which claims another outlet also makes (corroboration)."""

import itertools
import re
from dataclasses import dataclass

import numpy as np
import scipy.sparse

from reliability.analysis.lexicon import STOP_WORDS
from reliability.analysis.linear import counted, weighed

# Cosine similarity of the content words' TF-IDF above which two claims say the same thing.
MATCH_SIMILARITY = 0.3
# Words news copy uses for one another; each group counts as one word when claims are compared.
SYNONYMS = {
    "meet": "meeting talks summit meets met meetings",
    "arrive": "arrived arrives arrival landed lands land touched touching reached",
    "start": "begin begins began starts started kick",
    "kill": "killed dead died deaths death killing",
    "say": "said says told stated tells announced",
    "leader": "president leaders presidents",
}
_SYNONYM = {word: head for head, words in SYNONYMS.items() for word in words.split()}
NEIGHBOURS = 10  # a claim's closest matches kept, itself counted as one (the exhaustive search did)
# A word in more claims than this is too common to compare claims through: its claims, all against all,
# would make the work grow with the square of the claims.
COMMON_WORD_CLAIMS = 1000
CHUNK_ROWS = 250  # claims whose similarities are worked out at once: what bounds the memory
UNSUPPORTED_LABELS = {"none", "vague"}
_WORD = re.compile(r"[a-z0-9]+(?:[.:][0-9]+)?")


@dataclass(frozen=True)
class ClaimText:
    voice: str  # the outlet speaking; claims of the same voice never corroborate each other
    text: str


def _content_words(text):
    words = [_SYNONYM.get(word, word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]
    return [word[:6] if word.isalpha() else word for word in words]  # a crude stem: "Zelensky"/"Zelenskyy"


def match_claims(claims, similarity=MATCH_SIMILARITY):
    """Pairs (i, j, similarity) of claims of different voices that say the same thing, i < j.

    Each claim is paired with its NEIGHBOURS most similar claims (TF-IDF cosine) of at least
    `similarity`; claims are compared only through the words they share (see similar_pairs).
    """
    if len(claims) < 2:
        return []
    seen = {}  # a text's words, read once however many claims repeat it

    def words(text):
        if text not in seen:
            seen[text] = _content_words(text)
        return seen[text]

    vectors = tfidf([words(claim.text) for claim in claims])
    if vectors is None:  # nothing but stop words
        return []
    found = similar_pairs(vectors, similarity)
    codes = {}
    voices = np.array([codes.setdefault(claim.voice, len(codes)) for claim in claims])
    keep = voices[found.rows] != voices[found.columns]  # itself, and its own outlet's claims, left out
    first = np.minimum(found.rows, found.columns)[keep]
    second = np.maximum(found.rows, found.columns)[keep]
    scores = np.round(found.scores[keep], 4)
    order = np.lexsort((scores, second, first))
    first, second, scores = first[order], second[order], scores[order]
    # A pair found from both of its claims comes twice.
    fresh = np.ones(len(first), dtype=bool)
    fresh[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1]) | (scores[1:] != scores[:-1])
    return list(zip(first[fresh].tolist(), second[fresh].tolist(), scores[fresh].tolist(), strict=True))


def tfidf(documents):
    """Sparse rows of sublinear TF-IDF scaled to length one, a column per word in alphabetical order
    (None if there are no words at all): what scikit-learn's TfidfVectorizer(sublinear_tf=True) makes
    of these lists of words, to the bit (tests/test_support.py), without importing scikit-learn, which
    costs a process about 1.5 s (for `analyze`, most of its start)."""
    seen = {word: number for number, word in enumerate(dict.fromkeys(itertools.chain(*documents)))}
    if not seen:
        return None
    rows = np.repeat(np.arange(len(documents), dtype=np.int64), [len(words) for words in documents])
    columns = np.fromiter((seen[word] for words in documents for word in words), np.int64, len(rows))
    # The words of a row in the order they first appear in the documents: the order the vectoriser adds
    # up a row's length in, so the lengths agree to the bit.
    rows, columns, counts = counted(rows, columns, len(seen))
    # The smoothed idf: as if one more document held every word once.
    idf = np.log((1 + len(documents)) / (1 + np.bincount(columns, minlength=len(seen)))) + 1
    values = weighed(rows, columns, counts, idf, len(documents))
    alphabetical = np.empty(len(seen), dtype=np.int64)
    alphabetical[[seen[word] for word in sorted(seen)]] = np.arange(len(seen))
    return scipy.sparse.csr_matrix((values, (rows, alphabetical[columns])), shape=(len(documents), len(seen)))


@dataclass
class SimilarPairs:
    rows: np.ndarray  # claim i of each pair, with columns[k] one of its NEIGHBOURS closest
    columns: np.ndarray
    scores: np.ndarray
    compared: int  # pairs whose similarity was worked out: the work done


def similar_pairs(vectors, similarity):
    """Each claim's NEIGHBOURS most similar claims at least `similarity` alike (itself among them), the
    same as comparing every claim with every other but with work that grows with the claims.

    vectors: L2-normalised sparse rows. Claims with the same words (a wire story's sentence in every
    paper that carries it, a boilerplate line) are compared once, as one row (see _distinct).
    """
    vectors = vectors.tocsr()
    groups, distinct = _distinct(vectors)
    found = _similar_distinct(distinct, similarity)
    return SimilarPairs(*_members(groups, found), found.compared)


def _distinct(vectors):
    """(groups, distinct rows): groups[k] lists, in order, the rows equal to distinct row k, the groups
    ordered by their first row."""
    vectors.sort_indices()
    first, groups = {}, []
    for row in range(vectors.shape[0]):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        key = (vectors.indices[start:end].tobytes(), vectors.data[start:end].tobytes())
        if key not in first:
            first[key] = len(groups)
            groups.append([])
        groups[first[key]].append(row)
    return groups, vectors[[group[0] for group in groups]]


def _members(groups, found):
    """The pairs of distinct rows as pairs of rows, each row with its NEIGHBOURS closest again.

    Every row of a group is as close to a claim as the others, and ties go to the earlier row, so only
    a group's first NEIGHBOURS rows can be among anyone's closest: those are all a pair expands to. The
    pairs are expanded CHUNK_ROWS distinct rows at a time (a row's pairs all in one chunk), which bounds
    the memory.
    """
    sizes = np.array([len(group) for group in groups])
    heads = np.minimum(sizes, NEIGHBOURS)
    rows_of = np.concatenate([np.asarray(group) for group in groups]) if groups else np.zeros(0, int)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    cuts = np.searchsorted(found.rows, np.arange(0, len(groups) + CHUNK_ROWS, CHUNK_ROWS))
    expanded = [(np.zeros(0, int), np.zeros(0, int), np.zeros(0))]
    for first, last in itertools.pairwise(cuts):
        row_groups, column_groups = found.rows[first:last], found.columns[first:last]
        # Pair k becomes sizes[row group] x heads[column group] pairs of rows.
        counts = sizes[row_groups] * heads[column_groups]
        pair = np.repeat(np.arange(len(counts)), counts)
        offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        width = heads[column_groups][pair]
        rows = rows_of[starts[row_groups][pair] + offset // width]
        columns = rows_of[starts[column_groups][pair] + offset % width]
        expanded.append(_closest(rows, columns, found.scores[first:last][pair]))
    return tuple(np.concatenate(values) for values in zip(*expanded, strict=True))


def _similar_distinct(vectors, similarity):
    """similar_pairs of rows that all differ. Claims are compared through the words they share, leaving out
    the words in more than COMMON_WORD_CLAIMS of them; those words' part of the similarity is added to
    the pairs found. Two claims that share none of the rarer words can still be alike only if each
    vector's part on the common words has a norm of at least `similarity` (their similarity is at most
    the product of the two norms): such mostly-common claims are matched again among themselves, which
    makes fewer of their words common, until they are too few for any word to be common, or all of them
    are mostly common words and there is nothing left but to compare them all.
    """
    found, compared = [], 0
    members = np.arange(vectors.shape[0])
    while len(members):
        part = vectors[members]
        common = np.bincount(part.indices, minlength=part.shape[1]) > COMMON_WORD_CLAIMS
        mostly_common = _norms(part[:, common]) >= similarity
        if mostly_common.all():
            common[:] = mostly_common[:] = False
        rare, frequent = part[:, ~common], part[:, common]
        frequent_norms = _norms(frequent)
        rare_transposed = rare.T.tocsr()
        for start in range(0, len(members), CHUNK_ROWS):
            shared = (rare[start : start + CHUNK_ROWS] @ rare_transposed).tocoo()
            compared += shared.nnz
            i, j, scores = shared.row + start, shared.col, shared.data
            # Pairs of two mostly-common claims are matched in the next round, with all their words.
            keep = ~(mostly_common[i] & mostly_common[j])
            keep &= scores + frequent_norms[i] * frequent_norms[j] >= similarity  # can reach it at all
            i, j, scores = i[keep], j[keep], scores[keep]
            scores = scores + np.asarray(frequent[i].multiply(frequent[j]).sum(axis=1)).ravel()
            keep = scores >= similarity
            found.append(_closest(members[i[keep]], members[j[keep]], scores[keep]))
        members = members[mostly_common]
    rows, columns, scores = _closest(*(np.concatenate(values) for values in zip(*found, strict=True)))
    return SimilarPairs(rows, columns, scores, compared)


def _norms(vectors):
    return np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())


def _closest(rows, columns, scores):
    """Of each row's pairs, its NEIGHBOURS highest scores (ties to the lower column, to be repeatable)."""
    order = np.lexsort((columns, -scores, rows))
    rows, columns, scores = rows[order], columns[order], scores[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < NEIGHBOURS
    return rows[keep], columns[keep], scores[keep]


def corroborated(claims, similarity=MATCH_SIMILARITY):
    """Indexes of the claims that some claim of another voice corroborates."""
    found = set()
    for i, j, _ in match_claims(claims, similarity):
        found.update((i, j))
    return found


def is_supported(label, is_corroborated):
    """Unsupported means attributed to nobody (or to a weasel) and said by no other outlet."""
    return label not in UNSUPPORTED_LABELS or is_corroborated


@dataclass(slots=True)
class CurrentRow:
    """A sentence of an article's latest analysis, editors' overrides applied: what linking and tallying
    read of it. Plain data, not a SentenceAnalysis with its Sentence: a batch of stories reads tens of
    thousands, and building model instances cost more than the query."""

    analysis_id: int
    sentence_id: int
    article_id: int
    text: str
    label: str
    is_claim: bool
    justified: bool
    source_start: int | None
    source_end: int | None


CURRENT_ROW_FIELDS = (
    "analysis_id",
    "sentence_id",
    "sentence__article_id",
    "sentence__text",
    "label",
    "is_claim",
    "justified",
    "source_start",
    "source_end",
    "cue_start",
    "cue_end",
)


def current_rows(articles):
    """Every sentence of each article's latest analysis in text order, editors' overrides applied (in
    memory, never saved over the analysis): {article id: [CurrentRow]}."""
    from reliability.models import ArticleAnalysis, LabelOverride, SentenceAnalysis
    from reliability.overrides import apply

    latest = {}
    for analysis_id, article_id in (
        ArticleAnalysis.objects.filter(article__in=articles)
        .order_by("created_at", "pk")
        .values_list("pk", "article_id")
    ):
        latest[article_id] = analysis_id
    rows = {article_id: [] for article_id in latest}
    overrides = {}
    for override in LabelOverride.objects.filter(sentence__article__in=articles).order_by(
        "-created_at", "-pk"
    ):
        overrides.setdefault(override.sentence_id, []).append(override)
    analysed = SentenceAnalysis.objects.filter(analysis_id__in=latest.values())
    for *values, cue_start, cue_end in analysed.order_by(
        "sentence__article_id", "sentence__order"
    ).values_list(*CURRENT_ROW_FIELDS):
        row = CurrentRow(*values)
        if row.sentence_id in overrides:
            source = (row.source_start, row.source_end) if row.source_start is not None else None
            cue = (cue_start, cue_end) if cue_start is not None else None
            row.label, row.is_claim, source, _, _ = apply(
                row.label, row.is_claim, source, cue, overrides[row.sentence_id]
            )
            row.source_start, row.source_end = source or (None, None)
        rows[row.article_id].append(row)
    return rows


def story_links(claims, voices, similarity, folds=None):
    """Links between claims of different voices in one story: corroborations and contradictions.

    claims: CurrentRow (their sentence_id and text are read); voices: the voice of each (anything
    comparable, or independence.Voice, compared by key). folds: {voice key: how outlets were folded
    into it}, recorded on each link. Returns unsaved ClaimLink rows without their story.
    """
    from reliability.analysis.rules import names_in
    from reliability.contradictions import disagreements, person_disagreement, slots
    from reliability.models import ClaimLink

    names = [getattr(voice, "name", voice) for voice in voices]
    voices = [getattr(voice, "key", voice) for voice in voices]
    if len(set(voices)) < 2:
        # Claims of one voice never link: most stories are one article, and they cost nothing here.
        return []
    folds = folds or {}

    def independence(a, b):
        return {
            "voice": str(names[a]),
            "other_voice": str(names[b]),
            "folded": [*folds.get(voices[a], []), *folds.get(voices[b], [])],
        }

    texts = [ClaimText(voice, row.text) for row, voice in zip(claims, voices, strict=True)]
    people = {}  # each claim's names, read once however many of its pairs match

    def names_of(row):
        if row.sentence_id not in people:
            people[row.sentence_id] = names_in(row.text)
        return people[row.sentence_id]

    links = {}
    for i, j, score in match_claims(texts, similarity):
        first, second = _ordered(claims[i], claims[j])
        a, b = (i, j) if first is claims[i] else (j, i)
        person = person_disagreement(names_of(first), names_of(second))
        kind, field, values = (
            (ClaimLink.CONTRADICTS, *person[:1], person[1:])
            if person
            else (ClaimLink.CORROBORATES, "", ("", ""))
        )
        links[(first.sentence_id, second.sentence_id, kind, field)] = ClaimLink(
            sentence_id=first.sentence_id,
            other_id=second.sentence_id,
            kind=kind,
            similarity=score,
            field=field,
            value=values[0][:200],
            other_value=values[1][:200],
            independence=independence(a, b),
        )
    # Contradictions need no close match: the same slot ("start", time, local time) filled differently.
    by_slot = {}
    for index, row in enumerate(claims):
        for slot in slots(row.text):
            by_slot.setdefault(slot, []).append(index)
    compared = set()
    for indexes in by_slot.values():
        for a in indexes:
            for b in indexes:
                if a < b and voices[a] != voices[b] and (a, b) not in compared:
                    compared.add((a, b))
                    first, second = _ordered(claims[a], claims[b])
                    ends = (a, b) if first is claims[a] else (b, a)
                    for field, value, other_value in disagreements(first.text, second.text):
                        key = (first.sentence_id, second.sentence_id, ClaimLink.CONTRADICTS, field)
                        links[key] = ClaimLink(
                            sentence_id=first.sentence_id,
                            other_id=second.sentence_id,
                            kind=ClaimLink.CONTRADICTS,
                            similarity=0.0,
                            field=field,
                            value=value[:200],
                            other_value=other_value[:200],
                            independence=independence(*ends),
                        )
    return list(links.values())


def _ordered(first, second):
    return (first, second) if first.sentence_id < second.sentence_id else (second, first)


def link_story(story, settings):
    """link_stories of one story."""
    return link_stories([story], settings)


def link_stories(stories, settings):
    """Recompute these stories' claim links from their articles' current claims; returns their articles
    and those articles' current_rows, which retally reads next.

    Claims of one voice never corroborate each other: copies of one story (syndicated, wire-based or
    near-duplicate) count once, however many outlets carried it. The stories' articles and rows are read
    in a few queries for all of them, and their links replaced in one transaction: a batch of stories
    costs about as many queries as one.
    """
    from django.db import transaction

    from reliability.independence import folded, kept_near_copies, stories_articles, story_voices
    from reliability.models import ClaimLink

    stories = list(stories)
    members = stories_articles(stories)
    articles = [article for story in stories for article in members[story.pk]]
    per_article = current_rows(articles)
    links = []
    for story in stories:
        voice_of = story_voices(members[story.pk], copies=kept_near_copies(story, members[story.pk]))
        folds = {}
        for article in members[story.pk]:
            how = folded(article, voice_of[article.pk])
            if how:
                folds.setdefault(voice_of[article.pk].key, []).append(how)
        claims, voices = [], []
        for article in members[story.pk]:
            for row in per_article.get(article.pk, []):
                if row.is_claim:
                    claims.append(row)
                    voices.append(voice_of[article.pk])
        for link in story_links(claims, voices, settings.claim_similarity, folds):
            link.story = story
            links.append(link)
    with transaction.atomic():
        ClaimLink.objects.filter(story__in=stories).delete()
        ClaimLink.objects.bulk_create(links, batch_size=500)
    return articles, per_article
