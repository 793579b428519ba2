"""Sentences: split a cleaned body into sentences with exact character offsets."""

import bisect
import re
from itertools import pairwise

# Titles always stand before a name, so a full stop after them never ends a sentence.
TITLES = frozenset(
    "Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt Capt Cmdr Adm Maj Prof Rev Hon Pres Supt Det Insp Atty "
    "St Mt Ft Messrs Mme Mx".split()
)
# These abbreviate only before a number: "No. 3", "Dec. 3", "p. 12".
BEFORE_NUMBERS = frozenset("No Nos Vol Fig Art p pp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
# These can end a sentence too; they do only when a common sentence opener follows.
AMBIGUOUS = frozenset("Inc Corp Ltd Co etc vs Jr Sr Bros approx".split())
SENTENCE_STARTERS = frozenset(
    "The A An He She It They We I You This That These Those There But And Yet So Or In On At For By "
    "His Her Its Their Our My What When Where Why How Who After Before While As If Although Though "
    "Despite Meanwhile However Still Then Now Some Many Most Officials Others No One Both Each Such "
    "Last Next Later Earlier Since Until During With Without According Under Over".split()
)
OPENERS = "“\"‘'([—–-•"

_BLANK_LINE = re.compile(r"\r?\n[ \t\r\f\v]*\n")
_TERMINAL = re.compile(r"(?:[.!?…]+)[”\"’')\]]*(?=\s)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")
_INITIAL = re.compile(r"[A-Z]\.")
_FOLLOWING = re.compile(r"\s+(\S)[“\"‘'(]*(\w*)")
# A quotation longer than this is more likely a stray mark than one long quote.
MAX_QUOTE_CHARS = 1000


def split_sentences(body):
    """(start, end) of every sentence, in order; body[start:end] is the sentence, trimmed."""
    spans = []
    start = 0
    for blank in _BLANK_LINE.finditer(body):
        spans.extend(_paragraph_sentences(body, start, blank.start()))
        start = blank.end()
    spans.extend(_paragraph_sentences(body, start, len(body)))
    return spans


def _paragraph_sentences(body, start, end):
    quotes = _quotations(body, start, end)
    cuts = [start]
    for match in _TERMINAL.finditer(body, start, end):
        if _ends_sentence(body, match, end) and not _inside_quote(quotes, match):
            cuts.append(match.end())
    cuts.append(end)
    return [span for a, b in pairwise(cuts) if (span := _trim(body, a, b))]


def _quotations(body, start, end):
    """(open, close) offsets of double quotations that open and close in this paragraph."""
    spans = []
    opened = None
    for index in range(start, end):
        mark = body[index]
        if mark == "“" or (mark == '"' and opened is None):
            opened = index if opened is None else opened
        elif mark in '”"' and opened is not None:
            if index - opened <= MAX_QUOTE_CHARS:
                spans.append((opened, index))
            opened = None
    return spans


def _inside_quote(quotes, match):
    """True when the terminal falls inside a quotation that closes after it."""
    # Quotations do not overlap, so only the last one opening before the terminal can hold it.
    index = bisect.bisect_left(quotes, (match.start(), -1)) - 1
    return index >= 0 and quotes[index][1] >= match.end()


def _ends_sentence(body, match, paragraph_end):
    following = _FOLLOWING.match(body, match.end(), paragraph_end)
    if not following or not _can_open(following[1]):
        return False
    if match.group() != ".":
        return True
    word = _word_before(body, match.start())
    next_word = following[1] + following[2] if following[1].isalnum() else following[2]
    if word in TITLES or _INITIAL.fullmatch(word + "."):
        return False
    if word in BEFORE_NUMBERS and following[1].isdigit():
        return False
    if word in AMBIGUOUS or _DOTTED.fullmatch(word + "."):
        return next_word in SENTENCE_STARTERS
    return True


def _can_open(char):
    return char in OPENERS or char.isupper() or char.isdigit()


def _word_before(body, period):
    """The token a full stop closes, without opening punctuation: 'U.S', 'Mr', 'a.m'."""
    start = period
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    return body[start:period].lstrip("“\"‘'([")


def _trim(body, start, end):
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
