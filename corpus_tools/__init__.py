"""corpus-tools: newspaper issues in, schema-validated research datasets out.

The Python API (``convert_text``, ``open_dataset``, ``parquet_files``; see
``corpus_tools.api``) is imported on first use, so ``import corpus_tools`` and
the command line stay fast.
"""

from __future__ import annotations

from typing import Any

# The converter version: the one place it is set (pyproject.toml reads it, records and manifest.json carry it).
# Bump it whenever the output changes; tests/test_release.py compares the output with a committed snapshot.
__version__ = "0.3.0"
SCHEMA_VERSION = "2.0.0"

_API = ("convert_text", "open_dataset", "parquet_files")
__all__ = ["SCHEMA_VERSION", "__version__", *_API]


def __getattr__(name: str) -> Any:
    """Load the API module only when one of its names is asked for."""
    if name in _API:
        from corpus_tools import api

        return getattr(api, name)
    raise AttributeError(f"module 'corpus_tools' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
