# SPDX-License-Identifier: MIT
"""Every report the CLI prints, printed by Python: the same bytes, command by command and
format by format (the renderers are the library's, bound in bind_report.cpp)."""
import re

import pytest

import outturn
from outturn import _outturn
from conftest import EXAMPLE, IIJ, cli

IIJ_MODEL = "scenarios/iij_fy2010/model.yaml"
BEAR = "scenarios/iij_fy2010/bear.yaml"
BULL = "scenarios/iij_fy2010/bull.yaml"
FORMATS = ["table", "csv", "json"]


def out(*args):
    """The CLI's stdout for `outturn ARGS` (which must succeed and print nothing on stderr)."""
    _, stdout, stderr = cli(*args)
    assert stderr == ""
    return stdout


def without_timing(text):
    """A sweep report without what depends on the machine's speed."""
    text = re.sub(r"in [0-9.e+-]+ s \([0-9.e+-]+ scenarios/s", "in T s (R scenarios/s", text)
    return re.sub(r'"seconds": [0-9.e+-]+', '"seconds": T', text)


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize("path", [EXAMPLE, IIJ, "scenarios/example/price_cut.yaml"])
def test_check(path, fmt):
    assert outturn.load(path).check(fmt) == out("check", path, "-f", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_run(fmt):
    assert outturn.load(IIJ).report(fmt) == out("run", IIJ, "-f", fmt)
    assert outturn.load(EXAMPLE).report(fmt, scenario="slow_subs", set={"widgets_price@4Q10": 12}) == \
        out("run", EXAMPLE, "--scenario", "slow_subs", "--set", "widgets_price@4Q10=12", "-f", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_compare(fmt):
    got = outturn.load(IIJ).compare(outturn.load(BEAR), outturn.load(BULL), format=fmt)
    assert got == out("compare", IIJ, BEAR, BULL, "-f", fmt)
    m = outturn.load(EXAMPLE)
    got = m.compare(*[s for s in m.scenarios if s != m.scenario], format=fmt)
    assert got == out("compare", EXAMPLE, "-s", "all", "-f", fmt)


def test_html_report(tmp_path):
    path = tmp_path / "report.html"
    got = outturn.load(IIJ_MODEL).html_report(outturn.load(BEAR), samples=5000, seed=3, threads=2, path=path)
    assert got == out("report", IIJ_MODEL, "--compare", BEAR, "--samples", "5000", "--seed", "3")
    assert path.read_text() == got


@pytest.mark.parametrize("fmt", FORMATS)
def test_sweep(fmt):
    got = outturn.load(IIJ_MODEL).sweep(20000, "lhs", regression=True, sobol_index_samples=500, threads=2)
    want = out("sweep", IIJ_MODEL, "-m", "lhs", "-n", "20000", "--regression", "--sobol-indices", "500", "-t", "2",
               "-f", fmt)
    assert without_timing(got.report(fmt)) == without_timing(want)
    got = outturn.load(IIJ).sweep(4096, "sobol", threads=2)
    assert without_timing(got.report(fmt)) == without_timing(out("sweep", IIJ, "-m", "sobol", "-n", "4096", "-t", "2",
                                                                 "-f", fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_sensitivity(fmt):
    assert outturn.load(IIJ).sensitivity_report(format=fmt) == out("sensitivity", IIJ, "-f", fmt)
    assert outturn.load(IIJ_MODEL).sensitivity_report(format=fmt, per_period=True) == \
        out("sensitivity", IIJ_MODEL, "--per-period", "-f", fmt)
    assert outturn.load(EXAMPLE).sensitivity_report(["revenue@FY10"], format=fmt, top=0, range="percent") == \
        out("sensitivity", EXAMPLE, "--kpi", "revenue@FY10", "--top", "0", "--range", "percent", "-f", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_tornado(fmt):
    assert outturn.load(IIJ).tornado_report(format=fmt) == out("tornado", IIJ, "-f", fmt)
    assert outturn.load(IIJ_MODEL).tornado_report(format=fmt, spider=3) == \
        out("tornado", IIJ_MODEL, "--spider", "3", "-f", fmt)
    assert outturn.load(EXAMPLE).tornado_report(format=fmt, top=0, swing="percent", percent=0.05, spider=2,
                                                steps=5) == \
        out("tornado", EXAMPLE, "--top", "0", "--swing", "percent", "--percent", "5%", "--spider", "2", "--steps", "5",
            "-f", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_goalseek(fmt):
    m = outturn.load(IIJ_MODEL)
    assert m.goalseek_report("revenue_fy", "construction_index_q4", format=fmt) == \
        out("goalseek", IIJ_MODEL, "--kpi", "revenue_fy", "--driver", "construction_index_q4", "-f", fmt)
    assert m.goalseek_report(driver=["construction_index_q4", "om_growth"], format=fmt) == \
        out("goalseek", IIJ_MODEL, "--driver", "construction_index_q4", "--driver", "om_growth", "-f", fmt)
    assert m.goalseek_report(format=fmt) == out("goalseek", IIJ_MODEL, "-f", fmt)
    assert outturn.load(EXAMPLE).goalseek_report(format=fmt, top=3) == out("goalseek", EXAMPLE, "--top", "3", "-f", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_bridge(fmt):
    assert outturn.load(IIJ).bridge_report(BEAR, format=fmt) == out("bridge", IIJ, "--to", BEAR, "-f", fmt)
    assert outturn.load(EXAMPLE).bridge_report(to_scenario="slow_subs", format=fmt) == \
        out("bridge", EXAMPLE, "--to-scenario", "slow_subs", "-f", fmt)
    # --to-target: the least weighted change of the top 3 drivers that meets the open targets
    # missed, as the CLI chooses them.
    m = outturn.load(IIJ_MODEL)
    _, verdict = m.run()
    goals = [g for g in _outturn.open_target_goals(m.native) if not verdict.loc[g.kpi.name, "met"]]
    t = _outturn.tornado(m.native, _outturn.TornadoOptions(kpis=[g.kpi.name for g in goals]))
    seek = _outturn.multi_goal_seek(m.native, goals, [t.inputs[j] for j in t.top[:3]])
    to = m.native.with_overrides(seek.overrides)
    got = _outturn.render_bridge(m.native, to, _outturn.bridge(m.native, to), fmt, seek)
    assert got == out("bridge", IIJ_MODEL, "--to-target", "-f", fmt)


def test_format_is_checked():
    with pytest.raises(ValueError, match="format must be table, csv or json"):
        outturn.load(EXAMPLE).tornado_report(format="xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_stress(fmt):
    m = outturn.load(IIJ)
    assert m.stress_report(format=fmt) == out("stress", IIJ, "-f", fmt)
    assert m.stress_report("operating_income_fy", format=fmt, samples=20000, seed=3, top=0) == \
        out("stress", IIJ, "--kpi", "operating_income_fy", "-n", "20000", "--seed", "3", "--top", "0", "-f", fmt)
    e = outturn.load(EXAMPLE)
    r = e.stress("revenue_fy")
    point = r.targets[0].points[0]
    assert r.targets[0].status == "design_point"
    assert e.with_overrides(point.overrides).run().verdict.loc["revenue_fy", "forecast"] == pytest.approx(340_000,
                                                                                                   rel=1e-9)


FY2009 = "scenarios/iij_fy2009/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_evolution(fmt):
    r = _outturn.evolution(FY2009 + "model.yaml", FY2009 + "vintage_3q09.yaml", samples=20000, seed=3)
    assert _outturn.render_evolution(r, fmt) == out(
        "evolution", FY2009 + "model.yaml", FY2009 + "vintage_3q09.yaml", "-n", "20000", "--seed", "3", "-f", fmt)
    for t in r.targets:  # the bridge adds up exactly
        assert t.exact and sum(t.steps) == t.new_forecast - t.old_forecast


@pytest.mark.parametrize("fmt", FORMATS)
def test_backtest(fmt):
    vintages = [FY2009 + "model.yaml", FY2009 + "vintage_3q09.yaml"]
    r = _outturn.backtest(vintages, FY2009 + "outcome.csv", samples=20000, seed=3)
    assert r.n == 6 and r.in90 == 0
    assert _outturn.render_backtest(r, fmt) == out(
        "backtest", *vintages, "--outcome", FY2009 + "outcome.csv", "-n", "20000", "--seed", "3", "-f", fmt)


def test_actuals_and_calibrate_from_python():
    v = _outturn.apply_actuals(FY2009 + "model.yaml", FY2009 + "results_3q09.csv", through="3Q09", as_of="2010-02")
    with open(FY2009 + "vintage_3q09.yaml") as f:
        assert v.text == f.read()
    text, notes = _outturn.calibrate_model(FY2009 + "model.yaml", 1.5)
    assert "multiplied by 1.5" in text.splitlines()[0]
    assert all("clipped" in n for n in notes)
