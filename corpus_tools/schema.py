"""The JSON Schemas in ``corpus_tools/schemas/`` are the single source of the record shapes.

From them this module derives the Arrow schema, the ``datasets.Features`` and
the card's ``dataset_info`` YAML; a test fails if any of these drifts.  The
schemas ship inside the package (read with ``importlib.resources``), so a
wheel or a plain ``pip install .`` finds them from any directory; the
top-level ``schemas/`` of the repository is a copy for readers, kept
identical by a test (``python scripts/sync_schemas.py`` rewrites it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pyarrow as pa

from corpus_tools import SCHEMA_VERSION

CONFIGS = ("issues", "sections", "articles", "images", "people", "numbers")
SCHEMA_DIR = Path(str(files("corpus_tools") / "schemas"))


@cache
def load_schema(config: str) -> dict[str, Any]:
    """The JSON Schema of one config, read from the package's ``schemas/<config>.schema.json``."""
    if config not in CONFIGS:
        raise KeyError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    path = files("corpus_tools") / "schemas" / f"{config}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    if not schema["$id"].endswith(f"/{SCHEMA_VERSION}.json"):
        raise ValueError(f"{path}: $id {schema['$id']} does not carry schema version {SCHEMA_VERSION}")
    return schema


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("type", "string")
    return [x for x in (t if isinstance(t, list) else [t]) if x != "null"]


def arrow_type(node: dict[str, Any]) -> pa.DataType:
    """Arrow type of one JSON Schema node (dates stay strings on purpose)."""
    t = _types(node)[0]
    if t == "array":
        return pa.list_(arrow_type(node["items"]))
    if t == "object":
        return pa.struct([pa.field(k, arrow_type(v)) for k, v in node["properties"].items()])
    return {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
            "boolean": pa.bool_()}[t]


@cache
def arrow_schema(config: str) -> pa.Schema:
    """Arrow schema of a config, columns in the schema's property order."""
    props = load_schema(config)["properties"]
    return pa.schema([pa.field(k, arrow_type(v)) for k, v in props.items()])


def _feature(node: dict[str, Any]) -> Any:
    from datasets import List, Value

    t = _types(node)[0]
    if t == "array":
        return List(_feature(node["items"]))
    if t == "object":
        return {k: _feature(v) for k, v in node["properties"].items()}
    return Value({"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}[t])


def features(config: str) -> Any:
    """``datasets.Features`` of a config."""
    from datasets import Features

    return Features({k: _feature(v) for k, v in load_schema(config)["properties"].items()})


_DTYPES = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def _yaml_type(node: dict[str, Any]) -> dict[str, Any]:
    """The card-YAML form datasets uses: {dtype}, {list: ...} or {struct: [...]}."""
    t = _types(node)[0]
    if t == "array":
        inner = _yaml_type(node["items"])
        return {"list": inner.get("dtype", inner.get("struct", inner))}
    if t == "object":
        return {"struct": [{"name": k, **_yaml_type(v)} for k, v in node["properties"].items()]}
    return {"dtype": _DTYPES[t]}


def features_yaml(config: str) -> list[dict[str, Any]]:
    """The ``features`` list of the card's ``dataset_info`` (what datasets writes, without importing it)."""
    return [{"name": k, **_yaml_type(v)} for k, v in load_schema(config)["properties"].items()]


def field_descriptions(config: str) -> list[tuple[str, str]]:
    """(field, description) for the card's prose."""
    return [(k, v.get("description", "")) for k, v in load_schema(config)["properties"].items()]


@dataclass(frozen=True)
class Reference:
    """A field whose value (or, for a list, each element) is the key of a row of another config."""

    field: str
    config: str  # the config referenced
    key: str  # that config's key field
    many: bool  # True for a list of ids


def primary_key(config: str) -> str:
    """The field that identifies a row of ``config``: the schema's ``x-key``."""
    return load_schema(config)["x-key"]


@cache
def references(config: str) -> tuple[Reference, ...]:
    """The reference fields of ``config``, from each property's ``x-references: "<config>.<field>"``.

    The validator, the card and croissant.json all read relations from here, so
    the schema is their one source.
    """
    out = []
    for name, node in load_schema(config)["properties"].items():
        target = node.get("x-references")
        if target is None:
            continue
        cfg, key = target.split(".")
        if cfg not in CONFIGS or primary_key(cfg) != key:
            raise ValueError(f"{config}.schema.json: /properties/{name}/x-references {target!r} names no key")
        out.append(Reference(name, cfg, key, "array" in _types(node)))
    return tuple(out)
