// SPDX-License-Identifier: MIT
#include "outturn/analysis/verdict.h"

#include <cmath>

namespace outturn {

std::vector<TargetVerdict> Verdicts(const Results& r) {
  const Model& m = r.model();
  const Calendar& cal = m.calendar();
  std::vector<TargetVerdict> out;
  for (const Target& t : m.targets()) {
    const Line& line = m.lines()[t.line];
    TargetVerdict v;
    v.name = t.name;
    v.line = line.name;
    v.span = cal.ColumnLabel(t.column);
    v.description = t.description;
    v.direction = t.direction;
    v.target = t.value;
    v.forecast = r.at(t.line, t.column);
    v.gap = v.forecast - v.target;
    v.gap_pct = v.target != 0 ? v.gap / std::fabs(v.target) : 0.0;
    v.met = t.direction == Direction::kAtLeast ? v.forecast >= v.target : v.forecast <= v.target;
    auto [first, last] = cal.ColumnRange(t.column);
    v.reported = last < cal.num_actual();
    const bool summed = t.column < cal.num_periods() || line.rollup == Rollup::kSum;
    if (!v.reported && summed) {
      v.has_open = true;
      const int open_first = std::max(first, cal.num_actual());
      v.open_periods = last - open_first + 1;
      v.open_label =
          cal.periods()[open_first].label + (last > open_first ? ".." + cal.periods()[last].label : std::string());
      for (int p = first; p <= last; ++p) {
        if (p < open_first)
          v.reported_to_date += r.at(t.line, p);
        else
          v.open_forecast += r.at(t.line, p);
      }
      if (open_first > first)
        v.reported_label = cal.periods()[first].label +
                           (open_first - 1 > first ? ".." + cal.periods()[open_first - 1].label : std::string());
      v.open_required = v.target - v.reported_to_date;
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace outturn
