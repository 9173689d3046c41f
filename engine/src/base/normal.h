// SPDX-License-Identifier: MIT
#pragma once
// The standard normal distribution's scalar functions, one home for the model (quantiles and
// moments of driver distributions) and the sweep (block inversion, the copula).

#include <cmath>

#include "base/vecmath.h"

namespace outturn::internal {

// Wichura, M. J. (1988), Algorithm AS 241: The percentage points of the normal
// distribution, Applied Statistics 37, 477-484. Central region, |p - 1/2| <= 0.425.
inline double NormalCentral(double p) {
  const double q = p - 0.5;
  const double r = 0.180625 - q * q;
  return q *
         (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
              45921.953931549871457) *
                 r +
             13731.693765509461125) *
                r +
            1971.5909503065514427) *
               r +
           133.14166789178437745) *
              r +
          3.387132872796366608) /
         (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
              21213.794301586595867) *
                 r +
             5394.1960214247511077) *
                r +
            687.1870074920579083) *
               r +
           42.313330701600911252) *
              r +
          1.0);
}

// The tails, |p - 1/2| > 0.425, branch-free (both rational functions, one division), so that
// a loop over tail lanes vectorizes; Log is vecmath's.
inline double NormalTail(double p) {
  const double q = p - 0.5;
  const double r0 = std::sqrt(-Log(q < 0 ? p : 1.0 - p));
  const double a = r0 - 1.6, b = r0 - 5.0;
  const double na = (((((((7.7454501427834140764e-4 * a + 0.0227238449892691845833) * a + 0.24178072517745061177) * a +
                         1.27045825245236838258) *
                            a +
                        3.64784832476320460504) *
                           a +
                       5.7694972214606914055) *
                          a +
                      4.6303378461565452959) *
                         a +
                     1.42343711074968357734);
  const double da =
      (((((((1.05075007164441684324e-9 * a + 5.475938084995344946e-4) * a + 0.0151986665636164571966) * a +
           0.14810397642748007459) *
              a +
          0.68976733498510000455) *
             a +
         1.6763848301838038494) *
            a +
        2.05319162663775882187) *
           a +
       1.0);
  const double nb =
      (((((((2.01033439929228813265e-7 * b + 2.71155556874348757815e-5) * b + 0.0012426609473880784386) * b +
           0.026532189526576123093) *
              b +
          0.29656057182850489123) *
             b +
         1.7848265399172913358) *
            b +
        5.4637849111641143699) *
           b +
       6.6579046435011037772);
  const double db =
      (((((((2.04426310338993978564e-15 * b + 1.4215117583164458887e-7) * b + 1.8463183175100546818e-5) * b +
           7.868691311456132591e-4) *
              b +
          0.0148753612908506148525) *
             b +
         0.13692988092273580531) *
            b +
        0.59983220655588793769) *
           b +
       1.0);
  const bool near = r0 <= 5.0;
  const double v = (near ? na : nb) / (near ? da : db);
  return q < 0 ? -v : v;
}

/// Wichura's AS241 (PPND16): the standard normal quantile, relative error ~1e-16. The sweep's
/// NormalQuantiles (sweep/sampling.h) computes the same bits over a block.
double NormalQuantile(double p);
/// The standard normal CDF, 0.5 erfc(-x / sqrt 2).
double Phi(double x);
/// The standard normal density, exp(-x^2 / 2) / sqrt(2 pi).
double NormalPdf(double x);

}  // namespace outturn::internal
