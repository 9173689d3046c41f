// SPDX-License-Identifier: MIT
// Reports as named tables, read from their own CSV: one CSV file per table, the long (tidy)
// form, and the tables that workbooks are written from.
#include "outturn/report/tables.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "outturn/base/calendar.h"
#include "outturn/base/errors.h"
#include "outturn/base/version.h"
#include "outturn/report/backtest.h"
#include "outturn/report/bridge.h"
#include "outturn/report/compare.h"
#include "outturn/report/run.h"
#include "outturn/report/sensitivity.h"
#include "outturn/report/sweep.h"
#include "outturn/report/tornado.h"
#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;

// The records of one CSV text, blank records (a blank line outside quotes) kept as empty
// records so that tables can be told apart.
std::vector<std::vector<std::string>> ParseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> rec;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      rec.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n') {
      if (any || !field.empty()) rec.push_back(field);
      out.push_back(rec);
      rec.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    rec.push_back(field);
    out.push_back(rec);
  }
  return out;
}

bool Has(const std::vector<int>& v, int i) { return std::find(v.begin(), v.end(), i) != v.end(); }

TableCell MakeCell(const std::string& text, bool may_be_number) {
  TableCell c{text};
  if (may_be_number && !text.empty()) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    // "nan" and "inf" stay text: a workbook has no such numbers.
    if (end == text.c_str() + text.size() && std::isfinite(v)) {
      c.is_number = true;
      c.number = v;
    }
  }
  return c;
}

int ColumnIndex(const std::vector<std::string>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<int> Indices(const std::vector<std::string>& columns, const std::vector<std::string>& names) {
  std::vector<int> out;
  for (const std::string& n : names)
    if (int i = ColumnIndex(columns, n); i >= 0) out.push_back(i);
  return out;
}

// The spec whose columns are named rather than numbered: the header of `csv`'s table number
// `table` (0-based).
std::vector<std::string> HeaderOf(const std::string& csv, int table) {
  int t = 0;
  bool start = true;
  for (const auto& rec : ParseCsv(csv)) {
    if (rec.empty()) {
      ++t;
      start = true;
      continue;
    }
    if (start && t == table) return rec;
    start = false;
  }
  return {};
}

}  // namespace

std::vector<Table> CsvTables(const std::string& csv, const std::vector<TableSpec>& specs, const std::string& unit) {
  std::vector<Table> out;
  const TableSpec* spec = nullptr;
  for (const auto& rec : ParseCsv(csv)) {
    if (rec.empty()) {
      spec = nullptr;
      continue;
    }
    if (!spec) {
      OUTTURN_ASSERT(out.size() < specs.size());
      spec = &specs[out.size()];
      Table t;
      t.name = spec->name;
      t.columns = rec;
      t.keys = spec->keys;
      t.verdict = spec->verdict;
      for (int i = 0; i < static_cast<int>(rec.size()); ++i) {
        const bool amount = Has(spec->amounts, i) || (spec->amounts_from >= 0 && i >= spec->amounts_from);
        t.units.push_back(amount && !Has(spec->keys, i) ? unit : "");
      }
      out.push_back(std::move(t));
      continue;
    }
    Table& t = out.back();
    std::vector<TableCell> row;
    for (int i = 0; i < static_cast<int>(rec.size()); ++i)
      row.push_back(MakeCell(rec[i], !Has(spec->keys, i) && !Has(spec->text, i)));
    t.rows.push_back(std::move(row));
  }
  return out;
}

std::string TableCsv(const Table& t) {
  std::ostringstream os;
  auto line = [&](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) os << (i ? "," : "") << CsvField(fields[i]);
    os << '\n';
  };
  line(t.columns);
  for (const auto& r : t.rows) {
    std::vector<std::string> f;
    for (const TableCell& c : r) f.push_back(c.text);
    line(f);
  }
  return os.str();
}

std::string TidyCsv(const Table& t) {
  bool any_reported = false, any_unit = false;
  for (const auto& r : t.rows)
    for (const TableCell& c : r) any_reported |= c.reported;
  for (const std::string& u : t.units) any_unit |= !u.empty();
  std::ostringstream os;
  for (int k : t.keys) os << CsvField(t.columns[k]) << ',';
  os << "column,value" << (any_unit ? ",unit" : "") << (any_reported ? ",reported" : "") << '\n';
  for (const auto& r : t.rows)
    for (int i = 0; i < static_cast<int>(r.size()); ++i) {
      if (Has(t.keys, i)) continue;
      for (int k : t.keys) os << CsvField(k < static_cast<int>(r.size()) ? r[k].text : "") << ',';
      os << CsvField(t.columns[i]) << ',' << CsvField(r[i].text);
      if (any_unit) os << ',' << CsvField(t.units[i]);
      if (any_reported) os << ',' << (r[i].reported ? "true" : "false");
      os << '\n';
    }
  return os.str();
}

std::string UnitLabel(const Model& m) {
  if (m.currency().empty()) return m.unit();
  return m.currency() + (m.unit().empty() ? "" : " " + m.unit());
}

std::vector<Table> RunTables(const Results& r) {
  const Model& m = r.model();
  const Calendar& cal = m.calendar();
  const std::string csv = RenderRun(r, Format::kCsv);
  const std::vector<std::string> targets = HeaderOf(csv, 1);
  TableSpec lines{"lines", {0, 1, 2}, {}, 3, {}, false};
  // "target" is the name and, the second time, the target value.
  TableSpec tspec{"targets", {0}, {4}, -1, {}, true};
  for (int i : Indices(targets, {"forecast", "gap", "reported_to_date", "open_forecast", "open_required", "target_high",
                                 "open_required_high"}))
    tspec.amounts.push_back(i);
  tspec.text =
      Indices(targets, {"line", "span", "direction", "met", "reported", "open_periods", "position", "open_ratio"});
  auto tables = CsvTables(csv, {lines, tspec}, UnitLabel(m));
  OUTTURN_ASSERT(tables.size() == 2);
  // Reported periods' cells, and the reported targets' rows.
  Table& lt = tables[0];
  for (auto& row : lt.rows)
    for (int c = 3; c < static_cast<int>(row.size()); ++c) {
      const int col = c - 3;
      row[c].reported = col < cal.num_periods() && cal.periods()[col].actual;
    }
  Table& tt = tables[1];
  const int rep = ColumnIndex(tt.columns, "reported");
  for (auto& row : tt.rows)
    if (rep >= 0 && row[rep].text == "true")
      for (TableCell& c : row) c.reported = true;
  return tables;
}

std::vector<Table> CompareTables(const std::vector<Model>& models) {
  const std::string csv = RenderCompare(models, Format::kCsv);
  return CsvTables(csv, {{"rows", {0}, {}, 1, {}, true}, {"drivers", {0}, {}, -1, {}, false}}, UnitLabel(models.at(0)));
}

std::vector<Table> SensitivityTables(const Model& m, const SensitivityResult& r) {
  const std::string csv = RenderSensitivity(m, r, Format::kCsv);
  const auto h = HeaderOf(csv, 0);
  return CsvTables(csv,
                   {{"sensitivity", Indices(h, {"kpi", "input"}), Indices(h, {"kpi_value", "effect"}), -1,
                     Indices(h, {"line", "column", "driver", "period", "range"}), false}},
                   UnitLabel(m));
}

std::vector<Table> TornadoTables(const Model& m, const TornadoResult& t, const SpiderResult* sp) {
  const std::string csv = RenderTornado(m, t, sp, Format::kCsv);
  const auto h = HeaderOf(csv, 0);
  std::vector<TableSpec> specs{{"tornado", Indices(h, {"kpi", "input"}),
                                Indices(h, {"base", "kpi_low", "kpi_high", "swing"}), -1, Indices(h, {"range"}),
                                false}};
  if (sp) specs.push_back({"spider", {0, 1}, {}, 4, {}, false});
  return CsvTables(csv, specs, UnitLabel(m));
}

std::vector<Table> BridgeTables(const Model& from, const Model& to, const BridgeResult& r,
                                const MultiGoalSeekResult* seek) {
  return CsvTables(RenderBridge(from, to, r, Format::kCsv, seek), {{"bridge", {0}, {}, 1, {}, false}}, UnitLabel(from));
}

std::vector<Table> SweepTables(const SweepResult& r, const Model& m) {
  const std::string csv = RenderSweep(r, Format::kCsv);
  // Grid and one-at-a-time designs print one design table (driver, level, value, targets).
  if (r.method == SweepMethod::kGrid || r.method == SweepMethod::kOneAtATime)
    return CsvTables(csv, {{"design", {0, 1}, {}, 3, {}, false}}, UnitLabel(m));
  const auto h = HeaderOf(csv, 0);
  TableSpec targets{"targets", {0}, {}, -1, Indices(h, {"line", "span", "seed", "method", "partial"}), true};
  for (int i = ColumnIndex(h, "target_value"); i >= 0 && i < ColumnIndex(h, "quantile_error"); ++i)
    targets.amounts.push_back(i);
  for (int i : Indices(h, {"quantile_error", "expected_shortfall", "shortfall_given_miss", "target_high"}))
    targets.amounts.push_back(i);
  std::vector<TableSpec> specs{targets};
  if (r.kpis.size() && !r.kpis[0].src.empty()) specs.push_back({"src", {0, 1}, {}, -1, {}, false});
  if (r.kpis.size() && !r.kpis[0].sobol_first.empty()) specs.push_back({"sobol", {0, 1}, {}, -1, {}, false});
  if (!r.paths.empty()) specs.push_back({"paths", {0, 1}, {}, 2, {}, false});
  return CsvTables(csv, specs, UnitLabel(m));
}

std::vector<Table> BacktestTables(const BacktestResult& r, const Model& m) {
  const std::string csv = RenderBacktest(r, Format::kCsv);
  const auto h = HeaderOf(csv, 0);
  TableSpec scores{"scores", {0, 3}, {}, -1, Indices(h, {"as_of", "actuals_through", "line", "span", "direction"}),
                   true};
  for (const char* c : {"target_value", "target_high", "forecast", "p5", "p25", "p50", "p75", "p95", "outcome", "crps"})
    scores.amounts.push_back(ColumnIndex(h, c));
  return CsvTables(csv, {scores, {"coverage", {}, {}, -1, {}, false}}, UnitLabel(m));
}

std::vector<std::pair<std::string, std::string>> AboutRows(const Model& m) {
  std::string src;
  for (const std::string& f : m.source_files()) src += (src.empty() ? "" : ", ") + f;
  std::string sets;
  for (const DriverOverride& o : m.overrides()) sets += (sets.empty() ? "" : ", ") + OverrideText(m, o);
  return {{"model", m.name().empty() ? m.path() : m.name()},
          {"source", src},
          {"scenario", m.scenario()},
          {"overrides", sets.empty() ? "none" : sets},
          {"unit", UnitLabel(m)},
          {"engine", std::string("outturn ") + OUTTURN_VERSION_STRING}};
}

}  // namespace outturn
