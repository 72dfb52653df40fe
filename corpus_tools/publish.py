"""Publish: change a dataset folder in one durable commit — add, rebuild, remove, compact issues.

Layout of a dataset folder (the tool owns exactly what ``manifest.json`` and its partition files list, plus
``.corpus-tools/``)::

    README.md                                                   card: YAML configs/data_files/features + prose
    croissant.json                                              Croissant 1.1 metadata (RecordSets from the schemas)
    figure.svg                                                  issues per month, rows per issue (hand-written SVG)
    manifest.json                                               top files, release, one summary per paper and year
    manifest/<paper_id>/<yyyy>.<sha12>.json                     its shards (sha256, bytes, rows, issues), issues
    data/<config>/<paper_id>/<yyyy>/<first>--<last>.<sha12>.parquet   what load_dataset reads
    jsonl/<config>/<paper_id>/<yyyy>/<first>--<last>.<sha12>.jsonl    the same rows as JSON lines
    schemas/<config>.schema.json                                copy of the schemas the rows follow
    .corpus-tools/                                              lock, journal, staging (never published data)

Everything else in the folder (``.git``, ``LICENSE``, notes) is never written
or deleted.  A change is planned from the manifest alone (no shard is read
unless its rows must be rewritten; no partition file but those of the
partitions it changes), new shards and partition files are placed under new
content-hashed names, the rename of ``manifest.json`` commits, and only then
are the card rewritten and the shards and partition files the new manifest no
longer lists deleted (see ``commit.py`` for the journal and recovery).  A
partition's issue entries are dropped from memory once its file is placed, so
a batch build holds one partition's entries at a time.
"""

from __future__ import annotations

import bisect
import os
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools import SCHEMA_VERSION, commit, manifest
from corpus_tools.card import card_yaml, render_card, split_card
from corpus_tools.croissant import render_croissant
from corpus_tools.errors import CorpusError, UsageError
from corpus_tools.figure import figure_key, render_figure
from corpus_tools.lock import FolderLock
from corpus_tools.manifest import FileEntry, Manifest, ManifestError, Partition, issue_entry, shard_path
from corpus_tools.records import Records
from corpus_tools.release import changelog, release
from corpus_tools.schema import CONFIGS, SCHEMA_DIR, features_yaml
from corpus_tools.shards import (
    DEFAULT_SHARD_BYTES,
    Closed,
    Item,
    Part,
    ShardWriter,
    check_sizes,
    owned_bytes,
    part_item,
    read_items,
    render_part,
)
from corpus_tools.validate import Problem, Report

KEPT_IN_NEW_FOLDER = frozenset({commit.TOOL_DIR, ".git", ".gitattributes", ".gitignore"})  # "empty" despite these
DEFAULT_LOCK_TIMEOUT = 60.0
FAILURES = "failures.jsonl"  # under .corpus-tools/: the issues the last --keep-going build could not convert

Group = tuple[str, int]


class SchemaMismatchError(CorpusError):
    """The folder holds records of another schema version: adding to it would mix two schemas in one dataset."""

    code = "E043"


class NotADatasetError(CorpusError):
    """``--out`` holds files but no manifest: it is not a corpus-tools dataset, so nothing is written there."""

    code = "E042"


def render_parts(rec: Records) -> dict[str, Part]:
    """One issue's rows of every config that has some, rendered for the shard writers."""
    return {cfg: render_part(cfg, rows) for cfg in CONFIGS if (rows := rec.rows.get(cfg))}


@dataclass(frozen=True)
class Incoming:
    """An issue about to be added or rebuilt: its id and (paper, year) group, known before conversion."""

    issue_id: str
    paper_id: str
    year: int

    @property
    def group(self) -> Group:
        return (self.paper_id, self.year)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr)


class Archive:
    """A dataset folder opened for one change: created if absent, locked, recovered, its manifest read."""

    def __init__(self, out: Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
                 say: Callable[[str], None] = _say) -> None:
        self.out = Path(os.path.abspath(out))
        self.lock_timeout, self.say = lock_timeout, say
        self.created = False
        self.outcome: str | None = None  # what the recovery after a failed change did
        self.lock: FolderLock | None = None
        self.manifest = Manifest()
        self.manifest_sha: str | None = None  # of manifest.json's bytes as read (the journal names it)
        self.change_class: type[Change] = Change  # an object store's archive plans the same change, other I/O

    def __enter__(self) -> Archive:
        out = self.out
        if out.exists() and not out.is_dir():
            raise NotADatasetError("exists and is not a folder", file=str(out))
        if not (out / commit.TOOL_DIR).is_dir():
            _refuse_foreign(out)  # before writing anything into a folder that is not ours
        if not out.exists():
            self.created = True
            commit.mkdirs(out, Path(out.anchor))
        tool = out / commit.TOOL_DIR
        if not tool.is_dir():
            commit.mkdirs(tool, out)
        if not (tool / ".gitignore").is_file():  # git (and a Hub clone) never sees the lock or the journal
            commit.write_durably(tool / ".gitignore.tmp", b"# corpus-tools: lock, journal, staging; not data\n*\n")
            commit.replace_durably(tool / ".gitignore.tmp", tool / ".gitignore")
        self.lock = FolderLock(tool / "lock", self.lock_timeout).__enter__()
        try:
            self.manifest = self._recover()
            if not (out / manifest.NAME).is_file():
                _refuse_foreign(out)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.__exit__()
            self.lock = None
        if self.created and manifest.read(self.out) is None:  # nothing was published: leave no folder behind
            shutil.rmtree(self.out / commit.TOOL_DIR, ignore_errors=True)
            if not any(self.out.iterdir()):
                self.out.rmdir()

    def _recover(self) -> Manifest:
        """Finish or undo an interrupted build; the manifest that holds afterwards."""
        m = manifest.read(self.out)
        sha = self.manifest_sha = _file_sha(self.out / manifest.NAME)
        commit.recover(self.out, sha, m.owns if m else _owns_nothing,
                       lambda retire: self.finish(m or Manifest(), retire), self.say)
        return m or Manifest()

    def change(self, add: Iterable[Incoming] = (), drop: Iterable[str] = (),
               shard_bytes: int = DEFAULT_SHARD_BYTES, rewrite: set[tuple[str, Group]] | None = None) -> Change:
        """Plan a change: issues to add or rebuild (in this order), issues to drop, shards to rewrite whole.

        A folder whose records follow another schema version is refused before anything is written: its rows
        would not validate, nor load beside the new ones, under one schema.
        """
        held = (self.manifest.extra.get("release") or {}).get("schema_version")
        if held not in (None, SCHEMA_VERSION) and self.manifest.summaries:
            raise SchemaMismatchError(f"holds records of schema {held}; this corpus-tools writes schema "
                                      f"{SCHEMA_VERSION}: build the issues into a new folder", file=self.location())
        return self.change_class(self, list(add), set(drop), shard_bytes, rewrite or set())

    # The I/O a change needs beyond the commit itself: an object store's archive overrides these.
    def location(self) -> str:
        """The folder as the user named it (a path, or a URL)."""
        return str(self.out)

    def check_sizes(self, part: Partition) -> None:
        """Every shard ``part`` lists is there with its size (before a build changes anything)."""
        check_sizes(self.out, part)

    def read_owned(self, entry: FileEntry) -> bytes:
        """The bytes of a listed file, refused unless they are the ones the manifest records."""
        return owned_bytes(self.out, entry)

    def sha_of(self, rel: str) -> str | None:
        return _file_sha(self.out / rel)

    def finish(self, m: Manifest, retire: Iterable[str], derived: dict[str, bytes] | None = None) -> None:
        """After the commit point: write the card and schemas the manifest lists, delete the retired files.

        ``derived``: the bytes of the card, croissant.json and figure by kind, when the caller rendered them.
        """
        staging = self.out / commit.TOOL_DIR / commit.STAGING
        commit.mkdirs(staging, self.out)
        for entry in m.meta:
            if entry.kind not in ("schema", *manifest.DERIVED):
                continue
            dest = self.out / entry.path
            if dest.is_file() and _file_sha(dest) == entry.sha256:
                continue  # already as the manifest wants it (a rerun, or a recovery after the card was written)
            data = (derived or {}).get(entry.kind) or _owned_bytes(m, entry, self.out.name)
            if data is None:
                continue  # the figure, where matplotlib is gone since the commit: validate reports it missing
            commit.mkdirs(dest.parent, self.out)
            tmp = staging / dest.name
            commit.write_durably(tmp, data)
            commit.replace_durably(tmp, dest)
        for rel in sorted(set(retire)):
            if retirable(m, rel):
                commit.unlink(self.out / rel)
                commit.prune_dirs((self.out / rel).parent, self.out)

    def report_failures(self, failures: Sequence[Any]) -> Path | None:
        """The last build's failed issues (``pipeline.Failure``), one JSON line each, in the tool's own folder
        (never a published file); local and cluster builds both call it, so the file is the same.

        A build with no failure removes the list an earlier build left, so the
        file always describes the latest build.  Returns its path, if written.
        """
        path = self.out / commit.TOOL_DIR / FAILURES
        if not failures:
            if path.is_file():
                commit.unlink(path)
            return None
        import orjson

        staging = self.out / commit.TOOL_DIR / commit.STAGING  # a kill leaves at most staging, which recovery clears
        commit.mkdirs(staging, self.out)
        tmp = staging / FAILURES
        commit.write_durably(tmp, b"".join(orjson.dumps(f.__dict__) + b"\n" for f in failures))
        commit.replace_durably(tmp, path)
        commit.step("rmtree staging")
        shutil.rmtree(staging, ignore_errors=True)
        return path

    def compact(self, shard_bytes: int = DEFAULT_SHARD_BYTES) -> Change:
        """A change rewriting exactly the (config, group) pairs whose shards differ from a fresh batch build's."""
        return self.change(shard_bytes=shard_bytes, rewrite=compaction_targets(self.manifest, shard_bytes))


def retirable(m: Manifest, rel: str) -> bool:
    """Whether a commit that lists ``rel`` as retired may delete it: a shard, partition file or the old
    ``figure.png`` this tool wrote (the commit checked its sha256), and no longer listed by the new manifest."""
    return (bool(manifest.SHARD_RE.match(rel) or manifest.PART_RE.match(rel)) or rel == manifest.LEGACY_FIGURE) \
        and not m.owns(rel)


def _owns_nothing(rel: str) -> bool:
    return False


def failure_line(f: Any) -> str:
    """How a build under ``--keep-going`` names one failed issue (``pipeline.Failure``) on stderr, local or cluster."""
    return f"corpus-tools: error: {f.error}"


def failures_summary(published: int, failures: Sequence[Any], where: str) -> str:
    """The closing line of a build with failed issues (``where``: the failures file)."""
    return f"{published} issues published, {len(failures)} failed (listed in {where})"


def _refuse_foreign(out: Path) -> None:
    if not out.is_dir() or (out / manifest.NAME).is_file():
        return
    if (out / "README.md").exists():
        raise NotADatasetError("has a README.md but no manifest.json: not a corpus-tools dataset; refusing to "
                               "overwrite it (build into an empty folder, or remove the README)", file=str(out))
    foreign = sorted(p.name for p in out.iterdir() if p.name not in KEPT_IN_NEW_FOLDER)
    if foreign:
        raise NotADatasetError(f"not empty and has no manifest.json (not a corpus-tools dataset): "
                               f"{', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}; refusing to write "
                               "into it", file=str(out))


def _file_sha(path: Path) -> str | None:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _owned_bytes(m: Manifest, entry: FileEntry, name: str) -> bytes | None:
    """The bytes of the card, croissant.json or a schema, as the manifest's commit wants them."""
    if entry.kind == "card":
        return render_card(m, name).encode("utf-8")
    if entry.kind == "croissant":
        return render_croissant(m, name)
    if entry.kind == "figure":
        return render_figure(m)
    return (SCHEMA_DIR / Path(entry.path).name).read_bytes()


def target_layout(part: Partition, config: str, shard_bytes: int) -> list[tuple[str, ...]]:
    """The issues of each shard a fresh batch build would write for one config of a partition."""
    out: list[list[str]] = []
    size = 0
    for i in sorted(part.issues):
        if not part.issues[i]["rows"].get(config):
            continue
        n = part.issues[i]["jsonl_bytes"][config]
        if not out or size + n > shard_bytes:
            out.append([])
            size = 0
        out[-1].append(i)
        size += n
    return [tuple(x) for x in out]


def compaction_targets(m: Manifest, shard_bytes: int) -> set[tuple[str, Group]]:
    """(config, group) pairs whose shards are not the batch layout: only these are rewritten.

    Partitions are read one at a time (their files, not their shards).
    """
    out = set()
    for part in m.partitions():
        for cfg in CONFIGS:
            shards = part.shards(cfg)
            if shards and [s.issues for s in shards] != target_layout(part, cfg, shard_bytes):
                out.add((cfg, part.group))
    return out


class _GroupPlan:
    """One config and group: the old shards that stay, those rewritten, and the open writer."""

    def __init__(self, change: Change, cfg: str, group: Group, shards: list[FileEntry], twins: dict[str, FileEntry],
                 gone: set[str], incoming: list[str], whole: bool) -> None:
        self.change, self.cfg, self.group = change, cfg, group
        lo_hi = [(s.issues[0], s.issues[-1]) for s in shards]
        affected = [whole or any(i in gone for i in s.issues) or any(lo <= a <= hi for a in incoming)
                    for s, (lo, hi) in zip(shards, lo_hi, strict=True)]
        self.rewritten = [s for s, a in zip(shards, affected, strict=True) if a]
        self.kept_firsts = sorted(s.issues[0] for s, a in zip(shards, affected, strict=True) if not a)
        self.old: list[tuple[str, FileEntry]] = sorted((i, s) for s in self.rewritten for i in s.issues
                                                       if i not in gone)  # old issues to carry into new shards
        self.twins = twins
        self.loaded: dict[str, dict[str, Item]] = {}
        self.writer: ShardWriter | None = None
        self.run = -1

    def restore(self, iid: str) -> None:
        """Carry the published rows of ``iid`` after all (its rebuild failed): its shard is rewritten anyway."""
        for s in self.rewritten:
            if iid in s.issues:
                bisect.insort(self.old, (iid, s), key=lambda x: x[0])
                return

    def retired(self) -> list[str]:
        return [p for s in self.rewritten for p in (s.path, self.twins[s.path].path)]

    def feed_old(self, upto: str | None) -> None:
        """Old issues before ``upto`` (all when None), in id order."""
        while self.old and (upto is None or self.old[0][0] < upto):
            iid, shard = self.old.pop(0)
            if shard.path not in self.loaded:
                items = read_items(self.change.out, self.change.old.partition(self.group), shard,
                                   self.twins[shard.path], self.change.arc.read_owned)
                self.loaded[shard.path] = {it.issue_id: it for it in items}
            item = self.loaded[shard.path].pop(iid)
            if not self.loaded[shard.path]:
                del self.loaded[shard.path]
            self.put(item)

    def put(self, item: Item) -> None:
        run = bisect.bisect_right(self.kept_firsts, item.issue_id)  # a kept shard between two items splits them
        if self.writer is None:
            self.writer = ShardWriter(self.change.staging, self.cfg, self.group, self.change.shard_bytes,
                                      self.change.place)
        if run != self.run:
            self.writer.close()
            self.run = run
        self.writer.add(item)

    def close(self) -> None:
        self.feed_old(None)
        if self.writer is not None:
            self.writer.close()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


class Change:
    """One planned change of an archive: issues stream in (in the planned order), ``commit`` publishes.

    Only the partitions the change touches are read; each is written (its
    manifest file placed, its entries dropped from memory) as soon as its
    last planned issue is in.
    """

    def __init__(self, arc: Archive, add: list[Incoming], drop: set[str], shard_bytes: int,
                 rewrite: set[tuple[str, Group]]) -> None:
        self.arc, self.out, self.old, self.shard_bytes = arc, arc.out, arc.manifest, shard_bytes
        ids = [a.issue_id for a in add]
        if ids != sorted(set(ids)):
            raise ValueError("issues to add must be distinct and in id order")
        self.drop_groups: dict[Group, set[str]] = defaultdict(set)
        unknown = []
        for iid in sorted(drop):
            g = self.old.find(iid)
            if g is None:
                unknown.append(iid)
            else:
                self.drop_groups[g].add(iid)
        if unknown:
            raise UsageError(f"not in {self.out}: {', '.join(unknown)}", field="ISSUE_ID")
        self.add, self.drop = add, drop - set(ids)
        self.expect = iter(add)
        self.staging = self.out / commit.TOOL_DIR / commit.STAGING
        self.parts: dict[Group, dict[str, dict[str, Any]]] = {}  # issue entries of each open partition
        self.new_files: dict[Group, list[FileEntry]] = defaultdict(list)
        self.retired: dict[Group, list[str]] = defaultdict(list)  # paths of the old shards rewritten
        self.retire: list[str] = []  # what the commit deletes after its point (shards, partition files)
        self.summaries: dict[Group, dict[str, Any] | None] = {}  # of the partitions written (None: now empty)
        self.log: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
        self.dirs: set[Path] = set()
        self.journal = commit.Journal(self.out)
        self.plans: dict[tuple[str, Group], _GroupPlan] = {}
        self.last_of_group = {a.group: a.issue_id for a in add}
        self._plan(rewrite)
        self.finished = False
        self.derived: dict[str, bytes] = {}  # kind -> bytes of the card and croissant.json, rendered once

    def _plan(self, rewrite: set[tuple[str, Group]]) -> None:
        gone = set(self.drop) | {a.issue_id for a in self.add}
        incoming: dict[Group, list[str]] = defaultdict(list)
        for a in self.add:
            incoming[a.group].append(a.issue_id)
        groups = set(incoming) | set(self.drop_groups) | {g for _, g in rewrite}
        for g in sorted(groups):
            part = self.old.partition(g)
            self.arc.check_sizes(part)  # a truncated or missing shard stops the build before it writes
            self.parts[g] = {k: v for k, v in part.issues.items() if k not in self.drop}
            for cfg in CONFIGS:
                js = {f.issues: f for f in part.shards(cfg, "jsonl")}
                twins = {}
                for s in part.shards(cfg, "parquet"):
                    twin = js.get(s.issues)
                    if twin is None:
                        raise ManifestError(f"{s.path} has no JSONL twin in the manifest", file=str(self.out))
                    twins[s.path] = twin
                self.plans[(cfg, g)] = _GroupPlan(self, cfg, g, part.shards(cfg), twins, gone, incoming.get(g, []),
                                                  (cfg, g) in rewrite)

    def __enter__(self) -> Change:
        commit.mkdirs(self.staging, self.out)
        self.journal.begin(self.arc.manifest_sha if self.old.summaries else None)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if self.finished:
            return
        for p in self.plans.values():
            p.abort()
        self.journal.close()
        m = manifest.read(self.out)
        self.arc.outcome = commit.recover(self.out, _file_sha(self.out / manifest.NAME),
                                          m.owns if m else _owns_nothing,
                                          lambda retire: self.arc.finish(m or Manifest(), retire), lambda msg: None)

    def published(self, iid: str) -> bool:
        """Whether the folder held this issue before the change (a failed rebuild keeps it)."""
        return self.old.find(iid) is not None

    def add_issue(self, issue_row: dict[str, Any], parts: dict[str, Part]) -> None:
        """One converted issue (the next one planned): its rows join the shards of its group."""
        iid = issue_row["issue_id"]
        nxt = next(self.expect, None)
        if nxt is None or nxt.issue_id != iid:
            raise ValueError(f"issue {iid} is not the next planned ({nxt.issue_id if nxt else 'none'})")
        if (issue_row["paper_id"], int(str(issue_row["date"])[:4])) != nxt.group:
            raise ValueError(f"issue {iid} is not of the planned group {nxt.group}")
        for cfg in CONFIGS:
            plan = self.plans[(cfg, nxt.group)]
            plan.feed_old(iid)
            if cfg in parts:
                plan.put(part_item(cfg, iid, parts[cfg]))
        self.parts[nxt.group][iid] = issue_entry(issue_row, {c: p.rows for c, p in parts.items()},
                                                 {c: len(p.jsonl) for c, p in parts.items()},
                                                 {c: p.jsonl for c, p in parts.items()})
        if self.last_of_group[nxt.group] == iid:  # the group is complete: write its last shards and partition now
            self._finish_partition(nxt.group)

    def fresh(self, group: Group) -> bool:
        """No config holds shards of this group yet, so its shards can be written elsewhere (a cluster worker)."""
        return all(not p.rewritten and not p.kept_firsts for (_, g), p in self.plans.items() if g == group)

    def add_written(self, group: Group, entries: dict[str, dict[str, Any]], closed: list[Closed],
                    skipped: Iterable[str] = ()) -> None:
        """The next planned issues, of one fresh group, converted and written to staging by someone else.

        ``entries`` are their manifest entries, ``closed`` their shard pairs (in staging, placed here),
        ``skipped`` the planned issues among them that failed and are left out.
        """
        if not self.fresh(group):
            raise ValueError(f"group {group} has shards already: its issues must come through add_issue")
        want = set(entries) | set(skipped)
        for _ in range(len(want)):
            nxt = next(self.expect, None)
            if nxt is None or nxt.issue_id not in want or nxt.group != group:
                raise ValueError(f"issue {nxt.issue_id if nxt else 'none'} is not among those written for {group}")
        for c in closed:
            self.place(c)
        self.parts[group].update(entries)
        for iid in skipped:
            self.parts[group].pop(iid, None)
        if self.last_of_group[group] in want:
            self._finish_partition(group)

    def skip_issue(self, iid: str) -> None:
        """The next planned issue failed to convert (``--keep-going``): a new one is left out, a rebuilt one
        keeps its published rows and manifest entry."""
        nxt = next(self.expect, None)
        if nxt is None or nxt.issue_id != iid:
            raise ValueError(f"issue {iid} is not the next planned ({nxt.issue_id if nxt else 'none'})")
        if iid in self.old.partition(nxt.group).issues:
            for cfg in CONFIGS:
                if (cfg, nxt.group) in self.plans:
                    self.plans[(cfg, nxt.group)].restore(iid)
        else:
            self.parts[nxt.group].pop(iid, None)
        if self.last_of_group[nxt.group] == iid:
            self._finish_partition(nxt.group)

    def _close_plan(self, key: tuple[str, Group]) -> None:
        plan = self.plans.pop(key)
        plan.close()
        self.retired[key[1]] += plan.retired()

    def _finish_partition(self, g: Group) -> None:
        """Close a partition's shards, place its new manifest file, note what it retires; forget its entries."""
        for cfg in CONFIGS:
            if (cfg, g) in self.plans:
                self._close_plan((cfg, g))
        old = self.old.partition(g)
        retired = set(self.retired.pop(g, []))
        new = self.new_files.pop(g, [])
        new_paths = {f.path for f in new}
        files = [f for f in old.files if f.path not in retired and f.path not in new_paths] + new
        issues = self.parts.pop(g)
        for k, ids in changelog(old.issues, issues).items():
            self.log[k] += ids
        self.retire += sorted(retired - new_paths)
        old_path = (self.old.summaries.get(g) or {}).get("path")
        if not issues:
            self.summaries[g] = None
        else:
            self.summaries[g] = self._write_partition(Partition(g, files, issues))
        if old_path and old_path != (self.summaries[g] or {}).get("path"):
            self.retire.append(old_path)
        self.old.forget(g)

    def _write_partition(self, part: Partition) -> dict[str, Any]:
        """Place a partition's manifest file (unless the folder has these bytes already); its summary."""
        data = part.to_bytes()
        s = manifest.summary_with_file(part, data)
        if (self.old.summaries.get(part.group) or {}).get("path") == s["path"]:
            return s
        self.place_partition(s["path"], data)
        return s

    def place_partition(self, rel: str, data: bytes) -> None:
        """A partition file goes under its content-hashed name (never over a file the tool does not own)."""
        dest = self.out / rel
        if dest.exists() or dest.is_symlink():
            raise NotADatasetError(f"{rel} exists but the manifest does not list it; refusing to overwrite (run "
                                   "corpus-tools validate)", file=str(self.out))
        tmp = self.staging / Path(rel).name
        commit.write_durably(tmp, data)
        self._link_into_place(tmp, rel)

    def _link_into_place(self, tmp: Path, rel: str) -> None:
        """Journal ``rel``, hard-link the staged file there and drop the staged name (the place step of a commit)."""
        dest = self.out / rel
        commit.mkdirs(dest.parent, self.out)
        self.journal.place(rel)
        commit.step(f"link {dest.name}")
        os.link(tmp, dest)
        commit.unlink(tmp)
        self.dirs.add(dest.parent)

    def place(self, closed: Closed) -> None:
        """A finished shard pair goes under its final names (never over a file the tool does not own)."""
        old = self.old.partition(closed.group).by_path()
        for sub, tmp, sha in (("data", closed.parquet, closed.parquet_sha), ("jsonl", closed.jsonl, closed.jsonl_sha)):
            rel = shard_path(sub, closed.config, closed.group, list(closed.issues), sha)
            dest = self.out / rel
            if dest.exists() or dest.is_symlink():
                if rel not in old or old[rel].sha256 != sha:
                    raise NotADatasetError(f"{rel} exists but the manifest does not list it with these bytes; "
                                           "refusing to overwrite (run corpus-tools validate)", file=str(self.out))
                commit.unlink(tmp)  # the same bytes are published already
            else:
                self._link_into_place(tmp, rel)
            self.new_files[closed.group].append(FileEntry(rel, manifest.KIND_OF_SUB[sub], sha, dest.stat().st_size,
                                                          closed.config, closed.rows, closed.group[0],
                                                          closed.group[1], closed.issues))

    def commit(self) -> Manifest:
        """Close every shard, write the manifest (the commit point), then the card; delete what it dropped."""
        left = next(self.expect, None)
        if left is not None:
            raise ValueError(f"issue {left.issue_id} was planned but not given")
        for g in sorted(self.parts):
            self._finish_partition(g)
        for g in self.old.groups():  # a version-1 folder: its untouched partitions get their files now
            if g not in self.summaries and not self.old.summaries[g].get("path"):
                self.summaries[g] = self._write_partition(self.old.partition(g))
        new = self._manifest()
        data = new.to_bytes()
        self._publish(new, data, sorted(set(self.retire)))
        self.finished = True
        self.arc.manifest = new
        return new

    def _publish(self, new: Manifest, data: bytes, retire: list[str]) -> None:
        """Make the placed files durable, journal, rename manifest.json (the commit point), then the rest."""
        for d in sorted(self.dirs):
            commit.fsync_dir(d)
        tmp = self.staging / manifest.NAME
        commit.write_durably(tmp, data)
        self.journal.commit(_sha_bytes(data), retire)
        commit.replace_durably(tmp, self.out / manifest.NAME)  # the commit point
        new.attach(self.out)  # its partitions are read from the folder from now on (no second parse of the top)
        self.arc.finish(new, retire, self.derived)
        self.journal.finish()
        commit.step("rmtree staging")
        shutil.rmtree(self.staging, ignore_errors=True)

    def worker_staging(self) -> str:
        """Where a cluster worker writes the shards of a fresh group (a folder of its own under it)."""
        return str(self.staging)

    def _manifest(self) -> Manifest:
        """The new top manifest: the old summaries with the changed partitions', the release, derived files."""
        summaries = dict(self.old.summaries)
        for g, s in self.summaries.items():
            if s is None:
                summaries.pop(g, None)
            else:
                summaries[g] = s
        log = {k: sorted(v) for k, v in self.log.items()}
        extra = {**self.old.extra, "release": release(self.old.extra.get("release"), log, summaries)}
        m = Manifest([FileEntry(f"schemas/{c}.schema.json", "schema", *_sha_size(SCHEMA_DIR / f"{c}.schema.json"), c)
                      for c in CONFIGS], summaries, extra)
        doc = self.derived["croissant"] = render_croissant(m, self.out.name)
        m.meta.append(FileEntry(manifest.DERIVED["croissant"], "croissant", _sha_bytes(doc), len(doc)))
        m.meta += self._figure(m)  # before the card, which shows it if it exists
        card = self.derived["card"] = render_card(m, self.out.name).encode("utf-8")
        m.meta.append(FileEntry("README.md", "card", _sha_bytes(card), len(card)))
        return m

    def _figure(self, m: Manifest) -> list[FileEntry]:
        """The figure's entry: the published one when the picture would not change, else a new drawing."""
        prev = next((f for f in self.old.meta if f.kind == "figure"), None)
        if prev is not None and prev.path != manifest.DERIVED["figure"]:
            if self.arc.sha_of(prev.path) == prev.sha256:  # the old figure.png, as this tool wrote it: replaced
                self.retire.append(prev.path)
            prev = None
        if prev is not None and figure_key(self.old) == figure_key(m) \
                and self.arc.sha_of(prev.path) == prev.sha256:
            return [prev]
        svg = render_figure(m)
        if svg is not None:
            self.derived["figure"] = svg
        return [] if svg is None else [FileEntry(manifest.DERIVED["figure"], "figure", _sha_bytes(svg), len(svg))]


def _sha_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _sha_size(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return _sha_bytes(data), len(data)


def dataset_files(folder: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """(JSONL files, Parquet files) of every config the folder's manifest lists, in issue-id order.

    {} when the manifest or a partition file cannot be read (``check_card`` reports why).
    """
    try:
        m = manifest.read(folder)
        out = {}
        for cfg in CONFIGS:
            jsonls = [folder / f.path for f in m.shards(cfg, "jsonl")] if m else []
            parquets = [folder / f.path for f in m.shards(cfg, "parquet")] if m else []
            if jsonls or parquets:
                out[cfg] = (jsonls, parquets)
    except ManifestError:
        return {}
    return out


def card_paths(config_entry: dict[str, Any]) -> list[str]:
    """Every data_files path or pattern a card's config entry lists (``path`` may be a string or a list)."""
    out: list[str] = []
    for df in config_entry.get("data_files", []):
        out += df["path"] if isinstance(df["path"], list) else [df["path"]]
    return out


def card_files(folder: Path, config_entry: dict[str, Any]) -> list[str]:
    """The files a loader reads for a card's config entry: its patterns matched in ``folder``, sorted per
    pattern (as ``load_dataset`` resolves them), patterns in the card's order."""
    out: list[str] = []
    for path in card_paths(config_entry):
        if any(ch in path for ch in "*?["):
            out += sorted(p.relative_to(folder).as_posix() for p in folder.glob(path) if p.is_file())
        else:
            out.append(path)
    return out


def check_card(folder: Path, report: Report) -> None:
    """The manifest's files exist with their hashes, nothing else sits in data/ or jsonl/, the card agrees."""
    try:
        m = manifest.read(folder)
    except ManifestError as e:
        report.add(Problem(e.file or str(folder), None, e.field or "", e.message, "file"))
        return
    if m is None:
        report.add(Problem(str(folder / manifest.NAME), None, "", "no manifest.json: not a corpus-tools dataset",
                           "file"))
        return
    pending = commit.pending_commit(folder, _file_sha(folder / manifest.NAME))
    _check_owned_files(folder, m, report, pending)
    card = folder / "README.md"
    try:
        m.owned()
    except ManifestError:
        return  # reported above: the card cannot be compared with partitions that do not read
    if pending is not None and not card.is_file():
        return  # the first commit passed its point; its card comes with the next build's recovery
    if not card.is_file():
        report.add(Problem(str(card), None, "", "dataset card README.md is missing", "card"))
        return
    try:
        meta, _ = split_card(card.read_text(encoding="utf-8"))
    except ValueError as e:
        report.add(Problem(str(card), 1, "", str(e), "card"))
        return
    if pending is not None:  # a commit passed its point but the card was not yet rewritten: the old card holds
        retiring = set(pending.get("retire", []))
        for c in meta.get("configs", []):
            for path in card_files(folder, c):
                if (path not in retiring and path not in m.owned()) or not (folder / path).is_file():
                    report.add(Problem(str(card), None, "/configs", f"{path} is not a published shard", "card"))
        return
    _check_card_lists(folder, m, meta, report)


def _check_owned_files(folder: Path, m: Manifest, report: Report, pending: dict | None) -> None:
    """Every listed shard and partition file is there with its bytes; card and schemas too, unless a passed
    commit still owes them; each partition's summary in manifest.json is what its file gives.

    Files are hashed on two threads (reading and hashing free the GIL), the problems told in manifest order.
    """
    from concurrent.futures import ThreadPoolExecutor

    def told(entries: list[FileEntry], why: Callable[[FileEntry], str | None]) -> None:
        with ThreadPoolExecutor(2) as pool:
            for f, problem in zip(entries, pool.map(why, entries), strict=True):
                if problem:
                    report.add(Problem(str(folder / f.path), None, "", problem, "file"))

    told(list(m.partition_files()), lambda f: _shard_problem(folder / f.path, f, always=True))
    try:
        files = m.files
        stale = manifest.stale_summaries(m)
    except ManifestError as e:
        report.add(Problem(e.file or str(folder), None, e.field or "", e.message, "file"))
        return
    for g in stale:
        report.add(Problem(str(folder / manifest.NAME), None, f"/partitions/{g[0]}/{g[1]}",
                           "summary differs from what its partition file holds", "file"))
    owed = ("schema", *manifest.DERIVED) if pending is not None else ()
    told([f for f in files if f.kind != "partition" and f.kind not in owed],
         lambda f: _shard_problem(folder / f.path, f))
    owned = {f.path for f in files} | set(commit.placed_files(folder)) | set((pending or {}).get("retire", []))
    for sub in ("data", "jsonl", manifest.PART_DIR):
        for p in sorted((folder / sub).rglob("*")):
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and rel not in owned:
                report.add(Problem(str(p), None, "", "not listed in manifest.json", "file"))


def _shard_problem(path: Path, f: FileEntry, always: bool = False) -> str | None:
    """Why a listed file is not what the manifest says (missing, or a shard whose bytes differ), or None.

    Bytes are checked for shards, and for any file when ``always`` (partition files).
    """
    import hashlib

    if not path.is_file():
        return "listed in manifest.json but missing"
    if f.kind not in ("parquet", "jsonl") and not always:
        return None
    if path.stat().st_size != f.bytes:
        return "bytes differ from the sha256 in manifest.json"
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 22):
            h.update(block)
    return None if h.hexdigest() == f.sha256 else "bytes differ from the sha256 in manifest.json"


def _check_card_lists(folder: Path, m: Manifest, meta: dict[str, Any], report: Report) -> None:
    card = str(folder / "README.md")
    listed = {c["config_name"]: c for c in meta.get("configs", [])}
    expected = {c["config_name"]: c for c in card_yaml(m)[0]["configs"]}
    feats = {d["config_name"]: d.get("features") for d in meta.get("dataset_info", [])}
    for cfg in CONFIGS:
        if m.shards(cfg) and cfg not in listed:
            report.add(Problem(card, None, "/configs", f"config {cfg!r} has data but is not listed", "card"))
    for name, c in listed.items():
        ptr = f"/configs/{name}"
        if name not in CONFIGS:
            report.add(Problem(card, None, ptr, f"unknown config {name!r}", "card"))
            continue
        if c != expected.get(name):
            report.add(Problem(card, None, ptr, "differs from the configs entry manifest.json gives "
                               "(data_files patterns per paper and year, content fingerprint)", "card"))
        placed = set(commit.placed_files(folder))  # an interrupted build's, removed by the next change
        got, want = [p for p in card_files(folder, c) if p not in placed], [f.path for f in m.shards(name)]
        if got != want:
            report.add(Problem(card, None, f"{ptr}/data_files",
                               f"matches {len(got)} files, manifest.json lists {len(want)} (in issue-id order)",
                               "card"))
        if feats.get(name) != features_yaml(name):
            report.add(Problem(card, None, f"/dataset_info/{name}/features",
                               "card features differ from the schema", "card"))
