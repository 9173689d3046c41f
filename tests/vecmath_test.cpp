// SPDX-License-Identifier: MIT
// vecmath: the branch-free exp, log and pow that the tape and the samplers vectorize. Checked
// against the C library in ulps over random arguments across the whole range, on the special
// values, and for the property the engine relies on: a lane computes the same bits in a
// vectorized loop as in a scalar call.
#include "base/vecmath.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "support/test_util.h"

using namespace outturn::internal;

namespace {

// Distance in units in the last place between two finite doubles of the same sign.
double Ulps(double got, double want) {
  if (got == want) return 0;
  const double ulp = std::nextafter(std::fabs(want), std::numeric_limits<double>::infinity()) - std::fabs(want);
  return std::fabs(got - want) / ulp;
}

// Random arguments spread over the exponent range [lo, hi] of 2^e, with a random mantissa.
std::vector<double> Spread(int lo, int hi, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> m(1.0, 2.0);
  std::uniform_int_distribution<int> e(lo, hi);
  std::vector<double> x(n);
  for (double& v : x) v = std::ldexp(m(rng), e(rng));
  return x;
}

// A loop the compiler vectorizes, as the tape's kernels are written.
__attribute__((noinline)) void ExpBlock(const double* a, double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = Exp(a[i]);
}
__attribute__((noinline)) void LogBlock(const double* a, double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = Log(a[i]);
}
__attribute__((noinline)) void PowBlock(const double* a, double* out, int n) {
  for (int i = 0; i < n; ++i) out[i] = PowFast(a[i], 0.37);
}

}  // namespace

TEST_SUITE("vecmath") {
  TEST_CASE("Log is within 1 ulp of the C library over the whole range, subnormals included") {
    double worst = 0;
    for (double x : Spread(-1074, 1023, 400000, 1)) worst = std::max(worst, Ulps(Log(x), std::log(x)));
    for (double x : Spread(-3, 3, 400000, 2)) worst = std::max(worst, Ulps(Log(x), std::log(x)));
    CAPTURE(worst);
    CHECK(worst <= 1.0);
    CHECK(Log(1.0) == 0.0);
    CHECK(Log(std::exp(1.0)) == doctest::Approx(1.0).epsilon(1e-16));
  }

  TEST_CASE("Log's special values are the C library's") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(Log(0.0) == -inf);
    CHECK(Log(-0.0) == -inf);
    CHECK(std::isnan(Log(-1.0)));
    CHECK(std::isnan(Log(-inf)));
    CHECK(Log(inf) == inf);
    CHECK(std::isnan(Log(std::numeric_limits<double>::quiet_NaN())));
    CHECK(Log(std::numeric_limits<double>::denorm_min()) == std::log(std::numeric_limits<double>::denorm_min()));
  }

  TEST_CASE("Exp is within 1 ulp of the C library, gradual underflow included") {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> wide(-745.0, 709.7), narrow(-2.0, 2.0);
    double worst = 0;
    for (int i = 0; i < 400000; ++i) {
      const double x = i % 2 ? wide(rng) : narrow(rng);
      const double want = std::exp(x);
      if (want < std::numeric_limits<double>::min()) {
        // Subnormal results: within one subnormal step.
        CHECK(std::fabs(Exp(x) - want) <= std::numeric_limits<double>::denorm_min());
        continue;
      }
      worst = std::max(worst, Ulps(Exp(x), want));
    }
    CAPTURE(worst);
    CHECK(worst <= 1.0);
  }

  TEST_CASE("Exp's special values are the C library's") {
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(Exp(0.0) == 1.0);
    CHECK(Exp(-inf) == 0.0);
    CHECK(Exp(inf) == inf);
    CHECK(Exp(710.0) == inf);
    CHECK(Exp(709.78) == std::exp(709.78));
    CHECK(Exp(-746.0) == 0.0);
    CHECK(std::isnan(Exp(std::numeric_limits<double>::quiet_NaN())));
  }

  TEST_CASE("Pow is within 2 ulp of std::pow on its own lanes (1 where |b log a| < 1), std::pow elsewhere") {
    std::mt19937_64 rng(4);
    std::uniform_real_distribution<double> base(0.0, 3.0), expo(-40.0, 40.0), unit(-1.5, 1.5);
    double worst = 0, worst_near_one = 0;  // all lanes; lanes with |b log a| < 1
    for (int i = 0; i < 400000; ++i) {
      const double a = i % 3 == 0 ? std::ldexp(1.0 + base(rng) / 3, static_cast<int>(expo(rng) * 20)) : base(rng);
      const double b = i % 2 ? expo(rng) : unit(rng);
      const double want = std::pow(a, b);
      if (!(want >= std::numeric_limits<double>::min()) || std::isinf(want)) continue;
      const double u = Ulps(Pow(a, b), want);
      worst = std::max(worst, u);
      if (std::fabs(b * std::log(a)) < 1) worst_near_one = std::max(worst_near_one, u);
    }
    CAPTURE(worst);
    CAPTURE(worst_near_one);
    CHECK(worst <= 2.0);
    CHECK(worst_near_one <= 1.0);
    CHECK(Pow(2.0, 10.0) == 1024.0);
    CHECK(Pow(2.0, -3.0) == 0.125);
    CHECK(Pow(4.0, 0.5) == 2.0);
    CHECK(Pow(1.0, 12345.678) == 1.0);
    CHECK(Pow(7.0, 0.0) == 1.0);
    CHECK(Pow(10.0, 400.0) == std::numeric_limits<double>::infinity());
    CHECK(Pow(10.0, -400.0) == 0.0);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    for (double a : {-2.0, -0.5, 0.0, -0.0, inf, -inf, nan})
      for (double b : {-3.0, -2.0, -0.5, 0.0, 0.5, 2.0, 3.0, inf, -inf, nan}) {
        CAPTURE(a);
        CAPTURE(b);
        const double got = Pow(a, b), want = std::pow(a, b);
        CHECK(((std::isnan(got) && std::isnan(want)) || BitsOf(got) == BitsOf(want)));
      }
  }

  TEST_CASE("a vectorized loop and a scalar call give the same bits") {
    const std::vector<double> a = Spread(-30, 9, 1027, 5);
    std::vector<double> e(a.size()), l(a.size()), p(a.size());
    ExpBlock(a.data(), e.data(), static_cast<int>(a.size()));
    LogBlock(a.data(), l.data(), static_cast<int>(a.size()));
    PowBlock(a.data(), p.data(), static_cast<int>(a.size()));
    for (size_t i = 0; i < a.size(); ++i) {
      volatile double x = a[i];  // keeps the scalar call scalar
      CHECK(BitsOf(e[i]) == BitsOf(Exp(x)));
      CHECK(BitsOf(l[i]) == BitsOf(Log(x)));
      CHECK(BitsOf(p[i]) == BitsOf(Pow(x, 0.37)));
    }
  }

  TEST_CASE("SumFixed adds in its stated order (lane j % 8, then pairwise) at every length") {
    // Terms of very different magnitudes: another order (Eigen's packet-size partial sums, or
    // one running sum) gives other bits.
    const std::vector<double> a = Spread(-30, 9, 1027, 7);
    std::vector<double> x(a.size());
    for (size_t i = 0; i < a.size(); ++i) x[i] = (i % 3 ? 1.0 : -1.0) * std::exp(a[i]);
    for (int n : {0, 1, 7, 8, 9, 15, 16, 17, 255, 1027}) {
      double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      for (int j = 0; j < n; ++j) {
        volatile double t = x[j];  // scalar, in order
        acc[j % 8] = acc[j % 8] + t;
      }
      const double want = ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
      CHECK(BitsOf(SumFixed(x.data(), n)) == BitsOf(want));
    }
  }
}
