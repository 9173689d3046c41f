# SPDX-License-Identifier: MIT
"""Bad arguments from Python: each refused with outturn.UsageError and a clear message, never
run as something else, cut short, or answered with a pybind11 signature dump."""
import os

import pytest

import outturn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(ROOT, "scenarios", "example", "model.yaml")


@pytest.fixture(scope="module")
def model():
    return outturn.load(EXAMPLE)


def test_a_path_with_a_nul_byte_is_refused():
    with pytest.raises(outturn.UsageError, match="NUL byte"):
        outturn.load(EXAMPLE + "\0ignored")
    with pytest.raises(outturn.UsageError, match="NUL byte"):
        outturn.load(os.fsencode(EXAMPLE) + b"\0")


@pytest.mark.parametrize("samples, message", [
    (1.5, r"samples must be a whole number \(got 1\.5\)"),
    (10**20, r"samples must be in \[-9223372036854775808, 9223372036854775807\] \(got 100000000000000000000\)"),
    (True, r"samples must be a whole number \(got True\)"),
    ("100", r"samples must be a whole number \(got '100'\)"),
])
def test_sweep_samples_must_be_a_whole_number_in_range(model, samples, message):
    with pytest.raises(outturn.UsageError, match=message):
        model.sweep(samples)


@pytest.mark.parametrize("seed, message", [
    (-1, r"seed must be in \[0, 18446744073709551615\] \(got -1\)"),
    (2**64, r"seed must be in \[0, 18446744073709551615\] \(got 18446744073709551616\)"),
    (1.0, r"seed must be a whole number \(got 1\.0\)"),
])
def test_sweep_seed_must_be_a_whole_number_in_range(model, seed, message):
    with pytest.raises(outturn.UsageError, match=message):
        model.sweep(1000, seed=seed)


def test_the_engine_states_its_own_rules(model):
    with pytest.raises(outturn.OptionsError, match=r"SweepOptions::samples must be at least 1 \(got -5\)") as e:
        model.sweep(-5)
    assert isinstance(e.value, outturn.UsageError) and e.value.option == "SweepOptions::samples"


def test_the_largest_seed_is_accepted(model):
    assert model.sweep(1000, seed=2**64 - 1).seed == 2**64 - 1


def test_set_must_be_a_mapping(model):
    with pytest.raises(outturn.UsageError, match=r"set must be a mapping .* \(got list\)"):
        model.run(set=[("widgets_price", 12)])
