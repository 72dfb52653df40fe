"""``figure.png``: the corpus at a glance, drawn from the manifest's partition summaries (no shard is read).

Left: issues per month (per year or decade past 60 months), one bar segment
per paper.  Right: articles, people and numbers per issue, averaged per bar.  The picture has a fixed size
whatever the number of issues, and it is drawn from per-month counts, so
neither the card that shows it nor the work of drawing it grows per issue.
matplotlib is a base dependency (so every install writes the same folder); an
environment without it still builds: no figure is written and the card says so.  The PNG is
deterministic: the Agg canvas, no pyplot state, no software/date metadata.
"""

from __future__ import annotations

import io
from typing import Any

SERIES = (("articles", "#1f77b4"), ("people", "#d62728"), ("numbers", "#2ca02c"))


def available() -> bool:
    """Whether matplotlib can be imported (the figure is optional)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
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
    """The PNG bytes of the figure for a manifest (its partition summaries), or None without matplotlib or issues.

    A build renders it twice (for the manifest's hash, then to write it): the last picture is kept.
    """
    key = figure_key(m)
    if not key or not available():
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


def _draw(key: tuple[Any, ...]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

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

    fig = Figure(figsize=(10, 3.6), dpi=100)
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    x = list(range(len(months)))
    bottom = [0] * len(months)
    for p in papers:
        h = [per.get((p, mo), 0) for mo in months]
        left.bar(x, h, bottom=bottom, label=p)
        bottom = [b + v for b, v in zip(bottom, h, strict=True)]
    step = max(1, len(months) // 12)
    left.set_xticks(x[::step], months[::step], rotation=45, ha="right", fontsize=8)
    left.set_title(f"Issues per {unit}")
    left.set_ylabel("issues")
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(title="paper_id", fontsize=8)

    held = [mo for mo in months if issues.get(mo)]
    idx = list(range(len(held)))
    for cfg, colour in SERIES:
        right.plot(idx, [rows.get((mo, cfg), 0) / issues[mo] for mo in held], marker="o" if len(idx) < 60 else None,
                   linewidth=1, color=colour, label=cfg)
    ticks = idx[:: max(1, len(idx) // 8)]
    right.set_xticks(ticks, [held[i] for i in ticks], rotation=45, ha="right", fontsize=8)
    right.set_title(f"Rows per issue (mean per {unit})")
    right.set_ylabel("rows")
    right.set_ylim(bottom=0)
    right.legend(fontsize=8)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.25, wspace=0.22)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
