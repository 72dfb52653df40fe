"""Cluster builds into s3:// against a real S3-protocol endpoint: moto's server, in this process, spoken to
over HTTP by boto3/s3fs in the client and in two LocalCluster worker processes (no Python-level mock)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow.dataset as pads
import pytest
from distributed import Client, LocalCluster

from corpus_tools import cluster, manifest, objstore, pipeline
from corpus_tools.errors import OutputError
from corpus_tools.lock import LockedError
from corpus_tools.pipeline import IssueInput
from corpus_tools.publish import NotADatasetError
from tests.conftest import run_cli
from tests.test_cluster import files, make_inputs

BUCKET = "corpus"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on a free local port; the AWS variables every process (and worker) inherits."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL_S3": url}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        s3fs.S3FileSystem().mkdir(BUCKET)
        yield url
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


@pytest.fixture(scope="module")
def client(endpoint: str) -> Iterator[Client]:
    """Two worker processes started after the AWS variables are set, so they reach the same endpoint."""
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc, \
            Client(lc) as c:
        yield c


@pytest.fixture
def fs(endpoint: str) -> Any:
    import s3fs

    return s3fs.S3FileSystem()


def upload(fs: Any, inputs: list[IssueInput], prefix: str) -> list[IssueInput]:
    """The inputs as objects under ``s3://corpus/<prefix>/``, named as the local files."""
    out = []
    for i in inputs:
        url = f"s3://{BUCKET}/{prefix}/{Path(i.path).name}"
        fs.put_file(str(i.path), url)
        out.append(IssueInput(url, i.meta))
    return out


def objects(fs: Any, prefix: str) -> dict[str, bytes]:
    """Every object under a prefix by its relative key, with its bytes."""
    root = f"{BUCKET}/{prefix}/"
    return {k[len(root):]: fs.cat_file(k) for k in sorted(fs.find(root))}


def published(found: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in found.items() if not k.startswith(".corpus-tools/")}


def test_a_cluster_build_to_s3_is_the_local_build_byte_for_byte(tmp_path: Path, fs: Any, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 8)  # two (paper, year) groups
    remote = upload(fs, inputs, "in/a")
    local = pipeline.build(inputs, tmp_path / "local" / "jz", shard_bytes=200_000)
    url = f"s3://{BUCKET}/a/jz"
    out, failures = cluster.build(list(reversed(remote)), url, client.scheduler.address, shard_bytes=200_000)
    assert out == url and failures == []
    ours = objects(fs, "a/jz")
    assert [k for k in ours if k.startswith(".corpus-tools/")] == []  # no lock, journal or staging left
    theirs = {k: v for k, v in files(local).items() if not k.startswith(".corpus-tools/")}
    assert len([k for k in ours if k.endswith(".parquet")]) > 6 and ours == theirs
    # read back straight from the store: pyarrow over s3fs, the card's articles shards
    m = manifest.parse(orjson.loads(ours["manifest.json"]), "manifest.json", ours.__getitem__)  # partitions too
    keys = [f"{BUCKET}/a/jz/{f.path}" for f in m.shards("articles")]
    table = pads.dataset(keys, filesystem=fs, format="parquet").to_table()
    want = pads.dataset(sorted((local / "data" / "articles").rglob("*.parquet")), format="parquet").to_table()
    assert table.num_rows == want.num_rows > 50
    assert table.sort_by("article_id").equals(want.sort_by("article_id"))


def test_a_rebuild_into_s3_matches_the_local_sequence(tmp_path: Path, fs: Any, client: Client) -> None:
    """New issues in a year the folder has are merged by the client (its shards uploaded from its disk)."""
    inputs = make_inputs(tmp_path / "in", 8)
    remote = upload(fs, inputs, "in/b")
    first, then = [0, 1, 2, 3], [2, 4, 7]  # a rebuild, a new issue of 2025, a new year
    local = tmp_path / "local" / "jz"
    pipeline.build([inputs[k] for k in first], local, shard_bytes=150_000)
    pipeline.build([inputs[k] for k in then], local, shard_bytes=150_000)
    url = f"s3://{BUCKET}/b/jz"
    cluster.build([remote[k] for k in first], url, client.scheduler.address, shard_bytes=150_000)
    before = objects(fs, "b/jz")
    _, failures = cluster.build([remote[k] for k in then], url, client.scheduler.address, shard_bytes=150_000)
    assert failures == []
    ours = objects(fs, "b/jz")
    assert ours == {k: v for k, v in files(local).items() if not k.startswith(".corpus-tools/")}
    assert set(before) - set(ours)  # retired shards were deleted from the store


def test_cli_builds_from_s3_inputs_into_s3_with_keep_going(tmp_path: Path, fs: Any, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 4)
    inputs[1].path.write_bytes(b"")
    upload(fs, inputs, "in/c")
    url = f"s3://{BUCKET}/c/jz"
    r = run_cli("build", f"s3://{BUCKET}/in/c/", "--newspaper", "荆州日报", "--out", url,
                "--scheduler", client.scheduler.address, "--keep-going")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    bad = f"s3://{BUCKET}/in/c/{inputs[1].path.name}"
    failed = [x for x in r.stderr.splitlines() if x.startswith("corpus-tools: error: ")]
    assert len(failed) == 1 and failed[0].startswith(f"corpus-tools: error: {bad}: E001")
    assert f"3 issues published, 1 failed (listed in {url}/.corpus-tools/failures.jsonl)" in r.stdout
    (record,) = [orjson.loads(x) for x in fs.cat_file(f"{BUCKET}/c/jz/.corpus-tools/failures.jsonl").splitlines()]
    assert record["file"] == bad and record["issue_id"] == pipeline.issue_id(inputs[1].meta)
    good = [i for k, i in enumerate(inputs) if k != 1]
    want = {k: v for k, v in files(pipeline.build(good, tmp_path / "local" / "jz")).items()
            if not k.startswith(".corpus-tools/")}
    assert published(objects(fs, "c/jz")) == want


def test_a_prefix_holding_other_objects_is_refused_and_left_alone(tmp_path: Path, fs: Any, client: Client) -> None:
    fs.pipe_file(f"{BUCKET}/d/jz/notes.txt", b"someone else's notes\n")
    remote = upload(fs, make_inputs(tmp_path / "in", 2), "in/d")
    with pytest.raises(NotADatasetError, match=r"notes\.txt"):
        cluster.build(remote, f"s3://{BUCKET}/d/jz", client.scheduler.address)
    assert objects(fs, "d/jz") == {"notes.txt": b"someone else's notes\n"}


def test_a_shard_key_holding_foreign_bytes_is_never_overwritten(tmp_path: Path, fs: Any, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 8)
    remote = upload(fs, inputs, "in/e")
    url = f"s3://{BUCKET}/e/jz"
    cluster.build(remote[:7], url, client.scheduler.address)  # 2025 only
    before = objects(fs, "e/jz")
    local = pipeline.build(inputs, tmp_path / "local" / "jz")
    (target,) = [k for k in files(local) if k.startswith("data/issues/jzrb/2026/")]
    fs.pipe_file(f"{BUCKET}/e/jz/{target}", b"not ours")  # the very key the next build would write
    with pytest.raises(NotADatasetError, match="refusing to overwrite"):
        cluster.build(remote[7:], url, client.scheduler.address)
    after = objects(fs, "e/jz")
    assert after.pop(target) == b"not ours" and after == before  # nothing else written, staging cleared


def test_a_held_lock_stops_the_build_and_names_its_holder(tmp_path: Path, fs: Any, client: Client) -> None:
    lock = f"{BUCKET}/f/jz/.corpus-tools/lock"
    body = orjson.dumps({"host": "elsewhere", "pid": 4242, "user": "ed", "since": "2026-01-01T00:00:00Z",
                         "token": "x"})
    fs.pipe_file(lock, body)
    remote = upload(fs, make_inputs(tmp_path / "in", 2), "in/f")
    with pytest.raises(LockedError, match="ed@elsewhere pid 4242"):
        cluster.build(remote, f"s3://{BUCKET}/f/jz", client.scheduler.address, lock_timeout=0.5)
    assert objects(fs, "f/jz") == {".corpus-tools/lock": body}  # the holder's lock is kept, nothing written
    fs.rm(lock)
    cluster.build(remote, f"s3://{BUCKET}/f/jz", client.scheduler.address, lock_timeout=0.5)
    assert "manifest.json" in objects(fs, "f/jz") and not fs.exists(lock)


def test_a_manifest_changed_during_the_build_is_not_overwritten(tmp_path: Path, fs: Any, client: Client) -> None:
    """The commit point is a PUT with If-Match on the manifest the build planned from: a writer that got past
    the lock (a store that ignores If-None-Match) loses nothing."""
    inputs = make_inputs(tmp_path / "in", 4)
    remote = upload(fs, inputs, "in/g")
    url = f"s3://{BUCKET}/g/jz"
    cluster.build(remote[:2], url, client.scheduler.address)
    key = f"{BUCKET}/g/jz/manifest.json"
    edited = fs.cat_file(key).replace(b'"format_version"', b' "format_version"', 1)

    def meddle(_: Any) -> None:
        if fs.cat_file(key) != edited:
            fs.pipe_file(key, edited)

    with pytest.raises(OutputError, match=r"manifest\.json changed"):
        cluster.build(remote[2:], url, client.scheduler.address, on_issue=meddle)
    found = objects(fs, "g/jz")
    assert found["manifest.json"] == edited
    assert not [k for k in found if k.startswith(".corpus-tools/")]  # rolled back: journal and staging gone
    listed = manifest.parse(orjson.loads(edited), "manifest.json", found.__getitem__).owned()
    assert set(found) - {"manifest.json"} == listed  # the copies it had placed were removed again


def test_recovery_removes_only_placed_objects_whose_bytes_match_their_names(tmp_path: Path, fs: Any) -> None:
    """A build killed after its journal: the next one deletes the shards it placed, never a foreign object."""
    local = pipeline.build(make_inputs(tmp_path / "in", 1, dt.date(2026, 3, 1)), tmp_path / "local" / "jz")
    shard = next(k for k in files(local) if k.startswith("data/articles/"))
    foreign = shard.replace("data/articles/", "data/images/")  # a shard-like key with bytes not matching its name
    root = f"{BUCKET}/h/jz"
    fs.pipe_file(f"{root}/{shard}", (local / shard).read_bytes())
    fs.pipe_file(f"{root}/{foreign}", b"a file someone put here")
    fs.pipe_file(f"{root}/.corpus-tools/staging/b1/task-1/x.parquet", b"half")
    fs.pipe_file(f"{root}/.corpus-tools/journal.json", orjson.dumps({"new": "0" * 64, "place": [shard, foreign]}))
    said: list[str] = []
    arc = objstore.ObjectArchive(f"s3://{root}", 1, said.append)
    with pytest.raises(NotADatasetError, match="data/images/"), arc:  # what is left is not ours: refused
        pass
    assert arc.outcome == "rolled back (1 unpublished objects removed)"
    assert said == [f"corpus-tools: s3://{root}: an interrupted build was rolled back (1 unpublished objects "
                    "removed)"]
    assert objects(fs, "h/jz") == {foreign: b"a file someone put here"}  # no journal, staging or lock left


def test_cli_names_a_missing_bucket_in_one_line(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 1)
    r = run_cli("build", str(inputs[0].path), "--newspaper", "荆州日报", "--out", "s3://no-such-bucket/jz",
                "--scheduler", client.scheduler.address)
    errors = [x for x in r.stderr.splitlines() if x.startswith("corpus-tools: error: ")]
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert errors == ["corpus-tools: error: s3://no-such-bucket/jz: E004 --out: cannot write the dataset "
                      "(The specified bucket does not exist)"]


def test_a_build_killed_before_each_store_write_leaves_the_old_or_the_new_folder(tmp_path: Path, fs: Any,
                                                                                 client: Client) -> None:
    """The kill test on S3: the client exits (fault hook) before one write of each kind in turn — lock, the
    staging marker, the shards it merges itself (written, fsynced, uploaded), journal, copies to data/ and
    jsonl/, manifest, card, schemas, deletions — and before the last copy and just after the commit point.
    (The local kill test stops at every step; here each build is a process of its own, 5 s each.)  Once the
    dead build's lock is removed by hand (README), the next build's recovery leaves exactly the old or the
    new objects, also while the dead build's tasks are still running on the workers."""
    inputs = make_inputs(tmp_path / "in", 8)
    remote = upload(fs, inputs, "in/k")
    addr = client.scheduler.address
    cluster.build(remote[:2], f"s3://{BUCKET}/k/old/jz", addr)
    old = objects(fs, "k/old/jz")

    def fresh(name: str) -> str:
        for k, data in old.items():
            fs.pipe_file(f"{BUCKET}/k/{name}/jz/{k}", data)
        return f"s3://{BUCKET}/k/{name}/jz"

    def build(url: str, **env: str) -> Any:  # a rebuild and a new issue of 2025 (merged by the client), 2026 new
        cmd = ["build", *(str(remote[k].path) for k in (1, 2, 7)), "--newspaper", "荆州日报", "--out", url,
               "--scheduler", addr]
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            return run_cli(*cmd)
        finally:
            for k, v in saved.items():
                os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)

    trace = tmp_path / "trace"
    r = build(fresh("new"), CORPUS_TOOLS_FAULT_TRACE=str(trace))
    assert r.returncode == 0, r.stderr
    new = objects(fs, "k/new/jz")
    steps = trace.read_text().splitlines()
    assert any(" copy data/" in s for s in steps) and any(" upload " in s for s in steps) and new != old
    outcomes = set()
    for n in kill_points(steps):
        url = fresh(f"kill{n}")
        r = build(url, CORPUS_TOOLS_FAULT_AT=str(n))
        assert r.returncode == 86, (n, steps[n - 1], r.stderr[-500:])
        lock = f"{url[5:]}/.corpus-tools/lock"
        if fs.exists(lock):
            fs.rm(lock)  # what the lock error tells the user to do once the build is known dead
        with objstore.ObjectArchive(url, 1, lambda _: None) as arc:  # at once: the dead build's tasks still run
            outcomes.add(arc.outcome)
        deadline = time.monotonic() + 60
        while any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.1)  # a late task of the dead build must not upload into the cleared staging
        found = objects(fs, f"k/kill{n}/jz")
        assert found in (old, new), (n, steps[n - 1], sorted(set(found) ^ set(old)), sorted(set(found) ^ set(new)))
    assert "rolled forward" in outcomes and any(o and o.startswith("rolled back") for o in outcomes)


def kill_points(steps: list[str]) -> list[int]:
    """The first step of each kind (operation and top-level key), the last copy, and the step after the
    manifest's PUT (the commit point)."""
    firsts: dict[tuple[str, str], int] = {}
    for n, line in enumerate(steps, start=1):
        _, op, *rest = line.split(" ")
        rel = rest[0] if rest else ""
        top = rel.rsplit("/", 1)[-1] if rel.startswith(".corpus-tools/") else rel.split("/")[0]
        firsts.setdefault((op, top if op in ("put", "copy", "delete", "remove") else ""), n)
    copies = [n for n, line in enumerate(steps, start=1) if " copy " in line]
    (commit_point,) = [n for n, line in enumerate(steps, start=1) if line.endswith(" put manifest.json")]
    return sorted({*firsts.values(), copies[-1], commit_point + 1})
