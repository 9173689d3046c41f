# SPDX-License-Identifier: MIT
# (Over 600 lines on purpose: the one public Python surface, Model and its results, kept in
# one module so that the stubs and the docs follow one file.)
"""The friendly layer over the C++ engine (``outturn._outturn``): models that return pandas
DataFrames, sweeps whose statistics are Python objects and DataFrames, and raw samples as
numpy arrays over the engine's own buffers.

Everything heavy runs in C++ with the GIL released; this module only shapes inputs and
results. Values are the engine's doubles, unchanged: a DataFrame here holds exactly the
numbers ``outturn run --format json`` prints.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _outturn as _o

#: A driver value as ``set=`` takes it: a number, a string as model files write it
#: ("2.9%", "1_250", "2011-02-15"), or a date for a date driver.
Value = Union[float, int, str, _dt.date]

#: Quantile levels of sweep statistics (P1 P5 P10 P25 P50 P75 P90 P95 P99).
QUANTILE_LEVELS: Tuple[float, ...] = tuple(_o.QUANTILE_LEVELS)
#: Distributed sweeps split the sample range at multiples of this many scenarios.
SEGMENT_SIZE: int = int(_o.SEGMENT_SIZE)


def _quantile_label(level: float) -> str:
    return "P%d" % round(level * 100)


# --------------------------------------------------------------------------------------------
# Loading


def load(path: Union[str, "os.PathLike[str]"], scenario: Optional[str] = None,
         set: Optional[Mapping[str, Value]] = None) -> "Model":
    """Loads a model file, or a scenario file (the model it extends with the scenario applied).

    ``scenario`` applies a scenario the model file defines; ``set`` overrides drivers as the
    CLI's ``--set`` does: ``{"driver": value, "driver@PERIOD": value}``.

    Raises :class:`ModelError` for an invalid file (``str(e)`` is the compiler-style
    ``file:line:col: error: key.path: rule`` message with the source line and a caret) and
    :class:`UsageError` for an unknown scenario, driver or period.
    """
    model = Model(_o.Model.load(_path_arg(path)), (os.path.abspath(os.fspath(path)), ()))
    if scenario is not None:
        model = model.with_scenario(scenario)
    if set:
        model = model.with_set(set)
    return model


def _path_arg(path: Any) -> Any:
    """A path for the engine: str, or bytes when the name is not valid UTF-8 (pybind11 takes
    either as std::string)."""
    p = os.fspath(path)
    if ("\0" in p) if isinstance(p, str) else (b"\0" in p):
        raise _o.UsageError("path %r contains a NUL byte" % (p,))
    if isinstance(p, str):
        try:
            p.encode("utf-8")
        except UnicodeEncodeError:
            return os.fsencode(p)
    return p


def _parse_sets(native: _o.Model, sets: Mapping[str, Value]) -> List[_o.DriverOverride]:
    """The CLI's --set rules (the engine's parser): DRIVER or DRIVER@PERIOD; a value as a
    number, a percentage or a date (for date drivers), or a Python number or date."""
    if not isinstance(sets, Mapping):
        raise _o.UsageError("set must be a mapping {'driver' or 'driver@PERIOD': value} (got %s)" % type(sets).__name__)
    out = []
    for key, value in sets.items():
        if isinstance(value, str):
            out.append(_o.parse_override(native, str(key), value, "set"))
            continue
        d, p = _o.parse_driver_ref(native, str(key), "set")
        name = native.drivers[d].name
        v: float
        if isinstance(value, _dt.date):
            v = float((value - _dt.date(1970, 1, 1)).days)
        elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            v = float(value)
        else:
            raise _o.UsageError("set %s: %r is not a number" % (name, value))
        out.append(_o.DriverOverride(name, v, p))
    return out


# --------------------------------------------------------------------------------------------
# Results


# --------------------------------------------------------------------------------------------
# Notebooks and workbooks: every result object has to_frame, to_excel and _repr_html_.


def _frames_to_excel(frames: Mapping[str, pd.DataFrame], path: Union[str, "os.PathLike[str]"]) -> None:
    """One sheet per frame (openpyxl, through pandas)."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name[:31])


class RunResult(NamedTuple):
    """What :meth:`Model.run` returns; unpacks as ``frame, verdict = model.run()``."""

    #: Every line (index) in every column (periods, then spans such as 1H10 and FY10).
    #: ``frame.attrs["actual"]`` lists the reported periods, ``frame.attrs["forecast"]`` the
    #: open ones.
    frame: pd.DataFrame
    #: One row per target: line, span, direction, target, forecast, gap, gap_pct, met,
    #: reported, and for open spans what the open periods must deliver; a range target
    #: (direction "between") also its high edge, position (below, within, above) and the
    #: most its open periods may deliver.
    verdict: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The projection (lines x columns)."""
        return self.frame

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """A workbook: the verdict sheet first, then the lines."""
        _frames_to_excel({"targets": self.verdict, "lines": self.frame}, path)

    def _repr_html_(self) -> str:
        return "<h4>Targets</h4>" + self.verdict.to_html() + "<h4>Lines</h4>" + self.frame.to_html()


def _run_frame(model: _o.Model, results: _o.Results) -> pd.DataFrame:
    cal = model.calendar
    frame = pd.DataFrame(results.values, index=pd.Index([l.name for l in model.lines], name="line"),
                         columns=pd.Index(cal.column_labels(), name="column"))
    frame.attrs["actual"] = [p.label for p in cal.periods if p.actual]
    frame.attrs["forecast"] = [p.label for p in cal.periods if not p.actual]
    frame.attrs["scenario"] = model.scenario
    return frame


def _verdict_frame(verdicts: Sequence[_o.TargetVerdict]) -> pd.DataFrame:
    rows = []
    for v in verdicts:
        range_ = v.direction == "between"
        rows.append({
            "target": v.name, "line": v.line, "span": v.span, "direction": v.direction,
            "target_value": v.target, "forecast": v.forecast, "gap": v.gap, "gap_pct": v.gap_pct,
            "met": v.met, "reported": v.reported,
            "open_periods": v.open_label if v.has_open else None,
            "reported_to_date": v.reported_to_date if v.has_open else np.nan,
            "open_forecast": v.open_forecast if v.has_open else np.nan,
            "open_required": v.open_required if v.has_open else np.nan,
            "target_high": v.high if range_ else np.nan,
            "position": v.position if range_ else None,
            "open_required_high": v.open_required_high if range_ and v.has_open else np.nan,
            "open_ratio": v.open_ratio if v.has_open else None,
        })
    columns = ["target", "line", "span", "direction", "target_value", "forecast", "gap", "gap_pct", "met",
               "reported", "open_periods", "reported_to_date", "open_forecast", "open_required", "target_high",
               "position", "open_required_high", "open_ratio"]
    return pd.DataFrame(rows, columns=columns).set_index("target")


@dataclass
class Sensitivities:
    """Exact derivatives of the KPIs (rows) with respect to the inputs (columns)."""

    jacobian: pd.DataFrame      #: d KPI / d input (forward-mode automatic differentiation)
    elasticities: pd.DataFrame  #: % change of the KPI per 1% change of the input
    effects: pd.DataFrame       #: derivative x (high - low): first-order change across the range
    values: pd.Series           #: KPI values at the model's own driver values
    inputs: pd.DataFrame        #: each input's own value and range (low, high, source)
    native: Any = field(repr=False, default=None)  #: the engine's SensitivityResult

    def to_frame(self) -> pd.DataFrame:
        """Long form: one row per (KPI, input) with derivative, elasticity and effect."""
        out = pd.concat({"derivative": self.jacobian.stack(), "elasticity": self.elasticities.stack(),
                         "effect": self.effects.stack()}, axis=1)
        return out

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        _frames_to_excel({"jacobian": self.jacobian, "elasticities": self.elasticities, "effects": self.effects,
                          "inputs": self.inputs}, path)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()


@dataclass
class Tornado:
    """One-at-a-time swings: ``bars`` has one row per (KPI, driver), ranked by swing."""

    #: Columns: kpi, rank, input, low, high, range, kpi_low, kpi_high, swing.
    bars: pd.DataFrame
    base: pd.Series   #: each KPI at the model's own values
    top: List[str]    #: drivers by their largest normalized swing over the KPIs
    native: Any = field(repr=False, default=None)

    def kpi(self, name: str) -> pd.DataFrame:
        """The bars of one KPI, ranked (index: input)."""
        return self.bars[self.bars["kpi"] == name].set_index("input")

    def to_frame(self) -> pd.DataFrame:
        """The bars (one row per KPI and driver)."""
        return self.bars

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        _frames_to_excel({"tornado": self.bars}, path)

    def _repr_html_(self) -> str:
        return self.bars.to_html(index=False)


@dataclass
class Bridge:
    """Each driver's contribution (rows) to the change of each KPI (columns)."""

    contributions: pd.DataFrame  #: steps x KPIs, steps by |contribution to the first KPI|
    from_: pd.Series             #: KPI values of the "from" model
    to: pd.Series                #: KPI values of the "to" model
    total: pd.Series             #: to - from; each column of contributions adds up to it exactly
    method: str                  #: "shapley" or the symmetric sequential method
    native: Any = field(repr=False, default=None)

    def to_frame(self) -> pd.DataFrame:
        """from, each step's contribution, total and to (rows) for each KPI (columns)."""
        return pd.concat([self.from_.to_frame("from").T, self.contributions, self.total.to_frame("total").T,
                          self.to.to_frame("to").T])

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        _frames_to_excel({"bridge": self.to_frame()}, path)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html()


class Samples:
    """Raw scenarios of a sweep as numpy arrays over the engine's buffers (no copies).

    ``drivers`` is scenarios x inputs and ``targets`` scenarios x targets (transposed views of
    the engine's row-major matrices; ``drivers_by_row``/``targets_by_row`` are the C-contiguous
    originals). Scenario ``first + i`` is row i.
    """

    def __init__(self, raw: Dict[str, Any]):
        self.first: int = raw["first"]
        self.driver_names: List[str] = list(raw["drivers"])
        self.target_names: List[str] = list(raw["targets"])
        self.drivers_by_row: np.ndarray = raw["driver_values"]
        self.targets_by_row: np.ndarray = raw["target_values"]

    @property
    def drivers(self) -> np.ndarray:
        """scenarios x inputs (a view)."""
        return self.drivers_by_row.T

    @property
    def targets(self) -> np.ndarray:
        """scenarios x targets (a view)."""
        return self.targets_by_row.T

    def __len__(self) -> int:
        return int(self.targets_by_row.shape[1])

    def frame(self) -> pd.DataFrame:
        """Drivers then targets as one DataFrame indexed by scenario (this copies)."""
        index = pd.RangeIndex(self.first, self.first + len(self), name="scenario")
        return pd.concat([pd.DataFrame(self.drivers, index=index, columns=self.driver_names),
                          pd.DataFrame(self.targets, index=index, columns=self.target_names)], axis=1)

    def __repr__(self) -> str:
        return "<Samples [%d, %d): %d inputs, %d targets>" % (self.first, self.first + len(self),
                                                              len(self.driver_names), len(self.target_names))


class SweepResult:
    """The statistics of a sweep, as Python values and DataFrames.

    ``targets`` has one row per target (its base value in the model's own scenario, mean, sd,
    min, max, P(meet) with its interval, expected shortfall over every scenario and over the
    misses, ...), ``quantiles`` the distribution of each target at QUANTILE_LEVELS,
    ``driver_means_meet``/``driver_means_miss`` what drives the misses; ``src``
    (regression=True) and ``sobol_first``/``sobol_total`` (sobol_index_samples=N) are
    targets x drivers, else None; ``histogram(name)`` the counts behind the quantiles;
    ``samples_kept`` the raw scenarios when the sweep was asked to keep them.

    Grid and one-at-a-time designs are not random samples: their ``targets`` hold the base,
    min, max and mean over the points only, ``design`` is the design table (one row per driver
    and level, a column per target), and ``quantiles``, the driver means, ``p_all`` and
    ``p_all_interval`` are None.
    """

    def __init__(self, native: _o.SweepResult, samples: Optional[Samples] = None,
                 model: Optional[_o.Model] = None):
        self.native = native
        self.samples_kept = samples
        # The model swept (its currency and unit label the charts); None: unknown.
        self._model = model
        #: Distributed sweeps: (first, count, seconds in the worker) of each task; else None.
        self.chunks: Optional[List[Tuple[int, int, float]]] = None
        k = native.kpis
        names = pd.Index([s.name for s in k], name="target")
        #: grid and oat: the design table, one row per (driver, level); else None.
        self.design: Optional[pd.DataFrame] = None
        if native.method in ("grid", "oat"):
            self.targets = pd.DataFrame({
                "line": [s.line for s in k], "span": [s.span for s in k], "target_value": [s.target for s in k],
                "direction": [s.direction for s in k], "base": [s.base for s in k], "min": [s.min for s in k],
                "max": [s.max for s in k], "mean": [s.mean for s in k],
            }, index=names)
            rows = [(d.name, level + 1, value) + tuple(d.at_level[t][level] for t in range(len(k)))
                    for d in native.design for level, value in enumerate(d.levels)]
            self.design = pd.DataFrame(rows, columns=["driver", "level", "value"] + list(names)).set_index(
                ["driver", "level"])
            self.quantiles = self.driver_means_meet = self.driver_means_miss = None
            self.src = self.sobol_first = self.sobol_total = None
            return
        self.targets = pd.DataFrame({
            "line": [s.line for s in k], "span": [s.span for s in k], "target_value": [s.target for s in k],
            "direction": [s.direction for s in k], "base": [s.base for s in k], "mean": [s.mean for s in k],
            "sd": [s.sd for s in k],
            "min": [s.min for s in k], "max": [s.max for s in k], "p_meet": [s.p_meet for s in k],
            "p_low": [s.p_low for s in k], "p_high": [s.p_high for s in k], "meets": [s.meets for s in k],
            "expected_shortfall": [s.expected_shortfall for s in k],
            "shortfall_given_miss": [s.shortfall_given_miss for s in k],
            "quantile_error": [s.quantile_error for s in k],
            "target_high": [s.high if s.direction == "between" else np.nan for s in k],
            "p_below": [s.p_below for s in k], "p_below_low": [s.p_below_low for s in k],
            "p_below_high": [s.p_below_high for s in k], "p_above": [s.p_above for s in k],
            "p_above_low": [s.p_above_low for s in k], "p_above_high": [s.p_above_high for s in k],
        }, index=names)
        self.quantiles = pd.DataFrame([s.quantiles for s in k], index=names,
                                      columns=[_quantile_label(q) for q in QUANTILE_LEVELS])
        drivers = pd.Index(native.drivers, name="driver")
        self.driver_means_meet = pd.DataFrame([s.driver_mean_meet for s in k], index=names, columns=drivers)
        self.driver_means_miss = pd.DataFrame([s.driver_mean_miss for s in k], index=names, columns=drivers)
        self.src = (pd.DataFrame([s.src for s in k], index=names, columns=drivers)
                    if k and len(k[0].src) else None)
        has_sobol = bool(k) and len(k[0].sobol_total) > 0
        self.sobol_first = (pd.DataFrame([s.sobol_first for s in k], index=names, columns=drivers)
                            if has_sobol else None)
        self.sobol_total = (pd.DataFrame([s.sobol_total for s in k], index=names, columns=drivers)
                            if has_sobol else None)

    # Scalars, as the engine reports them.
    method = property(lambda self: self.native.method, doc="grid, oat, mc, lhs or sobol")
    seed = property(lambda self: self.native.seed, doc="seed of the random streams")
    requested = property(lambda self: self.native.requested, doc="scenarios asked for (capped by grid/oat)")
    samples = property(lambda self: self.native.samples, doc="scenarios evaluated and counted")
    partial = property(lambda self: self.native.partial, doc="stopped early (interrupted)")
    stopped_by_ci = property(lambda self: self.native.stopped_by_ci, doc="stopped by until_ci")
    drivers = property(lambda self: list(self.native.drivers), doc="the drivers varied")
    model = property(lambda self: self.native.model, doc="the model's name (or path)")
    scenario = property(lambda self: self.native.scenario, doc="its scenario with every override applied")
    overrides = property(lambda self: list(self.native.overrides), doc="the overrides applied (--set spelling)")
    unit = property(lambda self: self.native.unit, doc="the unit of its amounts")
    p_all = property(lambda self: None if self.is_design else self.native.p_all,
                     doc="P(every target met); None for grid and oat designs")
    p_all_interval = property(lambda self: None if self.is_design else (self.native.p_all_low, self.native.p_all_high),
                              doc="Wilson interval of p_all; None for grid and oat designs")
    is_design = property(lambda self: self.native.method in ("grid", "oat"),
                         doc="a grid or one-at-a-time design (not a random sample: no probabilities)")
    seconds = property(lambda self: self.native.seconds, doc="wall time of the sweep")
    threads = property(lambda self: self.native.threads_used, doc="threads (or worker threads) used")

    def histogram(self, target: str) -> Tuple[np.ndarray, np.ndarray]:
        """(bin edges, counts) of a target's histogram over [hist_low, hist_high); scenarios
        outside it are counted in ``KpiStats.below``/``above`` (``native.kpis``)."""
        for s in self.native.kpis:
            if s.name == target:
                counts = s.bins
                return np.linspace(s.hist_low, s.hist_high, len(counts) + 1), counts
        raise _o.UsageError("no target '%s' (targets: %s)" % (target, ", ".join(self.targets.index)))

    def report(self, format: str = "table") -> str:
        """``outturn sweep``'s output (table, csv or json) for these statistics."""
        return _o.render_sweep(self.native, format)

    def to_frame(self) -> pd.DataFrame:
        """One row per target: the statistics and the quantiles, with the sweep's samples,
        seed, method, partial and P(all) in ``attrs`` (designs: the targets' ranges, no P(all))."""
        frame = self.targets.copy() if self.is_design else pd.concat([self.targets, self.quantiles], axis=1)
        frame.attrs.update({"samples": self.samples, "requested": self.requested, "seed": self.seed,
                            "method": self.method, "partial": self.partial, "p_all": self.p_all})
        return frame

    def to_excel(self, path: Union[str, "os.PathLike[str]"]) -> None:
        about = {"model": self.model, "scenario": self.scenario, "unit": self.unit, "samples": self.samples,
                 "requested": self.requested, "seed": str(self.seed), "method": self.method, "partial": self.partial}
        if not self.is_design:
            about.update({"p_all": self.p_all, "p_all_low": self.native.p_all_low, "p_all_high": self.native.p_all_high})
        frames = {"targets": self.to_frame(), "sweep": pd.Series(about).to_frame("value")}
        for name in ("design", "src", "sobol_first", "sobol_total"):
            if getattr(self, name) is not None:
                frames[name] = getattr(self, name)
        _frames_to_excel(frames, path)

    def _repr_html_(self) -> str:
        if self.design is not None:
            return ("<p>%s design: %d points, not a random sample (no probabilities)</p>" % (self.method, self.samples) +
                    self.to_frame().to_html() + self.design.to_html())
        head = "<p>%s sweep, seed %d: %d scenarios%s; P(every target met) = %.4f [%.4f, %.4f]</p>" % (
            self.method, self.seed, self.samples, " (PARTIAL: interrupted)" if self.partial else "", self.p_all,
            self.p_all_interval[0], self.p_all_interval[1])
        # The report's own chart (outturn/report/html.h), so that a notebook and `outturn report`
        # draw a distribution alike.
        currency, unit = (self._model.currency, self._model.unit) if self._model is not None else ("", "")
        charts = "".join(_o.distribution_svg(s, currency, unit, s.base, 360, 150) for s in self.native.kpis)
        return head + self.to_frame().to_html() + "<div>" + charts + "</div>"

    def __repr__(self) -> str:
        if self.is_design:
            return "<SweepResult %s design: %d points>" % (self.method, self.samples)
        return "<SweepResult %s seed %d: %d scenarios, P(all) %.4f>" % (self.method, self.seed, self.samples, self.p_all)


# --------------------------------------------------------------------------------------------
# The model


def _whole(name: str, value: Any, low: int, high: int) -> int:
    """`value` as an int in [low, high] (what the engine's type holds; the engine's own rules,
    such as samples >= 1, then raise OptionsError): a whole number, never a float, a bool or a
    string."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise _o.UsageError("%s must be a whole number (got %r)" % (name, value))
    v = int(value)
    if not low <= v <= high:
        raise _o.UsageError("%s must be in [%d, %d] (got %d)" % (name, low, high, v))
    return v


def _sweep_options(samples: int, method: str, seed: int, options: Mapping[str, Any]) -> _o.SweepOptions:
    n = _whole("samples", samples, -(2**63), 2**63 - 1)
    s = _whole("seed", seed, 0, 2**64 - 1)
    o = _o.SweepOptions(samples=n, method=method, seed=s, **dict(options))
    o.validate()
    return o


def _goals(m: _o.Model, kpi: Optional[Union[str, Sequence[str]]], target: Optional[Union[float, Sequence[float]]],
           direction: Optional[str], aim: Optional[Union[str, float]] = None,
           split_ranges: bool = False) -> List[Any]:
    """The goals of goalseek and stress: each kpi (a target's name, its own value and direction,
    or LINE@COLUMN with its ``target``), or every open target. A range target aims at ``aim``
    (nearest, low, high, mid or a value inside it); with ``split_ranges`` (stress) it is two
    goals, one per edge."""
    kpis = [kpi] if isinstance(kpi, str) else list(kpi or [])
    targets = [target] if isinstance(target, (int, float)) else list(target or [])
    if len(targets) > len(kpis):
        raise _o.UsageError("more targets than kpis")
    if direction == "between":
        raise _o.UsageError("direction must be at_least or at_most (got 'between')")
    aim_text = "nearest" if aim is None else str(aim)

    def of_target(t: int) -> List[Any]:
        if split_ranges and m.targets[t].direction == "between":
            return [_o.target_goal(m, t, "low"), _o.target_goal(m, t, "high")]
        return [_o.target_goal(m, t, aim_text)]

    goals = []
    for i, spec in enumerate(kpis):
        k = _o.find_kpi(m, spec)
        if i < len(targets):
            # A value of one's own: a point goal, even on a range target.
            g = _o.Goal(k, float(targets[i]))
            if k.target >= 0 and m.targets[k.target].direction != "between":
                g.direction = m.targets[k.target].direction
            new = [g]
        elif k.target < 0:
            raise _o.UsageError("kpi %s is not a target of the model: give its target value" % k.name)
        else:
            new = of_target(k.target)
        if direction is not None:
            for g in new:
                g.direction = direction
        goals.extend(new)
    if not goals:
        for g in _o.open_target_goals(m, aim_text):
            goals.extend(of_target(g.kpi.target) if g.range is not None else [g])
    if not goals:
        raise _o.UsageError("the model has no open target: name a goal with kpi='LINE@COLUMN', target=VALUE")
    if aim is not None and all(g.range is None for g in goals):
        raise _o.UsageError("aim is for range targets (between: [low, high]); no goal here is one")
    return goals


class Model:
    """A validated model: calendar, drivers, lines, targets and scenarios. Immutable.

    Methods that analyse (``run``, ``jacobian``, ``tornado``, ``goalseek``, ``bridge``,
    ``sweep``) take ``scenario=`` and ``set=`` like the CLI's ``--scenario``/``--set`` and
    apply them to a copy first. A Model pickles as the recipe that rebuilds it (the file's
    path, the scenarios and overrides applied): the file must be readable where it is
    unpickled (``outturn.dask`` also ships the files).
    """

    def __init__(self, native: _o.Model, recipe: Tuple[str, Tuple[Tuple[str, Any], ...]]):
        self.native = native
        self._recipe = recipe

    # Pickling: rebuild from the recipe (the engine's Model has no serialized form).
    def __reduce__(self):
        return (_rebuild, (self._recipe,))

    @property
    def recipe(self) -> Tuple[str, Tuple[Tuple[str, Any], ...]]:
        """(absolute path, steps): each step ("scenario", name) or ("set", ((driver, value, period), ...))."""
        return self._recipe

    # Identity -------------------------------------------------------------------------------
    name = property(lambda self: self.native.name)
    description = property(lambda self: self.native.description)
    currency = property(lambda self: self.native.currency)
    unit = property(lambda self: self.native.unit)
    path = property(lambda self: self.native.path, doc="the file that was loaded")
    scenario = property(lambda self: self.native.scenario, doc="'base', or the scenario applied")
    calendar = property(lambda self: self.native.calendar, doc="the period grid (outturn.Calendar)")

    @property
    def scenarios(self) -> List[str]:
        """Scenarios the model's file chain defines, in file order ('base' first)."""
        return list(self.native.scenario_names)

    @property
    def periods(self) -> List[str]:
        """Period labels; ``actual_periods`` are the reported ones."""
        return [p.label for p in self.native.calendar.periods]

    @property
    def actual_periods(self) -> List[str]:
        return [p.label for p in self.native.calendar.periods if p.actual]

    @property
    def columns(self) -> List[str]:
        """Every column: periods, then spans (1H10, 2H10, 9M10, FY10, ...)."""
        return list(self.native.calendar.column_labels())

    @property
    def drivers(self) -> pd.DataFrame:
        """One row per driver: value, unit, bounds (low, high), distribution, per-period shocks,
        source, description."""
        rows = []
        for d in self.native.drivers:
            b = d.bounds
            rows.append({"driver": d.name, "value": d.value, "unit": d.unit, "is_date": d.is_date,
                         "low": b[0] if b else np.nan, "high": b[1] if b else np.nan,
                         "distribution": d.distribution.type, "by_period": len(d.by_period) > 0,
                         "shock_sd": d.shocks.sd, "shock_ar1": d.shocks.ar1,
                         "source": d.source, "description": d.description})
        return pd.DataFrame(rows).set_index("driver")

    @property
    def lines(self) -> pd.DataFrame:
        """One row per line: kind, unit, rollup, formula, component, description."""
        return pd.DataFrame([{"line": l.name, "kind": l.kind, "unit": l.unit, "rollup": l.rollup,
                              "formula": l.formula, "component": l.component, "has_actuals": l.has_actuals,
                              "description": l.description} for l in self.native.lines]).set_index("line")

    @property
    def targets(self) -> pd.DataFrame:
        """One row per target: line, span, direction, value, description, source."""
        lines, cal = self.native.lines, self.native.calendar
        return pd.DataFrame([{"target": t.name, "line": lines[t.line].name, "span": cal.column_label(t.column),
                              "direction": t.direction, "value": t.value, "description": t.description,
                              "source": t.source} for t in self.native.targets]).set_index("target")

    def __repr__(self) -> str:
        return "<outturn.Model %r, scenario %s>" % (self.name or self.path, self.scenario)

    # Variants -------------------------------------------------------------------------------
    def with_scenario(self, name: str) -> "Model":
        """The same model under a scenario its file defines. UsageError if unknown."""
        path, steps = self._recipe
        return Model(self.native.with_scenario(name), (path, steps + (("scenario", name),)))

    def with_set(self, sets: Mapping[str, Value]) -> "Model":
        """The same model with drivers overridden: ``{"driver": v, "driver@PERIOD": v}``."""
        return self.with_overrides(_parse_sets(self.native, sets))

    def with_overrides(self, overrides: Sequence[_o.DriverOverride]) -> "Model":
        """The same model with a list of DriverOverride applied (e.g. a goal seek's solution)."""
        path, steps = self._recipe
        plain = tuple((o.driver, o.value, o.period) for o in overrides)
        return Model(self.native.with_overrides(list(overrides)), (path, steps + (("set", plain),)))

    def _variant(self, scenario: Optional[str], set: Optional[Mapping[str, Value]]) -> "Model":
        m = self
        if scenario is not None:
            m = m.with_scenario(scenario)
        if set:
            m = m.with_set(set)
        return m

    # Projection and verdict ---------------------------------------------------------------
    def run(self, scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None) -> RunResult:
        """The projection (lines x columns) and the verdict of every target.

        ``frame, verdict = model.run(scenario="bear", set={"om_growth": "-3%"})``. The values
        are exactly those of ``outturn run --format json``.
        """
        m = self._variant(scenario, set).native
        results = _o.run(m)
        return RunResult(_run_frame(m, results), _verdict_frame(_o.verdicts(results)))

    def report(self, format: str = "table", scenario: Optional[str] = None,
               set: Optional[Mapping[str, Value]] = None) -> str:
        """``outturn run``'s output, byte for byte (table, csv or json)."""
        return _o.render_run(_o.run(self._variant(scenario, set).native), format)

    def check(self, format: str = "table") -> str:
        """``outturn check``'s summary of the model."""
        return _o.render_check(self.native, format)

    def compare(self, *others: Union["Model", str], format: str = "table") -> str:
        """``outturn compare``: this model and others (Models or scenario names) side by side."""
        models = [self.native] + [self.native.with_scenario(o) if isinstance(o, str) else o.native for o in others]
        return _o.render_compare(models, format)

    def html_report(self, *compare: Union["Model", str], samples: int = 0, seed: int = 1, threads: int = 0,
                    bridge_drivers: int = 3, path: Optional[Union[str, "os.PathLike[str]"]] = None) -> str:
        """``outturn report``: one self-contained HTML file (the same bytes as the CLI's) of this
        model beside ``compare`` (Models or scenario names); ``samples`` > 0 adds a Monte Carlo
        sweep with that ``seed``. Written atomically to ``path`` when given; returned either way."""
        models = [self.native.with_scenario(o) if isinstance(o, str) else o.native for o in compare]
        html = _o.render_html_report(self.native, models, _whole("samples", samples, 0, 2**63 - 1),
                                     _whole("seed", seed, 0, 2**64 - 1), threads, bridge_drivers)
        if path is not None:
            _o.write_file_atomic(os.fspath(path), html)
        return html

    # The analyses' reports: each the CLI command's output, byte for byte ------------------
    def sensitivity_report(self, kpis: Optional[Sequence[str]] = None, *, format: str = "table",
                           top: int = _o.SENSITIVITY_TOP, scenario: Optional[str] = None,
                           set: Optional[Mapping[str, Value]] = None, **options: Any) -> str:
        """``outturn sensitivity``'s output (table, csv or json): ``top`` drivers per KPI in the
        table (0: all); other keyword arguments as :meth:`sensitivities`."""
        m = self._variant(scenario, set)
        return _o.render_sensitivity(m.native, m.sensitivities(kpis, **options).native, format, top)

    def tornado_report(self, kpis: Optional[Sequence[str]] = None, *, format: str = "table",
                       top: int = _o.TORNADO_TOP, spider: int = 0, steps: int = 9, swing: str = "distribution",
                       percent: float = 0.1, date_days: float = 30, include_dates: bool = False,
                       scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None) -> str:
        """``outturn tornado``'s output: ``top`` bars per KPI in the table (0: all), and with
        ``spider=N`` the spider series of the N top drivers (``steps`` points each)."""
        m = self._variant(scenario, set)
        t = m.tornado(kpis, swing=swing, percent=percent, date_days=date_days, include_dates=include_dates)
        series = None
        if spider > 0:
            so = _o.SpiderOptions(kpis=list(kpis or []), top=spider, steps=steps, include_dates=include_dates,
                                  swing=_o.SwingOptions(kind=swing, percent=percent, date_days=date_days))
            so.validate()
            series = _o.spider(m.native, so)
        return _o.render_tornado(m.native, t.native, format, series, top)

    def goalseek_report(self, kpi: Optional[Union[str, Sequence[str]]] = None,
                        driver: Optional[Union[str, Sequence[str]]] = None, *, format: str = "table",
                        scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None,
                        **options: Any) -> str:
        """``outturn goalseek``'s output for :meth:`goalseek` with the same arguments: one driver,
        several, or (no driver) the break-even table."""
        m = self._variant(scenario, set)
        r = m.goalseek(kpi, driver, **options)
        if isinstance(r, pd.DataFrame):
            return _o.render_break_even(m.native, r.attrs["native"], format)
        if isinstance(r, _o.GoalSeekResult):
            return _o.render_goal_seek(m.native, r, format)
        return _o.render_multi_goal_seek(m.native, r, format)

    def bridge_report(self, to: Optional[Union["Model", str]] = None, *, format: str = "table",
                      to_scenario: Optional[str] = None, to_set: Optional[Mapping[str, Value]] = None,
                      kpis: Optional[Sequence[str]] = None, max_shapley: int = 14,
                      scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None) -> str:
        """``outturn bridge``'s output for :meth:`bridge` with the same arguments."""
        src = self._variant(scenario, set)
        if isinstance(to, Model):
            dst = to
        else:
            dst = load(to if to is not None else self.path)._variant(to_scenario, to_set)
        b = src.bridge(dst, kpis=kpis, max_shapley=max_shapley)
        return _o.render_bridge(src.native, dst.native, b.native, format)

    # Sensitivities ---------------------------------------------------------------------------
    def sensitivities(self, kpis: Optional[Sequence[str]] = None, *, per_period: bool = False,
                      all_cells: bool = False, include_dates: bool = False, range: str = "distribution",
                      percent: float = 0.1, scenario: Optional[str] = None,
                      set: Optional[Mapping[str, Value]] = None) -> Sensitivities:
        """Exact derivatives of the KPIs (targets or "line@COLUMN"; default: the open targets and
        the kpi lines) by driver, elasticities and effects across each driver's range."""
        m = self._variant(scenario, set).native
        o = _o.SensitivityOptions(kpis=list(kpis or []), per_period=per_period, all_cells=all_cells,
                                  include_dates=include_dates, range=_o.SwingOptions(kind=range, percent=percent))
        r = _o.sensitivities(m, o)
        rows = pd.Index([k.name for k in r.kpis], name="kpi")
        cols = pd.Index(r.input_names, name="input")
        inputs = pd.DataFrame({"value": r.input_values, "low": [x.low for x in r.ranges],
                               "high": [x.high for x in r.ranges], "source": [x.source for x in r.ranges]},
                              index=cols)
        return Sensitivities(jacobian=pd.DataFrame(r.jacobian, index=rows, columns=cols),
                             elasticities=pd.DataFrame(r.elasticities, index=rows, columns=cols),
                             effects=pd.DataFrame(r.effects, index=rows, columns=cols),
                             values=pd.Series(r.values, index=rows, name="value"), inputs=inputs, native=r)

    def jacobian(self, kpis: Optional[Sequence[str]] = None, **kwargs: Any) -> pd.DataFrame:
        """d KPI / d driver (KPIs x inputs), exact (forward-mode automatic differentiation).
        Keyword arguments as :meth:`sensitivities`."""
        return self.sensitivities(kpis, **kwargs).jacobian

    def tornado(self, kpis: Optional[Sequence[str]] = None, *, swing: str = "distribution",
                percent: float = 0.1, date_days: float = 30, include_dates: bool = False,
                scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None) -> Tornado:
        """Each driver alone at its low and its high (P10/P90 by default), ranked by swing."""
        m = self._variant(scenario, set).native
        o = _o.TornadoOptions(kpis=list(kpis or []), include_dates=include_dates,
                              swing=_o.SwingOptions(kind=swing, percent=percent, date_days=date_days))
        t = _o.tornado(m, o)
        rows = []
        for i, k in enumerate(t.kpis):
            for rank, b in enumerate(t.bars[i], 1):
                r = t.ranges[b.input]
                rows.append({"kpi": k.name, "rank": rank, "input": t.input_names[b.input], "low": r.low,
                             "high": r.high, "range": r.source, "kpi_low": b.kpi_low, "kpi_high": b.kpi_high,
                             "swing": b.swing})
        bars = pd.DataFrame(rows, columns=["kpi", "rank", "input", "low", "high", "range", "kpi_low", "kpi_high",
                                           "swing"])
        return Tornado(bars=bars, base=pd.Series(t.base, index=pd.Index([k.name for k in t.kpis], name="kpi")),
                       top=[t.input_names[i] for i in t.top], native=t)

    def goalseek(self, kpi: Optional[Union[str, Sequence[str]]] = None,
                 driver: Optional[Union[str, Sequence[str]]] = None, *,
                 target: Optional[Union[float, Sequence[float]]] = None, direction: Optional[str] = None,
                 bracket: Optional[Tuple[float, float]] = None, tolerance: Optional[float] = None,
                 exact: bool = False, keep_met: bool = False, top: int = 5,
                 aim: Optional[Union[str, float]] = None, scenario: Optional[str] = None,
                 set: Optional[Mapping[str, Value]] = None) -> Any:
        """What would have to be true to hit the target, as ``outturn goalseek``.

        One ``driver`` (and one ``kpi``): the value that meets the goal (a GoalSeekResult:
        ``status``, ``value``, ``kpi_value``, ``overrides``; TOMS748). Several drivers: the least
        weighted change that meets every goal (MultiGoalSeekResult). No driver: each top
        driver's break-even for each goal, as a DataFrame (goals x drivers, NaN where none).
        ``kpi`` defaults to every open target; ``target`` to the target's own value; a range
        target aims at ``aim`` (``"nearest"`` edge by default, ``"low"``, ``"high"``, ``"mid"``
        or a value inside it).
        ``model.with_overrides(result.overrides)`` applies a solution. Several drivers: the
        result's ``targets`` give every target before and after (``broken`` ones were met and
        are missed); ``keep_met=True`` keeps the targets met today met.
        """
        m = self._variant(scenario, set).native
        goals = _goals(m, kpi, target, direction, aim)
        seek = _o.GoalSeekOptions()
        if tolerance is not None:
            seek.tolerance = float(tolerance)
        drivers = [driver] if isinstance(driver, str) else list(driver or [])
        if bracket is not None and len(drivers) != 1:
            raise _o.UsageError("bracket takes exactly one driver")
        if not drivers:
            r = _o.break_even(m, goals, _o.BreakEvenOptions(top=top, seek=seek))
            table = pd.DataFrame(
                [[c.value if c.solved else np.nan for c in r.cells[g * len(r.inputs):(g + 1) * len(r.inputs)]]
                 for g in range(len(r.goals))],
                index=pd.Index([g.kpi.name for g in r.goals], name="kpi"),
                columns=pd.Index(r.input_names, name="input"))
            table.attrs["own_values"] = dict(zip(r.input_names, r.own_values.tolist()))
            table.attrs["native"] = r
            return table
        inputs = [_o.find_input(m, d) for d in drivers]
        if len(inputs) == 1 and len(goals) == 1:
            if bracket is not None:
                seek.bracket = (float(bracket[0]), float(bracket[1]))
            seek.validate()
            return _o.goal_seek(m, goals[0], inputs[0], seek)
        mo = _o.MultiGoalSeekOptions(tolerance=seek.tolerance, equality=exact, keep_met=keep_met)
        mo.validate()
        return _o.multi_goal_seek(m, goals, inputs, mo)

    def bridge(self, to: Optional[Union["Model", str]] = None, *, to_scenario: Optional[str] = None,
               to_set: Optional[Mapping[str, Value]] = None, kpis: Optional[Sequence[str]] = None,
               max_shapley: int = 14, scenario: Optional[str] = None,
               set: Optional[Mapping[str, Value]] = None) -> Bridge:
        """Each driver's contribution to the change of each KPI from this model to another
        (``to``: a Model or a file path; else this file under ``to_scenario`` / ``to_set``).
        Shapley values that add up exactly to the change."""
        src = self._variant(scenario, set)
        if isinstance(to, Model):
            dst = to
        else:
            dst = load(to) if to is not None else load(self._recipe[0])
            dst = dst._variant(to_scenario, to_set)
        r = _o.bridge(src.native, dst.native, _o.BridgeOptions(kpis=list(kpis or []), max_shapley_drivers=max_shapley))
        cols = pd.Index([k.name for k in r.kpis], name="kpi")
        contrib = r.contributions
        order = sorted(range(len(r.steps)), key=lambda s: -abs(contrib[s, 0])) if len(cols) else list(range(len(r.steps)))
        frame = pd.DataFrame(contrib[order, :] if order else contrib, index=pd.Index([r.steps[s] for s in order], name="step"),
                             columns=cols)
        return Bridge(contributions=frame, from_=pd.Series(r.from_, index=cols), to=pd.Series(r.to, index=cols),
                      total=pd.Series(r.total, index=cols), method=r.method, native=r)

    # The reverse stress test -----------------------------------------------------------------
    def stress(self, kpi: Optional[Union[str, Sequence[str]]] = None, *,
               target: Optional[Union[float, Sequence[float]]] = None, direction: Optional[str] = None,
               starts: int = 8, seed: int = 1, scenario: Optional[str] = None,
               set: Optional[Mapping[str, Value]] = None) -> Any:
        """The most probable way to miss each target, as ``outturn stress``: the FORM design
        point of each goal (a StressResult: ``targets[i].points[0]`` has ``beta``, ``p_miss``,
        ``values``, ``percentiles``, ``importance`` over ``items``, and ``overrides``, which
        ``model.with_overrides`` applies). Goals as :meth:`goalseek`; a range target is two
        goals, its low edge and its high one (missed below the one, above the other)."""
        m = self._variant(scenario, set).native
        o = _o.StressOptions(starts=_whole("starts", starts, -(2**31), 2**31 - 1), seed=_whole("seed", seed, 0, 2**64 - 1))
        o.validate()
        return _o.stress(m, _goals(m, kpi, target, direction, split_ranges=True), o)

    def stress_report(self, kpi: Optional[Union[str, Sequence[str]]] = None, *, format: str = "table",
                      samples: int = 0, top: int = 10, seed: int = 1, scenario: Optional[str] = None,
                      set: Optional[Mapping[str, Value]] = None, **options: Any) -> str:
        """``outturn stress``'s output for :meth:`stress` with the same arguments; ``samples``: a
        Monte Carlo sweep of that size beside FORM's P(miss)."""
        m = self._variant(scenario, set)
        r = m.stress(kpi, seed=seed, **options)
        sweep = m.sweep(samples, seed=seed).native if samples else None
        return _o.render_stress(m.native, r, format, sweep, top)

    # Sweeps -----------------------------------------------------------------------------------
    def sweep(self, samples: int = 100_000, method: str = "mc", seed: int = 1, *,
              progress: Optional[Callable[[int, int], None]] = None, keep_samples: Union[bool, int] = False,
              scenario: Optional[str] = None, set: Optional[Mapping[str, Value]] = None,
              **options: Any) -> SweepResult:
        """Samples the uncertain drivers and measures the targets, on every core (``threads=``).

        Other keyword arguments are SweepOptions fields (``threads``, ``chunk``, ``until_ci``,
        ``confidence``, ``lhs_block``, ``grid_points``, ``drivers``, ``regression``,
        ``histogram_bins``, ...). ``keep_samples`` (True: all, or a count) also returns the first
        scenarios raw as ``result.samples_kept`` (numpy arrays, not copied). Ctrl-C stops the
        sweep and raises KeyboardInterrupt, whose ``partial`` attribute holds the statistics so
        far. Bit-identical for any thread count, chunk size, or Dask cluster (outturn.dask).
        """
        m = self._variant(scenario, set).native
        o = _sweep_options(samples, method, seed, options)
        r = _o.sweep(m, o, progress)
        kept = None
        if keep_samples:
            n = r.samples if keep_samples is True else min(int(keep_samples), r.samples)
            kept = Samples(_o.sample_sweep(m, o, 0, n))
        return SweepResult(r, kept, m)

    def sweep_samples(self, count: int, first: int = 0, samples: Optional[int] = None, method: str = "mc",
                      seed: int = 1, *, scenario: Optional[str] = None,
                      set: Optional[Mapping[str, Value]] = None, **options: Any) -> Samples:
        """Scenarios [first, first + count) of a sweep, exactly as ``sweep`` draws and evaluates
        them, as numpy arrays over the engine's buffers (no copy). ``samples`` (the sweep's size,
        default first + count) only matters for designs that depend on it (lhs, grid, oat)."""
        m = self._variant(scenario, set).native
        o = _sweep_options(samples if samples is not None else first + count, method, seed, options)
        return Samples(_o.sample_sweep(m, o, int(first), int(count)))


def _rebuild(recipe: Tuple[str, Tuple[Tuple[str, Any], ...]]) -> Model:
    path, steps = recipe
    model = Model(_o.Model.load(_path_arg(path)), (path, ()))
    for kind, arg in steps:
        if kind == "scenario":
            model = model.with_scenario(arg)
        else:
            model = model.with_overrides([_o.DriverOverride(d, v, p) for d, v, p in arg])
    return model
