// SPDX-License-Identifier: MIT
#pragma once
/// \file distributions.h
/// The model's description of a driver's uncertainty (model.h, Distribution): the quantile,
/// moments and CDF of each family. Quantile is the one definition of a driver's quantile.
/// Sweeps sample by inversion, x = Quantile(d, u) for u uniform in (0, 1): their block
/// kernels compute the same bits, except PERT's, interpolated from tables of this exact
/// quantile (Inverter::MeasureTableError). Grid and one-at-a-time levels are
/// Quantile(d, 0.05 + 0.9 k / (points - 1)); the tornado's distribution ranges are
/// Quantile(d, low_quantile) and Quantile(d, high_quantile). A date driver's sampled,
/// levelled and swung values are each rounded to the nearest day (SampledValue).

#include "outturn/model/model.h"

namespace outturn {

/// The p-quantile, 0 < p < 1, by family (z(p): the standard normal quantile by Wichura's
/// AS241, relative error ~1e-16; Phi: the standard normal CDF):
///  - normal: mean + sd z(p).
///  - truncated_normal: mean + sd z(Phi(a) + p (Phi(b) - Phi(a))), a and b the bounds
///    standardized, the result clamped to [low, high].
///  - lognormal (mean and sd of the variable): exp(mu + sigma z(p)), sigma^2 =
///    log(1 + sd^2 / mean^2), mu = log(mean) - sigma^2 / 2.
///  - uniform: low + p (high - low).
///  - triangular: low + sqrt(p (high - low)(mode - low)) for p < (mode - low) / (high - low),
///    else high - sqrt((1 - p)(high - low)(high - mode)).
///  - pert: low + (high - low) B(p), B the quantile of Beta(1 + 4 (mode - low) / (high - low),
///    1 + 4 (high - mode) / (high - low)) (Boost.Math, exact to double precision).
///  - discrete: with the values in ascending order (whatever the file's order; equal values
///    in the file's order) and F_k the running sum of their weights over the total (the last
///    exactly 1), the first value whose F_k >= p: the smallest value whose cumulative
///    probability reaches p. At a step (p = F_k exactly) that step's value.
///  - empirical: with the n observations sorted, x(1) <= ... <= x(n), x(floor(p n) + 1)
///    (x(n) when floor(p n) = n), p n rounded to double first. That is the smallest
///    observation x with ECDF(x) > p, ECDF(x) = #{i : x_i <= x} / n: the inverse ECDF (the
///    smallest x with ECDF(x) >= p) wherever p n is not a whole number k, and the next
///    observation, x(k + 1), where it is (the 0.5-quantile of 1, 2, 3, 4 is 3).
/// Throws UsageError for kNone or p outside (0, 1).
double Quantile(const Distribution& d, double p);
/// Mean and standard deviation of the distribution (discrete: weighted by the weights;
/// empirical: each observation 1/n; both population moments). Throw UsageError for kNone.
double Mean(const Distribution& d);
double StdDev(const Distribution& d);
/// Cumulative probability P(X <= x) (discrete: the weights of the values <= x over the
/// total; empirical: the fraction of observations <= x). Throws UsageError for kNone.
double Cdf(const Distribution& d, double x);
/// Probability density at x of the continuous families (0 outside the support; at the mode
/// of a triangular distribution its peak, 2 / (high - low)), the derivative of Cdf: the
/// reverse stress test maps normal scores through Quantile with dQ/dp = 1 / Density.
/// Throws UsageError for discrete, empirical and kNone, which have none.
double Density(const Distribution& d, double x);

/// What a sweep, a grid level or a tornado swing gives `driver` for a draw `x` of its
/// distribution: `x`, or on a date driver the nearest day (std::nearbyint, ties to even): a
/// date is a day, so every sampled scenario is one that --set can write back.
double SampledValue(const Driver& driver, double x);

}  // namespace outturn
