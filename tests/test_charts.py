"""The server-drawn charts, from plain data: the date ticks, where the points go, the marks drawn, and
outlet names escaped in the SVG."""

from datetime import UTC, date, datetime, timedelta

from reliability.review import charts
from reliability.review.charts import HistoryPoint, Mark, OutletDot, ScatterDot


def at(day, hour=12):
    return datetime(2025, 3, day, hour, tzinfo=UTC)


def snapshot(when, score, claims=40):
    return HistoryPoint(when, score, score - 6, score + 6, claims)


def test_ticks_are_whole_days_over_a_few_days():
    assert charts.date_ticks(date(2025, 3, 1), date(2025, 3, 4)) == [
        date(2025, 3, day) for day in (1, 2, 3, 4)
    ]


def test_ticks_are_weeks_over_a_month_and_first_of_months_over_a_year():
    weeks = charts.date_ticks(date(2025, 3, 1), date(2025, 3, 31))
    assert weeks == [date(2025, 3, 1) + timedelta(days=7 * n) for n in range(5)]
    months = charts.date_ticks(date(2025, 1, 15), date(2025, 12, 20))
    assert months == [date(2025, month, 1) for month in (4, 7, 10)]
    assert charts.tick_label(date(2025, 4, 1), months) == "1 Apr"


def test_ticks_over_years_are_labelled_by_year():
    ticks = charts.date_ticks(date(2019, 6, 1), date(2025, 2, 1))
    assert ticks == [date(year, 1, 1) for year in range(2020, 2026)]
    assert [charts.tick_label(day, ticks) for day in ticks[:2]] == ["2020", "2021"]


def test_points_are_placed_by_date_and_score():
    points = [snapshot(at(1), 50), snapshot(at(2), 75), snapshot(at(5), 25)]
    frame = charts.Frame(440, 200, left=40, right=0, top=0, bottom=100)

    layout = charts.history_layout(points, [], frame)

    assert [(x, y) for x, y, _ in layout["points"]] == [(40.0, 50.0), (140.0, 25.0), (440.0, 75.0)]
    assert layout["band"][0] == (40.0, 44.0) and layout["band"][-1] == (40.0, 56.0)  # high, then low back


def test_overrides_and_model_changes_are_marked_where_they_happened():
    points = [snapshot(at(1), 50), snapshot(at(3), 60)]
    marks = [
        Mark(at(2), "Editor's override: 55", 55),
        Mark(at(2, 18), "model 20250302"),
        Mark(at(9), "model x"),
    ]

    svg = str(charts.history(points, marks))

    assert svg.count('<g class="override">') == 1 and "55 (override)" in svg
    assert (
        svg.count('<g class="model-change">') == 1 and "model 20250302" in svg
    )  # the later one is off the chart
    assert "<title>2025-03-01 12:00: score 50, 95% interval 44–56, 40 claims</title>" in svg
    assert 'role="img"' in svg and "<desc" in svg and 'width="100%"' in svg and 'viewBox="0 0 640 220"' in svg
    assert '<details class="figures">' in svg and "<td>Editor&#x27;s override: 55</td>" in svg


def test_figures_are_written_only_where_there_is_room():
    points = [snapshot(at(1) + timedelta(hours=n), 50) for n in range(40)]
    svg = str(charts.history(points))
    labelled = svg.count('class="value"')
    assert 1 < labelled < 40 and svg.count("<circle") == 40


def test_outlet_names_are_escaped_in_the_svg():
    name = '<script>alert("x")</script> & Co'
    forest = str(charts.forest([OutletDot(name, "/outlets/x/", 70, 60, 80)]))
    scatter = str(charts.scatter([ScatterDot(name, "/outlets/x/", 0.5, 0.2)], "Named", "Unsupported"))
    for svg in (forest, scatter):
        assert "<script>" not in svg and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg


def test_the_forest_plot_is_sorted_best_first_with_whiskers_and_links():
    dots = [
        OutletDot("Low", "/outlets/low/", 40, 30, 50),
        OutletDot("High", "/outlets/high/", 80, 70, 90),
        OutletDot("Set", "/outlets/set/", 60, note="override"),
    ]
    svg = str(charts.forest(dots))
    assert svg.index(">High<") < svg.index(">Set (override)<") < svg.index(">Low<")
    assert svg.count('class="whisker"') == 2 and '<a href="/outlets/high/">' in svg


def test_the_scatter_places_each_outlet_by_its_two_shares():
    svg = str(charts.scatter([ScatterDot("Wire", "/outlets/wire/", 0.5, 0.25)], "Named", "Unsupported"))
    frame = charts.Frame(640, 420, left=50, bottom=44)
    assert f'cx="{frame.x(0.5, 0, 1)}" cy="{frame.y(0.25, 0, 1)}"' in svg
    assert "Unsupported against Named" in svg and '<a href="/outlets/wire/">' in svg


def test_the_label_mix_names_each_part_and_the_legend_gives_every_label_in_words():
    mix = str(charts.label_mix({"named_person": 3, "anonymous": 1}))
    assert "<title>named person: 3 (75%)</title>" in mix and 'fill="url(#mix-anonymous)"' in mix
    legend = str(charts.label_legend())
    assert legend.count("<li>") == len(charts.LABEL_COLOURS) and "anonymous" in legend
    assert legend.count("<pattern") == len(charts.LABEL_COLOURS)
