# SPDX-License-Identifier: MIT
# Type stubs of outturn._outturn, written by bindings/python/stubgen.py: do not edit by hand.
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, overload

import numpy

LEAF_SIZE: int
QUANTILE_LEVELS: List[float]
SEGMENT_SIZE: int
SENSITIVITY_TOP: int
TORNADO_TOP: int
__version__: str

class ActualsResult:
    """The next vintage: its YAML text and what went into it."""
    @property
    def text(self) -> str:
        ...
    @property
    def old_through(self) -> str:
        ...
    @property
    def new_through(self) -> str:
        ...
    @property
    def figures(self) -> List[ReportedFigure]:
        ...
    @property
    def notes(self) -> List[str]:
        ...

class BacktestResult:
    """outturn backtest: scores, coverage and width multipliers."""
    @property
    def outcome_path(self) -> str:
        ...
    @property
    def samples(self) -> int:
        ...
    @property
    def seed(self) -> int:
        ...
    @property
    def scores(self) -> List[BacktestScore]:
        ...
    @property
    def n(self) -> int:
        ...
    @property
    def in50(self) -> int:
        ...
    @property
    def in90(self) -> int:
        ...
    @property
    def in50_low(self) -> float:
        ...
    @property
    def in50_high(self) -> float:
        ...
    @property
    def in90_low(self) -> float:
        ...
    @property
    def in90_high(self) -> float:
        ...
    @property
    def mean_brier(self) -> float:
        ...
    @property
    def verdicts_right(self) -> int:
        ...
    @property
    def multiplier90(self) -> float:
        ...
    @property
    def multiplier50(self) -> float:
        ...
    @property
    def notes(self) -> List[str]:
        ...

class BacktestScore:
    """One target of one vintage against its outcome."""
    @property
    def vintage(self) -> str:
        ...
    @property
    def as_of(self) -> str:
        ...
    @property
    def through(self) -> str:
        ...
    @property
    def target(self) -> str:
        ...
    @property
    def line(self) -> str:
        ...
    @property
    def span(self) -> str:
        ...
    @property
    def direction(self) -> str:
        ...
    @property
    def target_value(self) -> float:
        ...
    @property
    def target_high(self) -> float:
        ...
    @property
    def forecast(self) -> float:
        ...
    @property
    def p5(self) -> float:
        ...
    @property
    def p25(self) -> float:
        ...
    @property
    def p50(self) -> float:
        ...
    @property
    def p75(self) -> float:
        ...
    @property
    def p95(self) -> float:
        ...
    @property
    def p_meet(self) -> float:
        ...
    @property
    def p_meet_low(self) -> float:
        ...
    @property
    def p_meet_high(self) -> float:
        ...
    @property
    def outcome(self) -> float:
        ...
    @property
    def percentile(self) -> float:
        ...
    @property
    def outcome_meets(self) -> bool:
        ...
    @property
    def forecast_meets(self) -> bool:
        ...
    @property
    def verdict_right(self) -> bool:
        ...
    @property
    def brier(self) -> float:
        ...
    @property
    def crps(self) -> float:
        ...
    @property
    def in50(self) -> bool:
        ...
    @property
    def in90(self) -> bool:
        ...
    @property
    def stretch90(self) -> float:
        ...
    @property
    def stretch50(self) -> float:
        ...

class BreakEvenOptions:
    """BreakEvenOptions(**fields)."""
    def __init__(self: BreakEvenOptions, **kwargs: Any) -> None:
        ...
    @property
    def top(self) -> int:
        ...
    @top.setter
    def top(self, value: int) -> None: ...
    @property
    def drivers(self) -> List[str]:
        ...
    @drivers.setter
    def drivers(self, value: List[str]) -> None: ...
    @property
    def include_dates(self) -> bool:
        ...
    @include_dates.setter
    def include_dates(self, value: bool) -> None: ...
    @property
    def swing(self) -> SwingOptions:
        ...
    @swing.setter
    def swing(self, value: SwingOptions) -> None: ...
    @property
    def seek(self) -> GoalSeekOptions:
        ...
    @seek.setter
    def seek(self, value: GoalSeekOptions) -> None: ...
    def validate(self: BreakEvenOptions) -> None:
        ...

class BreakEvenResult:
    """For each goal, each top driver's break-even value alone."""
    @property
    def goals(self) -> List[Goal]:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def input_names(self) -> List[str]:
        ...
    @property
    def own_values(self) -> numpy.ndarray:
        ...
    @property
    def cells(self) -> List[GoalSeekResult]:
        """goals x inputs, row-major"""
    def at(self: BreakEvenResult, goal: int, input: int) -> GoalSeekResult:
        ...

class BridgeOptions:
    """BridgeOptions(**fields)."""
    def __init__(self: BridgeOptions, **kwargs: Any) -> None:
        ...
    @property
    def kpis(self) -> List[str]:
        ...
    @kpis.setter
    def kpis(self, value: List[str]) -> None: ...
    @property
    def max_shapley_drivers(self) -> int:
        """in [0, 16]"""
    @max_shapley_drivers.setter
    def max_shapley_drivers(self, value: int) -> None: ...
    def validate(self: BridgeOptions) -> None:
        ...

class BridgeResult:
    """Each driver's contribution to the change of each KPI."""
    @property
    def kpis(self) -> List[Kpi]:
        ...
    @property
    def steps(self) -> List[str]:
        ...
    @property
    def from_(self) -> numpy.ndarray:
        """KPI values of the 'from' model"""
    @property
    def to(self) -> numpy.ndarray:
        ...
    @property
    def total(self) -> numpy.ndarray:
        ...
    @property
    def contributions(self) -> numpy.ndarray:
        """steps x kpis; each column adds up to total"""
    @property
    def method(self) -> str:
        ...
    @property
    def exact(self) -> List[bool]:
        ...
    @property
    def quantum(self) -> numpy.ndarray:
        ...

class Calendar:
    """The period grid: periods, then spans. A column index c < num_periods is a period,
    otherwise span c - num_periods.
    """
    @property
    def periods(self) -> List[Period]:
        ...
    @property
    def spans(self) -> List[Span]:
        ...
    @property
    def num_periods(self) -> int:
        ...
    @property
    def num_columns(self) -> int:
        ...
    @property
    def num_actual(self) -> int:
        """number of leading reported periods"""
    @property
    def periodicity(self) -> str:
        ...
    def column_label(self: Calendar, column: int) -> str:
        """label of a column (period or span)"""
    def find_column(self: Calendar, label: str) -> int:
        """column index of a label, or -1"""
    def column_range(self: Calendar, column: int) -> Tuple[int, int]:
        """(first, last) period indices covered by a column, inclusive"""
    def column_labels(self: Calendar) -> List[str]:
        """every column label: periods, then spans"""

class Cell:
    """A result cell: a line in a calendar column (period or span)."""
    def __init__(self: Cell, line: int, column: int) -> None:
        ...
    @property
    def line(self) -> int:
        """index into Model.lines"""
    @line.setter
    def line(self, value: int) -> None: ...
    @property
    def column(self) -> int:
        """calendar column"""
    @column.setter
    def column(self, value: int) -> None: ...
    def __eq__(self, other: object) -> bool:
        ...
    def __hash__(self: Cell) -> int:
        ...

class Component:
    """A named group of component lines."""
    @property
    def name(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...

class Correlation:
    """Correlation between uncertain drivers in sweeps (a valid correlation matrix)."""
    @property
    def drivers(self) -> List[int]:
        """indices into Model.drivers"""
    @property
    def matrix(self) -> numpy.ndarray:
        """drivers x drivers (a new array)"""
    @property
    def adjusted(self) -> bool:
        """the file's matrix was replaced by the nearest valid one"""

class DesignDriver:
    """One driver of a grid or one-at-a-time design: its levels and each target's value at
    each level (oat: the point, the others at their values; grid: the mean over the points
    at that level), and each target's range over the levels.
    """
    @property
    def name(self) -> str:
        ...
    @property
    def levels(self) -> List[float]:
        ...
    @property
    def at_level(self) -> List[List[float]]:
        """[target][level]"""
    @property
    def range(self) -> List[float]:
        """[target]: max - min of at_level"""

class DesignPoint:
    """A FORM design point: the most probable point of the boundary."""
    @property
    def u(self) -> numpy.ndarray:
        """independent standard normal scores (drivers, then shock terms)"""
    @property
    def z(self) -> numpy.ndarray:
        """the drivers' normal scores"""
    @property
    def values(self) -> numpy.ndarray:
        """the drivers' values at the point"""
    @property
    def shock_values(self) -> numpy.ndarray:
        ...
    @property
    def beta(self) -> float:
        """reliability index (negative when the median misses)"""
    @property
    def p_miss(self) -> float:
        """Phi(-beta), the first-order P(miss)"""
    @property
    def percentiles(self) -> numpy.ndarray:
        ...
    @property
    def importance(self) -> numpy.ndarray:
        """each item's share of beta^2"""
    @property
    def ranking(self) -> List[int]:
        ...
    @property
    def kpi(self) -> float:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def cells(self) -> numpy.ndarray:
        """every line in every column at the point, line-major"""
    @property
    def overrides(self) -> List[DriverOverride]:
        ...

class Dimension:
    """A dimension: its items; drivers and lines over it are NAME[ITEM]."""
    @property
    def name(self) -> str:
        ...
    @property
    def items(self) -> List[str]:
        ...

class Distribution:
    """The uncertainty of a driver's value, for sweeps. Fields by type: normal {mean, sd};
    truncated_normal {mean, sd, low, high}; lognormal {mean, sd}; uniform {low, high};
    triangular and pert {low, mode, high}; discrete {values, weights}; empirical {values}.
    """
    def __init__(self: Distribution) -> None:
        ...
    @property
    def type(self) -> str:
        ...
    @type.setter
    def type(self, value: str) -> None: ...
    @property
    def mean(self) -> float:
        ...
    @mean.setter
    def mean(self, value: float) -> None: ...
    @property
    def sd(self) -> float:
        ...
    @sd.setter
    def sd(self, value: float) -> None: ...
    @property
    def low(self) -> float:
        ...
    @low.setter
    def low(self, value: float) -> None: ...
    @property
    def high(self) -> float:
        ...
    @high.setter
    def high(self, value: float) -> None: ...
    @property
    def mode(self) -> float:
        ...
    @mode.setter
    def mode(self, value: float) -> None: ...
    @property
    def values(self) -> List[float]:
        ...
    @values.setter
    def values(self, value: List[float]) -> None: ...
    @property
    def weights(self) -> List[float]:
        ...
    @weights.setter
    def weights(self, value: List[float]) -> None: ...

class Driver:
    """A named parameter; `value` applies in every period without a by_period entry."""
    @property
    def name(self) -> str:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def is_date(self) -> bool:
        """unit 'date': values are day numbers"""
    @property
    def bounds(self) -> Optional[Tuple[float, float]]:
        """(low, high) or None"""
    @property
    def value(self) -> float:
        """base value"""
    @property
    def by_period(self) -> Dict[int, float]:
        """period index -> value"""
    @property
    def distribution(self) -> Distribution:
        ...
    @property
    def shocks(self) -> Shocks:
        """per-period shocks in sweeps"""
    @property
    def location(self) -> SourceLocation:
        """where the driver's key is"""
    def value_at(self: Driver, period: int) -> float:
        """value in period index `period`"""

class DriverOverride:
    """A value for a driver applied on top of a model (the CLI's --set); period -1: every period."""
    def __init__(self: DriverOverride, driver: str, value: float, period: int = -1) -> None:
        ...
    @property
    def driver(self) -> str:
        ...
    @driver.setter
    def driver(self, value: str) -> None: ...
    @property
    def value(self) -> float:
        ...
    @value.setter
    def value(self, value: float) -> None: ...
    @property
    def period(self) -> int:
        ...
    @period.setter
    def period(self, value: int) -> None: ...

class Error(ValueError):
    """Root of every error outturn raises on bad input (a ValueError). str() is the full
    user-facing message.
    """

class EvolutionBand:
    """A vintage's sweep of one target."""
    @property
    def p5(self) -> float:
        ...
    @property
    def p50(self) -> float:
        ...
    @property
    def p95(self) -> float:
        ...
    @property
    def p_meet(self) -> float:
        ...
    @property
    def p_meet_low(self) -> float:
        ...
    @property
    def p_meet_high(self) -> float:
        ...

class EvolutionResult:
    """outturn evolution: how the forecast moved, and why."""
    @property
    def old_path(self) -> str:
        ...
    @property
    def new_path(self) -> str:
        ...
    @property
    def old_as_of(self) -> str:
        ...
    @property
    def new_as_of(self) -> str:
        ...
    @property
    def old_through(self) -> str:
        ...
    @property
    def new_through(self) -> str:
        ...
    @property
    def steps(self) -> List[str]:
        """'surprise', 'carried', then each changed driver"""
    @property
    def targets(self) -> List[EvolutionTarget]:
        ...
    @property
    def surprises(self) -> List[Surprise]:
        ...
    @property
    def samples(self) -> int:
        ...
    @property
    def seed(self) -> int:
        ...
    @property
    def notes(self) -> List[str]:
        ...

class EvolutionTarget:
    """One target in both vintages, and the bridge between them."""
    @property
    def target(self) -> str:
        ...
    @property
    def line(self) -> str:
        ...
    @property
    def span(self) -> str:
        ...
    @property
    def direction(self) -> str:
        ...
    @property
    def old_target(self) -> float:
        ...
    @property
    def new_target(self) -> float:
        ...
    @property
    def old_forecast(self) -> float:
        ...
    @property
    def new_forecast(self) -> float:
        ...
    @property
    def old_gap(self) -> float:
        ...
    @property
    def new_gap(self) -> float:
        ...
    @property
    def old_met(self) -> bool:
        ...
    @property
    def new_met(self) -> bool:
        ...
    @property
    def steps(self) -> List[float]:
        """contributions, in EvolutionResult.steps order"""
    @property
    def exact(self) -> bool:
        """the steps add up exactly to new - old"""
    @property
    def surprise_split(self) -> bool:
        ...
    @property
    def old_band(self) -> EvolutionBand:
        ...
    @property
    def new_band(self) -> EvolutionBand:
        ...

class Goal:
    """A KPI and the value it should reach (met on `direction`'s side)."""
    def __init__(self: Goal, kpi: Kpi, target: float, direction: str = 'at_least') -> None:
        ...
    @property
    def kpi(self) -> Kpi:
        ...
    @kpi.setter
    def kpi(self, value: Kpi) -> None: ...
    @property
    def target(self) -> float:
        ...
    @target.setter
    def target(self, value: float) -> None: ...
    @property
    def direction(self) -> str:
        ...
    @direction.setter
    def direction(self, value: str) -> None: ...
    @property
    def range(self) -> Optional[Tuple[float, float]]:
        """a range target's (low, high) when the goal aims at a point of it, else None"""

class GoalSeekOptions:
    """GoalSeekOptions(**fields)."""
    def __init__(self: GoalSeekOptions, **kwargs: Any) -> None:
        ...
    @property
    def tolerance(self) -> float:
        """relative tolerance on the KPI, in [1e-15, 0.1]"""
    @tolerance.setter
    def tolerance(self, value: float) -> None: ...
    @property
    def max_iterations(self) -> int:
        ...
    @max_iterations.setter
    def max_iterations(self, value: int) -> None: ...
    @property
    def bracket(self) -> Optional[Tuple[float, float]]:
        """(low, high) to search; None: the driver's bounds"""
    @bracket.setter
    def bracket(self, value: Optional[Tuple[float, float]]) -> None: ...
    @property
    def default_span(self) -> float:
        ...
    @default_span.setter
    def default_span(self, value: float) -> None: ...
    @property
    def date_days(self) -> float:
        ...
    @date_days.setter
    def date_days(self, value: float) -> None: ...
    @property
    def scan_intervals(self) -> int:
        ...
    @scan_intervals.setter
    def scan_intervals(self, value: int) -> None: ...
    def validate(self: GoalSeekOptions) -> None:
        ...

class GoalSeekResult:
    """One driver's value that meets a goal, or why there is none."""
    @property
    def status(self) -> str:
        """solved, no solution in bracket, or not converged (ToString spelling)"""
    @property
    def solved(self) -> bool:
        ...
    @property
    def message(self) -> str:
        ...
    @property
    def goal(self) -> Goal:
        ...
    @property
    def input(self) -> Input:
        ...
    @property
    def input_name(self) -> str:
        ...
    @property
    def own_value(self) -> float:
        ...
    @property
    def value(self) -> float:
        ...
    @property
    def kpi_own(self) -> float:
        ...
    @property
    def kpi_value(self) -> float:
        ...
    @property
    def low(self) -> float:
        ...
    @property
    def high(self) -> float:
        ...
    @property
    def tolerance(self) -> float:
        ...
    @property
    def bracket_width(self) -> float:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def evaluations(self) -> int:
        ...
    @property
    def overrides(self) -> List[DriverOverride]:
        """the overrides that apply the solution"""

class Input:
    """A varying quantity: a driver's value (period -1: its base value), or its value in one period."""
    def __init__(self: Input, driver: int, period: int = -1) -> None:
        ...
    @property
    def driver(self) -> int:
        """index into Model.drivers"""
    @driver.setter
    def driver(self, value: int) -> None: ...
    @property
    def period(self) -> int:
        """period index, or -1"""
    @period.setter
    def period(self, value: int) -> None: ...
    def __eq__(self, other: object) -> bool:
        ...
    def __hash__(self: Input) -> int:
        ...

class InputRange:
    """A driver's low and high value."""
    @property
    def low(self) -> float:
        ...
    @property
    def high(self) -> float:
        ...
    @property
    def source(self) -> str:
        """'P10/P90', 'bounds', '±10%', '±30 days' (', clipped')"""
    @property
    def width(self) -> float:
        ...

class Kpi:
    """A result cell with the name it is shown under."""
    @property
    def name(self) -> str:
        """the target's name, else 'line@COLUMN'"""
    @property
    def cell(self) -> Cell:
        ...
    @property
    def target(self) -> int:
        """index into Model.targets, or -1"""

class KpiStats:
    """Statistics of one target's cell over the scenarios of a sweep."""
    @property
    def name(self) -> str:
        """target name"""
    @property
    def line(self) -> str:
        ...
    @property
    def span(self) -> str:
        ...
    @property
    def target(self) -> float:
        """the target; a range: its low edge"""
    @property
    def high(self) -> float:
        """a range: its high edge (otherwise the target)"""
    @property
    def direction(self) -> str:
        ...
    @property
    def base(self) -> float:
        """the target's value in the model's own scenario (nothing sampled)"""
    @property
    def mean(self) -> float:
        ...
    @property
    def sd(self) -> float:
        ...
    @property
    def min(self) -> float:
        ...
    @property
    def max(self) -> float:
        ...
    @property
    def quantiles(self) -> List[float]:
        """at QUANTILE_LEVELS, from the histogram"""
    @property
    def quantile_error(self) -> float:
        """bound on each quantile's error (a bin width)"""
    @property
    def hist_low(self) -> float:
        ...
    @property
    def hist_high(self) -> float:
        ...
    @property
    def bins(self) -> numpy.ndarray:
        """histogram counts over [hist_low, hist_high) (a read-only view)"""
    @property
    def below(self) -> int:
        """scenarios below hist_low"""
    @property
    def above(self) -> int:
        """scenarios at or above hist_high"""
    @property
    def p_meet(self) -> float:
        ...
    @property
    def p_low(self) -> float:
        """Wilson interval at SweepOptions.confidence"""
    @property
    def p_high(self) -> float:
        ...
    @property
    def meets(self) -> int:
        ...
    @property
    def p_below(self) -> float:
        """P(below the target, or a range's low edge)"""
    @property
    def p_below_low(self) -> float:
        ...
    @property
    def p_below_high(self) -> float:
        ...
    @property
    def p_above(self) -> float:
        """P(above the target, or a range's high edge)"""
    @property
    def p_above_low(self) -> float:
        ...
    @property
    def p_above_high(self) -> float:
        ...
    @property
    def misses_below(self) -> int:
        ...
    @property
    def misses_above(self) -> int:
        ...
    @property
    def expected_shortfall(self) -> float:
        """E[shortfall against the target]"""
    @property
    def shortfall_given_miss(self) -> float:
        ...
    @property
    def driver_mean_meet(self) -> List[float]:
        """per driver: its mean among the meets"""
    @property
    def driver_mean_miss(self) -> List[float]:
        """per driver: its mean among the misses"""
    @property
    def sobol_first(self) -> List[float]:
        """first-order Sobol index per driver (when requested)"""
    @property
    def sobol_total(self) -> List[float]:
        """total Sobol index per driver (when requested)"""
    @property
    def sobol_first_low(self) -> List[float]:
        """lower end of each first-order index's interval"""
    @property
    def sobol_first_high(self) -> List[float]:
        """upper end of each first-order index's interval"""
    @property
    def sobol_total_low(self) -> List[float]:
        """lower end of each total index's interval"""
    @property
    def sobol_total_high(self) -> List[float]:
        """upper end of each total index's interval"""
    @property
    def src(self) -> List[float]:
        """standardized regression coefficients (when requested)"""
    @property
    def r_squared(self) -> float:
        ...

class Line:
    """A line of the model: actuals where reported, a formula elsewhere."""
    @property
    def name(self) -> str:
        ...
    @property
    def kind(self) -> str:
        """revenue, cost, expense, other, subtotal, kpi or memo"""
    @property
    def description(self) -> str:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def rollup(self) -> str:
        """sum, last, average or formula"""
    @property
    def formula(self) -> str:
        """source text; '' if none"""
    @property
    def actuals(self) -> List[Optional[float]]:
        """per period: the reported value (de-cumulated) or None"""
    @property
    def history(self) -> List[float]:
        """values before the horizon (history: or opening:), most recent first: history[0] is the period just before the first"""
    @property
    def reported(self) -> Dict[int, float]:
        """column -> reported value (checked)"""
    @property
    def component(self) -> str:
        """the component it belongs to, or ''"""
    @property
    def location(self) -> SourceLocation:
        ...
    @property
    def has_actuals(self) -> bool:
        ...

class Model:
    """A validated driver-based model: calendar, drivers, lines, targets, scenarios. Immutable
    and cheap to copy; safe to use from several threads.
    """
    @staticmethod
    def load(path: str) -> Model:
        """Loads a model file, or a scenario file (the model it extends, with the scenario applied).
        Raises ModelError (file:line:col) on invalid input, NumericalError when the model's own
        values produce NaN or infinity.
        """
    def with_scenario(self: Model, name: str) -> Model:
        """The same model under a scenario its file defines ('base' is the model). UsageError if unknown."""
    def with_overrides(self: Model, overrides: List[DriverOverride]) -> Model:
        """The same model with driver values replaced (a list of DriverOverride). UsageError for unknown
        drivers or periods and values out of bounds.
        """
    @property
    def name(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def currency(self) -> str:
        ...
    @property
    def unit(self) -> str:
        ...
    @property
    def source(self) -> str:
        """model.source: where the model's figures come from"""
    @property
    def as_of(self) -> str:
        """model.as_of: the date of the model's vintage ('' if not given)"""
    @property
    def actuals_source(self) -> str:
        """model.actuals_source: where its actuals came from"""
    @property
    def overrides(self) -> List[DriverOverride]:
        """the driver overrides applied on top of the scenario"""
    @property
    def path(self) -> str:
        """path of the file that was loaded"""
    @property
    def scenario(self) -> str:
        """'base', or the scenario applied"""
    @property
    def scenario_description(self) -> str:
        ...
    @property
    def scenario_names(self) -> List[str]:
        """scenarios the model's file chain defines, in file order ('base' first)"""
    @property
    def source_files(self) -> List[str]:
        """the files the model was read from, in load order: the file loaded, then each file its
        extends: chain names, the model file last (normalized; relative ones are relative to
        the working directory at load time)
        """
    @property
    def calendar(self) -> Calendar:
        ...
    @property
    def drivers(self) -> List[Driver]:
        ...
    @property
    def lines(self) -> List[Line]:
        ...
    @property
    def targets(self) -> List[Target]:
        ...
    @property
    def components(self) -> List[Component]:
        ...
    @property
    def dimensions(self) -> List[Dimension]:
        """dimensions and their items, in file order"""
    @property
    def correlations(self) -> List[Correlation]:
        """correlations between uncertain drivers"""
    def find_driver(self: Model, name: str) -> int:
        """index of a driver by name, or -1"""
    def find_line(self: Model, name: str) -> int:
        """index of a line by name, or -1"""

class ModelError(Error):
    """A model or scenario file breaks a rule. str() reads like a compiler diagnostic:
    'file:line:col: error: key.path: rule', then the source line and a caret.
    Attributes: file, line, column (1-based; 0: unknown), key_path, rule (the rule
    broken, without location), headline (the first line of str()).
    """
    file: str
    line: int
    column: int
    key_path: str
    rule: str
    headline: str

class MultiGoalSeekOptions:
    """MultiGoalSeekOptions(**fields)."""
    def __init__(self: MultiGoalSeekOptions, **kwargs: Any) -> None:
        ...
    @property
    def tolerance(self) -> float:
        ...
    @tolerance.setter
    def tolerance(self, value: float) -> None: ...
    @property
    def max_iterations(self) -> int:
        ...
    @max_iterations.setter
    def max_iterations(self, value: int) -> None: ...
    @property
    def equality(self) -> bool:
        """drive each KPI to its target from either side"""
    @equality.setter
    def equality(self, value: bool) -> None: ...
    @property
    def keep_met(self) -> bool:
        """keep the open targets met at the start met (added as inequality goals)"""
    @keep_met.setter
    def keep_met(self, value: bool) -> None: ...
    def validate(self: MultiGoalSeekOptions) -> None:
        ...

class MultiGoalSeekResult:
    """The least weighted change of several drivers."""
    @property
    def status(self) -> str:
        ...
    @property
    def solved(self) -> bool:
        ...
    @property
    def message(self) -> str:
        ...
    @property
    def goals(self) -> List[Goal]:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def input_names(self) -> List[str]:
        ...
    @property
    def own_values(self) -> numpy.ndarray:
        ...
    @property
    def values(self) -> numpy.ndarray:
        ...
    @property
    def weights(self) -> numpy.ndarray:
        ...
    @property
    def at_bound(self) -> List[bool]:
        ...
    @property
    def kpi_own(self) -> numpy.ndarray:
        ...
    @property
    def kpi_values(self) -> numpy.ndarray:
        ...
    @property
    def weighted_change(self) -> float:
        ...
    @property
    def iterations(self) -> int:
        ...
    @property
    def overrides(self) -> List[DriverOverride]:
        ...
    @property
    def kept(self) -> List[str]:
        """keep_met: the targets added as goals"""
    @property
    def targets(self) -> List[TargetChange]:
        """every target of the model at the start and at the solution (TargetChange)"""

class NumericalError(ModelError):
    """Evaluation produced NaN or infinity. Besides ModelError's attributes: model_line
    (the line's name), period (the column label) and scenario (index within the
    batch evaluated).
    """
    model_line: str
    period: str
    scenario: int

class OptionsError(UsageError):
    """An options value is out of range (a UsageError): the message names the field,
    the rule and the value. Attributes: option, rule, value.
    """

class PathStats:
    """A line's quantiles in each period over a sweep (SweepOptions.path_lines)."""
    @property
    def line(self) -> str:
        ...
    @property
    def periods(self) -> List[str]:
        """period labels"""
    @property
    def quantiles(self) -> List[List[float]]:
        """[period][QUANTILE_LEVELS]"""
    @property
    def quantile_error(self) -> List[float]:
        """per period: bound on each quantile's error"""
    @property
    def min(self) -> List[float]:
        ...
    @property
    def max(self) -> List[float]:
        ...

class Period:
    """One period of the horizon (a month or a quarter)."""
    @property
    def label(self) -> str:
        """'1Q10' (quarters) or '2010-04' (months)"""
    @property
    def index(self) -> int:
        """0-based position in the horizon"""
    @property
    def fiscal_year(self) -> int:
        """fiscal-year label, e.g. 2010"""
    @property
    def fy_quarter(self) -> int:
        """1..4, quarter of the fiscal year"""
    @property
    def fy_month(self) -> int:
        """1..12, month of the fiscal year of the first month"""
    @property
    def months(self) -> int:
        """calendar months in the period (1 or 3)"""
    @property
    def start_day(self) -> int:
        """day number (days since 1970-01-01) of the first day"""
    @property
    def end_day(self) -> int:
        """day number of the day after the last"""
    @property
    def actual(self) -> bool:
        """reported (locked) period"""
    @property
    def days(self) -> int:
        """days in the period"""

class Program:
    """A model compiled into a flat tape for chosen inputs (what varies across scenarios) and
    outputs (cells read back). Compile once, evaluate many times; thread-safe.
    """
    def __init__(self: Program, model: Model, inputs: List[Input] = ..., outputs: List[Cell] = ..., options: ProgramOptions = ...) -> None:
        """Compiles `model`. outputs empty: every cell (lines x columns, line-major). UsageError for
        out-of-range inputs or outputs.
        """
    @property
    def model(self) -> Model:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def outputs(self) -> List[Cell]:
        ...
    @property
    def options(self) -> ProgramOptions:
        ...
    @property
    def num_inputs(self) -> int:
        ...
    @property
    def num_outputs(self) -> int:
        ...
    @property
    def num_instructions(self) -> int:
        """instructions on the tape"""
    @property
    def num_slots(self) -> int:
        """workspace rows per lane"""
    def base_inputs(self: Program) -> numpy.ndarray:
        """the model's own values of the inputs (the column that reproduces it)"""
    def output_is_constant(self: Program, output: int) -> bool:
        """True if output o does not depend on any input"""
    def output_index(self: Program, cell: Cell) -> int:
        """row of an output cell, or -1"""
    def evaluate(self: Program, inputs: numpy.ndarray) -> numpy.ndarray:
        """Evaluates a batch: `inputs` is num_inputs x B (float64, C order: read without a copy); returns
        num_outputs x B. Raises NumericalError on the first non-finite line cell. Releases the GIL.
        """
    def jacobian(self: Program, x: numpy.ndarray) -> Tuple[numpy.ndarray, numpy.ndarray]:
        """Exact Jacobian d outputs / d inputs at x by forward-mode automatic differentiation:
        (num_outputs x num_inputs matrix, outputs at x).
        """

class ProgramOptions:
    """How a Program evaluates."""
    def __init__(self: ProgramOptions, **kwargs: Any) -> None:
        """ProgramOptions(**fields): any field by name."""
    @property
    def block_size(self) -> int:
        """Scenarios per block, in [1, 4096] (default 256). Larger blocks amortize each instruction's
        dispatch over more lanes; smaller ones keep the workspace in L1/L2.
        """
    @block_size.setter
    def block_size(self, value: int) -> None: ...
    @property
    def check_finite(self) -> bool:
        """Check every line cell for NaN/inf (NumericalError names the first). Default True."""
    @check_finite.setter
    def check_finite(self, value: bool) -> None: ...
    def validate(self: ProgramOptions) -> None:
        """Raises OptionsError naming the field, value and rule."""

class ReportedFigure:
    """One figure of a results CSV, as it went into the vintage."""
    @property
    def csv_line(self) -> int:
        ...
    @property
    def line(self) -> str:
        ...
    @property
    def period(self) -> str:
        ...
    @property
    def value(self) -> float:
        ...
    @property
    def source(self) -> str:
        ...
    @property
    def reported(self) -> bool:
        """a computed line: written to reported: (checked)"""
    @property
    def scaled(self) -> bool:
        """not in the CSV: the forecast scaled to a reported total"""

class Results:
    """The model's full projection for one scenario: every line in every column."""
    @property
    def model(self) -> Model:
        ...
    def at(self: Results, line: int, column: int) -> float:
        ...
    @property
    def values(self) -> numpy.ndarray:
        """lines x columns (periods, then spans), a new array"""

class SensitivityOptions:
    """SensitivityOptions(**fields)."""
    def __init__(self: SensitivityOptions, **kwargs: Any) -> None:
        ...
    @property
    def kpis(self) -> List[str]:
        """target names or 'line@COLUMN'; empty: default_kpis"""
    @kpis.setter
    def kpis(self, value: List[str]) -> None: ...
    @property
    def all_cells(self) -> bool:
        """every line in every column instead of kpis"""
    @all_cells.setter
    def all_cells(self, value: bool) -> None: ...
    @property
    def per_period(self) -> bool:
        """add each driver's value in each forecast period as an input"""
    @per_period.setter
    def per_period(self, value: bool) -> None: ...
    @property
    def include_dates(self) -> bool:
        """include date drivers (per day)"""
    @include_dates.setter
    def include_dates(self, value: bool) -> None: ...
    @property
    def range(self) -> SwingOptions:
        """the range each driver is ranked across"""
    @range.setter
    def range(self, value: SwingOptions) -> None: ...
    def validate(self: SensitivityOptions) -> None:
        ...

class SensitivityResult:
    """Exact derivatives of the KPIs at the model's own values."""
    @property
    def kpis(self) -> List[Kpi]:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def input_names(self) -> List[str]:
        ...
    @property
    def values(self) -> numpy.ndarray:
        """KPI values"""
    @property
    def input_values(self) -> numpy.ndarray:
        """each input's own value"""
    @property
    def jacobian(self) -> numpy.ndarray:
        """kpis x inputs: d KPI / d input (forward-mode AD)"""
    @property
    def elasticities(self) -> numpy.ndarray:
        """kpis x inputs: J x / y (NaN where y is 0)"""
    @property
    def ranges(self) -> List[InputRange]:
        ...
    @property
    def effects(self) -> numpy.ndarray:
        """kpis x inputs: J x (high - low)"""
    @property
    def ranking(self) -> List[List[int]]:
        """per KPI: input indices by |effect| descending"""

class Shocks:
    """Per-period shocks of a driver in sweeps: a stationary AR(1) process added to the
    sampled value in each forecast period, with marginal standard deviation sd.
    """
    @property
    def sd(self) -> float:
        """0: no shocks"""
    @property
    def ar1(self) -> float:
        """autocorrelation, in (-1, 1)"""

class SourceLocation:
    """A place in an input file; line and column are 1-based (0: unknown)."""
    @property
    def file(self) -> str:
        ...
    @property
    def line(self) -> int:
        ...
    @property
    def column(self) -> int:
        ...

class Span:
    """A rollup over consecutive periods [first, last] (inclusive)."""
    @property
    def label(self) -> str:
        """'1H10', '2H10', '9M10', 'FY10', or '1Q10' over months"""
    @property
    def kind(self) -> str:
        """quarter, first_half, second_half, nine_months or fiscal_year"""
    @property
    def fiscal_year(self) -> int:
        ...
    @property
    def first(self) -> int:
        """index of the first period"""
    @property
    def last(self) -> int:
        """index of the last period (inclusive)"""

class SpiderOptions:
    """SpiderOptions(**fields)."""
    def __init__(self: SpiderOptions, **kwargs: Any) -> None:
        ...
    @property
    def kpis(self) -> List[str]:
        ...
    @kpis.setter
    def kpis(self, value: List[str]) -> None: ...
    @property
    def drivers(self) -> List[str]:
        """'driver' or 'driver@PERIOD'; empty: the top ones"""
    @drivers.setter
    def drivers(self, value: List[str]) -> None: ...
    @property
    def top(self) -> int:
        """how many drivers when drivers is empty (>= 1)"""
    @top.setter
    def top(self, value: int) -> None: ...
    @property
    def steps(self) -> int:
        """points across each range (>= 2)"""
    @steps.setter
    def steps(self, value: int) -> None: ...
    @property
    def include_dates(self) -> bool:
        ...
    @include_dates.setter
    def include_dates(self, value: bool) -> None: ...
    @property
    def swing(self) -> SwingOptions:
        ...
    @swing.setter
    def swing(self, value: SwingOptions) -> None: ...
    def validate(self: SpiderOptions) -> None:
        ...

class SpiderResult:
    """Spider data."""
    @property
    def kpis(self) -> List[Kpi]:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def input_names(self) -> List[str]:
        ...
    @property
    def ranges(self) -> List[InputRange]:
        ...
    @property
    def input_values(self) -> numpy.ndarray:
        ...
    @property
    def base(self) -> numpy.ndarray:
        ...
    @property
    def series(self) -> List[SpiderSeries]:
        ...

class SpiderSeries:
    """Each KPI along one driver's range."""
    @property
    def input(self) -> int:
        ...
    @property
    def x(self) -> numpy.ndarray:
        """the driver's values, low to high"""
    @property
    def change(self) -> numpy.ndarray:
        """(x - own) / |own|"""
    @property
    def y(self) -> numpy.ndarray:
        """kpis x steps"""

class StressOptions:
    """StressOptions(**fields)."""
    def __init__(self: StressOptions, **kwargs: Any) -> None:
        ...
    @property
    def tolerance(self) -> float:
        ...
    @tolerance.setter
    def tolerance(self, value: float) -> None: ...
    @property
    def max_iterations(self) -> int:
        ...
    @max_iterations.setter
    def max_iterations(self, value: int) -> None: ...
    @property
    def starts(self) -> int:
        """the origin and starts - 1 random ones"""
    @starts.setter
    def starts(self, value: int) -> None: ...
    @property
    def seed(self) -> int:
        ...
    @seed.setter
    def seed(self, value: int) -> None: ...
    def validate(self: StressOptions) -> None:
        ...

class StressResult:
    """The reverse stress test of each goal."""
    @property
    def drivers(self) -> List[int]:
        ...
    @property
    def driver_names(self) -> List[str]:
        ...
    @property
    def own_values(self) -> numpy.ndarray:
        ...
    @property
    def own_cells(self) -> numpy.ndarray:
        ...
    @property
    def items(self) -> List[str]:
        ...
    @property
    def targets(self) -> List[StressTarget]:
        ...
    @property
    def notes(self) -> List[str]:
        ...

class StressTarget:
    """One goal's design points, nearest first."""
    @property
    def goal(self) -> Goal:
        ...
    @property
    def status(self) -> str:
        ...
    @property
    def message(self) -> str:
        ...
    @property
    def kpi_own(self) -> float:
        ...
    @property
    def kpi_median(self) -> float:
        ...
    @property
    def met_median(self) -> bool:
        ...
    @property
    def points(self) -> List[DesignPoint]:
        ...
    @property
    def starts_converged(self) -> int:
        ...

class Surprise:
    """A newly reported figure against the old forecast."""
    @property
    def line(self) -> str:
        ...
    @property
    def period(self) -> str:
        ...
    @property
    def actual(self) -> float:
        ...
    @property
    def old_forecast(self) -> float:
        ...

class SweepOptions:
    """What a sweep samples and how (SweepOptions(**fields))."""
    def __init__(self: SweepOptions, **kwargs: Any) -> None:
        """SweepOptions(**fields): any field by name, e.g. SweepOptions(method='lhs', samples=10**6)."""
    @property
    def method(self) -> str:
        """Sampling design: grid (the product of grid_points levels per driver, P5..P95), oat (one
        driver at a time over those levels), mc (Monte Carlo, default), lhs (Latin hypercube in
        blocks of lhs_block), sobol (Sobol points, shifted per driver by the seed).
        """
    @method.setter
    def method(self, value: str) -> None: ...
    @property
    def samples(self) -> int:
        """Scenarios to evaluate, >= 1 (default 100,000). grid and oat cap it at the design's size."""
    @samples.setter
    def samples(self, value: int) -> None: ...
    @property
    def seed(self) -> int:
        """Seed of every random stream (default 1)."""
    @seed.setter
    def seed(self, value: int) -> None: ...
    @property
    def threads(self) -> int:
        """Worker threads; 0: every core. Results do not depend on it."""
    @threads.setter
    def threads(self, value: int) -> None: ...
    @property
    def chunk(self) -> int:
        """Scenarios handed to a thread at a time (rounded to whole leaves). Results do not depend on it."""
    @chunk.setter
    def chunk(self, value: int) -> None: ...
    @property
    def until_ci(self) -> float:
        """Stop once every target's P(meet) interval is narrower than this (0: off), checked at
        65,536 x 2^k scenarios. In (0, 1).
        """
    @until_ci.setter
    def until_ci(self, value: float) -> None: ...
    @property
    def confidence(self) -> float:
        """Confidence level of the intervals, in (0, 1)."""
    @confidence.setter
    def confidence(self, value: float) -> None: ...
    @property
    def lhs_block(self) -> int:
        """Latin hypercube strata per block: a power of two in [2, 2^24]; 0: the largest power of
        two <= min(samples, 2^20).
        """
    @lhs_block.setter
    def lhs_block(self, value: int) -> None: ...
    @property
    def sobol_shift(self) -> bool:
        """Sobol: shift each coordinate by a random offset keyed by the seed (default True)."""
    @sobol_shift.setter
    def sobol_shift(self, value: bool) -> None: ...
    @property
    def grid_points(self) -> int:
        """Levels per driver for grid and oat, in [2, 1000]."""
    @grid_points.setter
    def grid_points(self, value: int) -> None: ...
    @property
    def drivers(self) -> List[str]:
        """Names of the drivers the design varies; empty: every driver with a distribution."""
    @drivers.setter
    def drivers(self, value: List[str]) -> None: ...
    @property
    def regression(self) -> bool:
        """Standardized regression coefficients of each KPI on the drivers."""
    @regression.setter
    def regression(self, value: bool) -> None: ...
    @property
    def sobol_index_samples(self) -> int:
        """Sobol sensitivity indices (first-order and total) of each target by driver, by the
        Saltelli design: this many base samples x (drivers + 2) extra evaluations. 0: off.
        """
    @sobol_index_samples.setter
    def sobol_index_samples(self, value: int) -> None: ...
    @property
    def histogram_bins(self) -> int:
        """Histogram bins per KPI (quantiles are read from them), in [16, 2^20]."""
    @histogram_bins.setter
    def histogram_bins(self, value: int) -> None: ...
    @property
    def dump_path(self) -> str:
        """Write the sampled drivers and the KPIs of the first dump_limit scenarios to this CSV."""
    @dump_path.setter
    def dump_path(self, value: str) -> None: ...
    @property
    def dump_limit(self) -> int:
        """Scenarios in the dump (default 100,000)."""
    @dump_limit.setter
    def dump_limit(self, value: int) -> None: ...
    @property
    def path_lines(self) -> List[str]:
        """Lines whose value in every period is histogrammed too: SweepResult.paths (fan charts)."""
    @path_lines.setter
    def path_lines(self, value: List[str]) -> None: ...
    def validate(self: SweepOptions) -> None:
        """Raises OptionsError naming the field, value and rule."""

class SweepPartial:
    """The mergeable state of a sweep over scenarios [first, first + count): plain numbers,
    picklable, combined by combine_sweep exactly as a local sweep would.
    """
    @property
    def first(self) -> int:
        ...
    @property
    def count(self) -> int:
        ...
    @property
    def segments(self) -> numpy.ndarray:
        ...
    @property
    def counts(self) -> numpy.ndarray:
        ...
    @property
    def extremes(self) -> numpy.ndarray:
        ...
    def __getstate__(self: object) -> tuple:
        ...
    def __setstate__(self: SweepPartial, arg0: tuple) -> None:
        ...

class SweepResult:
    """The statistics of a sweep."""
    @property
    def model(self) -> str:
        """the model's name (or path)"""
    @property
    def scenario(self) -> str:
        """its scenario with every override applied"""
    @property
    def overrides(self) -> List[str]:
        """the overrides applied, as --set takes them"""
    @property
    def unit(self) -> str:
        """the unit of its amounts (currency and unit)"""
    @property
    def method(self) -> str:
        ...
    @property
    def seed(self) -> int:
        ...
    @property
    def requested(self) -> int:
        ...
    @property
    def samples(self) -> int:
        """scenarios evaluated and counted"""
    @property
    def partial(self) -> bool:
        """stopped early (interrupted)"""
    @property
    def stopped_by_ci(self) -> bool:
        ...
    @property
    def drivers(self) -> List[str]:
        """the drivers varied, in design order"""
    @property
    def driver_sd(self) -> List[float]:
        """the standard deviation of each driver's distribution"""
    @property
    def kpis(self) -> List[KpiStats]:
        """one KpiStats per target"""
    @property
    def paths(self) -> List[PathStats]:
        """one PathStats per SweepOptions.path_lines"""
    @property
    def notes(self) -> List[str]:
        """what the statistics simplify, one sentence each"""
    @property
    def design(self) -> List[DesignDriver]:
        """grid and oat: the design table, one DesignDriver each"""
    @property
    def p_all(self) -> float:
        """P(every target met)"""
    @property
    def p_all_low(self) -> float:
        ...
    @property
    def p_all_high(self) -> float:
        ...
    @property
    def all_meets(self) -> int:
        ...
    @property
    def threads_used(self) -> int:
        ...
    @threads_used.setter
    def threads_used(self, value: int) -> None: ...
    @property
    def seconds(self) -> float:
        ...
    @seconds.setter
    def seconds(self, value: float) -> None: ...
    @property
    def rate(self) -> float:
        """scenarios per second"""

class SwingOptions:
    """How far a driver plausibly moves (SwingOptions(**fields))."""
    def __init__(self: SwingOptions, **kwargs: Any) -> None:
        ...
    @property
    def kind(self) -> str:
        """distribution (P10/P90, default), bounds, or percent (value x (1 +/- percent))"""
    @kind.setter
    def kind(self, value: str) -> None: ...
    @property
    def percent(self) -> float:
        """Relative half-width of a percent swing and of the fallback, in (0, 10]. Default 0.1."""
    @percent.setter
    def percent(self, value: float) -> None: ...
    @property
    def date_days(self) -> float:
        """Half-width in days for date drivers. Default 30."""
    @date_days.setter
    def date_days(self, value: float) -> None: ...
    @property
    def low_quantile(self) -> float:
        """Default 0.1."""
    @low_quantile.setter
    def low_quantile(self, value: float) -> None: ...
    @property
    def high_quantile(self) -> float:
        """Default 0.9."""
    @high_quantile.setter
    def high_quantile(self, value: float) -> None: ...
    def validate(self: SwingOptions) -> None:
        ...

class Target:
    """A full-year (or span) figure to meet."""
    @property
    def name(self) -> str:
        ...
    @property
    def line(self) -> int:
        """index into Model.lines"""
    @property
    def column(self) -> int:
        """calendar column (period or span)"""
    @property
    def value(self) -> float:
        """the target; a range: its low edge"""
    @property
    def high(self) -> float:
        """a range (direction 'between'): its high edge"""
    @property
    def direction(self) -> str:
        """at_least, at_most or between"""
    @property
    def description(self) -> str:
        ...
    @property
    def source(self) -> str:
        ...

class TargetChange:
    """A target of the model before and after a solution."""
    @property
    def name(self) -> str:
        ...
    @property
    def span(self) -> str:
        ...
    @property
    def target(self) -> float:
        """the target; a range: its low edge"""
    @property
    def high(self) -> float:
        """a range: its high edge"""
    @property
    def direction(self) -> str:
        ...
    @property
    def before(self) -> float:
        ...
    @property
    def after(self) -> float:
        ...
    @property
    def met_before(self) -> bool:
        ...
    @property
    def met_after(self) -> bool:
        ...
    @property
    def goal(self) -> bool:
        """one of the goals (kept ones included)"""
    @property
    def broken(self) -> bool:
        """met at the start, missed at the solution"""

class TargetVerdict:
    """The verdict on one target."""
    @property
    def name(self) -> str:
        """target name"""
    @property
    def line(self) -> str:
        """line name"""
    @property
    def span(self) -> str:
        """column label, e.g. 'FY10'"""
    @property
    def description(self) -> str:
        ...
    @property
    def direction(self) -> str:
        ...
    @property
    def target(self) -> float:
        """the target; a range: its low edge"""
    @property
    def high(self) -> float:
        """a range: its high edge (otherwise the target)"""
    @property
    def forecast(self) -> float:
        ...
    @property
    def edge(self) -> float:
        """the target, or a range's edge nearest the forecast"""
    @property
    def gap(self) -> float:
        """forecast - edge (positive: above it)"""
    @property
    def gap_pct(self) -> float:
        """gap / |edge| (0 when the edge is 0)"""
    @property
    def position(self) -> str:
        """below, within or above the target (within: met)"""
    @property
    def met(self) -> bool:
        """forecast on the right side of target, or within the range"""
    @property
    def reported(self) -> bool:
        """every period of the span is reported"""
    @property
    def has_open(self) -> bool:
        """a summed or ratio line with open periods in the span"""
    @property
    def open_periods(self) -> int:
        ...
    @property
    def open_label(self) -> str:
        """'3Q10..4Q10'"""
    @property
    def reported_to_date(self) -> float:
        """sum over the span's reported periods"""
    @property
    def open_forecast(self) -> float:
        """forecast sum over the open periods"""
    @property
    def open_required(self) -> float:
        """what the open periods must deliver to meet the target (a range: its low edge)"""
    @property
    def open_required_high(self) -> float:
        """a range: the most the open periods may deliver"""
    @property
    def open_ratio(self) -> bool:
        """a ratio line N / D: the open figures are ratios, the open periods' D at its forecast"""
    @property
    def reported_label(self) -> str:
        """'1Q10..2Q10' ('' when none reported)"""

class TornadoBar:
    """One driver's bar in a KPI's tornado."""
    @property
    def input(self) -> int:
        """index into TornadoResult.inputs"""
    @property
    def kpi_low(self) -> float:
        ...
    @property
    def kpi_high(self) -> float:
        ...
    @property
    def swing(self) -> float:
        """|kpi_high - kpi_low|"""

class TornadoOptions:
    """TornadoOptions(**fields)."""
    def __init__(self: TornadoOptions, **kwargs: Any) -> None:
        ...
    @property
    def kpis(self) -> List[str]:
        """target names or 'line@COLUMN'; empty: default_kpis"""
    @kpis.setter
    def kpis(self, value: List[str]) -> None: ...
    @property
    def include_dates(self) -> bool:
        ...
    @include_dates.setter
    def include_dates(self, value: bool) -> None: ...
    @property
    def swing(self) -> SwingOptions:
        """low and high of each driver"""
    @swing.setter
    def swing(self, value: SwingOptions) -> None: ...
    def validate(self: TornadoOptions) -> None:
        ...

class TornadoResult:
    """One-at-a-time swings of every driver."""
    @property
    def kpis(self) -> List[Kpi]:
        ...
    @property
    def inputs(self) -> List[Input]:
        ...
    @property
    def input_names(self) -> List[str]:
        ...
    @property
    def ranges(self) -> List[InputRange]:
        ...
    @property
    def input_values(self) -> numpy.ndarray:
        ...
    @property
    def base(self) -> numpy.ndarray:
        """KPI values at the model's own values"""
    @property
    def bars(self) -> List[List[TornadoBar]]:
        """per KPI: one bar per driver, by swing descending"""
    @property
    def top(self) -> List[int]:
        """input indices by their largest normalized swing"""

class UsageError(Error):
    """Bad use of the API: an unknown scenario, driver, KPI or period; a malformed value."""

def all_cell_kpis(model: Model) -> List[Kpi]:
    """Every line in every column, named 'line@COLUMN'."""

def apply_actuals(model_path: str, csv: str, through: str = '', as_of: str = '') -> ActualsResult:
    """`outturn actuals`: the model file's next vintage from a results CSV (the text; write it yourself)."""

def backtest(vintages: List[str], outcome: str, samples: int = 100000, seed: int = 1, threads: int = 0) -> BacktestResult:
    """`outturn backtest`: each vintage's targets scored against the outcome CSV."""

def break_even(model: Model, goals: List[Goal], options: BreakEvenOptions = ...) -> BreakEvenResult:
    """Each top driver's break-even value, for each goal."""

def bridge(from_: Model, to: Model, options: BridgeOptions = ...) -> BridgeResult:
    """Each driver's contribution to the change of each KPI from one model to another."""

def calibrate_model(model_path: str, multiplier: float) -> tuple:
    """`outturn backtest --calibrate`: (the model's YAML with every spread multiplied, the notes)."""

def cdf(distribution: Distribution, x: float) -> float:
    """P(X <= x)."""

def combine_sweep(model: Model, options: SweepOptions, parts: List[SweepPartial]) -> SweepResult:
    """Combines pieces that tile [0, N) into the statistics sweep() gives, bit for bit (seconds and
    threads_used are 0).
    """

def default_kpis(model: Model) -> List[Kpi]:
    """Each open target's cell, then every kpi line in each fiscal-year span."""

def distribution_svg(kpi: KpiStats, currency: str, unit: str, base: float, width: int = 640, height: int = 220) -> str:
    """A target's distribution over a sweep as inline SVG (the report's chart); base: the model's own forecast, or nan."""

def driver_inputs(model: Model, include_dates: bool = False) -> List[Input]:
    """Input(d, -1) for each driver, in file order (date drivers only when include_dates)."""

def evolution(old_path: str, new_path: str, samples: int = 0, seed: int = 1, threads: int = 0) -> EvolutionResult:
    """`outturn evolution`: each target's move between two vintages, as a bridge that adds up exactly."""

def find_input(model: Model, spec: str) -> Input:
    """Resolves 'driver' or 'driver@PERIOD'. UsageError (with a suggestion) if unknown."""

def find_kpi(model: Model, spec: str) -> Kpi:
    """A target's name or 'line@COLUMN'. UsageError naming the closest known name if unknown."""

def format_amount(value: float) -> str:
    """An amount as tables show it: thousands separators, rounded to the unit; small ratios with 4 digits."""

def format_date(day_number: int) -> str:
    """a day number as 'YYYY-MM-DD'"""

def goal_seek(model: Model, goal: Goal, input: Input, options: GoalSeekOptions = ...) -> GoalSeekResult:
    """One driver's value that meets a goal (TOMS748)."""

def input_name(model: Model, input: Input) -> str:
    """'driver' or 'driver@3Q10'."""

def input_value(model: Model, input: Input) -> float:
    """The model's own value of an input."""

def mean(distribution: Distribution) -> float:
    """Mean of a distribution."""

def multi_goal_seek(model: Model, goals: List[Goal], inputs: List[Input], options: MultiGoalSeekOptions = ...) -> MultiGoalSeekResult:
    """The smallest weighted change of several drivers that meets the goals, within bounds."""

def open_target_goals(model: Model, aim: str = 'nearest') -> List[Goal]:
    """The goals of every target with an open period (range targets aimed at `aim`)."""

def parse_date(text: str) -> Optional[int]:
    """'YYYY-MM-DD' as a day number (days since 1970-01-01), or None"""

def parse_driver_ref(model: Model, spec: str, context: str = '') -> Tuple[int, int]:
    """Resolves 'DRIVER' or 'DRIVER@PERIOD' to (driver index, period index or -1), as the CLI
    does. Raises UsageError (unknown driver with a suggestion, unknown period).
    """

def parse_override(model: Model, spec: str, value: str, context: str = 'set') -> DriverOverride:
    """The DriverOverride for 'DRIVER[@PERIOD]' set to a value as written ('12', '3%',
    '2011-01-15'): the CLI's --set parser. Raises UsageError.
    """

def parse_value(text: str, is_date: bool = False) -> Optional[float]:
    """A value as model files write it: '12.5', '1_250', '2.9%' (0.029), or for a date driver
    'YYYY-MM-DD' (a day number). None if malformed.
    """

def period_inputs(model: Model, include_dates: bool = False) -> List[Input]:
    """Input(d, t) for every driver and forecast period."""

def quantile(distribution: Distribution, p: float) -> float:
    """The p-quantile (0 < p < 1) of a distribution, exact to double precision."""

def render_backtest(result: BacktestResult, format: str = 'table') -> str:
    """`outturn backtest`'s output."""

def render_break_even(model: Model, result: BreakEvenResult, format: str = 'table') -> str:
    """`outturn goalseek`'s output without a driver: break_even(model, ...)."""

def render_bridge(from_: Model, to: Model, result: BridgeResult, format: str = 'table', seek: Optional[MultiGoalSeekResult] = None) -> str:
    """`outturn bridge`'s output for bridge(from_, to, ...); `seek`: the multi_goal_seek whose solution `to` is (--to-target)."""

def render_check(model: Model, format: str = 'table') -> str:
    """`outturn check`'s summary of a model."""

def render_compare(models: List[Model], format: str = 'table') -> str:
    """`outturn compare`'s output: scenarios side by side."""

def render_evolution(result: EvolutionResult, format: str = 'table') -> str:
    """`outturn evolution`'s output."""

def render_goal_seek(model: Model, result: GoalSeekResult, format: str = 'table') -> str:
    """`outturn goalseek`'s output for one driver: goal_seek(model, ...)."""

def render_html_report(model: Model, compare: List[Model] = ..., samples: int = 0, seed: int = 1, threads: int = 0, bridge_drivers: int = 3) -> str:
    """`outturn report`'s self-contained HTML file; `samples` > 0 adds a Monte Carlo sweep."""

def render_multi_goal_seek(model: Model, result: MultiGoalSeekResult, format: str = 'table') -> str:
    """`outturn goalseek`'s output for several drivers: multi_goal_seek(model, ...)."""

def render_run(results: Results, format: str = 'table') -> str:
    """`outturn run`'s output: the projection, components and the verdict (table, csv or json)."""

def render_sensitivity(model: Model, result: SensitivityResult, format: str = 'table', top: int = 15) -> str:
    """`outturn sensitivity`'s output for sensitivities(model, ...); the table shows `top` drivers per KPI (0: all)."""

def render_stress(model: Model, result: StressResult, format: str = 'table', sweep: Optional[SweepResult] = None, top: int = 10) -> str:
    """`outturn stress`'s output for stress(model, ...); `sweep`: a Monte Carlo sweep beside it."""

def render_sweep(result: SweepResult, format: str = 'table') -> str:
    """`outturn sweep`'s output."""

def render_tornado(model: Model, result: TornadoResult, format: str = 'table', spider: Optional[SpiderResult] = None, top: int = 10) -> str:
    """`outturn tornado`'s output for tornado(model, ...), with the spider(model, ...) series when given (--spider); the table shows `top` bars per KPI (0: all)."""

def run(model: Model) -> Results:
    """Evaluates the model as loaded (its own driver values): one scenario, every cell."""

def sample_sweep(model: Model, options: SweepOptions, first: int, count: int) -> Dict[str, Any]:
    """Scenarios [first, first + count) of the sweep, exactly as sweep() samples and evaluates them,
    on one thread: a dict with first, drivers and targets (names), driver_values (drivers x count)
    and target_values (targets x count), numpy arrays over the engine's buffers (no copy).
    """

def scenario_file(parent: Model, result: Model, name: str, description: str, extends: str) -> str:
    """A scenario file (YAML) extending `extends` that sets every driver whose values differ."""

def select_kpis(model: Model, specs: List[str]) -> List[Kpi]:
    """find_kpi for each; default_kpis if empty."""

def sensitivities(model: Model, options: SensitivityOptions = ...) -> SensitivityResult:
    """The exact Jacobian of the KPIs with respect to the drivers, elasticities, effects, ranking."""

def spider(model: Model, options: SpiderOptions = ...) -> SpiderResult:
    """Each KPI over each chosen driver's range, in one batch."""

def std_dev(distribution: Distribution) -> float:
    """Standard deviation of a distribution."""

def stress(model: Model, goals: List[Goal], options: StressOptions = ...) -> StressResult:
    """The FORM design point of each goal: the most probable way to miss it (outturn stress)."""

def sweep(model: Model, options: SweepOptions, progress: object = None) -> SweepResult:
    """Runs a sweep of the model's targets with the GIL released. progress(done, total), if given,
    is called as chunks complete. Ctrl-C stops it: KeyboardInterrupt is raised with the statistics
    so far as its `partial` attribute.
    """

def sweep_methods() -> List[str]:
    """The sampling designs' names."""

def sweep_range(model: Model, options: SweepOptions, first: int, count: int) -> SweepPartial:
    """The piece [first, first + count) of a sweep (first a multiple of SEGMENT_SIZE; the piece ends
    at one or at the end of the sweep), on options.threads threads, with the GIL released.
    """

def swing_range(model: Model, input: Input, options: SwingOptions = ...) -> InputRange:
    """The range of an input under the swing options, clipped to its bounds."""

def target_goal(model: Model, target: int, aim: str = 'nearest') -> Goal:
    """The goal of target number `target`; a range target aims at `aim`: nearest (its edge nearest the forecast), low, high, mid or a value inside it."""

def tornado(model: Model, options: TornadoOptions = ...) -> TornadoResult:
    """Each driver alone at its low and its high, all in one batch."""

def verdicts(results: Results) -> List[TargetVerdict]:
    """The verdict for each target of the model, from a projection."""

def write_file_atomic(path: str, text: str) -> None:
    """Writes text to path atomically (a temporary file in the same folder, then rename)."""
