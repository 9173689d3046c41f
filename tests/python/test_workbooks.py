# SPDX-License-Identifier: MIT
"""Workbooks (`-f xlsx`) read back with openpyxl: every cell equals the CSV's (numbers to the
16 significant digits libxlsxwriter writes, text as the same text), units in the headers, the verdict sheet first, reported
cells styled apart."""
import csv
import io
import os

import pytest

from conftest import CLI, EXAMPLE, IIJ, cli

openpyxl = pytest.importorskip("openpyxl")

# (command arguments, the tables in CSV order)
CASES = [
    (["run", IIJ], ["lines", "targets"]),
    (["run", EXAMPLE], ["lines", "targets"]),
    (["compare", IIJ, "scenarios/iij_fy2010/bear.yaml", "scenarios/iij_fy2010/atm_late.yaml"], ["rows", "drivers"]),
    (["sensitivity", EXAMPLE], ["sensitivity"]),
    (["tornado", EXAMPLE, "--spider", "3"], ["tornado", "spider"]),
    (["bridge", EXAMPLE, "--to-scenario", "slow_subs_cheap"], ["bridge"]),
    (["sweep", EXAMPLE, "-n", "4096", "--method", "sobol", "--regression", "--sobol-indices", "256"],
     ["targets", "src", "sobol"]),
]


def csv_tables(text):
    """A report's CSV split at its blank lines."""
    tables, current = [], []
    for rec in csv.reader(io.StringIO(text)):
        if not rec:
            tables.append(current)
            current = []
        else:
            current.append(rec)
    tables.append(current)
    return tables


@pytest.mark.parametrize("args,names", CASES, ids=[" ".join(c[0][:1] + c[0][2:3]) or c[0][0] for c in CASES])
def test_every_cell_equals_the_csv(tmp_path, args, names):
    path = str(tmp_path / "out.xlsx")
    cli(*args, "-f", "xlsx", "-o", path)
    text = cli(*args, "-f", "csv")[1]
    tables = csv_tables(text)
    assert len(tables) == len(names)
    wb = openpyxl.load_workbook(path)
    verdict = {"run": "targets", "compare": "rows", "sweep": "targets"}.get(args[0])
    if verdict:
        assert wb.sheetnames[0] == verdict
    assert sorted(wb.sheetnames) == sorted(names + ["about"])
    for name, table in zip(names, tables):
        ws = wb[name]
        rows = list(ws.iter_rows(values_only=True))
        assert len(rows) == len(table)
        for head, cell in zip(table[0], rows[0]):
            assert cell == head or cell.startswith(head + " (")
        for want, got in zip(table[1:], rows[1:]):
            got = list(got) + [None] * (len(want) - len(got))
            for w, g in zip(want, got):
                if g is None:
                    assert w == ""
                elif isinstance(g, (int, float)) and not isinstance(g, bool):
                    # libxlsxwriter writes 16 significant digits (%.16G), the CSV the
                    # shortest round trip (up to 17): equal to within half a unit of the 16th.
                    assert g == pytest.approx(float(w), rel=6e-16, abs=0), (name, w, g)
                else:
                    assert g == w, (name, w, g)
    about = dict(wb["about"].iter_rows(values_only=True))
    assert about["engine"].startswith("outturn ")


def test_units_and_reported_styles(tmp_path):
    path = str(tmp_path / "run.xlsx")
    cli("run", EXAMPLE, "-f", "xlsx", "-o", path, "--set", "subscribers_added=300")
    wb = openpyxl.load_workbook(path)
    lines = wb["lines"]
    head = [c.value for c in lines[1]]
    assert head[3] == "1Q10 (JPY thousands)"
    assert head[0] == "line"
    reported, forecast = lines.cell(row=2, column=4), lines.cell(row=2, column=6)  # 1Q10, 3Q10
    assert reported.font.i and not forecast.font.i
    assert reported.fill.fgColor.rgb != forecast.fill.fgColor.rgb
    assert forecast.number_format == "#,##0"
    about = dict(wb["about"].iter_rows(values_only=True))
    assert about["overrides"] == "subscribers_added=300"
    assert about["scenario"] == "base"
