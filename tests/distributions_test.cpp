// SPDX-License-Identifier: MIT
// Distributions and the random numbers behind sweeps. Statistical checks use a fixed seed
// and state the confidence they test at; with a fixed seed they are deterministic.
#include "outturn/model/distributions.h"

#include <boost/math/distributions/normal.hpp>
#include <set>

#include "sweep/sampling.h"
#include "support/test_util.h"

using namespace outturn;
using namespace outturn::internal;

namespace {

Distribution Make(DistributionType t, std::initializer_list<double> p, std::vector<double> values = {},
                  std::vector<double> weights = {}) {
  Distribution d;
  d.type = t;
  auto it = p.begin();
  switch (t) {
    case DistributionType::kNormal: d.mean = *it++; d.sd = *it++; break;
    case DistributionType::kTruncatedNormal: d.mean = *it++; d.sd = *it++; d.low = *it++; d.high = *it++; break;
    case DistributionType::kLognormal: d.mean = *it++; d.sd = *it++; break;
    case DistributionType::kUniform: d.low = *it++; d.high = *it++; break;
    case DistributionType::kTriangular:
    case DistributionType::kPert: d.low = *it++; d.mode = *it++; d.high = *it++; break;
    default: break;
  }
  d.values = values;
  d.weights = weights;
  return d;
}

std::vector<Distribution> All() {
  return {Make(DistributionType::kNormal, {10, 2}),
          Make(DistributionType::kTruncatedNormal, {10, 2, 8, 15}),
          Make(DistributionType::kLognormal, {5, 1.5}),
          Make(DistributionType::kUniform, {-1, 3}),
          Make(DistributionType::kTriangular, {0, 1, 5}),
          Make(DistributionType::kPert, {0.5, 0.7, 1.5}),
          Make(DistributionType::kDiscrete, {}, {1, 2, 5}, {0.2, 0.5, 0.3}),
          Make(DistributionType::kEmpirical, {}, {3, 1, 4, 1, 5, 9, 2, 6})};
}

}  // namespace

TEST_SUITE("distributions") {
  TEST_CASE("AS241 agrees with Boost's normal quantile") {
    boost::math::normal_distribution<double> n;
    for (double p : {1e-300, 1e-20, 1e-8, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.97575, 0.999, 1 - 1e-12}) {
      CAPTURE(p);
      const double exact = boost::math::quantile(n, p);
      CHECK(std::fabs(NormalQuantile(p) - exact) <= 1e-14 * std::max(1.0, std::fabs(exact)));
    }
  }

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
    for (double v : x) { ones += v == 1; twos += v == 2; fives += v == 5; }
    CHECK(ones + twos + fives == n);
    CHECK(std::fabs(twos / n - 0.5) < 4 * std::sqrt(0.25 / n));
  }

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

  TEST_CASE("quantiles of the closed forms") {
    CHECK(Quantile(Make(DistributionType::kUniform, {2, 4}), 0.25) == 2.5);
    CHECK(Quantile(Make(DistributionType::kTriangular, {0, 0, 1}), 0.75) == doctest::Approx(0.5));
    CHECK(Mean(Make(DistributionType::kPert, {0, 1, 8})) == doctest::Approx(2));
    CHECK(Cdf(Make(DistributionType::kNormal, {0, 1}), 0) == doctest::Approx(0.5));
    CHECK_THROWS_AS(Quantile(Make(DistributionType::kUniform, {0, 1}), 1.0), UsageError);
  }
}
