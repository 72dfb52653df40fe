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
from concurrent.futures import Future, ThreadPoolExecutor
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
    """Rows as an Arrow IPC stream with the schema derived from the JSON Schema.

    Converting the rows as one struct array is the fastest way pyarrow offers.
    """
    schema = arrow_schema(config)
    batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=pa.struct(list(schema))))
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        writer.write_batch(batch)
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


def render_shards(rec: Records) -> dict[str, tuple[bytes, int]]:
    """One issue's Arrow and JSONL shards: relative path → (bytes, rows); the content hash is in the name."""
    files = {}
    for cfg in CONFIGS:
        rows = rec.rows.get(cfg) or []
        if not rows:
            continue
        for sub, suffix, data in (("data", "arrow", arrow_bytes(cfg, rows)), ("jsonl", "jsonl", jsonl_bytes(rows))):
            digest = hashlib.sha256(data).hexdigest()[:12]
            files[f"{sub}/{cfg}/{rec.issue_id}.{digest}.{suffix}"] = (data, len(rows))
    return files


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


class DatasetWriter:
    """Write issues one at a time into a temporary folder; ``commit`` swaps it in.

    Each issue's shards are written as soon as it is converted, so memory does
    not grow with the number of issues; nothing touches ``out`` until commit.
    """

    def __init__(self, out: Path, replace: bool = False) -> None:
        self.io = ThreadPoolExecutor(4)  # creating files waits on the disk: overlap it with conversion
        self.pending: list[Future[int]] = []
        self.folders: set[Path] = set()
        self.rows: dict[str, int] = {}  # rows per shard written, so the card need not read them back
        self.out = out.resolve()
        if self.out.exists() and not (is_dataset(self.out) or (self.out.is_dir() and not any(self.out.iterdir()))):
            raise FileExistsError(f"{self.out}: exists and is not a corpus-tools dataset; refusing to overwrite")
        self.tmp = self.out.parent / f".{self.out.name}.tmp-{os.getpid()}"
        self.replace = replace
        self.issue_ids: set[str] = set()

    def __enter__(self) -> DatasetWriter:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.io.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def add_files(self, issue_id: str, files: dict[str, tuple[bytes, int]]) -> None:
        """Queue one issue's rendered shards for writing (rendered here or in a worker process)."""
        if issue_id in self.issue_ids:
            raise ValueError(f"issue {issue_id} given twice")
        self.issue_ids.add(issue_id)
        for rel, (data, rows) in files.items():
            folder = (self.tmp / rel).parent
            if folder not in self.folders:
                folder.mkdir(parents=True, exist_ok=True)
                self.folders.add(folder)
            self.rows[rel] = rows
            self.pending.append(self.io.submit((self.tmp / rel).write_bytes, data))

    def commit(self) -> Path:
        """Finish the writes, carry over other issues, copy schemas, write the card, swap the folder in."""
        for f in self.pending:
            f.result()  # an error writing any shard fails the build
        self.pending.clear()
        if self.out.exists() and not self.replace:
            _keep_other_issues(self.out, self.tmp, self.issue_ids)
        (self.tmp / "schemas").mkdir()
        for cfg in CONFIGS:
            shutil.copyfile(SCHEMA_DIR / f"{cfg}.schema.json", self.tmp / "schemas" / f"{cfg}.schema.json")
        (self.tmp / "README.md").write_text(render_card(self.tmp, self.out.name, self.rows), encoding="utf-8")
        _swap(self.tmp, self.out)
        return self.out


def _swap(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def card_paths(config_entry: dict[str, Any]) -> list[str]:
    """Every data file a card's config entry lists (``path`` may be a string or a list)."""
    out: list[str] = []
    for df in config_entry.get("data_files", []):
        out += df["path"] if isinstance(df["path"], list) else [df["path"]]
    return out


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
        listed_paths = set(card_paths(c))
        for path in sorted(listed_paths):
            if not (folder / path).is_file():
                report.add(Problem(str(card), None, f"{ptr}/data_files", f"{path} does not exist", "card"))
        on_disk = {str(p.relative_to(folder)) for p in present.get(name, ([], []))[1]}
        if on_disk - listed_paths:
            report.add(Problem(str(card), None, f"{ptr}/data_files",
                               f"shards not listed: {sorted(on_disk - listed_paths)}", "card"))
        if feats.get(name) != features_yaml(name):
            report.add(Problem(str(card), None, f"/dataset_info/{name}/features",
                               "card features differ from the schema", "card"))
