"""Cleaning: tell the article from its page furniture, keeping exact offsets back to the raw text.

The body is made of paragraphs, each a verbatim slice of the raw text, joined by a blank line.
Nothing inside a paragraph is rewritten, so any span of the body maps back to the raw text exactly.
"""

import bisect
import re
from dataclasses import dataclass, field

# Each rule names a kind of furniture an editor will recognise; a stripped line that matches
# a pattern in full is that furniture. The order matters only when two patterns could match.
LINE_RULES = [
    (
        "language picker",
        r"(?:select|choose|change)\s+(?:your\s+)?language\s*:?"
        r"|(?:(?:English|Español|Français|Deutsch|Italiano|Português|Русский|Українська|中文|日本語"
        r"|한국어|العربية|Tiếng Việt)\s*[|/·•,]?\s*){3,}",
    ),
    (
        "image placeholder",
        r"\|?\s*!\[[^\]]*\]\([^)]*\)\s*\|?|\[?(?:image|photo|video|graphic)(?: placeholder)?\]?",
    ),
    (
        # A caption ends with a credit in brackets and no full stop after it:
        # "(Doug Mills/The New York Times)", "(Photo by Corinne Smith)", "(Juneau Empire file photo)".
        "photo caption",
        r".*\((?:[^()]*\b(?:photos?|photograph|file|courtesy|getty|images|ap|afp|epa|pool)\b[^()]*"
        r"|[^()/]{2,80}/[^()]{2,80})\)"
        r"|(?:photo|image|picture)s?\s*(?:by\b|:|credit\b).{0,300}",
    ),
    ("copyright line", r"(?:©|\(c\)|copyright\b).{0,200}|.{0,200}\ball rights reserved\b.{0,40}"),
    (
        "syndication credit",
        r"this (?:article|story|report|piece|content) (?:was |is )?"
        r"(?:originally (?:appeared|published|ran)|first (?:appeared|published|ran)|republished|reprinted)"
        r"\b.{0,200}",
    ),
    (
        "wire credit",
        r"information from .{1,120} (?:was|were) used in this (?:story|report|article)\.?"
        r"|.{1,120} contributed(?: reporting)? to this (?:story|report|article)\.?",
    ),
    (
        "share or subscribe prompt",
        r"advertisement|advertising|sponsored(?: content)?|share(?: this(?: article| story)?)?(?: on \w+)?:?"
        r"|(?:sign up|subscribe)\b.{0,100}|skip to (?:main )?content|click here\b.{0,100}"
        r"|continue reading|listen to (?:this )?(?:article|story).{0,40}|\d+\s*min(?:ute)?s? read",
    ),
    # Case matters here: "By Friday, talks had stalled" is text, "By Jane Doe" a byline.
    (
        "byline",
        r"(?-i:By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]{1,60})*)",
    ),
]
# A line that opens a block of teasers for other stories: it and everything after it go.
TEASER_MARKER = (
    r"more (?:in|from|on) [\w’'&,. -]{1,40}|most (?:read|popular|viewed|shared)(?: stories)?"
    r"|related(?: stories| articles| coverage| content| news)?:?|recommended(?: for you| stories| reading)?"
    r"|you (?:may|might) also like|read (?:more|next)(?: stories)?:?|trending(?: now| stories)?"
    r"|latest (?:news|stories)|top stories|more stories"
)
# Credits and copyright lines are read later to find outlets, so they keep their own
# rule name even inside a teaser block, unless the block could hold other stories' credits.
RULES_KEPT_IN_TEASER_BLOCK = {"copyright line"}

_LINE_PATTERNS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in LINE_RULES]
_TEASER_MARKER = re.compile(TEASER_MARKER, re.IGNORECASE)
_TABLE_ROW = re.compile(r"\|.*\|")
_TERMINAL = (".", "!", "?", "…", "”", '"', ")", ":")
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Line:
    start: int  # offsets of the stripped text of the line in the raw text
    end: int
    text: str


@dataclass(frozen=True)
class Removed:
    start: int
    end: int
    rule: str
    text: str


@dataclass
class CleanText:
    raw: str
    body: str
    # (body_start, raw_start, length) of each paragraph, in order.
    segments: list[tuple[int, int, int]]
    removed: list[Removed] = field(default_factory=list)

    def __post_init__(self):
        self._starts = [segment[0] for segment in self.segments]

    def to_raw(self, start, end):
        """Map a span of the body to the same characters in the raw text."""
        return self._raw_offset(start), self._raw_offset(end - 1) + 1

    def _raw_offset(self, body_offset):
        index = bisect.bisect_right(self._starts, body_offset) - 1
        body_start, raw_start, length = self.segments[index]
        if not 0 <= body_offset - body_start < length:
            raise ValueError(f"offset {body_offset} falls between paragraphs")
        return raw_start + body_offset - body_start

    def removed_with(self, rule):
        return [item for item in self.removed if item.rule == rule]


def split_lines(raw):
    """Each non-blank line of the raw text, as offsets of its stripped text."""
    lines = []
    position = 0
    for piece in raw.splitlines(keepends=True):
        content = piece.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        stripped = content.strip(" \t\xa0\ufeff\u200b")
        if stripped:
            start = position + content.index(stripped)
            lines.append(Line(start, start + len(stripped), stripped))
        position += len(piece)
    return lines


def furniture_rule(text):
    """The name of the furniture rule a whole line matches, or None for article text."""
    for name, pattern in _LINE_PATTERNS:
        if pattern.fullmatch(text):
            return name
    return None


def classify(lines):
    """A furniture rule name, or None, for each line."""
    rules = []
    in_teasers = False
    seen_text = False
    for index, line in enumerate(lines):
        rule = furniture_rule(line.text)
        if _TEASER_MARKER.fullmatch(line.text):
            # A marker before any article text is navigation; after it, it opens the teasers.
            in_teasers = in_teasers or seen_text
            rule = "teaser block" if seen_text else "navigation"
        elif in_teasers and rule not in RULES_KEPT_IN_TEASER_BLOCK:
            rule = "teaser block"
        elif rule is None and index and rules[-1] == "image placeholder" and _TABLE_ROW.fullmatch(line.text):
            rule = "photo caption"
        seen_text = seen_text or rule is None
        rules.append(rule)
    return rules


def is_hard_wrapped(lines):
    """True when single line breaks are line wrapping inside paragraphs, not paragraph ends."""
    if len(lines) < 4:
        return False
    lengths = sorted(len(line.text) for line in lines)
    if lengths[int(len(lengths) * 0.9) - 1] > 100:
        return False
    open_ended = sum(1 for line in lines if not line.text.endswith(_TERMINAL))
    return open_ended * 2 >= len(lines)


def paragraphs_of(raw, lines, rules):
    """Raw (start, end) of each paragraph made of the lines that are article text."""
    text_lines = [line for line, rule in zip(lines, rules, strict=True) if rule is None]
    if not is_hard_wrapped(text_lines):
        return [(line.start, line.end) for line in text_lines]
    paragraphs = []
    previous = None
    for line, rule in zip(lines, rules, strict=True):
        joins = (
            previous is not None and rule is None and "\n\n" not in _newlines(raw, previous.end, line.start)
        )
        if rule is None and joins:
            paragraphs[-1] = (paragraphs[-1][0], line.end)
        elif rule is None:
            paragraphs.append((line.start, line.end))
        previous = line if rule is None else None
    return paragraphs


def _newlines(raw, start, end):
    return re.sub(r"\r\n?", "\n", re.sub(r"[^\r\n]", "", raw[start:end]))


def clean(raw):
    """Separate the article's body from page furniture."""
    lines = split_lines(raw)
    rules = classify(lines)
    removed = []
    for index, (line, rule) in enumerate(zip(lines, rules, strict=True)):
        if rule is None:
            continue
        if removed and removed[-1].rule == rule and rules[index - 1] == rule:
            start = removed.pop().start  # one block, e.g. all the teasers, is one range
        else:
            start = line.start
        removed.append(Removed(start, line.end, rule, raw[start : line.end]))
    parts = []
    segments = []
    position = 0
    for start, end in paragraphs_of(raw, lines, rules):
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            position += len(PARAGRAPH_SEPARATOR)
        segments.append((position, start, end - start))
        parts.append(raw[start:end])
        position += end - start
    return CleanText(raw=raw, body="".join(parts), segments=segments, removed=removed)
