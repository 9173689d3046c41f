// SPDX-License-Identifier: MIT
// `outturn run`: the projection (lines by column), components, targets and what the open
// periods must deliver.
#include "outturn/report/run.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "outturn/analysis/verdict.h"
#include "outturn/base/calendar.h"
#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::FormatNumber;

std::string ColumnTag(const Calendar& cal, int c) {
  if (c >= cal.num_periods()) return cal.ColumnLabel(c);
  return cal.ColumnLabel(c) + (cal.periods()[c].actual ? " A" : " F");
}

// Lines in file order, component lines after the rest.
std::vector<int> DisplayOrder(const Model& m, bool components) {
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(m.lines().size()); ++i)
    if (m.lines()[i].component.empty() != components) out.push_back(i);
  return out;
}

nlohmann::json VerdictJson(const TargetVerdict& v) {
  nlohmann::json j = {{"target", v.name},
                      {"line", v.line},
                      {"span", v.span},
                      {"direction", ToString(v.direction)},
                      {"target_value", v.target},
                      {"forecast", v.forecast},
                      {"gap", v.gap},
                      {"gap_pct", v.gap_pct},
                      {"met", v.met},
                      {"reported", v.reported}};
  const bool range = v.direction == Direction::kBetween;
  if (range) {
    j["target_high"] = v.high;
    j["position"] = ToString(v.position);
    j["edge"] = v.edge;
  }
  if (v.has_open) {
    j["open"] = {{"periods", v.open_label},
                 {"reported_to_date", internal::JsonNumber(v.reported_to_date)},
                 {"forecast", v.open_forecast},
                 {"required", v.open_required}};
    if (range) j["open"]["required_high"] = v.open_required_high;
    if (v.open_ratio) j["open"]["ratio"] = true;
  }
  return j;
}

}  // namespace

std::string RenderRun(const Results& r, Format format) {
  const Model& m = r.model();
  const Calendar& cal = m.calendar();
  const int C = cal.num_columns();
  const auto verdicts = Verdicts(r);
  if (format == Format::kJson) {
    nlohmann::json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    j["overrides"] = internal::OverridesJson(m);
    j["currency"] = m.currency();
    j["unit"] = m.unit();
    for (int c = 0; c < C; ++c)
      j["columns"].push_back(
          {{"label", cal.ColumnLabel(c)},
           {"type", c >= cal.num_periods() ? "span" : (cal.periods()[c].actual ? "actual" : "forecast")}});
    for (int i = 0; i < static_cast<int>(m.lines().size()); ++i) {
      const Line& l = m.lines()[i];
      nlohmann::json vals = nlohmann::json::array();
      for (int c = 0; c < C; ++c) vals.push_back(r.at(i, c));
      j["lines"].push_back(
          {{"name", l.name}, {"kind", ToString(l.kind)}, {"component", l.component}, {"values", vals}});
    }
    j["targets"] = nlohmann::json::array();
    for (const auto& v : verdicts) j["targets"].push_back(VerdictJson(v));
    return j.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::ostringstream os;
    os << "line,kind,component";
    for (int c = 0; c < C; ++c) os << ',' << CsvField(cal.ColumnLabel(c));
    os << '\n';
    for (int i = 0; i < static_cast<int>(m.lines().size()); ++i) {
      const Line& l = m.lines()[i];
      os << CsvField(l.name) << ',' << ToString(l.kind) << ',' << CsvField(l.component);
      for (int c = 0; c < C; ++c) os << ',' << FormatNumber(r.at(i, c));
      os << '\n';
    }
    // A range's high edge and position, and its open periods' most, follow the older
    // columns (empty for at_least and at_most targets).
    os << "\ntarget,line,span,direction,target,forecast,gap,gap_pct,met,reported,open_periods,"
          "reported_to_date,open_forecast,open_required,target_high,position,open_required_high,open_ratio\n";
    for (const auto& v : verdicts) {
      const bool range = v.direction == Direction::kBetween;
      os << CsvField(v.name) << ',' << CsvField(v.line) << ',' << v.span << ',' << ToString(v.direction) << ','
         << FormatNumber(v.target) << ',' << FormatNumber(v.forecast) << ',' << FormatNumber(v.gap) << ','
         << FormatNumber(v.gap_pct) << ',' << (v.met ? "true" : "false") << ',' << (v.reported ? "true" : "false")
         << ',' << v.open_label << ','
         << (v.has_open && !std::isnan(v.reported_to_date) ? FormatNumber(v.reported_to_date) : "") << ','
         << (v.has_open ? FormatNumber(v.open_forecast) : "") << ','
         << (v.has_open ? FormatNumber(v.open_required) : "") << ',' << (range ? FormatNumber(v.high) : "") << ','
         << (range ? ToString(v.position) : "") << ','
         << (range && v.has_open ? FormatNumber(v.open_required_high) : "") << ','
         << (v.has_open ? (v.open_ratio ? "true" : "false") : "") << '\n';
    }
    return os.str();
  }
  std::ostringstream os;
  os << internal::Heading(m, "");
  if (!m.scenario_description().empty()) os << m.scenario_description() << '\n';
  os << "A: reported (locked), F: forecast\n\n";
  auto lines_table = [&](const std::vector<int>& idx, const std::string& title) {
    TextTable t;
    std::vector<std::string> head{title};
    for (int c = 0; c < C; ++c) head.push_back(ColumnTag(cal, c));
    t.Row(head);
    for (int i : idx) {
      std::vector<std::string> row{m.lines()[i].name};
      for (int c = 0; c < C; ++c) row.push_back(FormatAmount(r.at(i, c)));
      t.Row(row);
    }
    return t.Render();
  };
  os << lines_table(DisplayOrder(m, false), "line");
  const auto comp = DisplayOrder(m, true);
  if (!comp.empty()) os << '\n' << lines_table(comp, "components");
  if (!verdicts.empty()) {
    os << "\nTargets\n";
    TextTable t;
    t.Row({"target", "line", "span", "forecast", "target", "gap", "gap %", "verdict"});
    bool any_range = false;
    for (const auto& v : verdicts) {
      const bool range = v.direction == Direction::kBetween;
      any_range |= range;
      const std::string verdict = range ? ToString(v.position) : (v.met ? "met" : "missed");
      t.Row({v.name, v.line, v.span, FormatAmount(v.forecast),
             range ? FormatAmount(v.target) + " to " + FormatAmount(v.high) : FormatAmount(v.target),
             FormatAmount(v.gap), internal::Percent(v.gap_pct, 1, internal::NonFinite::kPrintf),
             verdict + (v.reported ? " (reported)" : "")});
    }
    os << t.Render();
    if (any_range)
      os << "A range (low to high) is met within it, edges included; its gap is the distance to the nearest edge.\n";
    bool any_open = false;
    for (const auto& v : verdicts) any_open |= v.has_open;
    if (any_open) {
      os << "\nWhat the open periods must deliver\n";
      TextTable o;
      o.Row({"target", "reported", "to date", "open", "required", "forecast", "short (-) / over"});
      bool any_ratio = false;
      for (const auto& v : verdicts) {
        if (!v.has_open) continue;
        any_ratio |= v.open_ratio;
        const bool range = v.direction == Direction::kBetween;
        // Short or over: against the edge the open forecast misses (a range: "within" when
        // it lies inside what the open periods may deliver).
        std::string over = FormatAmount(v.open_forecast - v.open_required);
        if (range) {
          if (v.open_forecast > v.open_required_high)
            over = FormatAmount(v.open_forecast - v.open_required_high);
          else if (v.open_forecast >= v.open_required)
            over = "within";
        }
        o.Row({v.name, v.reported_label.empty() ? "-" : v.reported_label,
               v.reported_label.empty() && v.open_ratio ? "-" : FormatAmount(v.reported_to_date), v.open_label,
               range ? FormatAmount(v.open_required) + " to " + FormatAmount(v.open_required_high)
                     : FormatAmount(v.open_required),
               FormatAmount(v.open_forecast), over});
      }
      os << o.Render();
      if (any_ratio)
        os << "A ratio line (rollup: formula, N / D) shows the ratio over those periods; what the open periods "
              "must deliver holds their D at its forecast.\n";
    }
  }
  return os.str();
}

}  // namespace outturn
