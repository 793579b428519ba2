"""Stories: articles about the same event, found by text similarity within a window of days."""

import math
import re
from collections import deque
from datetime import UTC, datetime, time, timedelta
from functools import cache
from itertools import accumulate, groupby

import numpy as np
import scipy.sparse
from django.db import transaction
from django.db.models import Case, DateTimeField, Q, Value, When, prefetch_related_objects
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from reliability.analysis.lexicon import STOP_WORDS
from reliability.models import Story, StoryArticle

_NAME = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?", re.MULTILINE)
_WORD = re.compile(r"[a-z]{4,}")
NEIGHBOURS = 5
BATCH = 500  # articles hashed, and written, at once


def names(text):
    """Capitalised words inside sentences: the people, places and bodies a story is about."""
    return [word.lower() for word in _NAME.findall(text)]


def content_words(text):
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


# scikit-learn is imported where stories are grouped, not with this module: every process imports this
# module (the admin's actions do), and importing scikit-learn costs one about 1.5 s.


@cache
def _hashers():
    """Hashed word sets need no fitted vocabulary, so an article can be compared the moment it arrives.
    Names and content words count equally: the cosine of the joined vectors is the mean of the two."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return tuple(
        HashingVectorizer(n_features=2**18, analyzer=words, alternate_sign=False, binary=True)
        for words in (names, content_words)
    )


def _seen(article):
    """When the article was first seen: its publication, else its ingest."""
    return article.published_at or article.ingested_at


def article_day(article):
    return _seen(article).date()


def hashed(articles):
    """The articles' hashed names and content words, L2-normalised."""
    texts = [f"{article.title}\n{article.body}" for article in articles]
    from sklearn.preprocessing import normalize

    half = 1 / math.sqrt(2)
    return normalize(scipy.sparse.hstack([hasher.transform(texts) * half for hasher in _hashers()]).tocsr())


def vectors(articles):
    """The hashed articles normalised once more, as scikit-learn's cosine distance normalises its input:
    the similarities keep the very bits a NearestNeighbors index gave, so ties and the threshold fall
    as they did when grouping used one."""
    from sklearn.preprocessing import normalize

    return normalize(hashed(articles))


def group(articles, settings):
    """Put each article without a story into the story of its most similar recent neighbour, or a new one.

    Articles are taken day by day with a sliding window of settings.story_window_days; each day's
    articles are compared with the window's only, so the cost per article does not grow with the corpus.
    The stories and memberships are written BATCH articles at a time, each batch in one commit.
    """
    pending = sorted(_without_story(list(articles)), key=article_day)
    if not pending:
        return []
    window = timedelta(days=settings.story_window_days)
    first, last = article_day(pending[0]) - window, article_day(pending[-1]) + window
    # Days, not articles, leave the window: (day, its articles, their vectors).
    placed = deque(_vectorised(sorted(_grouped_between(first, last), key=article_day)))
    memberships, saved = [], 0
    for day, todays, matrix in _vectorised(pending):
        while placed and placed[0][0] < day - window:
            placed.popleft()
        candidates = [article for _, articles, _ in placed for article in articles] + todays
        distances, neighbours = _nearest(
            matrix,
            scipy.sparse.vstack([block for _, _, block in placed] + [matrix], format="csr"),
            min(NEIGHBOURS + 1, len(candidates)),
        )
        for article, its_distances, its_neighbours in zip(todays, distances, neighbours, strict=True):
            pairs = zip(its_distances, its_neighbours, strict=True)
            nearest = [(candidates[position], 1 - float(distance)) for distance, position in pairs]
            memberships.append(_join(article, *_story_for(article, day, nearest, settings)))
        placed.append((day, todays, matrix))
        if len(memberships) - saved >= BATCH:
            _save(memberships[saved:])
            saved = len(memberships)
    _save(memberships[saved:])
    return memberships


def _without_story(articles):
    """The articles not in a story yet, their memberships looked up BATCH at a time, not one query each."""
    for offset in range(0, len(articles), BATCH):
        prefetch_related_objects(articles[offset : offset + BATCH], "story_membership")
    return [article for article in articles if not hasattr(article, "story_membership")]


def _nearest(queries, window, count):
    """Each query row's `count` nearest rows of the window by cosine distance, nearest first:
    (distances, positions).

    What NearestNeighbors' brute cosine search does, without fitting an index and validating its input
    each day: the same product, the same argpartition and sort, so ties come out in the same order.
    """
    queries, window = _on_features(queries, window, np.unique(queries.indices))
    # The window times the queries' transpose: each sum adds the same terms in the same order of
    # features as the queries times the window's, and only the few queries are turned into columns.
    distances = np.clip(1 - (window @ queries.T).T.toarray(), 0, 2)
    rows = np.arange(distances.shape[0])[:, None]
    positions = np.argpartition(distances, count - 1, axis=1)[:, :count]
    positions = positions[rows, np.argsort(distances[rows, positions])]
    return distances[rows, positions], positions


def _on_features(queries, window, features):
    """The matrices with only these (sorted) features as columns, numbered from 0 in the same order.

    A product turns one side's columns into rows, and with all 2**18 features of each hasher that alone
    costs more than a day's few articles; the queries' features are all their dot products use.
    """

    def kept(matrix):
        positions = np.searchsorted(features, matrix.indices)
        keep = np.append(features, -1)[positions] == matrix.indices  # -1: past the last, no feature
        ends = np.concatenate([[0], np.cumsum(keep)])[matrix.indptr]
        shape = (matrix.shape[0], len(features))
        return scipy.sparse.csr_matrix((matrix.data[keep], positions[keep], ends), shape=shape)

    return kept(queries), kept(window)


def _story_for(article, day, nearest, settings):
    """(story, similarity) of the most similar neighbour already in a story; (None, 0.0) if none is
    similar enough."""
    story, similarity = None, 0.0
    for other, score in nearest:
        joined = hasattr(other, "story_membership") and other is not article
        if joined and score >= settings.story_similarity and score > similarity:
            candidate = other.story_membership.story
            # A story is one event: it does not keep growing by chaining day after day.
            if (day - candidate.first_seen.date()).days <= 2 * settings.story_window_days:
                story, similarity = candidate, score
    return story, similarity


def _grouped_between(first, last):
    from articles.models import Article

    # Ranges on the indexed datetimes themselves, not on their dates, so the window is an index scan.
    since = datetime.combine(first, time.min, tzinfo=UTC)
    until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)
    in_window = Q(published_at__gte=since, published_at__lt=until) | Q(
        published_at__isnull=True, ingested_at__gte=since, ingested_at__lt=until
    )
    # Only the title and body are compared: the raw text, as long again, is left in the database.
    return (
        Article.objects.filter(in_window, story_membership__isnull=False)
        .select_related("story_membership__story")
        .defer("raw_text")
    )


def _by_day(articles):
    """(day, its articles) of articles sorted by day."""
    return ((day, list(todays)) for day, todays in groupby(articles, key=article_day))


def _vectorised(articles):
    """(day, its articles, their vectors) of articles sorted by day. The texts are hashed about BATCH
    at a time: each call of the hashers and of normalize spends a millisecond or so checking its input,
    more than hashing a day's articles takes."""
    batch, size = [], 0
    for day, todays in _by_day(articles):
        batch.append((day, todays))
        size += len(todays)
        if size >= BATCH:
            yield from _split(batch)
            batch, size = [], 0
    if batch:
        yield from _split(batch)


def _split(days):
    matrix = vectors([article for _, todays in days for article in todays])
    ends = accumulate(len(todays) for _, todays in days)
    for (day, todays), end in zip(days, ends, strict=True):
        yield day, todays, matrix[end - len(todays) : end]


def _join(article, story, similarity):
    """Put the article in the story (None: a story of its own), in memory: _save writes them."""
    if story is None:
        story = Story(
            title=article.title or article.body[:120], first_seen=_seen(article), last_seen=_seen(article)
        )
        similarity = 1.0
    membership = StoryArticle(story=story, article=article, similarity=round(similarity, 4))
    article.story_membership = membership
    return membership


@transaction.atomic
def _save(memberships):
    """Write the stories made for these memberships, the memberships, and the wider first and last seen
    of the stories they joined: a few queries for the batch, not a few per article."""
    made, spans = {}, {}
    for membership in memberships:
        story, seen = membership.story, _seen(membership.article)
        if story.pk is None:
            # Made in this batch by its first article; the later ones are of that day or after, so the
            # date of its first seen, which the chain rule counts from, stays as it was.
            made[id(story)] = story
            story.first_seen, story.last_seen = min(story.first_seen, seen), max(story.last_seen, seen)
        else:
            earliest, latest = spans.get(story.pk, (seen, seen))
            spans[story.pk] = min(earliest, seen), max(latest, seen)
    Story.objects.bulk_create(made.values())
    if spans:
        Story.objects.filter(pk__in=spans).update(
            first_seen=Least("first_seen", _by_story(spans, 0)),
            last_seen=Greatest("last_seen", _by_story(spans, 1)),
        )
    StoryArticle.objects.bulk_create(memberships)


def _by_story(spans, end):
    """The first (end 0) or last (1) seen of each story's new articles, as one SQL expression."""
    whens = [When(pk=pk, then=Value(span[end])) for pk, span in spans.items()]
    return Case(*whens, output_field=DateTimeField())


@transaction.atomic
def merge(stories):
    """Merge the stories into the first; the result is curated, so grouping will not undo it."""
    keep, *others = stories
    StoryArticle.objects.filter(story__in=others).update(story=keep, added_by="editor")
    Story.objects.filter(pk__in=[story.pk for story in others]).delete()
    keep.curated = True
    keep.save(update_fields=["curated", "updated_at"])
    return keep


@transaction.atomic
def split(memberships, title):
    """Move the given articles out of their story into a new curated one."""
    moving = list(memberships)
    days = [membership.article.published_at or membership.article.ingested_at for membership in moving]
    story = Story.objects.create(title=title, first_seen=min(days), last_seen=max(days), curated=True)
    old = {membership.story_id for membership in moving}
    StoryArticle.objects.filter(pk__in=[m.pk for m in moving]).update(story=story, added_by="editor")
    Story.objects.filter(pk__in=old, members__isnull=True).delete()
    Story.objects.filter(pk__in=old).update(curated=True, updated_at=timezone.now())
    return story
