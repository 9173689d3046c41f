// SPDX-License-Identifier: MIT
// Sensitivities: the Jacobian of the KPIs by the dual-number pass (Program::Jacobian),
// elasticities, effects across each driver's range, and the ranking by effect.
#include "outturn/analysis/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/analysis_internal.h"

namespace outturn {

using internal::CellsOf;
using internal::kNaN;
using internal::NamesOf;

// ---------------------------------------------------------------------------------------
// Sensitivities

void SensitivityOptions::Validate() const { range.Validate(); }

SensitivityResult Sensitivities(const Model& m, const SensitivityOptions& o) {
  o.Validate();
  SensitivityResult r;
  r.kpis = o.all_cells ? AllCellKpis(m) : SelectKpis(m, o.kpis);
  const std::vector<Cell> cells = CellsOf(r.kpis);
  const int K = static_cast<int>(cells.size());
  // Base values first: their derivative is the total effect of `value` (every period that
  // has no value of its own). Per-period values in a second program: Input{d, t} takes
  // precedence over Input{d, -1} in period t, so one program holding both would split the
  // base value's effect.
  std::vector<Input> base = DriverInputs(m, o.include_dates);
  if (K == 0) {  // nothing to differentiate (a Program without outputs reads every cell)
    r.inputs = base;
    if (o.per_period)
      for (const Input& in : PeriodInputs(m, o.include_dates)) r.inputs.push_back(in);
    r.input_names = NamesOf(m, r.inputs);
    const int n = static_cast<int>(r.inputs.size());
    r.input_values.resize(n);
    for (int j = 0; j < n; ++j) {
      r.input_values[j] = InputValue(m, r.inputs[j]);
      r.ranges.push_back(SwingRange(m, r.inputs[j], o.range));
    }
    r.jacobian.resize(0, n);
    r.elasticities.resize(0, n);
    r.effects.resize(0, n);
    return r;
  }
  const Program pb(m, base, cells);
  Vector xb = pb.BaseInputs();
  Matrix jb = pb.Jacobian(xb, &r.values);
  r.inputs = base;
  r.input_values = xb;
  r.jacobian = jb;
  if (o.per_period) {
    std::vector<Input> per = PeriodInputs(m, o.include_dates);
    const Program pp(m, per, cells);
    const Vector xp = pp.BaseInputs();
    const Matrix jp = pp.Jacobian(xp);
    r.inputs.insert(r.inputs.end(), per.begin(), per.end());
    r.input_values.resize(xb.size() + xp.size());
    r.input_values << xb, xp;
    r.jacobian.resize(K, jb.cols() + jp.cols());
    r.jacobian << jb, jp;
  }
  r.input_names = NamesOf(m, r.inputs);
  const int n = static_cast<int>(r.inputs.size());
  r.elasticities.resize(K, n);
  r.effects.resize(K, n);
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, o.range));
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < n; ++j) {
      r.elasticities(i, j) = r.values[i] == 0 ? kNaN : r.jacobian(i, j) * r.input_values[j] / r.values[i];
      r.effects(i, j) = r.jacobian(i, j) * r.ranges[j].width();
    }
  for (int i = 0; i < K; ++i) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::fabs(r.effects(i, a)) > std::fabs(r.effects(i, b)); });
    r.ranking.push_back(std::move(order));
  }
  return r;
}

}  // namespace outturn
