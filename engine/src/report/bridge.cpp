// SPDX-License-Identifier: MIT
// `outturn bridge`: each driver's contribution to the change between two scenarios, or to
// the targets.
#include "outturn/report/bridge.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::DriverValueText;
using internal::Heading;
using internal::KpiJson;
using internal::kTableIndent;
using json = nlohmann::json;

bool AnyRange(const MultiGoalSeekResult& seek) {
  return std::any_of(seek.goals.begin(), seek.goals.end(), [](const Goal& g) { return g.range.has_value(); });
}

}  // namespace

std::string RenderBridge(const Model& from, const Model& to, const BridgeResult& r, Format fmt,
                         const MultiGoalSeekResult* seek) {
  const int K = static_cast<int>(r.kpis.size()), S = static_cast<int>(r.steps.size());
  // Steps by their contribution to the first KPI, largest first.
  std::vector<int> order(S);
  for (int s = 0; s < S; ++s) order[s] = s;
  if (K)
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::fabs(r.contributions(a, 0)) > std::fabs(r.contributions(b, 0)); });
  if (fmt == Format::kJson) {
    json j = {
        {"from", {{"path", from.path()}, {"scenario", from.scenario()}, {"overrides", internal::OverridesJson(from)}}},
        {"to", {{"path", to.path()}, {"scenario", to.scenario()}, {"overrides", internal::OverridesJson(to)}}},
        {"method", ToString(r.method)}};
    for (int k = 0; k < K; ++k) {
      json jk = KpiJson(from, r.kpis[k], r.from[k]);
      jk.erase("value");
      jk["from"] = r.from[k];
      jk["to"] = r.to[k];
      jk["total"] = r.total[k];
      jk["exact"] = static_cast<bool>(r.exact[k]);
      jk["quantum"] = r.quantum[k];
      for (int s : order) jk["contributions"].push_back({{"step", r.steps[s]}, {"value", r.contributions(s, k)}});
      j["kpis"].push_back(jk);
    }
    if (seek) {
      for (const DriverOverride& o : seek->overrides)
        j["implied"].push_back({{"driver", o.driver}, {"value", o.value}});
      j["kept"] = seek->kept;
      j["targets"] = internal::TargetChangesJson(*seek);
    }
    if (seek && AnyRange(*seek))
      for (const Goal& g : seek->goals) j["goals"].push_back(internal::GoalJson(g));
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "step";
    for (const Kpi& k : r.kpis) os << ',' << CsvField(k.name);
    os << "\nfrom";
    for (int k = 0; k < K; ++k) os << ',' << CsvNumber(r.from[k]);
    os << '\n';
    for (int s : order) {
      os << CsvField(r.steps[s]);
      for (int k = 0; k < K; ++k) os << ',' << CsvNumber(r.contributions(s, k));
      os << '\n';
    }
    os << "total";
    for (int k = 0; k < K; ++k) os << ',' << CsvNumber(r.total[k]);
    os << "\nto";
    for (int k = 0; k < K; ++k) os << ',' << CsvNumber(r.to[k]);
    os << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(from, "bridge to " + (seek ? std::string("the targets") : "scenario " + ScenarioLabel(to)));
  os << "from: " << from.path() << " (" << ScenarioLabel(from) << ")\n";
  if (!seek) os << "to:   " << to.path() << " (" << ScenarioLabel(to) << ")\n";
  if (seek) {
    os << "to:   the least weighted change of the drivers below that meets the targets:\n";
    TextTable d;
    for (size_t k = 0; k < seek->inputs.size(); ++k)
      d.Row({seek->input_names[k], DriverValueText(from, seek->inputs[k], seek->own_values[k]) + " -> " +
                                       DriverValueText(from, seek->inputs[k], seek->values[k])});
    os << d.Render("      ");
    // Where a range target is aimed (its nearest edge, or the point --aim names).
    if (AnyRange(*seek))
      for (const Goal& g : seek->goals) os << "goal: " << internal::GoalText(from, g) << "\n";
  }
  os << "method: "
     << (r.method == BridgeMethod::kShapley ? "Shapley values (every order of switching the drivers)"
                                            : "average of switching the drivers in file order and in reverse")
     << "; the contributions add up exactly to the change\n\n";
  TextTable t;
  std::vector<std::string> head{"step"};
  for (const Kpi& k : r.kpis) head.push_back(k.name);
  t.Row(head);
  std::vector<std::string> row{"from (" + from.scenario() + ")"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.from[k]));
  t.Row(row);
  for (int s : order) {
    row = {"  " + r.steps[s]};
    for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.contributions(s, k)));
    t.Row(row);
  }
  row = {"change"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.total[k]));
  t.Row(row);
  row = {"to (" + (seek ? std::string("targets") : to.scenario()) + ")"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.to[k]));
  t.Row(row);
  os << t.Render(kTableIndent);
  if (S == 0) os << "  (no driver differs)\n";
  if (seek) os << '\n' << internal::TargetChangesText(*seek);
  return os.str();
}

std::string BridgeToTargetsFailure(const MultiGoalSeekResult& seek) {
  return "bridge: cannot reach the targets by moving " + internal::JoinList(seek.input_names) + ": " + seek.message;
}

}  // namespace outturn
