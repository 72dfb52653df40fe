"""Dataset folders on an S3 object store (``s3://bucket/prefix``), for cluster builds.

Why a store of its own: the local commit (``commit.py``) rests on hard
links, an atomic rename of ``manifest.json``, fsync and an ``fcntl`` lock;
S3 has none of them.  What it does have, and what this module builds on:
a PUT is atomic per object (a reader sees the old or the new object
whole), reads after a write are consistent (AWS since December 2020), and
conditional writes (``If-None-Match: *``, ``If-Match: ETAG``), which AWS
S3 and moto honour and some S3-compatible stores ignore.

The change itself is ``publish.Change``'s (same planning, same shard
bytes, same manifest from ``Change._manifest``); only the I/O differs:

- Workers write shards on their local disk, then upload them under
  ``.corpus-tools/staging/<build>/`` (content-hashed final names are known
  only once a shard is closed).  Nothing outside the staging prefix is
  written before the commit.
- The client uploads each partition file it writes (``manifest/<paper>/<yyyy>.<sha12>.json``)
  to the same staging prefix; like a shard it is placed at the commit.
- At the commit the client writes a journal object (the paths it will place,
  the new manifest's sha256, the shards and partition files it will retire),
  copies each staged shard and partition file to its final content-hashed key
  (a server-side copy; a key that exists with bytes the old manifest does not
  list is refused, never overwritten), then PUTs ``manifest.json`` (the commit point) with
  ``If-Match`` on the ETag it planned from (``If-None-Match: *`` for a new
  folder), so a manifest changed by anyone else is never overwritten.  Then
  card, schemas, croissant.json and figure, the retired shards and partition files deleted,
  journal and staging deleted.
- The lock is an object (``.corpus-tools/lock``) created with
  ``If-None-Match: *`` and deleted with ``If-Match`` on its ETag.  Unlike
  ``fcntl`` it outlives a killed build: the next build waits
  ``--lock-timeout`` and then names the holder; remove the object by hand
  once that build is known to be dead.
- Recovery (the next build, under the lock) reads the journal: if
  ``manifest.json`` has the journal's hash the commit is finished (roll
  forward), else every placed key the manifest does not own (``Manifest.owns``:
  at most one partition file read per key) whose bytes carry the hash in its
  name is deleted (roll back); the staging prefix is
  cleared either way.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from corpus_tools import commit, manifest
from corpus_tools.errors import DatasetError, OutputError, UsageError
from corpus_tools.lock import POLL, LockedError
from corpus_tools.manifest import FileEntry, Manifest, Partition, shard_path
from corpus_tools.publish import FAILURES, Archive, Change, NotADatasetError, _owned_bytes, _say, retirable
from corpus_tools.shards import Closed, checked_bytes

PROTOCOLS = ("s3", "s3a")
LOCK = "lock"
JOURNAL = "journal.json"


def is_url(value: str | os.PathLike[str]) -> bool:
    """An fsspec URL other than a local one (``file://`` is a local path)."""
    s = str(value)
    return "://" in s and s.split("://", 1)[0] not in ("file", "local")


def filesystem(url: str, what: str = "--out") -> tuple[Any, str]:
    """(fsspec filesystem, path inside it) of an ``s3://`` URL; any other store is refused in one line."""
    proto = url.split("://", 1)[0]
    if proto not in PROTOCOLS:
        raise UsageError(f"{url}: only local paths, file:// and s3:// URLs are supported", field=what)
    try:
        import s3fs  # noqa: F401
        from fsspec.core import url_to_fs
    except ImportError:
        raise UsageError(f"{url}: s3:// needs the s3fs package (pip install 'corpus-tools[s3]')",
                         field=what) from None
    fs, path = url_to_fs(url)
    return fs, path.rstrip("/")


def read_url(url: str) -> bytes:
    """The bytes of an input object (on a worker: credentials come from its environment, as for boto3)."""
    fs, path = filesystem(url, "INPUT")
    return fs.cat_file(path)


def discover_urls(urls: list[str]) -> list[str]:
    """Input objects: a URL naming an object is itself, one naming a prefix gives its text objects (not deeper)."""
    from corpus_tools.pipeline import TEXT_SUFFIXES

    out: list[str] = []
    for url in urls:
        fs, path = filesystem(url, "INPUT")
        proto = url.split("://", 1)[0]
        if fs.isfile(path):
            out.append(url)
            continue
        names = sorted(p for p in fs.ls(path, detail=False) if fs.isfile(p))
        out += [f"{proto}://{p}" for p in names if PurePosixPath(p).suffix.lower() in TEXT_SUFFIXES
                and not PurePosixPath(p).name.startswith(".")]
    return out


class Store:
    """One dataset folder's keys: ``rel`` paths under ``root``, with the conditional writes S3 offers."""

    def __init__(self, fs: Any, root: str, url: str) -> None:
        self.fs, self.root, self.url = fs, root, url

    def key(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def read(self, rel: str) -> bytes | None:
        try:
            return self.fs.cat_file(self.key(rel))
        except FileNotFoundError:
            return None

    def fetch(self, rel: str) -> bytes:
        """``read`` for ``manifest.parse``: a missing key raises ``FileNotFoundError``."""
        return self.fs.cat_file(self.key(rel))

    def etag(self, rel: str) -> str | None:
        try:
            return self.fs.info(self.key(rel), refresh=True).get("ETag")
        except FileNotFoundError:
            return None

    def exists(self, rel: str) -> bool:
        return self.etag(rel) is not None

    def put(self, rel: str, data: bytes, *, create: bool = False, match: str | None = None) -> None:
        """One PUT; ``create``: only if no such key (If-None-Match), ``match``: only over that ETag (If-Match).

        A failed condition raises ``FileExistsError``.
        """
        cond: dict[str, str] = {}
        if create:
            cond["IfNoneMatch"] = "*"
        if match is not None:
            cond["IfMatch"] = match
        commit.step(f"put {rel}")  # the fault hook stops a build before any write, as locally
        self._request("put_object", rel, cond, Body=data)

    def delete(self, rel: str, match: str | None = None) -> None:
        commit.step(f"delete {rel}")
        with contextlib.suppress(FileNotFoundError):  # already gone
            self._request("delete_object", rel, {"IfMatch": match} if match else {})

    def _request(self, op: str, rel: str, cond: dict[str, str], **args: Any) -> None:
        """One S3 call on ``rel``'s key; a refused condition raises ``FileExistsError``; the cache is dropped."""
        bucket, key, _ = self.fs.split_path(self.key(rel))
        try:
            self.fs.call_s3(op, Bucket=bucket, Key=key, **args, **cond)
        except OSError as e:
            if cond and _precondition(e):
                raise FileExistsError(self.key(rel)) from None
            raise
        finally:
            self.fs.invalidate_cache(self.key(rel))

    def sizes(self, sub: str) -> dict[str, int]:
        """Every key under ``sub/`` with its size (one paged listing, not a request per key)."""
        try:
            found = self.fs.find(self.key(sub), detail=True)
        except FileNotFoundError:
            return {}
        n = len(self.root) + 1
        return {k[n:]: int(v.get("size") or 0) for k, v in found.items()}

    def copy(self, src: str, rel: str) -> None:
        """A server-side copy of a staged object (absolute key ``src``) to ``rel``."""
        commit.step(f"copy {rel}")
        self.fs.copy(src, self.key(rel))
        self.fs.invalidate_cache(self.key(rel))

    def remove_prefix(self, sub: str) -> int:
        keys = list(self.sizes(sub))
        if keys:
            commit.step(f"remove {sub}")
            self.fs.rm([self.key(k) for k in keys])
        return len(keys)


def _precondition(e: OSError) -> bool:
    """A conditional request refused (HTTP 412): s3fs gives FileExistsError for If-None-Match, EINVAL else."""
    import errno

    return isinstance(e, FileExistsError) or e.errno == errno.EINVAL or "pre-condition" in str(e).lower()


OPEN = "open"  # the marker of a live build's staging prefix


@dataclass(frozen=True)
class RemoteStaging:
    """Where a worker uploads the shards it wrote (picklable: the filesystem carries its options).

    The client puts ``<prefix>/open`` first and recovery deletes the whole prefix, so a task still running
    for a build that was given up (its client killed) finds no marker and uploads nothing; one whose upload
    crossed the deletion sees the marker gone afterwards and deletes what it uploaded (the local staging
    gets the same from ``mkdir``).
    """

    fs: Any
    prefix: str  # absolute key of this build's staging folder

    def _live(self) -> bool:
        try:
            self.fs.info(f"{self.prefix}/{OPEN}", refresh=True)
            return True
        except FileNotFoundError:
            return False

    def upload(self, closed: Closed, task: str) -> Closed:
        """Upload a closed pair from the worker's disk; the same pair named by its staged keys."""
        keys: list[PurePosixPath] = []
        for local in (closed.parquet, closed.jsonl):
            key = f"{self.prefix}/{task}/{local.name}"
            if not self._live():
                break
            commit.step(f"upload {local.name}")
            self.fs.put_file(str(local), key)
            keys.append(PurePosixPath(key))
        if len(keys) < 2 or not self._live():
            for k in keys:
                self.fs.rm_file(str(k))
            raise OutputError("this build's staging area is gone (the build was given up); nothing uploaded",
                              file=self.prefix)
        return Closed(closed.config, closed.group, closed.issues, closed.rows, keys[0], closed.parquet_sha,
                      keys[1], closed.jsonl_sha)


class ObjectLock:
    """The folder's lock as an object created only if absent; its body names the holder."""

    def __init__(self, store: Store, timeout: float) -> None:
        self.store, self.timeout = store, timeout
        self.etag: str | None = None
        self.rel = f"{commit.TOOL_DIR}/{LOCK}"

    def __enter__(self) -> ObjectLock:
        body = orjson.dumps({"host": socket.gethostname(), "pid": os.getpid(), "user": _user(),
                             "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                             "token": uuid.uuid4().hex})
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.store.put(self.rel, body, create=True)
                break
            except FileExistsError:
                if time.monotonic() >= deadline:
                    held = _holder(self.store.read(self.rel))
                    raise LockedError(f"another corpus-tools build holds this folder's lock ({held}; waited "
                                      f"{self.timeout:g} s; --lock-timeout). A killed build leaves it: once that "
                                      f"build is known to be dead, delete {self.store.key(self.rel)}",
                                      file=self.store.url) from None
                time.sleep(max(POLL, 0.2))
        self.etag = self.store.etag(self.rel)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.etag is not None:
            try:
                self.store.delete(self.rel, match=self.etag)  # only our own lock, never one taken after it
            except FileExistsError:
                _say(f"corpus-tools: {self.store.url}: the lock was replaced by someone else during this build; "
                     "left as it is")
            self.etag = None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def _holder(body: bytes | None) -> str:
    try:
        d = orjson.loads(body or b"")
        return f"held by {d['user']}@{d['host']} pid {d['pid']} since {d['since']}"
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return "held"


class ObjectArchive(Archive):
    """``publish.Archive`` on an S3 prefix: the same manifest, planning and ownership, the store's I/O."""

    def __init__(self, url: str, lock_timeout: float, say: Callable[[str], None] = _say) -> None:
        fs, root = filesystem(url)
        self.store = Store(fs, root, url.rstrip("/"))
        super().__init__(Path(root), lock_timeout, say)
        self.out = PurePosixPath(root)  # type: ignore[assignment]  # names only; every byte goes through store
        self.url = self.store.url
        self.manifest_etag: str | None = None
        self.obj_lock: ObjectLock | None = None
        self.change_class = ObjectChange

    def location(self) -> str:
        return self.url

    def __enter__(self) -> ObjectArchive:
        if not self.store.sizes(commit.TOOL_DIR):  # else an interrupted build's keys: recovery decides first
            self._refuse_foreign()
        self.obj_lock = ObjectLock(self.store, self.lock_timeout).__enter__()
        try:
            self.manifest = self._recover()
            if self.manifest_sha is None:
                self._refuse_foreign()
                self.created = True
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.obj_lock is not None:
            self.obj_lock.__exit__()
            self.obj_lock = None

    def _read_manifest(self) -> Manifest | None:
        data = self.store.read(manifest.NAME)
        self.manifest_sha = _sha(data) if data is not None else None
        self.manifest_etag = self.store.etag(manifest.NAME) if data is not None else None
        if data is None:
            return None
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError as e:
            raise manifest.ManifestError(f"not valid UTF-8 JSON: {e}", file=self.store.key(manifest.NAME)) from None
        return manifest.parse(doc, f"{self.url}/{manifest.NAME}", self.store.fetch, self.url)

    def _recover(self) -> Manifest:
        m = self._read_manifest()
        self.outcome = recover(self, m)
        if self.outcome == "rolled forward":
            m = self._read_manifest()
        return m or Manifest()

    def _refuse_foreign(self) -> None:
        """No manifest: the prefix must hold nothing but the tool's own keys (never write among others')."""
        if self.store.exists(manifest.NAME):
            return
        keys = sorted(k for k in self.store.sizes("") if not k.startswith(f"{commit.TOOL_DIR}/"))
        if keys:
            raise NotADatasetError(f"holds objects but no manifest.json (not a corpus-tools dataset): "
                                   f"{', '.join(keys[:5])}{' …' if len(keys) > 5 else ''}; refusing to write there",
                                   file=self.url)

    def check_sizes(self, part: Partition) -> None:
        """A partition's shards are there with their sizes (one listing of its folders per config)."""
        paper, year = part.group
        listed: dict[str, int] = {}
        for cfg in sorted({f.config for f in part.files if f.config}):
            for sub in ("data", "jsonl"):
                listed.update(self.store.sizes(f"{sub}/{cfg}/{paper}/{year:04d}"))
        for f in part.files:
            if f.kind not in ("parquet", "jsonl"):
                continue
            size = listed.get(f.path)
            if size is None:
                raise DatasetError("listed in manifest.json but missing; refusing to build on it",
                                   file=self.store.key(f.path))
            if size != f.bytes:
                raise DatasetError(f"{size} bytes, manifest.json lists {f.bytes}: truncated or edited; refusing to "
                                   "build on it", file=self.store.key(f.path))

    def read_owned(self, entry: FileEntry) -> bytes:
        return checked_bytes(self.store.read(entry.path), entry, f"{self.url}/{entry.path}")

    def sha_of(self, rel: str) -> str | None:
        data = self.store.read(rel)
        return _sha(data) if data is not None else None

    def finish(self, m: Manifest, retire: Iterable[str], derived: dict[str, bytes] | None = None) -> None:
        """After the commit point: card, schemas, croissant.json and figure as the manifest lists them; the
        retired shards and partition files deleted (only those keys the manifest no longer owns)."""
        for entry in m.meta:
            if entry.kind not in ("schema", *manifest.DERIVED):
                continue
            if self.sha_of(entry.path) == entry.sha256:
                continue
            data = (derived or {}).get(entry.kind) or _owned_bytes(m, entry, self.out.name)
            if data is not None:
                self.store.put(entry.path, data)
        for rel in sorted(set(retire)):
            if retirable(m, rel):
                self.store.delete(rel)

    def report_failures(self, failures: Any) -> str | None:  # type: ignore[override]
        rel = f"{commit.TOOL_DIR}/{FAILURES}"
        if not failures:
            self.store.delete(rel)
            return None
        self.store.put(rel, b"".join(orjson.dumps(f.__dict__) + b"\n" for f in failures))
        return f"{self.url}/{rel}"


class ObjectChange(Change):
    """``publish.Change`` whose shards are staged as objects and placed by server-side copies at the commit."""

    arc: ObjectArchive

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.build = uuid.uuid4().hex
        self.staging = Path(tempfile.mkdtemp(prefix="corpus-tools-"))  # shards the client itself writes
        self.remote = RemoteStaging(self.arc.store.fs, self.arc.store.key(f"{commit.TOOL_DIR}/{commit.STAGING}/"
                                                                          f"{self.build}"))
        self.pending: list[tuple[str, str]] = []  # (final rel, staged key): shards and partition files
        self.published: set[str] = set()  # pending keys the old manifest lists with the same bytes

    def worker_staging(self) -> RemoteStaging:
        return self.remote

    def __enter__(self) -> ObjectChange:
        self.arc.store.put(f"{commit.TOOL_DIR}/{commit.STAGING}/{self.build}/{OPEN}", b"")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self.finished:
            return
        for p in self.plans.values():
            p.abort()
        m = self.arc._read_manifest()
        self.arc.outcome = recover(self.arc, m, lambda msg: None)

    def place(self, closed: Closed) -> None:
        """Stage a finished pair (uploaded now if the client wrote it); its final keys are taken at the commit."""
        if isinstance(closed.parquet, Path):  # written here (a group merged with its old shards): upload it now
            local = (closed.parquet, closed.jsonl)
            closed = self.remote.upload(closed, "client")
            for p in local:
                p.unlink()
        old = self.old.partition(closed.group).by_path()  # read once per partition (it is kept until finished)
        for sub, key, sha in (("data", closed.parquet, closed.parquet_sha), ("jsonl", closed.jsonl, closed.jsonl_sha)):
            rel = shard_path(sub, closed.config, closed.group, list(closed.issues), sha)
            if rel in old and old[rel].sha256 == sha:
                self.published.add(rel)
            self._refuse_other(rel)
            self.pending.append((rel, str(key)))
            size = int(self.arc.store.fs.info(str(key))["size"])
            self.new_files[closed.group].append(FileEntry(rel, manifest.KIND_OF_SUB[sub], sha, size, closed.config,
                                                          closed.rows, closed.group[0], closed.group[1],
                                                          closed.issues))

    def place_partition(self, rel: str, data: bytes) -> None:
        """Stage a partition file the change wrote (its summary names a new key); placed at the commit."""
        self._refuse_other(rel)
        name = PurePosixPath(rel).name
        key = self.arc.store.key(f"{commit.TOOL_DIR}/{commit.STAGING}/{self.build}/client/{name}")
        commit.step(f"upload {name}")  # the fault hook stops the client here as before its shards' uploads
        self.arc.store.fs.pipe_file(key, data)
        self.arc.store.fs.invalidate_cache(key)
        self.pending.append((rel, key))

    def _refuse_other(self, rel: str) -> bool:
        """True when ``rel`` holds the published bytes already; refused when it holds anyone else's."""
        if not self.arc.store.exists(rel):
            return False
        if rel not in self.published:
            raise NotADatasetError(f"{rel} exists but the manifest does not list it with these bytes; refusing to "
                                   "overwrite it", file=self.arc.url)
        return True

    def _publish(self, new: Manifest, data: bytes, retire: list[str]) -> None:
        """Journal, copies to the final keys, the conditional PUT of manifest.json (the commit point), the rest."""
        store = self.arc.store
        journal = {"build": self.build, "old": self.arc.manifest_sha, "new": _sha(data), "retire": retire,
                   "place": [rel for rel, _ in self.pending]}
        store.put(f"{commit.TOOL_DIR}/{JOURNAL}", orjson.dumps(journal))
        for rel, key in self.pending:
            if not self._refuse_other(rel):  # checked again: the key may have been written since
                store.copy(key, rel)
        try:
            if self.arc.manifest_etag is None:
                store.put(manifest.NAME, data, create=True)
            else:
                store.put(manifest.NAME, data, match=self.arc.manifest_etag)
        except FileExistsError:
            raise OutputError("manifest.json changed since this build read it (another writer, or a lock the "
                              "store did not enforce); nothing was committed", file=self.arc.url) from None
        new.read_through(store.fetch, self.arc.url)  # its partitions are read from the store from now on
        self.arc.finish(new, retire, self.derived)
        store.delete(f"{commit.TOOL_DIR}/{JOURNAL}")
        clear_staging(store)


def recover(arc: ObjectArchive, m: Manifest | None, say: Callable[[str], None] | None = None) -> str | None:
    """Roll an interrupted build on the store forward or back (see the module docstring); clear staging."""
    say = say or arc.say
    store, did = arc.store, None
    raw = store.read(f"{commit.TOOL_DIR}/{JOURNAL}")
    if raw is not None:
        try:
            j = orjson.loads(raw)
        except orjson.JSONDecodeError:
            j = {}
        if j.get("new") is not None and j.get("new") == arc.manifest_sha:
            arc.finish(m or Manifest(), [p for p in j.get("retire", []) if isinstance(p, str)])
            did = "rolled forward"
        else:
            owns = m.owns if m else (lambda rel: False)
            placed = [p for p in j.get("place", []) if isinstance(p, str) and not owns(p) and _ours(store, p)]
            for rel in placed:
                store.delete(rel)
            did = f"rolled back ({len(placed)} unpublished objects removed)"
        store.delete(f"{commit.TOOL_DIR}/{JOURNAL}")
        say(f"corpus-tools: {arc.url}: an interrupted build was {did}")
    left = clear_staging(store)
    if left and did is None:
        say(f"corpus-tools: {arc.url}: removed {left} staged objects left by an interrupted build")
        did = "cleaned"
    return did


def clear_staging(store: Store) -> int:
    """Delete the staging prefix: the live-build markers first, so a task's upload either lands before the
    listing that deletes it or finds its marker gone and deletes itself.  Returns the objects deleted."""
    sub = f"{commit.TOOL_DIR}/{commit.STAGING}"
    markers = [k for k in store.sizes(sub) if k.endswith(f"/{OPEN}")]
    for k in markers:
        store.delete(k)
    return len(markers) + store.remove_prefix(sub)


def _ours(store: Store, rel: str) -> bool:
    """A placed key is deleted only when it is a shard or partition file path whose bytes carry the hash in
    its name."""
    m = manifest.SHARD_RE.match(rel) or manifest.PART_RE.match(rel)
    data = store.read(rel) if m else None
    return data is not None and m is not None and _sha(data)[:12] == m["sha"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
