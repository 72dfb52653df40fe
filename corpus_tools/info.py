"""``corpus-tools info``: what a dataset folder holds, read from its manifest alone (no shard is opened).

``manifest.json`` already carries rows and bytes per shard and the card's
counts per paper and year, so the summary reads no partition file: it costs
the same for a hundred issues as for a hundred thousand, and it says what the
tool itself recorded, not a re-count.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from corpus_tools import manifest
from corpus_tools.schema import CONFIGS

BASE_KEYS = ("format", "format_version")


def summarize(folder: str | Path) -> dict[str, Any]:
    """Counts per config, per paper and year, the date range, release fields and sizes, as plain JSON values."""
    root = Path(os.path.abspath(folder))
    m = manifest.read(root)
    if m is None:
        raise manifest.ManifestError("no manifest.json: not a corpus-tools dataset folder", file=str(root))
    configs: dict[str, dict[str, int]] = {c: {"rows": 0, "shards": 0, "parquet_bytes": 0, "jsonl_bytes": 0}
                                          for c in CONFIGS}
    for c in CONFIGS:  # from the partition summaries alone: no partition file is read
        for s in m.summaries.values():
            if counts := s["parquet"].get(c):
                configs[c]["rows"] += counts["rows"]
                configs[c]["shards"] += counts["files"]
                configs[c]["parquet_bytes"] += counts["bytes"]
        configs[c]["jsonl_bytes"] = sum(s["jsonl_bytes"].get(c, 0) for s in m.summaries.values())
    papers: dict[str, dict[str, Any]] = {}
    years: dict[tuple[str, int], dict[str, Any]] = {}
    for (paper, year), s in sorted(m.summaries.items()):
        p = papers.setdefault(paper, {"newspapers": set(), "issues": 0})
        p["newspapers"].update(s["newspapers"])
        p["issues"] += s["issues"]
        years[(paper, year)] = {"issues": s["issues"], "rows": {c: s["rows"].get(c, 0) for c in CONFIGS}}
    firsts = sorted(s["first_date"] for s in m.summaries.values() if s.get("first_date"))
    lasts = sorted(s["last_date"] for s in m.summaries.values() if s.get("last_date"))
    dates = [firsts[0], lasts[-1]] if firsts else []
    owned_bytes = sum(f.bytes for f in m.meta) + sum(f.bytes for f in m.partition_files()) \
        + sum(c["parquet_bytes"] + c["jsonl_bytes"] for c in configs.values())
    return {
        "folder": str(root),
        "format_version": manifest.FORMAT_VERSION,
        "release": _release(m.extra),
        "issues": m.issue_count(),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "configs": configs,
        "papers": {pid: {"newspapers": sorted(p["newspapers"]), "issues": p["issues"],
                         "years": {str(y): years[(pid, y)] for y in sorted(y for q, y in years if q == pid)}}
                   for pid, p in sorted(papers.items())},
        "bytes": {"parquet": sum(c["parquet_bytes"] for c in configs.values()),
                  "jsonl": sum(c["jsonl_bytes"] for c in configs.values()),
                  "total": owned_bytes + (root / manifest.NAME).stat().st_size},
    }


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return f"{n} B"


def _release(extra: dict[str, Any]) -> dict[str, Any]:
    """The release record (``manifest["release"]``), with any other non-base top-level fields beside it.

    Its per paper-year ``counts`` are left out: the summary's ``papers`` table already gives them.
    """
    out = {k: v for k, v in extra.items() if k not in BASE_KEYS and k != "release"}
    rel = extra.get("release")
    if isinstance(rel, dict):
        out.update({k: v for k, v in rel.items() if k != "counts"})
    return out


def _release_value(v: Any) -> str:
    """Scalars as they are; a changelog or other structure by its size (``--json`` prints it whole)."""
    if isinstance(v, dict) and {"added", "removed"} <= set(v):
        parts = [f"{len(v[k])} {k}" for k in ("added", "removed", "changed") if isinstance(v.get(k), list)]
        return f"from {v.get('from_version') or 'nothing'}: " + ", ".join(parts)
    if isinstance(v, dict):
        return f"{{{len(v)} keys: {', '.join(list(v)[:6])}}}"
    if isinstance(v, list):
        return f"[{len(v)} entries]"
    return str(v)


def render(s: dict[str, Any]) -> str:
    """The summary as a few aligned tables for a terminal."""
    out = [f"{s['folder']}: {s['issues']} issues of {len(s['papers'])} paper(s), "
           f"{s['first_date'] or '-'} to {s['last_date'] or '-'}"]
    if s["release"]:
        out += [f"  {k}: {_release_value(v)}" for k, v in s["release"].items()]
    else:
        out.append("  release fields: none in the manifest (no dataset version recorded)")
    out.append("")
    out.append(f"{'config':<10}{'rows':>10}{'shards':>8}{'parquet':>11}{'jsonl':>11}")
    for c, e in s["configs"].items():
        out.append(f"{c:<10}{e['rows']:>10}{e['shards']:>8}{_size(e['parquet_bytes']):>11}{_size(e['jsonl_bytes']):>11}")
    b = s["bytes"]
    out.append(f"{'all':<10}{'':>10}{'':>8}{_size(b['parquet']):>11}{_size(b['jsonl']):>11}   "
               f"{_size(b['total'])} with schemas, card and manifest")
    out.append("")
    rows_of = CONFIGS[1:]  # the issues config has one row per issue: the issues column already says it
    out.append(f"{'paper':<12}{'year':>6}{'issues':>8}" + "".join(f"{c:>10}" for c in rows_of))
    for pid, p in s["papers"].items():
        for y, e in p["years"].items():
            out.append(f"{pid:<12}{y:>6}{e['issues']:>8}" + "".join(f"{e['rows'][c]:>10}" for c in rows_of))
        out.append(f"{'':<12}{'':>6}{'':>8}  {' / '.join(p['newspapers'])}")
    return "\n".join(out)
