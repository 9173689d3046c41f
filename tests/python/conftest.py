# SPDX-License-Identifier: MIT
"""Shared fixtures of the Python suite: where the sources and the CLI are, and how to ask the
CLI for its JSON. Run through ctest (which sets PYTHONPATH and OUTTURN_CLI), or by hand:

    PYTHONPATH=build/python OUTTURN_CLI=build/outturn /usr/bin/python3 -m pytest -q tests/python
"""
import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("OUTTURN_CLI", os.path.join(ROOT, "build", "outturn"))
IIJ = "scenarios/iij_fy2010/base.yaml"
EXAMPLE = "scenarios/example/model.yaml"


@pytest.fixture(autouse=True)
def _in_source_tree(monkeypatch):
    """Paths in messages are relative to the source tree, as a user would type them."""
    monkeypatch.chdir(ROOT)


def cli(*args, check=True):
    """Runs the outturn CLI from the source tree; returns (exit code, stdout, stderr)."""
    p = subprocess.run([CLI, *args], cwd=ROOT, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError("outturn %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    """The CLI's --format json output, parsed (JSON numbers read back as the same doubles)."""
    return json.loads(cli(*args, "--format", "json")[1])


def without_timing(report):
    """A sweep's JSON without what depends on the machine (time, threads)."""
    report = dict(report)
    report.pop("seconds", None)
    report.pop("threads", None)
    return report


def python_env():
    """Environment for a child Python process (or Dask worker) that imports outturn."""
    import outturn
    env = dict(os.environ)
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(outturn.__file__)))
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([package_dir, os.path.dirname(os.path.abspath(__file__))] + extra)
    return env
