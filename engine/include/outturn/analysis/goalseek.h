// SPDX-License-Identifier: MIT
#pragma once
/// \file goalseek.h
/// What would have to be true to hit the target: GoalSeek (one driver, bracketed root
/// finding), MultiGoalSeek (several drivers, least weighted change within bounds), BreakEven
/// (each top driver alone, for each target), and ScenarioFile (a solution as a scenario file).///
/// Every function here takes an immutable Model and returns its result by value; none keeps
/// state, so all are safe to call concurrently. Bad arguments (an unknown KPI or driver, an
/// option out of range) throw UsageError or OptionsError; expected outcomes (no root in the
/// bracket, no convergence) are statuses in the result, never exceptions.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outturn/analysis/kpi.h"
#include "outturn/base/eigen_types.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace outturn {

// ---------------------------------------------------------------------------------------
// Goal seek

/// A KPI and the value it should reach. `direction` says which side meets it: results are
/// always taken on the met side (KPI >= target for at_least), so that a saved solution
/// meets the target as the verdict judges it.
struct Goal {
  Kpi kpi;
  double target = 0;
  /// kAtLeast or kAtMost: a goal is a point and the side of it that meets (never kBetween).
  Direction direction = Direction::kAtLeast;
  /// A range target's edges [low, high] when the goal aims at a point of it (see Aim).
  std::optional<std::pair<double, double>> range;
};

/// Where a goal aims in a range target (`between: [low, high]`): the edge nearest the KPI's
/// value in the model as given (default), the low or the high edge, the middle, or a value
/// inside the range. The goal's side is the one towards the inside: at_least for the low
/// edge, at_most for the high one; for the middle or a value, the side the KPI comes from.
struct Aim {
  enum class Kind { kNearest, kLow, kHigh, kMid, kValue };
  Kind kind = Kind::kNearest;
  double value = 0;  ///< kValue: the point, within the range
};
/// "nearest", "low", "high", "mid" or a number (`5%`, `1_000`); UsageError otherwise.
Aim ParseAim(const std::string& text);
std::string ToString(const Aim& aim);

/// The goal of the model's target number `target` (index into Model::targets()); a range
/// target aims where `aim` says (UsageError for a value outside the range).
Goal TargetGoal(const Model& model, int target, const Aim& aim = {});
/// The goals of every target with at least one forecast period in its span.
std::vector<Goal> OpenTargetGoals(const Model& model, const Aim& aim = {});

enum class GoalSeekStatus {
  kSolved,               ///< a driver value (or values) that meets the goals within tolerance
  kNoSolutionInBracket,  ///< the KPI does not cross the target within [low, high] (bounds)
  kNotConverged,         ///< a sign change but no root (a jump), or out of iterations
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
  double kpi_own = 0;        ///< KPI at the own value
  double kpi_value = 0;      ///< KPI at `value`
  double low = 0, high = 0;  ///< bracket searched
  /// Absolute tolerance used on the KPI: options.tolerance × max(1, |target|).
  double tolerance = 0;
  /// Width of the last bracket around the root (driver units).
  double bracket_width = 0;
  int iterations = 0;   ///< TOMS748 iterations
  int evaluations = 0;  ///< KPI evaluations in all (scan included)
  /// kNoSolutionInBracket: whether the goal is met at every point searched (true) or at none
  /// (false), so that "no solution" says which; false otherwise.
  bool met_throughout = false;
  /// The override that applies the solution (empty unless solved).
  std::vector<DriverOverride> overrides;
};

/// The value of one driver at which the KPI meets the goal, with all other drivers at their
/// own values: Alefeld, Potra & Shi's bracketing method ("Algorithm 748: Enclosing zeros of
/// continuous functions", ACM TOMS 21(3), 1995), boost::math::tools::toms748_solve, on the
/// sign change nearest the driver's own value found by the scan.
GoalSeekResult GoalSeek(const Model& model, const Goal& goal, const Input& input, const GoalSeekOptions& options = {});

struct MultiGoalSeekOptions {
  /// Relative tolerance on each KPI, as GoalSeekOptions::tolerance. In [1e-15, 0.1].
  double tolerance = 1e-9;
  /// Most Gauss-Newton iterations. >= 1.
  int max_iterations = 50;
  /// false: a goal is an inequality (met on its side); goals met at the start constrain the
  /// solution only when a step would break them, and are then held at their target. true:
  /// every goal is an equation (the KPI is driven to the target from either side).
  bool equality = false;
  /// Keep met targets met: every open target of the model that is met at the start and is
  /// not one of the goals becomes one more goal, an inequality on its met side (whatever
  /// `equality` says), so that the solution cannot meet the goals by breaking it.
  bool keep_met = false;
  void Validate() const;
};

/// A target of the model before and after a solution: what a solver changed besides its goals.
struct TargetChange {
  std::string name, span;
  double target = 0;  ///< the target; a range: its low edge
  double high = 0;    ///< a range (direction kBetween): its high edge
  Direction direction = Direction::kAtLeast;
  double before = 0, after = 0;  ///< the target's KPI at the start and at the solution
  bool met_before = false, met_after = false;
  bool goal = false;  ///< one of the goals (kept ones included)
  /// Met at the start and missed at the solution.
  bool broken() const { return met_before && !met_after; }
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
  Vector kpi_own;              ///< goals' KPIs at the start
  Vector kpi_values;           ///< goals' KPIs at `values`
  double weighted_change = 0;  ///< || W (values - own_values) ||_2
  int iterations = 0;
  /// The overrides that apply the solution: one per input that moved.
  std::vector<DriverOverride> overrides;
  /// keep_met: the targets added as goals (met at the start), by name; they are the last
  /// entries of `goals`.
  std::vector<std::string> kept;
  /// Every target of the model, at the start and at `values` (the solution, or the last
  /// iterate when not solved): the targets a solution breaks are told, goals or not.
  std::vector<TargetChange> targets;
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
MultiGoalSeekResult MultiGoalSeek(const Model& model, const std::vector<Goal>& goals, const std::vector<Input>& inputs,
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

BreakEvenResult BreakEven(const Model& model, const std::vector<Goal>& goals, const BreakEvenOptions& options = {});

// ---------------------------------------------------------------------------------------
// Scenario files

/// A scenario file (YAML) that `extends` another file and sets every driver whose values
/// differ between `parent` (the model the extended file loads as) and `result`: `name:
/// value` when only the base value differs, `name: {PERIOD: value, ...}` otherwise. Numbers
/// are written to round-trip exactly, dates as YYYY-MM-DD.
std::string ScenarioFile(const Model& parent, const Model& result, const std::string& name,
                         const std::string& description, const std::string& extends);

}  // namespace outturn
