// SPDX-License-Identifier: MIT
// KPIs and inputs (which cells and drivers an analysis reads), the swing range of a driver,
// and the small helpers every analysis shares (analysis_internal.h).
#include "outturn/analysis/kpi.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/analysis_internal.h"
#include "base/enum_table.h"
#include "base/text_util.h"
#include "outturn/model/distributions.h"

namespace outturn {
namespace internal {

[[noreturn]] void OptionFail(const std::string& field, const std::string& value, const std::string& rule) {
  throw OptionsError(field, rule, value);
}

bool HasForecast(const Model& m, int column) {
  return m.calendar().ColumnRange(column).second >= m.calendar().num_actual();
}

std::vector<Cell> CellsOf(const std::vector<Kpi>& kpis) {
  std::vector<Cell> cells;
  for (const Kpi& k : kpis) cells.push_back(k.cell);
  return cells;
}

std::vector<std::string> NamesOf(const Model& m, const std::vector<Input>& inputs) {
  std::vector<std::string> names;
  for (const Input& in : inputs) names.push_back(InputName(m, in));
  return names;
}

void CheckInput(const Model& m, const Input& in) {
  if (in.driver < 0 || in.driver >= static_cast<int>(m.drivers().size()) || in.period < -1 ||
      in.period >= m.calendar().num_periods())
    throw UsageError("input (driver " + std::to_string(in.driver) + ", period " + std::to_string(in.period) +
                     ") is out of range");
}

std::string ValueText(const Driver& d, double v) {
  return d.is_date ? FormatDate(static_cast<int>(std::lround(v))) : FormatNumber(v);
}

NumericalError WithNote(const NumericalError& e, const std::string& note) {
  NumericalError out = e;
  // what() is the runtime_error's text: replace it, keep every field.
  static_cast<std::runtime_error&>(out) = std::runtime_error(std::string(e.what()) + note);
  return out;
}

}  // namespace internal

namespace {

using internal::CheckInput;
using internal::EnumEntry;
using internal::EnumName;
using internal::EnumParse;
using internal::FormatNumber;
using internal::HasForecast;
using internal::OptionFail;
using internal::Suggest;
using internal::UnknownName;

const EnumEntry<SwingKind> kSwingKind[] = {
    {SwingKind::kDistribution, "distribution"}, {SwingKind::kBounds, "bounds"}, {SwingKind::kPercent, "percent"}};

std::string PercentLabel(double q) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", 100 * q);
  return buf;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// KPIs and inputs

std::vector<Kpi> DefaultKpis(const Model& m) {
  std::vector<Kpi> out;
  const auto& targets = m.targets();
  for (int t = 0; t < static_cast<int>(targets.size()); ++t)
    if (HasForecast(m, targets[t].column)) out.push_back({targets[t].name, {targets[t].line, targets[t].column}, t});
  const Calendar& cal = m.calendar();
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l) {
    if (m.lines()[l].kind != LineKind::kKpi) continue;
    for (int s = 0; s < static_cast<int>(cal.spans().size()); ++s) {
      const int c = cal.num_periods() + s;
      if (cal.spans()[s].kind == SpanKind::kFiscalYear && HasForecast(m, c))
        out.push_back({m.lines()[l].name + "@" + cal.ColumnLabel(c), {l, c}, -1});
    }
  }
  return out;
}

std::vector<Kpi> AllCellKpis(const Model& m) {
  std::vector<Kpi> out;
  const Calendar& cal = m.calendar();
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l)
    for (int c = 0; c < cal.num_columns(); ++c)
      out.push_back({m.lines()[l].name + "@" + cal.ColumnLabel(c), {l, c}, -1});
  return out;
}

Kpi FindKpi(const Model& m, const std::string& spec) {
  if (auto at = spec.find('@'); at != std::string::npos) {
    const std::string line = spec.substr(0, at), col = spec.substr(at + 1);
    const int l = m.FindLine(line);
    if (l < 0) {
      std::vector<std::string> names;
      for (const Line& x : m.lines()) names.push_back(x.name);
      throw UsageError("KPI '" + spec + "': " + UnknownName("line", line, names));
    }
    const int c = m.calendar().FindColumn(col);
    if (c < 0)
      throw UsageError("KPI '" + spec + "': " + UnknownName("period or span", col, m.calendar().ColumnLabels()));
    return {line + "@" + col, {l, c}, -1};
  }
  const auto& targets = m.targets();
  for (int t = 0; t < static_cast<int>(targets.size()); ++t)
    if (targets[t].name == spec) return {spec, {targets[t].line, targets[t].column}, t};
  if (m.FindLine(spec) >= 0) {
    std::string example = spec + "@" + m.calendar().ColumnLabel(m.calendar().num_columns() - 1);
    throw UsageError("KPI '" + spec + "' is a line: name a column too, e.g. '" + example + "'");
  }
  std::vector<std::string> names;
  for (const Target& t : targets) names.push_back(t.name);
  throw UsageError("unknown KPI '" + spec + "': name a target or LINE@COLUMN (e.g. operating_income@FY10)" +
                   Suggest(spec, names));
}

std::vector<Kpi> SelectKpis(const Model& m, const std::vector<std::string>& specs) {
  if (specs.empty()) return DefaultKpis(m);
  std::vector<Kpi> out;
  for (const std::string& s : specs) out.push_back(FindKpi(m, s));
  return out;
}

std::vector<Input> DriverInputs(const Model& m, bool include_dates) {
  std::vector<Input> out;
  for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d)
    if ((include_dates || !m.drivers()[d].is_date) && !m.drivers()[d].fixed) out.push_back({d, -1});
  return out;
}

std::vector<Input> PeriodInputs(const Model& m, bool include_dates) {
  std::vector<Input> out;
  const Calendar& cal = m.calendar();
  for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d)
    if ((include_dates || !m.drivers()[d].is_date) && !m.drivers()[d].fixed)
      for (int t = cal.num_actual(); t < cal.num_periods(); ++t) out.push_back({d, t});
  return out;
}

std::string InputName(const Model& m, const Input& in) {
  CheckInput(m, in);
  const std::string& name = m.drivers()[in.driver].name;
  return in.period < 0 ? name : name + "@" + m.calendar().periods()[in.period].label;
}

Input FindInput(const Model& m, const std::string& spec) {
  const DriverRef ref = ParseDriverRef(m, spec);
  if (m.drivers()[ref.driver].fixed)
    throw UsageError("driver '" + m.drivers()[ref.driver].name +
                     "' is fixed (a fact, not an assumption): analyses leave it at its value; a scenario or "
                     "--set may change it");
  return {ref.driver, ref.period};
}

double InputValue(const Model& m, const Input& in) {
  CheckInput(m, in);
  const Driver& d = m.drivers()[in.driver];
  return in.period < 0 ? d.value : d.ValueAt(in.period);
}

// ---------------------------------------------------------------------------------------
// Ranges

std::string ToString(SwingKind k) { return EnumName(kSwingKind, k); }
std::optional<SwingKind> SwingKindFromString(const std::string& s) { return EnumParse(kSwingKind, s); }

void SwingOptions::Validate() const {
  if (!(percent > 0 && percent <= 10)) OptionFail("SwingOptions::percent", FormatNumber(percent), "must be in (0, 10]");
  if (!(date_days > 0 && std::isfinite(date_days)))
    OptionFail("SwingOptions::date_days", FormatNumber(date_days), "must be positive");
  if (!(low_quantile > 0 && low_quantile < high_quantile && high_quantile < 1))
    OptionFail("SwingOptions::low_quantile, high_quantile",
               FormatNumber(low_quantile) + ", " + FormatNumber(high_quantile), "must satisfy 0 < low < high < 1");
}

InputRange SwingRange(const Model& m, const Input& in, const SwingOptions& o) {
  o.Validate();
  const Driver& d = m.drivers()[in.driver];
  const double v = InputValue(m, in);
  InputRange r;
  if (o.kind == SwingKind::kDistribution && d.distribution.type != DistributionType::kNone) {
    // The sweeps' quantiles (x = Quantile(d, u) is how they sample): P10 of a swing is P10
    // of a sweep, for every family (empirical data: the inverse empirical CDF).
    r.low = Quantile(d.distribution, o.low_quantile);
    r.high = Quantile(d.distribution, o.high_quantile);
    r.source = "P" + PercentLabel(o.low_quantile) + "/P" + PercentLabel(o.high_quantile);
  } else if (o.kind == SwingKind::kBounds && d.bounds) {
    r.low = d.bounds->first;
    r.high = d.bounds->second;
    r.source = "bounds";
  } else if (d.is_date) {
    r.low = v - o.date_days;
    r.high = v + o.date_days;
    r.source = "+/-" + FormatNumber(o.date_days) + " days";
  } else {
    r.low = v - o.percent * std::fabs(v);
    r.high = v + o.percent * std::fabs(v);
    r.source = "+/-" + PercentLabel(o.percent) + "%";
  }
  if (d.bounds) {
    const double lo = std::clamp(r.low, d.bounds->first, d.bounds->second);
    const double hi = std::clamp(r.high, d.bounds->first, d.bounds->second);
    if ((lo != r.low || hi != r.high) && o.kind != SwingKind::kBounds) r.source += ", clipped";
    r.low = lo;
    r.high = hi;
  }
  r.low = SampledValue(d, r.low);  // a date driver swings to whole days
  r.high = SampledValue(d, r.high);
  if (r.low > r.high) std::swap(r.low, r.high);
  return r;
}

}  // namespace outturn
