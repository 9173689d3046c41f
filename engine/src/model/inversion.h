// SPDX-License-Identifier: MIT
#pragma once
// Inversion by family: the constants a family's inverse CDF needs and, for the closed forms,
// the inverse CDF at one point. outturn::Quantile (model/distributions.cpp) and the sweep's
// block Inverter (sweep/sampling.cpp) both build on these, so that they agree to the bit.

#include <cmath>
#include <cstdint>
#include <vector>

#include "outturn/model/model.h"

namespace outturn::internal {

/// Lognormal: the mean and sd of log X from those of X.
void LognormalParams(const Distribution& d, double* mu, double* sigma);
/// PERT: the shape parameters of the Beta on [low, high].
void PertParams(const Distribution& d, double* alpha, double* beta);

/// Uniform on [low, high].
inline double UniformQuantile(double low, double high, double u) { return low + u * (high - low); }

/// Triangular: a = low, b = high, the mode's cumulative probability fc, and the products
/// k1 = (b - a)(mode - a), k2 = (b - a)(b - mode).
struct TriangularShape {
  double a = 0, b = 0, fc = 0, k1 = 0, k2 = 0;
};
TriangularShape Triangular(const Distribution& d);
/// One square root: a + sqrt(u k1) below the mode's cumulative, b - sqrt((1 - u) k2) above it.
/// Written as selects of operands around a single sqrt: with `lo ? a + s : b - s` GCC
/// duplicates the square root into both arms of a vectorized loop (twice the cost).
inline double TriangularQuantile(const TriangularShape& s, double u) {
  const bool lo = u < s.fc;
  const double t = lo ? u : 1.0 - u, k = lo ? s.k1 : s.k2;
  const double base = lo ? s.a : s.b, sign = lo ? 1.0 : -1.0;
  return base + sign * std::sqrt(t * k);
}

/// Discrete: the values in ascending order (stable: equal values keep the file's order) and
/// their cumulative probabilities (running sum of the weights over their total; the last
/// set to exactly 1). Ascending whatever the file's order, so that the inverse CDF is
/// monotone: grid and oat levels, Latin hypercube strata and rank correlations depend on it.
struct DiscreteSteps {
  std::vector<double> values, cumulative;
};
DiscreteSteps Discrete(const Distribution& d);
/// The first value whose cumulative probability is >= u (the last value whose predecessor's
/// cumulative probability u exceeds, as selects: Inverter::Apply runs the same comparisons
/// threshold by threshold over a block).
inline double DiscreteQuantile(const DiscreteSteps& s, double u) {
  double x = s.values[0];
  for (std::size_t k = 0; k + 1 < s.values.size(); ++k) x = u > s.cumulative[k] ? s.values[k + 1] : x;
  return x;
}

/// Empirical: the observations in ascending order.
std::vector<double> SortedObservations(const Distribution& d);
/// sorted[min(floor(u m), m - 1)] for the m sorted observations, u m rounded to double.
inline double EmpiricalQuantile(const double* sorted, std::int64_t m, double u) {
  const std::int64_t k = static_cast<std::int64_t>(u * static_cast<double>(m));
  return sorted[k > m - 1 ? m - 1 : k];
}

}  // namespace outturn::internal
