"""The Python API: convert text held in memory, and open a published config as a pyarrow ``Dataset``.

``import corpus_tools`` exposes these names lazily (``corpus_tools.__getattr__``),
so the command line does not pay for pyarrow or the pipeline at start-up.

Readers for the other libraries, all over the same Parquet files, with no copy::

    dset = corpus_tools.open_dataset("output/jzrb", "numbers")   # pyarrow.dataset.Dataset
    dset.to_table().to_pandas()                                   # pandas
    polars.scan_pyarrow_dataset(dset)                             # polars, lazy, through pyarrow
    polars.scan_parquet(corpus_tools.parquet_files("output/jzrb", "numbers"))   # polars' own reader
    duckdb.sql("select kind, count(*) from dset group by kind")   # duckdb scans the Dataset by name
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus_tools.errors import EncodingError, UsageError

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.dataset as pads

Row = dict[str, Any]


def convert_text(text_or_bytes: str | bytes, *, newspaper: str, date: str | dt.date, paper_id: str | None = None,
                 edition: str | None = None, encoding: str | None = None,
                 source_name: str | None = None) -> dict[str, list[Row]]:
    """One issue's text (or raw bytes) to validated rows by config, exactly as ``corpus-tools build`` makes them.

    Bytes go through the same encoding detection as files (``encoding`` forces
    one); a ``str`` is taken as already decoded and recorded as UTF-8.
    ``source_name`` is the file name records cite in their provenance (default
    ``<issue_id>.txt``).  Bad input raises a ``corpus_tools.errors.CorpusError``
    whose ``str`` is the same one-line coded message the CLI prints.
    """
    from corpus_tools import sources
    from corpus_tools.pipeline import PAPER_ID_RE, convert_source, default_paper_id, parse_date
    from corpus_tools.records import issue_id
    from corpus_tools.schema import CONFIGS
    from corpus_tools.types import IssueMeta

    if not isinstance(newspaper, str) or not newspaper.strip():
        raise UsageError("newspaper must be a non-empty name, e.g. 人民日报", field="newspaper")
    day = date if isinstance(date, dt.date) else parse_date(str(date), "date")
    pid = paper_id or default_paper_id(newspaper)
    if not PAPER_ID_RE.match(pid):
        raise UsageError(f"{pid!r} must be lower-case ASCII letters, digits and '-'", field="paper_id")
    if edition is not None and not PAPER_ID_RE.match(edition.lower()):
        raise UsageError(f"{edition!r} must be ASCII letters, digits and '-'", field="edition")
    meta = IssueMeta(newspaper=newspaper, date=day, paper_id=pid, edition=edition.lower() if edition else None)
    name = source_name or f"{issue_id(meta)}.txt"
    if isinstance(text_or_bytes, str):
        try:
            data = text_or_bytes.encode("utf-8")
        except UnicodeEncodeError as e:
            raise EncodingError(f"text holds a character UTF-8 cannot encode at {e.start} ({e.reason})",
                                file=name, field="text") from None
        encoding = encoding or "utf-8"
    elif isinstance(text_or_bytes, bytes | bytearray | memoryview):
        data = bytes(text_or_bytes)
    else:
        raise UsageError(f"expected str or bytes, got {type(text_or_bytes).__name__}", file=name, field="text")
    recs = convert_source(sources.read_bytes(data, name, encoding=encoding), meta)
    return {c: list(recs.rows.get(c, [])) for c in CONFIGS}


def _check_config(config: str) -> None:
    from corpus_tools.schema import CONFIGS

    if config not in CONFIGS:
        raise UsageError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}", field="config")


def parquet_files(folder: str | Path, config: str) -> list[str]:
    """Absolute paths of a config's Parquet shards, in issue-id order, as the folder's manifest lists them.

    For readers that take a file list (``polars.scan_parquet``, duckdb
    ``read_parquet([...])``); a listed file that is missing is an error, not
    a silently shorter table.
    """
    from corpus_tools import manifest

    _check_config(config)
    root = Path(os.path.abspath(folder))
    m = manifest.read(root)
    if m is None:
        raise manifest.ManifestError("no manifest.json: not a corpus-tools dataset folder", file=str(root))
    out = []
    for f in m.parquet_listing(config):  # the partition files of the groups that hold rows of this config
        path = root / f["path"]
        if not path.is_file():
            raise manifest.ManifestError("the manifest lists this shard but it is missing (run corpus-tools "
                                         "validate)", file=str(path), field="files")
        out.append(str(path))
    return out


def folder_arrow_schema(folder: Path, config: str) -> pa.Schema:
    """The Arrow schema of a config as the folder's own copy of the JSON Schema gives it (else this version's)."""
    import json

    import pyarrow as pa

    from corpus_tools.schema import arrow_schema, arrow_type

    copy = folder / "schemas" / f"{config}.schema.json"
    if not copy.is_file():
        return arrow_schema(config)
    props = json.loads(copy.read_text(encoding="utf-8"))["properties"]
    return pa.schema([pa.field(k, arrow_type(v)) for k, v in props.items()])


def open_dataset(folder: str | Path, config: str) -> pads.Dataset:
    """A config of a published folder as a ``pyarrow.dataset.Dataset`` over its Parquet shards.

    Nothing is read until scanned, and local files are memory-mapped, so
    opening costs the same for a thousand issues as for one; fragments come in
    issue-id order.  A config with no rows gives an empty dataset that still
    has every column of the schema (``datasets`` cannot load one at all).
    """
    import pyarrow.dataset as pads
    import pyarrow.fs as pafs

    files = parquet_files(folder, config)
    schema = folder_arrow_schema(Path(os.path.abspath(folder)), config)
    return pads.dataset(files, schema=schema, format="parquet", filesystem=pafs.LocalFileSystem(use_mmap=True))
