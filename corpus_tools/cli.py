"""Command line: ``corpus-tools build``, ``validate``, ``remove``, ``compact``, ``info`` and ``push``.

Exit codes: 0 ok, 1 invalid data (input, records, a damaged --out, an unwritable
--out, or some issues failed under --keep-going), 2 usage error, 3 the folder
is locked by another build, 130/143 interrupted by SIGINT/SIGTERM (nothing
half-published).  Every error is one line ``file[:line]: CODE field:
message``; set ``CORPUS_TOOLS_DEBUG=1`` to see the traceback of an unexpected one.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from corpus_tools import __version__
from corpus_tools.errors import CorpusError, InternalError, Interrupted, UsageError
from corpus_tools.lock import LockedError

if TYPE_CHECKING:
    from corpus_tools import cluster
    from corpus_tools.pipeline import Failure, Summary

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
MAX_SHARD_MB = 1024 * 1024  # a terabyte: past this a "size" is a typo, and MB → bytes must stay an int


def _on_signal(signum: int, frame: object) -> None:
    import signal

    for s in (signal.SIGINT, signal.SIGTERM):  # a second signal must not interrupt the clean-up
        signal.signal(s, signal.SIG_IGN)
    raise Interrupted(signum)


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default, kept explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    p = _Parser(prog="corpus-tools", description="Turn newspaper issues into a validated research dataset.")
    p.add_argument("--version", action="version", version=f"corpus-tools {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    b = sub.add_parser("build", help="convert issues into a dataset folder",
                       description="Convert one or more issue text dumps into a dataset folder (Arrow + JSONL + "
                                   "card). With no INPUT, builds the bundled sample issue into output/jzrb.")
    b.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="issue text files, or folders of them (.txt or .text, any case; subfolders and hidden "
                        "files are skipped and listed)")
    b.add_argument("--newspaper", help="newspaper name, e.g. 人民日报")
    b.add_argument("--date", help="issue date YYYY-MM-DD (else read from <paper-id>-YYYY-MM-DD.txt)")
    b.add_argument("--edition", help="edition label, when a paper prints several a day")
    b.add_argument("--paper-id", help="short ASCII id used in record ids (default: from the file name)")
    b.add_argument("--manifest", help="CSV or JSON listing path,newspaper,date[,edition][,paper_id] per issue")
    b.add_argument("--encoding", type=_encoding,
                   help="input encoding, any spelling Python knows (utf8, GB18030 …; recorded as one name; "
                        "default: detected)")
    b.add_argument("--out", help="dataset folder to write (default: output/<paper-id>)")
    b.add_argument("--replace", action="store_true", help="drop other issues already in --out")
    b.add_argument("--keep-going", action="store_true",
                   help="publish the issues that convert; list the others in <out>/.corpus-tools/failures.jsonl "
                        "(exit 1)")
    b.add_argument("--shard-mb", type=_positive, default=64,
                   help="start a new shard when a config's shard would pass this many MB of JSON lines (default 64)")
    b.add_argument("--lock-timeout", type=float, default=60, metavar="SECONDS",
                   help="wait this long for another build into --out to finish (default 60; exit 3 after)")
    b.add_argument("--show", action="store_true", help="load the result with datasets and print a summary")
    _cluster_options(b)
    b.add_argument("--batch", type=int, default=None, metavar="N",
                   help="with --scheduler: issues per task (default: one task per new paper and year, so the "
                        "shards are a local build's; with N, compact gives that layout)")
    b.add_argument("--retries", type=int, default=None, metavar="N",
                   help="with --scheduler: retries of a failed task before its issues are tried one by one "
                        "(default 2)")
    r = sub.add_parser("remove", help="drop issues from a dataset folder",
                       description="Drop issues (all their rows, every config) from a dataset folder in one commit.")
    r.add_argument("issue_ids", nargs="+", metavar="ISSUE_ID")
    r.add_argument("--out", required=True, help="the dataset folder")
    r.add_argument("--lock-timeout", type=float, default=60, metavar="SECONDS")
    c = sub.add_parser("compact", help="merge shards into the layout of a fresh batch build",
                       description="Rewrite the shards of every (config, paper, year) whose shards differ from what "
                                   "a fresh batch build of the same issues writes; the rest is not touched.")
    c.add_argument("--out", required=True, help="the dataset folder")
    c.add_argument("--shard-mb", type=_positive, default=64)
    c.add_argument("--lock-timeout", type=float, default=60, metavar="SECONDS")
    v = sub.add_parser("validate", help="check a dataset folder or JSONL/Arrow files against the schemas",
                       description="Validate dataset folders or JSONL/Arrow files: schemas, unique ids, "
                                   "references, spans, Arrow/JSONL agreement, card/schema agreement.")
    v.add_argument("paths", nargs="+", metavar="PATH")
    v.add_argument("--config", help="config of loose files (default: inferred from the path)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("--max-errors", type=_count, default=200,
                   help="keep and print at most N errors; the others are only counted (default 200)")
    _cluster_options(v)
    _add_release_commands(sub)
    return p


def _add_release_commands(sub: argparse._SubParsersAction) -> None:
    """``info`` and ``push``: reading a finished folder's manifest, and uploading the folder to the Hub."""
    i = sub.add_parser("info", help="summarise a dataset folder from its manifest",
                       description="Counts per config and per paper and year, date range, release fields and "
                                   "sizes, read from manifest.json alone (no shard is opened).")
    i.add_argument("folder", metavar="FOLDER")
    i.add_argument("--json", action="store_true", help="print the summary as JSON")
    u = sub.add_parser("push", help="upload a dataset folder to the Hugging Face Hub in one commit",
                       description="Upload the files the manifest lists (hashes checked first) and the manifest "
                                   "itself to a Hub dataset repo in one commit, creating the repo if needed.")
    u.add_argument("folder", metavar="FOLDER")
    u.add_argument("repo_id", metavar="REPO_ID", help="owner/name of the dataset repo")
    u.add_argument("--dry-run", action="store_true", help="print the planned operations; send nothing")
    u.add_argument("--private", action="store_true", help="create the repo private (an existing repo keeps its "
                                                          "visibility)")
    u.add_argument("--revision", help="branch to commit to (created if absent; default: the main branch)")
    u.add_argument("--prune", action="store_true",
                   help="also delete remote files that the remote manifest lists and the local one does not "
                        "(needs the network, even with --dry-run)")
    u.add_argument("--lock-timeout", type=float, default=60, metavar="SECONDS")


def _cluster_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a dask.distributed cluster: tcp://HOST:PORT of its scheduler, or local:N for "
                        "N worker processes on this machine")


def _positive(value: str) -> float:
    """A shard size in MB: finite, positive, at most a terabyte (``inf``/``nan`` would overflow the byte count)."""
    try:
        x = float(value)
    except ValueError:
        x = math.nan
    if not (math.isfinite(x) and 0 < x <= MAX_SHARD_MB):
        raise argparse.ArgumentTypeError(f"{value!r} is not a size in MB (expected a number > 0 and "
                                         f"<= {MAX_SHARD_MB})")
    return x


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a count (expected an integer >= 0)")
    return n


def _encoding(value: str) -> str:
    from corpus_tools.pipeline import canonical_encoding

    try:
        return canonical_encoding(value)
    except UsageError as e:
        raise argparse.ArgumentTypeError(e.message) from None


def _inputs(args: argparse.Namespace) -> list:
    from corpus_tools.pipeline import IssueInput, bundled, discover, meta_for, read_manifest

    if args.manifest:
        if args.inputs or args.date:
            raise UsageError("--manifest lists the inputs and dates; give no INPUT or --date with it",
                             field="--manifest")
        return read_manifest(Path(args.manifest), args.newspaper)
    if not args.inputs:
        b = bundled()
        return [b]
    from corpus_tools.objstore import is_url

    urls = [raw for raw in args.inputs if is_url(raw)]
    if urls:  # objects on a store (a cluster build): read by the workers, named by their URLs
        from pathlib import PurePosixPath

        from corpus_tools.objstore import discover_urls

        if len(urls) != len(args.inputs):
            raise UsageError("give INPUTs all as s3:// URLs or all as local paths", field="INPUT")
        found = discover_urls(urls)
        if not found:
            raise UsageError("no text objects (.txt, .text) at these URLs", file=", ".join(urls), field="INPUT")
        if len(found) > 1 and args.date:
            raise UsageError("--date names one issue; with several inputs put dates in the file names",
                             field="--date")
        return [IssueInput(u, meta_for(PurePosixPath(u.split("://", 1)[1]), args.newspaper, args.date,  # type: ignore[arg-type]
                                       args.edition, args.paper_id)) for u in found]
    files, skipped = discover([Path(raw) for raw in args.inputs])
    for s in skipped:
        print(f"corpus-tools: note: {s.path}: skipped: {s.reason}", file=sys.stderr)
    if not files:
        raise UsageError(f"no usable input: {len(skipped)} entries skipped (listed above), none to convert",
                         file=", ".join(args.inputs), field="INPUT")
    if len(files) > 1 and args.date:
        raise UsageError("--date names one issue; with several inputs put dates in the file names",
                         field="--date")
    return [IssueInput(f, meta_for(f, args.newspaper, args.date, args.edition, args.paper_id)) for f in files]


def cmd_build(args: argparse.Namespace) -> int:
    """Convert, validate, publish; report counts, repairs and unplaced text."""
    from corpus_tools.pipeline import build
    from corpus_tools.publish import failure_line

    failures: list = []

    def failed(f: Failure | cluster.Failure) -> None:  # local and cluster builds name a failed issue alike
        failures.append(f)
        print(failure_line(f), file=sys.stderr)

    if args.scheduler:
        from corpus_tools import cluster

        args.inputs = [cluster.input_url(x) for x in args.inputs]
    elif any(str(x).startswith("s3://") for x in [*args.inputs, args.out or ""]):
        raise UsageError("s3:// inputs and --out need a cluster build: add --scheduler local:N (or tcp://…)",
                         field="--scheduler")
    if args.show and str(args.out or "").startswith("s3://"):
        raise UsageError("--show loads a local folder; read an s3:// folder with pyarrow or datasets over s3fs",
                         field="--show")
    inputs = _inputs(args)
    if args.scheduler:
        folder = _cluster_build(args, inputs, failed)
    else:
        out = Path(args.out) if args.out else Path("output") / inputs[0].meta.paper_id
        folder = build(inputs, out, encoding=args.encoding, replace=args.replace, on_issue=_report,
                       shard_bytes=int(args.shard_mb * 1024 * 1024), lock_timeout=args.lock_timeout,
                       keep_going=args.keep_going, on_failure=failed)
    print(f"wrote {folder}")
    if failures:
        from corpus_tools import commit
        from corpus_tools.publish import FAILURES, failures_summary

        print(failures_summary(len(inputs) - len(failures), failures, f"{folder}/{commit.TOOL_DIR}/{FAILURES}"))
    if args.show:
        _show(folder)
    return EXIT_INVALID if failures else EXIT_OK


def _cluster_build(args: argparse.Namespace, inputs: list, failed: Callable) -> Path | str:
    """The build on a cluster (corpus_tools.cluster): ``--out`` a local path, file:// or s3:// URL."""
    from corpus_tools import cluster

    out = cluster.out_location(args.out) if args.out else Path("output") / inputs[0].meta.paper_id
    opts = {k: v for k, v in (("batch", args.batch), ("retries", args.retries)) if v is not None}
    folder, _ = cluster.build(inputs, out, args.scheduler, encoding=args.encoding, replace=args.replace,
                              on_issue=_report, shard_bytes=int(args.shard_mb * 1024 * 1024),
                              keep_going=args.keep_going, lock_timeout=args.lock_timeout, on_failure=failed, **opts)
    return folder


def cmd_remove(args: argparse.Namespace) -> int:
    """Drop issues in one commit."""
    from corpus_tools.publish import Archive

    with Archive(Path(args.out), args.lock_timeout) as arc:
        if not arc.manifest.summaries:
            raise UsageError(f"{args.out}: not a corpus-tools dataset (no manifest.json)", field="--out")
        with arc.change(drop=set(args.issue_ids)) as change:
            change.commit()
    print(f"removed {len(set(args.issue_ids))} issues from {arc.out}; {arc.manifest.issue_count()} remain")
    return EXIT_OK


def cmd_compact(args: argparse.Namespace) -> int:
    """Rewrite only the groups whose shards are not the batch layout."""
    from corpus_tools.publish import Archive

    arc = Archive(Path(args.out), args.lock_timeout)
    with arc, arc.compact(int(args.shard_mb * 1024 * 1024)) as change:
        groups = len(change.plans)
        change.commit()
    print(f"compacted {arc.out}: {groups} (config, paper, year) groups rewritten")
    return EXIT_OK


def _report(s: Summary) -> None:
    """One line per issue: counts and repairs; unplaced text to stderr."""
    iss = s.issue
    counts = ", ".join(f"{s.counts[c]} {c}" for c in ("articles", "images", "people", "numbers"))
    print(f"{iss['issue_id']}: {iss['page_count']} pages, {counts}; encoding {iss['encoding']}; {s.repairs} repairs")
    for n in s.notes:
        print(f"  note: {n}", file=sys.stderr)
    for u in iss["unplaced"]:
        print(f"  unplaced: {iss['source_file']}:{u['line_start']}-{u['line_end']}: {u['reason']}: "
              f"{u['text'][:40]!r}", file=sys.stderr)
    for n in iss.get("charset_notes", ()):
        print(f"  {n['kind'].replace('_', ' ')}: {n['char']} {n['codepoint']} kept as printed, "
              f"{iss['source_file']} line(s) {', '.join(map(str, n['lines'][:10]))}", file=sys.stderr)


def _show(folder: Path) -> None:
    import datasets

    from corpus_tools.load import listed_configs, load_config

    datasets.disable_progress_bars()
    for cfg in listed_configs(folder):
        ds = load_config(folder, cfg)
        print(f"load_dataset({str(folder)!r}, {cfg!r}): {ds.num_rows} rows; columns {', '.join(ds.column_names[:8])}…")
    arts = load_config(folder, "articles")
    for row in arts.select(range(min(3, arts.num_rows))):
        print(f"  {row['article_id']}  {row['headline']!r}  {len(row['paragraphs'])} paragraphs")


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate and print one line per problem, then counts."""
    from corpus_tools.schema import CONFIGS
    from corpus_tools.validate import validate_paths

    if args.config is not None and args.config not in CONFIGS:
        raise UsageError(f"unknown config {args.config!r} (expected one of {', '.join(CONFIGS)})", field="--config")
    paths = [Path(p) for p in args.paths]
    if args.scheduler:
        from corpus_tools.cluster import local_path
        from corpus_tools.cluster_validate import validate

        paths = [local_path(p, "PATH") for p in args.paths]
        report = validate(paths, args.scheduler, config=args.config)
    else:
        report = validate_paths(paths, config=args.config, max_errors=args.max_errors)
    if args.format == "json":
        print(json.dumps({"ok": report.ok, "checked_rows": dict(report.checked_rows),
                          "unchecked_refs": dict(report.unchecked_refs), "counts": dict(report.counts()),
                          "problems": [p.__dict__ for p in report.problems]},
                         ensure_ascii=False, indent=1))
    else:
        for p in report.problems:
            print(p)
        if report.total > len(report.problems):
            print(f"… {report.total - len(report.problems)} more")
        rows = sum(report.checked_rows.values())
        kinds = ", ".join(f"{k}: {n}" for k, n in sorted(report.counts().items())) or "none"
        unchecked = sum(report.unchecked_refs.values())
        print(f"{'OK' if report.ok else 'INVALID'}: {rows} rows checked; errors by kind: {kinds}"
              + (f"; {unchecked} references into configs not given (unchecked)" if unchecked else ""),
              file=sys.stderr if not report.ok else sys.stdout)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_info(args: argparse.Namespace) -> int:
    """Print what the manifest says the folder holds."""
    from corpus_tools.info import render, summarize

    s = summarize(args.folder)
    print(json.dumps(s, ensure_ascii=False, indent=1) if args.json else render(s))
    return EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    """Plan the commit (hashes checked), then print it (``--dry-run``) or make it, holding the folder's lock."""
    import contextlib

    from corpus_tools import push
    from corpus_tools.lock import FolderLock

    tool = Path(args.folder) / ".corpus-tools"
    with FolderLock(tool / "lock", args.lock_timeout) if tool.is_dir() else contextlib.nullcontext():
        remote = push.remote_manifest(args.repo_id, args.revision) if args.prune else None
        plan = push.plan(args.folder, args.repo_id, args.revision, remote)
        if args.dry_run:
            print("\n".join(push.describe(plan)))
            print("dry run: nothing was sent")
            return EXIT_OK
        url = push.upload(plan, args.private)
    print(f"pushed {len(plan.adds)} files, deleted {len(plan.deletes)}: {url}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    import signal

    # Arrow's buffers from malloc, chosen before pyarrow is imported: mimalloc, the default, keeps freed
    # pages (a batch build's process sat 25-40 MB above a one-issue build); the bytes written do not change.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

    args = make_parser().parse_args(argv)
    commands = {"build": cmd_build, "validate": cmd_validate, "remove": cmd_remove, "compact": cmd_compact,
                "info": cmd_info, "push": cmd_push}
    if args.command not in ("validate", "info", "push"):
        for s in (signal.SIGINT, signal.SIGTERM):
            signal.signal(s, _on_signal)
    try:
        return commands[args.command](args)
    except Interrupted as e:
        return _fail(e, 128 + e.signum)
    except LockedError as e:
        return _fail(e, EXIT_LOCKED)
    except UsageError as e:
        return _fail(e, EXIT_USAGE)
    except CorpusError as e:
        return _fail(e, EXIT_INVALID)
    except FileExistsError as e:
        return _fail(e, EXIT_INVALID)  # type: ignore[arg-type]
    except BrokenPipeError:  # `corpus-tools info … | head`: the reader left; stop quietly like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt:  # validate keeps Python's SIGINT handler
        return _fail(Interrupted(signal.SIGINT), 128 + signal.SIGINT)
    except Exception as e:  # the last resort: every error we know of is named above, this is a bug
        if os.environ.get("CORPUS_TOOLS_DEBUG") == "1":
            traceback.print_exc()
        return _fail(InternalError(f"unexpected {type(e).__name__}: {e} (a bug: please report it; set "
                                   "CORPUS_TOOLS_DEBUG=1 for the traceback)"), EXIT_INVALID)


def _fail(e: CorpusError | Interrupted | OSError, code: int) -> int:
    print(f"corpus-tools: error: {e}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
