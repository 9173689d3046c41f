// SPDX-License-Identifier: MIT
// The standard normal's scalar functions (base/normal.h): AS241 against Boost, Phi and the
// density.
#include "base/normal.h"

#include <boost/math/distributions/normal.hpp>

#include "support/test_util.h"

using namespace outturn::internal;

TEST_SUITE("normal") {
  TEST_CASE("AS241 agrees with Boost's normal quantile") {
    boost::math::normal_distribution<double> n;
    for (double p : {1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999, 1 - 1e-12}) {
      CAPTURE(p);
      const double exact = boost::math::quantile(n, p);
      CHECK(std::fabs(NormalQuantile(p) - exact) <= 1e-14 * std::max(1.0, std::fabs(exact)));
    }
  }

  TEST_CASE("Phi and the density: exact values, symmetry, and Phi inverts AS241") {
    CHECK(Phi(0) == 0.5);
    CHECK(NormalPdf(0) == doctest::Approx(0.3989422804014327).epsilon(1e-15));
    CHECK(Phi(-1.959963984540054) == doctest::Approx(0.025).epsilon(1e-13));
    for (double x : {0.1, 0.5, 1.0, 2.5, 5.0}) {
      CAPTURE(x);
      CHECK(Phi(x) + Phi(-x) == doctest::Approx(1.0).epsilon(1e-15));
      CHECK(NormalPdf(x) == NormalPdf(-x));
      // phi = Phi': a central difference
      const double h = 1e-5;
      CHECK(NormalPdf(x) == doctest::Approx((Phi(x + h) - Phi(x - h)) / (2 * h)).epsilon(1e-8));
    }
    for (double p : {1e-12, 0.01, 0.2, 0.5, 0.8, 0.99})
      CHECK(Phi(NormalQuantile(p)) == doctest::Approx(p).epsilon(1e-14));
    CHECK(NormalQuantile(0.5) == 0.0);
    CHECK(NormalQuantile(0.25) == -NormalQuantile(0.75));  // p - 1/2 exact: antisymmetric
  }
}
