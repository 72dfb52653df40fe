"""The dataset card: YAML (configs, data files, features) generated from the schemas, plus prose."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from corpus_tools import SCHEMA_VERSION, __version__
from corpus_tools.schema import CONFIGS, features_yaml, field_descriptions, load_schema

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
    return yaml.safe_load(text[4:end]) or {}, text[end + 5:]


def _manifest(source: Any) -> Any:
    from corpus_tools import manifest

    if isinstance(source, manifest.Manifest):
        return source
    m = manifest.read(Path(source))
    if m is None:
        raise ValueError(f"{source}: no manifest.json")
    return m


def issues_by_date(m: Any) -> list[dict[str, Any]]:
    """The manifest's issue entries in date order."""
    return sorted(m.issues.values(), key=lambda r: (r["date"], r["issue_id"]))


def card_yaml(source: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """The card's metadata and the row count of each config, from a folder's manifest (or a ``Manifest``).

    ``data_files`` lists every Parquet shard explicitly, in issue-id order (the
    order ``load_dataset`` reads them), never a glob: a shard of an unfinished
    build must not be loaded.
    """
    m = _manifest(source)
    configs, infos, counts = [], [], {}
    for cfg in CONFIGS:
        shards = m.shards(cfg)
        counts[cfg] = sum(f.rows for f in shards)
        if not counts[cfg]:
            continue  # datasets cannot load a config with zero rows: leave it out of the card
        entry: dict[str, Any] = {"config_name": cfg}
        if cfg == "articles":
            entry["default"] = True
        entry["data_files"] = [{"split": "train", "path": [f.path for f in shards]}]
        configs.append(entry)
        infos.append({"config_name": cfg, "features": features_yaml(cfg)})
    meta = {"pretty_name": None, "language": ["zh"], "license": "other",
            "tags": ["newspapers", "chinese", "corpus-tools"], "configs": configs, "dataset_info": infos}
    return meta, counts


def render_card(source: Any, name: str) -> str:
    """The whole README.md of a dataset folder, from its manifest alone (no shard is read)."""
    m = _manifest(source)
    meta, counts = card_yaml(m)
    issues = issues_by_date(m)
    papers = sorted({r["newspaper"] for r in issues})
    meta["pretty_name"] = f"{'、'.join(papers) or 'Newspaper'} (corpus-tools)"
    head = to_yaml(meta)
    return f"---\n{head}---\n" + _prose(name, issues, counts)


def _prose(name: str, issues: list[dict[str, Any]], counts: dict[str, int]) -> str:
    listed = [c for c in CONFIGS if counts[c]]
    absent = [c for c in CONFIGS if not counts[c]]
    out = [
        f"# {name}: a corpus-tools dataset\n",
        f"Newspaper issues converted by corpus-tools {__version__} into schema-validated records "
        f"(schema version {SCHEMA_VERSION}). Every record was checked against `schemas/<config>.schema.json` "
        "before it was written.\n",
        "## Issues\n", "| issue_id | newspaper | date | pages | articles | images | source sha256 |",
        "|---|---|---|---|---|---|---|",
    ]
    out += [f"| {r['issue_id']} | {r['newspaper']} | {r['date']} | {r['page_count']} | {r['article_count']} | "
            f"{r['image_count']} | `{r['source_sha256'][:16]}…` |" for r in issues]
    out += ["", _scripts(issues)]
    out += ["", "## Configs\n", "| config | rows | what |", "|---|---|---|"]
    out += [f"| {c} | {counts[c]} | {BLURB[c]} |" for c in CONFIGS]
    out += ["", f"Only configs with rows are listed in the YAML above ({', '.join(listed)}): `datasets` cannot "
            f"load a config with zero rows. Absent here: {', '.join(absent) or 'none'}. "
            "`corpus_tools.load.load_config(folder, name)` returns an empty table with the schema's columns "
            "for an absent config.\n", _loading(name), _conventions()]
    for c in CONFIGS:
        s = load_schema(c)
        out += [f"### {c}\n", s["description"] + "\n", "| field | description |", "|---|---|"]
        out += [f"| `{k}` | {d} |" for k, d in field_descriptions(c)]
        out.append("")
    out += [_licence(), _citation(name, issues)]
    return "\n".join(out) + "\n"


SCRIPT_NAMES = {"Hans": "simplified characters (Hans)", "Hant": "traditional characters (Hant)",
                "mixed": "both scripts (mixed)"}


def _scripts(issues: list[dict[str, Any]]) -> str:
    """Which script each issue is printed in (the issues row's ``script``)."""
    by: dict[str, list[str]] = {}
    for r in issues:
        by.setdefault(r.get("script") or "Hans", []).append(r["issue_id"])
    parts = [f"{SCRIPT_NAMES[k]}: {len(v)} ({', '.join(v)})" for k, v in sorted(by.items())]
    return ("Script (`issues.script`; text is kept as printed, spans index the printed text): "
            + ("; ".join(parts) or "no issues") + ".\n")


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
  it; the content hash in the name changes with the content. `manifest.json` lists every file with its
  sha256, bytes, rows and issues.

## Fields
"""


def _licence() -> str:
    return """## Licence

The converted text remains the copyright of the newspaper that printed it; this dataset is for research
use under the terms that apply to the source issues. The corpus-tools code and the record schemas are
Apache-2.0.
"""


def bibtex(name: str, issues: list[dict[str, Any]]) -> str:
    """The dataset's BibTeX entry (the card's Citation and croissant.json's ``citeAs``)."""
    dates = [r["date"] for r in issues]
    span = f"{min(dates)}..{max(dates)}" if dates else ""
    return f"""@misc{{{re.sub(r"[^A-Za-z0-9]+", "_", name)}_corpus,
  title  = {{{name}: newspaper issues {span} converted with corpus-tools}},
  note   = {{corpus-tools {__version__}, schema {SCHEMA_VERSION}}},
  year   = {{{dates[-1][:4] if dates else ''}}}
}}"""


def _citation(name: str, issues: list[dict[str, Any]]) -> str:
    return f"## Citation\n\n```bibtex\n{bibtex(name, issues)}\n```\n"
