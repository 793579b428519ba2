"""Contradictions: two outlets' claims about the same happening that disagree on a value.

A claim's values are read into slots: (what happened, what kind of value, any qualifier) → value.
"The talks are scheduled to start at 11:30 a.m. local time" gives (start, time, local time) → 11:30 a.m.
Two claims of different outlets in one story with the same slot and different values disagree.
"""

import re
from dataclasses import dataclass

# What happened, by the words that say so; the first class found in a claim is its happening.
HAPPENINGS = [
    (
        "start",
        r"\b(?:start|starts|started|starting|begin|begins|began|beginning|kick\s+off|kicks\s+off|opens?|opening)\b",
    ),
    ("end", r"\b(?:end|ends|ended|finish|finishes|finished|close|closes|closed|conclude[sd]?)\b"),
    ("arrival", r"\b(?:land|lands|landed|landing|touch(?:es|ed|ing)?\s+down|arrive[sd]?|arriving|arrival)\b"),
    ("departure", r"\b(?:left|leave|leaves|depart(?:s|ed)?|departure|took\s+off)\b"),
    ("meeting", r"\b(?:meet|meets|met|meeting|talks|summit|conference)\b"),
    ("death", r"\b(?:killed|died|dead|deaths?|fatalities|killing)\b"),
    ("injury", r"\b(?:injured|wounded|hurt|injuries)\b"),
    ("arrest", r"\b(?:arrested|detained|arrests|detentions)\b"),
    ("vote", r"\b(?:voted|votes?|ballots?)\b"),
    ("cost", r"\b(?:cost|costs|price|budget|spent|spend|spending|paid|pay)\b"),
]
FACILITIES = (
    "Airport Airfield Base Field Stadium Arena Hall Palace Hotel Center Centre Square Park Station Hospital "
    "Court Courthouse Prison Port Harbour Harbor Bridge Building Embassy Consulate Camp Plaza Cathedral "
    "Church Mosque Museum University School Terminal Pier Dock Fort House Lodge"
).split()
# Words too common in place names to tell two places apart.
PLACE_GENERIC = {
    "the",
    "joint",
    "international",
    "air",
    "force",
    "base",
    "airport",
    "national",
    "field",
    "of",
}
# The zone names news copy states times in: the US zones (Alaska and Hawaii among them), European ones.
TIME_ZONES = (
    r"local\s+time|(?:Eastern|Central|Mountain|Pacific|Alaska|Hawaii|Atlantic|Moscow|British|European)"
    r"\s+(?:time|Time)"
    r"|[ECMP][SD]?T|GMT|UTC|BST|CET"
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()

_HAPPENINGS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in HAPPENINGS]
_TIME = re.compile(
    rf"\b(?P<hour>\d{{1,2}})(?::(?P<minute>\d{{2}}))?\s*(?P<half>a\.m\.|p\.m\.|am\b|pm\b)(?:\s*\(?(?P<zone>{TIME_ZONES}))?"
)
_PLACE = re.compile(r"\bat\s+(?P<place>(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*)")
_NOT_UNITS = {"a", "am", "pm", "and", "or", "to", "of", "in", "on", "at", "by", "for", "the"}
_NUMBER = re.compile(
    r"(?<![\w.-])(?P<approx>\b(?:about|around|nearly|almost|more\s+than|at\s+least|over|some|roughly|up\s+to)\s+)?\b(?P<number>\d[\d,]*(?:\.\d+)?)\s+(?P<unit>[a-z]+)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?:on|for|by|this|next|last)\s+(?P<date>{'|'.join(WEEKDAYS)}|(?:{'|'.join(MONTHS)})\s+\d{{1,2}})\b"
)
# Every value read has a digit (a time, a number, a calendar date), a weekday or a facility's name in it.
_DIGIT = re.compile(r"\d")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
_NAMES_IN_VALUES = frozenset(WEEKDAYS + MONTHS + FACILITIES)


@dataclass(frozen=True)
class Slot:
    happening: str
    field: str  # number, time, date, place, person
    qualifier: str


def happening(text):
    for name, pattern in _HAPPENINGS:
        if pattern.search(text):
            return name
    return ""


def slots(text):
    """The claim's values by slot; a slot read twice with different values is ambiguous and dropped."""
    event = _may_hold_a_value(text) and happening(text)
    if not event:
        return {}
    found = {}
    for match in _TIME.finditer(text):
        zone = re.sub(r"\s+", " ", (match["zone"] or "").lower())
        value = f"{int(match['hour'])}:{match['minute'] or '00'} {match['half'].replace('.', '').lower()}"
        shown = text[match.start() : match.end("half")]
        _put(found, Slot(event, "time", zone), (value, f"{shown} {match['zone']}" if zone else shown))
    for match in _PLACE.finditer(text):
        place = match["place"].strip().rstrip(".")
        if any(word in FACILITIES for word in re.split(r"[\s-]+", place)):
            _put(found, Slot(event, "place", ""), (place, place))
    for match in _NUMBER.finditer(text):
        unit = match["unit"]
        if (
            match["approx"]
            or _TIME.match(text, match.start("number"))
            or unit.endswith("ed")
            or unit in _NOT_UNITS
        ):
            continue
        _put(
            found,
            Slot(event, "number", unit),
            (match["number"].replace(",", ""), f"{match['number']} {unit}"),
        )
    for match in _DATE.finditer(text):
        kind = "weekday" if match["date"] in WEEKDAYS else "calendar"  # "Friday" and "August 15" may agree
        _put(found, Slot(event, "date", kind), (match["date"], match["date"]))
    return {slot: value for slot, value in found.items() if value is not None}


def _may_hold_a_value(text):
    """Whether any value could be read: most sentences have none, and this costs a twentieth of the
    searches for a happening that would otherwise come first."""
    return bool(_DIGIT.search(text)) or not _NAMES_IN_VALUES.isdisjoint(_CAPITALISED_WORD.findall(text))


def _put(found, slot, value):
    if slot in found and found[slot] is not None and found[slot][0] != value[0]:
        found[slot] = None  # "from 9 a.m. to 11 a.m.": two values, no single claim to compare
    elif slot not in found:
        found[slot] = value


def same_place(first, second):
    """Places sharing a distinctive word are the same place named two ways ('Heathrow')."""

    def distinctive(place):
        return {word.lower() for word in re.split(r"[\s-]+", place)} - PLACE_GENERIC

    return bool(distinctive(first) & distinctive(second))


def disagreements(first, second):
    """(field, first value, second value) for each slot both claims fill with different values."""
    theirs = slots(second)
    found = []
    for slot, (value, shown) in slots(first).items():
        other = theirs.get(slot)
        if other is None or other[0] == value:
            continue
        if slot.field == "place" and same_place(value, other[0]):
            continue
        found.append((slot.field, shown, other[1]))
    return found


def person_disagreement(first_names, second_names):
    """Two closely matching claims naming wholly different people: ('person', one, other) or None."""
    if first_names and second_names and not set(first_names) & set(second_names):
        return ("person", first_names[0], second_names[0])
    return None
