// SPDX-License-Identifier: MIT
// vecmath: the branch-free exp and log that the tape and the samplers vectorize. Checked
// against the C library in ulps over random arguments across the whole range, on the special
// values, and for the property the engine relies on: a lane computes the same bits in a
// vectorized loop as in a scalar call.
#include "vecmath.h"

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

  TEST_CASE("a vectorized loop and a scalar call give the same bits") {
    const std::vector<double> a = Spread(-30, 9, 1027, 5);
    std::vector<double> e(a.size()), l(a.size());
    ExpBlock(a.data(), e.data(), static_cast<int>(a.size()));
    LogBlock(a.data(), l.data(), static_cast<int>(a.size()));
    for (size_t i = 0; i < a.size(); ++i) {
      volatile double x = a[i];  // keeps the scalar call scalar
      CHECK(BitsOf(e[i]) == BitsOf(Exp(x)));
      CHECK(BitsOf(l[i]) == BitsOf(Log(x)));
    }
  }
}
