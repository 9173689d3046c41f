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
  TEST_CASE("each Sobol index has a bootstrap interval that covers the true index (95% nominal)") {
    // Same additive model: the true first-order and total indices are the variance shares.
    Model m = test::LoadText(kLinear);
    const double va = 1.0 / 3, vb = 4, vc = 1.0 / 24, v = va + vb + vc;
    const double truth[] = {va / v, vb / v, vc / v};
    int covered = 0, intervals = 0;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      SweepOptions o;
      o.samples = 100;
      o.seed = seed;
      o.sobol_index_samples = 2000;
      const KpiStats k = Sweep(m, o).kpis[0];
      REQUIRE(k.sobol_first_low.size() == 3);
      for (int i = 0; i < 3; ++i) {
        CHECK(k.sobol_first_low[i] <= k.sobol_first[i]);
        CHECK(k.sobol_first[i] <= k.sobol_first_high[i]);
        CHECK(k.sobol_total_low[i] <= k.sobol_total_high[i]);
        covered += k.sobol_first_low[i] <= truth[i] && truth[i] <= k.sobol_first_high[i];
        covered += k.sobol_total_low[i] <= truth[i] && truth[i] <= k.sobol_total_high[i];
        intervals += 2;
      }
    }
    // 120 intervals at 95%: fewer than 100 covering has probability below 1e-6 if they are
    // right; intervals that were missing or far too narrow would cover few.
    CHECK(covered >= 100);
    CHECK(intervals == 120);
  }

  TEST_CASE("Sobol intervals are deterministic and narrow as the base samples grow") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 100;
    o.sobol_index_samples = 4000;
    const KpiStats a = Sweep(m, o).kpis[0];
    o.threads = 1;
    const KpiStats b = Sweep(m, o).kpis[0];
    CHECK(a.sobol_first_low == b.sobol_first_low);
    CHECK(a.sobol_total_high == b.sobol_total_high);
    o.sobol_index_samples = 64000;
    const KpiStats c = Sweep(m, o).kpis[0];
    // 16x the samples: a quarter of the width, within a factor of 1.5.
    const double w4 = a.sobol_first_high[1] - a.sobol_first_low[1], w64 = c.sobol_first_high[1] - c.sobol_first_low[1];
    CHECK(w64 / w4 > 0.25 / 1.5);
    CHECK(w64 / w4 < 0.25 * 1.5);
  }

  TEST_CASE("Sobol indices of correlated drivers say that the correlations are left out") {
    Model m = Model::Load(test::SourcePath("tests/data/correlated.yaml"));
    SweepOptions o;
    o.samples = 1000;
    o.sobol_index_samples = 1000;
    const SweepResult r = Sweep(m, o);
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].find("Sobol indices sample every driver independently: the correlations of correlations[0] "
                          "(north_sales, south_sales, east_sales) are left out of them") == 0);
    o.sobol_index_samples = 0;
    CHECK(Sweep(m, o).notes.empty());
  }
}
