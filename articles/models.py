"""Outlets, the articles they wrote or carried, and the sentences of each article."""

from datetime import UTC, datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# What Python's datetime can hold, shifted to any time zone. PostgreSQL stores years past 9999 and BC,
# and one such row made every page and command that read it fail; ingest refuses far less (checking.py).
READABLE_MOMENTS = (datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC))


def excerpt(text, limit=80):
    """The first line of a text, cut to a length that fits a list column."""
    first_line = text.strip().split("\n", 1)[0]
    return first_line if len(first_line) <= limit else first_line[: limit - 1].rstrip() + "…"


class Outlet(models.Model):
    """A publisher or wire: whoever is accountable for the words."""

    class Kind(models.TextChoices):
        PUBLISHER = "publisher", "Publisher"
        WIRE = "wire", "Wire service"
        UNKNOWN = "unknown", "Unknown (to be assigned)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PUBLISHER)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="outlet_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_unknown(self):
        return self.kind == self.Kind.UNKNOWN


class OutletDomain(models.Model):
    """A web domain an outlet publishes under, so a URL names its outlet."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        max_length=253, unique=True, help_text="Lower case, without “www.”, e.g. nytimes.com"
    )

    class Meta:
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain=models.functions.Lower("domain")) & ~Q(domain=""),
                name="outlet_domain_lower_nonempty",
            ),
        ]

    def __str__(self):
        return self.domain


class Article(models.Model):
    """One article as ingested: its raw text, the cleaned body, and who wrote and carried it."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"

    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, related_name="articles", help_text="The outlet that wrote it."
    )
    carried_by = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        related_name="carried_articles",
        null=True,
        blank=True,
        help_text="The outlet whose page ran it, when it ran syndicated copy.",
    )
    credits = models.ManyToManyField(
        Outlet,
        related_name="credited_articles",
        blank=True,
        help_text="Wires and outlets credited for help, not authorship.",
    )
    credit_note = models.TextField(
        blank=True,
        help_text="Credit and syndication lines that name no publication, as written "
        "(“This article originally appeared on July 12, 2019.”).",
    )
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    source_name = models.CharField(
        max_length=1000, blank=True, help_text="The file (and line) the article came from."
    )
    source_format = models.CharField(max_length=8, choices=Format.choices, default=Format.TEXT)
    # For HTML this is the text trafilatura extracted; sentence offsets point into it.
    raw_text = models.TextField()
    body = models.TextField()
    # Page furniture removed from raw_text: [{"start", "end", "rule"}, ...].
    furniture = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = [F("published_at").desc(nulls_last=True), "-ingested_at"]
        indexes = [models.Index(fields=["published_at"]), models.Index(fields=["ingested_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="article_body_nonempty"),
            models.CheckConstraint(
                condition=~Q(carried_by=F("outlet")), name="article_carrier_is_not_author"
            ),
            models.CheckConstraint(
                condition=Q(published_at__range=READABLE_MOMENTS), name="article_published_at_readable"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        """The title, or for an article given none its body's first line. Derived when shown, never
        stored: the stored title stays what the source gave, because the headline criteria read it as
        the headline, and a lede judged as one would move the scores."""
        return self.title or excerpt(self.body)


class Sentence(models.Model):
    """A sentence of an article's body, with exact offsets into the body and the raw text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sentences")
    order = models.PositiveIntegerField()
    start = models.PositiveIntegerField(help_text="Offset into the cleaned body.")
    end = models.PositiveIntegerField()
    raw_start = models.PositiveIntegerField(help_text="Offset into the raw text.")
    raw_end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="sentence_order_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="sentence_span_nonempty"),
            models.CheckConstraint(
                condition=Q(raw_end__gt=F("raw_start")), name="sentence_raw_span_nonempty"
            ),
        ]

    def __str__(self):
        return excerpt(self.text)
