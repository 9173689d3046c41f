# SPDX-License-Identifier: MIT
"""The Python API against the CLI: the same numbers, bit for bit, and the same diagnostics."""
import glob
import importlib.util
import math
import os
import pickle
import re

import numpy as np
import pandas as pd
import pytest

import outturn
import outturn.dask
from outturn import _outturn
from conftest import EXAMPLE, IIJ, ROOT, cli, cli_json


def same(a, b):
    """Exact equality of two numbers, NaN and JSON null (non-finite) included."""
    if b is None:
        return a is None or not math.isfinite(a)
    return a == b or (isinstance(a, float) and math.isnan(a) and isinstance(b, float) and math.isnan(b))


# ---------------------------------------------------------------------------------------------
# Loading, listing


def test_load_lists_scenarios_drivers_lines_targets():
    m = outturn.load(EXAMPLE)
    assert m.scenarios == ["base", "slow_subs", "slow_subs_cheap"]
    assert m.scenario == "base"
    assert m.periods == ["1Q10", "2Q10", "3Q10", "4Q10"]
    assert m.actual_periods == ["1Q10", "2Q10"]
    assert m.columns[-1] == "FY10"
    drivers = m.drivers
    assert isinstance(drivers, pd.DataFrame) and len(drivers) == 9
    assert drivers.loc["widgets_price", "value"] == m.native.drivers[m.native.find_driver("widgets_price")].value
    assert list(m.targets.index) == ["revenue_fy", "operating_income_fy", "operating_income_1h"]
    assert len(m.lines) == 11
    iij = outturn.load(IIJ)
    assert iij.scenario == "base-case" and len(iij.drivers) > 40


def test_scenario_and_set_give_new_models():
    m = outturn.load(EXAMPLE)
    s = m.with_scenario("slow_subs")
    assert s.scenario == "slow_subs" and m.scenario == "base"
    t = s.with_set({"widgets_price@4Q10": 12, "widgets_units_growth": "9%"})
    d = t.native.drivers[t.native.find_driver("widgets_price")]
    assert d.value_at(3) == 12.0
    assert t.native.drivers[t.native.find_driver("widgets_units_growth")].value == 0.09


# ---------------------------------------------------------------------------------------------
# run: values equal `outturn run --format json` exactly


@pytest.mark.parametrize("path,scenario,sets", [
    (IIJ, None, {}),
    ("scenarios/iij_fy2010/bear.yaml", None, {}),
    (EXAMPLE, "slow_subs", {"widgets_price@4Q10": "12"}),
    (EXAMPLE, None, {"widgets_units_growth": "7.5%"}),
    ("scenarios/example/price_cut.yaml", None, {}),
    ("tests/data/ranges.yaml", None, {}),
    ("tests/data/ranges.yaml", None, {"price": "10.8"}),
    ("scenarios/regions_example/model.yaml", "churn_shock", {"churn[emea]": "3%", "arpu[ucan]@4Q23": "47"}),
])
def test_run_equals_cli_json(path, scenario, sets):
    args = ["run", path]
    if scenario:
        args += ["--scenario", scenario]
    for k, v in sets.items():
        args += ["--set", "%s=%s" % (k, v)]
    want = cli_json(*args)
    frame, verdict = outturn.load(path).run(scenario=scenario, set=sets)
    assert list(frame.columns) == [c["label"] for c in want["columns"]]
    assert list(frame.index) == [l["name"] for l in want["lines"]]
    for line in want["lines"]:
        got = frame.loc[line["name"]].tolist()
        assert all(same(g, w) for g, w in zip(got, line["values"])), line["name"]
    assert list(verdict.index) == [t["target"] for t in want["targets"]]
    for t in want["targets"]:
        row = verdict.loc[t["target"]]
        for col, key in (("forecast", "forecast"), ("target_value", "target_value"), ("gap", "gap"),
                         ("gap_pct", "gap_pct")):
            assert row[col] == t[key], (t["target"], col)
        assert bool(row["met"]) == t["met"] and bool(row["reported"]) == t["reported"]
        assert row["direction"] == t["direction"] and row["span"] == t["span"]
        if "position" in t:
            assert row["position"] == t["position"] and row["target_high"] == t["target_high"]
        else:
            assert row["position"] is None
        if "open" in t:
            assert row["open_periods"] == t["open"]["periods"]
            assert bool(row["open_ratio"]) == t["open"].get("ratio", False)
            if "required_high" in t["open"]:
                assert row["open_required_high"] == t["open"]["required_high"]
            assert row["open_required"] == t["open"]["required"]
            assert row["open_forecast"] == t["open"]["forecast"]
            assert row["reported_to_date"] == t["open"]["reported_to_date"]
        else:
            assert row["open_periods"] is None


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_report_is_the_cli_output_byte_for_byte(fmt):
    _, want, _ = cli("run", IIJ, "--set", "om_growth=-2%", "--format", fmt)
    assert outturn.load(IIJ).report(fmt, set={"om_growth": "-2%"}) == want
    _, want, _ = cli("check", EXAMPLE)
    assert outturn.load(EXAMPLE).check() == want


def test_frame_marks_reported_periods():
    frame, _ = outturn.load(IIJ).run()
    assert frame.attrs["actual"] == ["1Q10", "2Q10"] and frame.attrs["forecast"] == ["3Q10", "4Q10"]


# ---------------------------------------------------------------------------------------------
# Errors keep file:line:col


def _invalid_cases():
    return sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(ROOT, "tests/data/invalid/*.yaml")))


def test_every_invalid_file_raises_its_exact_diagnostic():
    cases = _invalid_cases()
    assert len(cases) >= 30
    headline = re.compile(r"^(.+?):(\d+):(\d+): error: ")
    for case in cases:
        with open("tests/data/invalid/%s.expected" % case) as f:
            expected = f.read().rstrip("\n")
        with pytest.raises(outturn.Error) as info:
            m = outturn.load("tests/data/invalid/%s.yaml" % case)
            for s in m.scenarios:
                m.with_scenario(s)
        assert str(info.value) == expected, case
        h = headline.match(expected)
        if h and isinstance(info.value, outturn.ModelError):
            e = info.value
            assert (e.file, e.line, e.column) == (h.group(1), int(h.group(2)), int(h.group(3))), case
            assert e.headline == expected.splitlines()[0]
            assert expected.splitlines()[0].endswith(e.rule)


def test_error_hierarchy():
    assert issubclass(outturn.ModelError, outturn.Error) and issubclass(outturn.Error, ValueError)
    assert issubclass(outturn.NumericalError, outturn.ModelError)
    m = outturn.load(EXAMPLE)
    with pytest.raises(outturn.UsageError, match="slow_subz"):
        m.with_scenario("slow_subz")
    with pytest.raises(outturn.UsageError, match="unknown period '5Q10'"):
        m.with_set({"widgets_price@5Q10": 1})
    with pytest.raises(outturn.UsageError, match="not a number"):
        m.with_set({"widgets_price": "twelve"})
    with pytest.raises(outturn.UsageError):
        m.with_set({"no_such_driver": 1})
    with pytest.raises(outturn.OptionsError, match="samples"):
        m.sweep(0)
    with pytest.raises(TypeError, match="no_such_option"):
        m.sweep(10, no_such_option=1)
    e = pickle.loads(pickle.dumps(outturn.UsageError("x")))  # Dask ships exceptions
    assert type(e) is outturn.UsageError and str(e) == "x"


def test_model_error_from_a_file_we_write(tmp_path):
    bad = tmp_path / "bad.yaml"
    with open(os.path.join(ROOT, EXAMPLE)) as f:
        text = f.read()
    bad.write_text(text.replace("widgets.units * widgets_price", "widgets.units * widget_price", 1))
    with pytest.raises(outturn.ModelError) as info:
        outturn.load(str(bad))
    e = info.value
    assert str(e).startswith("%s:%d:%d: error: " % (bad, e.line, e.column))
    assert "did you mean 'widgets_price'" in e.rule and e.line > 0 and e.column > 0
    code, _, err = cli("run", str(bad), check=False)
    assert code == 1 and err.rstrip("\n") == str(e)


# ---------------------------------------------------------------------------------------------
# Sensitivities, tornado, goal seek, bridge: the CLI's numbers


def test_jacobian_equals_cli():
    want = cli_json("sensitivity", IIJ)
    s = outturn.load(IIJ).sensitivities()
    assert list(s.jacobian.index) == [k["name"] for k in want["kpis"]]
    assert list(s.jacobian.columns) == [i["name"] for i in want["inputs"]]
    for i, row in enumerate(want["jacobian"]):
        assert all(same(g, w) for g, w in zip(s.jacobian.iloc[i].tolist(), row))
    for i, row in enumerate(want["elasticities"]):
        assert all(same(g, w) for g, w in zip(s.elasticities.iloc[i].tolist(), row))
    j = outturn.load(IIJ).jacobian(["operating_income_fy"], per_period=True)
    want = cli_json("sensitivity", IIJ, "--kpi", "operating_income_fy", "--per-period")
    assert j.iloc[0].tolist() == want["jacobian"][0]


def test_tornado_equals_cli():
    want = cli_json("tornado", IIJ, "--swing", "percent", "--percent", "5%")
    t = outturn.load(IIJ).tornado(swing="percent", percent=0.05)
    assert t.top == want["top"]
    for k in want["tornado"]:
        assert t.base[k["name"]] == k["value"]
        bars = t.kpi(k["name"])
        assert list(bars.index) == [b["input"] for b in k["bars"]]
        for b in k["bars"]:
            row = bars.loc[b["input"]]
            assert (row["low"], row["high"], row["kpi_low"], row["kpi_high"], row["swing"]) == \
                (b["low"], b["high"], b["kpi_low"], b["kpi_high"], b["swing"])


def test_goalseek_equals_cli():
    want = cli_json("goalseek", IIJ, "--kpi", "revenue_fy", "--driver", "construction_index_q4")
    r = outturn.load(IIJ).goalseek("revenue_fy", "construction_index_q4")
    assert r.status == want["status"] and r.solved
    assert (r.value, r.kpi_value, r.iterations, r.evaluations) == \
        (want["value"], want["kpi_value"], want["iterations"], want["evaluations"])
    applied = outturn.load(IIJ).with_overrides(r.overrides)
    _, verdict = applied.run()
    assert verdict.loc["revenue_fy", "met"]

    want = cli_json("goalseek", IIJ)  # break-even of the top drivers
    table = outturn.load(IIJ).goalseek()
    assert list(table.index) == [g["kpi"] for g in want["goals"]]
    for g in want["goals"]:
        for d in g["drivers"]:
            got = table.loc[g["kpi"], d["input"]]
            assert got == d["value"] if d["status"] == "solved" else math.isnan(got)

    want = cli_json("goalseek", IIJ, "--kpi", "operating_income_fy", "--driver", "om_growth",
                    "--driver", "iijgs_churn")
    r = outturn.load(IIJ).goalseek("operating_income_fy", ["om_growth", "iijgs_churn"])
    assert r.status == want["status"]
    assert [float(v) for v in r.values] == [i["value"] for i in want["inputs"]]
    assert [(t.name, t.before, t.after, t.met_after, t.broken) for t in r.targets] == \
        [(t["target"], t["before"], t["after"], t["met_after"], t["broken"]) for t in want["targets"]]


def test_goalseek_keep_met_keeps_met_targets_met(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text("calendar: {start: 2010-04, fiscal_year_label: start, periods: 4}\n"
                    "drivers:\n  a: {value: 4, bounds: [0, 20]}\n  b: {value: 4, bounds: [0, 20]}\n"
                    "lines:\n  sum: {formula: a + b}\n  diff: {formula: b - 2 * a}\n"
                    "targets:\n  sum_fy: {line: sum, span: FY10, value: 40}\n"
                    "  diff_fy: {line: diff, span: FY10, value: -18}\n")
    m = outturn.load(str(path))
    loose = m.goalseek("sum_fy", ["a", "b"])
    assert [t.name for t in loose.targets if t.broken] == ["diff_fy"]
    kept = m.goalseek("sum_fy", ["a", "b"], keep_met=True)
    assert kept.kept == ["diff_fy"] and not any(t.broken for t in kept.targets)
    assert kept.solved and all(t.met_after for t in kept.targets)


def test_range_targets_aim_stress_and_sweep():
    # tests/data/ranges.yaml: FY revenue 2,100 + 200 price in [4,200, 4,400].
    m = outturn.load("tests/data/ranges.yaml")
    for aim, price in ((None, 10.5), ("high", 11.5), ("mid", 11.0), (4250, 10.75)):
        r = m.goalseek("revenue_fy", "price", aim=aim)
        assert r.solved and abs(r.value - price) < 1e-9, aim
        assert r.goal.range == (4200.0, 4400.0)
    want = cli_json("goalseek", "tests/data/ranges.yaml", "-k", "revenue_fy", "-d", "price", "--aim", "high")
    assert m.goalseek("revenue_fy", "price", aim="high").value == want["value"]
    with pytest.raises(_outturn.UsageError, match="aim is for range targets"):
        m.goalseek("cost_cap", "price", aim="low")
    s = m.stress("revenue_fy")
    assert [(t.goal.target, t.goal.direction) for t in s.targets] == [(4200.0, "at_least"), (4400.0, "at_most")]
    assert abs(s.targets[1].points[0].beta - 1.5) < 1e-6
    sw = m.sweep(1 << 16, method="sobol")
    row = sw.targets.loc["revenue_fy"]
    assert row["target_high"] == 4400
    assert abs(row["p_below"] + row["p_meet"] + row["p_above"] - 1) < 1e-12
    assert abs(row["p_below"] - 0.6914624612740131) < 2e-3  # Phi(0.5)


def test_bridge_equals_cli():
    want = cli_json("bridge", IIJ, "--to", "scenarios/iij_fy2010/bear.yaml")
    b = outturn.load(IIJ).bridge("scenarios/iij_fy2010/bear.yaml")
    assert b.method == want["method"]
    for k in want["kpis"]:
        assert (b.from_[k["name"]], b.to[k["name"]], b.total[k["name"]]) == (k["from"], k["to"], k["total"])
        col = b.contributions[k["name"]]
        assert [(s, col[s]) for s in col.index] == [(c["step"], c["value"]) for c in k["contributions"]]
        if k["exact"]:
            assert sum(col.tolist()) == k["total"]
    want = cli_json("bridge", EXAMPLE, "--to-scenario", "slow_subs")
    b = outturn.load(EXAMPLE).bridge(to_scenario="slow_subs")
    assert b.total.tolist() == [k["total"] for k in want["kpis"]]


# ---------------------------------------------------------------------------------------------
# The low-level API: programs over numpy batches


def test_program_evaluates_numpy_batches_and_jacobians():
    m = outturn.load(IIJ).native
    inputs = _outturn.driver_inputs(m)
    target = m.targets[1]
    prog = _outturn.Program(m, inputs, [_outturn.Cell(target.line, target.column)])
    base = prog.base_inputs()
    batch = np.repeat(base[:, None], 5, axis=1)
    batch[0, :] += np.linspace(-0.01, 0.01, 5)
    out = prog.evaluate(batch)
    assert out.shape == (1, 5) and out.flags.c_contiguous
    frame, _ = outturn.load(IIJ).run()
    assert out[0, 2] == frame.loc[m.lines[target.line].name, "FY10"]
    jac, values = prog.jacobian(base)
    assert jac.shape == (1, len(inputs)) and values[0] == out[0, 2]
    with pytest.raises(ValueError, match="rows"):
        prog.evaluate(batch[:3])


def test_model_pickles_as_its_recipe():
    m = outturn.load(EXAMPLE, scenario="slow_subs", set={"widgets_price@4Q10": 12})
    back = pickle.loads(pickle.dumps(m))
    assert back.scenario == "slow_subs"
    assert back.run().frame.equals(m.run().frame)


# ---------------------------------------------------------------------------------------------
# Documentation and stubs


def test_everything_public_has_a_docstring():
    for name in dir(_outturn):
        obj = getattr(_outturn, name)
        if name.startswith("_") or not callable(obj):
            continue
        assert (obj.__doc__ or "").strip(), name
    for name, obj in vars(outturn.Model).items():
        if not name.startswith("_") and callable(obj):
            assert (obj.__doc__ or "").strip(), "Model." + name
    for name in outturn.dask.__all__:
        assert (getattr(outturn.dask, name).__doc__ or "").strip(), name


def test_type_stubs_are_current():
    """The checked-in stubs are what bindings/python/stubgen.py writes for this build."""
    spec = importlib.util.spec_from_file_location("stubgen", os.path.join(ROOT, "bindings/python/stubgen.py"))
    stubgen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stubgen)
    with open(os.path.join(ROOT, "bindings/python/outturn/_outturn.pyi")) as f:
        assert stubgen.generate(_outturn) == f.read(), \
            "regenerate: PYTHONPATH=build/python /usr/bin/python3 bindings/python/stubgen.py bindings/python/outturn/_outturn.pyi"
    package = os.path.dirname(outturn.__file__)
    assert os.path.exists(os.path.join(package, "py.typed"))


def test_package_type_checks_against_its_stubs():
    """mypy over the package (the pandas layer against the extension's stubs), where mypy is
    installed (Debian: python3-mypy; skipped otherwise)."""
    pytest.importorskip("mypy")
    import subprocess
    import sys
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(outturn.__file__)))
    p = subprocess.run([sys.executable, "-m", "mypy", "-p", "outturn", "--ignore-missing-imports",
                        "--cache-dir", os.devnull], cwd=package_dir, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr


def test_dimensions_name_items_in_run_tornado_and_sweep():
    """A model with dimensions: every driver and line is NAME[ITEM] (scenarios/README.md#dimensions)."""
    m = outturn.load("scenarios/regions_example/model.yaml")
    assert "churn[emea]" in m.drivers.index and "members[emea]" in m.lines.index
    assert [(d.name, d.items) for d in m.native.dimensions] == [("region", ["ucan", "emea", "latam", "apac"])]
    frame, _ = m.run(set={"gross_adds[emea]@3Q23": "0"})
    # members[emea] in 3Q23: 30,500 x (1 - 2.5%) + 0 = 29,737.5.
    assert frame.loc["members[emea]", "3Q23"] == 30_500 * (1 - 0.025)
    bars = m.tornado(["members[emea]@FY23"]).kpi("members[emea]@FY23")
    assert set(bars[bars["swing"] > 0].index) == {"gross_adds[emea]", "churn[emea]"}
    sweep = m.sweep(samples=256, drivers=["churn[ucan]", "churn[emea]"])
    assert sweep.native.drivers == ["churn[ucan]", "churn[emea]"]

