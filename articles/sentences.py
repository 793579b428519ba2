"""Split a cleaned article body into sentences, as exact character offsets into the body."""

import re
from itertools import pairwise


def _words(text):
    return frozenset(text.split())


# Titles stand in front of a name, so the full stop after one never closes a sentence.
TITLES = _words(
    "Mr Mrs Ms Mx Messrs Dr Sen Sens Rep Reps Gov Gen Lt Col Sgt Capt Cmdr Adm Maj Prof Rev Hon Pres "
    "Supt Det Insp Atty St Mt Ft"
)
# Abbreviations only when a number follows ("No. 10", "Dec. 3", "pp. 4-6"); elsewhere they are words.
BEFORE_NUMBERS = _words("No Nos Vol Fig Art p pp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
# Abbreviations that can also be a sentence's last word, like any dotted form ("U.S.", "a.m.", "e.g.").
MAYBE_FINAL = _words("Inc Corp Ltd Co Bros Jr Sr etc vs approx")
# After a MAYBE_FINAL abbreviation, only one of these words is taken to open a new sentence.
SENTENCE_STARTERS = _words(
    "The A An He She It They We I You This That These Those There Here But And Yet So Or Nor In On At "
    "For By To From With Without His Her Its Their Our My Your What When Where Why How Who Which After "
    "Before While As If Although Though Because Despite Meanwhile However Still Then Now Since Until "
    "During Some Many Most Much Few Several Both Each Every All No None One Another Other Others Such "
    "Last Next Later Earlier Officials Critics Analysts Experts According Asked Under Over Even Only"
)
# Besides capitals and digits, a sentence may open with a quote, a bracket, a dash or a bullet.
OPENERS = frozenset("“\"‘'([{—–-•*")
# A "quotation" longer than this is far more likely a stray mark than one long quote.
MAX_QUOTE_CHARS = 1000

_BLANK_LINE = re.compile(r"\n[^\S\n]*+\n")
# The lookbehind starts each run of marks once, so a long run of dots stays linear.
_TERMINAL = re.compile(r"(?<![.!?…])(?P<marks>[.!?…]++)[”\"’')\]]*+(?=\s)")
_AFTER = re.compile(r"\s++(?=(?P<first>\S))[“\"‘'(\[]*+(?P<word>\w*+)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_DOUBLE_QUOTE = re.compile(r"[“”\"]")


def split_sentences(body: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in order; body[start:end] is the sentence, trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for blank in _BLANK_LINE.finditer(body):
        spans += _paragraph(body, start, blank.start())
        start = blank.end()
    spans += _paragraph(body, start, len(body))
    return spans


def _paragraph(body, start, end):
    cuts = [start]
    quotes = iter(_quotations(body, start, end))
    quote = next(quotes, None)
    for terminal in _TERMINAL.finditer(body, start, end):
        # Drop quotations that closed before this mark or with it: "… America.” Trump" may split.
        while quote and quote[1] < terminal.end():
            quote = next(quotes, None)
        if quote and quote[0] < terminal.start():
            continue
        if _ends_sentence(body, terminal, end):
            cuts.append(terminal.end())
    cuts.append(end)
    return [span for a, b in pairwise(cuts) if (span := _trimmed(body, a, b))]


def _quotations(body, start, end):
    """(open, close) offsets of the double quotations that open and close in body[start:end]."""
    found = []
    opened = None
    for mark in _DOUBLE_QUOTE.finditer(body, start, end):
        char, at = mark.group(), mark.start()
        if char == "“" or (char == '"' and opened is None):
            # A second opening mark means the first never closed; forget that one.
            opened = at
        elif opened is not None:
            if at - opened <= MAX_QUOTE_CHARS:
                found.append((opened, at))
            opened = None
    return found


def _ends_sentence(body, terminal, paragraph_end):
    after = _AFTER.match(body, terminal.end(), paragraph_end)
    if not after:
        return False
    first, next_word = after["first"], after["word"]
    if not (first in OPENERS or first.isupper() or first.isdigit()):
        return False
    if terminal["marks"] != ".":
        return True
    word = _word_before(body, terminal.start())
    if word in TITLES or (len(word) == 1 and word.isupper()):
        return False
    if word in BEFORE_NUMBERS:
        return not first.isdigit()
    if word in MAYBE_FINAL or _DOTTED.fullmatch(word):
        return next_word in SENTENCE_STARTERS
    return True


def _word_before(body, period):
    """The letters and inner dots a full stop closes: 'Mr' in '(Mr.', 'U.S' in 'U.S.', 'Gov' in 'ex-Gov.'."""
    start = period
    while start > 0 and (body[start - 1].isalpha() or body[start - 1] == "."):
        start -= 1
    return body[start:period]


def _trimmed(body, start, end):
    segment = body[start:end]
    text = segment.strip()
    if not text:
        return None
    left = start + len(segment) - len(segment.lstrip())
    return (left, left + len(text))
