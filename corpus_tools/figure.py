"""``figure.svg``: the corpus at a glance, drawn from the manifest's partition summaries (no shard is read).

Left: issues per month (per year or decade past 60 months), one bar segment
per paper.  Right: articles, people and numbers per issue, averaged per bar.  The picture has a fixed size
whatever the number of issues, and it is drawn from per-month counts, so
neither the card that shows it nor the work of drawing it grows per issue.
The SVG is written by hand (no plotting library: importing matplotlib and drawing a PNG cost a one-issue
build ~0.5 s of its start-up); every coordinate is rounded to one decimal, so the bytes are deterministic.
"""

from __future__ import annotations

import math
from typing import Any

SERIES = (("articles", "#1f77b4"), ("people", "#d62728"), ("numbers", "#2ca02c"))


def available() -> bool:
    """Whether the figure can be drawn: always (kept for callers that asked when it needed matplotlib)."""
    return True


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


MAX_BARS = 60  # past this many months the bars are years, then decades: drawing costs the same for any span


def _buckets(first: str, last: str) -> tuple[str, list[str], Any]:
    """The unit of the bars (month, year or decade), their labels in order, and the label of a ``YYYY-MM``."""
    months = _month_range(first, last)
    if len(months) <= MAX_BARS:
        return "month", months, lambda m: m
    y0, y1 = int(first[:4]), int(last[:4])
    if y1 - y0 < MAX_BARS:
        return "year", [str(y) for y in range(y0, y1 + 1)], lambda m: m[:4]
    return "decade", [f"{d}s" for d in range(y0 // 10 * 10, y1 + 1, 10)], lambda m: f"{int(m[:4]) // 10 * 10}s"


def render_figure(m: Any) -> bytes | None:
    """The SVG bytes of the figure for a manifest (its partition summaries), or None without issues.

    A build renders it twice (for the manifest's hash, then to write it): the last picture is kept.
    """
    key = figure_key(m)
    if not key:
        return None
    if _last[0] != key:
        _last[:] = [key, _draw(key)]
    return _last[1]


_last: list[Any] = [None, None]


def figure_key(m: Any) -> tuple[Any, ...]:
    """Everything the figure shows: (paper, month, issues, rows per config) of every month with issues."""
    out = []
    for g in m.groups():
        for month, c in sorted(m.summaries[g]["months"].items()):
            out.append((g[0], month, c["issues"], tuple(sorted(c["rows"].items()))))
    return tuple(out)


PAPER_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
WIDTH, HEIGHT = 1000, 360
TOP, BOTTOM, PLOT_W = 40.0, 270.0, 420.0  # the plot areas' top and bottom y, and each one's width
LEFT_X, RIGHT_X = 60.0, 550.0  # where each plot area starts


def _n(v: float) -> str:
    """A coordinate as the SVG writes it: one decimal, no trailing ``.0`` (the same bytes on every machine)."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _axis_top(v: float, integer: bool) -> tuple[float, float]:
    """The y axis' top (>= ``v``) and tick step: 1, 2 or 5 times a power of ten, about five ticks."""
    if v <= 0:
        return 1.0, 1.0
    mag = 10.0 ** math.floor(math.log10(v / 5))
    step = next(s * mag for s in (1, 2, 5, 10) if s * mag * 5 >= v)
    if integer:
        step = max(1.0, float(math.ceil(step)))
    return step * math.ceil(v / step), step


def _tick(v: float) -> str:
    return str(int(v)) if v == int(v) else f"{v:g}"


def _frame(x0: float, title: str, ylabel: str, top: float, step: float, labels: list[str], xs: list[float],
           ) -> list[str]:
    """One panel's axes: the box, y ticks with grid lines, x labels (rotated), the title and the y label."""
    out = [f'<rect x="{_n(x0)}" y="{_n(TOP)}" width="{_n(PLOT_W)}" height="{_n(BOTTOM - TOP)}" '
           'fill="none" stroke="#000" stroke-width="0.8"/>']
    k = 0
    while k * step <= top + 1e-9:
        y = BOTTOM - (BOTTOM - TOP) * k * step / top
        out.append(f'<line x1="{_n(x0 - 4)}" y1="{_n(y)}" x2="{_n(x0)}" y2="{_n(y)}" stroke="#000"/>')
        out.append(f'<text x="{_n(x0 - 6)}" y="{_n(y + 3)}" text-anchor="end">{_tick(k * step)}</text>')
        k += 1
    for label, x in zip(labels, xs, strict=True):
        out.append(f'<text x="{_n(x)}" y="{_n(BOTTOM + 12)}" text-anchor="end" '
                   f'transform="rotate(-45 {_n(x)} {_n(BOTTOM + 12)})">{_esc(label)}</text>')
    out.append(f'<text x="{_n(x0 + PLOT_W / 2)}" y="{_n(TOP - 12)}" text-anchor="middle" font-size="14">'
               f'{_esc(title)}</text>')
    cy = (TOP + BOTTOM) / 2
    out.append(f'<text x="{_n(x0 - 40)}" y="{_n(cy)}" text-anchor="middle" '
               f'transform="rotate(-90 {_n(x0 - 40)} {_n(cy)})">{_esc(ylabel)}</text>')
    return out


def _legend(x: float, items: list[tuple[str, str]], title: str | None = None) -> list[str]:
    """A legend box at the top right of a panel ending at ``x``: a colour swatch and a name per item."""
    rows = ([title] if title else []) + [name for name, _ in items]
    w = 24 + 7 * max(len(r) for r in rows)
    x0, y = x - w - 6, TOP + 6
    out = [f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(w)}" height="{_n(14 * len(rows) + 6)}" fill="#fff" '
           'fill-opacity="0.8" stroke="#ccc"/>']
    if title:
        out.append(f'<text x="{_n(x0 + w / 2)}" y="{_n(y + 14)}" text-anchor="middle">{_esc(title)}</text>')
        y += 14
    for name, colour in items:
        out.append(f'<rect x="{_n(x0 + 5)}" y="{_n(y + 5)}" width="12" height="8" fill="{colour}"/>')
        out.append(f'<text x="{_n(x0 + 21)}" y="{_n(y + 13)}">{_esc(name)}</text>')
        y += 14
    return out


def _draw(key: tuple[Any, ...]) -> bytes:
    papers = sorted({k[0] for k in key})
    unit, months, bucket = _buckets(min(k[1] for k in key), max(k[1] for k in key))  # empty ones show as gaps
    per: dict[tuple[str, str], int] = {}
    issues: dict[str, int] = {}
    rows: dict[tuple[str, str], int] = {}
    for paper, month, n, counts in key:
        b = bucket(month)
        per[(paper, b)] = per.get((paper, b), 0) + n
        issues[b] = issues.get(b, 0) + n
        for cfg, r in counts:
            rows[(b, cfg)] = rows.get((b, cfg), 0) + r
    colours = {p: PAPER_COLOURS[i % len(PAPER_COLOURS)] for i, p in enumerate(papers)}

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>']
    # left: issues per bucket, one segment per paper
    top, step = _axis_top(max(issues.get(mo, 0) for mo in months), integer=True)
    slot = PLOT_W / len(months)
    centre = [LEFT_X + slot * (i + 0.5) for i in range(len(months))]
    every = max(1, len(months) // 12)
    out += _frame(LEFT_X, f"Issues per {unit}", "issues", top, step, months[::every], centre[::every])
    for i, mo in enumerate(months):
        y = BOTTOM
        for p in papers:
            n = per.get((p, mo), 0)
            if not n:
                continue
            h = (BOTTOM - TOP) * n / top
            out.append(f'<rect x="{_n(centre[i] - slot * 0.4)}" y="{_n(y - h)}" width="{_n(slot * 0.8)}" '
                       f'height="{_n(h)}" fill="{colours[p]}"><title>{_esc(p)} {_esc(mo)}: {n}</title></rect>')
            y -= h
    out += _legend(LEFT_X + PLOT_W, [(p, colours[p]) for p in papers], "paper_id")
    # right: mean rows per issue of each series, over the buckets that have issues
    held = [mo for mo in months if issues.get(mo)]
    means = {cfg: [rows.get((mo, cfg), 0) / issues[mo] for mo in held] for cfg, _ in SERIES}
    top, step = _axis_top(max(max(v) for v in means.values()), integer=False)
    slot = PLOT_W / len(held)
    xs = [RIGHT_X + slot * (i + 0.5) for i in range(len(held))]
    every = max(1, len(held) // 8)
    out += _frame(RIGHT_X, f"Rows per issue (mean per {unit})", "rows", top, step, held[::every], xs[::every])
    for cfg, colour in SERIES:
        pts = [(x, BOTTOM - (BOTTOM - TOP) * v / top) for x, v in zip(xs, means[cfg], strict=True)]
        out.append(f'<polyline points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in pts)}" fill="none" '
                   f'stroke="{colour}" stroke-width="1.5"/>')
        out += [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>' for x, y in pts]
    out += _legend(RIGHT_X + PLOT_W, list(SERIES))
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
