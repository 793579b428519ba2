"""Stories: articles about the same event, found by text similarity within a window of days."""

import math
import re
from collections import deque
from datetime import UTC, datetime, time, timedelta
from functools import cache

import scipy.sparse
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reliability.analysis.lexicon import STOP_WORDS
from reliability.models import Story, StoryArticle

_NAME = re.compile(r"(?<![.!?“\"]\s)(?<!^)\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?", re.MULTILINE)
_WORD = re.compile(r"[a-z]{4,}")
NEIGHBOURS = 5


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


def article_day(article):
    return (article.published_at or article.ingested_at).date()


def vectors(articles):
    texts = [f"{article.title}\n{article.body}" for article in articles]
    from sklearn.preprocessing import normalize

    half = 1 / math.sqrt(2)
    joined = scipy.sparse.hstack([hasher.transform(texts) * half for hasher in _hashers()])
    return normalize(joined.tocsr())


def group(articles, settings):
    """Put each article without a story into the story of its most similar recent neighbour, or a new one.

    Articles are taken day by day with a sliding window of settings.story_window_days; each day's
    articles are looked up in a nearest-neighbours index of the window, so the cost per article does
    not grow with the corpus.
    """
    from sklearn.neighbors import NearestNeighbors

    pending = sorted(
        (article for article in articles if not hasattr(article, "story_membership")), key=article_day
    )
    if not pending:
        return []
    window = timedelta(days=settings.story_window_days)
    first, last = article_day(pending[0]) - window, article_day(pending[-1]) + window
    earlier = sorted(_grouped_between(first, last), key=article_day)
    placed = deque(zip(earlier, vectors(earlier), strict=True)) if earlier else deque()
    memberships = []
    for day, todays in _by_day(pending):
        while placed and article_day(placed[0][0]) < day - window:
            placed.popleft()
        candidates = [article for article, _ in placed] + todays
        matrix = scipy.sparse.vstack([vector for _, vector in placed] + [vectors(todays)]).tocsr()
        index = NearestNeighbors(n_neighbors=min(NEIGHBOURS + 1, len(candidates)), metric="cosine").fit(
            matrix
        )
        distances, neighbours = index.kneighbors(matrix[len(placed) :])
        with transaction.atomic():  # a day's articles joined in one commit, not one each
            for offset, article in enumerate(todays):
                story, similarity = None, 0.0
                for distance, position in zip(distances[offset], neighbours[offset], strict=True):
                    other, score = candidates[position], 1 - float(distance)
                    joined = hasattr(other, "story_membership") and other is not article
                    if joined and score >= settings.story_similarity and score > similarity:
                        candidate = other.story_membership.story
                        # A story is one event: it does not keep growing by chaining day after day.
                        if (day - candidate.first_seen.date()).days <= 2 * settings.story_window_days:
                            story, similarity = candidate, score
                memberships.append(_join(article, story, similarity))
        placed.extend(zip(todays, matrix[len(placed) :], strict=True))
    return memberships


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
    day, batch = None, []
    for article in articles:
        if batch and article_day(article) != day:
            yield day, batch
            batch = []
        day = article_day(article)
        batch.append(article)
    if batch:
        yield day, batch


def _join(article, story, similarity):
    """Put the article in the story (None: a story of its own), inside group's transaction of the day."""
    day = article.published_at or article.ingested_at
    if story is None:
        story = Story.objects.create(title=article.title or article.body[:120], first_seen=day, last_seen=day)
        similarity = 1.0
    else:
        Story.objects.filter(pk=story.pk, first_seen__gt=day).update(first_seen=day)
        Story.objects.filter(pk=story.pk, last_seen__lt=day).update(last_seen=day)
    membership = StoryArticle.objects.create(story=story, article=article, similarity=round(similarity, 4))
    article.story_membership = membership
    return membership


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
