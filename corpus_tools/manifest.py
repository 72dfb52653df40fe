"""The manifest: which files of a dataset folder this tool owns, and what each holds.

A folder is a dataset only by its ``manifest.json`` (not by a phrase in its
README); the tool writes, rewrites and deletes only the paths the manifest
lists (plus its own ``.corpus-tools/`` folder), so a ``.git``, a ``LICENSE``
or notes beside the data survive every build.

The manifest is split by (paper, year) partition, so that adding, rebuilding
or removing one issue reads and writes the small top file and one partition
file, never a record of every issue:

``manifest.json`` (keys in this order; room for release fields at the top level)::

    {"format": "corpus-tools-manifest", "format_version": 3, "release": {...} (see release.py),
     "files": [{"path", "kind", "config", "sha256", "bytes", "rows"}, ...]    (schemas, card, croissant, figure),
     "partitions": [{"paper_id", "year", "path", "sha256", "bytes",          (the partition file)
                     "issues", "newspapers", "first_date", "last_date", "pages", "articles", "images",
                     "unplaced", "with_unplaced", "scripts", "rows", "months",  (what the card and figure show)
                     "parquet": {config: {"files", "bytes", "rows"}}, "jsonl_bytes": {config: n}},
                    ...]}

``manifest/<paper_id>/<yyyy>.<sha12>.json``, one per partition (content-hashed, like the shards)::

    {"format": "corpus-tools-partition", "format_version": 2, "paper_id", "year",
     "files": [{"path", "kind", "config", "sha256", "bytes", "rows", "paper_id", "year", "issues"}, ...],
     "issues": {"<issue_id>": {"paper_id", "year", "date", "newspaper", ..., "rows": {config: n},
                               "jsonl_bytes": {config: n}, "content_sha256"}}}

A partition's ``files`` are its shards (``kind`` parquet or jsonl, with the
issue ids they hold in order); ``issues`` carries what the shard planner needs
per issue.  The summaries in ``manifest.json`` are derived from the partition
files (validate recomputes them), so the card, ``croissant.json`` and the
figure are rendered from the top file alone.  They hold counts per config
(files, bytes, rows), never a row per shard, so ``manifest.json`` grows with
the (paper, year) partitions and not with the shards or issues.  A partition
file is read only when asked for (``Manifest.partition``), checked against the
sha256 the top file records.  Versions 1 (one file listing every issue) and 2
(summaries listing every Parquet shard) are still read, and the next change of
such a folder writes version 3.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from corpus_tools.errors import CorpusError
from corpus_tools.schema import CONFIGS

NAME = "manifest.json"
FORMAT = "corpus-tools-manifest"
PART_FORMAT = "corpus-tools-partition"
FORMAT_VERSION = 3
READ_VERSIONS = (1, 2, 3)
PART_FORMAT_VERSION = 2  # partition files did not change in version 3 of manifest.json
PART_DIR = "manifest"
SAFE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")  # issue and paper ids: safe as file names
SHARD_RE = re.compile(r"^(?P<sub>data|jsonl)/(?P<config>[a-z]+)/(?P<paper>[a-z0-9][a-z0-9-]*)/(?P<year>\d{4})/"
                      r"(?P<stem>[a-z0-9][a-z0-9-]*)\.(?P<sha>[0-9a-f]{12})\.(?P<ext>parquet|jsonl)$")
PART_RE = re.compile(r"^manifest/(?P<paper>[a-z0-9][a-z0-9-]*)/(?P<year>\d{4})\.(?P<sha>[0-9a-f]{12})\.json$")
ISSUE_DATE_RE = re.compile(r"-(?P<year>\d{4})-\d{2}-\d{2}(?:-|$)")  # <paper_id>-<YYYY-MM-DD>[-<edition>]
KIND_OF_SUB = {"data": "parquet", "jsonl": "jsonl"}
# rendered from the manifest after its commit (kind: path)
DERIVED = {"card": "README.md", "croissant": "croissant.json", "figure": "figure.svg"}
LEGACY_FIGURE = "figure.png"  # what versions before the SVG figure wrote: still read, retired by the next commit
ISSUE_FIELDS = ("issue_id", "newspaper", "paper_id", "date", "edition", "page_count", "article_count",
                "image_count", "source_sha256", "script")


class ManifestError(CorpusError):
    """A manifest that cannot be trusted: not JSON, wrong types, unsafe paths or ids, missing files."""

    code = "E040"


@dataclass(frozen=True)
class FileEntry:
    """One owned file: a shard (with the issues it holds, in order), a schema or the card."""

    path: str
    kind: str  # parquet, jsonl, schema, card, croissant, figure, partition (a partition's manifest file)
    sha256: str
    bytes: int
    config: str | None = None
    rows: int = 0
    paper_id: str | None = None
    year: int | None = None
    issues: tuple[str, ...] = ()

    @property
    def group(self) -> tuple[str, int] | None:
        """The (paper_id, year) group of a shard; shards never mix two groups."""
        return (self.paper_id, self.year) if self.paper_id is not None and self.year is not None else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind, "config": self.config, "sha256": self.sha256,
                               "bytes": self.bytes, "rows": self.rows}
        if self.group is not None:
            out |= {"paper_id": self.paper_id, "year": self.year, "issues": list(self.issues)}
        return out


Group = tuple[str, int]


@dataclass
class Partition:
    """One (paper, year) partition: its shards and its issues, as its manifest file holds them."""

    group: Group
    files: list[FileEntry] = field(default_factory=list)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)

    def shards(self, config: str, kind: str = "parquet") -> list[FileEntry]:
        return sorted((f for f in self.files if f.kind == kind and f.config == config), key=lambda f: f.issues[0])

    def by_path(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}

    def to_bytes(self) -> bytes:
        """Deterministic JSON: the same shards and issues give the same bytes (and file name)."""
        files = sorted(self.files, key=lambda f: (f.kind, f.config or "", f.issues[:1], f.path))
        doc = {"format": PART_FORMAT, "format_version": PART_FORMAT_VERSION, "paper_id": self.group[0],
               "year": self.group[1], "files": [f.to_json() for f in files],
               "issues": {k: self.issues[k] for k in sorted(self.issues)}}
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"

    def summary(self) -> dict[str, Any]:
        """What the top manifest keeps of this partition (besides its file): the card's and figure's counts."""
        es = sorted(self.issues.values(), key=lambda e: (e["date"], e["issue_id"]))
        rows = dict.fromkeys(CONFIGS, 0)
        months: dict[str, dict[str, Any]] = {}
        scripts: dict[str, int] = {}
        for e in es:
            mo = months.setdefault(str(e["date"])[:7], {"issues": 0, "rows": dict.fromkeys(CONFIGS, 0)})
            mo["issues"] += 1
            for c, n in e["rows"].items():
                rows[c] += n
                mo["rows"][c] += n
            script = e.get("script") or "Hans"
            scripts[script] = scripts.get(script, 0) + 1
        for mo in months.values():
            mo["rows"] = {c: n for c, n in mo["rows"].items() if n}
        parquet = {c: {"files": len(fs), "bytes": sum(f.bytes for f in fs), "rows": sum(f.rows for f in fs)}
                   for c in CONFIGS if (fs := self.shards(c))}
        return {"paper_id": self.group[0], "year": self.group[1], "issues": len(es),
                "newspapers": sorted({str(e.get("newspaper") or e["paper_id"]) for e in es}),
                "first_date": es[0]["date"] if es else None, "last_date": es[-1]["date"] if es else None,
                "pages": sum(e.get("page_count") or 0 for e in es),
                "articles": sum(e.get("article_count") or 0 for e in es),
                "images": sum(e.get("image_count") or 0 for e in es),
                "unplaced": sum(e.get("unplaced_count", 0) for e in es),
                "with_unplaced": sum(1 for e in es if e.get("unplaced_count")),
                "scripts": dict(sorted(scripts.items())), "rows": {c: n for c, n in rows.items() if n},
                "months": months, "parquet": parquet,
                "jsonl_bytes": {c: n for c in CONFIGS if (n := sum(f.bytes for f in self.shards(c, "jsonl")))}}


SUMMARY_FILE_KEYS = ("path", "sha256", "bytes")  # of the partition file; the rest is Partition.summary()


def partition_path(group: Group, sha256: str) -> str:
    """Where a partition's manifest file lives: ``manifest/<paper_id>/<yyyy>.<sha12>.json``."""
    return f"{PART_DIR}/{group[0]}/{group[1]:04d}.{sha256[:12]}.json"


class Manifest:
    """Files and issues of a dataset folder, partition by partition; ``extra`` keeps top-level keys
    (the release record) other tools added.

    ``summaries`` (one per partition, from ``manifest.json``) are always there;
    a partition's shards and issues are read from its own file on first use.
    ``files`` and ``issues`` are the whole folder's (every partition is read):
    for readers that need all of them, never for a one-issue change.
    """

    def __init__(self, meta: list[FileEntry] | None = None, summaries: dict[Group, dict[str, Any]] | None = None,
                 extra: dict[str, Any] | None = None,
                 loader: Callable[[Group, dict[str, Any]], Partition] | None = None,
                 loaded: dict[Group, Partition] | None = None) -> None:
        self.meta: list[FileEntry] = list(meta or [])  # schemas, card, croissant, figure
        self.summaries: dict[Group, dict[str, Any]] = dict(summaries or {})
        self.extra: dict[str, Any] = dict(extra or {})
        self._loader = loader
        self._loaded: dict[Group, Partition] = dict(loaded or {})

    def groups(self) -> list[Group]:
        return sorted(self.summaries)

    def partition(self, group: Group, keep: bool = True) -> Partition:
        """A partition's shards and issues (an empty one for a group the folder does not hold)."""
        if group in self._loaded:
            return self._loaded[group]
        summary = self.summaries.get(group)
        if summary is None:
            return Partition(group)
        if self._loader is None:
            raise ManifestError(f"partition {group[0]} {group[1]} is not loaded", file=NAME)
        p = self._loader(group, summary)
        if keep:
            self._loaded[group] = p
        return p

    def attach(self, folder: Path) -> None:
        """Read partitions from ``folder`` (a manifest built in memory, once its files are there)."""
        self.read_through(lambda rel: (folder / rel).read_bytes(), str(folder))

    def read_through(self, fetch: Callable[[str], bytes], root: str) -> None:
        """Read partitions with ``fetch(path)`` (a store's download) from now on; ``root`` names them in errors."""
        self._loader = partition_loader(fetch, root)

    def forget(self, group: Group) -> None:
        """Drop a read partition from memory (it is read again when asked for)."""
        if self._loader is not None:
            self._loaded.pop(group, None)

    def partitions(self) -> Iterator[Partition]:
        """Every partition in group order, read one at a time (not kept: memory stays one partition's)."""
        for g in self.groups():
            yield self.partition(g, keep=False)

    def partition_files(self) -> list[FileEntry]:
        """The partitions' own manifest files, as owned files (kind ``partition``)."""
        return [FileEntry(s["path"], "partition", s["sha256"], s["bytes"], None, 0, g[0], g[1])
                for g, s in sorted(self.summaries.items()) if s.get("path")]

    @property
    def files(self) -> list[FileEntry]:
        return [*self.meta, *self.partition_files(), *(f for g in self.groups() for f in self.partition(g).files)]

    @property
    def issues(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for g in self.groups():
            out.update(self.partition(g).issues)
        return out

    def issue_count(self) -> int:
        return sum(s["issues"] for s in self.summaries.values())

    def shards(self, config: str, kind: str = "parquet") -> list[FileEntry]:
        """The shards of one config, in issue-id order (the order the card lists and loaders read)."""
        return sorted((f for g in self.groups() for f in self.partition(g).files
                       if f.kind == kind and f.config == config), key=lambda f: f.issues[0])

    def parquet_listing(self, config: str) -> list[dict[str, Any]]:
        """A config's Parquet shards (path, sha256, bytes, rows) in issue-id order.

        Read from the partition files of the groups whose summary counts rows of
        ``config`` (one at a time, not kept), since ``manifest.json`` holds counts only.
        """
        shards = [f for g in self.groups() if self.summaries[g]["parquet"].get(config)
                  for f in self.partition(g, keep=False).shards(config)]
        return [{"path": f.path, "sha256": f.sha256, "bytes": f.bytes, "rows": f.rows}
                for f in sorted(shards, key=lambda f: f.issues[0])]

    def owned(self) -> set[str]:
        return {f.path for f in self.files}

    def owns(self, rel: str) -> bool:
        """Whether the manifest lists ``rel``, reading at most the one partition the path belongs to."""
        if any(f.path == rel for f in self.meta):
            return True
        if (m := PART_RE.match(rel)) is not None:
            return self.summaries.get((m["paper"], int(m["year"])), {}).get("path") == rel
        if (m := SHARD_RE.match(rel)) is not None:
            return rel in self.partition((m["paper"], int(m["year"]))).by_path()
        return False

    def find(self, issue_id: str) -> Group | None:
        """The partition holding an issue: its id names its paper and year; any partition when that fails."""
        for m in ISSUE_DATE_RE.finditer(issue_id):
            g = (issue_id[:m.start()], int(m["year"]))
            if g in self.summaries and issue_id in self.partition(g).issues:
                return g
        return next((g for g in self.groups() if issue_id in self.partition(g).issues), None)

    def by_path(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}

    def to_bytes(self) -> bytes:
        """Deterministic JSON (no clock, no host): two builds of the same issues give the same bytes."""
        meta = sorted(self.meta, key=lambda f: (f.kind, f.config or "", f.path))
        doc = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.extra,
               "files": [f.to_json() for f in meta],
               "partitions": [self.summaries[g] for g in self.groups()]}
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"

    def sha256(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()


def summary_with_file(p: Partition, data: bytes) -> dict[str, Any]:
    """A partition's summary for ``manifest.json``, naming its file (written with ``data``, its bytes)."""
    sha = hashlib.sha256(data).hexdigest()
    s = p.summary()
    return {"paper_id": s.pop("paper_id"), "year": s.pop("year"), "path": partition_path(p.group, sha),
            "sha256": sha, "bytes": len(data), **s}


def stale_summaries(m: Manifest) -> list[Group]:
    """Partitions whose summary in ``manifest.json`` is not what their file gives (an edited top file)."""
    out = []
    for p in m.partitions():
        s = {k: v for k, v in m.summaries[p.group].items() if k not in SUMMARY_FILE_KEYS}
        if s != p.summary():
            out.append(p.group)
    return out


def issue_entry(issue_row: dict[str, Any], rows: dict[str, int], jsonl_bytes: dict[str, int],
                content: dict[str, bytes] | None = None) -> dict[str, Any]:
    """What the manifest keeps of one issue: its card fields, group, rows and JSONL bytes per config, and, given
    the issue's JSON lines per config (``content``), ``content_sha256`` so a release's changelog sees a changed
    issue; ``unplaced_count`` is the number of ``unplaced`` pieces of its issues row."""
    out = {k: issue_row.get(k) for k in ISSUE_FIELDS}
    out["year"] = int(str(issue_row["date"])[:4])
    out["unplaced_count"] = len(issue_row.get("unplaced") or [])  # the card's Limitations sum it
    out["rows"] = {c: rows[c] for c in CONFIGS if rows.get(c)}
    out["jsonl_bytes"] = {c: jsonl_bytes[c] for c in CONFIGS if rows.get(c)}
    if content is not None:
        h = hashlib.sha256()
        for c in CONFIGS:
            if rows.get(c):
                h.update(f"{c}\n{len(content[c])}\n".encode())
                h.update(content[c])
        out["content_sha256"] = h.hexdigest()
    return out


def read(folder: Path) -> Manifest | None:
    """The manifest of a folder, checked; None when the folder has none (it is not a dataset).

    Only ``manifest.json`` is read here; a partition's file is read (and its sha256 checked) on first use.
    """
    path = folder / NAME
    if not path.is_file():
        return None
    try:
        doc = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as e:
        raise ManifestError(f"not valid UTF-8 JSON: {e}", file=str(path)) from None
    return parse(doc, str(path), lambda rel: (folder / rel).read_bytes(), str(folder))


def parse(doc: Any, where: str, fetch: Callable[[str], bytes] | None = None, root: str = "") -> Manifest:
    """A manifest from its JSON, refusing wrong types, unsafe paths and unsafe issue ids.

    ``fetch(path)`` gives the bytes of a partition file (a local read, or a download for a remote folder).
    """
    def bad(msg: str, ptr: str) -> ManifestError:
        return ManifestError(msg, file=where, field=ptr)

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise bad(f"not a corpus-tools manifest (expected \"format\": \"{FORMAT}\")", "/format")
    if doc.get("format_version") not in READ_VERSIONS:
        raise bad(f"format_version {doc.get('format_version')!r} is not one of {READ_VERSIONS}", "/format_version")
    if doc["format_version"] == 1:
        return _parse_v1(doc, bad)
    files, parts = doc.get("files"), doc.get("partitions")
    if not isinstance(files, list) or not isinstance(parts, list):
        raise bad("expected a list \"files\" and a list \"partitions\"", "/partitions")
    extra = {k: v for k, v in doc.items() if k not in ("format", "format_version", "files", "partitions")}
    meta = []
    for k, f in enumerate(files):
        e = _file_entry(f, f"/files/{k}", {}, bad)
        if e.kind not in ("schema", *DERIVED) or any(x.path == e.path for x in meta):
            raise bad(f"{e.path} is not a top-level file of manifest.json or is listed twice", f"/files/{k}")
        meta.append(e)
    summaries: dict[Group, dict[str, Any]] = {}
    for k, s in enumerate(parts):
        g = _summary_group(s, f"/partitions/{k}", bad, doc["format_version"])
        if g in summaries:
            raise bad(f"partition {g[0]} {g[1]} listed twice", f"/partitions/{k}")
        summaries[g] = s

    return Manifest(meta, summaries, extra, partition_loader(fetch, root))


def partition_loader(fetch: Callable[[str], bytes] | None, root: str = "") -> Callable[[Group, dict[str, Any]],
                                                                                       Partition]:
    """Reads a partition file through ``fetch(path)`` and checks it against its summary's size and sha256."""
    def load(group: Group, summary: dict[str, Any]) -> Partition:
        rel = summary["path"]
        at = f"{root}/{rel}" if root else rel
        if fetch is None:
            raise ManifestError("no way to read the partition file", file=at)
        try:
            data = fetch(rel)
        except FileNotFoundError:
            raise ManifestError("listed in manifest.json but missing", file=at) from None
        if len(data) != summary["bytes"] or hashlib.sha256(data).hexdigest() != summary["sha256"]:
            raise ManifestError("bytes differ from the sha256 in manifest.json", file=at)
        try:
            pdoc = orjson.loads(data)
        except orjson.JSONDecodeError as e:
            raise ManifestError(f"not valid UTF-8 JSON: {e}", file=at) from None
        return parse_partition(pdoc, at, group)

    return load



def _summary_group(s: Any, ptr: str, bad: Any, version: int) -> Group:
    """A partition summary's group, after checking the fields readers rely on.

    A version-2 summary lists each Parquet shard; its list becomes version 3's counts here.
    """
    if not isinstance(s, dict) or not SAFE_ID_RE.match(str(s.get("paper_id"))) or not isinstance(s.get("year"), int):
        raise bad("a partition needs paper_id and year", ptr)
    g = (s["paper_id"], s["year"])
    m = PART_RE.match(str(s.get("path")))
    sha = s.get("sha256")
    sha_ok = isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha) is not None
    if m is None or (m["paper"], int(m["year"])) != g or not sha_ok or m["sha"] != str(sha)[:12]:
        raise bad("path must be manifest/<paper_id>/<yyyy>.<sha12>.json of its paper, year and sha256", f"{ptr}/path")
    if not isinstance(s.get("bytes"), int) or not isinstance(s.get("issues"), int) \
            or not isinstance(s.get("parquet"), dict) or not isinstance(s.get("jsonl_bytes"), dict) \
            or not isinstance(s.get("months"), dict) or not isinstance(s.get("rows"), dict):
        raise bad("a partition needs bytes, issues, rows, months, parquet and jsonl_bytes", ptr)
    if version == 2:
        s["parquet"] = {cfg: _v2_counts(listed, g, f"{ptr}/parquet/{cfg}", cfg, bad)
                        for cfg, listed in s["parquet"].items() if listed}
    for cfg, counts in s["parquet"].items():
        if cfg not in CONFIGS or not isinstance(counts, dict) \
                or not all(isinstance(counts.get(k), int) and counts[k] >= 0 for k in ("files", "bytes", "rows")):
            raise bad("expected a config's Parquet counts: files, bytes and rows", f"{ptr}/parquet/{cfg}")
    return g


def _v2_counts(listed: Any, g: Group, ptr: str, cfg: str, bad: Any) -> dict[str, int]:
    """A version-2 summary's list of Parquet shards of one config, as version 3's counts."""
    for k, f in enumerate(listed if isinstance(listed, list) else [None]):
        sm = SHARD_RE.match(str(f.get("path"))) if isinstance(f, dict) else None
        if sm is None or sm["config"] != cfg or sm["ext"] != "parquet" or (sm["paper"], int(sm["year"])) != g \
                or not isinstance(f.get("bytes"), int) or not isinstance(f.get("rows"), int):
            raise bad("expected a Parquet shard of this partition with path, sha256, bytes and rows", f"{ptr}/{k}")
    return {"files": len(listed), "bytes": sum(f["bytes"] for f in listed), "rows": sum(f["rows"] for f in listed)}


def parse_partition(doc: Any, where: str, group: Group) -> Partition:
    """A partition file's shards and issues, refusing what does not belong to its paper and year."""
    def bad(msg: str, ptr: str) -> ManifestError:
        return ManifestError(msg, file=where, field=ptr)

    if not isinstance(doc, dict) or doc.get("format") != PART_FORMAT \
            or doc.get("format_version") != PART_FORMAT_VERSION:
        raise bad(f"not a corpus-tools partition file (expected \"format\": \"{PART_FORMAT}\", "
                  f"format_version {PART_FORMAT_VERSION})", "/format")
    if (doc.get("paper_id"), doc.get("year")) != group:
        raise bad(f"holds {doc.get('paper_id')} {doc.get('year')}, manifest.json says {group[0]} {group[1]}",
                  "/paper_id")
    files, issues = doc.get("files"), doc.get("issues")
    if not isinstance(files, list) or not isinstance(issues, dict):
        raise bad("expected a list \"files\" and an object \"issues\"", "/files")
    out = Partition(group)
    for iid, entry in issues.items():
        _check_issue(iid, entry, bad)
        if (entry["paper_id"], entry["year"]) != group:
            raise bad(f"issue {iid} is not of {group[0]} {group[1]}", f"/issues/{iid}")
        out.issues[iid] = entry
    by_group = {group: set(out.issues)}
    seen: set[str] = set()
    for k, f in enumerate(files):
        e = _file_entry(f, f"/files/{k}", by_group, bad)
        if e.group is None or e.path in seen:
            raise bad(f"{e.path} is not a shard or is listed twice", f"/files/{k}")
        seen.add(e.path)
        out.files.append(e)
    return out


def _check_issue(iid: Any, entry: Any, bad: Any) -> None:
    if not isinstance(iid, str) or not SAFE_ID_RE.match(iid) or not isinstance(entry, dict):
        raise bad(f"issue id {iid!r} is not a safe file name (lower-case ASCII letters, digits, '-')",
                  f"/issues/{iid}")
    if not isinstance(entry.get("rows"), dict) or not isinstance(entry.get("jsonl_bytes"), dict) \
            or not isinstance(entry.get("year"), int) or not SAFE_ID_RE.match(str(entry.get("paper_id"))):
        raise bad("issue entry needs paper_id, year, rows and jsonl_bytes", f"/issues/{iid}")


def _parse_v1(doc: dict[str, Any], bad: Any) -> Manifest:
    """A version-1 manifest (every issue in one file): read whole, its partitions held in memory, unwritten."""
    files, issues = doc.get("files"), doc.get("issues")
    if not isinstance(files, list) or not isinstance(issues, dict):
        raise bad("expected a list \"files\" and an object \"issues\"", "/files")
    extra = {k: v for k, v in doc.items() if k not in ("format", "format_version", "files", "issues")}
    parts: dict[Group, Partition] = {}
    for iid, entry in issues.items():
        _check_issue(iid, entry, bad)
        g = (entry["paper_id"], entry["year"])
        parts.setdefault(g, Partition(g)).issues[iid] = entry
    by_group = {g: set(p.issues) for g, p in parts.items()}
    meta: list[FileEntry] = []
    seen: set[str] = set()
    for k, f in enumerate(files):
        e = _file_entry(f, f"/files/{k}", by_group, bad)
        if e.path in seen:
            raise bad(f"{e.path} listed twice", f"/files/{k}")
        seen.add(e.path)
        if e.group is None:
            meta.append(e)
        else:
            parts[e.group].files.append(e)
    summaries = {g: {"paper_id": g[0], "year": g[1], **{k: v for k, v in p.summary().items()
                                                          if k not in ("paper_id", "year")}}
                 for g, p in parts.items()}
    return Manifest(meta, summaries, extra, None, parts)


def _file_entry(f: Any, ptr: str, by_group: dict[tuple[str, int], set[str]], bad: Any) -> FileEntry:
    if not isinstance(f, dict):
        raise bad("expected an object", ptr)
    path, kind, sha, size, rows = f.get("path"), f.get("kind"), f.get("sha256"), f.get("bytes"), f.get("rows", 0)
    if not (isinstance(path, str) and isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)
            and isinstance(size, int) and isinstance(rows, int)):
        raise bad("expected path, sha256 (64 hex digits), bytes and rows", ptr)
    if kind in ("schema", *DERIVED):
        expected = {DERIVED[kind]} if kind in DERIVED else {f"schemas/{c}.schema.json" for c in CONFIGS}
        if kind == "figure":
            expected.add(LEGACY_FIGURE)
        if path not in expected:
            raise bad(f"{path!r} is not a {kind} path this tool writes", f"{ptr}/path")
        return FileEntry(path, kind, sha, size, f.get("config"), rows)
    m = SHARD_RE.match(path)
    if m is None or KIND_OF_SUB[m["sub"]] != kind \
            or m["ext"] != kind or m["config"] not in CONFIGS or m["config"] != f.get("config") \
            or m["sha"] != sha[:12]:
        raise bad(f"{path!r} is not a shard path this tool writes (data|jsonl/<config>/<paper>/<yyyy>/"
                  "<first>[--<last>].<sha12>.parquet|jsonl)", f"{ptr}/path")
    ids = f.get("issues")
    group = (m["paper"], int(m["year"]))
    try:  # sorted() and the set test refuse non-strings in C (a per-id loop costs 1 s at 40,000 issues)
        listed = isinstance(ids, list) and bool(ids) and ids == sorted(ids)
        in_group = listed and by_group.get(group, set()).issuperset(ids)
    except TypeError:
        listed = in_group = False
    if not listed:
        raise bad("issues must list, in order, ids present in the manifest's issues", f"{ptr}/issues")
    if f.get("paper_id") != m["paper"] or f.get("year") != int(m["year"]) or not in_group:
        known = set().union(*by_group.values())
        if not known.issuperset(ids):
            raise bad("issues must list, in order, ids present in the manifest's issues", f"{ptr}/issues")
        raise bad("a shard's issues must all belong to its paper and year", f"{ptr}/issues")
    if m["stem"] != shard_stem_for(ids):
        raise bad(f"name {m['stem']!r} does not match the issues it holds", f"{ptr}/path")
    return FileEntry(path, kind, sha, size, m["config"], rows, m["paper"], int(m["year"]), tuple(ids))


def shard_stem_for(issue_ids: list[str] | tuple[str, ...]) -> str:
    """A shard's name before the hash: its issue, or its first and last issue (ids in order)."""
    return issue_ids[0] if len(issue_ids) == 1 else f"{issue_ids[0]}--{issue_ids[-1]}"


def shard_path(sub: str, config: str, group: tuple[str, int], issue_ids: list[str], sha256: str) -> str:
    """Where a shard lives: ``<sub>/<config>/<paper_id>/<yyyy>/<stem>.<sha12>.<ext>``."""
    paper, year = group
    ext = KIND_OF_SUB[sub]
    return f"{sub}/{config}/{paper}/{year:04d}/{shard_stem_for(issue_ids)}.{sha256[:12]}.{ext}"
