"""The manifest: which files of a dataset folder this tool owns, and what each holds.

``manifest.json`` at the top of a dataset folder is its ownership record and
its per-file metadata at once.  A folder is a dataset only by this file (not
by a phrase in its README); the tool writes, rewrites and deletes only the
paths listed here (plus its own ``.corpus-tools/`` folder), so a ``.git``, a
``LICENSE`` or notes beside the data survive every build.

Shape (keys in this order; room for release fields such as a version or a
changelog at the top level)::

    {"format": "corpus-tools-manifest", "format_version": 1,
     "files": [{"path", "kind", "config", "sha256", "bytes", "rows", "paper_id", "year", "issues"}, ...],
     "issues": {"<issue_id>": {"paper_id", "year", "date", "newspaper", ..., "rows": {config: n},
                               "jsonl_bytes": {config: n}, "content_sha256"}},
     "release": {...}}   (see release.py)

``files`` lists shards (``kind`` parquet or jsonl, with the issue ids they
hold in order), the schemas, the card and ``croissant.json``; ``issues`` carries what the card and
the shard planner need per issue, so adding one issue reads no shard.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from corpus_tools.errors import CorpusError
from corpus_tools.schema import CONFIGS

NAME = "manifest.json"
FORMAT = "corpus-tools-manifest"
FORMAT_VERSION = 1
SAFE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,127}$")  # issue and paper ids: safe as file names
SHARD_RE = re.compile(r"^(?P<sub>data|jsonl)/(?P<config>[a-z]+)/(?P<paper>[a-z0-9][a-z0-9-]*)/(?P<year>\d{4})/"
                      r"(?P<stem>[a-z0-9][a-z0-9-]*)\.(?P<sha>[0-9a-f]{12})\.(?P<ext>parquet|jsonl)$")
KIND_OF_SUB = {"data": "parquet", "jsonl": "jsonl"}
# rendered from the manifest after its commit (kind: path)
DERIVED = {"card": "README.md", "croissant": "croissant.json", "figure": "figure.png"}
ISSUE_FIELDS = ("issue_id", "newspaper", "paper_id", "date", "edition", "page_count", "article_count",
                "image_count", "source_sha256", "script")


class ManifestError(CorpusError):
    """A manifest that cannot be trusted: not JSON, wrong types, unsafe paths or ids, missing files."""

    code = "E040"


@dataclass(frozen=True)
class FileEntry:
    """One owned file: a shard (with the issues it holds, in order), a schema or the card."""

    path: str
    kind: str  # parquet, jsonl, schema, card, croissant, figure
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


@dataclass
class Manifest:
    """Files and issues of a dataset folder; ``extra`` keeps top-level keys other tools added."""

    files: list[FileEntry] = field(default_factory=list)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def shards(self, config: str, kind: str = "parquet") -> list[FileEntry]:
        """The shards of one config, in issue-id order (the order the card lists and loaders read)."""
        return sorted((f for f in self.files if f.kind == kind and f.config == config), key=lambda f: f.issues[0])

    def owned(self) -> set[str]:
        return {f.path for f in self.files}

    def by_path(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}

    def to_bytes(self) -> bytes:
        """Deterministic JSON (no clock, no host): two builds of the same issues give the same bytes."""
        files = sorted(self.files, key=lambda f: (f.kind, f.config or "", f.issues[:1], f.path))
        doc = {"format": FORMAT, "format_version": FORMAT_VERSION, **self.extra,
               "files": [f.to_json() for f in files],
               "issues": {k: self.issues[k] for k in sorted(self.issues)}}
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"

    def sha256(self) -> str:
        return hashlib.sha256(self.to_bytes()).hexdigest()


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
    """The manifest of a folder, checked; None when the folder has none (it is not a dataset)."""
    path = folder / NAME
    if not path.is_file():
        return None
    try:
        doc = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as e:
        raise ManifestError(f"not valid UTF-8 JSON: {e}", file=str(path)) from None
    return parse(doc, str(path))


def parse(doc: Any, where: str) -> Manifest:
    """A manifest from its JSON, refusing wrong types, unsafe paths and unsafe issue ids."""
    def bad(msg: str, ptr: str) -> ManifestError:
        return ManifestError(msg, file=where, field=ptr)

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise bad(f"not a corpus-tools manifest (expected \"format\": \"{FORMAT}\")", "/format")
    if doc.get("format_version") != FORMAT_VERSION:
        raise bad(f"format_version {doc.get('format_version')!r} is not {FORMAT_VERSION}", "/format_version")
    files, issues = doc.get("files"), doc.get("issues")
    if not isinstance(files, list) or not isinstance(issues, dict):
        raise bad("expected a list \"files\" and an object \"issues\"", "/files")
    out = Manifest(extra={k: v for k, v in doc.items() if k not in ("format", "format_version", "files", "issues")})
    for iid, entry in issues.items():
        if not SAFE_ID_RE.match(iid) or not isinstance(entry, dict):
            raise bad(f"issue id {iid!r} is not a safe file name (lower-case ASCII letters, digits, '-')",
                      f"/issues/{iid}")
        if not isinstance(entry.get("rows"), dict) or not isinstance(entry.get("jsonl_bytes"), dict) \
                or not isinstance(entry.get("year"), int) or not SAFE_ID_RE.match(str(entry.get("paper_id"))):
            raise bad("issue entry needs paper_id, year, rows and jsonl_bytes", f"/issues/{iid}")
        out.issues[iid] = entry
    by_group: dict[tuple[str, int], set[str]] = {}  # set operations check a shard's ids in C, not per id
    for iid, entry in out.issues.items():
        by_group.setdefault((entry["paper_id"], entry["year"]), set()).add(iid)
    seen: set[str] = set()
    for k, f in enumerate(files):
        out.files.append(_file_entry(f, f"/files/{k}", by_group, bad))
        if out.files[-1].path in seen:
            raise bad(f"{out.files[-1].path} listed twice", f"/files/{k}")
        seen.add(out.files[-1].path)
    return out


def _file_entry(f: Any, ptr: str, by_group: dict[tuple[str, int], set[str]], bad: Any) -> FileEntry:
    if not isinstance(f, dict):
        raise bad("expected an object", ptr)
    path, kind, sha, size, rows = f.get("path"), f.get("kind"), f.get("sha256"), f.get("bytes"), f.get("rows", 0)
    if not (isinstance(path, str) and isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)
            and isinstance(size, int) and isinstance(rows, int)):
        raise bad("expected path, sha256 (64 hex digits), bytes and rows", ptr)
    if kind in ("schema", *DERIVED):
        expected = {DERIVED[kind]} if kind in DERIVED else {f"schemas/{c}.schema.json" for c in CONFIGS}
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
