// SPDX-License-Identifier: MIT
// The random numbers behind sweeps: the counter-based generator, keyed permutations, block
// inversion of every family, the block normal quantile and the copula's CDF. Statistical
// checks use a fixed seed and state the confidence they test at.
#include "sweep/sampling.h"

#include <set>

#include "outturn/model/distributions.h"
#include "support/distribution_fixtures.h"
#include "support/test_util.h"

using namespace outturn;
using namespace outturn::internal;
using namespace outturn::test;

TEST_SUITE("sweep/sampling") {
  TEST_CASE("block inversion equals the exact quantile") {
    for (const Distribution& d : All()) {
      CAPTURE(ToString(d.type));
      Inverter inv(d);
      std::vector<double> u;
      for (int i = 1; i < 2000; ++i) u.push_back(i / 2000.0);
      u.push_back(1e-12);
      u.push_back(1 - 1e-12);
      std::vector<double> x = u;
      inv.Apply(x.data(), static_cast<int>(x.size()));
      const double scale = std::max(1.0, StdDev(d));
      for (size_t i = 0; i < u.size(); ++i) {
        // PERT is interpolated (stated error), the rest is exact to rounding.
        const double tol = d.type == DistributionType::kPert ? 1e-9 : 1e-12;
        CHECK_MESSAGE(std::fabs(x[i] - Quantile(d, u[i])) <= tol * scale, "u = " << u[i]);
      }
    }
  }

  TEST_CASE("the copula's normal CDF: within its stated 1e-10 of the exact Phi, clamped, symmetric") {
    CHECK(NormalCdfTableError() < 1e-10);
    std::vector<double> z = {-40, -9, -8.5, -3, -1e-9, 0, 1e-9, 0.3, 3, 8.5, 40};
    std::vector<double> u = z;
    NormalCdfs(u.data(), static_cast<int>(u.size()));
    for (size_t i = 0; i < z.size(); ++i) {
      CAPTURE(z[i]);
      const double exact = std::min(std::max(0.5 * std::erfc(-z[i] / std::sqrt(2.0)), 0x1p-60), 1 - 0x1p-53);
      CHECK(std::fabs(u[i] - exact) <= 1e-10);
      CHECK(u[i] >= 0x1p-60);
      CHECK(u[i] <= 1 - 0x1p-53);
    }
    for (size_t i = 1; i < u.size(); ++i) CHECK(u[i] >= u[i - 1]);  // monotone on these points
    CHECK(u[5] == 0.5);
  }

  TEST_CASE("block normal quantiles equal the scalar ones bit for bit, tails included") {
    std::vector<double> u;
    for (int i = 0; i < 1000; ++i) u.push_back((i + 0.5) / 1000.0);
    for (double p : {1e-300, 1e-20, 1e-9, 0.02, 1 - 1e-9, 1 - 1e-16}) u.push_back(p);
    std::vector<double> v = u;
    NormalQuantiles(v.data(), static_cast<int>(v.size()));
    for (size_t i = 0; i < u.size(); ++i) CHECK(v[i] == NormalQuantile(u[i]));
  }

  TEST_CASE("PERT's interpolation error is measured and small") {
    Inverter inv(Make(DistributionType::kPert, {0, 0.2, 1}));
    CHECK(inv.MeasureTableError() < 1e-10);
  }

  TEST_CASE("moments and quantiles of samples match the distribution (99.99% level)") {
    const int n = 400000;
    for (const Distribution& d : All()) {
      CAPTURE(ToString(d.type));
      std::vector<double> x(n);
      Uniforms(StreamKey(42, 7), 0, n, x.data());
      Inverter(d).Apply(x.data(), n);
      double mean = 0;
      for (double v : x) mean += v;
      mean /= n;
      double var = 0;
      for (double v : x) var += (v - mean) * (v - mean);
      var /= n - 1;
      // Mean within 4 standard errors (two-sided 99.99%); sd within 2%.
      CHECK(std::fabs(mean - Mean(d)) < 4 * StdDev(d) / std::sqrt(n));
      CHECK(std::sqrt(var) == doctest::Approx(StdDev(d)).epsilon(0.02));
      // Marginal quantiles: the empirical CDF at the true quantile within 4 binomial SEs.
      if (d.type != DistributionType::kDiscrete && d.type != DistributionType::kEmpirical) {
        for (double p : {0.05, 0.25, 0.5, 0.9, 0.99}) {
          const double q = Quantile(d, p);
          double below = 0;
          for (double v : x) below += v <= q;
          CHECK(std::fabs(below / n - p) < 4 * std::sqrt(p * (1 - p) / n));
        }
      }
    }
  }

  TEST_CASE("discrete values come with their weights") {
    const Distribution d = Make(DistributionType::kDiscrete, {}, {1, 2, 5}, {0.2, 0.5, 0.3});
    const int n = 100000;
    std::vector<double> x(n);
    Uniforms(StreamKey(3, 1), 0, n, x.data());
    Inverter(d).Apply(x.data(), n);
    double ones = 0, twos = 0, fives = 0;
    for (double v : x) {
      ones += v == 1;
      twos += v == 2;
      fives += v == 5;
    }
    CHECK(ones + twos + fives == n);
    CHECK(std::fabs(twos / n - 0.5) < 4 * std::sqrt(0.25 / n));
  }

  TEST_CASE("the counter-based generator: a pure function of (key, index), in (0, 1)") {
    const std::uint64_t key = StreamKey(1, 2);
    std::vector<double> a(1000), b(500);
    Uniforms(key, 0, 1000, a.data());
    Uniforms(key, 500, 500, b.data());
    for (int i = 0; i < 500; ++i) CHECK(a[500 + i] == b[i]);
    for (double u : a) CHECK((u > 0 && u < 1));
    CHECK(StreamKey(1, 2) != StreamKey(2, 2));
    CHECK(StreamKey(1, 2) != StreamKey(1, 3));
  }

  TEST_CASE("keyed permutations are bijections") {
    for (int bits : {1, 2, 5, 10, 16}) {
      std::set<std::uint64_t> seen;
      for (std::uint64_t x = 0; x < (1ULL << bits); ++x) seen.insert(Permute(x, bits, 12345));
      CHECK(seen.size() == (1ULL << bits));
      CHECK(*seen.rbegin() == (1ULL << bits) - 1);
    }
  }

  TEST_CASE("block inversion and Quantile agree to the bit for every family but PERT") {
    // PERT is interpolated from tables (its stated error above); the others share their
    // arithmetic with Quantile (model/inversion.h, base/normal.h).
    for (const Distribution& d : All()) {
      if (d.type == DistributionType::kPert) continue;
      CAPTURE(ToString(d.type));
      std::vector<double> u(777);
      Uniforms(StreamKey(9, 4), 0, static_cast<int>(u.size()), u.data());
      u.push_back(0.5);
      u.push_back(1e-300);
      u.push_back(1 - 0x1p-53);
      std::vector<double> x = u;
      Inverter(d).Apply(x.data(), static_cast<int>(x.size()));
      int differ = 0;
      for (size_t i = 0; i < u.size(); ++i) differ += BitsOf(x[i]) != BitsOf(Quantile(d, u[i]));
      CHECK(differ == 0);
    }
  }
}
