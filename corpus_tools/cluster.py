"""Past one machine: convert and validate on a ``dask.distributed`` cluster.

Why an existing engine: a national archive is millions of pages, more than one
machine's forked workers get through; ``distributed`` already schedules,
retries, survives dead workers and runs on SSH hosts, Slurm and Kubernetes.

A build here is the local build with another source of converted issues:
inputs are sorted by issue id, cut into runs of one paper and one year (the
partitions impresso uses), and each run into batches (one task converts many
issues, so scheduling costs little per issue).  Batches are submitted in order
with ``retries``; their results are fed, in issue-id order, into the same
``DatasetWriter`` a local build uses, so the folder is byte-identical to a
local build of the same issues.  At most ``window`` batches are in flight, so
memory on the client and the workers stays flat in the number of issues.

A batch that still fails after its retries (a worker died on it too often, an
unexpected exception) is split and each of its issues submitted alone, so a
failure is reported per issue, never for a batch and never silently dropped.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_tools.errors import CorpusError, UsageError
from corpus_tools.records import issue_id

if TYPE_CHECKING:
    from distributed import Client

    from corpus_tools.pipeline import IssueInput, Summary

DEFAULT_BATCH = 50  # issues per task: ~0.5 s of conversion, against ~1 ms of scheduling
DEFAULT_RETRIES = 2


class IssueFailed(CorpusError):
    """An issue could not be converted on the cluster (after its retries)."""

    code = "E030"


@dataclass(frozen=True)
class Failure:
    """One issue that failed: which, where its input is, and why (one line)."""

    issue_id: str
    path: str
    error: str
    exc: CorpusError | None = None  # the input's own error, re-raised as a local build would

    def __str__(self) -> str:
        return f"{self.issue_id}: {self.error}"


def partition_key(inp: IssueInput) -> tuple[str, int]:
    """(paper_id, year): one year of one paper can be rebuilt or loaded alone."""
    return inp.meta.paper_id, inp.meta.date.year


def plan_batches(inputs: list[IssueInput], batch: int = DEFAULT_BATCH) -> list[list[IssueInput]]:
    """Inputs in issue-id order, cut into (paper_id, year) runs, each run into batches of at most ``batch``.

    A batch never spans two partitions, so a partition's issues go to whole tasks of their own.
    """
    ordered = sorted(inputs, key=lambda i: issue_id(i.meta))
    out: list[list[IssueInput]] = []
    for _, run in itertools.groupby(ordered, key=partition_key):
        group = list(run)
        out += [group[k:k + batch] for k in range(0, len(group), batch)]
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
    """Converted issues from a cluster, in issue-id order, with per-issue failures kept aside.

    Called with the (sorted) inputs, it yields their Summaries.  Without
    ``keep_going`` the first failed issue (in issue-id order) stops the build:
    ``IssueFailed`` is raised and the writer publishes nothing.  With it,
    failed issues are left out of the folder and listed in ``failures``.
    """

    def __init__(self, client: Client, encoding: str | None = None, batch: int = DEFAULT_BATCH,
                 retries: int = DEFAULT_RETRIES, keep_going: bool = False, window: int | None = None) -> None:
        self.client, self.encoding, self.batch, self.retries = client, encoding, batch, retries
        self.keep_going = keep_going
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = window or 2 * workers + 2  # enough queued that no worker waits, few results held
        self.failures: list[Failure] = []
        self.tasks = 0
        self.waited = 0.0  # seconds the client spent waiting for results (the rest of its time it writes)

    def __call__(self, inputs: list[IssueInput]) -> Iterator[Summary]:
        for item in self._results(plan_batches(inputs, self.batch)):
            if isinstance(item, Failure):
                self.failures.append(item)
                if not self.keep_going:
                    raise item.exc or IssueFailed(item.error, file=item.path, field=item.issue_id)
                continue
            yield item

    def _submit(self, batch: list[IssueInput]) -> Any:
        self.tasks += 1
        return self.client.submit(convert_batch, batch, self.encoding, retries=self.retries, pure=False,
                                  key=f"convert-{issue_id(batch[0].meta)}-{len(batch)}-{self.tasks}")

    def _results(self, batches: list[list[IssueInput]]) -> Iterator[Summary | Failure]:
        """Every issue's result in order; a batch lost after its retries is redone issue by issue."""
        todo = iter(batches)
        flight: deque[tuple[list[IssueInput], Any]] = deque()
        try:
            while True:
                while len(flight) < self.window and (b := next(todo, None)) is not None:
                    flight.append((b, self._submit(b)))
                if not flight:
                    return
                batch, fut = flight.popleft()
                t0 = time.perf_counter()
                try:
                    results = fut.result()
                except Exception:  # the batch failed as a whole: find out which issues
                    results = self._one_by_one(batch)
                self.waited += time.perf_counter() - t0
                fut.release()
                yield from results
        finally:
            for _, fut in flight:
                fut.cancel()

    def _one_by_one(self, batch: list[IssueInput]) -> list[Summary | Failure]:
        out: list[Summary | Failure] = []
        for inp, fut in [(i, self._submit([i])) for i in batch]:
            try:
                out += fut.result()
            except Exception as e:
                out.append(Failure(issue_id(inp.meta), str(inp.path), _one_line(e)))
            fut.release()
        return out


def build(inputs: list[IssueInput], out: Path, scheduler: str, encoding: str | None = None,
          replace: bool = False, on_issue: Callable[[Summary], None] | None = None,
          shard_bytes: int | None = None, batch: int = DEFAULT_BATCH, retries: int = DEFAULT_RETRIES,
          keep_going: bool = False,
          on_failure: Callable[[Failure], None] | None = None) -> tuple[Path, list[Failure]]:
    """``pipeline.build`` with the issues converted on a cluster; returns the folder and the failed issues.

    With ``keep_going`` a folder is published without the failed issues (unless every issue failed),
    each passed to ``on_failure``; without it the first failure raises (the input's own error, else
    ``IssueFailed``) and nothing is published.
    """
    from corpus_tools import pipeline
    from corpus_tools.shards import DEFAULT_SHARD_BYTES

    with connect(scheduler) as client:
        warm(client)
        source = ClusterSource(client, encoding, batch, retries, keep_going)
        try:
            folder = pipeline.build(inputs, out, encoding, replace, on_issue,
                                    shard_bytes=shard_bytes or DEFAULT_SHARD_BYTES,
                                    convert_all=_checked(source, len(inputs)))
        finally:
            if keep_going and on_failure is not None:
                for f in source.failures:
                    on_failure(f)
    return folder, source.failures


def _checked(source: ClusterSource, total: int) -> Callable[[list[IssueInput]], Iterable[Summary]]:
    """The source, refusing to publish a folder when every issue failed."""

    def run(inputs: list[IssueInput]) -> Iterator[Summary]:
        n = 0
        for s in source(inputs):
            n += 1
            yield s
        if total and n == 0:
            raise IssueFailed(f"all {total} issues failed; nothing published", field="INPUT")

    return run


def local_path(url: str | Path) -> Path:
    """A local path from a path or a ``file://`` URL; other fsspec stores need the staged layout."""
    s = str(url)
    if s.startswith("file://"):
        return Path(s[len("file://"):])
    if "://" in s:
        raise UsageError(f"{s}: only local paths and file:// URLs are supported for this output",
                         field="--out")
    return Path(s)
