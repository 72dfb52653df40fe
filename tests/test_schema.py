"""The JSON Schemas are complete and the derived Arrow schema / Features / card YAML follow them."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from jsonschema import Draft202012Validator

import corpus_tools
from corpus_tools import SCHEMA_VERSION
from corpus_tools.schema import CONFIGS, SCHEMA_DIR, arrow_schema, features, features_yaml, load_schema
from tests.conftest import ROOT


def _objects(node: dict, path: str = ""):
    """Every object node of a schema with its path."""
    if node.get("type") == "object" or "properties" in node:
        yield path, node
        for k, v in node.get("properties", {}).items():
            yield from _objects(v, f"{path}/{k}")
    if "items" in node:
        yield from _objects(node["items"], f"{path}[]")


@pytest.mark.parametrize("cfg", CONFIGS)
def test_schema_is_complete(cfg: str) -> None:
    s = load_schema(cfg)
    Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"].endswith(f"/{cfg}/{SCHEMA_VERSION}.json")
    assert s["title"] and s["description"]
    for path, obj in _objects(s):
        assert obj.get("additionalProperties") is False, f"{cfg}{path} allows extra properties"
        assert set(obj.get("required", [])) == set(obj["properties"]), f"{cfg}{path}: every field required"
        for k, v in obj["properties"].items():
            assert v.get("description"), f"{cfg}{path}/{k} has no description"


def test_one_file_per_config() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(f"{c}.schema.json" for c in CONFIGS)


def _json_type(t: pa.DataType) -> str:
    if pa.types.is_list(t):
        return "array"
    if pa.types.is_struct(t):
        return "object"
    return {"string": "string", "int64": "integer", "double": "number", "bool": "boolean"}[str(t)]


@pytest.mark.parametrize("cfg", CONFIGS)
def test_derived_shapes_follow_the_schema(cfg: str) -> None:
    s = load_schema(cfg)
    props = s["properties"]
    schema = arrow_schema(cfg)
    assert schema.names == list(props)
    for f in schema:
        declared = props[f.name]["type"]
        declared = [t for t in (declared if isinstance(declared, list) else [declared]) if t != "null"]
        assert declared == [_json_type(f.type)], f"{cfg}.{f.name}"
    feats = features(cfg)
    assert list(feats) == list(props)
    assert feats.arrow_schema.remove_metadata().equals(schema)
    assert [f["name"] for f in features_yaml(cfg)] == list(props)


@pytest.mark.parametrize("cfg", CONFIGS)
def test_card_features_match_what_datasets_writes(cfg: str) -> None:
    from datasets.info import DatasetInfo

    assert features_yaml(cfg) == DatasetInfo(features=features(cfg))._to_yaml_dict()["features"]


def test_dates_are_strings() -> None:
    assert arrow_schema("issues").field("date").type == pa.string()


def test_published_schemas_are_copies(built: Path) -> None:
    for cfg in CONFIGS:
        assert json.loads((built / "schemas" / f"{cfg}.schema.json").read_text(encoding="utf-8")) == load_schema(cfg)


def test_top_level_schemas_are_copies_of_the_package() -> None:
    """The repository's schemas/ mirrors the shipped ones byte for byte (scripts/sync_schemas.py rewrites it)."""
    top = ROOT / "schemas"
    shipped = {p.name: p.read_bytes() for p in SCHEMA_DIR.glob("*.schema.json")}
    mirror = {p.name: p.read_bytes() for p in top.glob("*.schema.json")}
    differ = sorted(n for n in shipped.keys() | mirror.keys() if shipped.get(n) != mirror.get(n))
    assert not differ, f"schemas/ differs from corpus_tools/schemas/ in {differ}: run python scripts/sync_schemas.py"


def test_schemas_are_read_from_the_package() -> None:
    assert Path(corpus_tools.__file__).resolve().parent / "schemas" == SCHEMA_DIR


def test_relations_are_declared_in_the_schemas() -> None:
    """Each config names its key (x-key); every field holding other rows' ids declares x-references."""
    from corpus_tools.schema import primary_key, references

    for cfg in CONFIGS:
        props = load_schema(cfg)["properties"]
        key = primary_key(cfg)
        assert key in props and key in load_schema(cfg)["required"]
        declared = {r.field: r for r in references(cfg)}
        for name in props:
            holds_ids = name.endswith(("_id", "_ids")) or name == "merged_from"
            if holds_ids and name not in (key, "person_id", "paper_id"):  # paper_id is a label, no config
                assert name in declared, f"{cfg}.{name} holds ids but declares no x-references"
        for r in declared.values():
            assert r.key == primary_key(r.config)
            assert r.many == (props[r.field]["type"] == "array")
    assert {r.field: r.config for r in references("articles")}["merged_from"] == "articles"
    assert primary_key("people") == "row_id"
