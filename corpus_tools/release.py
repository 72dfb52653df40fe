"""The release record in ``manifest.json``: dataset version, converter version, source commit, counts, changelog.

A dataset folder changes by builds; each build's manifest says what the
release is, next to the per-file sha256/bytes/rows the manifest already keeps::

    "release": {"dataset_version": "1.2.0", "converter_version": ..., "schema_version": ...,
                "source_commit": ..., ["released": "YYYY-MM-DD" only with SOURCE_DATE_EPOCH],
                "counts": {paper_id: {year: {<config>: rows}}}   ("issues": the number of issues),
                "changelog": {"from_version": ..., "added": [...], "removed": [...], "changed": [...]}}

The dataset version is a semver worked out against the previous manifest:
major when the schema version differs or issues were removed (a user's
query may no longer run or find its rows), minor when issues were added,
patch when only existing issues changed (a converter fix rebuilt them). A
build that changes no issue keeps the previous release as it was, so an
idempotent rebuild writes the same bytes.  Nothing reads the clock unless
``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.schema import CONFIGS

FIRST_VERSION = "1.0.0"
COMMIT_ENV = "CORPUS_TOOLS_SOURCE_COMMIT"


def counts(summaries: dict[tuple[str, int], dict[str, Any]]) -> dict[str, dict[str, dict[str, int]]]:
    """Issues and rows of every config per paper and year, from the manifest's partition summaries."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for (paper, year), s in sorted(summaries.items()):  # the issues config has one row per issue: it counts them
        out.setdefault(paper, {})[str(year)] = {c: s["rows"].get(c, 0) for c in CONFIGS}
    return out


def changelog(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Issue ids added, removed and changed (content hash or converter differs) between two sets of issue entries
    (a build compares each partition it changes; the others did not change)."""
    both = sorted(set(old) & set(new))
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new)),
            "changed": [i for i in both if _fingerprint(old[i]) != _fingerprint(new[i])]}


def _fingerprint(entry: dict[str, Any]) -> tuple[Any, ...]:
    return (entry.get("content_sha256"), entry.get("source_sha256"), entry.get("rows"), entry.get("jsonl_bytes"))


def bump(version: str, log: dict[str, list[str]], schema_changed: bool) -> str:
    """The next semver: major for a schema change or removed issues, minor for added ones, patch for fixes."""
    major, minor, patch = (int(x) for x in version.split("."))
    if schema_changed or log["removed"]:
        return f"{major + 1}.0.0"
    if log["added"]:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def release(old_release: dict[str, Any] | None, log: dict[str, list[str]],
            summaries: dict[tuple[str, int], dict[str, Any]]) -> dict[str, Any]:
    """The release record of a build, given the previous release, the changelog and the new partition summaries."""
    schema_changed = bool(old_release) and old_release.get("schema_version") != SCHEMA_VERSION
    if old_release and not schema_changed and not any(log.values()) \
            and old_release.get("converter_version") == __version__:
        return old_release  # nothing changed: the same release, byte for byte
    if old_release:
        version = bump(old_release["dataset_version"], log, schema_changed)
        log_doc = {"from_version": old_release["dataset_version"], **log}
    else:
        version = FIRST_VERSION
        log_doc = {"from_version": None, **log}
    out: dict[str, Any] = {"dataset_version": version, "converter_version": __version__,
                           "schema_version": SCHEMA_VERSION, "source_commit": source_commit()}
    if (day := release_date()) is not None:
        out["released"] = day
    out["counts"] = counts(summaries)
    out["changelog"] = log_doc
    return out


def release_date() -> str | None:
    """The release day from ``SOURCE_DATE_EPOCH`` (UTC), or None: a build never reads the clock itself."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc).date().isoformat()


@cache
def source_commit() -> str | None:
    """The commit of the converter's code: ``$CORPUS_TOOLS_SOURCE_COMMIT``, the git HEAD of the checkout the
    package runs from, or the commit pip recorded for a VCS install; None for a plain wheel."""
    if os.environ.get(COMMIT_ENV):
        return os.environ[COMMIT_ENV]
    here = Path(__file__).resolve().parent
    try:
        top = subprocess.run(["git", "-C", str(here), "rev-parse", "--show-toplevel", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        top = None
    if top is not None and top.returncode == 0:
        root, head = top.stdout.split()
        if here.is_relative_to(Path(root).resolve()):
            return head
    return _pip_vcs_commit()


def _pip_vcs_commit() -> str | None:
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        raw = distribution("corpus-tools").read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    if not raw:
        return None
    return json.loads(raw).get("vcs_info", {}).get("commit_id")
