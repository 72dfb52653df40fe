"""Publish: write Arrow + JSONL shards and a dataset card, atomically.

Layout of a dataset folder (many issues, one shard per issue and config)::

    README.md                                 card: YAML configs/features + prose
    data/<config>/<issue_id>.<sha12>.arrow    what datasets.load_dataset reads
    jsonl/<config>/<issue_id>.<sha12>.jsonl   the same rows as JSON lines
    schemas/<config>.schema.json              copy of the schemas the rows follow

The content hash in every file name keeps ``load_dataset``'s cache honest: its
key ignores file contents, so a rebuilt shard must get a new name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from corpus_tools.card import render_card, split_card
from corpus_tools.records import Records
from corpus_tools.schema import CONFIGS, SCHEMA_DIR, arrow_schema, features_yaml
from corpus_tools.validate import Problem, Report

MARKER = "corpus-tools dataset"


def arrow_bytes(config: str, rows: list[dict[str, Any]]) -> bytes:
    """Rows as an Arrow IPC stream with the schema derived from the JSON Schema."""
    table = pa.Table.from_pylist(rows, schema=arrow_schema(config))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def jsonl_bytes(rows: list[dict[str, Any]]) -> bytes:
    """One JSON object per line, UTF-8, keys in schema order."""
    return b"".join(orjson.dumps(r) + b"\n" for r in rows)


def dataset_files(folder: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """(jsonl files, arrow files) of every config present in a dataset folder."""
    out = {}
    for cfg in CONFIGS:
        jsonls = sorted((folder / "jsonl" / cfg).glob("*.jsonl"))
        arrows = sorted((folder / "data" / cfg).glob("*.arrow"))
        if jsonls or arrows:
            out[cfg] = (jsonls, arrows)
    return out


def _shard_issue(p: Path) -> str:
    return p.name.split(".")[0]


def _write_shards(tmp: Path, rec: Records) -> None:
    for cfg in CONFIGS:
        rows = rec.rows.get(cfg) or []
        if not rows:
            continue
        for sub, suffix, data in (("data", "arrow", arrow_bytes(cfg, rows)), ("jsonl", "jsonl", jsonl_bytes(rows))):
            d = tmp / sub / cfg
            d.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256(data).hexdigest()[:12]
            (d / f"{rec.issue_id}.{digest}.{suffix}").write_bytes(data)


def _keep_other_issues(old: Path, tmp: Path, new_ids: set[str]) -> None:
    """Carry over the shards of issues that this build does not replace."""
    for sub in ("data", "jsonl"):
        for f in sorted((old / sub).glob("*/*")):
            if _shard_issue(f) not in new_ids:
                dest = tmp / sub / f.parent.name / f.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(f, dest)


def is_dataset(folder: Path) -> bool:
    """True when ``folder`` is a dataset this tool wrote (safe to replace)."""
    card = folder / "README.md"
    return card.is_file() and MARKER in card.read_text(encoding="utf-8", errors="replace")


def publish(out: Path, records: list[Records], replace: bool = False) -> Path:
    """Write the dataset into a temporary folder, then swap it in; never leave half a folder."""
    out = out.resolve()
    if out.exists() and not (is_dataset(out) or (out.is_dir() and not any(out.iterdir()))):
        raise FileExistsError(f"{out}: exists and is not a corpus-tools dataset; refusing to overwrite")
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        if out.exists() and not replace:
            _keep_other_issues(out, tmp, {r.issue_id for r in records})
        for rec in records:
            _write_shards(tmp, rec)
        (tmp / "schemas").mkdir()
        for cfg in CONFIGS:
            shutil.copyfile(SCHEMA_DIR / f"{cfg}.schema.json", tmp / "schemas" / f"{cfg}.schema.json")
        (tmp / "README.md").write_text(render_card(tmp), encoding="utf-8")
        _swap(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _swap(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def check_card(folder: Path, report: Report) -> None:
    """The card lists every config that has rows, its files exist, its features match the schemas."""
    card = folder / "README.md"
    if not card.is_file():
        report.add(Problem(str(card), None, "", "dataset card README.md is missing", "card"))
        return
    try:
        meta, _ = split_card(card.read_text(encoding="utf-8"))
    except ValueError as e:
        report.add(Problem(str(card), 1, "", str(e), "card"))
        return
    listed = {c["config_name"]: c for c in meta.get("configs", [])}
    feats = {d["config_name"]: d.get("features") for d in meta.get("dataset_info", [])}
    present = dataset_files(folder)
    for cfg, (_, arrows) in present.items():
        if arrows and cfg not in listed:
            report.add(Problem(str(card), None, "/configs", f"config {cfg!r} has data but is not listed", "card"))
    for name, c in listed.items():
        ptr = f"/configs/{name}"
        if name not in CONFIGS:
            report.add(Problem(str(card), None, ptr, f"unknown config {name!r}", "card"))
            continue
        for df in c.get("data_files", []):
            if not (folder / df["path"]).is_file():
                report.add(Problem(str(card), None, f"{ptr}/data_files", f"{df['path']} does not exist", "card"))
        listed_paths = {df["path"] for df in c.get("data_files", [])}
        on_disk = {str(p.relative_to(folder)) for p in present.get(name, ([], []))[1]}
        if on_disk - listed_paths:
            report.add(Problem(str(card), None, f"{ptr}/data_files",
                               f"shards not listed: {sorted(on_disk - listed_paths)}", "card"))
        if feats.get(name) != features_yaml(name):
            report.add(Problem(str(card), None, f"/dataset_info/{name}/features",
                               "card features differ from the schema", "card"))
