"""Builds on a real dask.distributed cluster (two worker processes): same bytes as a local build,
a killed worker is survived, a bad issue fails alone and cleanly."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from distributed import Client, LocalCluster

from corpus_tools import cluster, cluster_validate, manifest, pipeline
from corpus_tools.errors import InputError
from corpus_tools.pipeline import IssueInput, Summary
from corpus_tools.validate import validate_paths
from tests.conftest import ROOT, published, run_cli

SAMPLE = ROOT / "corpus_tools" / "data" / "jzrb-2026-02-05.txt"
FIRST = dt.date(2025, 12, 25)  # the batch spans two years: two (paper, year) partitions


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc, \
            Client(lc) as c:
        yield c


def make_inputs(folder: Path, n: int, first: dt.date = FIRST) -> list[IssueInput]:
    """n variants of the bundled issue under n consecutive dates, named <paper-id>-YYYY-MM-DD.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        p = folder / f"jzrb-{first + dt.timedelta(days=k)}.txt"
        shutil.copyfile(SAMPLE, p)
        out.append(IssueInput(p, pipeline.meta_for(p, "荆州日报", None, None, None)))
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    """Hidden staging folders a build left behind (there must be none)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_batches_follow_paper_year_partitions_in_issue_id_order(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in", 12)
    batches = cluster.plan_batches(list(reversed(inputs)), batch=4)
    ids = [[pipeline.issue_id(i.meta) for i in b] for b in batches]
    assert [len(b) for b in ids] == [4, 3, 4, 1]  # 2025-12-25..31 (7), 2026-01-01..05 (5)
    assert {x[:9] for x in ids[1]} == {"jzrb-2025"} and {x[:9] for x in ids[2]} == {"jzrb-2026"}
    assert [x for b in ids for x in b] == sorted(pipeline.issue_id(i.meta) for i in inputs)


def test_cluster_build_is_byte_identical_to_local(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 10)
    local = pipeline.build(inputs, tmp_path / "local" / "jz", shard_bytes=200_000)
    seen: list[str] = []
    out, failures = cluster.build(list(reversed(inputs)), tmp_path / "dask" / "jz", client.scheduler.address,
                                  shard_bytes=200_000, on_issue=lambda s: seen.append(s.issue["issue_id"]))
    assert failures == []
    assert seen == sorted(seen) and len(seen) == 10  # reported in issue-id order, each once
    theirs, ours = files(local), files(out)
    assert len([f for f in ours if f.endswith(".parquet")]) > 6  # several shards per config: roll-overs happened
    assert {f.split("/")[3] for f in ours if f.startswith("data/")} == {"2025", "2026"}
    assert ours.keys() == theirs.keys()
    assert ours == theirs
    assert validate_paths([out]).ok
    assert leftovers(tmp_path / "dask") == []
    assert sorted(p.name for p in (out / ".corpus-tools").iterdir()) == [".gitignore", "lock"]  # no staging left


def test_batches_end_their_shards_and_compact_gives_the_local_bytes(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 10)
    local = published(pipeline.build(inputs, tmp_path / "local" / "jz"))
    out, _ = cluster.build(inputs, tmp_path / "dask" / "jz", client.scheduler.address, batch=3)
    assert validate_paths([out]).ok
    ours = published(out)
    assert ours != local
    assert len([f for f in ours if f.startswith("data/issues/")]) == 4  # 2025: 3+3+1, 2026: 3 issues
    r = run_cli("compact", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert published(out) == local


def test_a_worker_killed_mid_build_is_survived(tmp_path: Path, client: Client) -> None:
    client.wait_for_workers(2)
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    inputs = make_inputs(tmp_path / "in", 12)
    killed: list[int] = []

    def kill_once(s: Summary) -> None:
        if not killed:  # the first issue is in: the others are queued or running on both workers
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    out, failures = cluster.build(inputs, tmp_path / "dask" / "jz", client.scheduler.address, batch=2,
                                  on_issue=kill_once)
    assert killed == [victim] and failures == []
    client.wait_for_workers(2)
    assert victim not in client.run(os.getpid).values()  # the worker really died (its nanny started another)
    assert validate_paths([out]).ok
    assert not (out / ".corpus-tools" / "staging").exists()  # the dead attempt's files went with the staging
    assert run_cli("compact", "--out", str(out)).returncode == 0
    assert published(out) == published(pipeline.build(inputs, tmp_path / "local" / "jz"))


def test_a_bad_issue_stops_the_build_and_nothing_is_published(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 8)
    inputs[5].path.write_bytes(b"")  # an empty dump: an input error of that issue alone
    with pytest.raises(InputError, match="empty"):
        cluster.build(inputs, tmp_path / "dask" / "jz", client.scheduler.address, batch=3)
    assert not (tmp_path / "dask" / "jz").exists()
    assert leftovers(tmp_path / "dask") == []


def test_keep_going_publishes_the_rest_and_names_each_failed_issue(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 8)
    inputs[2].path.write_bytes(b"")
    inputs[6].path.write_bytes(b"\x00\x01\x02\x03binary")
    reported: list[cluster.Failure] = []
    out, failures = cluster.build(inputs, tmp_path / "dask" / "jz", client.scheduler.address,
                                  keep_going=True, on_failure=reported.append)
    bad = [pipeline.issue_id(inputs[k].meta) for k in (2, 6)]
    assert [f.issue_id for f in failures] == [f.issue_id for f in reported] == bad
    assert all(f.path.endswith(".txt") and "E001" in f.error for f in failures)
    good = [i for k, i in enumerate(inputs) if k not in (2, 6)]
    ours = files(out)
    listed = [orjson.loads(x) for x in ours.pop(".corpus-tools/failures.jsonl").splitlines()]
    assert [(f["issue_id"], f["file"], f["code"]) for f in listed] == [
        (pipeline.issue_id(inputs[k].meta), str(inputs[k].path), "E001") for k in (2, 6)]
    assert ours == files(pipeline.build(good, tmp_path / "local" / "jz"))


def test_cli_builds_on_a_scheduler_address(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 3)
    r = run_cli("build", *(str(i.path) for i in inputs), "--newspaper", "荆州日报", "--out",
                f"file://{tmp_path / 'dask' / 'jz'}", "--scheduler", client.scheduler.address)
    assert r.returncode == 0, r.stderr
    assert [line.split(":")[0] for line in r.stdout.splitlines()[:3]] == [pipeline.issue_id(i.meta) for i in inputs]
    assert files(tmp_path / "dask" / "jz") == files(pipeline.build(inputs, tmp_path / "local" / "jz"))


def test_a_rebuild_and_new_issues_into_an_existing_folder_match_the_local_sequence(tmp_path: Path,
                                                                                    client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 8)  # 2025-12-25 .. 2026-01-01
    first, then = inputs[:4], [inputs[2], inputs[4], inputs[7]]  # a rebuild, a new issue of 2025, a new year
    local = tmp_path / "local" / "jz"
    pipeline.build(first, local, shard_bytes=150_000)
    pipeline.build(then, local, shard_bytes=150_000)
    ours = tmp_path / "dask" / "jz"
    cluster.build(first, ours, client.scheduler.address, shard_bytes=150_000)
    _, failures = cluster.build(then, ours, client.scheduler.address, shard_bytes=150_000)
    assert failures == []
    assert manifest.read(ours).issue_count() == len(manifest.read(ours).issues) == 6
    assert files(ours) == files(local)
    assert validate_paths([ours]).ok


def test_keep_going_into_an_existing_folder(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 6)
    out = pipeline.build(inputs[:3], tmp_path / "ds" / "jz")
    bad = make_inputs(tmp_path / "bad", 6)
    bad[4].path.write_bytes(b"")  # new to the folder, in a year it already has: the client-merged path
    _, failures = cluster.build([bad[3], bad[4], bad[5]], out, client.scheduler.address, keep_going=True)
    assert [f.issue_id for f in failures] == [pipeline.issue_id(bad[4].meta)]
    held = sorted(manifest.read(out).issues)
    assert held == sorted(pipeline.issue_id(inputs[k].meta) for k in (0, 1, 2, 3, 5))
    assert validate_paths([out]).ok
    before = files(out)
    bad[1].path.write_bytes(b"")  # an issue the folder holds: leaving it out would drop its rows, so it stops
    with pytest.raises(InputError, match="empty"):
        cluster.build([bad[0], bad[1]], out, client.scheduler.address, keep_going=True)
    assert files(out) == before


def test_a_worker_dying_while_it_writes_shards_is_survived(tmp_path: Path, client: Client) -> None:
    """One worker exits in the middle of its first shard (the commit module's fault hook, set in that
    worker process only); the other redoes its task, its nanny starts a fresh worker without the hook."""
    inputs = make_inputs(tmp_path / "in", 9)  # two groups: a task for each
    client.wait_for_workers(2)
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]

    def arm() -> None:  # the second durable step from now: a shard's first fsync
        from corpus_tools import commit

        commit._steps = 0
        os.environ["CORPUS_TOOLS_FAULT_AT"] = "2"

    client.run(arm, workers=[victim])
    out, failures = cluster.build(inputs, tmp_path / "dask" / "jz", client.scheduler.address)
    assert failures == []
    assert validate_paths([out]).ok and not (out / ".corpus-tools" / "staging").exists()
    assert files(out) == files(pipeline.build(inputs, tmp_path / "local" / "jz"))
    client.wait_for_workers(2)
    assert pids[victim] not in client.run(os.getpid).values()  # it really died


def test_cli_keep_going_names_each_failed_issue_with_file_urls(tmp_path: Path, client: Client) -> None:
    inputs = make_inputs(tmp_path / "in", 4)
    inputs[1].path.write_bytes(b"")
    out = tmp_path / "dask" / "jz"
    r = run_cli("build", *(f"file://{i.path}" for i in inputs), "--newspaper", "荆州日报", "--out", f"file://{out}",
                "--scheduler", client.scheduler.address, "--keep-going")
    bad = pipeline.issue_id(inputs[1].meta)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    failed = [line for line in r.stderr.splitlines() if line.startswith("corpus-tools: error: ")]
    assert len(failed) == 1 and failed[0].startswith(f"corpus-tools: error: {inputs[1].path}: E001") \
        and "empty" in failed[0]
    assert [line.split(":")[0] for line in r.stdout.splitlines()[:3]] == [
        pipeline.issue_id(inputs[k].meta) for k in (0, 2, 3)]
    assert f"3 issues published, 1 failed (listed in {out}/.corpus-tools/failures.jsonl)" in r.stdout
    (record,) = [json.loads(x) for x in (out / ".corpus-tools" / "failures.jsonl").read_text().splitlines()]
    assert record["issue_id"] == bad and record["file"] == str(inputs[1].path) and record["code"] == "E001"
    local = tmp_path / "local"
    r2 = run_cli("build", *(str(i.path) for i in inputs), "--newspaper", "荆州日报", "--out", str(local),
                 "--keep-going")  # the same lines and the same failures file as the local build
    assert [x for x in r2.stderr.splitlines() if x.startswith("corpus-tools: error: ")] == failed
    assert (local / ".corpus-tools" / "failures.jsonl").read_bytes() == (
        out / ".corpus-tools" / "failures.jsonl").read_bytes()
    r = run_cli("validate", f"file://{out}", "--scheduler", client.scheduler.address)
    assert r.returncode == 0 and r.stdout.startswith("OK: "), r.stdout + r.stderr


def test_cli_refuses_other_object_stores_in_one_line(tmp_path: Path) -> None:
    r = run_cli("build", "--out", "gs://bucket/jz", "--scheduler", "local:1")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "gs://bucket/jz" in r.stderr and "s3://" in r.stderr
    r = run_cli("build", "--out", "s3://bucket/jz")  # s3 is for cluster builds
    assert r.returncode == 2 and "Traceback" not in r.stderr and "--scheduler" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("spec", ["local:0", "local:x", "nowhere"])
def test_cli_rejects_a_malformed_scheduler(tmp_path: Path, spec: str) -> None:
    r = run_cli("build", "--out", str(tmp_path / "jz"), "--scheduler", spec)
    assert r.returncode == 2
    assert "--scheduler" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "jz").exists()


def _problems(report: Any) -> list[tuple[Any, ...]]:
    return sorted((p.file, p.line or 0, p.pointer, p.kind) for p in report.problems)


def _corrupt_line(path: Path, line: int, old: bytes, new: bytes) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_bytes(b"".join(lines))


def test_cluster_validate_gives_the_local_report(tmp_path: Path, client: Client) -> None:
    out = pipeline.build(make_inputs(tmp_path / "in", 8), tmp_path / "ds", shard_bytes=60_000)  # two years
    good = cluster_validate.validate_on(client, [out])
    local = validate_paths([out])
    assert good.ok and local.ok
    assert good.checked_rows == local.checked_rows and sum(good.checked_rows.values()) > 600
    jsonl = out / "jsonl"
    arts = sorted((jsonl / "articles").rglob("*.jsonl"))
    nums = sorted((jsonl / "numbers").rglob("*.jsonl"))
    secs = sorted((jsonl / "sections").rglob("*.jsonl"))
    people = sorted((jsonl / "people").rglob("*.jsonl"))
    assert len(arts) > 1 and len(nums) > 1  # references and spans cross shard boundaries
    _corrupt_line(arts[-1], 2, b'"section_id":"jzrb-', b'"section_id":"nowhere-')  # a broken reference
    _corrupt_line(nums[0], 3, b'"start":', b'"start":1')  # a span that no longer re-slices
    assert len(secs) > 1
    first = orjson.loads(secs[0].read_bytes().splitlines()[0])["section_id"]
    last = orjson.loads(secs[-1].read_bytes().splitlines()[0])["section_id"]
    _corrupt_line(secs[-1], 1, f'"section_id":"{last}"'.encode(), f'"section_id":"{first}"'.encode())  # twice
    shutil.copyfile(secs[0], secs[0].with_name("zz-copy.000000000000.jsonl"))  # a file the manifest does not list
    people[-1].write_bytes(people[-1].read_bytes()[:-20])  # a truncated last line
    bad = cluster_validate.validate_on(client, [out])
    local = validate_paths([out])
    assert not bad.ok
    assert {p.kind for p in bad.problems} >= {"reference", "span", "duplicate_id", "json", "arrow"}
    assert _problems(bad) == _problems(local)
    assert bad.checked_rows == local.checked_rows and bad.unchecked_refs == local.unchecked_refs


def test_cluster_validate_counts_references_into_configs_not_given(tmp_path: Path, client: Client) -> None:
    out = pipeline.build(make_inputs(tmp_path / "in", 2), tmp_path / "ds")
    loose = sorted((out / "jsonl" / "numbers").rglob("*.jsonl"))
    report = cluster_validate.validate_on(client, loose)
    local = validate_paths(loose)
    assert report.ok and local.ok
    assert report.unchecked_refs == local.unchecked_refs and report.unchecked_refs["spans"] > 0


def test_cli_validate_on_a_scheduler(tmp_path: Path, client: Client) -> None:
    out = pipeline.build(make_inputs(tmp_path / "in", 2), tmp_path / "ds")
    r = run_cli("validate", str(out), "--scheduler", client.scheduler.address)
    assert r.returncode == 0 and r.stdout.startswith("OK: "), r.stdout + r.stderr
    art = sorted((out / "jsonl" / "articles").rglob("*.jsonl"))[0]
    _corrupt_line(art, 1, b'"issue_id":"jzrb-', b'"issue_id":"jzrx-')
    r = run_cli("validate", str(out), "--scheduler", client.scheduler.address)
    assert r.returncode == 1
    assert f"{art}:1: /issue_id: issue_id 'jzrx-" in r.stdout


def test_cluster_validate_checks_twins_like_the_local_validator(tmp_path: Path, client: Client) -> None:
    """A Parquet shard whose JSONL twin the manifest no longer lists is named by both validators alike."""
    from tests.conftest import edit_partition

    out = pipeline.build(make_inputs(tmp_path / "in", 2), tmp_path / "ds")
    shard: list[str] = []

    def drop_twin(doc: dict) -> None:
        (twin,) = [f for f in doc["files"] if f["kind"] == "jsonl" and f["config"] == "sections"]
        shard.extend(f["path"] for f in doc["files"] if f["kind"] == "parquet" and f["config"] == "sections")
        doc["files"].remove(twin)

    edit_partition(out, drop_twin)
    bad = cluster_validate.validate_on(client, [out])
    local = validate_paths([out])
    assert [p.file for p in bad.problems if "twin" in p.message] == [str(out / p) for p in shard]
    assert _problems(bad) == _problems(local)
