// SPDX-License-Identifier: MIT
#pragma once
/// \file sensitivity.h
/// Which assumptions matter most, and what would have to be true to hit the target?
///
///  - Sensitivities: the exact Jacobian of KPIs with respect to drivers (forward-mode
///    automatic differentiation through the compiled Program, not finite differences), with
///    elasticities and the drivers ranked by their effect across their range.
///  - Tornado and Spider: one-at-a-time swings of each driver between a low and a high value,
///    evaluated as one batch.
///  - GoalSeek (one driver, bracketed root finding), MultiGoalSeek (several drivers, least
///    weighted change), BreakEven (each top driver alone, for each target).
///  - Bridge: each driver's contribution to the change of a KPI from one scenario to another,
///    contributions that add up exactly to the total change.
///
/// Every function here takes an immutable Model and returns its result by value; none keeps
/// state, so all are safe to call concurrently. Bad arguments (an unknown KPI or driver, an
/// option out of range) throw UsageError or OptionsError; expected outcomes (no root in the
/// bracket, no convergence) are statuses in the result, never exceptions.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outturn/eigen_types.h"
#include "outturn/model.h"
#include "outturn/program.h"

namespace outturn {

// ---------------------------------------------------------------------------------------
// What is measured, and what varies

/// A result cell with the name it is shown under.
struct Kpi {
  /// The target's name for a target's cell, else "line@COLUMN" (e.g. "operating_income@FY10").
  std::string name;
  Cell cell;
  /// Index into Model::targets() when the KPI was named as a target, else -1.
  int target = -1;
};

/// The KPIs an analysis looks at by default: each target's cell, then every `kind: kpi` line
/// in each fiscal-year span. Cells whose periods are all reported are left out (a reported
/// figure does not move with any driver).
std::vector<Kpi> DefaultKpis(const Model& model);
/// Every line in every column (periods, then spans), line-major, named "line@COLUMN".
std::vector<Kpi> AllCellKpis(const Model& model);
/// Resolves a target's name, or "line@COLUMN" with a period or span label. Throws
/// UsageError naming the closest known name when there is none.
Kpi FindKpi(const Model& model, const std::string& spec);
/// FindKpi for each spec; DefaultKpis(model) when `specs` is empty.
std::vector<Kpi> SelectKpis(const Model& model, const std::vector<std::string>& specs);

/// Each driver's base `value` (Input{d, -1}: the value of every period without a by_period
/// entry), in file order. Date drivers (values are day numbers, derivatives are per day) only
/// when `include_dates`.
std::vector<Input> DriverInputs(const Model& model, bool include_dates = false);
/// Input{d, t} for every driver and every forecast period t >= calendar().num_actual().
std::vector<Input> PeriodInputs(const Model& model, bool include_dates = false);
/// "driver" for Input{d, -1}, "driver@3Q10" for Input{d, t}.
std::string InputName(const Model& model, const Input& input);
/// Resolves "driver" or "driver@PERIOD". Throws UsageError (with a suggestion) if unknown.
Input FindInput(const Model& model, const std::string& spec);
/// The model's own value of an input.
double InputValue(const Model& model, const Input& input);

// ---------------------------------------------------------------------------------------
// Ranges: how far a driver plausibly moves

/// Where the low and high value of a driver come from.
enum class SwingKind {
  kDistribution,  ///< the distribution's quantiles (P10/P90); ±percent for drivers without one
  kBounds,        ///< the driver's bounds; ±percent for drivers without bounds
  kPercent,       ///< value × (1 ± percent)
};
std::string ToString(SwingKind k);
/// "distribution", "bounds", "percent"; std::nullopt if unknown.
std::optional<SwingKind> SwingKindFromString(const std::string& s);

struct SwingOptions {
  /// Where low and high come from. The default, the distribution's P10 and P90, is the range
  /// the model's author thinks plausible; bounds are the range the author thinks possible.
  SwingKind kind = SwingKind::kDistribution;
  /// Relative half-width of a percent swing (and of the fallback for drivers that lack a
  /// distribution or bounds). Must be in (0, 10]. 0.1: ±10% of the value. A driver whose
  /// value is 0 does not swing under this rule.
  double percent = 0.1;
  /// Half-width, in days, of the swing of a date driver that lacks the chosen range. > 0.
  double date_days = 30;
  /// Quantiles for kDistribution. 0 < low_quantile < high_quantile < 1.
  double low_quantile = 0.1;
  double high_quantile = 0.9;
  /// Throws OptionsError naming the field, the value and the rule.
  void Validate() const;
};

/// A driver's low and high value. Always within the driver's bounds (a swing that would
/// leave them is clipped) and low <= high.
struct InputRange {
  double low = 0;
  double high = 0;
  /// "P10/P90", "bounds", "±10%", "±30 days", with ", clipped" when bounds cut it.
  std::string source;
  double width() const { return high - low; }
};

/// The range of `input` under `options`. Quantiles: normal, lognormal (from the mean and sd
/// of the variable), uniform, triangular, and PERT (beta with shape 1 + 4 (mode - low) /
/// (high - low), Vose, "Risk Analysis", 3rd ed., 2008, §10.3.3) from Boost.Math; truncated
/// normal by inverting the truncated CDF; discrete by the first value whose cumulative
/// weight reaches p; empirical by linear interpolation of the order statistics (Hyndman &
/// Fan, "Sample quantiles in statistical packages", Am. Stat. 50(4), 1996, type 7).
InputRange SwingRange(const Model& model, const Input& input, const SwingOptions& options = {});

// ---------------------------------------------------------------------------------------
// Sensitivities

struct SensitivityOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Every line in every column instead of `kpis` (AllCellKpis()).
  bool all_cells = false;
  /// Add each driver's value in each forecast period as an input of its own (after the base
  /// values). The base value's derivative stays the total effect of changing `value`.
  bool per_period = false;
  /// Include date drivers (derivatives per day).
  bool include_dates = false;
  /// The range each driver is ranked across.
  SwingOptions range;
  void Validate() const;
};

/// Exact derivatives of the KPIs at the model's own driver values.
struct SensitivityResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  Vector values;        ///< KPI values (kpis)
  Vector input_values;  ///< the point: each input's own value (inputs)
  /// kpis x inputs: d KPI / d input, by forward-mode automatic differentiation through the
  /// compiled tape (Griewank & Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 3).
  /// Exact to rounding wherever the model is differentiable; at a kink (min, max, clamp,
  /// if) it is the derivative of the branch taken.
  Matrix jacobian;
  /// kpis x inputs: the elasticity (d KPI / KPI) / (d input / input) = J x / y, the % change
  /// of the KPI per 1% change of the input. NaN where the KPI is 0.
  Matrix elasticities;
  /// The range of each input (`options.range`).
  std::vector<InputRange> ranges;
  /// kpis x inputs: J × (high - low), the first-order change of the KPI across the range.
  Matrix effects;
  /// For each KPI, input indices by |effect| descending (ties: input order).
  std::vector<std::vector<int>> ranking;
};

/// The Jacobian of the KPIs with respect to the drivers (and per-period values). One
/// forward-mode pass per program: cost about (inputs + 1) evaluations of one scenario.
SensitivityResult Sensitivities(const Model& model, const SensitivityOptions& options = {});

// ---------------------------------------------------------------------------------------
// Tornado and spider

struct TornadoOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Include date drivers.
  bool include_dates = false;
  /// Low and high of each driver.
  SwingOptions swing;
  void Validate() const;
};

/// One driver's bar in a KPI's tornado.
struct TornadoBar {
  int input = -1;       ///< index into TornadoResult::inputs
  double kpi_low = 0;   ///< KPI with the driver at its low (all others at their own values)
  double kpi_high = 0;  ///< KPI with the driver at its high
  double swing = 0;     ///< |kpi_high - kpi_low|
};

struct TornadoResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;  ///< the drivers' base values (DriverInputs)
  std::vector<std::string> input_names;
  std::vector<InputRange> ranges;
  Vector input_values;  ///< each driver's own value
  Vector base;          ///< KPI values at the model's own values
  /// For each KPI, one bar per driver, by swing descending (ties: input order).
  std::vector<std::vector<TornadoBar>> bars;
  /// Input indices by their largest normalized swing over the KPIs (a driver's swing on a
  /// KPI divided by the largest swing on that KPI): the drivers that matter most anywhere.
  std::vector<int> top;
};

/// One-at-a-time swings: each driver at its low and at its high with every other driver at
/// its own value, all 2 × drivers + 1 scenarios in one Program::Evaluate batch.
TornadoResult Tornado(const Model& model, const TornadoOptions& options = {});

struct SpiderOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Drivers ("driver" or "driver@PERIOD"). Empty: the `top` drivers of Tornado().
  std::vector<std::string> drivers;
  /// How many drivers when `drivers` is empty. >= 1.
  int top = 5;
  /// Points across each driver's range, low to high, evenly spaced. >= 2.
  int steps = 9;
  bool include_dates = false;
  SwingOptions swing;
  void Validate() const;
};

/// Each KPI along one driver's range.
struct SpiderSeries {
  int input = -1;  ///< index into SpiderResult::inputs
  Vector x;        ///< the driver's values (steps), low to high
  Vector change;   ///< (x - own value) / |own value|; NaN when the own value is 0
  BatchMatrix y;   ///< kpis x steps
};

struct SpiderResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  std::vector<InputRange> ranges;
  Vector input_values;
  Vector base;  ///< KPI values at the model's own values
  std::vector<SpiderSeries> series;
};

/// Spider data: each KPI over each chosen driver's range in `steps` points (one batch).
SpiderResult Spider(const Model& model, const SpiderOptions& options = {});

// ---------------------------------------------------------------------------------------
// Goal seek

/// A KPI and the value it should reach. `direction` says which side meets it: results are
/// always taken on the met side (KPI >= target for at_least), so that a saved solution
/// meets the target as the verdict judges it.
struct Goal {
  Kpi kpi;
  double target = 0;
  Direction direction = Direction::kAtLeast;
};
/// The goal of the model's target number `target` (index into Model::targets()).
Goal TargetGoal(const Model& model, int target);
/// The goals of every target with at least one forecast period in its span.
std::vector<Goal> OpenTargetGoals(const Model& model);

enum class GoalSeekStatus {
  kSolved,                ///< a driver value (or values) that meets the goals within tolerance
  kNoSolutionInBracket,   ///< the KPI does not cross the target within [low, high] (bounds)
  kNotConverged,          ///< a sign change but no root (a jump), or out of iterations
};
std::string ToString(GoalSeekStatus s);

struct GoalSeekOptions {
  /// Relative tolerance on the KPI: solved when the KPI lies between the target and the
  /// target + tolerance × max(1, |target|) on the met side. Must be in [1e-15, 0.1].
  double tolerance = 1e-9;
  /// Most iterations of the root finder. >= 1.
  int max_iterations = 100;
  /// Interval searched; default: the driver's bounds, or for a driver without bounds
  /// value ± default_span × max(|value|, 1) (± date_days for a date).
  std::optional<std::pair<double, double>> bracket;
  /// Relative half-width of the default bracket of a driver without bounds. > 0.
  double default_span = 1.0;
  /// Half-width in days of the default bracket of a date driver without bounds. > 0.
  double date_days = 365;
  /// The bracket is first scanned at this many evenly spaced points (one batch) for a sign
  /// change, so that a KPI that is not monotone in the driver still finds the crossing
  /// nearest the driver's own value. >= 1 (1: the ends only).
  int scan_intervals = 16;
  void Validate() const;
};

struct GoalSeekResult {
  GoalSeekStatus status = GoalSeekStatus::kNotConverged;
  /// One line for people: the value found, or why there is none.
  std::string message;
  Goal goal;
  Input input;
  std::string input_name;
  double own_value = 0;  ///< the driver's own value
  /// Solved: the value that meets the goal (a date driver: rounded to the whole day on the
  /// met side). Otherwise: the own value.
  double value = 0;
  double kpi_own = 0;    ///< KPI at the own value
  double kpi_value = 0;  ///< KPI at `value`
  double low = 0, high = 0;  ///< bracket searched
  /// Absolute tolerance used on the KPI: options.tolerance × max(1, |target|).
  double tolerance = 0;
  /// Width of the last bracket around the root (driver units).
  double bracket_width = 0;
  int iterations = 0;   ///< TOMS748 iterations
  int evaluations = 0;  ///< KPI evaluations in all (scan included)
  /// The override that applies the solution (empty unless solved).
  std::vector<DriverOverride> overrides;
};

/// The value of one driver at which the KPI meets the goal, with all other drivers at their
/// own values: Alefeld, Potra & Shi's bracketing method ("Algorithm 748: Enclosing zeros of
/// continuous functions", ACM TOMS 21(3), 1995), boost::math::tools::toms748_solve, on the
/// sign change nearest the driver's own value found by the scan.
GoalSeekResult GoalSeek(const Model& model, const Goal& goal, const Input& input,
                        const GoalSeekOptions& options = {});

struct MultiGoalSeekOptions {
  /// Relative tolerance on each KPI, as GoalSeekOptions::tolerance. In [1e-15, 0.1].
  double tolerance = 1e-9;
  /// Most Gauss-Newton iterations. >= 1.
  int max_iterations = 50;
  /// false: a goal is an inequality (met on its side); goals met at the start constrain the
  /// solution only when a step would break them, and are then held at their target. true:
  /// every goal is an equation (the KPI is driven to the target from either side).
  bool equality = false;
  void Validate() const;
};

struct MultiGoalSeekResult {
  GoalSeekStatus status = GoalSeekStatus::kNotConverged;
  std::string message;
  std::vector<Goal> goals;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  Vector own_values;  ///< inputs at the start
  Vector values;      ///< inputs at the solution (the last iterate when not solved)
  /// Weight of each input in the change measured: 1 / (bounds width), else 1 / |own value|,
  /// else 1: changes are compared as fractions of each driver's range.
  Vector weights;
  std::vector<bool> at_bound;  ///< the input ended on one of its bounds (or is fixed)
  Vector kpi_own;     ///< goals' KPIs at the start
  Vector kpi_values;  ///< goals' KPIs at `values`
  double weighted_change = 0;  ///< || W (values - own_values) ||_2
  int iterations = 0;
  /// The overrides that apply the solution: one per input that moved.
  std::vector<DriverOverride> overrides;
};

/// The smallest weighted change of several drivers that meets one or more goals, within the
/// drivers' bounds: minimize || W (x - x0) ||_2 subject to each KPI meeting its goal and
/// to the bounds. Gauss-Newton on the exact Jacobian: each iteration linearizes the goals at
/// the current point and takes the point of least weighted distance from x0 that meets the
/// linearized goals and the bounds, a least-distance problem solved through non-negative
/// least squares (Lawson & Hanson, "Solving Least Squares Problems", Prentice-Hall 1974,
/// ch. 23, algorithms LDP and NNLS). Without bounds and with equality goals this is the
/// minimum-norm Gauss-Newton step (Ben-Israel, "A Newton-Raphson method for the solution of
/// systems of equations", J. Math. Anal. Appl. 15, 1966). Converges in one step when the
/// goals are linear in the drivers; stops when the step no longer moves the solution.
MultiGoalSeekResult MultiGoalSeek(const Model& model, const std::vector<Goal>& goals,
                                  const std::vector<Input>& inputs,
                                  const MultiGoalSeekOptions& options = {});

struct BreakEvenOptions {
  /// How many drivers: the top ones of Tornado() over the goals' KPIs. >= 1.
  int top = 5;
  /// Drivers to use instead of the top ones ("driver" or "driver@PERIOD").
  std::vector<std::string> drivers;
  bool include_dates = false;
  /// Ranks the drivers (not the bracket: each goal seek searches the driver's bounds).
  SwingOptions swing;
  GoalSeekOptions seek;
  void Validate() const;
};

/// "What must 2H deliver": for each goal, the value of each top driver alone that meets it.
struct BreakEvenResult {
  std::vector<Goal> goals;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  Vector own_values;
  /// goals x inputs, row-major: cells[g * inputs.size() + i].
  std::vector<GoalSeekResult> cells;
  const GoalSeekResult& at(int goal, int input) const {
    return cells[static_cast<size_t>(goal) * inputs.size() + input];
  }
};

BreakEvenResult BreakEven(const Model& model, const std::vector<Goal>& goals,
                          const BreakEvenOptions& options = {});

// ---------------------------------------------------------------------------------------
// The bridge

enum class BridgeMethod {
  /// Shapley values over the drivers that differ (Shapley, "A value for n-person games",
  /// 1953; as a decomposition: Shorrocks, "Decomposition procedures for distributional
  /// analysis: a unified framework based on the Shapley value", J. Econ. Inequal. 11, 2013):
  /// each driver's marginal effect averaged over every order of switching the drivers from
  /// their "from" to their "to" values; 2^n scenarios in one batch.
  kShapley,
  /// The average of switching the drivers one by one in file order and in reverse order.
  /// Equal to the Shapley value when drivers interact at most in pairs (each pair's joint
  /// effect is split evenly); 2 n scenarios. Used above BridgeOptions::max_shapley_drivers.
  kSymmetricSequential,
};
std::string ToString(BridgeMethod m);

struct BridgeOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis() of the "from" model.
  std::vector<std::string> kpis;
  /// Exact Shapley values up to this many differing drivers (2^n scenarios), the symmetric
  /// sequential method above. In [0, 16] (2^16 scenarios).
  int max_shapley_drivers = 14;
  void Validate() const;
};

struct BridgeResult {
  std::vector<Kpi> kpis;
  /// The steps of the bridge: each driver whose value differs in some period, in file order,
  /// then "(formulas)" when the two models' formulas differ (evaluated last, at the "to"
  /// drivers: the change that driver values do not explain).
  std::vector<std::string> steps;
  Vector from;   ///< KPI values of the "from" model
  Vector to;     ///< KPI values of the "to" model
  Vector total;  ///< to - from, as a double
  /// steps x kpis. Each column adds up exactly to `total` (see `exact`), in any order.
  Matrix contributions;
  BridgeMethod method = BridgeMethod::kShapley;
  /// Per KPI: the contributions are integer multiples of `quantum` (a power of two, about one
  /// unit in the last place of the KPI), apportioned from the unrounded attribution by the
  /// largest-remainder method so that their integers add up to total / quantum, and the sum
  /// of their absolute values stays below 2^53 quanta. Every partial sum is then a double,
  /// so any floating-point summation of a column equals `total` exactly (==). Each
  /// contribution differs from the unrounded attribution by a few quanta at most. `exact` is
  /// false only if no such quantum exists (contributions that cancel to 1 part in 2^53).
  std::vector<bool> exact;
  Vector quantum;
};

/// Each driver's contribution to the change of each KPI from `from` to `to`, two versions of
/// one model (the same file under different scenarios, overrides or scenario files). Throws
/// UsageError if they are not the same model (drivers, lines and calendar must agree).
BridgeResult Bridge(const Model& from, const Model& to, const BridgeOptions& options = {});

// ---------------------------------------------------------------------------------------
// Scenario files

/// A scenario file (YAML) that `extends` another file and sets every driver whose values
/// differ between `parent` (the model the extended file loads as) and `result`: `name:
/// value` when only the base value differs, `name: {PERIOD: value, ...}` otherwise. Numbers
/// are written to round-trip exactly, dates as YYYY-MM-DD.
std::string ScenarioFile(const Model& parent, const Model& result, const std::string& name,
                         const std::string& description, const std::string& extends);

}  // namespace outturn
