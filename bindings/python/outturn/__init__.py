# SPDX-License-Identifier: MIT
"""outturn: driver-based forecasts against full-year targets.

    import outturn
    model = outturn.load("scenarios/iij_fy2010/base.yaml")
    frame, verdict = model.run(set={"om_growth": "-3%"})    # lines x periods, one row per target
    tornado = model.tornado(["operating_income_fy"])         # one-at-a-time swings
    result = model.sweep(1_000_000, seed=7)                  # P(target), quantiles, drivers of misses
    result.targets[["mean", "p_meet"]]

Distributed sweeps (bit-identical to a local sweep): ``outturn.dask.sweep(model, ...,
client=client)``; from a shell: ``python3 -m outturn sweep FILE --dask ADDRESS``.

Errors: bad input raises :class:`Error` (a ValueError) or a subclass: :class:`ModelError`
keeps the ``file:line:col: error: key.path: rule`` message and has ``file``, ``line``,
``column``, ``key_path`` and ``rule`` attributes; :class:`NumericalError`,
:class:`OptionsError`, :class:`UsageError`.

The engine itself is ``outturn._outturn`` (pybind11), one class or function per C++ API.
"""
from . import _outturn
from ._api import (QUANTILE_LEVELS, SEGMENT_SIZE, Bridge, Model, RunResult, Samples, Sensitivities, SweepResult,
                   Tornado, Value, load)
from ._outturn import (Error, ModelError, NumericalError, OptionsError, UsageError, SweepOptions, SweepPartial,
                       format_amount, parse_date, format_date)

__version__: str = _outturn.__version__

__all__ = [
    "load", "Model", "RunResult", "SweepResult", "Samples", "Sensitivities", "Tornado", "Bridge", "Value",
    "Error", "ModelError", "NumericalError", "OptionsError", "UsageError", "SweepOptions", "SweepPartial",
    "QUANTILE_LEVELS", "SEGMENT_SIZE", "format_amount", "parse_date", "format_date", "__version__",
]
