"""Small server-side SVG charts: they render offline, need no JavaScript, and carry text for screen
readers and for readers who cannot tell the colours apart."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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


@dataclass(frozen=True)
class HistoryPoint:
    """One snapshot of the score history: when, the figure, its 95% interval and the claims behind it."""

    when: datetime
    score: float
    low: float
    high: float
    claims: int


@dataclass(frozen=True)
class Mark:
    """Something that happened at a time: an editor's override (value set) or a model made current."""

    when: datetime
    text: str
    value: float | None = None


@dataclass(frozen=True)
class Frame:
    """A chart's plot area inside its viewBox."""

    width: int
    height: int
    left: int = 40
    right: int = 16
    top: int = 22
    bottom: int = 30

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom

    def y(self, value, low=0.0, high=100.0):
        return round(self.top + (1 - (value - low) / ((high - low) or 1)) * self.plot_height, 1)

    def x(self, value, low=0.0, high=100.0):
        return round(self.left + (value - low) / ((high - low) or 1) * self.plot_width, 1)


# Tick steps from a day to ten years: the first that gives at most `most` ticks over the span.
TICK_STEPS = [(1, "day"), (7, "day"), (1, "month"), (3, "month"), (6, "month"), (1, "year"), (10, "year")]


def _first_of(day, step, unit):
    if unit == "day":
        return day
    if unit == "month":
        month = (day.month - 1) // step * step + 1
        first = date(day.year, month, 1)
    else:
        first = date(day.year // step * step, 1, 1)
    return first if first >= day else _add(first, step, unit)


def _add(day, step, unit):
    if unit == "day":
        return day + timedelta(days=step)
    months = day.month - 1 + (step if unit == "month" else 12 * step)
    return date(day.year + months // 12, months % 12 + 1, 1)


def date_ticks(start, end, most=6):
    """Dates for the axis from `start` to `end` (dates): whole days, weeks, months, quarters, half-years,
    years or decades (months and years from their first day), at most `most` of them."""
    for step, unit in TICK_STEPS:
        ticks, day = [], _first_of(start, step, unit)
        while day <= end:
            ticks.append(day)
            day = _add(day, step, unit)
        if len(ticks) <= most:
            return ticks or [start]
    return [start, end]


def tick_label(day, ticks):
    """ "3 Mar" for ticks within a year, "Mar 2025" for months over years, "2025" for years."""
    if all(tick.month == 1 and tick.day == 1 for tick in ticks) and len(ticks) > 1:
        return f"{day:%Y}"
    if all(tick.day == 1 for tick in ticks) and ticks[0].year != ticks[-1].year:
        return f"{day:%b %Y}"
    return f"{day.day} {day:%b}"


def _midnight(day, tz):
    return datetime.combine(day, datetime.min.time(), tzinfo=tz)


def history_layout(points, marks, frame):
    """Where everything of the history chart goes, as plain data the tests read: ticks [(x, label)],
    points [(x, y, point)], the band's polygon, overrides [(x, y, mark)], model changes [(x, mark)]."""
    start, end = points[0].when, points[-1].when
    if start == end:  # one snapshot: a day either side
        start, end = start - timedelta(days=1), end + timedelta(days=1)
    span = (end - start).total_seconds()

    def x(when):
        return round(frame.left + (when - start).total_seconds() / span * frame.plot_width, 1)

    days = date_ticks(start.date(), end.date())
    ticks = [
        (x(_midnight(day, start.tzinfo)), tick_label(day, days))
        for day in days
        if start <= _midnight(day, start.tzinfo) <= end
    ]
    placed = [(x(point.when), frame.y(point.score), point) for point in points]
    band = [(x(point.when), frame.y(point.high)) for point in points] + [
        (x(point.when), frame.y(point.low)) for point in reversed(points)
    ]
    within = [mark for mark in marks if start <= mark.when <= end]
    overrides = [(x(mark.when), frame.y(mark.value), mark) for mark in within if mark.value is not None]
    models = [(x(mark.when), mark) for mark in within if mark.value is None]
    return {"ticks": ticks, "points": placed, "band": band, "overrides": overrides, "models": models}


def _labelled(placed, room=28):
    """The points given a visible figure: the last, and each other at least `room` units from the
    previous labelled one (a few dozen points would otherwise be a smear of digits)."""
    shown, last_x = set(), None
    for index in range(len(placed) - 1, -1, -1):
        x = placed[index][0]
        if last_x is None or last_x - x >= room:
            shown.add(index)
            last_x = x
    return shown


def _point_title(point):
    return (
        f"{point.when:%Y-%m-%d %H:%M}: score {point.score:.0f}, 95% interval "
        f"{point.low:.0f}–{point.high:.0f}, {point.claims} claims"
    )


def _y_axis(frame, levels=(0, 25, 50, 75, 100)):
    return format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="axis" x="{}" y="{}" '
        'text-anchor="end">{}</text>',
        (
            (
                frame.left,
                frame.width - frame.right,
                frame.y(level),
                frame.y(level),
                frame.left - 6,
                frame.y(level) + 4,
                level,
            )
            for level in levels
        ),
    )


def _svg(css, frame, title, desc, body, linked=False):
    """The chart's <svg>: responsive (viewBox, width 100%), an image with its title and description.

    linked: the chart's marks are links (to the outlets' pages). An image's parts are not reachable by
    assistive technology, so such a chart is a group of them instead.
    """
    chart_id = f"chart-{uuid.uuid4().hex[:8]}"
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" width="100%" role="{}" aria-labelledby="{}-t {}-d" '
        'preserveAspectRatio="xMinYMin meet"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        css,
        frame.width,
        frame.height,
        "group" if linked else "img",
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        body,
    )


def _figures(caption, head, rows):
    """The chart's figures as a table in a <details>: the text alternative, and the exact numbers."""
    return format_html(
        '<details class="figures"><summary>{}</summary><table><thead><tr>{}</tr></thead><tbody>{}'
        "</tbody></table></details>",
        caption,
        format_html_join("", '<th scope="col">{}</th>', ((cell,) for cell in head)),
        format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
        ),
    )


def history(points, marks=(), width=640, height=220):
    """The score over time: dates on the x axis, a point per snapshot (titled with its date, score,
    interval and claims; the figure written where there is room), the 95% interval as a band, editors'
    overrides as diamonds and models made current as labelled vertical rules. Points oldest first."""
    if not points:
        return mark_safe('<p class="muted">No score yet.</p>')  # a fixed string, nothing to escape
    frame = Frame(width, height)
    layout = history_layout(points, marks, frame)
    shown = _labelled(layout["points"])
    body = [
        _y_axis(frame),
        format_html_join(
            "",
            '<line class="tick" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="axis" x="{}" y="{}" '
            'text-anchor="middle">{}</text>',
            (
                (
                    x,
                    x,
                    frame.top + frame.plot_height,
                    frame.top + frame.plot_height + 4,
                    x,
                    height - 10,
                    label,
                )
                for x, label in layout["ticks"]
            ),
        ),
        format_html('<polygon class="band" points="{}"/>', " ".join(f"{x},{y}" for x, y in layout["band"])),
        format_html_join(
            "",
            '<g class="model-change"><line x1="{}" x2="{}" y1="{}" y2="{}"/><text x="{}" y="{}">{}</text>'
            "<title>{}</title></g>",
            (
                (
                    x,
                    x,
                    frame.top,
                    frame.top + frame.plot_height,
                    x + 3,
                    frame.top - 8,
                    mark.text,
                    f"{mark.when:%Y-%m-%d %H:%M}: {mark.text}",
                )
                for x, mark in layout["models"]
            ),
        ),
        format_html(
            '<polyline class="line" fill="none" points="{}"/>',
            " ".join(f"{x},{y}" for x, y, _ in layout["points"]),
        ),
        format_html_join(
            "",
            # The interval as a whisker on each point too: the band alone vanishes with one snapshot.
            '<g class="point"><line class="whisker" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<circle cx="{}" cy="{}" r="3.5"><title>{}</title></circle>{}</g>',
            (
                (
                    x,
                    x,
                    frame.y(point.high),
                    frame.y(point.low),
                    x,
                    y,
                    _point_title(point),
                    format_html(
                        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>',
                        x,
                        frame.y(point.high) - 6,
                        f"{point.score:.0f}",
                    )
                    if index in shown
                    else "",
                )
                for index, (x, y, point) in enumerate(layout["points"])
            ),
        ),
        format_html_join(
            "",
            '<g class="override"><polygon points="{},{} {},{} {},{} {},{}"/><text x="{}" y="{}">{}</text>'
            "<title>{}</title></g>",
            (
                (
                    x,
                    y - 6,
                    x + 6,
                    y,
                    x,
                    y + 6,
                    x - 6,
                    y,
                    x + 8,
                    y + 4,
                    f"{mark.value:.0f} (override)",
                    f"{mark.when:%Y-%m-%d %H:%M}: {mark.text}",
                )
                for x, y, mark in layout["overrides"]
            ),
        ),
    ]
    first, last = points[0], points[-1]
    desc = (
        f"{len(points)} snapshots from {first.when:%Y-%m-%d} to {last.when:%Y-%m-%d}: from {first.score:.0f} "
        f"to {last.score:.0f}; {len(layout['overrides'])} overrides and {len(layout['models'])} model "
        "changes marked."
    )
    rows = sorted(
        [
            (f"{p.when:%Y-%m-%d %H:%M}", f"{p.score:.0f}", f"{p.low:.0f}–{p.high:.0f}", p.claims, "")
            for p in points
        ]
        + [(f"{mark.when:%Y-%m-%d %H:%M}", "", "", "", mark.text) for _, *_, mark in layout["overrides"]]
        + [(f"{mark.when:%Y-%m-%d %H:%M}", "", "", "", mark.text) for _, mark in layout["models"]]
    )
    return format_html(
        "{}{}",
        _svg("history", frame, "Score history", desc, mark_safe("".join(str(part) for part in body))),
        _figures("The history's figures", ["When", "Score", "95% interval", "Claims", "Event"], rows),
    )


@dataclass(frozen=True)
class OutletDot:
    """One outlet on a comparative chart: its name, page, and figures (score and interval, or x and y)."""

    name: str
    url: str
    value: float
    low: float | None = None
    high: float | None = None
    note: str = ""  # "override" and the like, written beside the name


ROW_HEIGHT = 22
NAME_CHAR_WIDTH = 7.2  # pixels a character of an outlet's name takes, at the charts' 13 px


def forest(dots, width=640):
    """Every outlet's score on show as a dot with its 95% interval as whiskers, best first, each name a
    link to the outlet's page (a dot-and-whisker, or forest, plot)."""
    if not dots:
        return mark_safe('<p class="muted">No outlet has a score yet.</p>')  # a fixed string
    dots = sorted(dots, key=lambda dot: (-dot.value, dot.name.lower()))
    labels = [_short(dot.name, 28) + (f" ({dot.note})" if dot.note else "") for dot in dots]
    # Room on the left for the longest name, at about NAME_CHAR_WIDTH a character, up to half the chart.
    left = min(width // 2, 16 + round(NAME_CHAR_WIDTH * max(len(label) for label in labels)))
    frame = Frame(width, 30 + ROW_HEIGHT * len(dots) + 30, left=left, top=14)
    rows = [(frame.top + ROW_HEIGHT * index + ROW_HEIGHT / 2, dot) for index, dot in enumerate(dots)]
    body = [
        format_html_join(
            "",
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="axis" x="{}" y="{}" '
            'text-anchor="middle">{}</text>',
            (
                (
                    frame.x(level),
                    frame.x(level),
                    frame.top,
                    frame.height - frame.bottom,
                    frame.x(level),
                    frame.height - 12,
                    level,
                )
                for level in (0, 25, 50, 75, 100)
            ),
        ),
        format_html_join(
            "",
            '<g class="outlet"><a href="{}"><text class="name" x="{}" y="{}" text-anchor="end">{}</text></a>'
            "{}"
            '<circle cx="{}" cy="{}" r="4.5"><title>{}</title></circle>'
            '<text class="value" x="{}" y="{}">{}</text></g>',
            (
                (
                    dot.url,
                    frame.left - 8,
                    y + 4,
                    label,
                    format_html(
                        '<line class="whisker" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                        frame.x(dot.low),
                        frame.x(dot.high),
                        y,
                        y,
                    )
                    if dot.low is not None
                    else "",
                    frame.x(dot.value),
                    y,
                    _dot_title(dot),
                    frame.x(max(dot.value, dot.high or 0)) + 8,
                    y + 4,
                    f"{dot.value:.0f}",
                )
                for (y, dot), label in zip(rows, labels, strict=True)
            ),
        ),
    ]
    desc = "Best first: " + "; ".join(f"{dot.name} {dot.value:.0f}" for dot in dots) + "."
    table = [(dot.name, f"{dot.value:.0f}", _interval(dot), dot.note) for dot in dots]
    return format_html(
        "{}{}",
        _svg(
            "forest",
            frame,
            "Outlets' scores with their 95% intervals",
            desc,
            mark_safe("".join(str(part) for part in body)),
            linked=True,
        ),
        _figures("The scores' figures", ["Outlet", "Score", "95% interval", "Note"], table),
    )


def _short(name, most=30):
    return name if len(name) <= most else name[: most - 1] + "…"


def _interval(dot):
    return "—" if dot.low is None else f"{dot.low:.0f}–{dot.high:.0f}"


def _dot_title(dot):
    interval = "" if dot.low is None else f", 95% interval {dot.low:.0f}–{dot.high:.0f}"
    return f"{dot.name}: {dot.value:.0f}{interval}" + (f" ({dot.note})" if dot.note else "")


@dataclass(frozen=True)
class ScatterDot:
    """One outlet on the scatter: its name, page, and two shares (0–1)."""

    name: str
    url: str
    x: float
    y: float


def scatter(dots, x_title, y_title, width=640, height=420):
    """One criterion against another, shares 0–1 on both axes: a dot per outlet, labelled with its
    name and linking to its page."""
    if not dots:
        return mark_safe('<p class="muted">No outlet has figures for these criteria yet.</p>')
    frame = Frame(width, height, left=50, bottom=44)
    levels = (0, 0.25, 0.5, 0.75, 1)
    placed = [(frame.x(dot.x, 0, 1), frame.y(dot.y, 0, 1), dot) for dot in dots]
    body = [
        format_html_join(
            "",
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="axis" x="{}" y="{}" '
            'text-anchor="end">{}</text>'
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/><text class="axis" x="{}" y="{}" '
            'text-anchor="middle">{}</text>',
            (
                (
                    frame.left,
                    width - frame.right,
                    frame.y(level, 0, 1),
                    frame.y(level, 0, 1),
                    frame.left - 6,
                    frame.y(level, 0, 1) + 4,
                    f"{level:.0%}",
                    frame.x(level, 0, 1),
                    frame.x(level, 0, 1),
                    frame.top,
                    height - frame.bottom,
                    frame.x(level, 0, 1),
                    height - frame.bottom + 16,
                    f"{level:.0%}",
                )
                for level in levels
            ),
        ),
        format_html(
            '<text class="axis-title" x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="axis-title" x="12" y="{}" transform="rotate(-90 12 {})" text-anchor="middle">'
            "{}</text>",
            frame.left + frame.plot_width / 2,
            height - 6,
            x_title,
            frame.top + frame.plot_height / 2,
            frame.top + frame.plot_height / 2,
            y_title,
        ),
        format_html_join(
            "",
            '<g class="outlet"><a href="{}"><circle cx="{}" cy="{}" r="5"><title>{}</title></circle>'
            '<text class="name" x="{}" y="{}" text-anchor="{}">{}</text></a></g>',
            (
                (
                    dot.url,
                    x,
                    y,
                    f"{dot.name}: {x_title} {dot.x:.0%}, {y_title} {dot.y:.0%}",
                    x + 8 if x < width * 0.7 else x - 8,
                    y + 4,
                    "start" if x < width * 0.7 else "end",
                    _short(dot.name, 24),
                )
                for x, y, dot in placed
            ),
        ),
    ]
    desc = "; ".join(f"{dot.name}: {dot.x:.0%} and {dot.y:.0%}" for dot in dots) + "."
    table = [(dot.name, f"{dot.x:.0%}", f"{dot.y:.0%}") for dot in dots]
    return format_html(
        "{}{}",
        _svg(
            "scatter",
            frame,
            f"{y_title} against {x_title}",
            desc,
            mark_safe("".join(str(part) for part in body)),
            linked=True,
        ),
        _figures("The figures", ["Outlet", x_title, y_title], table),
    )


# A pattern per label, over its colour, so no two labels differ by colour alone.
LABEL_PATTERNS = {
    "named_person": "",
    "named_organization": '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>',
    "document": '<path d="M0,3 H6" stroke="#fff" stroke-width="1.5"/>',
    "media_report": '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',
    "anonymous": '<path d="M0,0 L6,6" stroke="#000" stroke-width="1"/>',
    "vague": '<path d="M3,0 V6" stroke="#fff" stroke-width="1.5"/>',
    "none": '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#fff" stroke-width="1"/>',
}


def _pattern_defs():
    return format_html_join(
        "",
        '<pattern id="mix-{}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" '
        'fill="{}"/>{}</pattern>',
        ((label, colour, mark_safe(LABEL_PATTERNS[label])) for label, colour in LABEL_COLOURS.items()),
    )


def mix_parts(counts, width):
    """[(label, x, width, share)] of a label mix bar, best label first, labels with no claims left out."""
    total = sum(counts.values())
    parts, x = [], 0.0
    for label in LABEL_COLOURS:
        share = counts.get(label, 0) / total if total else 0
        if share:
            parts.append((label, round(x, 1), round(share * width, 1), share))
            x += share * width
    return parts


def label_mix(counts, width=240, height=18):
    """One stacked bar of how an outlet's claims are attributed: each part coloured and patterned, lettered
    where it is wide enough, and titled with the label's name, count and share."""
    parts = mix_parts(counts, width)
    if not parts:
        return mark_safe('<span class="muted">no claims</span>')  # a fixed string, nothing to escape
    words = ", ".join(f"{label_name(label)} {counts[label]} ({share:.0%})" for label, _, _, share in parts)
    return format_html(
        # The patterns are defined once a page, by label_legend(), which every page with a mix shows.
        '<svg class="mix" viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        "label mix: " + words,
        format_html_join(
            "",
            '<g><rect x="{}" y="0" width="{}" height="{}" fill="url(#mix-{})"><title>{}</title></rect>'
            '<text x="{}" y="13" class="letter" text-anchor="middle">{}</text></g>',
            (
                (
                    x,
                    part,
                    height,
                    label,
                    f"{label_name(label)}: {counts[label]} ({share:.0%})",
                    round(x + part / 2, 1),
                    LABEL_LETTERS[label] if part > 12 else "",
                )
                for label, x, part, share in parts
            ),
        ),
    )


def label_legend():
    """The label mix's key: each label's swatch (its colour and pattern), letter and name; it defines the
    patterns the mixes on its page fill with."""
    return format_html(
        '<ul class="legend mix-legend" aria-label="Label mix key">{}</ul>',
        format_html_join(
            "",
            '<li><svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">'
            '<defs>{}</defs><rect width="14" height="14" fill="url(#mix-{})"/></svg> <b>{}</b> {}</li>',
            (
                (_pattern_defs() if index == 0 else "", label, LABEL_LETTERS[label], label_name(label))
                for index, label in enumerate(LABEL_COLOURS)
            ),
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
