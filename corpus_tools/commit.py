"""Durable steps, the commit journal, and recovery of a build that was killed.

Every change a build makes to a dataset folder goes through ``step``: a file
written and fsynced under ``.corpus-tools/staging``, linked under its final
content-hashed name (never over an existing file), directory entries fsynced,
then one commit point — the rename of ``manifest.json`` — and after it the
card, the schemas and the deletion of the files (shards, partition files
``manifest/<paper>/<yyyy>.<sha12>.json``) the new manifest no longer owns.
A journal (``.corpus-tools/journal.jsonl``, one fsynced line per event) records
what was placed and, just before the commit point, the new
manifest's hash.  The next build (or ``recover``) reads it: if
``manifest.json`` has that hash the commit happened and is finished (card,
schemas, old files); otherwise every placed file the manifest does not own is
removed.  Either way the folder holds exactly the old or the new issues.

``CORPUS_TOOLS_FAULT_AT=N`` makes the process ``os._exit`` just before its
N-th step; ``CORPUS_TOOLS_FAULT_TRACE=FILE`` appends one line per step.  The
kill test uses both to stop a build at every step.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

TOOL_DIR = ".corpus-tools"
JOURNAL = "journal.jsonl"
STAGING = "staging"
FAULT_EXIT = 86

_steps = 0


def step(what: str) -> None:
    """Count one durable step; the fault hook kills the process here when asked to."""
    global _steps
    _steps += 1
    trace = os.environ.get("CORPUS_TOOLS_FAULT_TRACE")
    if trace:
        with open(trace, "a", encoding="utf-8") as f:
            f.write(f"{_steps} {what}\n")
    if os.environ.get("CORPUS_TOOLS_FAULT_AT") == str(_steps):
        os._exit(FAULT_EXIT)


def fsync_dir(path: Path) -> None:
    """Make a directory's entries (new names, renames, deletions) durable."""
    step(f"fsync-dir {path.name}")
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(fh: object) -> None:
    """Flush and fsync an open binary file."""
    step("fsync")
    fh.flush()  # type: ignore[attr-defined]
    os.fsync(fh.fileno())  # type: ignore[attr-defined]


def write_durably(path: Path, data: bytes) -> None:
    """A whole file written and fsynced (under a temporary name the caller renames)."""
    step(f"write {path.name}")
    with path.open("wb") as fh:
        fh.write(data)
        fsync_file(fh)


def replace_durably(tmp: Path, dest: Path) -> None:
    """Atomically put ``tmp`` in place of ``dest`` and make the rename durable."""
    step(f"rename {dest.name}")
    os.replace(tmp, dest)
    fsync_dir(dest.parent)


def mkdirs(path: Path, stop: Path) -> None:
    """Create ``path`` and missing parents below ``stop``, each new entry made durable."""
    missing = []
    p = path
    while not p.exists() and p != stop:
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        step(f"mkdir {d.name}")
        d.mkdir(exist_ok=True)
        fsync_dir(d.parent)


def unlink(path: Path) -> None:
    step(f"unlink {path.name}")
    path.unlink(missing_ok=True)


def prune_dirs(path: Path, stop: Path) -> None:
    """Remove ``path`` and its parents below ``stop`` while they are empty (group folders of dropped shards)."""
    while path != stop and path.is_dir() and not any(path.iterdir()):
        step(f"rmdir {path.name}")
        path.rmdir()
        path = path.parent


class Journal:
    """Append-only, fsynced event lines of one build: begin, place PATH..., commit SHA RETIRE..."""

    def __init__(self, out: Path) -> None:
        self.path = out / TOOL_DIR / JOURNAL
        self.fh = None

    def begin(self, old_sha: str | None) -> None:
        step("journal begin")
        self.fh = self.path.open("ab")
        self._append({"op": "begin", "old": old_sha})
        fsync_dir(self.path.parent)

    def place(self, rel: str) -> None:
        self._append({"op": "place", "path": rel})

    def commit(self, new_sha: str, retire: list[str]) -> None:
        self._append({"op": "commit", "new": new_sha, "retire": retire})

    def _append(self, event: dict) -> None:
        assert self.fh is not None
        step(f"journal {event['op']}")
        self.fh.write(orjson.dumps(event) + b"\n")
        fsync_file(self.fh)

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None

    def finish(self) -> None:
        """The build is complete: the journal goes."""
        self.close()
        unlink(self.path)
        fsync_dir(self.path.parent)


def read_journal(out: Path) -> list[dict] | None:
    """The events of an interrupted build (a torn last line is dropped), or None when there is none."""
    path = out / TOOL_DIR / JOURNAL
    if not path.is_file():
        return None
    events = []
    for line in path.read_bytes().splitlines():
        try:
            events.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            break  # the line being written when the build was killed
    return events


def pending_commit(out: Path, manifest_sha: str | None) -> dict | None:
    """The commit event of an interrupted build whose commit point was passed (manifest.json has its hash)."""
    events = read_journal(out) or []
    commit = next((e for e in events if e.get("op") == "commit"), None)
    return commit if commit is not None and commit.get("new") == manifest_sha else None


def placed_files(out: Path) -> list[str]:
    """Files an interrupted build placed (or was about to place)."""
    return [e["path"] for e in read_journal(out) or [] if e.get("op") == "place" and isinstance(e.get("path"), str)]


def recover(out: Path, manifest_sha: str | None, owns: Callable[[str], bool], finish: Callable[[list[str]], None],
            say: Callable[[str], None] | None = None) -> str | None:
    """Roll an interrupted build forward or back; remove its temporary files.  Returns what was done.

    ``finish(retire)`` completes a passed commit (card, schemas, old files).
    A rolled-back build's placed files are deleted only when the manifest does
    not own them (``owns(path)``, which reads at most the partition the path
    belongs to), so no file of the published state is ever touched.
    """
    say = say or (lambda msg: print(msg, file=sys.stderr))
    did = None
    if read_journal(out) is not None:
        commit = pending_commit(out, manifest_sha)
        if commit is not None:
            finish([p for p in commit.get("retire", []) if isinstance(p, str)])
            did = "rolled forward"
        else:
            placed = [p for p in placed_files(out) if _ours(out, p) and not owns(p)]
            for rel in placed:
                unlink(out / rel)
            _prune_empty(out)
            did = f"rolled back ({len(placed)} unpublished files removed)"
        unlink(out / TOOL_DIR / JOURNAL)
        fsync_dir(out / TOOL_DIR)
        say(f"corpus-tools: {out}: an interrupted build was {did}")
    staging = out / TOOL_DIR / STAGING
    if staging.is_dir():
        left = [p for p in staging.rglob("*") if p.is_file()]
        step("rmtree staging")
        shutil.rmtree(staging)
        if left:
            say(f"corpus-tools: {out}: removed {len(left)} temporary files left by an interrupted build")
            did = did or "cleaned"
    return did


def _prune_empty(out: Path) -> None:
    """Empty folders under data/, jsonl/ and manifest/ left by an undone build (bottom-up; files are never
    touched)."""
    for sub in ("data", "jsonl", "manifest"):
        root = out / sub
        if not root.is_dir():
            continue
        for d in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(d.iterdir()):
                step(f"rmdir {d.name}")
                d.rmdir()
        if not any(root.iterdir()):
            step(f"rmdir {sub}")
            root.rmdir()


def _ours(out: Path, rel: str) -> bool:
    """A placed file is removed only when it is a shard or partition-file path whose bytes carry the hash in its
    name.

    The journal names a path before the file is linked there, so the path may
    hold nothing; a file with other bytes was not written by this tool.
    """
    import hashlib

    from corpus_tools.manifest import PART_RE, SHARD_RE

    m = SHARD_RE.match(rel) or PART_RE.match(rel)
    path = out / rel
    if m is None or not path.is_file() or path.is_symlink():
        return False
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()[:12] == m["sha"]
