"""Outlets: who wrote an article, who carried it, and who is credited, from its URL, lines and metadata."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

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
    r"(?:appeared|published|ran|republished|reprinted)(?: (?:in|on|by|from))? (?P<name>.+?)"
    r"(?:(?:,| under | on \w+ \d| and is ).*)?\s*\.?$",
    re.IGNORECASE,
)
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


def domain_of(url):
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def copyright_holder(line):
    """'© 2025 Newsmax. All rights reserved.' → 'Newsmax'."""
    match = _COPYRIGHT.search(line)
    name = match["name"].strip() if match else ""
    return "" if name.lower().startswith("all rights") else name


def syndication_source(line):
    """'This article originally appeared in The New York Times.' → 'The New York Times'."""
    match = _SYNDICATED_FROM.search(line)
    return match["name"].strip().rstrip(".") if match else ""


def wire_credits(line):
    """The wires (and, for "information from", any outlets) a credit line names."""
    if match := _INFORMATION_FROM.search(line):
        return [_WIRE_NAMES.get(name.casefold(), name) for name in _names(match["names"])]
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
    for item in cleaned.removed_with("copyright line"):
        credits.page_outlet = credits.page_outlet or copyright_holder(item.text)
    for item in cleaned.removed_with("syndication credit"):
        credits.syndicated_from = credits.syndicated_from or syndication_source(item.text)
    for item in cleaned.removed_with("wire credit"):
        credits.wires.extend(name for name in wire_credits(item.text) if name not in credits.wires)
    return credits


def find_outlet(name="", domain=""):
    """The stored outlet with this name (ignoring case and a leading "The") or this domain."""
    if domain:
        match = OutletDomain.objects.select_related("outlet").filter(domain=domain).first()
        if match:
            return match.outlet
    if not name:
        return None
    bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    return Outlet.objects.filter(Q(name__iexact=bare) | Q(name__iexact=f"The {bare}")).first()


def get_or_create_outlet(name="", domain=""):
    """Find an outlet by name or domain, creating it (named after the domain if need be)."""
    outlet = find_outlet(name, domain)
    if outlet is None:
        name = name or domain
        canonical = _WIRE_NAMES.get(name.casefold())
        kind = Outlet.Kind.WIRE if canonical else Outlet.Kind.PUBLISHER
        outlet = Outlet.objects.create(name=canonical or name, slug=unique_slug(canonical or name), kind=kind)
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
