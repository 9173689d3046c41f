// SPDX-License-Identifier: MIT
#pragma once
/// \file bridge.h
/// The bridge: each driver's contribution to the change of a KPI from one scenario to
/// another, contributions that add up exactly to the total change.///
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
// The bridge

enum class BridgeMethod {
  /// Shapley values over the drivers that differ (Shapley, "A value for n-person games",
  /// 1953; as a decomposition: Shorrocks, "Decomposition procedures for distributional
  /// analysis: a unified framework based on the Shapley value", J. Econ. Inequal. 11, 2013):
  /// each driver's marginal effect averaged over every order of switching the drivers from
  /// their "from" to their "to" values; 2^n scenarios in one batch.
  kShapley,
  /// The average of switching the drivers one by one in file order and in reverse order.
  /// Equal to the Shapley value when drivers interact at most in pairs (each pair's joint
  /// effect is split evenly); 2 n scenarios. Used above BridgeOptions::max_shapley_drivers.
  kSymmetricSequential,
};
std::string ToString(BridgeMethod m);

struct BridgeOptions {
  /// KPIs: target names or "line@COLUMN". Empty: DefaultKpis() of the "from" model.
  std::vector<std::string> kpis;
  /// Exact Shapley values up to this many differing drivers (2^n scenarios), the symmetric
  /// sequential method above. In [0, 16] (2^16 scenarios).
  int max_shapley_drivers = 14;
  void Validate() const;
};

struct BridgeResult {
  std::vector<Kpi> kpis;
  /// The steps of the bridge: each driver whose value differs in some period, in file order,
  /// then "(formulas)" when the two models' formulas differ (evaluated last, at the "to"
  /// drivers: the change that driver values do not explain).
  std::vector<std::string> steps;
  Vector from;   ///< KPI values of the "from" model
  Vector to;     ///< KPI values of the "to" model
  Vector total;  ///< to - from, as a double
  /// steps x kpis. Each column adds up exactly to `total` (see `exact`), in any order.
  Matrix contributions;
  BridgeMethod method = BridgeMethod::kShapley;
  /// Per KPI: the contributions are integer multiples of `quantum` (a power of two, about one
  /// unit in the last place of the KPI), apportioned from the unrounded attribution by the
  /// largest-remainder method so that their integers add up to total / quantum, and the sum
  /// of their absolute values stays below 2^53 quanta. Every partial sum is then a double,
  /// so any floating-point summation of a column equals `total` exactly (==). Each
  /// contribution differs from the unrounded attribution by a few quanta at most. `exact` is
  /// false only if no such quantum exists (contributions that cancel to 1 part in 2^53).
  std::vector<bool> exact;
  Vector quantum;
};

/// Each driver's contribution to the change of each KPI from `from` to `to`, two versions of
/// one model (the same file under different scenarios, overrides or scenario files). Throws
/// UsageError if they are not the same model (drivers, lines and calendar must agree).
BridgeResult Bridge(const Model& from, const Model& to, const BridgeOptions& options = {});

}  // namespace outturn
