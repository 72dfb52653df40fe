"""Loading a published folder the way users do, plus an empty table for configs the card leaves out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from corpus_tools.card import split_card
from corpus_tools.schema import CONFIGS, features


def listed_configs(folder: str | Path) -> list[str]:
    """Configs the card lists (those with at least one row)."""
    meta, _ = split_card((Path(folder) / "README.md").read_text(encoding="utf-8"))
    return [c["config_name"] for c in meta.get("configs", [])]


def load_config(folder: str | Path, config: str, cache_dir: str | None = None) -> Any:
    """``datasets.load_dataset`` on an absolute path, offline; an empty Dataset for an absent config."""
    if config not in CONFIGS:
        raise KeyError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import datasets

    path = Path(folder).resolve()
    if config not in listed_configs(path):
        feats = features(config)
        return datasets.Dataset.from_dict({k: [] for k in feats}, features=feats)
    return datasets.load_dataset(str(path), config, split="train", cache_dir=cache_dir)
