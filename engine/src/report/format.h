// SPDX-License-Identifier: MIT
#pragma once
// The reports' output helpers, each written once: CSV fields and numbers, significant
// digits, fixed decimals, percentages, JSON numbers, and the pieces the analysis reports
// share (headings, KPI titles, driver values for people). Amounts with thousands
// separators are FormatAmount (outturn/report/output.h); shortest round-trip numbers,
// thousands grouping and lists are in base/text_util.h, which the messages use too.

#include <nlohmann/json.hpp>
#include <string>

#include "base/text_util.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/model/model.h"
#include "outturn/report/output.h"

namespace outturn::internal {

/// Tables under a heading, as the analysis reports print them.
constexpr const char* kTableIndent = "  ";

/// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a newline.
std::string CsvField(const std::string& s);
/// A number in the analysis reports' CSV: ShortestRoundTrip ("1e+06"), "" for NaN.
std::string CsvNumber(double v);
/// `digits` significant digits (%.*g): "0.4171"; "-" for NaN.
std::string Sig(double v, int digits = 4);
/// `decimals` places (%.*f): "0.9500"; with `sign`, a sign in front even when positive
/// ("+0.95").
std::string Fixed(double v, int decimals, bool sign = false);

/// What Percent writes for a value that is not finite.
enum class NonFinite {
  kDash,    ///< "-" (the analysis reports)
  kPrintf,  ///< as printf writes it, "+nan%" (`run`: the gap of a target)
};
/// A fraction as a signed percentage with `decimals` places: 0.125 -> "+12.50%" (2).
std::string Percent(double fraction, int decimals, NonFinite non_finite = NonFinite::kDash);

/// A number for JSON, which has no NaN or infinity: null for those.
nlohmann::json JsonNumber(double v);
/// Every target before and after a solver's solution (MultiGoalSeekResult::targets): a table
/// with each one's status ("met -> missed: BROKEN"), and a line naming the broken ones (with
/// the advice to keep them met when the solver was not asked to). Empty when there are none.
std::string TargetChangesText(const MultiGoalSeekResult& r);
nlohmann::json TargetChangesJson(const MultiGoalSeekResult& r);
/// The overrides applied to `m` (`--set`, solutions), each as `--set` takes it.
nlohmann::json OverridesJson(const Model& m);

/// "Name -- scenario base: what (JPY thousand)\n": the first line of a model's report (the
/// model's path when it has no name; no ": what" when `what` is empty).
std::string Heading(const Model& m, const std::string& what);
/// A KPI for people: its name, and for a target "(line, COLUMN)".
std::string KpiTitle(const Model& m, const Kpi& k);
/// A goal for people: "KPI (line, COLUMN) at least 1,234".
std::string GoalText(const Model& m, const Goal& g);
/// A goal's target in a table: ">= 1,234", and for a range target " (range 1,000 to 2,000)".
std::string GoalTargetText(const Goal& g);
/// {"kpi", "target", "direction"}, and "range": [low, high] for a range target.
nlohmann::json GoalJson(const Goal& g);
/// A goal's range for CSV: ",low,high", or ",," without one.
std::string GoalRangeCsv(const Goal& g);
/// A driver's value for people: a date, a small number with 6 significant digits, or an
/// amount.
std::string DriverValueText(const Model& m, const Input& in, double v);
/// {"name", "line", "column", "value"}.
nlohmann::json KpiJson(const Model& m, const Kpi& k, double value);
/// {"name", "driver", "period", "value"} and the range when given.
nlohmann::json InputJson(const Model& m, const Input& in, double value, const InputRange* range);

}  // namespace outturn::internal
