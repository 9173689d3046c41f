// SPDX-License-Identifier: MIT
// Quantiles, moments and CDFs of the driver distributions (outturn/model/distributions.h).
#include "outturn/model/distributions.h"

#include "support/distribution_fixtures.h"
#include "support/test_util.h"
#include "sweep/sampling.h"

using namespace outturn;
using namespace outturn::internal;
using namespace outturn::test;

TEST_SUITE("distributions") {
  TEST_CASE("discrete quantiles ascend whatever the order of the values in the file") {
    // IIJ's new_borrowing: values listed from the largest, P(9m) = 0.7.
    const Distribution d = Make(DistributionType::kDiscrete, {}, {9e6, 6e6, 4.5e6}, {0.7, 0.2, 0.1});
    CHECK(Quantile(d, 0.05) == 4.5e6);
    CHECK(Quantile(d, 0.15) == 6e6);
    CHECK(Quantile(d, 0.29) == 6e6);
    CHECK(Quantile(d, 0.31) == 9e6);
    CHECK(Quantile(d, 0.95) == 9e6);
    std::vector<double> u;
    for (int i = 1; i < 1000; ++i) u.push_back(i / 1000.0);
    std::vector<double> x = u;
    Inverter(d).Apply(x.data(), static_cast<int>(x.size()));
    for (size_t i = 1; i < x.size(); ++i) CHECK(x[i] >= x[i - 1]);
    CHECK(Cdf(d, 6e6) == doctest::Approx(0.3));
  }

  TEST_CASE("quantiles of the closed forms") {
    CHECK(Quantile(Make(DistributionType::kUniform, {2, 4}), 0.25) == 2.5);
    CHECK(Quantile(Make(DistributionType::kTriangular, {0, 0, 1}), 0.75) == doctest::Approx(0.5));
    CHECK(Mean(Make(DistributionType::kPert, {0, 1, 8})) == doctest::Approx(2));
    CHECK(Cdf(Make(DistributionType::kNormal, {0, 1}), 0) == doctest::Approx(0.5));
    CHECK_THROWS_AS(Quantile(Make(DistributionType::kUniform, {0, 1}), 1.0), UsageError);
  }

  TEST_CASE("empirical quantile: the smallest observation whose ECDF exceeds p") {
    // Sorted: 1 1 2 3 4 5 6 9 (n = 8). Index floor(p n): the inverse ECDF (ECDF(x) >= p)
    // except where p n is whole, where it is the next observation.
    const Distribution d = Make(DistributionType::kEmpirical, {}, {3, 1, 4, 1, 5, 9, 2, 6});
    CHECK(Quantile(d, 0.01) == 1);
    CHECK(Quantile(d, 0.2) == 1);
    CHECK(Quantile(d, 0.25) == 2);  // ECDF(1) = 0.25: not above 0.25
    CHECK(Quantile(d, 0.3) == 2);
    CHECK(Quantile(d, 0.5) == 4);  // ECDF(3) = 0.5
    CHECK(Quantile(d, 0.51) == 4);
    CHECK(Quantile(d, 0.875) == 9);  // ECDF(6) = 0.875
    CHECK(Quantile(d, 0.99) == 9);
    for (int i = 1; i < 1000; ++i) {
      const double p = i / 1000.0;
      double want = INFINITY;
      for (double v : d.values)
        if (Cdf(d, v) > p) want = std::min(want, v);
      CHECK_MESSAGE(Quantile(d, p) == want, "p = " << p);
    }
  }

  TEST_CASE("discrete quantile: the smallest value whose cumulative probability reaches p") {
    // Ascending: 1 (0.25), 2 (0.5), 5 (0.25), whatever the file's order. Unlike the empirical
    // family, at a step (p = 0.25, 0.75) the value of that step.
    const Distribution d = Make(DistributionType::kDiscrete, {}, {5, 1, 2}, {0.25, 0.25, 0.5});
    CHECK(Quantile(d, 0.1) == 1);
    CHECK(Quantile(d, 0.25) == 1);
    CHECK(Quantile(d, std::nextafter(0.25, 1.0)) == 2);
    CHECK(Quantile(d, 0.75) == 2);
    CHECK(Quantile(d, std::nextafter(0.75, 1.0)) == 5);
    for (int i = 1; i < 1000; ++i) {
      const double p = i / 1000.0;
      double want = INFINITY;
      for (double v : d.values)
        if (Cdf(d, v) >= p) want = std::min(want, v);
      CHECK_MESSAGE(Quantile(d, p) == want, "p = " << p);
    }
  }

  TEST_CASE("Quantile, Mean and StdDev of a driver without a distribution are usage errors") {
    const Distribution none;
    CHECK_THROWS_WITH_AS(Quantile(none, 0.5), "the driver has no distribution", UsageError);
    CHECK_THROWS_AS(Mean(none), UsageError);
    CHECK_THROWS_AS(StdDev(none), UsageError);
    CHECK_THROWS_AS(Cdf(none, 0), UsageError);
    CHECK_THROWS_AS(Quantile(Make(DistributionType::kNormal, {0, 1}), 0.0), UsageError);
  }

  TEST_CASE("Quantile inverts Cdf for the continuous families") {
    for (const Distribution& d : All()) {
      if (d.type == DistributionType::kDiscrete || d.type == DistributionType::kEmpirical) continue;
      CAPTURE(ToString(d.type));
      for (double p : {1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6}) {
        CAPTURE(p);
        CHECK(Cdf(d, Quantile(d, p)) == doctest::Approx(p).epsilon(1e-9));
      }
    }
  }
  TEST_CASE("Density is the derivative of Cdf for the continuous families, 0 outside the support") {
    for (const Distribution& d : All()) {
      CAPTURE(ToString(d.type));
      if (d.type == DistributionType::kDiscrete || d.type == DistributionType::kEmpirical) {
        CHECK_THROWS_AS(Density(d, Mean(d)), UsageError);
        continue;
      }
      for (double p : {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99}) {
        CAPTURE(p);
        const double x = Quantile(d, p), h = 1e-6 * std::max(1.0, std::fabs(x));
        const double fd = (Cdf(d, x + h) - Cdf(d, x - h)) / (2 * h);
        CHECK(Density(d, x) == doctest::Approx(fd).epsilon(1e-5));
      }
      if (d.type == DistributionType::kUniform || d.type == DistributionType::kTriangular ||
          d.type == DistributionType::kPert || d.type == DistributionType::kTruncatedNormal) {
        CHECK(Density(d, d.low - 1) == 0);
        CHECK(Density(d, d.high + 1) == 0);
      }
    }
    CHECK_THROWS_AS(Density(Distribution{}, 0), UsageError);
  }
}
