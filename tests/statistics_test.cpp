// SPDX-License-Identifier: MIT
// Sweep statistics against exact values: moments, histogram quantiles, P(meet) and its
// interval, regression coefficients, miss-driver means. Statistical checks state their
// confidence; seeds are fixed.
#include "outturn/sweep/sweep.h"

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/statistics") {
  TEST_CASE("a range target: P(below), P(within), P(above) and P(every target met) against the closed form") {
    // tests/data/ranges.yaml: price ~ N(10, 1); FY revenue = 2,100 + 200 price in
    // [4,200, 4,400] for price in [10.5, 11.5]; FY margin (200 p - 500) / (2,100 + 200 p) in
    // [0.38, 0.40] for p in [1298 / 124, 1340 / 120]. Every target holds for p in
    // [10.5, 1340 / 120] (the floor 35% needs p >= 9.5; the cost cap always holds).
    const Model m = Model::Load(SourcePath("tests/data/ranges.yaml"));
    SweepOptions o;
    o.method = SweepMethod::kSobol;
    o.samples = 1 << 18;
    const SweepResult r = Sweep(m, o);
    auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    // Sobol's error at 2^18 points on one smooth dimension is far below 1e-3.
    const KpiStats& rev = r.kpis[0];
    CHECK(rev.direction == Direction::kBetween);
    CHECK(rev.high == 4400);
    CHECK(rev.p_below == doctest::Approx(Phi(0.5)).epsilon(1e-3));
    CHECK(rev.p_above == doctest::Approx(1 - Phi(1.5)).epsilon(1e-3));
    CHECK(rev.p_meet == doctest::Approx(Phi(1.5) - Phi(0.5)).epsilon(1e-3));
    CHECK(rev.misses_below + rev.misses_above + rev.meets == r.samples);
    CHECK(rev.p_below_low <= rev.p_below);
    CHECK(rev.p_below <= rev.p_below_high);
    const KpiStats& margin = r.kpis[1];
    CHECK(margin.p_below == doctest::Approx(Phi(1298.0 / 124 - 10)).epsilon(1e-3));
    CHECK(margin.p_above == doctest::Approx(1 - Phi(1340.0 / 120 - 10)).epsilon(1e-3));
    CHECK(r.p_all == doctest::Approx(Phi(1340.0 / 120 - 10) - Phi(0.5)).epsilon(1e-3));
    // at_least and at_most targets miss on one side only.
    CHECK(r.kpis[2].misses_above == 0);
    CHECK(r.kpis[2].p_below == doctest::Approx(1 - r.kpis[2].p_meet));
    CHECK(r.kpis[3].misses_below == 0);
    // E[shortfall] of the revenue range: 200 E[(10.5 - p)+] + 200 E[(p - 11.5)+], with
    // E[(a - Z)+] = a Phi(a) + phi(a).
    auto phi = [](double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI); };
    const double es = 200 * (0.5 * Phi(0.5) + phi(0.5)) + 200 * (-1.5 * Phi(-1.5) + phi(1.5));
    CHECK(rev.expected_shortfall == doctest::Approx(es).epsilon(1e-3));
  }

  TEST_CASE("P(meet) of 1 and of 0: the interval reaches 1 and 0 exactly") {
    // tests/data/ranges.yaml at n scenarios: the cost cap always holds (m = n), and a target
    // out of reach never does (m = 0); Wilson's bounds there are 1 and 0, not a few ulps off.
    for (long long n : {1'000LL, 4'096LL, 100'000LL}) {
      CAPTURE(n);
      Model m = Model::Load(SourcePath("tests/data/ranges.yaml"));
      SweepOptions o;
      o.samples = n;
      const SweepResult r = Sweep(m, o);
      const KpiStats& cap = r.kpis[3];
      REQUIRE(cap.meets == n);
      CHECK(cap.p_high == 1.0);
      CHECK(cap.p_meet == 1.0);
      CHECK(cap.p_below_low == 0.0);
      CHECK(cap.p_above_low == 0.0);
    }
  }

  TEST_CASE("moments, quantiles and P(meet) against exact values (99.99% level)") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 1'000'000;
    o.regression = true;
    const SweepResult r = Sweep(m, o);
    const KpiStats& k = r.kpis[0];
    // FY = 2 (a + 2b - c): mean 2 (1 + 0 - 0.5) = 1; var = 4 (1/3 + 4 + 1/24).
    const double sd = 2 * std::sqrt(1.0 / 3 + 4 + 1.0 / 24);
    CHECK(std::fabs(k.mean - 1.0) < 4 * sd / std::sqrt(o.samples));
    CHECK(k.sd == doctest::Approx(sd).epsilon(0.005));
    // The median of a symmetric distribution about 1 is 1: within a bin plus sampling error.
    CHECK(std::fabs(k.quantiles[4] - 1.0) < k.quantile_error + 4 * sd * 1.2533 / std::sqrt(o.samples));
    CHECK(k.p_low <= k.p_meet);
    CHECK(k.p_meet <= k.p_high);
    // Standardized regression coefficients of a linear model: beta_i sd_i / sd_y, R^2 = 1.
    CHECK(k.r_squared == doctest::Approx(1.0).epsilon(1e-9));
    CHECK(k.src[1] == doctest::Approx(2 * 2 * 1.0 / sd).epsilon(0.01));
    // Misses have lower b than meets.
    CHECK(k.driver_mean_miss[1] < k.driver_mean_meet[1]);
  }
}
