// SPDX-License-Identifier: MIT
// `outturn evolution`: the forecast's move between two vintages, and its bridge.
#include "outturn/report/evolution.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::Amount;
using internal::CsvField;
using internal::CsvNumber;
using internal::Fixed;

std::string StepLabel(const std::string& s) {
  if (s == "surprise") return "new actuals against the old forecast (surprise)";
  if (s == "carried") return "what the actuals carry into the open periods (rest)";
  return s;
}

std::string Verdict(const EvolutionTarget& e, bool met, double gap) {
  if (met) return "met";
  if (e.direction == Direction::kBetween) return gap < 0 ? "below" : "above";
  return "missed";
}

std::string Signed(double v) { return (v > 0 ? "+" : "") + Amount(v); }

}  // namespace

std::string RenderEvolution(const EvolutionResult& r, Format fmt) {
  const bool swept = r.samples > 0;
  std::ostringstream os;
  if (fmt == Format::kJson) {
    nlohmann::json j = {{"old", {{"file", r.old_path}, {"as_of", r.old_as_of}, {"actuals_through", r.old_through}}},
                        {"new", {{"file", r.new_path}, {"as_of", r.new_as_of}, {"actuals_through", r.new_through}}},
                        {"steps", r.steps}};
    if (swept) j["sweep"] = {{"samples", r.samples}, {"seed", r.seed}, {"method", "mc"}};
    j["targets"] = nlohmann::json::array();
    for (const EvolutionTarget& e : r.targets) {
      nlohmann::json t = {{"target", e.target},
                          {"line", e.line},
                          {"span", e.span},
                          {"direction", ToString(e.direction)},
                          {"old_target", e.old_target},
                          {"new_target", e.new_target},
                          {"old_high", e.old_high},
                          {"new_high", e.new_high},
                          {"old_forecast", e.old_forecast},
                          {"new_forecast", e.new_forecast},
                          {"old_gap", e.old_gap},
                          {"new_gap", e.new_gap},
                          {"old_met", e.old_met},
                          {"new_met", e.new_met},
                          {"exact", e.exact},
                          {"surprise_split", e.surprise_split}};
      t["bridge"] = nlohmann::json::object();
      for (size_t s = 0; s < r.steps.size(); ++s) t["bridge"][r.steps[s]] = e.steps[s];
      if (swept)
        for (const auto& [key, b] : {std::pair<const char*, const EvolutionBand&>{"old_band", e.old_band},
                                     std::pair<const char*, const EvolutionBand&>{"new_band", e.new_band}})
          t[key] = {{"p5", b.p5},
                    {"p50", b.p50},
                    {"p95", b.p95},
                    {"p_meet", b.p_meet},
                    {"p_meet_low", b.p_meet_low},
                    {"p_meet_high", b.p_meet_high}};
      j["targets"].push_back(t);
    }
    j["surprises"] = nlohmann::json::array();
    for (const Surprise& s : r.surprises)
      j["surprises"].push_back(
          {{"line", s.line}, {"period", s.period}, {"actual", s.actual}, {"old_forecast", s.old_forecast}});
    j["notes"] = r.notes;
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    os << "target,line,span,direction,old_target,new_target,old_forecast,new_forecast,change,old_gap,new_gap,old_met,"
          "new_met"
       << (swept ? ",old_p5,old_p50,old_p95,old_p_meet,new_p5,new_p50,new_p95,new_p_meet" : "") << '\n';
    for (const EvolutionTarget& e : r.targets) {
      os << CsvField(e.target) << ',' << CsvField(e.line) << ',' << CsvField(e.span) << ',' << ToString(e.direction)
         << ',' << CsvNumber(e.old_target) << ',' << CsvNumber(e.new_target) << ',' << CsvNumber(e.old_forecast) << ','
         << CsvNumber(e.new_forecast) << ',' << CsvNumber(e.new_forecast - e.old_forecast) << ','
         << CsvNumber(e.old_gap) << ',' << CsvNumber(e.new_gap) << ',' << e.old_met << ',' << e.new_met;
      if (swept)
        os << ',' << CsvNumber(e.old_band.p5) << ',' << CsvNumber(e.old_band.p50) << ',' << CsvNumber(e.old_band.p95)
           << ',' << CsvNumber(e.old_band.p_meet) << ',' << CsvNumber(e.new_band.p5) << ',' << CsvNumber(e.new_band.p50)
           << ',' << CsvNumber(e.new_band.p95) << ',' << CsvNumber(e.new_band.p_meet);
      os << '\n';
    }
    os << "\ntarget,step,contribution\n";
    for (const EvolutionTarget& e : r.targets)
      for (size_t s = 0; s < r.steps.size(); ++s)
        os << CsvField(e.target) << ',' << CsvField(r.steps[s]) << ',' << CsvNumber(e.steps[s]) << '\n';
    os << "\nline,period,actual,old_forecast,surprise\n";
    for (const Surprise& s : r.surprises)
      os << CsvField(s.line) << ',' << CsvField(s.period) << ',' << CsvNumber(s.actual) << ','
         << CsvNumber(s.old_forecast) << ',' << CsvNumber(s.actual - s.old_forecast) << '\n';
    return os.str();
  }
  auto vintage = [](const std::string& f, const std::string& as_of, const std::string& through) {
    return f + " (" + (as_of.empty() ? "" : "as of " + as_of + ", ") + "actuals through " +
           (through.empty() ? "none" : through) + ")";
  };
  os << "Evolution from " << vintage(r.old_path, r.old_as_of, r.old_through) << "\n          to   "
     << vintage(r.new_path, r.new_as_of, r.new_through) << "\n\n";
  TextTable t;
  t.Row({"target", "", "old forecast", "gap", "verdict", "new forecast", "gap", "verdict", "change"});
  for (const EvolutionTarget& e : r.targets) {
    const std::string target = e.direction == Direction::kBetween
                                   ? Amount(e.new_target) + " to " + Amount(e.new_high)
                                   : (e.direction == Direction::kAtLeast ? ">= " : "<= ") + Amount(e.new_target);
    t.Row({e.target, target + (e.old_target != e.new_target || e.old_high != e.new_high ? " (was changed)" : ""),
           Amount(e.old_forecast), Signed(e.old_gap), Verdict(e, e.old_met, e.old_gap), Amount(e.new_forecast),
           Signed(e.new_gap), Verdict(e, e.new_met, e.new_gap), Signed(e.new_forecast - e.old_forecast)});
  }
  os << t.Render(internal::kTableIndent);
  if (swept) {
    os << "\nThe sweeps (Monte Carlo, " << internal::WithCommas(static_cast<double>(r.samples))
       << " scenarios each, seed " << r.seed << "):\n";
    TextTable b;
    b.Row({"target", "old P5", "P50", "P95", "P(meet)", "new P5", "P50", "P95", "P(meet)"});
    for (const EvolutionTarget& e : r.targets)
      b.Row({e.target, Amount(e.old_band.p5), Amount(e.old_band.p50), Amount(e.old_band.p95),
             Fixed(e.old_band.p_meet, 4) + " [" + Fixed(e.old_band.p_meet_low, 4) + ", " +
                 Fixed(e.old_band.p_meet_high, 4) + "]",
             Amount(e.new_band.p5), Amount(e.new_band.p50), Amount(e.new_band.p95),
             Fixed(e.new_band.p_meet, 4) + " [" + Fixed(e.new_band.p_meet_low, 4) + ", " +
                 Fixed(e.new_band.p_meet_high, 4) + "]"});
    os << b.Render(internal::kTableIndent);
  }
  os << "\nThe bridge from the old forecast to the new (the steps add up exactly to the change):\n";
  TextTable g;
  std::vector<std::string> head = {"step"};
  for (const EvolutionTarget& e : r.targets) head.push_back(e.target);
  g.Row(head);
  std::vector<std::string> from = {"old forecast"}, to = {"new forecast"};
  for (const EvolutionTarget& e : r.targets) {
    from.push_back(Amount(e.old_forecast));
    to.push_back(Amount(e.new_forecast));
  }
  g.Row(from);
  for (size_t s = 0; s < r.steps.size(); ++s) {
    std::vector<std::string> row = {s < 2 ? StepLabel(r.steps[s]) : "assumption: " + r.steps[s]};
    for (const EvolutionTarget& e : r.targets)
      row.push_back(s == 0 && !e.surprise_split ? "(in rest)" : Signed(e.steps[s]));
    g.Row(row);
  }
  g.Row(to);
  os << g.Render(internal::kTableIndent);
  if (!r.surprises.empty()) {
    os << "\nNewly reported against the old forecast:\n";
    TextTable s;
    s.Row({"line", "period", "actual", "old forecast", "surprise"});
    for (const Surprise& x : r.surprises)
      s.Row({x.line, x.period, Amount(x.actual), Amount(x.old_forecast), Signed(x.actual - x.old_forecast)});
    os << s.Render(internal::kTableIndent);
  }
  for (const std::string& n : r.notes) os << "note: " << n << "\n";
  return os.str();
}

}  // namespace outturn
