"""The dataset card: YAML (configs, data files, features) generated from the schemas, plus prose."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from corpus_tools import SCHEMA_VERSION, __version__, manifest
from corpus_tools.schema import CONFIGS, features_yaml, load_schema

BLURB = {
    "issues": "one row per issue: newspaper, date, pages, source file and its SHA-256, encoding, versions, "
              "unplaced text",
    "sections": "one row per page: section title, editors, furniture (ads, page headers)",
    "articles": "one row per article: kicker, headline, subheadline, dateline, byline, paragraphs, "
                "subheadings, text, continuations, provenance",
    "images": "one row per photo item: title, caption, credit",
    "people": "one row per person per article or image: name, role, title, mention spans",
    "numbers": "one row per quantity: surface, value, range, unit, approximation, kind, span",
}


_PLAIN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def _scalar(v: Any) -> str:
    """A YAML scalar: JSON's quoting is valid YAML and never ambiguous (yes/no, dates, numbers)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if _PLAIN_RE.fullmatch(v) and v.lower() not in _YAML_WORDS:
        return v
    return json.dumps(str(v), ensure_ascii=False)


def _emit(v: Any, indent: str, out: list[str]) -> None:
    """Block-style YAML of nested dicts and lists."""
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, dict | list) and x:
                out.append(f"{indent}{k}:")
                _emit(x, indent + ("" if isinstance(x, list) else "  "), out)
            else:
                empty = "[]" if x == [] else "{}"
                out.append(f"{indent}{k}: {empty if isinstance(x, dict | list) else _scalar(x)}")
        return
    for x in v:
        if isinstance(x, dict) and x:
            sub: list[str] = []
            _emit(x, indent + "  ", sub)
            out.append(f"{indent}- {sub[0].lstrip()}")
            out.extend(sub[1:])
        elif isinstance(x, list) and x:
            out.append(f"{indent}-")
            _emit(x, indent + "  ", out)
        else:
            out.append(f"{indent}- {_scalar(x)}")


def to_yaml(meta: dict[str, Any]) -> str:
    """The card's YAML block, written by hand: deterministic, fast, no emitter quirks."""
    out: list[str] = []
    _emit(meta, "", out)
    return "\n".join(out) + "\n"


def split_card(text: str) -> tuple[dict[str, Any], str]:
    """(YAML metadata, prose) of a card."""
    if not text.startswith("---\n"):
        raise ValueError("card does not start with a YAML block (---)")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("card's YAML block is not closed (---)")
    import yaml  # here: writing a card needs no YAML parser (to_yaml emits it), only reading one does

    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # + 1 for the --- line, + 1 for 1-based
        raise ValueError(f"card's YAML does not parse{where}: {getattr(e, 'problem', None) or e}") from None
    _check_meta(meta)
    return meta, text[end + 5:]


def _check_meta(meta: Any) -> None:
    """The shapes every reader of a card relies on; a ValueError names the first one that is wrong."""
    if not isinstance(meta, dict):
        raise ValueError(f"card's YAML is a {type(meta).__name__}, expected a mapping")
    for key, item_key in (("configs", "config_name"), ("dataset_info", "config_name")):
        entries = meta.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(c, dict) and isinstance(c.get(item_key), str)
                                                     for c in entries):
            raise ValueError(f"card's {key} must be a list of mappings each with a {item_key} string, "
                             f"got {entries!r:.60}")
    for c in meta.get("configs", []):
        files = c.get("data_files", [])
        if not isinstance(files, list) or not all(
                isinstance(df, dict) and (isinstance(df.get("path"), str) or (
                    isinstance(df.get("path"), list) and all(isinstance(x, str) for x in df["path"])))
                for df in files):
            raise ValueError(f"card's configs/{c['config_name']}/data_files must be a list of mappings with a "
                             f"path (a string or a list of strings), got {files!r:.60}")


def _manifest(source: Any) -> Any:
    from corpus_tools import manifest

    if isinstance(source, manifest.Manifest):
        return source
    m = manifest.read(Path(source))
    if m is None:
        raise ValueError(f"{source}: no manifest.json")
    return m


def partition_summaries(m: Any) -> list[dict[str, Any]]:
    """The manifest's partition summaries in (paper, year) order: all the card reads of the issues."""
    return [m.summaries[g] for g in m.groups()]


def newspapers(summaries: list[dict[str, Any]]) -> list[str]:
    return sorted({n for s in summaries for n in s["newspapers"]})


def date_span(summaries: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The first and last issue dates, or None without issues."""
    firsts = [s["first_date"] for s in summaries if s["issues"]]
    return (min(firsts), max(s["last_date"] for s in summaries if s["issues"])) if firsts else None


SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                   (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B"))
LICENSE_NAME = "newspaper-text-research-use"
LICENSE_LINK = "README.md#licence"  # the card's own Licence section: the terms are the source papers'


def size_category(n: int) -> str:
    """The Hub's size_categories bucket of a row count."""
    return next((name for limit, name in SIZE_CATEGORIES if n < limit), "n>1B")


def data_pattern(config: str, group: tuple[str, int]) -> str:
    """The card's data_files pattern of one config in one (paper, year) folder: its shards, in issue-id order."""
    return f"data/{config}/{group[0]}/{group[1]:04d}/*.parquet"


def fingerprint(m: Any) -> str:
    """A hash of every partition file's sha256 (each lists its shards' sha256s): changes with any shard."""
    h = hashlib.sha256()
    for g in m.groups():
        h.update(f"{g[0]}/{g[1]}:{m.summaries[g].get('sha256', '')}\n".encode())
    return h.hexdigest()[:16]


def card_yaml(source: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """The card's metadata and the row count of each config, from a folder's manifest (or a ``Manifest``).

    ``data_files`` lists one pattern per (paper, year) folder holding shards of
    the config, in (paper, year) order: the file names (first issue id first)
    sort in issue-id order within a folder, so ``load_dataset`` reads rows in
    issue-id order, and the card grows with papers and years, not with shards.
    ``load_dataset`` keys its cache of a local folder on the card's YAML (the
    patterns, not the files they match), so each config's ``description`` carries
    the folder's content ``fingerprint``: a rebuild in place changes it and
    forces a reload.  Nothing but manifest-listed files sits in ``data/`` (the
    validator reports any other); a running or killed build's placed files
    are matched too until it finishes or the next change recovers.  Split sizes come from the manifest:
    ``num_examples`` is the rows, ``num_bytes`` the JSON-lines size (the
    uncompressed text) and ``download_size`` the Parquet bytes.
    """
    m = _manifest(source)
    configs, infos, counts = [], [], {}
    summaries = partition_summaries(m)
    content = fingerprint(m)
    for cfg in CONFIGS:
        groups = [g for g in m.groups() if m.summaries[g]["parquet"].get(cfg)]
        per_group = [m.summaries[g]["parquet"][cfg] for g in groups]
        counts[cfg] = sum(c["rows"] for c in per_group)
        if not counts[cfg]:
            continue  # datasets cannot load a config with zero rows: leave it out of the card
        entry: dict[str, Any] = {"config_name": cfg}
        if cfg == "articles":
            entry["default"] = True
        entry["description"] = f"{BLURB[cfg]}; {sum(c['files'] for c in per_group)} Parquet shards, content {content}"
        entry["data_files"] = [{"split": "train", "path": [data_pattern(cfg, g) for g in groups]}]
        configs.append(entry)
        size = sum(s["jsonl_bytes"].get(cfg, 0) for s in summaries)
        infos.append({"config_name": cfg, "features": features_yaml(cfg),
                      "splits": [{"name": "train", "num_bytes": size, "num_examples": counts[cfg]}],
                      "download_size": sum(c["bytes"] for c in per_group), "dataset_size": size})
    meta = {"pretty_name": None, "language": ["zh"], "license": "other", "license_name": LICENSE_NAME,
            "license_link": LICENSE_LINK, "multilinguality": ["monolingual"], "language_creators": ["found"],
            "annotations_creators": ["machine-generated"], "source_datasets": ["original"],
            "task_categories": ["token-classification", "text-retrieval"], "task_ids": ["named-entity-recognition"],
            "size_categories": [size_category(counts["articles"])],
            "tags": ["newspapers", "chinese", "corpus-tools", "croissant"], "configs": configs, "dataset_info": infos}
    return meta, counts


def render_card(source: Any, name: str) -> str:
    """The whole README.md of a dataset folder, from its manifest alone (no shard is read).

    Its size grows with papers and years (summary rows and data_files
    patterns), never with issues or shards one by one; it is rendered from the
    partition summaries in ``manifest.json`` (no partition file is read).
    """
    m = _manifest(source)
    meta, counts = card_yaml(m)
    issues = partition_summaries(m)
    meta["pretty_name"] = f"{'、'.join(newspapers(issues)) or 'Newspaper'} (corpus-tools)"
    head = to_yaml(meta)
    return f"---\n{head}---\n" + _prose(name, m, issues, counts)


def _prose(name: str, m: Any, issues: list[dict[str, Any]], counts: dict[str, int]) -> str:
    rel = m.extra.get("release") or {}
    listed = [c for c in CONFIGS if counts[c]]
    absent = [c for c in CONFIGS if not counts[c]]
    commit = rel.get("source_commit")
    out = [
        f"# {name}: a corpus-tools dataset\n",
        f"Release {rel.get('dataset_version', 'unversioned')} of newspaper issues converted by corpus-tools "
        f"{rel.get('converter_version', __version__)} (source commit {f'`{commit[:12]}`' if commit else 'unknown'})"
        f" into schema-validated records (schema version {SCHEMA_VERSION}"
        f"{', released ' + rel['released'] if rel.get('released') else ''}). Every record was checked against "
        "`schemas/<config>.schema.json` before it was written; `manifest.json` holds the counts per paper and "
        "year and the changelog, and `manifest/<paper_id>/<yyyy>.<sha12>.json` lists every shard of that paper "
        "and year with its sha256, bytes, rows and issues; `croissant.json` describes the folder in Croissant "
        "1.1.\n",
    ]
    if any(f.kind == "figure" for f in m.meta):
        out += [f"![Issues per month, and articles, people and numbers per issue]({manifest.DERIVED['figure']})\n"]
    out += ["## Contents\n", _summary(issues), "", _scripts(issues), _changes(rel)]
    out += ["## Configs\n", "| config | rows | what |", "|---|---|---|"]
    out += [f"| {c} | {counts[c]} | {BLURB[c]} |" for c in CONFIGS]
    out += ["", f"Only configs with rows are listed in the YAML above ({', '.join(listed)}): `datasets` cannot "
            f"load a config with zero rows. Absent here: {', '.join(absent) or 'none'}. "
            "`corpus_tools.load.load_config(folder, name)` returns an empty table with the schema's columns "
            "for an absent config.\n", _loading(name), _conventions()]
    for c in CONFIGS:
        out += field_table(c)
    out += [_source_data(issues), _personal(), _limitations(issues), _licence(), _citation(name, m)]
    return "\n".join(out) + "\n"


def _summary(summaries: list[dict[str, Any]]) -> str:
    """One row per paper and year (the card does not grow per issue)."""
    out = ["| paper_id | newspaper | year | issues | first | last | pages | articles | images | people | numbers |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        if not s["issues"]:
            continue
        out.append(f"| {s['paper_id']} | {'、'.join(s['newspapers'])} | {s['year']} | {s['issues']} | "
                   f"{s['first_date']} | {s['last_date']} | {s['pages']} | {s['articles']} | {s['images']} | "
                   f"{s['rows'].get('people', 0)} | {s['rows'].get('numbers', 0)} |")
    total = sum(s["issues"] for s in summaries)
    out.append(f"\n{total} issue{'s' * (total != 1)}; `articles` counts articles as printed (a continued "
               "article's fragments once each, merged views apart). Each issue's source file, date, pages and "
               "counts are in the `issues` config.")
    return "\n".join(out)


SCRIPT_NAMES = {"Hans": "simplified characters (Hans)", "Hant": "traditional characters (Hant)",
                "mixed": "both scripts (mixed)"}


def _scripts(summaries: list[dict[str, Any]]) -> str:
    """How many issues are printed in each script (the issues row's ``script``)."""
    by: dict[str, int] = {}
    for s in summaries:
        for k, n in s["scripts"].items():
            by[k] = by.get(k, 0) + n
    parts = [f"{SCRIPT_NAMES[k]}: {n}" for k, n in sorted(by.items())]
    return ("Script (`issues.script`; text is kept as printed, spans index the printed text): "
            + ("; ".join(parts) or "no issues") + ".\n")


def _changes(rel: dict[str, Any]) -> str:
    log = rel.get("changelog")
    if not log:
        return ""
    since = f"since {log['from_version']}" if log.get("from_version") else "(first release)"
    return (f"Changes {since}: issues added {len(log['added'])}, removed {len(log['removed'])}, "
            f"changed {len(log['changed'])} (their ids: `release.changelog` in `manifest.json`).\n")


def _type_name(node: dict[str, Any]) -> str:
    types = node.get("type", "string")
    types = types if isinstance(types, list) else [types]
    t = next(x for x in types if x != "null") if any(x != "null" for x in types) else "null"
    name = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}.get(t, t)
    if t == "array":
        name = f"list<{_type_name(node['items'])}>"
    elif t == "object":
        name = "struct"
    return name + (" (nullable)" if "null" in types else "")


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _field_rows(prefix: str, props: dict[str, Any], key: str | None) -> list[str]:
    out = []
    for k, node in props.items():
        inner = node.get("items", node) if "array" in str(node.get("type")) else node
        enum = inner.get("enum") or node.get("enum")
        relation = "key" if k == key and not prefix else ""
        if node.get("x-references"):
            relation = f"→ `{node['x-references']}`"
        desc = node.get("description") or inner.get("description", "")
        out.append(f"| `{prefix}{k}` | {_type_name(node)} | {_cell(desc)} | "
                   f"{', '.join(f'`{v}`' for v in enum) if enum else ''} | {relation} |")
        if inner.get("type") == "object" and "properties" in inner:
            out += _field_rows(f"{prefix}{k}.", inner["properties"], None)
    return out


def field_table(config: str) -> list[str]:
    """A config's fields for the card: nested fields as ``parent.child``, enum values, key and references."""
    s = load_schema(config)
    out = [f"### {config}\n", _cell(s["description"]) + "\n",
           "| field | type | description | values | relation |", "|---|---|---|---|---|"]
    out += _field_rows("", s["properties"], s.get("x-key"))
    out.append("")
    return out


def _loading(name: str) -> str:
    return f"""## How to load

Offline, with an absolute path (a relative or wrong path is taken for a Hub id and retried over the network):

```python
import os
os.environ["HF_HUB_OFFLINE"] = "1"
from pathlib import Path
from datasets import load_dataset
folder = str(Path("{name}").resolve())
articles = load_dataset(folder, "articles", split="train")
people = load_dataset(folder, "people", split="train")
```

pandas, polars and duckdb read the Parquet shards on a glob (`**` spans the paper and year folders), and
the JSONL beside them holds the same rows:

```python
import pandas as pd, polars as pl, duckdb
df = pd.read_parquet("{name}/data/articles")
lf = pl.scan_parquet("{name}/data/articles/**/*.parquet")
duckdb.sql("select headline, char_count from read_parquet('{name}/data/articles/**/*.parquet')")
```
"""


def _conventions() -> str:
    return """## Conventions

- Offsets are Python string indices (code points), half-open `[start, end)`, into the named field of the
  owning article or image: `record[field][start:end] == text`.
- `page` is the 1-based position of the page in the input; `printed_page` is the number printed in the text
  (null when the text gives none).
- Dates are ISO 8601 strings, kept as strings in Arrow on purpose (pyarrow's JSON reader would turn them
  into timestamps).
- Ids are ASCII and stable across runs: `<paper_id>-<date>-p<NN>-a<NNN>` for articles, `-i<NNN>` for images.
- Text is as printed after normalisation (line ends, indents); punctuation width is not changed.
- Layout repairs (column-break joins, removed duplicate blocks, hard-wrap joins) are listed in each
  record's `provenance.repairs`; text the converter could not place is kept in `issues.unplaced`.
- Shards hold whole issues of one paper and year, in issue-id order:
  `data/<config>/<paper_id>/<yyyy>/<first>--<last>.<sha12>.parquet` (or `<issue_id>.<sha12>.parquet` for one
  issue), with a JSONL twin under `jsonl/` holding the same rows in the same order. A new shard starts past a
  size limit (64 MB of JSON lines by default, `--shard-mb`). Rebuilding an issue rewrites the shard that held
  it; the content hash in the name changes with the content. `manifest/<paper_id>/<yyyy>.<sha12>.json`
  lists every shard of one paper and year with its sha256, bytes, rows and issues, and `manifest.json` one
  summary per paper and year.

## Fields
"""


def _source_data(summaries: list[dict[str, Any]]) -> str:
    papers = sorted({(s["paper_id"], n) for s in summaries for n in s["newspapers"]})
    names = ", ".join(f"{n} (`{p}`)" for p, n in papers) or "none yet"
    return f"""## Source Data

Daily newspapers: {names}. Each issue comes from one plain-text dump of the printed paper (as a crawler, a
site scraper, a PDF extractor or OCR saved it); `issues.source_file` and `issues.source_sha256` identify it,
`issues.encoding` says how it was decoded (UTF-8, GB18030, Big5, Big5-HKSCS) and `issues.charset_notes` lists
characters a font may lack. corpus-tools cuts the text into pages, sections, articles and photo items, repairs
column-break and hard-wrap splits and duplicated blocks (each listed in `provenance.repairs`), and annotates
people and quantities with rules read from how Chinese newspapers are typeset; no text is rewritten or
translated, traditional characters stay traditional. No person annotated these records by hand.
"""


def _personal() -> str:
    return """## Personal and Sensitive Information

The `people` config names persons: journalists and editors in bylines (public in their role), but also
interviewees and people mentioned in local news, many of them private persons, with their titles, and the
articles give their words, places and circumstances (courts, accidents, health, welfare). `person_key` links
a byline name across issues of one paper (same paper, name and byline role), so a reporter's articles can be
counted over years; it is not set for interviewees or people mentioned, and a name shared by two people gets
one key. Do not use this dataset to profile or re-identify private persons; a request to remove an issue is
met with `corpus-tools remove`.
"""


def _limitations(summaries: list[dict[str, Any]]) -> str:
    acc = accuracy()
    unplaced = sum(s["unplaced"] for s in summaries)
    with_unplaced = sum(s["with_unplaced"] for s in summaries)
    return f"""## Limitations

- Measured accuracy: **{acc['score']}** on {acc['cases']} visible hand-annotated evaluation cases, measured
  {acc['measured']} with `{acc['command']}` ({acc['what']}). Other papers, scripts and OCR dumps, which
  these cases do not cover, may score lower; treat people and numbers as machine annotations.
- Unplaced text: {unplaced} piece{'s' * (unplaced != 1)} of text in {with_unplaced} issue{'s' * (with_unplaced != 1)}
  could not be placed in any record; they are kept in `issues.unplaced` (page, input lines, reason), never dropped.
- Continued articles appear as their printed fragments and as one merged view (`merged_from` non-empty):
  filter on `merged_from` before counting articles or words.
- People are found by rules (bylines, titles, speech cues), not a trained model: names can be missed or cut,
  and `role` is `mentioned` when nothing says more. Numbers keep the printed surface beside `value`.
"""


ACCURACY_FILE = "accuracy.json"


def accuracy() -> dict[str, Any]:
    """The last measured eval score (a data file updated when the eval is run, never computed at build)."""
    from importlib.resources import files

    return json.loads((files("corpus_tools") / "data" / ACCURACY_FILE).read_text(encoding="utf-8"))


def _licence() -> str:
    return f"""## Licence

`license: other` (`{LICENSE_NAME}`): the converted text remains the copyright of the newspaper that printed
it; this dataset is for research use under the terms that apply to the source issues. The corpus-tools code
and the record schemas are Apache-2.0.
"""


def bibtex(name: str, m: Any) -> str:
    """The dataset's BibTeX entry with its release version (the card's Citation, croissant.json's ``citeAs``).

    ``year`` is the release year, given only when ``SOURCE_DATE_EPOCH`` set one.
    """
    rel = m.extra.get("release") or {}
    dates = date_span(partition_summaries(m))
    span = f"{dates[0]}..{dates[1]}" if dates else ""
    commit = rel.get("source_commit")
    lines = [f"@misc{{{re.sub(r'[^A-Za-z0-9]+', '_', name)}_corpus,",
             f"  title   = {{{name}: newspaper issues {span} converted with corpus-tools}},",
             f"  version = {{{rel.get('dataset_version', '')}}},",
             f"  note    = {{corpus-tools {rel.get('converter_version', __version__)}, schema {SCHEMA_VERSION}"
             f"{', commit ' + commit[:12] if commit else ''}}}"]
    if rel.get("released"):
        lines[-1] += ","
        lines.append(f"  year    = {{{rel['released'][:4]}}}")
    return "\n".join([*lines, "}"])


def _citation(name: str, m: Any) -> str:
    return f"## Citation\n\n```bibtex\n{bibtex(name, m)}\n```\n"
