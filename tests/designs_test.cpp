// SPDX-License-Identifier: MIT
// Sampling designs: grid and one-at-a-time levels, Sobol points, Latin hypercube strata,
// prefixes of a run, and the drivers a design can vary.
#include "outturn/report/sweep.h"
#include "outturn/sweep/sweep.h"

#include <algorithm>

#include "outturn/model/distributions.h"
#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/designs") {
  TEST_CASE("a run of N samples is the first N of a run of 2N") {
    test::TempDir d;
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 5000;
    o.dump_path = d.path() + "/a.csv";
    Sweep(m, o);
    o.samples = 10000;
    o.dump_path = d.path() + "/b.csv";
    Sweep(m, o);
    const auto a = ReadDump(d.path() + "/a.csv"), b = ReadDump(d.path() + "/b.csv");
    REQUIRE(a.size() == 5000);
    REQUIRE(b.size() == 10000);
    for (size_t i = 0; i < a.size(); i += 7) CHECK(a[i] == b[i]);
  }

  TEST_CASE("Sobol points equal the known first points") {
    // Boost's sobol_engine (Joe-Kuo directions) skips the zero point: (1/2, 1/2),
    // (3/4, 1/4), (1/4, 3/4), (3/8, 3/8), (7/8, 7/8).
    test::TempDir d;
    Model m = test::LoadText(kUnitSquare);
    SweepOptions o;
    o.method = SweepMethod::kSobol;
    o.sobol_shift = false;
    o.samples = 5;
    o.dump_path = d.path() + "/s.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    const double expected[5][2] = {{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}, {0.875, 0.875}};
    REQUIRE(rows.size() == 5);
    for (int i = 0; i < 5; ++i) {
      CHECK(rows[i][1] == doctest::Approx(expected[i][0]).epsilon(1e-15));
      CHECK(rows[i][2] == doctest::Approx(expected[i][1]).epsilon(1e-15));
    }
  }

  TEST_CASE("Latin hypercube: one sample per stratum per driver in each block") {
    test::TempDir d;
    Model m = test::LoadText(kUnitSquare);
    SweepOptions o;
    o.method = SweepMethod::kLatinHypercube;
    o.lhs_block = 1024;
    o.samples = 3 * 1024;
    o.dump_path = d.path() + "/l.csv";
    Sweep(m, o);
    const auto rows = ReadDump(o.dump_path);
    for (int block = 0; block < 3; ++block)
      for (int col : {1, 2}) {
        std::vector<int> hits(1024, 0);
        for (int i = 0; i < 1024; ++i) ++hits[static_cast<int>(rows[block * 1024 + i][col] * 1024)];
        CHECK(std::count(hits.begin(), hits.end(), 1) == 1024);
      }
  }

  TEST_CASE("P(target) on a small grid equals the exact fraction") {
    // a, b, c at 5 levels each (P5..P95): 125 scenarios; count a + 2b - c >= 1.5 by hand.
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.method = SweepMethod::kGrid;
    o.grid_points = 5;
    o.samples = 1000;
    const SweepResult r = Sweep(m, o);
    REQUIRE(r.samples == 125);
    std::vector<double> la, lb, lc;
    for (int k = 0; k < 5; ++k) {
      const double p = 0.05 + 0.9 * k / 4;
      la.push_back(Quantile(m.drivers()[0].distribution, p));
      lb.push_back(Quantile(m.drivers()[1].distribution, p));
      lc.push_back(Quantile(m.drivers()[2].distribution, p));
    }
    long long meets = 0;
    double sum = 0;
    for (double a : la)
      for (double b : lb)
        for (double c : lc) {
          const double fy = 2 * (a + 2 * b - c);  // 3Q10 + 4Q10; the 1H is 0
          meets += fy >= 1.5;
          sum += fy;
        }
    CHECK(r.kpis[0].meets == meets);
    CHECK(r.kpis[0].mean == doctest::Approx(sum / 125).epsilon(1e-12));
    // The design table: the mean of FY over the 25 points at each level of b.
    REQUIRE(r.design.size() == 3);
    CHECK(r.design[1].name == "b");
    for (int l = 0; l < 5; ++l) {
      double at = 0;
      for (double a : la)
        for (double c : lc) at += 2 * (a + 2 * lb[l] - c) / 25;
      CHECK(r.design[1].levels[l] == lb[l]);
      CHECK(r.design[1].at_level[0][l] == doctest::Approx(at).epsilon(1e-12));
    }
    CHECK(r.design[1].range[0] == doctest::Approx(2 * 2 * (lb[4] - lb[0])).epsilon(1e-12));
  }

  TEST_CASE("grid and one-at-a-time print a design table and no probability, in every format") {
    Model m = test::LoadText(kLinear);
    for (SweepMethod method : {SweepMethod::kGrid, SweepMethod::kOneAtATime}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      const SweepResult r = Sweep(m, o);
      for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) {
        const std::string out = RenderSweep(r, f);
        for (const char* word : {"P(", "p_meet", "interval", "shortfall", "quantile"})
          CHECK_MESSAGE(out.find(word) == std::string::npos, word);
        const bool says =
            out.find(method == SweepMethod::kGrid ? "mean over the points at this level"
                                                  : "value at this point, other drivers at base") != std::string::npos;
        CHECK((says || f == Format::kCsv));
      }
    }
  }

  TEST_CASE("a grid or one-at-a-time design larger than --samples is refused, never cut") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.method = SweepMethod::kGrid;
    o.samples = 100;  // 5^3 = 125 points: only 2 of 3 drivers would vary
    CHECK_THROWS_WITH_AS(Sweep(m, o),
                         "a grid of 5^3 = 125 points does not fit in --samples 100 (only 2 of 3 drivers would vary); "
                         "choose drivers (--drivers), fewer --grid-points, or raise --samples to 125",
                         UsageError);
    o.method = SweepMethod::kOneAtATime;
    o.samples = 14;
    CHECK_THROWS_AS(Sweep(m, o), UsageError);
    o.samples = 15;
    CHECK(Sweep(m, o).samples == 15);
  }

  TEST_CASE("one at a time moves one driver, the others at their values") {
    test::TempDir d;
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.method = SweepMethod::kOneAtATime;
    o.grid_points = 3;
    o.dump_path = d.path() + "/o.csv";
    const SweepResult r = Sweep(m, o);
    CHECK(r.samples == 9);
    const auto rows = ReadDump(o.dump_path);
    CHECK(rows[4][1] == 1);                                    // a at its value while b moves
    CHECK(rows[4][3] == 0.5);                                  // c too
    CHECK(rows[4][2] == doctest::Approx(0.0).epsilon(1e-12));  // b at its median
  }

  TEST_CASE("a model without uncertain drivers or targets cannot be swept") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    SweepOptions o;
    o.drivers = {"subscription_fee"};
    CHECK_THROWS_WITH_AS(Sweep(m, o), "driver 'subscription_fee' has no distribution to sample", UsageError);
    o.drivers = {"nope"};
    CHECK_THROWS_AS(Sweep(m, o), UsageError);
  }
}
