# SPDX-License-Identifier: MIT
"""Sweeps from Python: the CLI's statistics bit for bit, raw samples without copies, pieces
that pickle and combine exactly, Ctrl-C."""
import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import outturn
from outturn import _outturn
from conftest import EXAMPLE, IIJ, ROOT, cli, cli_json, python_env, without_timing


@pytest.mark.parametrize("args,kwargs", [
    (["-n", "300000", "--seed", "5"], dict(samples=300000, seed=5)),
    (["-n", "200000", "--seed", "9", "-m", "lhs", "--regression"], dict(samples=200000, seed=9, method="lhs",
                                                                         regression=True)),
    (["-n", "100000", "-m", "sobol", "--threads", "1"], dict(samples=100000, method="sobol", threads=1)),
    (["-n", "65536", "--sobol-indices", "4000"], dict(samples=65536, sobol_index_samples=4000)),
])
def test_sweep_equals_cli_json(args, kwargs):
    want = without_timing(cli_json("sweep", IIJ, *args))
    result = outturn.load(IIJ).sweep(**kwargs)
    assert without_timing(json.loads(result.report("json"))) == want
    # The DataFrames hold the same numbers.
    for t in want["targets"]:
        row = result.targets.loc[t["target"]]
        assert (row["mean"], row["sd"], row["p_meet"], row["meets"]) == (t["mean"], t["sd"], t["p_meet"], t["meets"])
        assert result.quantiles.loc[t["target"]].tolist() == t["quantiles"]
        edges, counts = result.histogram(t["target"])
        assert counts.tolist() == t["histogram"]["bins"] and len(edges) == len(counts) + 1
    assert result.samples == want["samples"] and result.p_all == want["p_all"]
    if "sobol_total" in want["targets"][0]:
        assert result.sobol_total.iloc[0].tolist() == want["targets"][0]["sobol_total"]


def test_sweep_on_a_scenario_with_sets_equals_cli():
    want = without_timing(cli_json("sweep", EXAMPLE, "--scenario", "slow_subs", "--set", "widgets_price@4Q10=12",
                                   "-n", "50000"))
    got = outturn.load(EXAMPLE).sweep(50000, scenario="slow_subs", set={"widgets_price@4Q10": 12})
    assert without_timing(json.loads(got.report("json"))) == want


def test_results_do_not_depend_on_threads_or_chunks():
    m = outturn.load(IIJ)
    a = m.sweep(150000, seed=3, threads=1)
    b = m.sweep(150000, seed=3, threads=2, chunk=4096)
    assert without_timing(json.loads(a.report("json"))) == without_timing(json.loads(b.report("json")))


def test_samples_are_numpy_views_and_equal_the_cli_dump(tmp_path):
    dump = tmp_path / "dump.csv"
    cli("sweep", IIJ, "-n", "5000", "--seed", "4", "--dump", str(dump))
    want = pd.read_csv(dump, index_col="scenario", float_precision="round_trip")
    result = outturn.load(IIJ).sweep(5000, seed=4, keep_samples=True)
    s = result.samples_kept
    assert len(s) == 5000 and s.drivers.shape == (5000, len(s.driver_names))
    for arr in (s.drivers, s.targets):
        assert not arr.flags.owndata and arr.base is not None
        assert type(arr.base.base).__name__ == "PyCapsule"  # the engine's buffer, not a copy
    assert s.drivers_by_row.flags.c_contiguous
    assert list(want.columns) == s.driver_names + s.target_names
    assert np.array_equal(want[s.driver_names].to_numpy(), s.drivers)
    assert np.array_equal(want[s.target_names].to_numpy(), s.targets)
    # Any window of the index range is the same scenarios.
    part = outturn.load(IIJ).sweep_samples(1000, first=1234, samples=5000, seed=4)
    assert np.array_equal(part.targets, s.targets[1234:2234]) and part.first == 1234
    assert part.frame().index[0] == 1234
    # The arrays outlive the result object that produced them.
    drivers = s.drivers
    del result, s
    assert np.isfinite(drivers).all()


def test_path_lines_give_each_periods_quantiles():
    m = outturn.load(IIJ)
    r = m.sweep(20000, seed=3, threads=2, path_lines=["revenue"])
    [p] = r.native.paths
    frame, _ = m.run()
    assert p.line == "revenue" and list(p.periods) == list(m.periods)
    for period, q in zip(p.periods, p.quantiles):
        assert list(q) == sorted(q)
        if period in frame.attrs["actual"]:
            assert set(q) == {frame.loc["revenue", period]}  # a reported quarter does not vary
    # The targets' statistics are those of a sweep without path lines.
    pd.testing.assert_frame_equal(r.targets, m.sweep(20000, seed=3, threads=1).targets)
    with pytest.raises(outturn.UsageError, match="did you mean 'revenue'"):
        m.sweep(1000, path_lines=["revenu"])


def test_partials_pickle_and_combine_exactly():
    m = outturn.load(IIJ)
    seg = outturn.SEGMENT_SIZE
    n = 2 * seg + 777
    o = outturn.SweepOptions(samples=n, seed=11, threads=2)
    pieces = [_outturn.sweep_range(m.native, o, 0, seg), _outturn.sweep_range(m.native, o, seg, seg + 777)]
    shipped = [pickle.loads(pickle.dumps(p)) for p in pieces]
    assert shipped[1].first == seg and shipped[1].count == seg + 777
    assert np.array_equal(shipped[0].counts, pieces[0].counts)
    combined = _outturn.combine_sweep(m.native, o, shipped[::-1])  # any order
    local = m.sweep(n, seed=11)
    assert without_timing(json.loads(_outturn.render_sweep(combined, "json"))) == \
        without_timing(json.loads(local.report("json")))
    with pytest.raises(outturn.UsageError, match="tile"):
        _outturn.combine_sweep(m.native, o, shipped[1:])
    with pytest.raises(outturn.UsageError, match="multiple"):
        _outturn.sweep_range(m.native, o, 1000, seg)


def test_progress_callback_and_its_errors():
    m = outturn.load(IIJ)
    seen = []
    m.sweep(300000, chunk=65536, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (300000, 300000) and all(t == 300000 for _, t in seen)

    def boom(done, total):
        raise RuntimeError("stop here")
    with pytest.raises(RuntimeError, match="stop here"):
        m.sweep(300000, chunk=65536, progress=boom)


def test_ctrl_c_interrupts_a_sweep_and_keeps_the_partial_statistics():
    script = textwrap.dedent("""
        import sys, outturn
        m = outturn.load(%r)
        print("started", flush=True)
        try:
            m.sweep(10**10, seed=2)
        except KeyboardInterrupt as e:
            print("interrupted", e.partial.partial, e.partial.samples, flush=True)
            sys.exit(0)
        print("finished", flush=True)
    """ % IIJ)
    p = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=python_env(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "started"
        time.sleep(1.0)
        t0 = time.time()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        stopped_in = time.time() - t0
    finally:
        p.kill()
    words = out.split()
    assert words[:2] == ["interrupted", "True"], (out, err)
    assert 0 < int(words[2]) < 10**10
    assert stopped_in < 5


def test_python_entry_point_prints_the_cli_sweep():
    want = without_timing(cli_json("sweep", IIJ, "-n", "100000", "--seed", "3", "--set", "om_growth=-2%"))
    p = subprocess.run([sys.executable, "-m", "outturn", "sweep", IIJ, "-n", "100000", "--seed", "3",
                        "--set", "om_growth=-2%", "--format", "json"],
                       cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert without_timing(json.loads(p.stdout)) == want
    p = subprocess.run([sys.executable, "-m", "outturn", "sweep", "tests/data/invalid/%s" % sorted(
        f for f in os.listdir(os.path.join(ROOT, "tests/data/invalid")) if f.endswith(".yaml"))[0]],
        cwd=ROOT, env=python_env(), capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and ": error: " in p.stderr


def test_long_calls_release_the_gil():
    """Python threads keep running while the engine sweeps (Dask workers rely on it for their
    heartbeats)."""
    import threading
    m = outturn.load(IIJ)
    done = threading.Event()
    worker = threading.Thread(target=lambda: (m.sweep(3_000_000, threads=1), done.set()))
    ticks = 0
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    assert ticks > 50  # a sweep holding the GIL would leave this loop a handful of turns


def test_grid_report_equals_cli_and_claims_no_probability():
    args = ["-m", "grid", "--drivers", "om_growth,iijgs_churn", "--grid-points", "7"]
    want = without_timing(cli_json("sweep", IIJ, *args))
    result = outturn.load(IIJ).sweep(method="grid", drivers=["om_growth", "iijgs_churn"], grid_points=7)
    assert without_timing(json.loads(result.report("json"))) == want
    assert "p_meet" not in json.dumps(want) and want["points"] == 49
    assert [d["driver"] for d in want["design"]] == ["om_growth", "iijgs_churn"]
    # The Python objects claim no probability either, and carry the design table.
    assert result.is_design and result.p_all is None and result.p_all_interval is None
    assert "p_meet" not in result.targets.columns and result.quantiles is None
    assert "p_meet" not in result.to_frame().columns and "P(every" not in result._repr_html_()
    design = result.design
    assert list(design.index.get_level_values("driver").unique()) == ["om_growth", "iijgs_churn"]
    assert len(design) == 14 and list(design.columns[:1]) == ["value"]
    for d in want["design"]:
        rows = design.loc[d["driver"]]
        assert list(rows["value"]) == d["levels"]
        for name, t in d["targets"].items():
            assert list(rows[name]) == t["at_level"]


def test_sweep_names_its_scenario_overrides_unit_and_base_case():
    m = outturn.load(IIJ)
    own = m.run()
    r = m.sweep(20_000, set={"iijgs_churn@3Q10": "0.1"})
    label = "base-case with iijgs_churn@3Q10=0.1"  # the scenario file's name, then the override
    assert r.scenario == label and r.overrides == ["iijgs_churn@3Q10=0.1"]
    assert r.unit == "JPY thousands" and r.model.startswith("IIJ FY2010")
    # The base case is the target's value in the swept scenario (with the override), not the model's.
    own, shifted = m.run().verdict, m.run(set={"iijgs_churn@3Q10": "0.1"}).verdict
    assert list(r.targets["base"]) == list(shifted["forecast"])
    assert r.targets["base"]["revenue_fy"] != own["forecast"]["revenue_fy"]
    text = r.report()
    assert text.splitlines()[0] == r.model + " -- scenario " + label + " (JPY thousands)"
    assert "E[shortfall | miss]" in text and "base" in text.splitlines()[4]
