// SPDX-License-Identifier: MIT
// `outturn check`: a validated model in brief.
#include "outturn/report/check.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "outturn/base/calendar.h"
#include "report/format.h"

namespace outturn {

std::string RenderCheck(const Model& m, Format format) {
  const Calendar& cal = m.calendar();
  std::vector<std::string> periods, actual, spans;
  for (const Period& p : cal.periods()) (p.actual ? actual : periods).push_back(p.label);
  for (const Span& s : cal.spans()) spans.push_back(s.label);
  std::vector<std::string> drivers, lines, targets;
  for (const Driver& d : m.drivers()) drivers.push_back(d.name);
  for (const Line& l : m.lines()) lines.push_back(l.name);
  for (const Target& t : m.targets()) targets.push_back(t.name);
  const auto scenarios = m.scenario_names();
  if (format == Format::kJson) {
    nlohmann::json j = {{"model", m.name()},
                        {"path", m.path()},
                        {"scenario", m.scenario()},
                        {"overrides", internal::OverridesJson(m)},
                        {"periods", cal.num_periods()},
                        {"actual_periods", actual},
                        {"forecast_periods", periods},
                        {"spans", spans},
                        {"drivers", drivers},
                        {"lines", lines},
                        {"targets", targets},
                        {"scenarios", scenarios}};
    if (!m.dimensions().empty()) {  // a model without dimensions prints what it did before
      nlohmann::json dims = nlohmann::json::object();
      for (const Dimension& d : m.dimensions()) dims[d.name] = d.items;
      j["dimensions"] = dims;
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  os << m.path() << ": ok" << (m.name().empty() ? "" : " (" + m.name() + ")") << '\n';
  if (m.scenario() != "base" || !m.overrides().empty()) os << "  scenario:  " << ScenarioLabel(m) << '\n';
  os << "  periods:   " << cal.num_periods() << " " << ToString(cal.spec().periodicity) << "s, "
     << cal.periods().front().label << ".." << cal.periods().back().label << '\n';
  os << "  reported:  " << actual.size() << (actual.empty() ? "" : " (" + internal::JoinList(actual) + ")") << '\n';
  os << "  spans:     " << internal::JoinList(spans) << '\n';
  for (const Dimension& d : m.dimensions())
    os << "  dimension: " << d.name << " (" << d.items.size() << " items: " << internal::JoinList(d.items) << ")\n";
  os << "  drivers:   " << drivers.size() << '\n';
  os << "  lines:     " << lines.size() << '\n';
  os << "  targets:   " << targets.size() << (targets.empty() ? "" : " (" + internal::JoinList(targets) + ")") << '\n';
  os << "  scenarios: " << scenarios.size() << " (" << internal::JoinList(scenarios) << ")\n";
  return os.str();
}

}  // namespace outturn
