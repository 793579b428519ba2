"""Outlet scores as the API gives them: the figure on show (an editor's override, else the model's),
the model's own figure beside it, and each criterion with its interval and sample size."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.models import Outlet
from reliability.api.exports import iso
from reliability.models import WINDOWS, OutletScore, ScoreOverride
from reliability.overrides import ShownScore
from reliability.scoring import CRITERIA, explain
from reliability.summary import breakdown, summary

WINDOW_NAMES = [window for window, _ in WINDOWS]
CRITERION_NAMES = [name for name, _, _ in CRITERIA]
CRITERION_FIGURES = ["value", "low", "high", "raw", "n", "out_of", "weight", "points"]


def outlets_with_latest():
    """Outlets annotated with the ids of their latest snapshot and override in each window, and the
    all-time score on show (`score`: the override if any, else the model's) to sort by."""
    annotations = {"article_total": Count("articles", distinct=True)}
    for window in WINDOW_NAMES:
        key = window.replace("d", "")
        annotations[f"snapshot_{key}"] = Subquery(
            OutletScore.objects.filter(outlet=OuterRef("pk"), window=window)
            .order_by("-computed_at", "-pk")
            .values("pk")[:1]
        )
        annotations[f"override_{key}"] = Subquery(
            ScoreOverride.objects.filter(outlet=OuterRef("pk"), window=window)
            .order_by("-created_at", "-pk")
            .values("pk")[:1]
        )
    # ShownScore.value in SQL, for the database to sort by: a snapshot without claims is no score.
    shown = Coalesce(
        Subquery(ScoreOverride.objects.filter(pk=OuterRef("override_all")).values("new_value")),
        Subquery(OutletScore.objects.filter(pk=OuterRef("snapshot_all"), claims__gt=0).values("overall")),
    )
    return Outlet.objects.select_related("totals").annotate(**annotations).annotate(score=shown)


def criterion(item, evidence=False):
    found = {name: item.get(name) for name in CRITERION_FIGURES}
    found.update(name=item["name"], title=item["title"], higher_is_better=item["higher_is_better"])
    if evidence:
        found["evidence"] = item.get("evidence", [])
    return found


def snapshot_figures(shown, evidence=False):
    """One window's figures; a window without claims has its counts but no score, and says why."""
    snapshot, override = shown
    if snapshot is None:
        return None
    scored = shown.model_value is not None
    figures = {
        "overall": shown.value,
        "model_overall": shown.model_value,
        "no_score": shown.missing or None,
        "low": snapshot.overall_low if scored else None,
        "high": snapshot.overall_high if scored else None,
        "few_claims": snapshot.few_claims,
        "articles": snapshot.articles,
        "claims": snapshot.claims,
        "computed_at": iso(snapshot.computed_at),
        "settings_version": snapshot.settings.version,
        "model_version": snapshot.model_version.version if snapshot.model_version else None,
        "analyser": snapshot.analyser,
        "override": {
            "value": override.new_value,
            "reason": override.reason,
            "editor": override.editor.get_username(),
            "created_at": iso(override.created_at),
        }
        if override
        else None,
        "criteria": [criterion(item, evidence) for item in snapshot.criteria] if scored else [],
        "changes": snapshot.changes,
    }
    if evidence:
        figures.update(against_corpus(shown, figures["criteria"]))
    return figures


def against_corpus(shown, criteria):
    """The outlet page's summary and corpus baseline, each criterion given its corpus figure, its points
    against the corpus and their direction (summary.breakdown); one outlet's detail only."""
    found = breakdown(shown.snapshot) if shown.model_value is not None else None
    parts = {part.name: part for part in found.parts} if found else {}
    for item in criteria:
        part = parts.get(item["name"])
        item.update(
            corpus=round(part.corpus, 4) if part else None,
            points_against_corpus=round(part.points, 2) if part else None,
            direction=part.direction if part else None,
        )
    return {
        "summary": summary(shown, found) if shown.value is not None else None,
        "corpus_baseline": round(found.baseline, 2) if found else None,
    }


def outlet_rows(outlets, evidence=False):
    """Complete annotated outlets (see outlets_with_latest) into the API's outlet objects."""
    outlets = list(outlets)
    keys = [window.replace("d", "") for window in WINDOW_NAMES]
    snapshot_ids = [getattr(outlet, f"snapshot_{key}") for outlet in outlets for key in keys]
    override_ids = [getattr(outlet, f"override_{key}") for outlet in outlets for key in keys]
    snapshots = OutletScore.objects.select_related("settings", "model_version").in_bulk(
        [pk for pk in snapshot_ids if pk]
    )
    overrides = ScoreOverride.objects.select_related("editor").in_bulk([pk for pk in override_ids if pk])
    if evidence:
        explain(snapshots.values())
    rows = []
    for outlet in outlets:
        totals = getattr(outlet, "totals", None)
        rows.append(
            {
                "slug": outlet.slug,
                "name": outlet.name,
                "kind": outlet.kind,
                "articles": outlet.article_total,
                "claims": totals.claims if totals else 0,
                "scores": {
                    window: snapshot_figures(
                        ShownScore(
                            snapshots.get(getattr(outlet, f"snapshot_{key}")),
                            overrides.get(getattr(outlet, f"override_{key}")),
                        ),
                        evidence,
                    )
                    for window, key in zip(WINDOW_NAMES, keys, strict=True)
                },
                "updated_at": iso(outlet.updated_at),
            }
        )
    return rows


HISTORY_FIELDS = [
    "pk",
    "outlet__slug",
    "window",
    "computed_at",
    "overall",
    "overall_low",
    "overall_high",
    "few_claims",
    "articles",
    "claims",
    "settings__version",
    "model_version__version",
    "analyser",
    "criteria",
    "changes",
]


def history_rows(values):
    """Score snapshots (HISTORY_FIELDS value dicts) as the API's history rows, one per snapshot."""
    rows = []
    for value in values:
        by_name = {item["name"]: item for item in value["criteria"]}
        rows.append(
            {
                "id": value["pk"],
                "outlet": value["outlet__slug"],
                "window": value["window"],
                "computed_at": iso(value["computed_at"]),
                "overall": value["overall"],
                "low": value["overall_low"],
                "high": value["overall_high"],
                "few_claims": value["few_claims"],
                "articles": value["articles"],
                "claims": value["claims"],
                "settings_version": value["settings__version"],
                "model_version": value["model_version__version"],
                "analyser": value["analyser"],
                "criteria": {
                    name: {figure: by_name.get(name, {}).get(figure) for figure in CRITERION_FIGURES}
                    for name in CRITERION_NAMES
                },
                "changes": value["changes"],
            }
        )
    return rows
