"""Small server-side SVG charts: they render offline, need no JavaScript, and carry text for screen
readers and for readers who cannot tell the colours apart."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from reliability.analysis.vocabulary import label_name

LABEL_COLOURS = {
    "named_person": "#1b7837",
    "named_organization": "#5aae61",
    "document": "#2166ac",
    "media_report": "#67a9cf",
    "anonymous": "#f1a340",
    "vague": "#d6604d",
    "none": "#999999",
}
# Patterns as well as colours, so the label mix reads in greyscale too.
LABEL_LETTERS = {
    "named_person": "P",
    "named_organization": "O",
    "document": "D",
    "media_report": "M",
    "anonymous": "A",
    "vague": "V",
    "none": "–",
}


def _points(values, width, height, low=0.0, high=100.0):
    if len(values) == 1:
        values = values * 2
    step = width / (len(values) - 1)
    span = (high - low) or 1.0
    return [
        (round(i * step, 1), round(height - (value - low) / span * height, 1))
        for i, value in enumerate(values)
    ]


def sparkline(values, width=120, height=24):
    """A line of scores 0–100, oldest first."""
    if not values:
        return mark_safe('<span class="muted">no history</span>')  # a fixed string, nothing to escape
    points = " ".join(f"{x},{y}" for x, y in _points(values, width, height))
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/></svg>',
        width,
        height,
        width,
        height,
        f"score history: {', '.join(f'{value:.0f}' for value in values)}",
        points,
    )


def history(scores, overrides, width=560, height=160):
    """Scores over time with their intervals, editors' overrides marked as diamonds with their values."""
    if not scores:
        return mark_safe('<p class="muted">No score yet.</p>')  # a fixed string, nothing to escape
    values = [score.overall for score in scores]
    points = _points(values, width - 40, height - 30)
    lows = _points([score.overall_low for score in scores], width - 40, height - 30)
    highs = _points([score.overall_high for score in scores], width - 40, height - 30)
    band = " ".join(f"{x + 30},{y + 10}" for x, y in highs + lows[::-1])
    line = " ".join(f"{x + 30},{y + 10}" for x, y in points)
    marks = []
    for override in overrides:
        index = max(
            (i for i, score in enumerate(scores) if score.computed_at <= override.created_at), default=0
        )
        x = points[index][0] + 30
        y = height - 30 - override.new_value / 100 * (height - 30) + 10
        marks.append(
            (
                x,
                y - 6,
                x + 6,
                y,
                x,
                y + 6,
                x - 6,
                y,
                f"override {override.new_value:.0f}",
                x + 8,
                y + 4,
                f"{override.new_value:.0f} (override)",
            )
        )
    axis = format_html_join(
        "",
        '<text x="2" y="{}" class="axis">{}</text>',
        ((10 + (height - 30) * (1 - level / 100) + 4, level) for level in (0, 50, 100)),
    )
    return format_html(
        '<svg class="history" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}'
        '<polygon class="band" points="{}"/><polyline class="line" fill="none" points="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        "score history: "
        + ", ".join(f"{score.computed_at:%Y-%m-%d} {score.overall:.0f}" for score in scores),
        axis,
        band,
        line,
        format_html_join(
            "",
            '<polygon class="override" points="{},{} {},{} {},{} {},{}"><title>{}</title></polygon>'
            '<text class="override-label" x="{}" y="{}">{}</text>',
            marks,
        ),
    )


def label_mix(counts, width=240, height=18):
    """One stacked bar of how an outlet's claims are attributed, each part lettered and titled."""
    total = sum(counts.values())
    if not total:
        return mark_safe('<span class="muted">no claims</span>')  # a fixed string, nothing to escape
    parts, x = [], 0.0
    for label, colour in LABEL_COLOURS.items():
        share = counts.get(label, 0) / total
        if not share:
            continue
        part = share * width
        parts.append(
            (
                round(x, 1),
                round(part, 1),
                height,
                colour,
                f"{label_name(label)}: {counts[label]} ({share:.0%})",
                round(x + part / 2 - 3, 1),
                LABEL_LETTERS[label] if part > 9 else "",
            )
        )
        x += part
    return format_html(
        '<svg class="mix" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        width,
        height,
        "label mix: " + ", ".join(f"{label} {count}" for label, count in counts.items() if count),
        format_html_join(
            "",
            '<g><rect x="{}" y="0" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
            '<text x="{}" y="13" class="letter">{}</text></g>',
            parts,
        ),
    )


def learning_curve(points, width=420, height=180):
    """Label macro-F1 on the editors' held-out labels (0–1) against how many editors' labels the model
    learnt from; points are {"editor_labels": n, "editors_f1": f1 or None}, fewest labels first."""
    points = [point for point in points if point.get("editors_f1") is not None]
    if not points:
        return mark_safe('<p class="muted">No learning curve yet: no editors\' labels are held out.</p>')
    left, top, plot_width, plot_height = 34, 10, width - 50, height - 40
    most = max(point["editor_labels"] for point in points) or 1
    placed = [
        (
            round(left + point["editor_labels"] / most * plot_width, 1),
            round(top + (1 - point["editors_f1"]) * plot_height, 1),
            point,
        )
        for point in points
    ]
    axis = format_html_join(
        "",
        '<text x="2" y="{}" class="axis" font-size="10">{}</text>',
        ((round(top + (1 - level) * plot_height + 4, 1), f"{level:.1f}") for level in (0, 0.5, 1)),
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" class="axis" font-size="10" text-anchor="middle">{}</text>',
        ((x, height - 14, point["editor_labels"]) for x, _, point in placed),
    )
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="3.5" fill="#2166ac"><title>{}</title></circle>',
        (
            (x, y, f"{point['editor_labels']} editors' labels: macro-F1 {point['editors_f1']:.3f}")
            for x, y, point in placed
        ),
    )
    return format_html(
        '<svg class="curve" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}'
        '<polyline class="line" fill="none" stroke="#1a1a1a" stroke-width="2" points="{}"/>{}'
        '<text x="{}" y="{}" class="axis" font-size="10" text-anchor="middle">'
        "editors' labels learnt from</text></svg>",
        width,
        height,
        width,
        height,
        "learning curve, macro-F1 on editors' held-out labels: "
        + ", ".join(f"{point['editor_labels']} labels {point['editors_f1']:.3f}" for _, _, point in placed),
        axis,
        ticks,
        " ".join(f"{x},{y}" for x, y, _ in placed),
        dots,
        left + plot_width // 2,
        height - 1,
    )
