// SPDX-License-Identifier: MIT
#pragma once
/// \file kpi.h
/// What the analyses measure and what they vary: KPIs (target cells and KPI lines), inputs
/// (a driver, or one period of a driver), and how far each input plausibly moves (SwingRange:
/// distribution quantiles, bounds, or a percentage).///
/// Every function here takes an immutable Model and returns its result by value; none keeps
/// state, so all are safe to call concurrently. Bad arguments (an unknown KPI or driver, an
/// option out of range) throw UsageError or OptionsError; expected outcomes (no root in the
/// bracket, no convergence) are statuses in the result, never exceptions.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outturn/base/eigen_types.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

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

/// The range of `input` under `options`. Its quantiles are `outturn::Quantile`'s
/// (outturn/model/distributions.h), the ones sweeps sample with, so a tornado's P10/P90 and
/// a sweep's are the same numbers (empirical data: observations, never interpolated ones).
InputRange SwingRange(const Model& model, const Input& input, const SwingOptions& options = {});

}  // namespace outturn
