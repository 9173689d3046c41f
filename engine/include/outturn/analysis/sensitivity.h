// SPDX-License-Identifier: MIT
#pragma once
/// \file sensitivity.h
/// Sensitivities: the exact Jacobian of KPIs with respect to drivers (forward-mode automatic
/// differentiation through the compiled Program, not finite differences), with elasticities
/// and the drivers ranked by their effect across their range.///
/// Every function here takes an immutable Model and returns its result by value; none keeps
/// state, so all are safe to call concurrently. Bad arguments (an unknown KPI or driver, an
/// option out of range) throw UsageError or OptionsError; expected outcomes (no root in the
/// bracket, no convergence) are statuses in the result, never exceptions.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "outturn/analysis/kpi.h"
#include "outturn/base/eigen_types.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace outturn {

// ---------------------------------------------------------------------------------------
// Sensitivities

struct SensitivityOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis().
  std::vector<std::string> kpis;
  /// Every line in every column instead of `kpis` (AllCellKpis()).
  bool all_cells = false;
  /// Add each driver's value in each forecast period as an input of its own (after the base
  /// values). The base value's derivative stays the total effect of changing `value`.
  bool per_period = false;
  /// Include date drivers (derivatives per day).
  bool include_dates = false;
  /// The range each driver is ranked across.
  SwingOptions range;
  void Validate() const;
};

/// Exact derivatives of the KPIs at the model's own driver values.
struct SensitivityResult {
  std::vector<Kpi> kpis;
  std::vector<Input> inputs;
  std::vector<std::string> input_names;
  Vector values;        ///< KPI values (kpis)
  Vector input_values;  ///< the point: each input's own value (inputs)
  /// kpis x inputs: d KPI / d input, by forward-mode automatic differentiation through the
  /// compiled tape (Griewank & Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 3).
  /// Exact to rounding wherever the model is differentiable; at a kink (min, max, clamp,
  /// if) it is the derivative of the branch taken.
  Matrix jacobian;
  /// kpis x inputs: the elasticity (d KPI / KPI) / (d input / input) = J x / y, the % change
  /// of the KPI per 1% change of the input. NaN where the KPI is 0.
  Matrix elasticities;
  /// The range of each input (`options.range`).
  std::vector<InputRange> ranges;
  /// kpis x inputs: J × (high - low), the first-order change of the KPI across the range.
  Matrix effects;
  /// For each KPI, input indices by |effect| descending (ties: input order).
  std::vector<std::vector<int>> ranking;
};

/// The Jacobian of the KPIs with respect to the drivers (and per-period values). One
/// forward-mode pass per program: cost about (inputs + 1) evaluations of one scenario.
SensitivityResult Sensitivities(const Model& model, const SensitivityOptions& options = {});

}  // namespace outturn
