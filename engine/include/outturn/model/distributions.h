// SPDX-License-Identifier: MIT
#pragma once
/// \file distributions.h
/// Quantiles and moments of the distributions a driver may carry (model.h, Distribution).
/// Sweeps sample by inversion: x = Quantile(d, u) for u uniform in (0, 1).

#include "outturn/model/model.h"

namespace outturn {

/// The p-quantile (0 < p < 1) of a distribution, exact to double precision (Boost.Math for
/// the normal and beta families). Discrete and empirical distributions return the smallest
/// value whose cumulative probability reaches p (empirical: each observation weighs 1/n).
/// Throws UsageError for kNone or p outside (0, 1).
double Quantile(const Distribution& d, double p);
/// Mean and standard deviation of the distribution.
double Mean(const Distribution& d);
double StdDev(const Distribution& d);
/// Cumulative probability P(X <= x).
double Cdf(const Distribution& d, double x);

}  // namespace outturn
