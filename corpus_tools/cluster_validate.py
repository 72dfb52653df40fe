"""``corpus-tools validate --scheduler …``: shards checked in parallel, ids and references across them.

Why two phases: each shard's own checks (JSON syntax, schemas, Arrow against
JSONL, spans inside articles) need only that shard, so workers do them side by
side; uniqueness and references span shards, so each worker sends back only the
ids its shard defines and the ids it refers to, and the client compares those
sets.  Only a shard with a reference that matches nothing is read again, to
name the lines; spans of people and numbers are checked by a worker that reads
the article and image shards holding the same issues.  The report is the one
the local ``validate`` gives for the same paths (tested).

Both validators check the same things: the twins of a folder (every Parquet
shard has its JSONL and every JSONL file its Parquet) are checked when units
are planned, from the manifest.  Cross-shard checks that are left to the local validator: a ``person_id``
carrying two names is found within a shard (a shard holds whole issues, and
person ids belong to one issue).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_tools.schema import primary_key
from corpus_tools.validate import (
    SPAN_CONFIGS,
    Loaded,
    Problem,
    Report,
    _check_article_offsets,
    _check_person_ids,
    _check_spans,
    _load_files,
    _ref_plan,
    _validator,
    check_twins,
    loose_file,
    note_id,
    schema_problems,
)

if TYPE_CHECKING:
    from distributed import Client

OWNERS = ("articles", "images")


@dataclass(frozen=True)
class Unit:
    """One shard of one config: a JSONL file and its Arrow twin(s), or a lone file."""

    config: str
    jsonls: tuple[Path, ...]
    arrows: tuple[Path, ...]


@dataclass
class Scan:
    """What a worker found in one unit, and the ids the client needs from it."""

    report: Report
    ids: list[tuple[str, int, Any]] = field(default_factory=list)  # (file, line, id) in row order
    refs: dict[str, set[str]] = field(default_factory=dict)  # target config → ids referred to
    ref_counts: dict[str, int] = field(default_factory=dict)  # field → non-null references
    issues: set[str] = field(default_factory=set)


def _rows(ld: Loaded) -> list[tuple[str, int, dict[str, Any]]]:
    """Every row of a loaded unit with its file and line (proven tables as rows too)."""
    out = list(ld.rows)
    for part in ld.tables:
        out += part.rows()
    return out


def _load(unit: Unit, report: Report | None = None) -> Loaded:
    ld = Loaded(unit.config)
    _load_files(unit.config, list(unit.jsonls), list(unit.arrows), ld, report or Report())
    return ld


def scan_unit(unit: Unit) -> Scan:
    """A shard's own checks, on a worker; its ids and the ids it refers to, for the client."""
    cfg, scan = unit.config, Scan(Report())
    ld = _load(unit, scan.report)
    valid = _validator(cfg).is_valid
    for file, line, row in ld.rows:
        if not valid(row):
            scan.report.problems += schema_problems(cfg, row, file, line)
        if cfg == "articles":
            _check_article_offsets(row, file, line, scan.report)
    if cfg == "people":
        _check_person_ids(ld, scan.report)
    key = primary_key(cfg)
    single, lists = _ref_plan(cfg)
    refs: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for file, line, row in _rows(ld):
        rid = row.get(key)
        if isinstance(rid, str):
            scan.ids.append((file, line, rid))
        if isinstance(row.get("issue_id"), str):
            scan.issues.add(row["issue_id"])
        for fld, target in single:
            if isinstance(v := row.get(fld), str):
                refs[target].add(v)
                counts[fld] += 1
        for fld, target in lists:
            refs[target].update(v for v in row.get(fld) or [] if isinstance(v, str))
    scan.report.checked_rows[cfg] += len(ld.rows) + sum(part.table.num_rows for part in ld.tables)
    scan.refs, scan.ref_counts = dict(refs), dict(counts)
    return scan


def locate_refs(unit: Unit, missing: dict[str, set[str]]) -> list[Problem]:
    """The lines of a unit whose references match nothing (``missing``: target → unknown ids)."""
    single, lists = _ref_plan(unit.config)
    out = []
    for file, line, row in _rows(_load(unit)):
        for fld, target in single:
            if (v := row.get(fld)) in missing.get(target, ()):
                out.append(Problem(file, line, f"/{fld}", f"{fld} {v!r} matches no {target} record", "reference"))
        for fld, target in lists:
            for k, v in enumerate(row.get(fld) or []):
                if isinstance(v, str) and v in missing.get(target, ()):
                    out.append(Problem(file, line, f"/{fld}/{k}", f"{v!r} matches no {target} record", "reference"))
    return out


def check_unit_spans(unit: Unit, owners: list[Unit], present: set[str]) -> Report:
    """Spans of a people or numbers unit re-sliced against the articles and images of its issues."""
    report = Report()
    ids: dict[str, dict[str, Any]] = defaultdict(dict)
    for o in owners:
        for _, _, row in _rows(_load(o)):
            ids[o.config].setdefault(row.get(primary_key(o.config)), row)
    loaded = {c: Loaded(c) for c in present}  # _check_spans asks only which configs were given
    for file, line, row in _rows(_load(unit)):
        _check_spans(unit.config, row, file, line, ids, loaded, report)
    return report


def plan_units(paths: list[Path], config: str | None, report: Report) -> list[Unit]:
    """The units of every path, config by config in the order the local validator reads them."""
    from corpus_tools.publish import check_card, dataset_files
    from corpus_tools.shards import shard_stem

    by_cfg: dict[str, list[Unit]] = {}
    for path in paths:
        if path.is_dir():
            check_card(path, report)
            for cfg, (jsonls, arrows) in dataset_files(path).items():
                check_twins(jsonls, arrows, report)  # as the local validator does
                stems = {shard_stem(p) for p in jsonls}
                units = [Unit(cfg, (j,), tuple(a for a in arrows if shard_stem(a) == shard_stem(j))) for j in jsonls]
                units += [Unit(cfg, (), (a,)) for a in arrows if shard_stem(a) not in stems]
                by_cfg.setdefault(cfg, []).extend(units)
        elif (loose := loose_file(path, config, report)) is not None:
            cfg, (jsonls, arrows) = loose
            by_cfg.setdefault(cfg, []).append(Unit(cfg, tuple(jsonls), tuple(arrows)))
    return [u for units in by_cfg.values() for u in units]


def validate_on(client: Client, paths: list[Path], config: str | None = None) -> Report:
    """The local validator's report for ``paths``, with the shards read and checked by the cluster."""
    report = Report()
    units = plan_units(paths, config, report)
    scans: list[Scan] = client.gather(client.map(scan_unit, units, pure=False))
    present = {u.config for u in units}
    known: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    for unit, scan in zip(units, scans, strict=True):
        _merge(report, scan.report)
        seen, key = known[unit.config], primary_key(unit.config)
        for file, line, rid in scan.ids:
            note_id(seen, rid, file, line, key, report)
    later = []
    for unit, scan in zip(units, scans, strict=True):
        single, _ = _ref_plan(unit.config)
        for fld, target in single:
            if target not in present and scan.ref_counts.get(fld):
                report.unchecked_refs[fld] += scan.ref_counts[fld]
        missing = {t: {v for v in vs if v not in known[t]} for t, vs in scan.refs.items() if t in present}
        if any(missing.values()):
            later.append(client.submit(locate_refs, unit, missing, pure=False))
        if unit.config in SPAN_CONFIGS:
            owners = [u for u, s in zip(units, scans, strict=True) if u.config in OWNERS and s.issues & scan.issues]
            later.append(client.submit(check_unit_spans, unit, owners, present, pure=False))
    for result in client.gather(later):
        if isinstance(result, Report):
            _merge(report, result)
        else:
            report.problems += result
    return report


def _merge(into: Report, part: Report) -> None:
    into.problems += part.problems
    into.checked_rows.update(part.checked_rows)
    into.unchecked_refs.update(part.unchecked_refs)


def validate(paths: list[Path], scheduler: str, config: str | None = None) -> Report:
    """``validate_on`` a client of ``scheduler`` (``tcp://…`` or ``local:N``)."""
    from corpus_tools.cluster import connect

    with connect(scheduler) as client:
        return validate_on(client, paths, config)
