// SPDX-License-Identifier: MIT
// `outturn goalseek`: one driver (TOMS748), several drivers (least weighted change), and
// the break-even table.
#include "outturn/report/goalseek.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::DriverValueText;
using internal::GoalText;
using internal::Heading;
using internal::KpiTitle;
using internal::kTableIndent;
using internal::Percent;
using internal::Sig;
using json = nlohmann::json;

}  // namespace

std::string RenderGoalSeek(const Model& m, const GoalSeekResult& r, Format fmt) {
  if (fmt == Format::kJson) {
    json j = {{"status", ToString(r.status)},
              {"message", r.message},
              {"goal", internal::GoalJson(r.goal)},
              {"input", r.input_name},
              {"own_value", r.own_value},
              {"value", r.value},
              {"kpi_own", r.kpi_own},
              {"kpi_value", r.kpi_value},
              {"bracket", {r.low, r.high}},
              {"tolerance", r.tolerance},
              {"bracket_width", r.bracket_width},
              {"iterations", r.iterations},
              {"evaluations", r.evaluations},
              {"method", "TOMS748"}};
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,target,direction,input,status,own_value,value,kpi_own,kpi_value,low,high,tolerance,iterations,"
          "evaluations,range_low,range_high\n"
       << CsvField(r.goal.kpi.name) << ',' << CsvNumber(r.goal.target) << ',' << ToString(r.goal.direction) << ','
       << CsvField(r.input_name) << ',' << ToString(r.status) << ',' << CsvNumber(r.own_value) << ','
       << CsvNumber(r.value) << ',' << CsvNumber(r.kpi_own) << ',' << CsvNumber(r.kpi_value) << ',' << CsvNumber(r.low)
       << ',' << CsvNumber(r.high) << ',' << CsvNumber(r.tolerance) << ',' << r.iterations << ',' << r.evaluations
       << internal::GoalRangeCsv(r.goal) << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "goal seek");
  os << "goal:    " << GoalText(m, r.goal) << '\n';
  os << "driver:  " << r.input_name << ", searched in [" << DriverValueText(m, r.input, r.low) << ", "
     << DriverValueText(m, r.input, r.high) << "]\n";
  if (r.status == GoalSeekStatus::kSolved) {
    os << "result:  " << r.input_name << " " << DriverValueText(m, r.input, r.own_value) << " -> "
       << DriverValueText(m, r.input, r.value);
    if (r.own_value != 0 && !m.drivers()[r.input.driver].is_date)
      os << " (" << Percent((r.value - r.own_value) / std::fabs(r.own_value), 2) << ")";
    os << "\n         " << r.goal.kpi.name << " " << FormatAmount(r.kpi_own) << " -> " << FormatAmount(r.kpi_value)
       << " (target " << (r.kpi_value >= r.goal.target ? "+ " : "- ") << Sig(std::fabs(r.kpi_value - r.goal.target), 3)
       << ")\n";
    os << "solved:  TOMS748 (Alefeld, Potra & Shi), iterations: " << r.iterations << ", evaluations: " << r.evaluations
       << ", tolerance on the KPI: " << Sig(r.tolerance, 3) << '\n';
  } else {
    os << ToString(r.status) << ": " << r.message << '\n';
  }
  return os.str();
}

std::string RenderMultiGoalSeek(const Model& m, const MultiGoalSeekResult& r, Format fmt) {
  const int n = static_cast<int>(r.inputs.size()), G = static_cast<int>(r.goals.size());
  if (fmt == Format::kJson) {
    json j = {{"status", ToString(r.status)},
              {"message", r.message},
              {"iterations", r.iterations},
              {"weighted_change", r.weighted_change}};
    for (int i = 0; i < G; ++i) {
      json g = internal::GoalJson(r.goals[i]);
      g["kpi_own"] = r.kpi_own[i];
      g["kpi_value"] = r.kpi_values[i];
      j["goals"].push_back(g);
    }
    for (int k = 0; k < n; ++k)
      j["inputs"].push_back({{"input", r.input_names[k]},
                             {"own_value", r.own_values[k]},
                             {"value", r.values[k]},
                             {"weight", r.weights[k]},
                             {"at_bound", static_cast<bool>(r.at_bound[k])}});
    j["kept"] = r.kept;
    j["targets"] = internal::TargetChangesJson(r);
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "input,own_value,value,change,weighted_change,at_bound\n";
    for (int k = 0; k < n; ++k)
      os << CsvField(r.input_names[k]) << ',' << CsvNumber(r.own_values[k]) << ',' << CsvNumber(r.values[k]) << ','
         << CsvNumber(r.values[k] - r.own_values[k]) << ',' << CsvNumber(r.weights[k] * (r.values[k] - r.own_values[k]))
         << ',' << (r.at_bound[k] ? "true" : "false") << '\n';
    os << "\nkpi,target,direction,kpi_own,kpi_value,status,range_low,range_high\n";
    for (int i = 0; i < G; ++i)
      os << CsvField(r.goals[i].kpi.name) << ',' << CsvNumber(r.goals[i].target) << ','
         << ToString(r.goals[i].direction) << ',' << CsvNumber(r.kpi_own[i]) << ',' << CsvNumber(r.kpi_values[i]) << ','
         << ToString(r.status) << internal::GoalRangeCsv(r.goals[i]) << '\n';
    os << "\ntarget,span,target_value,direction,before,after,met_before,met_after,broken,goal\n";
    for (const TargetChange& c : r.targets)
      os << CsvField(c.name) << ',' << c.span << ',' << CsvNumber(c.target) << ',' << ToString(c.direction) << ','
         << CsvNumber(c.before) << ',' << CsvNumber(c.after) << ',' << (c.met_before ? "true" : "false") << ','
         << (c.met_after ? "true" : "false") << ',' << (c.broken() ? "true" : "false") << ','
         << (c.goal ? "true" : "false") << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "goal seek, several drivers (least weighted change)");
  os << ToString(r.status) << ": " << r.message << " (" << r.iterations << " Gauss-Newton iterations)\n\n";
  TextTable d;
  d.Row({"driver", "own value", "solution", "change", "% of range", "at bound"});
  for (int k = 0; k < n; ++k) {
    const double ch = r.values[k] - r.own_values[k];
    d.Row({r.input_names[k], DriverValueText(m, r.inputs[k], r.own_values[k]),
           DriverValueText(m, r.inputs[k], r.values[k]), Sig(ch, 4), Percent(r.weights[k] * ch, 2),
           r.at_bound[k] ? "yes" : ""});
  }
  os << d.Render(kTableIndent) << '\n';
  TextTable g;
  g.Row({"goal", "target", "own value", "solution", "verdict"});
  if (!r.kept.empty()) os << "goals, the last " << r.kept.size() << " kept met (--keep-met):\n";
  for (int i = 0; i < G; ++i) {
    const bool met = r.goals[i].direction == Direction::kAtLeast ? r.kpi_values[i] >= r.goals[i].target
                                                                 : r.kpi_values[i] <= r.goals[i].target;
    g.Row({KpiTitle(m, r.goals[i].kpi), internal::GoalTargetText(r.goals[i]), FormatAmount(r.kpi_own[i]),
           FormatAmount(r.kpi_values[i]), met ? "met" : "missed"});
  }
  os << g.Render(kTableIndent) << '\n' << internal::TargetChangesText(r);
  return os.str();
}

std::string RenderBreakEven(const Model& m, const BreakEvenResult& r, Format fmt) {
  const int n = static_cast<int>(r.inputs.size()), G = static_cast<int>(r.goals.size());
  if (fmt == Format::kJson) {
    json j;
    j["goals"] = json::array();
    for (int g = 0; g < G; ++g) {
      json jg = internal::GoalJson(r.goals[g]);
      for (int k = 0; k < n; ++k) {
        const GoalSeekResult& c = r.at(g, k);
        jg["drivers"].push_back({{"input", c.input_name},
                                 {"status", ToString(c.status)},
                                 {"own_value", c.own_value},
                                 {"value", c.value},
                                 {"kpi_value", c.kpi_value},
                                 {"message", c.message}});
      }
      j["goals"].push_back(jg);
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,target,input,status,own_value,break_even,change,range_low,range_high\n";
    for (int g = 0; g < G; ++g)
      for (int k = 0; k < n; ++k) {
        const GoalSeekResult& c = r.at(g, k);
        const bool ok = c.status == GoalSeekStatus::kSolved;
        os << CsvField(r.goals[g].kpi.name) << ',' << CsvNumber(r.goals[g].target) << ',' << CsvField(c.input_name)
           << ',' << ToString(c.status) << ',' << CsvNumber(c.own_value) << ',' << (ok ? CsvNumber(c.value) : "") << ','
           << (ok ? CsvNumber(c.value - c.own_value) : "") << internal::GoalRangeCsv(r.goals[g]) << '\n';
      }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "what the open periods must deliver: each driver alone, at its break-even");
  os << "each cell: the driver's value that meets the goal with every other driver at its own value\n\n";
  TextTable t;
  std::vector<std::string> head{"driver", "own value"};
  for (const Goal& g : r.goals) head.push_back(g.kpi.name);
  t.Row(head);
  std::vector<std::string> tgt{"(target)", ""}, fc{"(forecast)", ""};
  for (int g = 0; g < G; ++g) {
    tgt.push_back(internal::GoalTargetText(r.goals[g]));
    fc.push_back(n ? FormatAmount(r.at(g, 0).kpi_own) : "");
  }
  t.Row(tgt);
  t.Row(fc);
  for (int k = 0; k < n; ++k) {
    std::vector<std::string> row{r.input_names[k], DriverValueText(m, r.inputs[k], r.own_values[k])};
    for (int g = 0; g < G; ++g) {
      const GoalSeekResult& c = r.at(g, k);
      if (c.status == GoalSeekStatus::kSolved) {
        std::string s = DriverValueText(m, r.inputs[k], c.value);
        if (c.own_value != 0 && !m.drivers()[r.inputs[k].driver].is_date)
          s += " (" + Percent((c.value - c.own_value) / std::fabs(c.own_value), 2) + ")";
        row.push_back(s);
      } else if (c.status == GoalSeekStatus::kNoSolutionInBracket) {
        const std::string range =
            "[" + DriverValueText(m, r.inputs[k], c.low) + ", " + DriverValueText(m, r.inputs[k], c.high) + "]";
        row.push_back(c.met_throughout ? "met throughout " + range : "none in " + range + ": missed throughout");
      } else {
        row.push_back("not converged");
      }
    }
    t.Row(row);
  }
  os << t.Render(kTableIndent);
  return os.str();
}

}  // namespace outturn
