// SPDX-License-Identifier: MIT
// Sobol sensitivity indices by the Saltelli design.
#include "outturn/sweep/sweep.h"

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/saltelli") {
  TEST_CASE("Sobol indices of an additive model equal the variance shares") {
    // FY = 2 (a + 2b - c): variance shares 1/3, 4, 1/24 over their sum; total = first order.
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 1000;
    o.sobol_index_samples = 40000;
    const SweepResult r = Sweep(m, o);
    const double va = 1.0 / 3, vb = 4, vc = 1.0 / 24, v = va + vb + vc;
    const KpiStats& k = r.kpis[0];
    REQUIRE(k.sobol_first.size() == 3);
    CHECK(k.sobol_first[0] == doctest::Approx(va / v).epsilon(0.03 / (va / v)));
    CHECK(k.sobol_first[1] == doctest::Approx(vb / v).epsilon(0.03));
    CHECK(k.sobol_total[1] == doctest::Approx(vb / v).epsilon(0.03));
    CHECK(std::fabs(k.sobol_total[2] - vc / v) < 0.01);
  }
}
