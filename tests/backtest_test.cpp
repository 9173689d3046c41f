// SPDX-License-Identifier: MIT
// outturn backtest (vintage/backtest): scores of tests/data/backtest's two vintages against
// an outcome of 80, each against its closed form, and --calibrate's widened distributions.
#include "outturn/vintage/backtest.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "outturn/base/errors.h"
#include "outturn/report/backtest.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

const std::string kDir = test::SourcePath("tests/data/backtest") + "/";

BacktestResult Score(const std::vector<std::string>& vintages, const std::string& outcome = "outcome.csv") {
  BacktestOptions o;
  o.outcome_path = kDir + outcome;
  o.samples = 1'000'000;
  o.seed = 7;
  std::vector<std::string> paths;
  for (const std::string& v : vintages) paths.push_back(kDir + v);
  return Backtest(paths, o);
}

double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("backtest: a uniform forecast scored against its closed forms") {
  // FY = q4 ~ U(0, 100), target >= 60, outcome 80.
  const BacktestResult r = Score({"uniform.yaml"});
  REQUIRE(r.scores.size() == 1);
  const BacktestScore& s = r.scores[0];
  CHECK(s.target == "revenue_fy");
  CHECK(s.span == "FY10");
  CHECK(s.through == "3Q10");
  CHECK(s.as_of == "2010-02-10");
  CHECK(s.forecast == 50);
  CHECK(s.outcome == 80);
  CHECK(std::fabs(s.p5 - 5) < 0.2);
  CHECK(std::fabs(s.p25 - 25) < 0.2);
  CHECK(std::fabs(s.p50 - 50) < 0.2);
  CHECK(std::fabs(s.p75 - 75) < 0.2);
  CHECK(std::fabs(s.p95 - 95) < 0.2);
  CHECK(std::fabs(s.p_meet - 0.4) < 0.003);  // P(U >= 60)
  CHECK(s.p_meet_low < 0.4);
  CHECK(s.p_meet_high > 0.4);
  CHECK(std::fabs(s.percentile - 0.8) < 0.003);  // F(80)
  // Brier: (P(meet) - 1)^2, the outcome meets.
  CHECK(s.outcome_meets);
  CHECK_FALSE(s.forecast_meets);  // the base case, 50, misses
  CHECK_FALSE(s.verdict_right);
  CHECK(s.brier == doctest::Approx((s.p_meet - 1) * (s.p_meet - 1)));
  CHECK(std::fabs(s.brier - 0.36) < 0.004);
  // CRPS of U(0, 100) at 80: 100 (0.8^3 + 0.2^3) / 3 = 17.333... (Monte Carlo error: sd(X) /
  // sqrt(n) = 0.03; the tolerance is 5 of them)
  CHECK(std::fabs(s.crps - 100 * (0.512 + 0.008) / 3) < 0.15);
  CHECK_FALSE(s.in50);  // 80 > P75
  CHECK(s.in90);
  CHECK(std::fabs(s.stretch90 - 30.0 / 45) < 0.005);  // (80 - 50) / (95 - 50)
  CHECK(std::fabs(s.stretch50 - 30.0 / 25) < 0.01);   // (80 - 50) / (75 - 50)
}

TEST_CASE("backtest: an outcome outside the distribution's support") {
  // The CRPS of U(0, 100) at 120: the integral of F^2 over [0, 100] plus 20 where F = 1 and
  // the step is 0: 100 / 3 + 20.
  const std::string path = (std::filesystem::temp_directory_path() / "outturn_backtest_outside.csv").string();
  {
    std::ofstream o(path);
    o << "line,period,value\nrevenue,FY10,120\n";
  }
  BacktestOptions o;
  o.outcome_path = path;
  o.samples = 1'000'000;
  o.seed = 7;
  const BacktestResult r = Backtest({kDir + "uniform.yaml"}, o);
  std::remove(path.c_str());
  REQUIRE(r.scores.size() == 1);
  CHECK(r.scores[0].percentile == 1);
  CHECK(std::fabs(r.scores[0].crps - (100.0 / 3 + 20)) < 0.15);
  CHECK_FALSE(r.scores[0].in90);
  CHECK(std::fabs(r.scores[0].stretch90 - 70.0 / 45) < 0.01);
}

TEST_CASE("backtest: two vintages, their coverage and the width multipliers") {
  // The normal vintage: FY = 2 h2 ~ N(50, 10).
  const BacktestResult r = Score({"normal.yaml", "uniform.yaml"});
  REQUIRE(r.scores.size() == 2);
  const BacktestScore& n = r.scores[0];
  CHECK(n.through == "2Q10");
  CHECK(std::fabs(n.p_meet - (1 - Phi(1))) < 0.003);
  CHECK(std::fabs(n.percentile - Phi(3)) < 0.001);
  // CRPS of N(mu, sigma) at y (Gneiting and Raftery 2007): sigma (z (2 Phi(z) - 1) + 2 phi(z)
  // - 1 / sqrt(pi)), z = (y - mu) / sigma = 3.
  const double z = 3, phi = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
  CHECK(std::fabs(n.crps - 10 * (z * (2 * Phi(z) - 1) + 2 * phi - 1 / std::sqrt(M_PI))) < 0.15);
  CHECK(std::fabs(n.p95 - (50 + 10 * 1.6448536269514722)) < 0.1);
  CHECK_FALSE(n.in90);
  CHECK(std::fabs(n.stretch90 - 30 / (10 * 1.6448536269514722)) < 0.01);
  CHECK(std::fabs(n.stretch50 - 30 / (10 * 0.6744897501960817)) < 0.03);

  CHECK(r.n == 2);
  CHECK(r.in50 == 0);
  CHECK(r.in90 == 1);
  CHECK(r.verdicts_right == 0);
  CHECK(r.mean_brier == doctest::Approx((r.scores[0].brier + r.scores[1].brier) / 2));
  // Clopper-Pearson at 95%: 0 of 2 is [0, 1 - 0.025^(1/2)], 1 of 2 is [0.025^... ]: the beta
  // quantiles B(0.025; 1, 2) = 1 - sqrt(0.975) and B(0.975; 2, 1) = sqrt(0.975).
  CHECK(r.in50_low == 0);
  CHECK(r.in50_high == doctest::Approx(1 - std::sqrt(0.025)));
  CHECK(r.in90_low == doctest::Approx(1 - std::sqrt(0.975)));
  CHECK(r.in90_high == doctest::Approx(std::sqrt(0.975)));
  // The 90% multiplier: the ceil(0.9 * 2) = 2nd smallest stretch90, the normal's; the 50%
  // one: the ceil(0.5 * 2) = 1st smallest stretch50, the uniform's.
  CHECK(r.multiplier90 == n.stretch90);
  CHECK(r.multiplier50 == r.scores[1].stretch50);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("independent") != std::string::npos);
}

TEST_CASE("backtest: the sweeps are reproducible and the thread count changes nothing") {
  BacktestOptions o;
  o.outcome_path = kDir + "outcome.csv";
  o.samples = 200'000;
  o.seed = 3;
  o.threads = 1;
  const BacktestResult a = Backtest({kDir + "normal.yaml"}, o);
  o.threads = 2;
  const BacktestResult b = Backtest({kDir + "normal.yaml"}, o);
  CHECK(a.scores[0].crps == b.scores[0].crps);
  CHECK(a.scores[0].percentile == b.scores[0].percentile);
  CHECK(a.scores[0].p_meet == b.scores[0].p_meet);
}

TEST_CASE("backtest: outcomes that score nothing, and a bad outcome file") {
  CHECK_THROWS_WITH_AS(Score({"uniform.yaml"}, "no_target.csv"),
                       (kDir + "no_target.csv: error: no target of the vintages has an outcome in the file (a row "
                               "whose line and period are a target's line and span)")
                           .c_str(),
                       Error);
  try {
    Score({"uniform.yaml"}, "unknown_line.csv");
    FAIL("no error");
  } catch (const ModelError& e) {
    CHECK(e.Headline() == kDir + "unknown_line.csv:2:1: error: line: unknown line 'revenues'; did you mean 'revenue'?");
  }
  CHECK_THROWS_AS(Backtest({}, BacktestOptions{}), UsageError);
}

TEST_CASE("backtest --calibrate: spreads multiplied, clipped to the bounds, loadable") {
  std::vector<std::string> notes;
  const std::string normal = CalibrateModel(kDir + "normal.yaml", 2, &notes);
  CHECK(notes.empty());
  const std::string uniform = CalibrateModel(kDir + "uniform.yaml", 2, &notes);
  REQUIRE(notes.size() == 2);  // [-50, 150] about the midpoint 50, clipped to the bounds [0, 120]
  CHECK(notes[0] == "q4: low -50 clipped to 0 (the driver's bounds)");
  CHECK(notes[1] == "q4: high 150 clipped to 120 (the driver's bounds)");
  auto load = [](const std::string& text) { return test::LoadText(text, "calibrated.yaml"); };
  const Model n = load(normal);
  CHECK(n.drivers()[0].distribution.sd == 10);
  CHECK(n.drivers()[0].distribution.mean == 25);
  const Model u = load(uniform);
  CHECK(u.drivers()[0].distribution.low == 0);
  CHECK(u.drivers()[0].distribution.high == 120);
  CHECK(u.targets()[0].value == 60);
  CHECK_THROWS_AS(CalibrateModel(kDir + "normal.yaml", 0, &notes), UsageError);
  // A multiplier of 1 changes no distribution.
  const Model same = load(CalibrateModel(kDir + "uniform.yaml", 1, &notes));
  CHECK(same.drivers()[0].distribution.low == 0);
  CHECK(same.drivers()[0].distribution.high == 100);
}

TEST_CASE("outturn backtest: the library's report, exit codes, --calibrate writes a new file") {
  const std::string v = "tests/data/backtest/uniform.yaml", oc = " --outcome tests/data/backtest/outcome.csv";
  BacktestOptions o;
  o.outcome_path = "tests/data/backtest/outcome.csv";
  o.samples = 20'000;
  const BacktestResult r = Backtest({v}, o);
  for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) {
    CAPTURE(ToString(f));
    const test::Outcome out = test::Cli("backtest " + v + oc + " -n 20000 -f " + ToString(f));
    CHECK(out.code == 0);
    CHECK(out.output == RenderBacktest(r, f));
  }
  CHECK(test::Cli("backtest " + v).code == 2);                                          // no --outcome
  CHECK(test::Cli("backtest " + v + oc + " -n 0").code == 2);                           // no scenarios
  CHECK(test::Cli("backtest " + v + oc + " --calibrate " + v).code == 2);               // no -o
  CHECK(test::Cli("backtest " + v + oc + " --multiplier 2").code == 2);                 // no --calibrate
  CHECK(test::Cli("backtest " + v + oc + " --calibrate " + v + " -o " + v).code == 2);  // the model itself
  CHECK(test::Cli("backtest " + v + " --outcome tests/data/backtest/unknown_line.csv").code == 1);
  test::TempDir d;
  const std::string out = d.path() + "/calibrated.yaml";
  const test::Outcome c = test::Cli("backtest " + v + oc +
                                    " -n 20000 --calibrate tests/data/backtest/normal.yaml --multiplier 3 -o " + out);
  CHECK(c.code == 0);
  CHECK(c.output.find("multiplied by 3") != std::string::npos);
  CHECK(Model::Load(out).drivers()[0].distribution.sd == 15);
}
