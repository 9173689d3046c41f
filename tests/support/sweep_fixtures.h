// SPDX-License-Identifier: MIT
#pragma once
// Models and helpers shared by the sweep tests (designs, accumulators, statistics, ...).
#include <sstream>
#include <string>
#include <vector>

#include "outturn/sweep/sweep.h"
#include "support/test_util.h"

namespace outturn::test {

// KPI = a + 2 b - c, with a target; a, b, c uniform or normal.
inline const char* const kLinear =
    "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 2Q10}\n"
    "drivers:\n"
    "  a: {value: 1, distribution: {type: uniform, low: 0, high: 2}}\n"
    "  b: {value: 0, distribution: {type: normal, mean: 0, sd: 1}}\n"
    "  c: {value: 0.5, distribution: {type: triangular, low: 0, mode: 0.5, high: 1}}\n"
    "lines:\n"
    "  x: {formula: a + 2 * b - c, actuals: {1Q10: 0, 2Q10: 0}}\n"
    "targets:\n"
    "  fy: {line: x, span: FY10, value: 1.5}\n"
    "  h1: {line: x, span: 1H10, value: 0}\n";

// Two uniforms on (0, 1), read back through a dump.
inline const char* const kUnitSquare =
    "calendar: {start: 2010-04, fiscal_year_label: start, periods: 1}\n"
    "drivers:\n"
    "  u: {value: 0.5, distribution: {type: uniform, low: 0, high: 1}}\n"
    "  v: {value: 0.5, distribution: {type: uniform, low: 0, high: 1}}\n"
    "lines:\n"
    "  s: {formula: u + v}\n"
    "targets:\n"
    "  q: {line: s, span: 1Q10, value: 1}\n";

// Everything that must be identical across thread counts and chunk sizes.
inline std::string Fingerprint(const SweepResult& r) {
  std::ostringstream os;
  os.precision(17);
  os << r.samples << ' ' << r.all_meets << '\n';
  for (const KpiStats& k : r.kpis) {
    os << k.mean << ' ' << k.sd << ' ' << k.min << ' ' << k.max << ' ' << k.meets << ' ' << k.expected_shortfall;
    for (double q : k.quantiles) os << ' ' << q;
    for (double v : k.driver_mean_miss) os << ' ' << v;
    for (double v : k.src) os << ' ' << v;
    for (long long b : k.bins) os << ' ' << b;
    os << '\n';
  }
  for (const PathStats& p : r.paths) {
    os << p.line;
    for (size_t t = 0; t < p.periods.size(); ++t) {
      os << ' ' << p.periods[t] << ' ' << p.min[t] << ' ' << p.max[t] << ' ' << p.quantile_error[t];
      for (double q : p.quantiles[t]) os << ' ' << q;
    }
    os << '\n';
  }
  return os.str();
}

// The rows of a sweep's CSV dump (scenario index first), without the header.
inline std::vector<std::vector<double>> ReadDump(const std::string& path) {
  std::istringstream in(ReadFile(path));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> r;
    std::istringstream ls(line);
    for (std::string f; std::getline(ls, f, ',');) r.push_back(std::stod(f));
    rows.push_back(r);
  }
  return rows;
}

}  // namespace outturn::test
