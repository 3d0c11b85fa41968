"""Server-rendered SVG charts, shared by the screens and the PDF reports (no JavaScript, print-safe).

Series differ by line style and marker shape as well as colour, and every bar carries its number
as text, so the charts read in black and white and for colour-blind users.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Text sizes in the chart's own units. A chart is never drawn narrower than its width (.chart-box
# scrolls inside the page instead, static/css/app.css), so 12 units stay at least 12 px on screen.
LABEL = "font-family='sans-serif' font-size='13' fill='#222'"
VALUE = "font-family='sans-serif' font-size='13' font-weight='bold' fill='#111'"
AXIS = "font-family='sans-serif' font-size='12' fill='#444'"
MIN_FONT_SIZE = 12
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7030a0"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]
LEGEND_STEP, LEGEND_ROW = 200, 20  # a legend item's width and a legend row's height
NARROW = 330  # a phone's chart: fits a 390 px screen inside the page's and the column's padding


@dataclass
class Bar:
    label: str
    value: float  # 0..100
    text: str
    href: str = ""


@dataclass
class Series:
    name: str
    points: list[float | Decimal | None]  # one per x label; None = no data


LABEL_LINE = 16  # a wrapped label's line height, in the chart's units


def bar_chart(bars: list[Bar], title: str, width: int = 640) -> SafeString:
    """Horizontal bars; a long label wraps onto up to three lines beside its bar instead of being cut."""
    label_width, gap = 260, 6
    labels = [_wrap(bar.label, 36, 3) for bar in bars]
    heights = [max(24, LABEL_LINE * len(lines) + 8) for lines in labels]
    height = sum(heights) + gap * len(bars) + 30
    plot = width - label_width - 60
    parts = [_open(width, height, title, links=any(bar.href for bar in bars))]
    y = 24
    for bar, lines, row_height in zip(bars, labels, heights, strict=True):
        length = max(0.0, min(float(bar.value), 100.0)) / 100 * plot
        link_open, link_close = (f'<a href="{escape(bar.href)}">', "</a>") if bar.href else ("", "")
        spans = "".join(
            f"<tspan x='{label_width - 6}' dy='{0 if index == 0 else LABEL_LINE}'>{escape(line)}</tspan>"
            for index, line in enumerate(lines)
        )
        middle = y + row_height / 2 + 5
        parts.append(
            f"{link_open}<text x='{label_width - 6}' y='{y + 16}' text-anchor='end' {LABEL}>{spans}</text>"
            f"<rect x='{label_width}' y='{y}' width='{plot}' height='{row_height}' fill='#f1f3f5'/>"
            f"<rect x='{label_width}' y='{y}' width='{length:.1f}' height='{row_height}' fill='{PALETTE[0]}'/>"
            f"<text x='{label_width + length + 4:.1f}' y='{middle:.0f}' {VALUE}>{escape(bar.text)}</text>"
            f"{link_close}"
        )
        y += row_height + gap
    parts.append(_close())
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _wrap(text: str, width: int, most: int) -> list[str]:
    """Words on lines of at most `width` characters, at most `most` lines (the last one cut with …)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[: most - 1] + [_shorten(" ".join(lines[most - 1 :]), width)]
    return [_shorten(line, width) for line in lines] or [""]


def line_chart(
    series: list[Series],
    x_labels: list[str],
    title: str,
    width: int = 640,
    height: int = 260,
    y_label: str = "",
    x_label: str = "",
    percent: bool = False,
    scale_max: float | None = None,
) -> SafeString:
    """Lines over x labels; `percent` fixes the y axis at 0–100 % and marks its ticks with %; `scale_max`
    fixes it at 0 to the index's maximum without % (Indeks RB 0–100 is an index, not a share)."""
    left, right, top, bottom = 64 if y_label else 48, 16, 28, 70 if x_label else 52
    per_row = max(1, (width - left) // LEGEND_STEP)
    extra = (math.ceil(len(series) / per_row) - 1) * LEGEND_ROW  # a narrow chart stacks its legend
    height, bottom = height + extra, bottom + extra
    values = [float(v) for s in series for v in s.points if v is not None]
    y_max = 100.0 if percent else scale_max or _nice_max(max(values) if values else 1.0)
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(x_labels) - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: float) -> float:
        return top + plot_h - (v / y_max) * plot_h

    parts = [_open(width, height, title)]
    for tick in range(5):
        value = y_max * tick / 4
        parts.append(
            f"<line x1='{left}' x2='{width - right}' y1='{y(value):.1f}' y2='{y(value):.1f}' stroke='#ddd'/>"
            f"<text x='{left - 4}' y='{y(value) + 4:.1f}' text-anchor='end' {AXIS}>"
            f"{_tick(value)}{'%' if percent else ''}</text>"
        )
    if y_label:
        middle = top + plot_h / 2
        parts.append(
            f"<text x='14' y='{middle:.1f}' text-anchor='middle' transform='rotate(-90 14 {middle:.1f})' "
            f"{AXIS}>{escape(y_label)}</text>"
        )
    if x_label:
        parts.append(
            f"<text x='{left + plot_w / 2:.1f}' y='{height - bottom + 34}' text-anchor='middle' {AXIS}>"
            f"{escape(x_label)}</text>"
        )
    for i, label in enumerate(x_labels):
        parts.append(
            f"<text x='{x(i):.1f}' y='{height - bottom + 16}' text-anchor='middle' {AXIS}>{escape(label)}</text>"
        )
    for index, serie in enumerate(series):
        parts.append(_polyline(serie, index, x, y))
    parts.append(_legend(series, left, height - 14 - extra, per_row))
    parts.append(_close())
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _polyline(serie: Series, index: int, x, y) -> str:
    colour, dash, marker = PALETTE[index % 4], DASHES[index % 4], MARKERS[index % 4]
    points = [(x(i), y(float(v))) for i, v in enumerate(serie.points) if v is not None]
    out = []
    if len(points) > 1:
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(
            f"<polyline points='{coords}' fill='none' stroke='{colour}' stroke-width='2' stroke-dasharray='{dash}'/>"
        )
    for (px, py), value in zip(points, [v for v in serie.points if v is not None], strict=True):
        out.append(_marker(marker, px, py, colour))
        out.append(f"<title>{escape(serie.name)}: {number_format(value)}</title>")
    return "".join(out)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f"<rect x='{x - 4:.1f}' y='{y - 4:.1f}' width='8' height='8' fill='{colour}'/>"
    if shape == "triangle":
        return (
            f"<polygon points='{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}' fill='{colour}'/>"
        )
    if shape == "diamond":
        corners = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x + 5:.1f},{y:.1f}"
        return f"<polygon points='{corners}' fill='{colour}'/>"
    return f"<circle cx='{x:.1f}' cy='{y:.1f}' r='4' fill='{colour}'/>"


def _legend(series: list[Series], x: int, y: int, per_row: int = 99) -> str:
    out = []
    for index, serie in enumerate(series):
        colour, dash = PALETTE[index % 4], DASHES[index % 4]
        offset = x + (index % per_row) * LEGEND_STEP
        y = y if index % per_row or not index else y + LEGEND_ROW
        out.append(
            f"<line x1='{offset}' x2='{offset + 24}' y1='{y - 4}' y2='{y - 4}' stroke='{colour}' stroke-width='2' "
            f"stroke-dasharray='{dash}'/>{_marker(MARKERS[index % 4], offset + 12, y - 4, colour)}"
            f"<text x='{offset + 30}' y='{y}' {LABEL}>{escape(serie.name)}</text>"
        )
    return "".join(out)


def responsive_line_chart(
    series: list[Series], x_labels: list[str], title: str, narrow_labels: list[str] | None = None, **options
) -> SafeString:
    """The chart twice: drawn 640 wide for a screen that holds it, and NARROW wide (stacked legend,
    every other x label) for a phone, so the whole time axis is seen without scrolling inside the chart
    and the text stays 12 px. The stylesheet shows one of them (.chart-wide / .chart-narrow)."""
    if narrow_labels is None:
        every = math.ceil(len(x_labels) / 6)
        narrow_labels = [label if i % every == 0 or i == len(x_labels) - 1 else "" for i, label in enumerate(x_labels)]
    wide = line_chart(series, x_labels, title, **options)
    narrow = line_chart(series, narrow_labels, title, width=NARROW, **options)
    return format_html('<div class="chart-wide">{}</div><div class="chart-narrow">{}</div>', wide, narrow)


def _open(width: int, height: int, title: str, links: bool = False) -> str:
    # Presentation attributes, not a <style> block: WeasyPrint matches CSS against every SVG element,
    # which made one chart cost as much as the rest of the PDF report.
    # A chart with links is a group (an image's parts cannot be links); the box scrolls sideways on a
    # phone, so a keyboard can focus it (tabindex) to scroll it.
    role = "group" if links else "img"
    return (
        f"<div class='chart-box' tabindex='0' role='region' aria-label='{escape(title)}'>"
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='100%' "
        f"role='{role}' aria-label='{escape(title)}' class='chart' style='min-width:{width}px'>"
        f"<title>{escape(title)}</title>"
    )


def _close() -> str:
    return "</svg></div>"


def _tick(value: float) -> str:
    return number_format(int(value)) if value == int(value) else number_format(round(value, 2))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for candidate in (1, 2, 2.5, 5, 10):
        magnitude = 10 ** (len(str(int(value))) - 1)
        if value <= candidate * magnitude:
            return float(candidate * magnitude)
    return float(value)
