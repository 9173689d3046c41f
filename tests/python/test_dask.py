# SPDX-License-Identifier: MIT
"""Distributed sweeps on a LocalCluster (two worker processes on 127.0.0.1): bit-identical to
the local sweep for any chunking, retried tasks and dead workers counted once."""
import functools
import json
import os
import shutil
import subprocess
import sys

import pytest

import outturn
import outturn.dask
from conftest import IIJ, ROOT, python_env, without_timing

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # tornado, inside distributed

SEG = outturn.SEGMENT_SIZE
N = 5 * SEG + 12345  # six segments, the last one short
SEED = 7


@pytest.fixture(scope="module")
def client():
    # Workers are spawned processes: they find outturn (and dask_tasks) through PYTHONPATH.
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = python_env()["PYTHONPATH"]
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


@pytest.fixture(scope="module")
def local():
    return without_timing(json.loads(outturn.load(os.path.join(ROOT, IIJ)).sweep(N, seed=SEED).report("json")))


def stats(result):
    return without_timing(json.loads(result.report("json")))


@pytest.mark.parametrize("chunk", [SEG, 3 * SEG])
def test_dask_sweep_equals_local_sweep_bit_for_bit(client, local, chunk):
    model = outturn.load(IIJ)
    result = outturn.dask.sweep(model, N, seed=SEED, client=client, chunk=chunk)
    assert [(f, c) for f, c, _ in result.chunks] == outturn.dask.plan_chunks(N, chunk)
    assert len(result.chunks) == (6 if chunk == SEG else 2)
    assert stats(result) == local
    assert result.samples == N and result.threads == 2


def test_a_failed_task_is_retried_without_double_counting(client, local, tmp_path):
    task = functools.partial(__import__("dask_tasks").raise_once, marker_dir=str(tmp_path), fail_first=2 * SEG)
    result = outturn.dask.sweep(outturn.load(IIJ), N, seed=SEED, client=client, chunk=SEG, retries=2, task=task)
    assert os.path.exists(tmp_path / ("chunk-%d" % (2 * SEG)))  # it did fail once
    assert stats(result) == local


def test_a_dead_worker_is_replaced_without_double_counting(client, local, tmp_path):
    task = functools.partial(__import__("dask_tasks").die_once, marker_dir=str(tmp_path), fail_first=3 * SEG)
    result = outturn.dask.sweep(outturn.load(IIJ), N, seed=SEED, client=client, chunk=SEG, task=task)
    assert os.path.exists(tmp_path / ("chunk-%d" % (3 * SEG)))  # a worker died in it
    assert stats(result) == local
    client.wait_for_workers(2, timeout=60)


def test_workers_without_the_files_get_them_shipped(client, tmp_path):
    folder = tmp_path / "iij"
    shutil.copytree(os.path.join(ROOT, "scenarios/iij_fy2010"), folder)
    model = outturn.load(str(folder / "bear.yaml"), set={"om_growth": "-2%"})
    n = SEG + 99
    want = model.sweep(n, seed=3)
    spec = outturn.dask.model_spec(model)
    shutil.rmtree(folder)  # not on any worker's disk any more: they rebuild it from the spec
    options = dict(samples=n, seed=3, threads=1)
    parts = client.gather([client.submit(outturn.dask.sweep_chunk, spec, options, first, count, pure=False)
                           for first, count in outturn.dask.plan_chunks(n, SEG)])
    got = outturn._outturn.combine_sweep(model.native, outturn.SweepOptions(**options), [p for p, _ in parts])
    assert without_timing(json.loads(outturn._outturn.render_sweep(got, "json"))) == stats(want)


def test_files_of_the_extends_chain_in_other_folders_are_shipped(client, tmp_path):
    # A scenario in one folder that extends a model in another: both files travel.
    (tmp_path / "m").mkdir()
    (tmp_path / "s" / "deep").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "scenarios/iij_fy2010/model.yaml"), tmp_path / "m" / "model.yaml")
    (tmp_path / "s" / "deep" / "slow.yaml").write_text(
        "scenario: slow\nextends: ../../m/model.yaml\nset:\n  om_growth: -4%\n")
    model = outturn.load(str(tmp_path / "s" / "deep" / "slow.yaml"))
    spec = outturn.dask.model_spec(model)
    assert [rel for rel, _ in spec.files] == ["s/deep/slow.yaml", "m/model.yaml"]
    n = SEG + 7
    want = model.sweep(n, seed=5)
    shutil.rmtree(tmp_path / "m")  # on no worker's disk any more
    shutil.rmtree(tmp_path / "s")
    options = dict(samples=n, seed=5, threads=1)
    parts = client.gather([client.submit(outturn.dask.sweep_chunk, spec, options, first, count, pure=False)
                           for first, count in outturn.dask.plan_chunks(n, SEG)])
    got = outturn._outturn.combine_sweep(model.native, outturn.SweepOptions(**options), [p for p, _ in parts])
    assert without_timing(json.loads(outturn._outturn.render_sweep(got, "json"))) == stats(want)


def test_scenario_and_set_apply_as_in_a_local_sweep(client):
    model = outturn.load(os.path.join(ROOT, "scenarios/example/model.yaml"))
    want = model.sweep(SEG, seed=2, scenario="slow_subs", set={"widgets_price": 12})
    got = outturn.dask.sweep(model, SEG, seed=2, client=client, scenario="slow_subs", set={"widgets_price": 12})
    assert stats(got) == stats(want)


@pytest.mark.parametrize("address,workers", [("local", os.cpu_count() or 1), ("local:3", 3),
                                             ("localhost:8786", None), ("tcp://local:8786", None),
                                             ("localcluster", None)])
def test_dask_addresses_that_mean_a_local_cluster(address, workers):
    from outturn.__main__ import _local_workers
    assert _local_workers(address) == workers


def test_a_local_cluster_of_zero_workers_is_a_usage_error():
    p = subprocess.run([sys.executable, "-m", "outturn", "sweep", IIJ, "-n", "10", "--dask", "local:0"],
                       cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert "local:N takes 1 <= N <= 1024" in p.stderr


def test_options_that_need_a_local_sweep_are_refused(client):
    with pytest.raises(outturn.UsageError, match="until_ci"):
        outturn.dask.sweep(outturn.load(IIJ), N, client=client, until_ci=0.01)


def test_entry_point_on_a_running_cluster(client, local):
    address = client.scheduler.address
    p = subprocess.run([sys.executable, "-m", "outturn", "sweep", IIJ, "-n", str(N), "--seed", str(SEED),
                        "--dask", address, "--chunk", str(2 * SEG), "--format", "json"],
                       cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert without_timing(json.loads(p.stdout)) == local
