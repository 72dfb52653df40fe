"""``croissant.json``: the folder described in MLCommons Croissant 1.1, generated from the schemas.

One RecordSet per config that has rows, with the schema's key (``x-key``) as
``key`` and each ``x-references`` as a field ``references``; nested objects
become ``subField``s (arrays of them ``isArray``), so every field the card
documents is here too.  Each config's shards are a FileSet (a glob) that its
RecordSet reads, so a reader needs no list of shard names; each (paper, year)
partition file ``manifest/<paper>/<yyyy>.<sha12>.json`` is a FileObject with
its SHA-256 and size, and lists every shard of that folder with its SHA-256:
the document grows with papers and years, not with shards (an add rewrites it).  ``publish`` writes it after each
commit, like the card.

Croissant readers order RecordSets by their references and refuse cycles, so
``references`` are declared up the hierarchy only (issues ← sections ←
articles ← images ← people, numbers: a config refers to one listed before it).
The back and sideways links the schemas also declare (``sections.article_ids``,
``articles.continues_article_id``, ``merged_from``…) are named in the field's
description; ``corpus-tools validate`` checks all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from corpus_tools.schema import CONFIGS, load_schema, primary_key, references

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "arrayShape": "cr:arrayShape",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
FORMAT = "application/x-parquet"
LICENSE = ("other: the text remains the copyright of the newspapers that printed it (research use under the terms "
           "of the source issues); corpus-tools code and schemas Apache-2.0")
if TYPE_CHECKING:
    from corpus_tools.manifest import Manifest

DATA_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean"}


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("type", "string")
    return [x for x in (t if isinstance(t, list) else [t]) if x != "null"]


def _field(fid: str, name: str, node: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """One Croissant field for a schema property: arrays are ``isArray``, objects get ``subField``s."""
    many = _types(node)[0] == "array"
    inner = node["items"] if many else node
    out: dict[str, Any] = {"@type": "cr:Field", "@id": fid, "name": name,
                           "description": node.get("description") or inner.get("description", "")}
    if "enum" in inner:
        out["description"] += f" One of: {', '.join(map(str, inner['enum']))}."
    if _types(inner)[0] == "object":
        out["subField"] = [
            _field(f"{fid}/{k}", k, v, {**source, "transform": [*source.get("transform", []), {"jsonPath": k}]})
            for k, v in inner["properties"].items()]
    else:
        out["dataType"] = DATA_TYPES[_types(inner)[0]]
        out["source"] = source
    if many:
        out["isArray"], out["arrayShape"] = True, "-1"
    return out


def record_set(config: str, fileset: str) -> dict[str, Any]:
    """The RecordSet of one config: fields from the schema, key and references from its x- keywords."""
    schema = load_schema(config)
    links = {r.field: r for r in references(config)}
    refs = {k: r for k, r in links.items() if CONFIGS.index(r.config) < CONFIGS.index(config)}
    fields = []
    for name, node in schema["properties"].items():
        source = {"fileSet": {"@id": fileset}, "extract": {"column": name}}
        f = _field(f"{config}/{name}", name, node, source)
        if name in refs:
            f["references"] = {"field": {"@id": f"{refs[name].config}/{refs[name].key}"}}
        elif name in links:
            f["description"] += f" Ids of {links[name].config} rows ({links[name].config}.{links[name].key})."
        fields.append(f)
    return {"@type": "cr:RecordSet", "@id": config, "name": config, "description": schema["description"],
            "key": {"@id": f"{config}/{primary_key(config)}"}, "field": fields}


def croissant(m: Manifest, meta: dict[str, Any]) -> dict[str, Any]:
    """The croissant.json document of a folder from its manifest (``meta``: name, description, license, ...).

    Every partition file is a FileObject with the manifest's SHA-256 and size
    (from the summaries: no shard or partition file is read); each config's
    shards are a FileSet on a glob under ``data/<config>/`` that its RecordSet reads.
    """
    distribution: list[dict[str, Any]] = [
        {"@type": "cr:FileObject", "@id": f.path, "name": f.path, "contentUrl": f.path,
         "description": f"Shards of {f.paper_id} {f.year}: path, sha256, bytes, rows and issues of each.",
         "encodingFormat": "application/json", "contentSize": f"{f.bytes} B", "sha256": f.sha256}
        for f in m.partition_files()]
    sets = []
    for cfg in CONFIGS:
        if not any(s["parquet"].get(cfg) for s in m.summaries.values()):
            continue  # a config without rows has no file to read (the card leaves it out too)
        fileset = f"{cfg}-files"
        distribution.append({"@type": "cr:FileSet", "@id": fileset, "name": fileset,
                             "description": f"The {cfg} shards (Parquet, one paper and year per folder).",
                             "encodingFormat": FORMAT, "includes": f"data/{cfg}/**/*.parquet"})
        sets.append(record_set(cfg, fileset))
    return {"@context": CONTEXT, "@type": "sc:Dataset", "conformsTo": CONFORMS_TO, **meta,
            "distribution": distribution, "recordSet": sets}


def render_croissant(m: Manifest, name: str) -> bytes:
    """croissant.json's bytes: deterministic (sorted by the manifest, no clock), as publish writes them."""
    from corpus_tools.card import bibtex, date_span, newspapers, partition_summaries

    summaries = partition_summaries(m)
    papers = newspapers(summaries)
    dates = date_span(summaries)
    meta = {"name": name,
            "description": f"Daily-newspaper issues ({'、'.join(papers) or 'none'}"
                           f"{f', {dates[0]} to {dates[1]}' if dates else ''}) converted by corpus-tools "
                           "into schema-validated records: issues, sections, articles, images, people, numbers.",
            "license": LICENSE,
            "url": f"https://huggingface.co/datasets/{name}",
            "version": str(m.extra.get("release", {}).get("dataset_version") or "0.0.0"),
            "citeAs": bibtex(name, m)}
    if dates:
        meta["temporalCoverage"] = f"{dates[0]}/{dates[1]}"
    return orjson.dumps(croissant(m, meta), option=orjson.OPT_INDENT_2) + b"\n"
