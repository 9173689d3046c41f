// SPDX-License-Identifier: MIT
#pragma once
/// \file stress.h
/// Reverse stress test: the most probable way to miss each target. The first-order
/// reliability method (FORM) finds the design point, the point of the boundary KPI = target
/// nearest the origin in the space of independent standard normal scores of the uncertain
/// drivers (Hasofer & Lind, "Exact and invariant second-moment code format", J. Eng. Mech.
/// 100, 1974; Rackwitz & Fiessler, "Structural reliability under combined random load
/// sequences", Computers & Structures 9, 1978), by the improved HL-RF iteration with a merit
/// line search (Zhang & Der Kiureghian, "Finite element reliability methods for inelastic
/// structures", Report UCB/SEMM-97/05, 1997) on the engine's exact Jacobians.
///
/// The space is the sweeps' Monte Carlo space: driver i's value is Quantile(d_i, Phi(z_i)),
/// and z = B u with B B^T the normal-score correlation of the driver's correlation group,
/// the factor the Gaussian copula uses. Its distance from the origin, the reliability index
/// beta, gives the first-order estimate P(miss) = Phi(-beta); each driver's share of beta^2
/// is its importance (Der Kiureghian, "First- and second-order reliability methods", in
/// Engineering Design Reliability Handbook, CRC 2005, ch. 14: the importance vector gamma,
/// which with independent drivers is the squared direction cosines).
///
/// It lives with the sweeps because it shares their probability space (the drivers a sweep
/// varies, the copula factor, the shocks). Like every analysis it takes an immutable Model
/// and returns its result by value.
#include <cstdint>
#include <string>
#include <vector>

#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/base/eigen_types.h"
#include "outturn/model/model.h"

namespace outturn {

struct StressOptions {
  /// Convergence: |KPI - target| <= tolerance × max(1, |target|) and the point's step below
  /// tolerance × max(1, beta). In [1e-14, 1e-3].
  double tolerance = 1e-9;
  /// Most HL-RF iterations per start. >= 1.
  int max_iterations = 200;
  /// Starts: the origin, and starts - 1 more at deterministic random directions (from
  /// `seed`), so that a non-linear model's other local design points (min, max, if) are
  /// found and listed. In [1, 1000].
  int starts = 8;
  std::uint64_t seed = 1;
  void Validate() const;
};

enum class StressStatus {
  kDesignPoint,   ///< a point on the boundary, nearest the origin among those found
  kNeverMissed,   ///< no uncertain driver's value misses the target (met with certainty)
  kAlwaysMissed,  ///< no uncertain driver's value meets it (missed with certainty)
  kNotConverged,  ///< no start converged
};
std::string ToString(StressStatus s);

/// One design point.
struct DesignPoint {
  /// The independent standard normal scores: the moved drivers' (correlated by B), then one
  /// per shock term (StressResult::shocks).
  Vector u;
  /// The moved drivers' normal scores (z = B u) and values at the point.
  Vector z, values;
  /// Each shock term's value at the point, e_t (added to its driver's value in its period).
  Vector shock_values;
  /// Reliability index: ||u||, negative when the origin (every driver at its median) misses.
  double beta = 0;
  /// Phi(-beta): the first-order estimate of P(miss).
  double p_miss = 0;
  /// Each moved driver's percentile in its own distribution, Phi(z_i) (0..1).
  Vector percentiles;
  /// Each item's share of beta^2 (StressResult::items; sums to 1): the squares of Der
  /// Kiureghian's importance vector gamma, a shocked driver's shocks summed into one item.
  Vector importance;
  /// Items by importance, largest first (ties: item order).
  std::vector<int> ranking;
  /// The KPI at the point (the target, to the tolerance).
  double kpi = 0;
  int iterations = 0;
  /// Every line in every column at the point (line-major, lines x calendar columns): the
  /// quarterly P&L of that scenario.
  Vector cells;
  /// The overrides that put the model at the point: each moved driver's value, and each
  /// shock term's value in its period.
  std::vector<DriverOverride> overrides;
};

struct StressTarget {
  Goal goal;
  StressStatus status = StressStatus::kNotConverged;
  /// One line for people: what was found, or why not.
  std::string message;
  double kpi_own = 0;  ///< the KPI in the model's own scenario (its own driver values)
  /// The KPI at the origin of the space, every moved driver at its median and no shocks,
  /// and whether it meets the goal there: beta is negative when it does not.
  double kpi_median = 0;
  bool met_median = false;
  /// The design points found, nearest first; distinct local ones after the first.
  std::vector<DesignPoint> points;
  int starts_converged = 0;
};

/// A shock term: one shocked driver in one forecast period.
struct ShockTerm {
  int driver = -1;  ///< model index
  int period = -1;
};

struct StressResult {
  /// The drivers the design point moves (model indices: the sweep's uncertain drivers with a
  /// continuous distribution), their names and their values in the model's own scenario.
  std::vector<int> drivers;
  std::vector<std::string> driver_names;
  Vector own_values;
  /// Every line in every column in the model's own scenario (as DesignPoint::cells).
  Vector own_cells;
  /// The per-period shock terms of the sweep's drivers (model.h, Shocks), in the sweep's order.
  std::vector<ShockTerm> shocks;
  /// What the importance is reported over: the moved drivers, then "NAME shocks" for each
  /// shocked driver.
  std::vector<std::string> items;
  std::vector<StressTarget> targets;
  /// What the method leaves out or assumes, for the output (drivers without a density held
  /// at their values).
  std::vector<std::string> notes;
};

/// The design point of each goal (at_least: misses below the target; at_most: above).
/// Throws UsageError when the model has no driver with a continuous distribution.
StressResult Stress(const Model& model, const std::vector<Goal>& goals, const StressOptions& options = {});

}  // namespace outturn
