// SPDX-License-Identifier: MIT
// `outturn compare`: scenarios side by side (targets, KPIs, the drivers that differ).
#include "outturn/report/compare.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "outturn/analysis/verdict.h"
#include "outturn/base/calendar.h"
#include "outturn/compile/program.h"
#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::FormatNumber;

// A driver's values as text: one value, or per period where they differ.
std::string DriverValuesText(const Driver& d, const Calendar& cal) {
  auto fmt = [&](double v) { return d.is_date ? FormatDate(static_cast<int>(v)) : FormatNumber(v); };
  // The forecast periods: reported ones are locked, the same in every variant of a model.
  const int a = std::min(cal.num_actual(), cal.num_periods() - 1);
  bool uniform = true;
  for (int t = a + 1; t < cal.num_periods(); ++t) uniform &= d.ValueAt(t) == d.ValueAt(a);
  if (uniform) return fmt(d.ValueAt(a));
  std::string s;
  for (int t = a; t < cal.num_periods(); ++t) {
    if (t > a && d.ValueAt(t) == d.ValueAt(t - 1)) continue;
    s += (s.empty() ? "" : " ") + cal.periods()[t].label + ":" + fmt(d.ValueAt(t));
  }
  return s;
}

}  // namespace

std::string RenderCompare(const std::vector<Model>& models, Format format) {
  if (models.empty()) throw UsageError("compare needs at least one model");
  const Model& ref = models[0];
  const Calendar& cal = ref.calendar();
  for (const Model& m : models) {
    if (m.calendar().ColumnLabels() != cal.ColumnLabels() || m.drivers().size() != ref.drivers().size() ||
        m.lines().size() != ref.lines().size())
      throw UsageError("compare: '" + m.path() + "' is not the same model as '" + ref.path() +
                       "' (different calendar, drivers or lines)");
    for (size_t d = 0; d < ref.drivers().size(); ++d)
      if (m.drivers()[d].name != ref.drivers()[d].name)
        throw UsageError("compare: '" + m.path() + "' has different drivers from '" + ref.path() + "'");
  }
  std::vector<Results> results;
  std::vector<std::vector<TargetVerdict>> verdicts;
  for (const Model& m : models) {
    results.push_back(Run(m));
    verdicts.push_back(Verdicts(results.back()));
  }
  // Rows: targets, then KPI lines in each fiscal-year span.
  struct Row {
    std::string label;
    int line, column;
    int target;
  };
  std::vector<Row> rows;
  for (size_t t = 0; t < ref.targets().size(); ++t) {
    const Target& tg = ref.targets()[t];
    rows.push_back({tg.name + " (" + ref.lines()[tg.line].name + ", " + cal.ColumnLabel(tg.column) + ")", tg.line,
                    tg.column, static_cast<int>(t)});
  }
  for (int l = 0; l < static_cast<int>(ref.lines().size()); ++l) {
    if (ref.lines()[l].kind != LineKind::kKpi) continue;
    for (const Span& s : cal.spans())
      if (s.kind == SpanKind::kFiscalYear) {
        const int c = cal.FindColumn(s.label);
        rows.push_back({ref.lines()[l].name + " (" + s.label + ")", l, c, -1});
      }
  }
  std::vector<int> differing;
  for (int d = 0; d < static_cast<int>(ref.drivers().size()); ++d) {
    const std::string a = DriverValuesText(ref.drivers()[d], cal);
    for (const Model& m : models)
      if (DriverValuesText(m.drivers()[d], cal) != a) {
        differing.push_back(d);
        break;
      }
  }
  if (format == Format::kJson) {
    nlohmann::json j;
    for (const Model& m : models)
      j["scenarios"].push_back(
          {{"scenario", m.scenario()}, {"overrides", internal::OverridesJson(m)}, {"path", m.path()}});
    for (const Row& r : rows) {
      nlohmann::json row = {{"row", r.label}};
      for (size_t k = 0; k < models.size(); ++k) {
        nlohmann::json v = {{"value", results[k].at(r.line, r.column)}};
        if (r.target >= 0) v["met"] = verdicts[k][r.target].met;
        row["values"].push_back(v);
      }
      j["rows"].push_back(row);
    }
    // Driver values per period, as numbers (dates as "YYYY-MM-DD"), aligned with "periods";
    // "text" is the table's compact form.
    for (int t = 0; t < cal.num_periods(); ++t) j["periods"].push_back(cal.periods()[t].label);
    j["drivers"] = nlohmann::json::array();
    for (int d : differing) {
      nlohmann::json row = {{"driver", ref.drivers()[d].name}};
      for (const Model& m : models) {
        const Driver& dr = m.drivers()[d];
        nlohmann::json per = nlohmann::json::array();
        for (int t = 0; t < cal.num_periods(); ++t)
          per.push_back(dr.is_date ? nlohmann::json(FormatDate(static_cast<int>(dr.ValueAt(t))))
                                   : internal::JsonNumber(dr.ValueAt(t)));
        row["values"].push_back(per);
        row["text"].push_back(DriverValuesText(dr, cal));
      }
      j["drivers"].push_back(row);
    }
    return j.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::ostringstream os;
    os << "row";
    for (const Model& m : models) os << ',' << CsvField(m.scenario());
    os << '\n';
    for (const Row& r : rows) {
      os << CsvField(r.label);
      for (size_t k = 0; k < models.size(); ++k) os << ',' << FormatNumber(results[k].at(r.line, r.column));
      os << '\n';
    }
    os << "\ndriver";
    for (const Model& m : models) os << ',' << CsvField(m.scenario());
    os << '\n';
    for (int d : differing) {
      os << CsvField(ref.drivers()[d].name);
      for (const Model& m : models) os << ',' << CsvField(DriverValuesText(m.drivers()[d], cal));
      os << '\n';
    }
    return os.str();
  }
  std::ostringstream os;
  os << (ref.name().empty() ? ref.path() : ref.name()) << " -- " << models.size() << " scenarios side by side";
  if (!ref.currency().empty() || !ref.unit().empty()) os << " (" << ref.currency() << " " << ref.unit() << ")";
  os << "\n\n";
  TextTable t;
  std::vector<std::string> head{"target / KPI"};
  for (const Model& m : models) head.push_back(ScenarioLabel(m));
  t.Row(head);
  for (const Row& r : rows) {
    std::vector<std::string> row{r.label};
    for (size_t k = 0; k < models.size(); ++k) {
      std::string v = FormatAmount(results[k].at(r.line, r.column));
      if (r.target >= 0) v += verdicts[k][r.target].met ? "  met " : "  miss";
      row.push_back(v);
    }
    t.Row(row);
  }
  os << t.Render();
  os << "\nDrivers that differ (" << differing.size() << " of " << ref.drivers().size() << ")\n";
  if (!differing.empty()) {
    TextTable d;
    std::vector<std::string> dh{"driver"};
    for (const Model& m : models) dh.push_back(m.scenario());
    d.Row(dh);
    for (int k : differing) {
      std::vector<std::string> row{ref.drivers()[k].name};
      for (const Model& m : models) row.push_back(DriverValuesText(m.drivers()[k], cal));
      d.Row(row);
    }
    os << d.Render();
  }
  return os.str();
}

}  // namespace outturn
