"""``figure.png``: the corpus at a glance, drawn from the manifest's issue entries (no shard is read).

Left: issues per month, one bar segment per paper.  Right: articles, people
and numbers per issue over the issues' dates.  The picture has a fixed size
whatever the number of issues, so the card that shows it does not grow.
matplotlib is a base dependency (so every install writes the same folder); an
environment without it still builds: no figure is written and the card says so.  The PNG is
deterministic: the Agg canvas, no pyplot state, no software/date metadata.
"""

from __future__ import annotations

import io
from collections import Counter
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


def render_figure(issues: dict[str, dict[str, Any]]) -> bytes | None:
    """The PNG bytes of the figure for a manifest's issues, or None without matplotlib or issues.

    A build renders it twice (for the manifest's hash, then to write it): the last picture is kept.
    """
    if not issues or not available():
        return None
    key = figure_key(issues)
    if _last[0] != key:
        _last[:] = [key, _draw(issues)]
    return _last[1]


_last: list[Any] = [None, None]


def figure_key(issues: dict[str, dict[str, Any]]) -> tuple[Any, ...]:
    """Everything the figure shows: two manifests with the same key have the same picture."""
    return tuple((i, e["paper_id"], e["date"], tuple(sorted(e["rows"].items()))) for i, e in sorted(issues.items()))


def _draw(issues: dict[str, dict[str, Any]]) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    entries = sorted(issues.values(), key=lambda e: (e["date"], e["issue_id"]))
    papers = sorted({e["paper_id"] for e in entries})
    months = _month_range(entries[0]["date"][:7], entries[-1]["date"][:7])  # empty months show as gaps
    per = Counter((e["paper_id"], e["date"][:7]) for e in entries)

    fig = Figure(figsize=(10, 3.6), dpi=100)
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    x = list(range(len(months)))
    bottom = [0] * len(months)
    for p in papers:
        h = [per[(p, m)] for m in months]
        left.bar(x, h, bottom=bottom, label=p)
        bottom = [b + v for b, v in zip(bottom, h, strict=True)]
    step = max(1, len(months) // 12)
    left.set_xticks(x[::step], months[::step], rotation=45, ha="right", fontsize=8)
    left.set_title("Issues per month")
    left.set_ylabel("issues")
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    left.legend(title="paper_id", fontsize=8)

    idx = list(range(len(entries)))
    for cfg, colour in SERIES:
        right.plot(idx, [e["rows"].get(cfg, 0) for e in entries], marker="o" if len(idx) < 60 else None,
                   linewidth=1, color=colour, label=cfg)
    ticks = idx[:: max(1, len(idx) // 8)]
    right.set_xticks(ticks, [entries[i]["date"] for i in ticks], rotation=45, ha="right", fontsize=8)
    right.set_title("Rows per issue (in date order)")
    right.set_ylabel("rows")
    right.set_ylim(bottom=0)
    right.legend(fontsize=8)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.25, wspace=0.22)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
