"""croissant.json: generated from the schemas, read back by mlcroissant, every record of every config."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from corpus_tools import manifest
from corpus_tools.croissant import render_croissant
from corpus_tools.schema import CONFIGS, load_schema, primary_key


@pytest.fixture(scope="module")
def folder(built: Path) -> Path:
    """The built folder: publish wrote croissant.json beside the card."""
    return built


def _rows(folder: Path, cfg: str) -> list[dict]:
    return pq.ParquetDataset(sorted((folder / "data" / cfg).rglob("*.parquet"))).read().to_pylist()


def _plain(v):
    """mlcroissant gives text as bytes, nested keys as field ids, nulls as NaN: back to the schema's shape."""
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, dict):
        return {k.rsplit("/", 1)[-1]: _plain(x) for k, x in v.items()}
    if isinstance(v, np.ndarray | list | tuple):
        return [_plain(x) for x in v]
    v = v.item() if isinstance(v, np.generic) else v
    return None if isinstance(v, float) and np.isnan(v) else v  # pandas' null in a list of integers


def test_mlcroissant_reads_every_record_of_every_config(folder: Path) -> None:
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=str(folder / "croissant.json"))
    sets = {rs.id for rs in ds.metadata.record_sets}
    assert sets == {c for c in CONFIGS if any((folder / "data" / c).rglob("*.parquet"))}
    for cfg in sorted(sets):
        expected = _rows(folder, cfg)
        # one Dataset per record set: mlcroissant 1.1 can hand back a frame's column names after other sets
        fresh = mlc.Dataset(jsonld=str(folder / "croissant.json"))
        got = [_plain(r) for r in fresh.records(record_set=cfg)]
        assert len(got) == len(expected) > 0
        top = [k for k, v in load_schema(cfg)["properties"].items() if v.get("type") != "object"
               and not (v.get("type") == "array" and v["items"].get("type") == "object")]
        for g, e in zip(got, expected, strict=True):
            assert {k: g[k] for k in top} == {k: e[k] for k in top}, cfg
        if cfg == "people":
            assert [g["mentions"] for g in got] == [e["mentions"] for e in expected]


def test_keys_and_references_come_from_the_schemas(folder: Path) -> None:
    doc = json.loads((folder / "croissant.json").read_text(encoding="utf-8"))
    sets = {rs["@id"]: rs for rs in doc["recordSet"]}
    for cfg, rs in sets.items():
        assert rs["key"] == {"@id": f"{cfg}/{primary_key(cfg)}"}
        fields = {f["name"]: f for f in rs["field"]}
        assert list(fields) == list(load_schema(cfg)["properties"])
    people = {f["name"]: f for f in sets["people"]["field"]}
    assert people["article_id"]["references"] == {"field": {"@id": "articles/article_id"}}
    assert people["issue_id"]["references"] == {"field": {"@id": "issues/issue_id"}}
    assert [s["name"] for s in people["mentions"]["subField"]] == ["field", "start", "end", "text"]
    assert "reporter" in people["role"]["description"]  # enums are spelled out
    files = [d for d in doc["distribution"] if d["@type"] == "cr:FileObject"]
    assert files and all(len(d["sha256"]) == 64 and (folder / d["contentUrl"]).is_file() for d in files)
    assert all(d["contentUrl"].startswith("manifest/") for d in files)  # partition files, not one per shard


def test_file_objects_are_the_manifest_partition_files(folder: Path) -> None:
    """FileObjects are the partition files (path, sha256, bytes from manifest.json; each lists its shards'
    sha256s), and the bytes on disk agree: the document does not grow per shard."""
    m = manifest.read(folder)
    doc = json.loads((folder / "croissant.json").read_text(encoding="utf-8"))
    objs = {d["contentUrl"]: d for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    parts = {f.path: f for f in m.files if f.kind == "partition"}
    assert objs and set(objs) == set(parts)
    for path, d in objs.items():
        data = (folder / path).read_bytes()
        assert d["sha256"] == parts[path].sha256 == hashlib.sha256(data).hexdigest()
        assert d["contentSize"] == f"{len(data)} B"
        listed = {f["path"]: f["sha256"] for f in json.loads(data)["files"]}
        assert all(hashlib.sha256((folder / p).read_bytes()).hexdigest() == sha for p, sha in listed.items())
    shards = {f.path: f for f in m.files if f.kind == "parquet"}
    sets = [d for d in doc["distribution"] if d["@type"] == "cr:FileSet"]
    assert {s["includes"] for s in sets} == {f"data/{c}/**/*.parquet" for c in {f.config for f in shards.values()}}
    entry = next(f for f in m.files if f.path == "croissant.json")
    raw = (folder / "croissant.json").read_bytes()
    assert entry.kind == "croissant" and entry.sha256 == hashlib.sha256(raw).hexdigest()
    assert render_croissant(m, folder.name) == raw  # rendered from the manifest alone, deterministically
