"""Independent voices: which articles of a story speak for themselves and which repeat another's copy.

Three outlets printing one Reuters story are one voice, not three: corroboration counts voices. An
article's voice is its author (a syndicated copy's author, not the carrier), else the wire it leans on
(credited, or named in a dateline or byline), else the earliest article whose text it nearly repeats.
"""

import hashlib
import re
from dataclasses import dataclass

from articles.outlets import WIRES
from reliability.models import Story, StoryArticle
from reliability.support import tfidf

# Cosine similarity of two bodies' word 1–3-grams above which one is a copy of the other.
NEAR_DUPLICATE = 0.8
# Only texts this long are compared: two briefs of a few sentences on one event can match by chance.
NEAR_DUPLICATE_MIN_WORDS = 80
# The names wires go by in datelines and bylines, each to the one name the wire is stored under.
WIRE_NAMES = {alias.casefold(): row[0] for row in WIRES for alias in row}
_WIRE = "(" + "|".join(re.escape(alias) for row in WIRES for alias in row) + ")"
_TERM = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern
# "WASHINGTON (Reuters) —", "(AP) -", "By Jane Doe | Reuters"
WIRE_MARK = re.compile(rf"\({_WIRE}\)\s*[—–-]|\bBy [^\n|]{{1,80}}\|\s*{_WIRE}\b")


@dataclass(frozen=True)
class Voice:
    key: str  # articles with the same key are one voice
    name: str
    why: str = ""  # empty when the article's outlet speaks for itself


def wire_name(name):
    return WIRE_NAMES.get(name.strip().casefold(), name.strip())


def shown_outlet(article):
    """The outlet a reader saw the article under: the carrier of a syndicated copy, else its author."""
    return article.carried_by or article.outlet


def _own_voice(outlet):
    if outlet.kind == outlet.Kind.WIRE:
        return Voice(f"wire {wire_name(outlet.name).casefold()}", wire_name(outlet.name))
    return Voice(f"outlet {outlet.pk}", outlet.name)


def article_voice(article):
    """The voice of one article on its own (near-duplicates need the story: see story_voices)."""
    author = _own_voice(article.outlet)
    if article.carried_by_id:
        return Voice(author.key, author.name, f"carries {author.name}'s copy")
    if author.key.startswith("wire "):
        return author
    wires = [outlet for outlet in article.credits.all() if outlet.kind == outlet.Kind.WIRE]
    if wires:
        wire = _own_voice(min(wires, key=lambda outlet: outlet.pk))
        return Voice(wire.key, wire.name, f"uses {wire.name} copy (credited)")
    mark = WIRE_MARK.search(article.body)
    if mark:
        name = wire_name(mark.group(1) or mark.group(2))
        return Voice(f"wire {name.casefold()}", name, f"{name} dateline or byline")
    return author


def near_duplicates(bodies, threshold=NEAR_DUPLICATE):
    """Pairs (i, j, similarity), i < j, of bodies (of at least NEAR_DUPLICATE_MIN_WORDS words) that are
    nearly the same text: the cosine of their word 1–3-grams' sublinear TF-IDF, as scikit-learn's
    TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True) and cosine_similarity work it out (to 1e-12,
    tests/test_independence.py), without their vocabulary building and checks, which cost a story of a
    few articles tens of milliseconds."""
    long_enough = [i for i, body in enumerate(bodies) if len(body.split()) >= NEAR_DUPLICATE_MIN_WORDS]
    if len(long_enough) < 2:
        return []
    vectors = tfidf([_grams(bodies[i]) for i in long_enough])
    if vectors is None:  # no words at all
        return []
    similar = (vectors @ vectors.T).toarray()  # rows of length one: their products are the cosines
    return [
        (i, j, float(similar[a, b]))
        for a, i in enumerate(long_enough)
        for b, j in enumerate(long_enough)
        if a < b and similar[a, b] >= threshold
    ]


def _grams(body):
    """The body's words (of two characters or more, lower-cased), then its pairs, then its triples of
    consecutive words, each joined by a space: the terms TfidfVectorizer's word analyser makes."""
    words = _TERM.findall(body.lower())
    return [" ".join(words[start : start + n]) for n in (1, 2, 3) for start in range(len(words) - n + 1)]


def _earliest(article):
    return (article.published_at is None, article.published_at or 0, article.pk)


def near_copies(articles, threshold=NEAR_DUPLICATE):
    """{copy's id: (original's id, similarity)} for the articles of one story that nearly repeat an
    earlier one's text, each with the earliest original it repeats."""
    articles = sorted(articles, key=_earliest)
    copies = {}
    for i, j, similarity in near_duplicates([article.body for article in articles], threshold):
        copies.setdefault(articles[j].pk, (articles[i].pk, similarity))  # i ascends for each j
    return copies


def story_voices(articles, threshold=NEAR_DUPLICATE, copies=None):
    """{article id: Voice} for the articles of one story; a near-copy takes the earliest original's voice.
    copies: their near_copies, when known (see kept_near_copies)."""
    articles = sorted(articles, key=_earliest)
    voices = {article.pk: article_voice(article) for article in articles}
    if copies is None:
        copies = near_copies(articles, threshold)
    of = {article.pk: article for article in articles}
    place = {article.pk: i for i, article in enumerate(articles)}
    # In text order, so a copy of a copy takes the voice its original was given first.
    for copy_id, (original_id, similarity) in sorted(copies.items(), key=lambda item: place[item[0]]):
        original, copy = voices[original_id], voices[copy_id]
        if original.key != copy.key:
            why = f"near-duplicate of {shown_outlet(of[original_id]).name}'s text ({similarity:.0%} alike)"
            voices[copy_id] = Voice(original.key, original.name, why)
    return voices


def texts_stamp(articles, threshold=NEAR_DUPLICATE):
    """What near_copies depends on: which articles, in which order of publication, with which bodies."""
    digest = hashlib.sha256(repr(threshold).encode())
    for article in sorted(articles, key=_earliest):
        digest.update(f"{article.pk} {article.published_at} {len(article.body)}\n{article.body}".encode())
    return digest.hexdigest()


def kept_near_copies(story, articles):
    """The near_copies of a story's articles, comparing their texts only when they are not those the
    story kept the copies of: comparing costs tens of milliseconds, and a claim's panel needs them."""
    if len(articles) < 2:
        return {}  # nothing to compare, nor a stamp worth a write: most stories are one article
    stamp = texts_stamp(articles)
    if story.near_copies.get("texts") == stamp:
        return {int(copy): tuple(original) for copy, original in story.near_copies["copies"].items()}
    copies = near_copies(articles)
    story.near_copies = {"texts": stamp, "copies": copies}
    Story.objects.filter(pk=story.pk).update(near_copies=story.near_copies)  # leaves updated_at be
    return copies


def story_articles(story):
    """A story's articles with what their voices are read from (author, carrier, credits) loaded."""
    return stories_articles([story])[story.pk]


def stories_articles(stories):
    """{story id: its articles, as story_articles loads them} for these stories, in two queries."""
    found = {story.pk: [] for story in stories}
    members = StoryArticle.objects.filter(story__in=found).select_related(
        "article__outlet", "article__carried_by"
    )
    for member in members.prefetch_related("article__credits"):
        found[member.story_id].append(member.article)
    return found


def folded(article, voice):
    """How an article was folded into another voice, for editors to read; None if it speaks for itself."""
    if not voice.why:
        return None
    return {"outlet": shown_outlet(article).name, "into": voice.name, "why": voice.why}


def corroboration(sentence, links):
    """Who corroborates a claim, for its panel: the independent voices counted, and the outlets folded
    together (into those voices or into the claim's own) with why.

    links: the claim's ClaimLink rows; the copies of its own story come from the story itself, as they
    never link to it.
    """
    counted, folds = [], []
    for link in links:
        if link.kind != link.CORROBORATES:
            continue
        theirs = link.independence.get("other_voice" if link.sentence_id == sentence.pk else "voice")
        if theirs and theirs not in counted:
            counted.append(theirs)
        folds.extend(item for item in link.independence.get("folded", []) if item not in folds)
    membership = getattr(sentence.article, "story_membership", None)
    if membership is not None:
        articles = story_articles(membership.story)
        voices = story_voices(articles, copies=kept_near_copies(membership.story, articles))
        own = voices.get(sentence.article_id)
        for article in articles:
            how = folded(article, voices[article.pk])
            if how and voices[article.pk].key == own.key and how not in folds:
                folds.append(how)
    return {"counted": counted, "folded": folds}
