"""Validating a dataset folder one (paper, year) group at a time: memory bounded by a group, not the archive.

A row references only rows of its own issue, and a group's shards hold whole
issues, so every check but one needs only one group's rows at a time: the
schemas, references, spans and twins of each group are checked and its rows
dropped before the next group is read.  The one archive-wide check, that ids
are unique across groups, keeps a 64-bit hash per id (8 bytes, not the row);
only when two groups' hashes meet are the ids read again, to name the
duplicate exactly (a hash collision is never reported).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from corpus_tools.schema import CONFIGS, primary_key

Group = tuple[str, int]


def group_files(folder: Path) -> dict[Group, dict[str, tuple[list[Path], list[Path]]]]:
    """(JSONL, Parquet) shards per group and config, from the folder's manifest; {} when it has none."""
    from corpus_tools import manifest
    from corpus_tools.manifest import ManifestError

    out: dict[Group, dict[str, tuple[list[Path], list[Path]]]] = defaultdict(dict)
    try:
        m = manifest.read(folder)
        for cfg in CONFIGS:
            for kind, k in (("jsonl", 0), ("parquet", 1)):
                for f in (m.shards(cfg, kind) if m else []):
                    if f.group is not None:
                        out[f.group].setdefault(cfg, ([], []))[k].append(folder / f.path)
    except ManifestError:  # a partition file that does not read: check_card reports it
        return {}
    return {g: out[g] for g in sorted(out)}


def _ids(ld: Any) -> Iterator[tuple[str, int, str]]:
    """(file, line, id) of every row of one config's loaded rows and proven tables."""
    key = primary_key(ld.config)
    for file, line, row in ld.rows:
        if isinstance(rid := row.get(key), str):
            yield file, line, rid
    for part in ld.tables:
        for (file, line), rid in zip(part.locations(), part.table.column(key).to_pylist(), strict=True):
            if isinstance(rid, str):
                yield file, line, rid


def _id_hashes(ld: Any) -> Any:
    """64-bit hashes of the string ids of one config's loaded rows and proven tables (no locations)."""
    import numpy as np

    key = primary_key(ld.config)
    ids = [row.get(key) for _, _, row in ld.rows]
    for part in ld.tables:
        ids += part.table.column(key).to_pylist()
    return np.fromiter(map(hash, (x for x in ids if isinstance(x, str))), dtype=np.int64)


def validate_groups(folder: Path, report: Any, load: Callable[[dict[str, tuple[list[Path], list[Path]]], Any],
                                                              dict[str, Any]],
                    check: Callable[[dict[str, Any], Any], None]) -> None:
    """Check a folder group by group: ``load`` reads one group's files into Loaded rows, ``check`` checks them.

    The next group is read on a thread while this one is checked (reading, parsing and decoding free the GIL);
    its problems wait in a report of its own, so they are told in the order a sequential run tells them.
    """
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from corpus_tools.validate import Report

    def read(files: dict[str, tuple[list[Path], list[Path]]]) -> tuple[dict[str, Any], Any]:
        own = Report(keep=report.keep)
        return load(files, own), own

    groups = group_files(folder)
    hashes: dict[str, list[Any]] = {c: [] for c in CONFIGS}
    todo = list(groups.values())
    with ThreadPoolExecutor(1) as pool:
        ahead = pool.submit(read, todo[0]) if todo else None
        for k in range(len(todo)):
            assert ahead is not None
            loaded, own = ahead.result()
            ahead = pool.submit(read, todo[k + 1]) if k + 1 < len(todo) else None
            report.merge(own)
            check(loaded, report)
            for cfg, ld in loaded.items():
                hashes[cfg].append(np.unique(_id_hashes(ld)))  # repeats inside a group: check() reported them
            del loaded
    clashes: dict[str, set[int]] = {}
    for cfg, parts in hashes.items():
        if len(parts) > 1:
            every = np.sort(np.concatenate(parts))
            dup = every[1:][every[1:] == every[:-1]]
            if dup.size:
                clashes[cfg] = set(dup.tolist())
    if clashes:
        _name_duplicates(groups, clashes, report, load)


def _name_duplicates(groups: dict[Group, dict[str, tuple[list[Path], list[Path]]]], clashes: dict[str, set[int]],
                     report: Any, load: Callable[..., dict[str, Any]]) -> None:
    """Second pass, only over ids whose hashes met: report each id a later group repeats, with its first place."""
    from corpus_tools.validate import Problem, Report

    first: dict[str, dict[str, tuple[str, int, Group]]] = {c: {} for c in clashes}
    for group, files in groups.items():
        loaded = load({c: f for c, f in files.items() if c in clashes}, Report())  # problems told already
        for cfg, ld in loaded.items():
            for file, line, rid in _ids(ld):
                if hash(rid) not in clashes[cfg]:
                    continue
                seen = first[cfg].setdefault(rid, (file, line, group))
                if seen[2] != group:
                    report.add(Problem(file, line, f"/{primary_key(cfg)}",
                                       f"duplicate id {rid!r} (first at {seen[0]}:{seen[1]})", "duplicate_id"))
