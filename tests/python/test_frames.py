# SPDX-License-Identifier: MIT
"""Every result object has to_frame, to_excel and _repr_html_ (a notebook shows the table, and
for a sweep each target's distribution against its target)."""
import pytest

import outturn
from conftest import EXAMPLE

openpyxl = pytest.importorskip("openpyxl")


def results():
    m = outturn.load(EXAMPLE)
    return {
        "run": m.run(),
        "sensitivities": m.sensitivities(),
        "tornado": m.tornado(),
        "bridge": m.bridge(to_scenario="slow_subs_cheap"),
        "sweep": m.sweep(2000, seed=3),
    }


@pytest.mark.parametrize("name", ["run", "sensitivities", "tornado", "bridge", "sweep"])
def test_frame_html_excel(tmp_path, name):
    r = results()[name]
    frame = r.to_frame()
    assert len(frame) > 0
    html = r._repr_html_()
    assert "<table" in html
    path = tmp_path / (name + ".xlsx")
    r.to_excel(path)
    wb = openpyxl.load_workbook(path)
    first = wb[wb.sheetnames[0]]
    assert first.max_row >= 2


def test_bridge_frame_adds_up():
    b = results()["bridge"]
    f = b.to_frame()
    steps = f.drop(index=["from", "total", "to"])
    for kpi in f.columns:
        assert steps[kpi].sum() == pytest.approx(f.loc["total", kpi], rel=1e-12, abs=1e-9)
        assert f.loc["from", kpi] + f.loc["total", kpi] == pytest.approx(f.loc["to", kpi], rel=1e-12)


def test_sweep_html_charts_each_target_against_its_target():
    s = results()["sweep"]
    html = s._repr_html_()
    assert html.count("<svg") == len(s.targets)
    assert html.count('class="target"') == len(s.targets)
    for name, row in s.targets.iterrows():
        assert "%s (%s): P(meet) %.4f" % (name, row["span"], row["p_meet"]) in html
    frame = s.to_frame()
    assert frame.attrs["samples"] == 2000 and frame.attrs["seed"] == 3 and frame.attrs["partial"] is False
