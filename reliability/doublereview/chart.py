"""The agreement chart: Cohen's kappa per week as a small server-drawn SVG line (−1 to 1)."""

from django.utils.html import format_html, format_html_join


def kappa_over_time(weeks, width=420, height=140):
    """weeks: [{"week": "2026-W05", "items": n, "kappa": k or None}], oldest first; weeks without a
    defined kappa are left out of the line."""
    points = [week for week in weeks if week["kappa"] is not None]
    if not points:
        return format_html('<p class="muted">{}</p>', "No weekly agreement yet.")
    left, top, plot_width, plot_height = 30, 8, width - 50, height - 36
    step = plot_width / max(len(points) - 1, 1)
    placed = [
        (round(left + i * step, 1), round(top + (1 - week["kappa"]) / 2 * plot_height, 1), week)
        for i, week in enumerate(points)
    ]
    axis = format_html_join(
        "",
        '<text x="2" y="{}" class="axis" font-size="10">{}</text>',
        ((round(top + (1 - level) / 2 * plot_height + 4, 1), f"{level:g}") for level in (1, 0, -1)),
    )
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="3.5" fill="#2166ac"><title>{}</title></circle>'
        '<text x="{}" y="{}" class="axis" font-size="10" text-anchor="middle">{}</text>',
        (
            (
                x,
                y,
                f"{week['week']}: kappa {week['kappa']:.2f} over {week['items']}",
                x,
                height - 4,
                week["week"],
            )
            for x, y, week in placed
        ),
    )
    return format_html(
        '<svg class="curve" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">{}'
        '<polyline fill="none" stroke="#1a1a1a" stroke-width="2" points="{}"/>{}</svg>',
        width,
        height,
        width,
        height,
        "Cohen's kappa per week: " + ", ".join(f"{week['week']} {week['kappa']:.2f}" for week in points),
        axis,
        " ".join(f"{x},{y}" for x, y, _ in placed),
        dots,
    )
