# SPDX-License-Identifier: MIT
"""The examples in bindings/examples run, and write what they say they write."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT, python_env

pytest.importorskip("matplotlib")


def test_iij_report_prints_the_verdict_and_saves_four_charts(tmp_path):
    script = os.path.join(ROOT, "bindings", "examples", "iij_report.py")
    env = dict(python_env(), MPLBACKEND="Agg")
    p = subprocess.run([sys.executable, script, str(tmp_path), "--samples", "20000"], cwd=str(tmp_path), env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "operating_income_fy" in p.stdout  # the verdict table
    assert "the target most at risk: revenue_fy" in p.stdout  # the lowest P(meet), charted in tornado.png
    pngs = sorted(f for f in os.listdir(tmp_path) if f.endswith(".png"))
    assert pngs == ["fy_operating_income.png", "fy_revenue.png", "quarterly_pnl.png", "tornado.png"], pngs
    for name in pngs:
        with open(tmp_path / name, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n"
        assert os.path.getsize(tmp_path / name) > 10_000
