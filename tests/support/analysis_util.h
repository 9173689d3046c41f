// SPDX-License-Identifier: MIT
#pragma once
// What the analysis tests share: the shipped models, a KPI's value in a plain run, a name's
// index, and a tiny model small enough to reason about.
#include <string>
#include <vector>

#include "outturn/analysis/kpi.h"
#include "support/test_util.h"

namespace outturn::test {

inline Model Example() { return Model::Load(test::SourcePath("scenarios/example/model.yaml")); }
inline Model Iij() { return Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml")); }

inline double RunAt(const Model& m, const Kpi& k) { return Run(m).at(k.cell.line, k.cell.column); }

inline int IndexOf(const std::vector<std::string>& names, const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  FAIL("no '" << name << "'");
  return -1;
}

// A model small enough to reason about, four open quarters: y = a + 10 b + fixed, a step z
// in s, and a KPI that is zero.
inline const char* const kTiny = R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  a: {value: 99.5, unit: x, bounds: [0, 100]}
  b: {value: 0.5, unit: x, bounds: [0, 1]}
  s: {value: 0.5, unit: x, bounds: [0, 2]}
  w: {value: 0, unit: x}
  fixed: {value: 3, unit: x, bounds: [3, 3]}
lines:
  y: {kind: revenue, formula: a + 10 * b + fixed}
  z: {kind: other, formula: "if(s > 1, 10, 0)"}
  zero: {kind: kpi, formula: w * a}
)yaml";

}  // namespace outturn::test
