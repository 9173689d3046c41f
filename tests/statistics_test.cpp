// SPDX-License-Identifier: MIT
// Sweep statistics against exact values: moments, histogram quantiles, P(meet) and its
// interval, regression coefficients, miss-driver means. Statistical checks state their
// confidence; seeds are fixed.
#include "outturn/sweep/sweep.h"

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/statistics") {
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
