"""Outlets: who wrote an article, who carried it, and who is credited, from its URL, lines and metadata."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from . import checking
from .models import Outlet, OutletDomain

# Wire services under their usual names; the first name of each row is the one stored.
WIRES = [
    ("Reuters", "Thomson Reuters"),
    ("The Associated Press", "Associated Press", "AP"),
    ("Agence France-Presse", "AFP", "Agence France Presse"),
    ("Bloomberg News", "Bloomberg"),
    ("United Press International", "UPI"),
    ("Deutsche Presse-Agentur", "dpa"),
    ("Xinhua", "Xinhua News Agency"),
    ("TASS",),
    ("RIA Novosti",),
    ("Interfax",),
    ("ANSA",),
    ("EFE",),
    ("Kyodo News", "Kyodo"),
    ("Yonhap", "Yonhap News Agency"),
    ("PA Media", "Press Association"),
]
_WIRE_NAMES = {alias.casefold(): row[0] for row in WIRES for alias in row}

_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[^.,|©]+?)\s*(?:[.,|]|$)",
    re.IGNORECASE,
)
_SYNDICATED_FROM = re.compile(
    r"\b(?:appeared|published|ran|republished|reprinted)(?:\s+(?:in|on|by|from|at))?\s+(?P<name>.+)",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date, a month or a number: what "appeared on ..." names when it names no publication.
_DATE = re.compile(
    rf"(?:{_WEEKDAY},?\s*)?(?:{_MONTH}(?:\s+{_DAY})?(?:,?\s+\d{{4}})?|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_WEEKDAY}|\d[\d\s,./-]*)",
    re.IGNORECASE,
)
# Where a publication's name ends and the rest of the credit line goes on: punctuation (a full stop not
# after an initial, as in "U.S. News"), a spaced dash, "and" before a lower-case word ("Wired and appears
# here"), a clause ("but has been updated", "as part of", "under a licence"), or a date or "print" after
# "on", "in" or "at". The words are matched in lower case only: in a name they are capitalised.
_NAME_END = re.compile(
    r"\s*(?:[,;:|(]|(?<!\b[A-Z])\.(?:\s|$)|\s[-–—]\s|[–—]"
    r"|\s(?-i:and|&)\s+(?=(?-i:[a-z]))"
    r"|\s(?-i:but|under|with|which|where|who|when|as|after|is|was|has|have|had)\b"
    rf"|\s(?-i:on|in|at)\s+(?:print\b|(?:{_WEEKDAY}|{_MONTH})\b|\d))",
    re.IGNORECASE,
)
# Lower-case words a publication's name may hold ("Voice of America", "Stars and Stripes").
NAME_CONNECTORS = {"of", "the", "and", "for", "de", "del", "la", "le", "les", "du", "des", "da", "di", "y"}
MAX_NAME_WORDS = 6
_INFORMATION_FROM = re.compile(r"information from (?P<names>.+?) (?:was|were) used", re.IGNORECASE)
_CONTRIBUTED = re.compile(r"(?P<names>.+?) contributed", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|\band\b|&)\s*")
UNKNOWN_OUTLET_PREFIX = "Unknown outlet"


@dataclass
class Credits:
    """What an article's own lines and metadata say about who is behind it."""

    page_outlet: str = ""  # the publisher named by metadata or a copyright line
    domain: str = ""  # the page's web domain
    syndicated_from: str = ""  # "This article originally appeared in X"
    wires: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # credit lines that name no publication, as written


def domain_of(url):
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def copyright_holder(line):
    """'© 2025 Newsmax. All rights reserved.' → 'Newsmax'."""
    match = _COPYRIGHT.search(line)
    name = match["name"].strip() if match else ""
    return "" if name.lower().startswith("all rights") else name


def publication_name(text):
    """The publication named at the start of text, or "" if what is named there is not one.

    'Wired and appears here as part of our Climate Desk Partnership.' → 'Wired'; 'July 12, 2019.',
    'May 2018 but has been updated …' and 'the website of The Independent' → "" (a date, a phrase).
    """
    name = _NAME_END.split(text, maxsplit=1)[0].strip(" \"'“”‘’")
    name = re.sub(r"^the\s+", "The ", name)  # "appeared in the Guardian"
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or _DATE.fullmatch(name) or words[0] in NAME_CONNECTORS:
        return ""
    if any(word.isalpha() and word.islower() and word not in NAME_CONNECTORS for word in words):
        return ""  # a phrase, not a name ("our Climate Desk", "print"); "vox.com" and "The 19th" are names
    return name


def syndication_source(line):
    """'This article originally appeared in The New York Times.' → 'The New York Times'; "" when the
    line names no publication ('This article originally appeared on July 12, 2019.')."""
    match = _SYNDICATED_FROM.search(line)
    return publication_name(match["name"]) if match else ""


def wire_credits(line):
    """The wires (and, for "information from", any publications) a credit line names."""
    if match := _INFORMATION_FROM.search(line):
        names = [publication_name(name) for name in _names(match["names"])]
        return [_WIRE_NAMES.get(name.casefold(), name) for name in names if name]
    if match := _CONTRIBUTED.search(line):
        # "Jane Doe contributed to this report" credits a reporter, not an outlet.
        return [
            _WIRE_NAMES[name.casefold()] for name in _names(match["names"]) if name.casefold() in _WIRE_NAMES
        ]
    return []


def _names(text):
    return [name.strip(" .") for name in _LIST_SEPARATOR.split(text) if name.strip(" .")]


def read_credits(cleaned, url="", publisher=""):
    """Collect outlet evidence from metadata and the credit lines cleaning set aside."""
    credits = Credits(page_outlet=publisher.strip(), domain=domain_of(url) if url else "")
    # Names read from the body are checked as a given outlet name is: the body is kept as read.
    for item in cleaned.removed_with("copyright line"):
        credits.page_outlet = credits.page_outlet or checking.outlet_name(copyright_holder(item.text))
    for line in _lines(cleaned, "syndication credit"):
        source = checking.outlet_name(syndication_source(line))
        credits.syndicated_from = credits.syndicated_from or source
        if not source:
            credits.notes.append(line)
    for line in _lines(cleaned, "wire credit"):
        names = [name for name in map(checking.outlet_name, wire_credits(line)) if name]
        credits.wires.extend(name for name in names if name not in credits.wires)
        if not names:
            credits.notes.append(line)
    return credits


def _lines(cleaned, rule):
    """The lines cleaning removed under this rule (consecutive lines are removed as one block)."""
    return [
        line.strip() for item in cleaned.removed_with(rule) for line in item.text.splitlines() if line.strip()
    ]


def find_outlet(name="", domain=""):
    """The stored outlet with this name (ignoring case and a leading "The") or this domain."""
    return _outlet_of_domain(domain) or _outlet_named(name)


def _outlet_of_domain(domain):
    match = OutletDomain.objects.select_related("outlet").filter(domain=domain).first() if domain else None
    return match.outlet if match else None


def _outlet_named(name):
    if not name:
        return None
    bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return Outlet.objects.filter(Q(name__iexact=bare) | Q(name__iexact=f"The {bare}")).first()


def get_or_create_outlet(name="", domain=""):
    """Find an outlet by name or domain, creating it (named after the domain if need be)."""
    outlet = _outlet_of_domain(domain)
    if outlet is not None:
        return outlet  # it has a domain already, so none is added
    outlet = _outlet_named(name)
    if outlet is None:
        name = name or domain
        canonical = _WIRE_NAMES.get(name.casefold())
        kind = Outlet.Kind.WIRE if canonical else Outlet.Kind.PUBLISHER
        try:
            with transaction.atomic():
                outlet = Outlet.objects.create(
                    name=canonical or name, slug=unique_slug(canonical or name), kind=kind
                )
        except IntegrityError:
            # Another worker created it between our look and our insert (a batch of the same upload).
            outlet = find_outlet(canonical or name, domain)
            if outlet is None:
                raise
    if domain and not outlet.domains.exists():
        OutletDomain.objects.get_or_create(domain=domain, defaults={"outlet": outlet})
    return outlet


def create_unknown_outlet(label):
    """An outlet standing for 'nobody named the publisher of this article', for an editor to assign."""
    name = f"{UNKNOWN_OUTLET_PREFIX}: {label[:120]}"
    suffix = 1
    while Outlet.objects.filter(name__iexact=name).exists():
        suffix += 1
        name = f"{UNKNOWN_OUTLET_PREFIX} {suffix}: {label[:120]}"
    return Outlet.objects.create(
        name=name,
        slug=unique_slug(name),
        kind=Outlet.Kind.UNKNOWN,
        notes=("Created because the article names no publisher. Reassign its article to the real outlet."),
    )


def listed_outlets():
    """The outlets a public page may list: those with articles, placeholders for articles of an outlet
    not yet known (named after the article's headline) left out."""
    return Outlet.objects.exclude(kind=Outlet.Kind.UNKNOWN).filter(articles__isnull=False).distinct()


def unique_slug(name):
    base = slugify(name)[:200] or "outlet"
    slug, number = base, 1
    while Outlet.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@dataclass
class Attribution:
    outlet: Outlet
    carried_by: Outlet | None
    credited: list[Outlet]


def attribute(credits, label):
    """Decide who wrote, who carried and who helped with an article."""
    page = None
    if credits.page_outlet or credits.domain:
        page = get_or_create_outlet(credits.page_outlet, credits.domain)
    author = get_or_create_outlet(credits.syndicated_from) if credits.syndicated_from else page
    carried_by = page if credits.syndicated_from and page and page != author else None
    if author is None:
        author = create_unknown_outlet(label)
    credited = [get_or_create_outlet(name) for name in credits.wires]
    return Attribution(author, carried_by, [outlet for outlet in credited if outlet != author])


@transaction.atomic
def reassign_articles(articles, outlet):
    """Move articles to another author outlet; unknown outlets left with nothing are removed."""
    articles = list(articles)
    previous = {article.outlet_id for article in articles}
    for article in articles:
        article.outlet = outlet
        if article.carried_by_id == outlet.pk:
            article.carried_by = None
        article.save(update_fields=["outlet", "carried_by", "updated_at"])
    Outlet.objects.filter(pk__in=previous - {outlet.pk}, kind=Outlet.Kind.UNKNOWN, articles=None).delete()
    return len(articles)
