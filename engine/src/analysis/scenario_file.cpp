// SPDX-License-Identifier: MIT
// ScenarioFile: a solved model written back as a scenario file (the drivers that differ
// from the parent, under `set:`), for goalseek --save.
#include "outturn/analysis/goalseek.h"

#include <cmath>
#include <sstream>

#include "base/text_util.h"

namespace outturn {
namespace {

using internal::FormatNumber;

std::string Quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') {
      o += "\\n";
      continue;
    }
    o += c;
  }
  return o + "\"";
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Scenario files

std::string ScenarioFile(const Model& parent, const Model& result, const std::string& name,
                         const std::string& description, const std::string& extends) {
  if (parent.drivers().size() != result.drivers().size())
    throw UsageError("scenario file: the two models have different drivers");
  const Calendar& cal = result.calendar();
  std::ostringstream os;
  os << "scenario: " << Quote(name) << '\n';
  if (!description.empty()) os << "description: " << Quote(description) << '\n';
  os << "extends: " << Quote(extends) << '\n';
  std::ostringstream set;
  for (size_t i = 0; i < result.drivers().size(); ++i) {
    const Driver &a = parent.drivers()[i], &b = result.drivers()[i];
    if (a.name != b.name) throw UsageError("scenario file: the two models have different drivers");
    auto text = [&](double v) { return b.is_date ? FormatDate(static_cast<int>(std::lround(v))) : FormatNumber(v); };
    if (a.by_period == b.by_period) {
      if (a.value != b.value) set << "  " << b.name << ": " << text(b.value) << '\n';
      continue;
    }
    std::string periods;
    for (int t = 0; t < cal.num_periods(); ++t)
      if (a.ValueAt(t) != b.ValueAt(t))
        periods += (periods.empty() ? "" : ", ") + cal.periods()[t].label + ": " + text(b.ValueAt(t));
    if (!periods.empty()) set << "  " << b.name << ": {" << periods << "}\n";
  }
  const std::string s = set.str();
  if (!s.empty()) os << "set:\n" << s;
  return os.str();
}

}  // namespace outturn
