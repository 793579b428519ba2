"""Editorial rules: find who a sentence says is speaking (source, cue, label) and whether it is a claim.

Every rule that fires leaves a line of evidence an editor can read. Offsets are into the sentence.
"""

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from reliability.analysis import lexicon

# Possessive: nothing to give back, a quarter faster. The group is the word without its full stop.
TOKEN = re.compile(r"(\w+(?:[’'.&-]\w+)*+)\.?")


def _whole_words(words):
    """A pattern for any of the words, whole. A plain alternation tries every word at every word of
    the text; a lookahead on the first letters and the words grouped by first letter let the engine
    pass over most words at once and try only a few: the same matches, in a third of the time."""
    by_letter = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(re.escape(word[1:]))
    first_letters = "".join(re.escape(letter) for letter in by_letter)
    groups = "|".join(f"{re.escape(letter)}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())
    return rf"\b(?=[{first_letters}])(?:{groups})\b"


# One pattern for all the cue phrases (one pass over a sentence); the group that matched names the cue.
_CUE_PHRASES = re.compile(
    "|".join(rf"(?P<cue{number}>\b{pattern}\b)" for number, (_, pattern) in enumerate(lexicon.CUE_PHRASES)),
    re.IGNORECASE,
)
_CUE_PHRASE_STARTS = re.compile(_whole_words(lexicon.CUE_PHRASE_FIRST_WORDS), re.IGNORECASE)
_CUE_NAMES = {f"cue{number}": name for number, (name, _) in enumerate(lexicon.CUE_PHRASES)}
_VAGUE_CUES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in lexicon.VAGUE_CUES]
_ANONYMITY = re.compile(rf"\b(?:{'|'.join(lexicon.ANONYMITY_PHRASES)})\b", re.IGNORECASE)
_JUSTIFICATIONS = [re.compile(pattern, re.IGNORECASE) for pattern in lexicon.JUSTIFICATIONS]


class _Markers(NamedTuple):
    """The markers of one reason, in two searches: those anchored at the start, tried at its first
    character only and so cheap on every sentence; and the others, tried at every character, searched
    only where one of the words each of their matches holds stands (most sentences have none)."""

    name: str
    anchored: re.Pattern | None
    elsewhere: re.Pattern | None
    words: tuple[str, ...]

    def found_in(self, text, lowered):
        """Whether a marker matches text; lowered is text.lower(), or None where the words cannot tell."""
        if self.anchored and self.anchored.search(text):
            return True
        if self.elsewhere is None or (lowered is not None and not any(map(lowered.__contains__, self.words))):
            return False
        return bool(self.elsewhere.search(text))


def _by_name(markers):
    """One _Markers per reason name, the words of its unanchored markers from lexicon.MARKER_WORDS."""
    names = dict.fromkeys(name for name, _ in markers)
    return [
        _Markers(
            name,
            _joined([p for n, p in markers if n == name and p.startswith("^")]),
            _joined(elsewhere := [p for n, p in markers if n == name and not p.startswith("^")]),
            lexicon.MARKER_WORDS[name] if elsewhere else (),
        )
        for name in names
    ]


def _joined(patterns):
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


# Letters that match a Latin letter when case is ignored but do not lower-case to it ("ı" matches "i"):
# in a text with one, lower-cased words cannot tell whether a marker might match.
_ODD_CASES = re.compile("[İıſ]")


def _lowered(text):
    """text.lower() for the markers' words, or None when the text has a letter that defeats it."""
    return None if _ODD_CASES.search(text) else text.lower()


_OPINIONS = _by_name(lexicon.OPINION_MARKERS)
_FURNITURE = _by_name(lexicon.FURNITURE_MARKERS)
# All the vague cues in one search first: most sentences have none, and one search is half the time of
# five; and that one only where one of their words stands.
_ANY_VAGUE_CUE = _Markers(
    "vague cue", None, _joined([pattern for _, pattern in lexicon.VAGUE_CUES]), lexicon.VAGUE_CUE_WORDS
)
_ORGANIZATION_NAMES = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in lexicon.ORGANIZATION_NAMES) + r")\b"
)
_APPOSITIVE_START = re.compile(
    r"(?:the|a|an|who|whose|which|its|his|her|their|one|our|speaking|\w+['’]s)\b|(?:[A-Z][\w'’.-]+\s+){1,4}[A-Z][\w'’-]+$"
)
# "a senior official who asked not to be named because …, said": an unnamed source with a long description.
_DESCRIBED_SOURCE = re.compile(
    r"\b(?:an?|the|one|two|three|four|several|some)\s+(?:[\w'’-]+\s+){0,4}?(?:"
    + "|".join(sorted(lexicon.ANONYMOUS_MARKERS))
    + r")\b[^.;:“”\"]*$",
    re.IGNORECASE,
)
_SUBORDINATE_OPENING = re.compile(
    r"(?:while|although|though|whereas|if|because|since|as|when|after|before)\b", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")
# ", who is in a close race, said": a sentence cut off from its subject, opening inside the appositive.
_OPENS_IN_APPOSITIVE = re.compile(r"^\W*(?:who|whose|which)\b[^“”\"]*,\s*$", re.IGNORECASE)
_STANCE_CONTEXT = re.compile(r"^\s*:|\b(?:that|for|as|over)\b")
_LITERAL_STANCE = re.compile(r"^\s+with\b")  # "charged with murder"
_RELATIVE_CLAUSE = re.compile(r",?\s+who\s+[^,;:“”\"]*,?\s*$")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)+")
_QUOTATION = re.compile(r"“[^”]*”?|\"[^\"]*\"?")
# "ANDREW PUZDER: …": a speaker's name in capitals opening a turn of a transcript.
_TRANSCRIPT_SPEAKER = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý.'’-]+(?:\s+[A-ZÀ-Ý][A-ZÀ-Ý.'’-]*){0,3}")
# "― Lena Ortiz": a dash before a name, at the start of a line or after a closing quotation mark.
_DASH_CREDIT = re.compile(
    r"(?:^\s*|[”\"’]\s*)(?P<dash>[―—–]|--?)\s*(?P<source>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,5})"
)
# A broadcaster's call letters: "WLS-TV", "KTLA".
_CALL_LETTERS = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?")
_TIMES = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday yesterday today tonight week weekend month year"
).split()
_PARTS_OF_DAY = "morning afternoon evening night".split()
_TIME_BEFORE_CUE = re.compile(
    rf"\s+(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:{'|'.join(_TIMES)})"
    rf"(?:\s+(?:{'|'.join(_PARTS_OF_DAY)}))?,?\s*$"
)
# What the text before a cue must end in (spaces and a comma aside) for _TIME_BEFORE_CUE to match.
_TIME_ENDINGS = (*_TIMES, *_PARTS_OF_DAY)
_AFFILIATION = re.compile(r"\s*\([^()]{1,14}\)\s*$")
# "… pic.twitter.com/x — Dana Hale (@danahale) July 8, 2020": an embedded post's credit line.
_TWEET_CREDIT = re.compile(
    r"(?P<dash>[―—–]|--?)\s*(?P<source>[A-Z][\w.'’&-]*(?:,?\s+[A-Z][\w.'’&-]*){0,5})\s*\(@\w+\)"
)
_ANY_DASH = re.compile(r"[―—–-]")  # both credits above need one
_HEADLINE_COLON = re.compile(r"^(?P<source>[^:“”\"]{2,60}?)\s*:\s+\S")
_QUOTE_OPEN = '“"‘'
_QUOTE_MARKS = re.compile(r'[“”"]')
_DETERMINERS = lexicon.words(
    "the a an some many several most two three four five six seven eight nine ten dozens hundreds one "
    "various numerous few other another certain this these those"
)
_PREPOSITIONS = lexicon.words("of for at with from in on to by within inside close near")
_STOPS = lexicon.words(
    "that which while but because as when if after before since though although so whether than and "
    "or where who whom whose what also said says told"
)
# A source phrase never opens with a preposition or an auxiliary ("to the coattails of", "been").
_NOT_SOURCE_OPENINGS = lexicon.words("to on in of at for with by from into been being be is was are were")
_SHARES = lexicon.words("majority plurality minority share half third quarter most")
_COUNTED = lexicon.words("percent % respondents")
_SPOKESPEOPLE = lexicon.words("spokesperson spokesman spokeswoman")
_POSSESSIVES = lexicon.words("his her their its our my your")
_STOPS_BUT_AND = _STOPS - {"and"}
_PASSIVE = lexicon.words("is are was were be been being")
_INDEFINITE = lexicon.words("a an one two three four five six seven eight nine ten several")
_ADJECTIVES_IN_ED = lexicon.words(
    "unnamed named retired based elected detained unidentified unauthorized unauthorised respected involved"
)
MAX_SOURCE_TOKENS = 9
# A quotation runs over a few sentences; one "open" for longer is a stray mark, not a long quote.
MAX_QUOTED_SENTENCES = 4


# Cues, source labels and phrases are named tuples rather than frozen dataclasses: a frozen dataclass
# sets each field through object.__setattr__, and the rules build tens of thousands per batch.
class Cue(NamedTuple):
    start: int
    end: int
    name: str  # the reading an editor sees: "according to", "verb of saying: told"


@dataclass
class Finding:
    """What the rules say about one sentence's attribution."""

    label: str = "none"
    source: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    evidence: list[str] = field(default_factory=list)
    justified: bool = False  # an anonymous source whose anonymity the text explains
    resolved: str = ""  # the named source a pronoun or a continued quote points back to
    strength: float = 0.0  # how specific the evidence is, 0 (nothing) to 1 (an explicit marker)


@dataclass
class Memory:
    """What earlier sentences of the same article tell the rules about later ones."""

    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    previous: Finding | None = None
    previous_text: str = ""
    colon_list: Finding | None = None  # an attributed "... will discuss:" whose items follow
    colon_items: int = 0
    open_quote: int = 0  # how many sentences ago a quotation still open was opened (0: none is open)


def tokens(text, start=0, end=None):
    """(start, end, word) of the words between start and end; a trailing full stop is not part of a word."""
    words, starts, ends = _all_tokens(text)
    if start == 0 and end is None:
        return words
    end = len(text) if end is None else end
    return words[bisect.bisect_left(starts, start) : bisect.bisect_right(ends, end)]


@lru_cache(maxsize=16384)
def _all_tokens(text):
    # Cached: the rules look at the same sentence's words several times. Tuples, not lists: the garbage
    # collector stops tracking tuples of plain values, so a full cache costs it nothing.
    words = tuple([(match.start(), match.end(), match[1]) for match in TOKEN.finditer(text)])
    starts, ends, _ = zip(*words, strict=True) if words else ((), (), ())
    return words, starts, ends


@lru_cache(maxsize=2048)
def find_cues(text):
    """Every cue in the sentence, earliest first; phrases win over the single verbs inside them."""
    cues = list(_phrase_cues(text))
    taken = [(cue.start, cue.end) for cue in cues] + quoted_ranges(text)
    for start, end, word in tokens(text):
        if (kind := _VERB_KINDS.get(word.lower())) is None:  # most words: one lookup, no call
            continue
        if _verb_cue(text, start, word) and not any(a <= start < b for a, b in taken):
            cues.append(Cue(start, end if not text[start:end].endswith(".") else end - 1, f"{kind}: {word}"))
    return tuple(sorted(cues, key=lambda cue: cue.start))


# Which kind of cue verb a word is: a verb of saying wins over belief, belief over stance.
_VERB_KINDS = {
    **dict.fromkeys(lexicon.STANCE_VERBS | lexicon.STANCE_VERBS_IN_CONTEXT, "stance verb"),
    **dict.fromkeys(lexicon.BELIEF_VERBS, "belief verb"),
    **dict.fromkeys(lexicon.SPEECH_VERBS, "verb"),
}


def _verb_kind(lower):
    """Which kind of cue verb a word is ("verb" of saying, "belief verb", "stance verb"), or None."""
    return _VERB_KINDS.get(lower)


def _needs_a_source(text, cue):
    """Stance verbs and verb forms that are as often nouns ('states', 'shows') are cues only after a
    plausible source; a plain verb of saying is one whatever stands before it."""
    return cue.name.startswith("stance") or text[cue.start : cue.end].lower() in lexicon.NOUNS_TOO


def stance_in_words(text, cue):
    """Whether a stance verb of the literal kind ("slammed") is meant as words: "that", a quotation,
    "for" or "as" in what follows it, or a colon right after it."""
    word = text[cue.start : cue.end].lower()
    if word not in lexicon.STANCE_VERBS_IN_CONTEXT:
        return True
    after = text[cue.end : cue.end + 120]
    if _LITERAL_STANCE.match(after):
        return False
    return bool(_STANCE_CONTEXT.search(after)) or any(mark in text for mark in '“”"')


def _phrase_cues(text):
    """The cue phrases, leftmost first and not overlapping; the phrase pattern is tried only where one
    of their first words stands, which is many times faster than trying it at every character."""
    end = 0
    for start in _CUE_PHRASE_STARTS.finditer(text):
        if start.start() < end:
            continue
        if match := _CUE_PHRASES.match(text, start.start()):
            end = match.end()
            yield Cue(match.start(), match.end(), _CUE_NAMES[match.lastgroup])


def quoted_ranges(text):
    """(start, end) of each quotation: words inside a quote are what was said, not who said it."""
    return [(match.start(), match.end()) for match in _QUOTATION.finditer(text)]


def _verb_cue(text, start, word):
    """A verb of saying in lower case (not 'the United States'), not passive ('is expected') nor 'to say'."""
    lower = word.lower()
    if _verb_kind(lower) is None or (word[:1].isupper() and start > 0):
        return False
    before = text[max(0, start - 12) : start].split()
    last = before[-1].lower() if before else ""
    if word.endswith("ing"):
        # "…, warning of consequences" and "are saying" attribute; "a conflict claiming lives" does not.
        after = text[start + len(word) : start + len(word) + 6]
        return text[:start].rstrip().endswith(",") or last in _PASSIVE or after.startswith(" that")
    # "52 pledged delegates", "a proposed bill", "the mayor's promised veto": an adjective, not a verb;
    # "ten states", "his plans": after a determiner, a verb form that is also a noun is the noun.
    determined = last in _DETERMINERS or last in _POSSESSIVES or last.isdigit() or last.endswith(("'s", "’s"))
    adjective = determined and (word.endswith("ed") or lower in lexicon.NOUNS_TOO)
    return last not in _PASSIVE and last != "to" and not adjective


def source_before(text, cue_start):
    """The noun phrase that ends right before the cue, with its appositive: (start, end) or None."""
    before = text[:cue_start]
    # Both patterns end at the end of `before` but are tried from each of its characters: searched only
    # where its end is one they can match (a time word; a closing bracket).
    end = before.rstrip()
    timed = end.removesuffix(",").endswith(_TIME_ENDINGS) and _TIME_BEFORE_CUE.search(before)
    if timed and (named := source_before(text, timed.start())):
        return named  # "Sen. Ana Ruiz on Wednesday slammed": the time stands between source and cue
    affiliation = end.endswith(")") and _AFFILIATION.search(before)
    if affiliation and (named := source_before(text, affiliation.start())):
        return named[0], len(end)  # "Sen. Dana Hale (R-Ohio) said": the name and its party
    if _ANONYMITY.search(before) and (described := _DESCRIBED_SOURCE.search(before)):
        return described.start(), len(before.rstrip(" ,"))
    words = tokens(text, 0, cue_start)
    index = len(words) - 1
    while index >= 0 and _between_source_and_cue(words[index][2]):
        index -= 1
    if index < 0:
        return None
    gap = (
        text[words[index][1] : cue_start]
        if index == len(words) - 1
        else text[words[index][1] : words[index + 1][0]]
    )
    if gap.strip() == ",":
        return _before_appositive(text, words, index)
    if gap.strip():
        return None
    return _noun_phrase_back(text, words, index)


def _before_appositive(text, words, index):
    """'Lena Ortiz, the city's press secretary, told' → the name and its appositive."""
    comma = words[index][1] + text[words[index][1] :].index(",")
    opening = text.rfind(",", 0, words[index][0])
    if opening < 0:
        return None
    appositive = text[opening + 1 : comma].strip()
    if not _APPOSITIVE_START.match(appositive) or any(mark in appositive for mark in '“”"'):
        return None
    before = [i for i, word in enumerate(words) if word[1] <= opening]
    if not before:
        return None  # ", who is …, said": the sentence opens inside the appositive; its head is elsewhere
    head = _noun_phrase_back(text, words, before[-1])
    return (head[0], comma) if head else None


def _noun_phrase_back(text, words, index):
    end = words[index][1] - (
        1 if text[words[index][1] - 1] == "." and words[index][2] not in lexicon.PERSON_TITLES else 0
    )
    start = None
    for position in range(index, max(index - MAX_SOURCE_TOKENS, -1), -1):
        word_start, word_end, word = words[position]
        if position < index and text[word_end : words[position + 1][0]].strip() not in ("",):
            break  # punctuation between words ends the phrase
        lower = word.lower()
        if lower in lexicon.BETWEEN_SOURCE_AND_CUE or _looks_like_verb(word):
            break  # "He has instead disparaged reports": a verb phrase, not a speaker
        if lower in _STOPS and not (
            lower == "and" and start is not None and _capitalised(word_end, text, words, position)
        ):
            break
        start = word_start
        if lower in _DETERMINERS and not (position > 0 and words[position - 1][2].lower() in _PREPOSITIONS):
            break
    if start is None:
        return None
    return start, end


def _between_source_and_cue(word):
    """'has', 'publicly', 'sharply': words that may stand between a source and its verb."""
    return word.lower() in lexicon.BETWEEN_SOURCE_AND_CUE or _adverb(word)


def _adverb(word):
    """'sharply', 'repeatedly': a lower-case -ly word that is not a noun like 'family'."""
    return word.islower() and len(word) > 4 and word.endswith("ly") and word not in lexicon.NOT_ADVERBS


def _looks_like_verb(word):
    return _adverb(word) or (word.islower() and word.endswith("ed") and word not in _ADJECTIVES_IN_ED)


def _capitalised(_end, _text, words, position):
    """'Ortiz and Brenner said': an 'and' between two capitalised names joins them."""
    before, after = words[position - 1][2] if position else "", words[position + 1][2]
    return before[:1].isupper() and after[:1].isupper()


def source_after(text, cue_end, closing=",.;"):
    """The noun phrase right after the cue: 'according to port tracking data', ', said Ortiz.'"""
    words = tokens(text, cue_end)
    if not words or text[cue_end : words[0][0]].strip() or words[0][2].lower() in _STOPS:
        return None
    start, end = words[0][0], None
    for position, (word_start, word_end, word) in enumerate(words[:MAX_SOURCE_TOKENS]):
        if position and text[words[position - 1][1] : word_start].strip():
            break
        if position and word.lower() in _STOPS_BUT_AND:
            break
        end = word_end - (1 if text[word_end - 1] == "." else 0)
    if end is None:
        return None
    rest = text[end:]
    appositive = re.match(rf",\s*((?:the|a|an)\b[^,.;“”\"]{{1,80}})(?=[{closing}])", rest)
    if appositive:
        end += appositive.end()
    return start, end


class SourceLabel(NamedTuple):
    label: str
    evidence: tuple[str, ...]
    strength: float
    justified: bool = False
    resolved: str = ""


class Phrase(NamedTuple):
    """A source phrase cut up once for the rules below: all its words, and the head before any comma."""

    text: str
    words: tuple[str, ...]
    lowered: tuple[str, ...]
    head: str
    head_words: tuple[str, ...]
    head_lowered: tuple[str, ...]
    describes_anonymity: bool  # "who spoke on condition of anonymity", "familiar with the talks"

    @classmethod
    @lru_cache(maxsize=4096)  # the same phrases come back: "he", "officials", "the ministry"
    def of(cls, text):
        words = tuple(word for _, _, word in tokens(text))
        head = text.split(",")[0].strip()
        head_words = tuple(word for _, _, word in tokens(head))
        lowered = tuple(word.lower() for word in words)
        head_lowered = tuple(word.lower() for word in head_words)
        return cls(text, words, lowered, head, head_words, head_lowered, bool(_ANONYMITY.search(text)))


def classify_source(phrase, memory=None):
    """Label a source phrase: the first rule of SOURCE_RULES that recognises it decides."""
    memory = memory or Memory()
    parts = Phrase.of(phrase)
    if not parts.words or not parts.head_words:
        return SourceLabel("vague", (f"unidentified source: '{phrase}'",), 0.3)
    for rule in SOURCE_RULES:
        if found := rule(parts, memory):
            return found
    return SourceLabel("vague", (f"unidentified source: '{phrase}'",), 0.3)


def _pronoun(parts, memory):
    if len(parts.words) == 1 and parts.lowered[0] in lexicon.PRONOUNS:
        return _resolve_pronoun(parts.lowered[0], memory)
    return None


def _back_reference(parts, memory):
    """'the company said' after 'Norvale Inc' was named."""
    words = parts.head_lowered
    if len(words) == 2 and words[0] == "the" and words[1] in lexicon.BACK_REFERENCES and memory.organizations:
        named = memory.organizations[-1]
        return SourceLabel(
            "named_organization", (f"'{parts.head}' refers back to {named}",), 0.8, False, named
        )
    return None


def _vague_crowd(parts, memory):
    """'Some residents', 'many in the party', 'Political analysts', 'Brussels insiders'."""
    first, last = parts.head_lowered[0], parts.head_lowered[-1]
    crowd = first in lexicon.VAGUE_QUANTIFIERS or (
        last in lexicon.VAGUE_SOURCES and first not in _INDEFINITE and not _specified(parts.lowered)
    )
    if crowd and not _has_person_name(parts.head_words) and not parts.describes_anonymity:
        return SourceLabel("vague", (f"vague source: '{parts.head}'",), 0.85)
    return None


def _unnamed(parts, memory):
    """'a senior official who spoke on condition of anonymity', 'A prison guard', 'two aides'."""
    marked = parts.describes_anonymity or not lexicon.ANONYMOUS_MARKERS.isdisjoint(parts.lowered[:4])
    indefinite = parts.head_lowered[0] in _INDEFINITE and not _speaks_for_body(parts.lowered)
    if not (marked or indefinite) or _has_person_name(parts.head_words) or _speaks_for_body(parts.lowered):
        return None
    if _is_bare_crowd(parts.lowered):
        return SourceLabel("vague", (f"vague source: '{parts.text}'",), 0.8)
    if not marked and (_media_marker(parts) or _document_marker(parts)):
        return None  # "a newspaper close to the government", "a leaked memo"
    justified = any(pattern.search(parts.text) for pattern in _JUSTIFICATIONS)
    marker = next((word for word in parts.lowered if word in lexicon.ANONYMOUS_MARKERS), parts.head)
    evidence = (f"unnamed source: '{marker}'", *(("anonymity explained",) if justified else ()))
    return SourceLabel("anonymous", evidence, 0.9 if marked else 0.75, justified)


def _media_marker(parts):
    marker = next(
        (
            w
            for w in parts.head_words
            if w in lexicon.MEDIA_NAMES or w.lower() in lexicon.MEDIA_WORDS or _CALL_LETTERS.fullmatch(w)
        ),
        None,
    )
    # "City Hall press secretary Dana Reyes": a person, whatever their title says.
    return None if marker is None or _titled_person(parts) else marker


def _document_marker(parts):
    marker = next((word for word in parts.head_words if word.lower() in lexicon.DOCUMENT_WORDS), None)
    # "Port Budget Director Karl Brenner": a person too.
    return None if marker is None or _titled_person(parts) else marker


def _titled_person(parts):
    """A phrase ending in a person's name after a title: 'Budget Director Karl Brenner'."""
    name = person_name(parts.head)
    return len(name.split()) >= 2 and parts.head.endswith(name) and len(parts.head_words) > len(name.split())


def _statement(parts, memory):
    """'a statement from the city', 'a press release by Acme': the body speaking in its own name."""
    if not lexicon.STATEMENT_WORDS.isdisjoint(parts.head_lowered[:3]):
        return SourceLabel("named_organization", (f"statement in a body's name: '{parts.head}'",), 0.8)
    return None


def _poll_share(parts, memory):
    """'only 28 percent of Americans', 'a majority of voters': a share of people is a poll's finding."""
    head = parts.head_lowered
    counted = not _COUNTED.isdisjoint(head)
    named_share = head[0] in _SHARES or (len(head) > 1 and head[0] in ("a", "the") and head[1] in _SHARES)
    if counted or (named_share and "of" in head):
        return SourceLabel("document", (f"a share of people, as a poll finds: '{parts.head}'",), 0.7)
    return None


def _media(parts, memory):
    if marker := _media_marker(parts):
        return SourceLabel("media_report", (f"media outlet: '{marker}'",), 0.9)
    return None


def _document(parts, memory):
    if marker := _document_marker(parts):
        return SourceLabel("document", (f"document or data: '{marker}'",), 0.85)
    return None


def _known_person(parts, memory):
    """'Ortiz said' after 'Lena Ortiz' was named; 'the mayor said' after a person was named."""
    if len(parts.head_words) == 1 and (person := known_person(parts.head_words[0], memory)):
        return SourceLabel(
            "named_person", (f"'{parts.head_words[0]}' is {person}, named earlier",), 0.85, False, person
        )
    words = parts.head_words
    described = words[-1] in lexicon.PERSON_TITLES or words[-1] in lexicon.PERSON_DESCRIPTIONS
    if 2 <= len(words) <= 5 and words[0].lower() == "the" and described:
        if memory.people:
            named = memory.people[-1]
            return SourceLabel("named_person", (f"'{parts.head}' refers back to {named}",), 0.6, False, named)
        return SourceLabel("named_person", (f"a person identified by office: '{parts.head}'",), 0.55)
    return None


def _party(parts, memory):
    """'Democrats', 'House Republicans', 'the GOP': a party speaking as a body."""
    if parts.head_words[-1] in lexicon.PARTY_WORDS and not _has_person_name(parts.head_words[:-1]):
        why = f"party as a body: '{parts.head}'"
        return SourceLabel("named_organization", (why,), 0.7, False, parts.head)
    return None


def _organisation_with_the(parts, memory):
    """'The Liberal Democrats', 'The National Guard': 'the' before capitals, without a title, is a body."""
    titled = not lexicon.PERSON_TITLES.isdisjoint(parts.head_words)
    if parts.head_lowered[0] == "the" and not titled and any(w[:1].isupper() for w in parts.head_words[1:]):
        return SourceLabel(
            "named_organization", (f"organisation named: '{parts.head}'",), 0.8, False, parts.head
        )
    return None


def _person(parts, memory):
    """A name after its titles, in the head or in the appositive: 'Its leader, Marta Kovalenko,'."""
    for part in parts.text.split(",")[:2]:
        if name := person_name(part):
            return SourceLabel("named_person", (f"person named: '{name}'",), 0.85, False, name)
    return None


def _organisation(parts, memory):
    if (
        _ORGANIZATION_NAMES.search(parts.text)
        or not lexicon.ORGANIZATION_WORDS.isdisjoint(parts.words)
        or not lexicon.GOVERNMENT_SEATS.isdisjoint(parts.words)
    ):
        return SourceLabel(
            "named_organization", (f"organisation named: '{parts.head}'",), 0.8, False, parts.head
        )
    return None


def _single_name(parts, memory):
    """One unknown capitalised name ('Frontex', 'Abernathy'): a person or a body; the model decides."""
    if all(word[:1].isupper() for word in parts.words) and parts.words[0] not in lexicon.NOT_NAMES:
        if all(word.isupper() and len(word) > 1 for word in parts.words):
            return SourceLabel("named_organization", (f"acronym: '{parts.text}'",), 0.6, False, parts.text)
        return SourceLabel("named_person", (f"name: '{parts.text}'",), 0.5, False, parts.text)
    return None


SOURCE_RULES = (
    _pronoun,
    _back_reference,
    _vague_crowd,
    _statement,
    _poll_share,
    _unnamed,
    _media,
    _document,
    _known_person,
    _party,
    _organisation_with_the,
    _person,
    _organisation,
    _single_name,
)


def _specified(lowered):
    """'analysts at Halden Bank' is a described group, not a weasel word."""
    return not lexicon.SPECIFIERS.isdisjoint(lowered[1:]) and len(lowered) > 3


def _is_bare_crowd(lowered):
    """'sources say' with nothing to describe them is vague; 'a source' or 'sources close to' is not."""
    return tuple(lowered) in {("sources",), ("insiders",), ("some", "sources"), ("many", "insiders")}


def _speaks_for_body(lowered):
    return not _SPOKESPEOPLE.isdisjoint(lowered)


def _has_person_name(words):
    return bool(person_name(" ".join(words)))


@lru_cache(maxsize=4096)  # several source rules ask about the same phrase
def person_name(phrase):
    """The name ending a phrase, after its titles: 'Foreign Minister Halvard Brenne' → 'Halvard Brenne'."""
    words = [word for _, _, word in tokens(phrase)]
    run = []
    for word in reversed(words):
        if not _name_word(word):
            break
        run.insert(0, word)
    before_run = words[len(words) - len(run) - 1] if len(run) < len(words) else ""
    if before_run.lower() in _PREPOSITIONS:
        return ""  # "prosecutors in New Jersey": a place
    titled = before_run in lexicon.PERSON_TITLES
    if _ORGANIZATION_NAMES.search(" ".join(run)):
        return ""
    if len(run) < 2 and not lexicon.ORGANIZATION_WORDS.isdisjoint(words):
        return ""  # "the Ministry of Home Affairs"
    return " ".join(run) if len(run) >= 2 or (run and titled) else ""


def _name_word(word):
    return (
        word[:1].isupper()
        and not word.isupper()
        and word not in lexicon.PERSON_TITLES
        and word not in lexicon.NOT_NAMES
        and word not in lexicon.ORGANIZATION_WORDS
        and word not in lexicon.MEDIA_NAMES
        and word not in lexicon.GOVERNMENT_SEATS
    )


def known_person(word, memory):
    """'Ortiz' after 'Lena Ortiz' was named: the full name, or ''."""
    for person in reversed(memory.people):
        if person.split()[-1] == word or person.split()[0] == word:
            return person
    return ""


def _resolve_pronoun(pronoun, memory):
    kind = lexicon.PRONOUNS[pronoun]
    if kind in ("person", "any") and memory.people and (kind == "person" or not memory.organizations):
        name = memory.people[-1]
        return SourceLabel("named_person", (f"pronoun '{pronoun}' refers to {name}",), 0.75, False, name)
    if kind in ("organization", "any") and memory.organizations:
        name = memory.organizations[-1]
        return SourceLabel("named_organization", (f"pronoun '{pronoun}' refers to {name}",), 0.7, False, name)
    if memory.previous and memory.previous.label != "none":
        previous = memory.previous
        why = f"pronoun '{pronoun}' refers to the previous sentence's source"
        return SourceLabel(previous.label, (why,), 0.5, previous.justified, previous.resolved)
    fallback = "named_organization" if kind == "organization" else "named_person"
    return SourceLabel(fallback, (f"pronoun '{pronoun}' with no one named before it",), 0.4)


def attribute(text, memory=None, whole_paragraph=False):
    """The rules' attribution of one sentence, reading earlier sentences through memory."""
    memory = memory or Memory()
    finding = _headline_colon(text, memory) or _from_cues(text, memory) or _dash_credit(text, memory)
    finding = finding or _vague_cue(text)
    finding = finding or _continued(text, memory, whole_paragraph) or Finding(evidence=["no attribution cue"])
    return finding


def _finding(source_label, source, cue, *evidence, weight=1.0):
    return Finding(
        source_label.label,
        source,
        cue,
        [*evidence, *source_label.evidence],
        source_label.justified,
        source_label.resolved,
        round(source_label.strength * weight, 3),
    )


def _from_cues(text, memory):
    found = []
    for cue in _by_priority(text, find_cues(text)):
        if _OPENS_IN_APPOSITIVE.match(text[: cue.start]):
            if subject := _subject_named_before(memory):
                found.append(_finding(subject, None, (cue.start, cue.end), f"cue: {cue.name}"))
                break
            continue
        if cue.name == "according to":
            # "According to X, the Y, …" has an appositive only when a comma closes it.
            source = source_after(text, cue.end, closing=",")
        else:
            # "X said", else the inverted "…,” said X" / "…, said the ministry."
            source = source_before(text, cue.start)
            if source is None and text[: cue.start].rstrip().endswith((",", "”", '"', "’")):
                source = source_after(text, cue.end)
        if source is None or text[source[0] : source[1]].lower() in lexicon.WRITER_VOICE:
            continue  # outside quotation marks, "I think" is the writer's own voice
        if (words := tokens(text, *source)) and words[0][2].lower() in _NOT_SOURCE_OPENINGS:
            continue  # "… been clinging to the wan hope": a verb phrase's tail, not a noun phrase
        label = classify_source(text[source[0] : source[1]], memory)
        if _needs_a_source(text, cue) and (label.strength < 0.5 or not stance_in_words(text, cue)):
            continue  # "the storm slammed the coast", "10 states": no source of information there
        if label.strength < 0.75 and (subject := _document_or_body_subject(text, cue.start, memory)):
            source, label = subject
        found.append(_finding(label, source, (cue.start, cue.end), f"cue: {cue.name}"))
        if cue.name == "according to" or label.strength >= 0.5:
            break  # the first cue with a plausible source carries the main clause
    if not found:
        return _speaker_earlier_in_sentence(text, memory)
    outermost = max(found, key=lambda finding: finding.strength)
    outermost.evidence += _inner_attributions(text, outermost, memory)
    return outermost


def _inner_attributions(text, outermost, memory, most=2):
    """'The ministry said Ortiz had told officials that …': the label is the outermost source's; the
    attributions nested in its content are evidence an editor can read."""
    inner = []
    for cue in find_cues(text):
        if len(inner) == most:
            break
        if (cue.start, cue.end) == outermost.cue or cue.name == "according to":
            continue
        source = source_before(text, cue.start)
        if (
            source is None
            or source == outermost.source
            or text[slice(*source)].lower() in lexicon.WRITER_VOICE
        ):
            continue
        label = classify_source(text[slice(*source)], memory)
        if label.strength >= 0.5 and not (_needs_a_source(text, cue) and not stance_in_words(text, cue)):
            inner.append(f"inner attribution: {label.label} '{text[slice(*source)]}' ({cue.name})")
    return inner


def _subject_named_before(memory):
    """The subject of a sentence that opens in its appositive: the person (else the body) named last."""
    for label, names in (("named_person", memory.people), ("named_organization", memory.organizations)):
        if names:
            why = f"the sentence opens inside an appositive; its subject is {names[-1]}, named before"
            return SourceLabel(label, (why,), 0.6, False, names[-1])
    return None


def _document_or_body_subject(text, cue_start, memory):
    """'Budget documents published on Wednesday show …': the subject opening the sentence, when it is a
    document, an outlet or an organisation and the words nearest the cue named nobody."""
    words = tokens(text, 0, cue_start)
    end = None
    for position, (_, word_end, word) in enumerate(words[:7]):
        lower = word.lower()
        if position and (
            _looks_like_verb(word) or lower in _STOPS or lower in lexicon.BETWEEN_SOURCE_AND_CUE
        ):
            break
        if position and lower in _PREPOSITIONS and lower != "of":
            break
        end = word_end
        if text[word_end : word_end + 1] == ",":
            break
    if end is None:
        return None
    label = classify_source(text[:end], memory)
    if label.label in ("document", "media_report", "named_organization") and label.strength >= 0.8:
        return (0, end), label
    return None


def _by_priority(text, cues):
    """'According to X' first (it names the source outright), then statements before beliefs, main
    clause before subordinate: "While Ortiz warned that …, the ministry indicated that …"."""
    main_from = 0
    if _SUBORDINATE_OPENING.match(text) and "," in text:
        main_from = text.index(",")
    return sorted(
        cues,
        key=lambda cue: (
            cue.name != "according to",
            cue.start < main_from,
            cue.name.startswith("belief"),
            cue.start,
        ),
    )


def _speaker_earlier_in_sentence(text, memory):
    """'Ortiz stayed positive, commenting, “...”': the cue's speaker is the subject that opens the clause."""
    cues = [
        cue
        for cue in find_cues(text)
        if text[cue.start : cue.end].lower() not in lexicon.NOUNS_TOO and stance_in_words(text, cue)
    ]
    if not cues:
        return None
    first_comma = text.find(",", 0, cues[0].start)
    for opening in (first_comma + 1, 0) if first_comma > 0 else (0,):
        words = tokens(text, opening, cues[0].start)
        if not words:
            continue
        run = [words[0]] if words[0][2].lower() in lexicon.PRONOUNS else []
        for word in words[: 0 if run else 4]:
            if not _name_word(word[2]):
                break
            run.append(word)
        if not run:
            continue
        label = classify_source(text[run[0][0] : run[-1][1]], memory)
        if label.label in ("named_person", "named_organization") and label.strength >= 0.6:
            cue = (cues[0].start, cues[0].end)
            why = "speaker is the subject of the sentence"
            return _finding(label, (run[0][0], run[-1][1]), cue, f"cue: {cues[0].name}", why, weight=0.8)
    return None


def _vague_cue(text):
    if not _ANY_VAGUE_CUE.found_in(text, _lowered(text)):
        return None
    for name, pattern in _VAGUE_CUES:
        if match := pattern.search(text):
            evidence = [f"impersonal cue: {name}"]
            return Finding("vague", None, (match.start(), match.end()), evidence, strength=0.8)
    return None


def _headline_colon(text, memory):
    """'Ortiz: budget will not cover pay rises': a colon after a speaker, in a headline or a lead-in."""
    match = ":" in text and _HEADLINE_COLON.match(text)  # the "in" costs a tenth of the pattern
    if not match:
        return None
    phrase = match["source"]
    colon = text.index(":", match.end("source"))
    if _TRANSCRIPT_SPEAKER.fullmatch(phrase) and phrase.split()[0] not in lexicon.NOT_SPEAKERS:
        speaker = SourceLabel("named_person", (f"speaker of a transcript: '{phrase}'",), 0.8, False, phrase)
        return _finding(speaker, (0, len(phrase)), (colon, colon + 1), "cue: colon after a speaker")
    if by_verb := _headline_verb(phrase, memory):
        return by_verb
    label = classify_source(phrase, memory)
    if label.label in ("named_person", "named_organization") and label.strength >= 0.75:
        return _finding(label, (0, len(phrase)), (colon, colon + 1), "cue: colon after a speaker")
    return None


def _headline_verb(phrase, memory):
    """'Senator Blasts Bank Chief: “Resign”': a capitalised verb of saying or stance in a headline,
    its subject the source."""
    for start, end, word in tokens(phrase)[1:]:
        if _verb_kind(word.lower()) is None or not word[:1].isupper():
            continue
        source_end = len(phrase[:start].rstrip())
        label = classify_source(phrase[:source_end], memory)
        if label.label in ("named_person", "named_organization", "media_report") and label.strength >= 0.5:
            return _finding(label, (0, source_end), (start, end), f"cue: verb in a headline: {word}")
        return None
    return None


def _dash_credit(text, memory):
    """'“We will not back down.” ― Lena Ortiz': a dash and a name after a quotation (or opening a short
    line after one), as a tweet or a quotation is credited."""
    if not _ANY_DASH.search(text):
        return None  # most sentences: one quick look instead of two slow searches
    match = _TWEET_CREDIT.search(text) or _DASH_CREDIT.search(text)
    if not match or (match.start() == 0 and len(tokens(text)) > 12 and match.re is _DASH_CREDIT):
        return None
    source = (match.start("source"), match.end("source"))
    label = classify_source(text[slice(*source)], memory)
    if label.label == "vague" or label.strength < 0.5:
        return None
    return _finding(
        label, source, (match.start("dash"), match.end("dash")), "cue: a dash and a name after a quotation"
    )


# The evidence line of a list item that inherits its source from the sentence introducing the list.
LIST_ITEM = "item of a list its source introduced with a colon"


def _continued(text, memory, whole_paragraph):
    """A quote whose speaker was named just before, or an item of an attributed list ending in a colon."""
    previous = memory.previous
    quoted_before = any(mark in memory.previous_text for mark in '“”"')
    if previous and previous.label != "none" and text[:1] in _QUOTE_OPEN and quoted_before:
        return _inherit(previous, "quotation continues the previous sentence's speaker")
    if previous and previous.label != "none" and 0 < memory.open_quote <= MAX_QUOTED_SENTENCES:
        return _inherit(previous, "inside a quotation the previous sentence opened")
    if memory.colon_list and whole_paragraph and memory.colon_items < 6:
        return _inherit(memory.colon_list, LIST_ITEM)
    return None


def _inherit(previous, why):
    evidence = [why] + ([f"speaker: {previous.resolved}"] if previous.resolved else [])
    return Finding(
        previous.label, None, None, evidence, previous.justified, previous.resolved, previous.strength * 0.8
    )


def remember(memory, text, finding, whole_paragraph=False):
    """Carry what this sentence names forward to the next ones."""
    for name in names_in(text):
        if name in memory.people:
            memory.people.remove(name)
        memory.people.append(name)
    if finding.source and finding.label == "named_person" and finding.resolved:
        if finding.resolved in memory.people:
            memory.people.remove(finding.resolved)
        memory.people.append(finding.resolved)
    if finding.label == "named_organization" and finding.resolved:
        memory.organizations.append(finding.resolved)
    if text.rstrip().endswith(":") and finding.label != "none":
        memory.colon_list, memory.colon_items = finding, 0
    elif memory.colon_list and whole_paragraph and finding.cue is None:
        memory.colon_items += 1
    else:
        memory.colon_list = None
    memory.previous, memory.previous_text = finding, text
    memory.open_quote = memory.open_quote + 1 if quotation_left_open(text, memory.open_quote > 0) else 0


def quotation_left_open(text, open_before=False):
    """Whether a quotation is still open after the sentence: curly marks open and close; a straight
    double mark does either."""
    state = open_before
    for mark in _QUOTE_MARKS.findall(text):
        state = True if mark == "“" else False if mark == "”" else not state
    return state


def names_in(text):
    """People a sentence names: capitalised runs of two or more name words ('Marta Kovalenko')."""
    names = []
    for match in _CAPITALISED_RUN.finditer(text):
        run = []
        for word in [*match.group().split(), ""]:
            word = word.rstrip(".")
            if _name_word(word):
                run.append(word)
                continue
            if len(run) >= 2 and not _ORGANIZATION_NAMES.search(" ".join(run)):
                names.append(" ".join(run))
            run = []
    return names


def claim_evidence(text, finding):
    """Named reasons for and against the sentence being a claim: (reasons_against, reasons_for)."""
    return _claim_evidence(text, finding.cue is not None, finding.label)


@lru_cache(maxsize=65536)  # features and combination both ask, a whole batch of articles apart
def _claim_evidence(text, has_cue, label):
    against, supporting = [], []
    stripped = text.strip()
    attributed = has_cue or label != "none"
    lowered = _lowered(stripped)
    for markers in _FURNITURE:
        if markers.found_in(stripped, lowered):
            against.append(markers.name)
    if stripped.rstrip("”\"’')]").endswith("?") and not has_cue:
        against.append("question")
    for markers in _OPINIONS:
        if not has_cue and markers.found_in(stripped, lowered):
            against.append(markers.name)
    words = tokens(stripped)
    if not attributed and len(words) < 16 and not stripped.endswith((".", "!", "?", "”", '"', "’", ")", ":")):
        against.append("headline or label: no closing punctuation")
    if not attributed and len(words) < 4:
        against.append("too short to assert anything")
    if attributed:
        supporting.append("attributed statement")
    if _DIGIT.search(stripped):
        supporting.append("number or date")
    return tuple(sorted(set(against))), tuple(supporting)


def analyse_article(sentences, paragraph_flags=None):
    """The rules' findings for an article's sentences in order, each reading the ones before it.

    paragraph_flags says, per sentence, whether it is a paragraph of its own (a list item, say).
    """
    memory = Memory()
    findings = []
    flags = paragraph_flags or [False] * len(sentences)
    for text, whole_paragraph in zip(sentences, flags, strict=True):
        finding = attribute(text, memory, whole_paragraph)
        remember(memory, text, finding, whole_paragraph)
        findings.append(finding)
    return findings
