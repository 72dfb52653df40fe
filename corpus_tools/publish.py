"""Publish: write Arrow + JSONL shards and a dataset card, atomically.

Layout of a dataset folder (many issues; each shard holds whole issues)::

    README.md                                      card: YAML configs/features + prose
    data/<config>/<first>--<last>.<sha12>.arrow    what datasets.load_dataset reads
    jsonl/<config>/<first>--<last>.<sha12>.jsonl   the same rows as JSON lines
    schemas/<config>.schema.json                   copy of the schemas the rows follow

A shard of one issue is named ``<issue_id>.<sha12>``.  The content hash in
every file name keeps ``load_dataset``'s cache honest: its key ignores file
contents, so a rebuilt shard must get a new name.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from corpus_tools.card import render_card, split_card
from corpus_tools.records import Records
from corpus_tools.schema import CONFIGS, SCHEMA_DIR, features_yaml
from corpus_tools.shards import DEFAULT_SHARD_BYTES, Part, ShardWriter, carry_over, render_part
from corpus_tools.validate import Problem, Report

MARKER = "corpus-tools dataset"


def render_parts(rec: Records) -> dict[str, Part]:
    """One issue's rows of every config that has some, rendered for the shard writers."""
    return {cfg: render_part(cfg, rows) for cfg in CONFIGS if (rows := rec.rows.get(cfg))}


def dataset_files(folder: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """(jsonl files, arrow files) of every config present in a dataset folder."""
    out = {}
    for cfg in CONFIGS:
        jsonls = sorted((folder / "jsonl" / cfg).glob("*.jsonl"))
        arrows = sorted((folder / "data" / cfg).glob("*.arrow"))
        if jsonls or arrows:
            out[cfg] = (jsonls, arrows)
    return out


def is_dataset(folder: Path) -> bool:
    """True when ``folder`` is a dataset this tool wrote (safe to replace)."""
    card = folder / "README.md"
    return card.is_file() and MARKER in card.read_text(encoding="utf-8", errors="replace")


class DatasetWriter:
    """Stream issues into shards in a temporary folder; ``commit`` swaps it in.

    Each issue's rows are appended to its configs' open shards as soon as it is
    converted, so memory does not grow with the number of issues; nothing
    touches ``out`` until commit.
    """

    def __init__(self, out: Path, replace: bool = False, shard_bytes: int = DEFAULT_SHARD_BYTES) -> None:
        self.out = out.resolve()
        if self.out.exists() and not (is_dataset(self.out) or (self.out.is_dir() and not any(self.out.iterdir()))):
            raise FileExistsError(f"{self.out}: exists and is not a corpus-tools dataset; refusing to overwrite")
        self.tmp = self.out.parent / f".{self.out.name}.tmp-{os.getpid()}"
        self.replace = replace
        self.shards = {cfg: ShardWriter(self.tmp, cfg, shard_bytes) for cfg in CONFIGS}
        self.issue_ids: set[str] = set()

    def __enter__(self) -> DatasetWriter:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        for w in self.shards.values():
            w.abort()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def add(self, issue_id: str, parts: dict[str, Part]) -> None:
        """Append one issue's rendered rows (rendered here or in a worker process)."""
        if issue_id in self.issue_ids:
            raise ValueError(f"issue {issue_id} given twice")
        self.issue_ids.add(issue_id)
        for cfg, part in parts.items():
            self.shards[cfg].add(issue_id, part)

    def commit(self) -> Path:
        """Close the shards, carry over other issues, copy schemas, write the card, swap the folder in."""
        rows: dict[str, int] = {}
        for w in self.shards.values():
            w.close()
            rows.update(w.written)
        if self.out.exists() and not self.replace:
            rows.update(carry_over(self.out, self.tmp, self.issue_ids))
        (self.tmp / "schemas").mkdir()
        for cfg in CONFIGS:
            shutil.copyfile(SCHEMA_DIR / f"{cfg}.schema.json", self.tmp / "schemas" / f"{cfg}.schema.json")
        (self.tmp / "README.md").write_text(render_card(self.tmp, self.out.name, rows), encoding="utf-8")
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
