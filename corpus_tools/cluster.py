"""Past one machine: convert and validate on a ``dask.distributed`` cluster.

Why an existing engine: a national archive is millions of pages, more than one
machine's forked workers get through; ``distributed`` already schedules,
retries, survives dead workers and runs on SSH hosts, Slurm and Kubernetes.

A build here is the local build's change (``publish.Archive``: same lock,
journal and single commit) with the work moved out: inputs are sorted by
issue id and cut into (paper_id, year) groups, the partitions impresso uses.
A group with no shards in the folder yet goes to one task, which converts
its issues and writes their shards (Parquet and JSONL twin, the same
``ShardWriter`` a local build uses) into a folder of its own under the
output's staging area; the client places them, writes card, schemas and
manifest and commits once.  A group that already has shards (a rebuild)
comes back as rendered rows in batches, which the client merges into the
old shards as a local build does.  Either way the folder is byte-identical
to a local build of the same issues.  With ``batch`` a fresh group is cut
into tasks of that many issues (more parallelism for few groups); each task
then ends its own shards, and ``compact`` gives the local layout.

Tasks are submitted in order with ``retries``, at most ``window`` in
flight, so memory stays flat in the number of issues on client and workers.
A task still failing after its retries (a worker died on it too often, an
unexpected exception) is redone issue by issue, so a failure is reported per
issue, never for a batch and never silently dropped.  Workers need the
output folder on a shared file system (the staging area is inside it), or
an ``s3://`` prefix they can write (``objstore``: shards uploaded to the
staging prefix, the same change committed with the store's conditional writes).
"""

from __future__ import annotations

import itertools
import os
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_tools.errors import CorpusError, UsageError
from corpus_tools.records import issue_id

if TYPE_CHECKING:
    from distributed import Client

    from corpus_tools.objstore import RemoteStaging
    from corpus_tools.pipeline import Failure as PipelineFailure
    from corpus_tools.pipeline import IssueInput, Summary
    from corpus_tools.publish import Change
    from corpus_tools.shards import Closed

DEFAULT_BATCH = 50  # issues per task of a rebuilt group: ~0.5 s of conversion, against ~1 ms of scheduling
DEFAULT_RETRIES = 2


class IssueFailed(CorpusError):
    """An issue could not be converted on the cluster (after its retries)."""

    code = "E030"


@dataclass(frozen=True)
class Failure:
    """One issue that failed: which, where its input is, and why (one line)."""

    issue_id: str
    path: str
    error: str  # the coded one-line error, as a local build prints it
    exc: CorpusError | None = None  # the input's own error, re-raised as a local build would

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.error}"

    @classmethod
    def lost(cls, iid: str, path: str, e: BaseException) -> Failure:
        """An issue whose task kept failing for another reason than its input (a worker died on it)."""
        exc = IssueFailed(f"task failed after its retries: {_one_line(e)}", file=path, field=iid)
        return cls(iid, path, str(exc), exc)

    def record(self) -> PipelineFailure:
        """The line of ``.corpus-tools/failures.jsonl``: the fields a local build lists."""
        from corpus_tools.pipeline import Failure as Record

        assert self.exc is not None
        return Record.of_error(self.path, self.exc, self.issue_id)


@dataclass
class Written:
    """What a task that wrote shards hands back: no rows, only names, hashes and manifest entries."""

    group: tuple[str, int]
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    closed: list[Closed] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)  # for progress lines (rows not included)
    failures: list[Failure] = field(default_factory=list)


def partition_key(inp: IssueInput) -> tuple[str, int]:
    """(paper_id, year): one year of one paper can be rebuilt or loaded alone."""
    return inp.meta.paper_id, inp.meta.date.year


def plan_batches(inputs: list[IssueInput], batch: int | None = DEFAULT_BATCH) -> list[list[IssueInput]]:
    """Inputs in issue-id order, cut into (paper_id, year) runs, each run into batches of at most ``batch``.

    A batch never spans two partitions, so a partition's issues go to whole tasks of their own;
    ``batch=None`` gives one batch per partition.
    """
    ordered = sorted(inputs, key=lambda i: issue_id(i.meta))
    out: list[list[IssueInput]] = []
    for _, run in itertools.groupby(ordered, key=partition_key):
        group = list(run)
        step = batch or len(group)
        out += [group[k:k + step] for k in range(0, len(group), step)]
    return out


def convert_batch(batch: list[IssueInput], encoding: str | None) -> list[Summary | Failure]:
    """Convert a batch on a worker; a bad input is a Failure of its issue, not of the batch.

    Other exceptions (a bug, an unreadable share) propagate, so the scheduler retries the batch.
    """
    from corpus_tools.pipeline import convert_and_render

    out: list[Summary | Failure] = []
    for inp in batch:
        try:
            out.append(convert_and_render(inp, encoding))
        except CorpusError as e:
            out.append(Failure(issue_id(inp.meta), str(inp.path), str(e), e))
    return out


def write_batch(batch: list[IssueInput], encoding: str | None, staging: str | RemoteStaging, shard_bytes: int,
                keep_going: bool) -> Written:
    """Convert a batch of one group on a worker and write its shards into a new folder under ``staging``.

    Issues go to the writers in id order and config order, as in a local build, so the shards are the
    bytes a local build writes.  Without ``keep_going`` the first bad issue ends the task (nothing of it
    will be published).  The folder is made with ``mkdir`` (not ``makedirs``): when the build was given
    up and its staging removed, a late task writes nothing.  On an object store (``RemoteStaging``) the
    shards are written on this worker's disk and uploaded under the build's staging prefix.
    """
    task = f"task-{uuid.uuid4().hex}"
    if not isinstance(staging, str):
        import tempfile

        with tempfile.TemporaryDirectory(prefix="corpus-tools-") as tmp:
            res = _write_batch(batch, encoding, Path(tmp), shard_bytes, keep_going)
            res.closed = [staging.upload(c, task) for c in res.closed]
        return res
    here = Path(staging) / task
    os.mkdir(here)
    return _write_batch(batch, encoding, here, shard_bytes, keep_going)


def _write_batch(batch: list[IssueInput], encoding: str | None, here: Path, shard_bytes: int,
                 keep_going: bool) -> Written:
    from dataclasses import replace

    from corpus_tools.manifest import issue_entry
    from corpus_tools.pipeline import convert_and_render
    from corpus_tools.schema import CONFIGS
    from corpus_tools.shards import ShardWriter, part_item

    group = partition_key(batch[0])
    res = Written(group)
    writers = {c: ShardWriter(here, c, group, shard_bytes, res.closed.append) for c in CONFIGS}
    try:
        for inp in batch:
            try:
                s = convert_and_render(inp, encoding)
            except CorpusError as e:
                res.failures.append(Failure(issue_id(inp.meta), str(inp.path), str(e), e))
                if not keep_going:
                    break
                continue
            iid = s.issue["issue_id"]
            for cfg in CONFIGS:
                if cfg in s.parts:
                    writers[cfg].add(part_item(cfg, iid, s.parts[cfg]))
            res.entries[iid] = issue_entry(s.issue, {c: p.rows for c, p in s.parts.items()},
                                           {c: len(p.jsonl) for c, p in s.parts.items()},
                                           {c: p.jsonl for c, p in s.parts.items()})
            res.summaries.append(replace(s, parts={}))
        if res.failures and not keep_going:
            res.closed.clear()
        else:
            for cfg in CONFIGS:
                writers[cfg].close()
    finally:
        for w in writers.values():
            w.abort()
    return res


def _warm_worker() -> int:
    """Import the converter and load the dictionary in this worker process (once: both are cached)."""
    from corpus_tools.lexicon import lexicon

    return len(lexicon()[0])


def warm(client: Client) -> None:
    """Get every worker ready before the first batch, as a local build loads the dictionary before forking.

    Without it the first task on each worker pays for the imports and the dictionary (~1 s); a worker
    started later (one replacing a dead worker) pays it on its first task.
    """
    client.run(_warm_worker)


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split())
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


@contextmanager
def connect(scheduler: str) -> Iterator[Client]:
    """A client of ``tcp://host:port`` (or any address distributed takes), or of ``local:N``.

    ``local:N`` starts a LocalCluster of N worker processes with one thread each (the converter is
    pure Python: threads would share one interpreter lock) and stops it afterwards.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--scheduler needs the 'distributed' package (pip install 'corpus-tools[cluster]')",
                         field="--scheduler") from None
    if scheduler.startswith("local:") or scheduler == "local":
        n = scheduler.partition(":")[2] or str(os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise UsageError(f"--scheduler: {scheduler!r}: expected local:N with N >= 1 worker processes",
                             field="--scheduler")
        with LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
                Client(lc) as client:
            yield client
        return
    if "://" not in scheduler:
        raise UsageError(f"--scheduler: {scheduler!r}: expected tcp://HOST:PORT or local:N", field="--scheduler")
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as e:
        raise UsageError(f"--scheduler: cannot reach {scheduler}: {_one_line(e)}", field="--scheduler") from None
    with client:
        yield client


class ClusterSource:
    """Runs one planned change's conversions on a cluster and feeds the results to it in issue-id order.

    Without ``keep_going`` the first failed issue (in issue-id order) stops the build: its error
    (the input's own, else ``IssueFailed``) is raised and the change publishes nothing.  With it,
    failed issues new to the folder are left out and listed in ``failures``; a failed issue that
    the folder already holds still stops the build (leaving it out would drop its published rows).
    """

    def __init__(self, client: Client, encoding: str | None = None, batch: int | None = None,
                 retries: int = DEFAULT_RETRIES, keep_going: bool = False, window: int | None = None) -> None:
        self.client, self.encoding, self.batch, self.retries = client, encoding, batch, retries
        self.keep_going = keep_going
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = window or 2 * workers + 2  # enough queued that no worker waits, few results held
        self.failures: list[Failure] = []
        self.tasks = 0
        self.waited = 0.0  # seconds the client spent waiting for results (the rest of its time it writes)

    def run(self, change: Change, inputs: list[IssueInput], shard_bytes: int,
            on_issue: Callable[[Summary], None] | None = None) -> int:
        """Convert ``inputs`` (sorted, as planned) into ``change``; the number of issues added."""
        added = 0
        for _batch, result in self._results(self._plan(change, inputs, shard_bytes)):
            if isinstance(result, Written):
                self._fail(list(result.failures))
                change.add_written(result.group, result.entries, result.closed,
                                   [f.issue_id for f in result.failures])
                summaries: list[Summary] = result.summaries
            else:
                summaries = []
                for item in result:
                    if isinstance(item, Failure):
                        self._fail([item], change.published(item.issue_id))
                        change.skip_issue(item.issue_id)
                    else:
                        change.add_issue(item.issue, item.parts)
                        summaries.append(item)
            added += len(summaries)
            for s in summaries:
                if on_issue:
                    on_issue(s)
        return added

    def _fail(self, failures: list[Failure], published: bool = False) -> None:
        self.failures += failures
        if failures and (published or not self.keep_going):
            f = failures[0]
            raise f.exc or IssueFailed(f.error, file=f.path, field=f.issue_id)  # exc is always set

    def _plan(self, change: Change, inputs: list[IssueInput], shard_bytes: int) -> Iterator[tuple[list, Any]]:
        """(batch, how to submit it): fresh groups are written by workers, the others rendered for the client."""
        staging = change.worker_staging()
        for batch in plan_batches(inputs, None):
            if change.fresh(partition_key(batch[0])):
                for part in plan_batches(batch, self.batch):
                    yield part, (write_batch, part, self.encoding, staging, shard_bytes, self.keep_going)
            else:
                for part in plan_batches(batch, self.batch or DEFAULT_BATCH):
                    yield part, (convert_batch, part, self.encoding)

    def _submit(self, call: tuple[Any, ...], first: IssueInput, n: int) -> Any:
        self.tasks += 1
        fn, *args = call
        return self.client.submit(fn, *args, retries=self.retries, pure=False,
                                  key=f"{fn.__name__}-{issue_id(first.meta)}-{n}-{self.tasks}")

    def _results(self, plan: Iterator[tuple[list, Any]]) -> Iterator[tuple[list, Any]]:
        """Every task's result in order; a task lost after its retries is redone issue by issue."""
        flight: deque[tuple[list[IssueInput], Any]] = deque()
        try:
            while True:
                while len(flight) < self.window and (p := next(plan, None)) is not None:
                    flight.append((p[0], self._submit(p[1], p[0][0], len(p[0]))))
                if not flight:
                    return
                batch, fut = flight.popleft()
                t0 = time.perf_counter()
                try:
                    result = fut.result()
                except Exception:  # the task failed as a whole: find out which issues
                    result = self._one_by_one(batch)
                self.waited += time.perf_counter() - t0
                fut.release()
                yield batch, result
        finally:
            for _, fut in flight:
                fut.cancel()

    def _one_by_one(self, batch: list[IssueInput]) -> list[Summary | Failure]:
        out: list[Summary | Failure] = []
        for inp, fut in [(i, self._submit((convert_batch, [i], self.encoding), i, 1)) for i in batch]:
            try:
                out += fut.result()
            except Exception as e:
                out.append(Failure.lost(issue_id(inp.meta), str(inp.path), e))
            fut.release()
        return out


def build(inputs: list[IssueInput], out: Path | str, scheduler: str, encoding: str | None = None,
          batch: int | None = None, retries: int = DEFAULT_RETRIES, keep_going: bool = False,
          **opts: Any) -> tuple[Path, list[Failure]]:
    """``pipeline.build`` with the issues converted (and new groups' shards written) on ``scheduler``.

    ``opts`` are those of ``build_on``.  Returns the folder and the failed issues.
    """
    with connect(scheduler) as client:
        warm(client)
        return build_on(ClusterSource(client, encoding, batch, retries, keep_going), inputs, out, **opts)


def build_on(source: ClusterSource, inputs: list[IssueInput], out: Path | str, replace: bool = False,
             on_issue: Callable[[Summary], None] | None = None, shard_bytes: int | None = None,
             on_failure: Callable[[Failure], None] | None = None,
             lock_timeout: float | None = None) -> tuple[Path | str, list[Failure]]:
    """One build through ``source``'s cluster: the local build's lock, staging and single commit.

    ``out`` is a local folder or an ``s3://`` URL (``objstore``: the same change, the store's commit);
    the folder (or the URL) is returned.

    With ``keep_going`` (on the source) a folder is published without the failed issues (unless
    every issue failed), each passed to ``on_failure``; without it the first failure raises and
    nothing is published.
    """
    from corpus_tools.publish import DEFAULT_LOCK_TIMEOUT, Archive, Incoming
    from corpus_tools.shards import DEFAULT_SHARD_BYTES

    dup = sorted(x for x, n in Counter(issue_id(i.meta) for i in inputs).items() if n > 1)
    if dup:
        raise UsageError(f"two inputs give the same issue: {dup}", field="INPUT")
    inputs = sorted(inputs, key=lambda i: issue_id(i.meta))
    planned = [Incoming(issue_id(i.meta), i.meta.paper_id, i.meta.date.year) for i in inputs]
    shard_bytes = shard_bytes or DEFAULT_SHARD_BYTES
    timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    if isinstance(out, str) and is_url(out):
        from corpus_tools.objstore import ObjectArchive

        arc: Archive = ObjectArchive(out, timeout)
    else:
        arc = Archive(Path(out), timeout)
    try:
        with arc:
            drop = set(arc.manifest.issues) if replace else set()
            with arc.change(planned, drop, shard_bytes) as change:
                added = source.run(change, inputs, shard_bytes, on_issue)
                if inputs and not added:
                    raise IssueFailed(f"all {len(inputs)} issues failed; nothing published", field="INPUT")
                change.commit()
            arc.report_failures([f.record() for f in source.failures])
    except OSError as e:  # the store refused (no such bucket, no permission, disk full): one line, as locally
        from corpus_tools.errors import OutputError, os_reason

        raise OutputError(f"cannot write the dataset ({os_reason(e)})", file=str(out), field="--out") from None
    finally:
        if source.keep_going and on_failure is not None:
            for f in source.failures:
                on_failure(f)
    return (arc.location() if isinstance(out, str) and is_url(out) else arc.out), list(source.failures)


def local_path(url: str | Path, what: str = "--out") -> Path:
    """A local path from a path or a ``file://`` URL (read by fsspec).

    ``validate`` reads local folders only: an ``s3://`` (or other fsspec) URL is refused in one line.
    """
    s = str(url)
    if "://" not in s:
        return Path(s)
    from fsspec.core import split_protocol, url_to_fs

    if split_protocol(s)[0] not in ("file", "local"):
        raise UsageError(f"{s}: only local paths and file:// URLs are supported here (copy an object store's "
                         "folder down first)", field=what)
    return Path(url_to_fs(s)[1])


def out_location(url: str | Path) -> Path | str:
    """``--out`` of a cluster build: a local folder (a path or ``file://``), or an ``s3://`` URL kept as one."""
    if is_url(url):
        from corpus_tools.objstore import filesystem

        filesystem(str(url))  # refuses other stores, or s3 without s3fs, in one line
        return str(url)
    return local_path(url)


def input_url(url: str) -> str:
    """An INPUT of a cluster build: a local path (``file://`` resolved) or an ``s3://`` URL, kept as one."""
    return str(out_location(url))


def is_url(value: str | Path) -> bool:
    from corpus_tools.objstore import is_url as remote

    return remote(value)
