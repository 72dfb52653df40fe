"""``corpus-tools push``: upload a dataset folder to the Hugging Face Hub as one commit.

What goes up is what the manifest lists (shards, partition files, schemas,
card) plus ``manifest.json`` itself, each checked against its recorded sha256 first, so a folder
that changed since its last commit is refused instead of half-uploaded.  A
remote file is deleted only with ``--prune``, and only when the *remote*
manifest lists it (the tool wrote it) and the local one no longer does: a
``LICENSE`` or notes someone added on the Hub stay.  ``--dry-run`` prints the
planned operations and sends nothing; with ``--prune`` it needs the network
to read the remote manifest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus_tools import manifest
from corpus_tools.errors import CorpusError, UsageError
from corpus_tools.manifest import Manifest


class PushError(CorpusError):
    """The Hub refused or could not be reached, or the remote manifest cannot be read."""

    code = "E050"


@dataclass(frozen=True)
class Plan:
    """The operations of one push: ``adds`` and ``deletes`` are huggingface_hub commit operations."""

    repo_id: str
    revision: str | None
    adds: list[Any]
    deletes: list[Any]
    bytes: int
    issues: int


def local_manifest(root: Path) -> Manifest:
    m = manifest.read(root)
    if m is None:
        raise manifest.ManifestError("no manifest.json: not a corpus-tools dataset folder", file=str(root))
    return m


def plan(folder: str | Path, repo_id: str, revision: str | None = None, remote: Manifest | None = None) -> Plan:
    """Adds for every owned file (hashes checked) and deletes for files only the ``remote`` manifest lists."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as e:
        raise UsageError(f"{repo_id!r} is not a Hub repo id (expected owner/name): {e}", field="REPO_ID") from None
    root = Path(os.path.abspath(folder))
    m = local_manifest(root)
    adds = []
    for f in sorted(m.files, key=lambda f: f.path):
        path = root / f.path
        if not path.is_file():
            raise manifest.ManifestError("listed in the manifest but missing (run corpus-tools validate)",
                                         file=str(path), field="files")
        op = CommitOperationAdd(path_in_repo=f.path, path_or_fileobj=str(path))
        if op.upload_info.sha256.hex() != f.sha256 or op.upload_info.size != f.bytes:
            raise manifest.ManifestError(f"bytes differ from the manifest's sha256 {f.sha256[:12]}… "
                                         "(changed since the last build; run corpus-tools validate)",
                                         file=str(path), field="sha256")
        adds.append(op)
    adds.append(CommitOperationAdd(path_in_repo=manifest.NAME, path_or_fileobj=str(root / manifest.NAME)))
    gone = sorted(remote.owned() - m.owned()) if remote is not None else []
    deletes = [CommitOperationDelete(path_in_repo=p) for p in gone]
    return Plan(repo_id, revision, adds, deletes, sum(op.upload_info.size for op in adds), m.issue_count())


def remote_manifest(repo_id: str, revision: str | None) -> Manifest | None:
    """The manifest on the Hub (None for a repo or revision that has none yet); needs the network."""
    import orjson
    from huggingface_hub import errors as hub_errors
    from huggingface_hub import hf_hub_download

    if os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes", "on"):
        raise PushError("--prune reads the remote manifest, which needs the network (HF_HUB_OFFLINE is set)",
                        file=f"hf://datasets/{repo_id}", field="--prune")
    try:
        path = hf_hub_download(repo_id, manifest.NAME, repo_type="dataset", revision=revision)
    except (hub_errors.EntryNotFoundError, hub_errors.RepositoryNotFoundError, hub_errors.RevisionNotFoundError):
        return None
    except hub_errors.OfflineModeIsEnabled as e:
        raise PushError(f"cannot read the remote manifest offline: {e}", file=f"hf://datasets/{repo_id}") from None
    except Exception as e:  # network and HTTP failures of any transport: one line, no traceback
        raise PushError(f"cannot read the remote manifest: {_first_line(e)}", file=f"hf://datasets/{repo_id}",
                        field=manifest.NAME) from None
    def fetch(rel: str) -> bytes:  # a partition file, downloaded when the remote manifest's owned files are asked for
        try:
            return Path(hf_hub_download(repo_id, rel, repo_type="dataset", revision=revision)).read_bytes()
        except Exception as e:
            raise PushError(f"cannot read the remote partition file: {_first_line(e)}",
                            file=f"hf://datasets/{repo_id}", field=rel) from None

    return manifest.parse(orjson.loads(Path(path).read_bytes()), f"hf://datasets/{repo_id}/{manifest.NAME}", fetch,
                          f"hf://datasets/{repo_id}")


def describe(p: Plan) -> list[str]:
    """One line per planned operation, then a total: what ``--dry-run`` prints."""
    lines = [f"add     {op.path_in_repo}  ({op.upload_info.size} bytes)" for op in p.adds]
    lines += [f"delete  {op.path_in_repo}" for op in p.deletes]
    target = p.repo_id + (f"@{p.revision}" if p.revision else "")
    lines.append(f"{len(p.adds)} files to add ({p.bytes} bytes, {p.issues} issues), {len(p.deletes)} to delete, "
                 f"in one commit to dataset {target}")
    return lines


def upload(p: Plan, private: bool) -> str:
    """Create the repo (and branch) if needed and make the commit; returns the commit's URL."""
    from huggingface_hub import HfApi

    api = HfApi()
    try:
        api.create_repo(p.repo_id, repo_type="dataset", private=private, exist_ok=True)
        if p.revision:
            api.create_branch(p.repo_id, repo_type="dataset", branch=p.revision, exist_ok=True)
        info = api.create_commit(p.repo_id, [*p.adds, *p.deletes], repo_type="dataset", revision=p.revision,
                                 commit_message=f"corpus-tools push: {p.issues} issues")
    except Exception as e:  # network, auth and HTTP failures of any transport: one line, no traceback
        raise PushError(f"upload failed: {_first_line(e)}", file=f"hf://datasets/{p.repo_id}") from None
    return str(info.commit_url)


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0]
