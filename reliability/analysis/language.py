"""How an outlet writes in its own voice: rumour passed on without a source, headlines.

Rating services judge the writing apart from what it quotes (Media Bias/Fact Check's "loaded words"
and "sensationalism", NewsGuard's "avoids deceptive headlines"; Baly et al., "Predicting Factuality
of Reporting and Bias of News Media Sources", 2018, find features of a sample of an outlet's
articles the most predictive of its factuality). Words inside quotation marks are the source's, so
every test here reads the text outside them (features.judging does the same for judging words).
A sensational or quote-led headline sells a reading the article may not make, and a headline whose key
words the body never uses promises what it does not report.
"""

import re

from reliability.analysis import lexicon

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_SHOUTED = re.compile(r"\b[A-Z]{5,}\b")  # a shouted word, not an acronym (acronyms are short)
_QUOTED = re.compile(r"[“\"‘'][^“”\"‘’']{3,}[”\"’']")
SUPPORT_THRESHOLD = 0.6  # share of the headline's key words the body must use
KEY_WORD_LENGTH = 4
_QUOTATION = re.compile(r"[“\"][^”\"]*[”\"]")


def rumour(text):
    """Does the sentence pass on what it has not established ("reportedly", "allegedly"), outside quotes?"""
    unquoted = _QUOTATION.sub("", text) if "“" in text or '"' in text else text  # no quotes, nothing to cut
    return not lexicon.RUMOUR_WORDS.isdisjoint(map(str.lower, _WORD.findall(unquoted)))


def sensational(title):
    """Why the headline reads as sensational ("exclamation", "shouted word", "quotation" when it leads
    with someone's words, "sensational word"), or None."""
    if "!" in title:
        return "exclamation"
    if _SHOUTED.search(title):
        return "shouted word"
    if _QUOTED.search(title):
        return "quotation"
    if not lexicon.SENSATIONAL_WORDS.isdisjoint(word.lower() for word in _WORD.findall(title)):
        return "sensational word"
    return None


def key_words(title):
    return {
        word
        for word in (found.lower().strip("’'-") for found in _WORD.findall(title))
        if len(word) >= KEY_WORD_LENGTH and word not in lexicon.HEADLINE_FILLER
    }


def support(title, body):
    """The share of the headline's key words the body uses (1.0 for a headline without key words)."""
    wanted = key_words(title)
    if not wanted:
        return 1.0
    used = {word.lower().strip("’'-") for word in _WORD.findall(body)}
    return sum(word in used for word in wanted) / len(wanted)


def unsupported(title, body):
    return support(title, body) < SUPPORT_THRESHOLD
