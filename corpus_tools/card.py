"""The dataset card: YAML (configs, data files, features) generated from the schemas, plus prose."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
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


def _rows(path: Path) -> int:
    with pa.memory_map(str(path)) as f:
        return pa.ipc.open_stream(f).read_all().num_rows


def _issues(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for p in sorted((folder / "jsonl" / "issues").glob("*.jsonl")):
        rows += [orjson.loads(line) for line in p.read_bytes().splitlines() if line.strip()]
    return sorted(rows, key=lambda r: (r["date"], r["issue_id"]))


def card_yaml(folder: Path, known: dict[str, int] | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """The card's metadata and the row count of each config (``known``: rows per shard path, else read)."""
    known = known or {}
    configs, infos, counts = [], [], {}
    for cfg in CONFIGS:
        shards = sorted((folder / "data" / cfg).glob("*.arrow"))
        counts[cfg] = sum(known.get(str(p.relative_to(folder))) or _rows(p) for p in shards)
        if not counts[cfg]:
            continue  # datasets cannot load a config with zero rows: leave it out of the card
        entry: dict[str, Any] = {"config_name": cfg}
        if cfg == "articles":
            entry["default"] = True
        entry["data_files"] = [{"split": "train", "path": [str(p.relative_to(folder)) for p in shards]}]
        configs.append(entry)
        infos.append({"config_name": cfg, "features": features_yaml(cfg)})
    meta = {"pretty_name": None, "language": ["zh"], "license": "other",
            "tags": ["newspapers", "chinese", "corpus-tools"], "configs": configs, "dataset_info": infos}
    return meta, counts


def render_card(folder: Path, name: str | None = None, known: dict[str, int] | None = None) -> str:
    """The whole README.md of a dataset folder (``name``: the folder's final name, when written elsewhere)."""
    meta, counts = card_yaml(folder, known)
    issues = _issues(folder)
    papers = sorted({r["newspaper"] for r in issues})
    meta["pretty_name"] = f"{'、'.join(papers) or 'Newspaper'} (corpus-tools)"
    head = to_yaml(meta)
    return f"---\n{head}---\n" + _prose(name or folder.name, issues, counts)


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

pandas and duckdb read the same shards (Arrow IPC stream files) or the JSONL beside them:

```python
import pyarrow as pa, glob
table = pa.concat_tables(pa.ipc.open_stream(f).read_all() for f in sorted(glob.glob("{name}/data/articles/*.arrow")))
df = table.to_pandas()
import duckdb
duckdb.sql("select headline, char_count from read_json_auto('{name}/jsonl/articles/*.jsonl')")
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
- Shards hold whole issues, in issue-id order: `data/<config>/<first>--<last>.<sha12>.arrow` (or
  `<issue_id>.<sha12>.arrow` for one issue), with a JSONL twin of the same stem holding the same rows in the
  same order. A new shard starts past a size limit (64 MB of Arrow by default, `--shard-mb`). Rebuilding an
  issue rewrites the shard that held it; the content hash in the name changes with the content.

## Fields
"""


def _licence() -> str:
    return """## Licence

The converted text remains the copyright of the newspaper that printed it; this dataset is for research
use under the terms that apply to the source issues. The corpus-tools code and the record schemas are
Apache-2.0.
"""


def _citation(name: str, issues: list[dict[str, Any]]) -> str:
    dates = [r["date"] for r in issues]
    span = f"{min(dates)}..{max(dates)}" if dates else ""
    return f"""## Citation

```bibtex
@misc{{{re.sub(r"[^A-Za-z0-9]+", "_", name)}_corpus,
  title  = {{{name}: newspaper issues {span} converted with corpus-tools}},
  note   = {{corpus-tools {__version__}, schema {SCHEMA_VERSION}}},
  year   = {{{dates[-1][:4] if dates else ''}}}
}}
```
"""
