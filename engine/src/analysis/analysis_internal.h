// SPDX-License-Identifier: MIT
#pragma once
// What the analysis files share: option failures, input checks and names, the batch
// evaluation that names the driver values behind a NaN, and the tornado core.

#include <limits>
#include <string>
#include <vector>

#include "outturn/analysis/kpi.h"
#include "outturn/analysis/tornado.h"
#include "outturn/base/eigen_types.h"
#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace outturn::internal {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Throws OptionsError for `field` (e.g. "SwingOptions::percent") holding `value`.
[[noreturn]] void OptionFail(const std::string& field, const std::string& value, const std::string& rule);

/// A column (period or span) that a driver can still move: it covers a forecast period.
bool HasForecast(const Model& m, int column);

std::vector<Cell> CellsOf(const std::vector<Kpi>& kpis);
std::vector<std::string> NamesOf(const Model& m, const std::vector<Input>& inputs);
/// Throws UsageError for an input whose driver or period does not exist.
void CheckInput(const Model& m, const Input& in);
/// A driver's value as text: a date for a date driver, else the shortest round-trip number.
std::string ValueText(const Driver& d, double v);

/// `e` with `note` appended to its what(): the same type, location, key path, rule, line,
/// column and scenario.
NumericalError WithNote(const NumericalError& e, const std::string& note);

/// Evaluates a batch; a NaN or infinity names the driver values that caused it (`what(j)`
/// describes column j), since "scenario 37 of the batch" means nothing to the caller. It
/// stays a NumericalError.
template <class Describe>
BatchMatrix EvaluateExplained(const Program& p, const BatchMatrix& x, Describe what) {
  try {
    return p.Evaluate(x);
  } catch (const NumericalError& e) {
    throw WithNote(e,
                   "\n  (scenario " + std::to_string(e.scenario()) + ": " + what(static_cast<int>(e.scenario())) + ")");
  }
}

/// Contributions that add up exactly: `c` is `raw` rounded to integer multiples of a
/// power-of-two `quantum` that divides `total`, the remainder handed out largest rounding
/// remainder first (Hamilton's method), so that any summation order of `c` gives `total`
/// (==) when `exact`. `y_from` and `y_to` are the end values whose difference `total` is.
/// The bridge's apportionment (BridgeResult::quantum), and the evolution's.
struct Apportioned {
  Vector c;
  double quantum = 0;
  bool exact = false;
};
Apportioned Apportion(const Vector& raw, double total, double y_from, double y_to);

/// Tornado on resolved KPIs and inputs (shared by Tornado, Spider and BreakEven).
TornadoResult TornadoOn(const Model& m, std::vector<Kpi> kpis, bool include_dates, const SwingOptions& swing);

}  // namespace outturn::internal
