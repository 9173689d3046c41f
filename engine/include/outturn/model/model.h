// SPDX-License-Identifier: MIT
#pragma once
/// \file model.h
/// A driver-based model, loaded from YAML and validated: its calendar, drivers, lines,
/// targets and scenarios. A Model is immutable and cheap to copy (shared state); a Model
/// with a scenario or overrides applied is another Model. Thread-safe for concurrent reads.

#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "outturn/base/calendar.h"
#include "outturn/base/errors.h"

namespace outturn {

namespace internal {
struct ModelData;
}

enum class DistributionType {
  kNone,
  kNormal,
  kTruncatedNormal,
  kLognormal,
  kUniform,
  kTriangular,
  kPert,
  kDiscrete,
  kEmpirical
};
std::string ToString(DistributionType t);
/// Parses the YAML spelling ("truncated_normal"); std::nullopt if unknown.
std::optional<DistributionType> DistributionTypeFromString(const std::string& s);

/// The uncertainty of a driver's value, for sweeps. Which fields are used depends on type:
/// normal {mean, sd}; truncated_normal {mean, sd, low, high}; lognormal {mean, sd} (of the
/// variable itself, > 0); uniform {low, high}; triangular and pert {low, mode, high};
/// discrete {values, weights}; empirical {values} (observations).
struct Distribution {
  DistributionType type = DistributionType::kNone;
  double mean = 0, sd = 0, low = 0, high = 0, mode = 0;
  std::vector<double> values;
  std::vector<double> weights;
};

/// Per-period shocks of a driver in sweeps: in each forecast period t its value is the
/// sampled value plus e_t, with e_t = ar1 * e_{t-1} + sqrt(1 - ar1^2) * sd * N(0, 1) and
/// e_first = sd * N(0, 1): a stationary AR(1) process with marginal standard deviation sd.
struct Shocks {
  double sd = 0;   ///< 0: no shocks
  double ar1 = 0;  ///< in (-1, 1)
};

/// A named parameter. Its `value` applies in every forecast period that has no `by_period`
/// entry. Reported periods (before `calendar.actuals_through` ends) are locked: they keep the
/// model file's value, whatever a scenario, `--set`, a sweep, a swing or a solver does to
/// `value`. Setting `value` to x moves each forecast `by_period` entry v_t with it (a profile
/// keeps its shape): to (x / value) * v_t, or to v_t + (x - value) for a date driver or a
/// driver whose value is 0 (ProfileAt).
struct Driver {
  std::string name;
  std::string unit;
  std::string description;
  std::string source;
  bool is_date = false;  ///< unit "date": values are day numbers
  std::optional<std::pair<double, double>> bounds;
  double value = 0;                 ///< base value
  std::map<int, double> by_period;  ///< period index -> value
  Distribution distribution;
  Shocks shocks;  ///< per-period shocks in sweeps
  /// A fact, not an assumption (`fixed: true`): tornado, spider, sensitivity, goal seek,
  /// break-even and sweeps leave it at its value; scenarios and --set may still set it.
  bool fixed = false;
  int num_reported = 0;       ///< periods [0, num_reported) are reported (locked)
  double reported_value = 0;  ///< value of a reported period without a by_period entry
  SourceLocation location;    ///< of the driver's key
  /// Value in period t.
  double ValueAt(int t) const {
    auto it = by_period.find(t);
    if (it != by_period.end()) return it->second;
    return t < num_reported ? reported_value : value;
  }
  /// True when a profile scales with the value (see above), false when it shifts.
  bool ScalesProfile() const { return !is_date && value != 0; }
  /// The value of a forecast period whose own value is `vt` when `value` becomes x. At
  /// x == value it is vt exactly (x / value == 1, x - value == 0).
  double ProfileAt(double vt, double x) const { return ScalesProfile() ? (x / value) * vt : vt + (x - value); }
};

enum class LineKind { kRevenue, kCost, kExpense, kOther, kSubtotal, kKpi, kMemo };
std::string ToString(LineKind k);
std::optional<LineKind> LineKindFromString(const std::string& s);

enum class Rollup { kSum, kLast, kAverage, kFormula };
std::string ToString(Rollup r);
std::optional<Rollup> RollupFromString(const std::string& s);

/// A line of the model: reported values (actuals) where the company reported them, a
/// formula elsewhere.
struct Line {
  std::string name;
  LineKind kind = LineKind::kOther;
  std::string description;
  std::string unit;
  Rollup rollup = Rollup::kSum;
  std::string formula;                         ///< source text; empty if none
  std::vector<std::optional<double>> actuals;  ///< per period, after de-cumulation
  std::map<int, double> reported;              ///< column -> reported value (checked)
  /// Values before the horizon (`history:` or `opening:`), facts read by prev, lag and at:
  /// history[k - 1] is the value k periods before the first period. Empty if none.
  std::vector<double> history;
  std::string component;  ///< name of the component it belongs to, or ""
  SourceLocation location;
  bool has_actuals() const {
    for (const auto& a : actuals)
      if (a) return true;
    return false;
  }
};

/// Which side of a target meets it: at least `value`, at most `value`, or (a guidance range,
/// `between: [low, high]` in the file) from `value` to `high`, both edges included.
enum class Direction { kAtLeast, kAtMost, kBetween };
std::string ToString(Direction d);
std::optional<Direction> DirectionFromString(const std::string& s);

/// Where a value lies against a target: below it (at_least: missed; a range: under its low
/// edge), within (met), above (at_most: missed; a range: over its high edge).
enum class Position { kBelow, kWithin, kAbove };
std::string ToString(Position p);

struct Target {
  std::string name;
  int line = -1;     ///< index into Model::lines()
  int column = -1;   ///< calendar column (period or span)
  double value = 0;  ///< the target; for a range (kBetween), its low edge
  double high = 0;   ///< kBetween: the range's high edge (> value); otherwise unused
  Direction direction = Direction::kAtLeast;
  std::string description;
  std::string source;
  bool is_range() const { return direction == Direction::kBetween; }
  /// Where `x` lies: at_least meets on or above `value`, at_most on or below it, a range
  /// within [value, high] (edges meet).
  Position PositionOf(double x) const {
    const double hi = is_range() ? high : value;
    if (direction != Direction::kAtMost && x < value) return Position::kBelow;
    if (direction != Direction::kAtLeast && x > hi) return Position::kAbove;
    return Position::kWithin;
  }
  bool Meets(double x) const { return PositionOf(x) == Position::kWithin; }
  /// The edge nearest `x`: `value`, or for a range whichever of value and high is nearer
  /// (the low edge on a tie).
  double NearestEdge(double x) const {
    if (!is_range()) return value;
    return std::fabs(x - high) < std::fabs(x - value) ? high : value;
  }
};

/// Correlation between uncertain drivers in sweeps. `matrix` is a valid correlation matrix
/// (symmetric, unit diagonal, positive semi-definite: checked at load, or replaced by the
/// nearest one when the file asks for it). Monte Carlo applies it through a Gaussian copula;
/// Latin hypercube and Sobol designs by Iman-Conover reordering within each block of 128
/// scenarios, which keeps their stratification.
/// A correlation group. The file's matrix holds rank (Spearman) correlations, as @RISK and
/// Crystal Ball users enter them. Every sampled design gives the drivers a Gaussian copula
/// with that rank correlation: the copula's normal scores are correlated by
/// rho_n = 2 sin(pi rho_s / 6) (Pearson 1907; Kruskal 1958), the exact Spearman correlation of
/// a bivariate normal with correlation rho_n being rho_s.
struct Correlation {
  std::vector<int> drivers;    ///< indices into Model::drivers()
  std::vector<double> matrix;  ///< rank correlations, row-major, drivers.size()^2
  bool adjusted = false;       ///< the file's matrix was replaced by the nearest valid one
  /// The normal-score correlations 2 sin(pi rho_s / 6), row-major. The conversion can leave a
  /// semi-definite matrix indefinite; then this is its nearest correlation matrix (Higham
  /// 2002), `normal_adjusted` is set and `normal_smallest_eigenvalue` is the converted
  /// matrix's smallest eigenvalue before the repair (a sweep says so in its notes).
  std::vector<double> normal;
  bool normal_adjusted = false;
  double normal_smallest_eigenvalue = 0;
};

struct Component {
  std::string name;
  std::string description;
};

/// A dimension (scenarios/README.md#dimensions): its items in file order. The drivers and
/// lines declared over it were expanded when the file was loaded, one per item, NAME[ITEM].
struct Dimension {
  std::string name;
  std::vector<std::string> items;
};

/// A value for a driver, applied on top of a model (the CLI's --set, goal seek results).
struct DriverOverride {
  std::string driver;
  double value = 0;
  int period = -1;  ///< -1: every period
};

class Model {
 public:
  /// Loads a model file, or a scenario file (then the model it extends, with the scenario
  /// applied). Throws ModelError (file:line:col) on any invalid input, NumericalError when
  /// the model's own values produce NaN or infinity.
  static Model Load(const std::string& path);

  /// The same model under a scenario defined in the model file ("base" is the model).
  /// Throws UsageError naming the known scenarios if `name` is not one.
  Model WithScenario(const std::string& name) const;
  /// The same model with driver values replaced. Throws UsageError for unknown drivers or
  /// periods, ModelError-free: bounds are checked and reported as UsageError.
  Model WithOverrides(const std::vector<DriverOverride>& overrides) const;

  const std::string& name() const;
  const std::string& description() const;
  const std::string& currency() const;
  const std::string& unit() const;
  /// `model.source`: where the model's figures come from, as the file says (may be empty).
  const std::string& source() const;
  /// `model.as_of`: the date of the model's vintage (YYYY-MM-DD, as the file says; may be
  /// empty), and `model.actuals_source`: where its latest actuals came from.
  const std::string& as_of() const;
  const std::string& actuals_source() const;
  /// Path of the file that was loaded.
  const std::string& path() const;
  /// "base", or the scenario applied.
  const std::string& scenario() const;
  const std::string& scenario_description() const;
  /// The overrides applied on top of the scenario (`--set`, Python's `set=`, a solution
  /// applied with WithOverrides), in the order applied.
  const std::vector<DriverOverride>& overrides() const;
  /// Scenarios that this model's file chain defines, in file order ("base" first).
  std::vector<std::string> scenario_names() const;
  /// The files the model was read from, in load order: the file loaded, then each file its
  /// `extends:` chain names, the model file last (one file for a model file). Paths are
  /// lexically normalized, as the loader opened them (relative ones: to the working directory
  /// at load time).
  const std::vector<std::string>& source_files() const;

  const Calendar& calendar() const;
  const std::vector<Driver>& drivers() const;
  const std::vector<Line>& lines() const;
  const std::vector<Target>& targets() const;
  const std::vector<Component>& components() const;
  const std::vector<Correlation>& correlations() const;
  const std::vector<Dimension>& dimensions() const;

  /// Index of a driver or line by name, or -1.
  int FindDriver(const std::string& name) const;
  int FindLine(const std::string& name) const;

  const internal::ModelData& data() const { return *data_; }
  explicit Model(std::shared_ptr<const internal::ModelData> data) : data_(std::move(data)) {}

 private:
  std::shared_ptr<const internal::ModelData> data_;
};

// ---------------------------------------------------------------------------------------
// Driver values as people write them: the one parser behind the CLI's --set, the Python
// package's set=, and every DRIVER@PERIOD an analysis takes.

/// Parses a value as model files write it: a number ("12.5", "1_250", "2.9%" = 0.029), or
/// for a date driver a date "YYYY-MM-DD" (as a day number). std::nullopt if malformed.
std::optional<double> ParseValue(const std::string& text, bool is_date);

/// A driver, or one forecast period of it.
struct DriverRef {
  int driver = -1;  ///< index into Model::drivers()
  int period = -1;  ///< -1: every period (the driver's `value`)
};

/// Resolves "DRIVER" or "DRIVER@PERIOD" (a period label such as 3Q10). Throws UsageError:
/// "unknown driver 'x'; did you mean 'y'?", "DRIVER: unknown period 'P'" with a suggestion,
/// or "DRIVER@P: P is a reported period ..." (reported periods are locked), prefixed by
/// `context` (e.g. "--set") when given.
DriverRef ParseDriverRef(const Model& model, const std::string& spec, const std::string& context = {});

/// Parses "DRIVER=VALUE" or "DRIVER@PERIOD=VALUE", VALUE as ParseValue reads it. Throws
/// UsageError, its message prefixed by `context` (e.g. "--set").
DriverOverride ParseOverride(const Model& model, const std::string& assignment, const std::string& context = "set");
/// The same for a reference and a value given apart (`set={"price@4Q10": "12"}`).
DriverOverride ParseOverride(const Model& model, const std::string& spec, const std::string& value,
                             const std::string& context);

/// An override as `--set` takes it: "DRIVER=VALUE" or "DRIVER@PERIOD=VALUE", VALUE the
/// shortest text that reads back to the same double (a date driver's as YYYY-MM-DD), so that
/// ParseOverride(model, OverrideText(model, o)) gives `o` again.
std::string OverrideText(const Model& model, const DriverOverride& override_);

/// What a report names as its scenario: "base", or the scenario, followed by every override
/// applied: "base with price@4Q10=12, churn=0.05".
std::string ScenarioLabel(const Model& model);

}  // namespace outturn
