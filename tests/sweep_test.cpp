// SPDX-License-Identifier: MIT
// The sweep driver loop: reproducibility across threads and chunks, --until-ci checkpoints,
// stop requests, errors from a scenario, a whole model end to end.
#include "outturn/sweep/sweep.h"

#include <algorithm>
#include <cmath>

#include "base/text_util.h"
#include "outturn/report/report.h"
#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep") {
  TEST_CASE("same seed, same statistics, whatever the threads and chunks") {
    Model m = test::LoadText(kLinear);
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      o.samples = 300'000;
      o.regression = true;
      o.threads = 1;
      o.chunk = 1 << 18;
      const std::string one = Fingerprint(Sweep(m, o));
      o.threads = 2;
      o.chunk = 4096;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.threads = 3;
      o.chunk = 40'000;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.seed = 2;
      CHECK(Fingerprint(Sweep(m, o)) != one);
    }
  }

  TEST_CASE("--until-ci stops at the first checkpoint where every interval is narrow enough") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 50'000'000;
    o.until_ci = 0.005;
    const SweepResult r = Sweep(m, o);
    CHECK(r.stopped_by_ci);
    CHECK(r.samples < o.samples);
    for (const KpiStats& k : r.kpis) CHECK(k.p_high - k.p_low < 0.005);
    // The previous checkpoint was not enough.
    SweepOptions half = o;
    half.until_ci = 0;
    half.samples = r.samples / 2;
    const SweepResult h = Sweep(m, half);
    bool wide = false;
    for (const KpiStats& k : h.kpis) wide |= k.p_high - k.p_low >= 0.005;
    CHECK(wide);
  }

  TEST_CASE("a stop request returns a partial result") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 100'000'000;
    o.chunk = 1 << 16;
    std::atomic<bool> stop{false};
    const SweepResult r = Sweep(m, o, &stop, [&](long long done, long long) {
      if (done >= 1'000'000) stop = true;
    });
    CHECK(r.partial);
    CHECK(r.samples >= 1'000'000);
    CHECK(r.samples < o.samples);
    CHECK(r.samples % (1 << 16) == 0);
  }

  TEST_CASE("a scenario that divides by zero is named") {
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n  d: {value: 1, distribution: {type: discrete, values: [1, 0], weights: [0.5, 0.5]}}\n"
        "lines:\n  x: {formula: 1 / d, actuals: {1Q10: 1}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n");
    SweepOptions o;
    o.samples = 1000;
    CHECK_THROWS_AS(Sweep(m, o), NumericalError);
  }

  TEST_CASE(
      "path lines: each period's quantiles are the sampled scenarios' within one bin, the same bits on any "
      "thread count") {
    const Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 40'000;
    o.threads = 1;
    const std::string without = Fingerprint(Sweep(m, o));
    o.path_lines = {"x"};
    const SweepResult r = Sweep(m, o);
    // The targets' statistics do not change; the path is one line in four periods.
    CHECK(Fingerprint(r).rfind(without, 0) == 0);
    REQUIRE(r.paths.size() == 1);
    const PathStats& p = r.paths[0];
    CHECK(p.line == "x");
    CHECK(p.periods == std::vector<std::string>{"1Q10", "2Q10", "3Q10", "4Q10"});
    // Reported periods: the reported figure (0) at every level.
    for (int t : {0, 1})
      for (double q : p.quantiles[t]) CHECK(q == 0);
    // Open periods: x = a + 2 b - c in every period; the exact sample quantiles from the
    // sampled drivers (SampleSweep: the same scenarios).
    const SweepSamples ss = SampleSweep(m, o, 0, o.samples);
    REQUIRE(ss.drivers == std::vector<std::string>{"a", "b", "c"});
    std::vector<double> x(o.samples);
    for (long long j = 0; j < o.samples; ++j)
      x[j] = ss.driver_values(0, j) + 2 * ss.driver_values(1, j) - ss.driver_values(2, j);
    std::sort(x.begin(), x.end());
    for (int t : {2, 3}) {
      CAPTURE(t);
      CHECK(p.min[t] == x.front());
      CHECK(p.max[t] == x.back());
      REQUIRE(std::isfinite(p.quantile_error[t]));
      for (size_t l = 0; l < kQuantileLevels.size(); ++l) {
        const double exact = x[static_cast<size_t>(std::ceil(kQuantileLevels[l] * o.samples)) - 1];
        CAPTURE(kQuantileLevels[l]);
        CHECK(std::fabs(p.quantiles[t][l] - exact) <= p.quantile_error[t]);
      }
    }
    o.threads = 3;
    o.chunk = 4096;
    CHECK(Fingerprint(Sweep(m, o)) == Fingerprint(r));
    o.path_lines = {"y"};
    CHECK_THROWS_WITH_AS(Sweep(m, o),
                         "SweepOptions::path_lines must name a line of the model; did you mean 'x'? (got 'y')",
                         OptionsError);
  }

  TEST_CASE("--path: each line's quantiles by period in the table, CSV (table paths) and JSON") {
    const std::string run = "sweep tests/data/report/model.yaml -n 20000 --seed 4 --path revenue";
    const Model m = Model::Load(test::SourcePath("tests/data/report/model.yaml"));
    SweepOptions o;
    o.samples = 20000;
    o.seed = 4;
    o.path_lines = {"revenue"};
    const PathStats p = Sweep(m, o).paths.at(0);
    const test::Outcome table = test::Cli(run);
    CHECK(table.code == 0);
    CHECK(table.output.find("revenue by period (EUR millions)") != std::string::npos);
    const size_t q3 = table.output.find("\n3Q21 ");
    REQUIRE(q3 != std::string::npos);
    const std::string line = table.output.substr(q3 + 1, table.output.find('\n', q3 + 1) - q3 - 1);
    CHECK(line.find(" " + FormatAmount(p.quantiles[2][1]) + " ") != std::string::npos);  // P5
    CHECK(line.substr(line.size() - FormatAmount(p.quantiles[2][7]).size()) == FormatAmount(p.quantiles[2][7]));
    const test::Outcome csv = test::Cli(run + " -f csv --table paths");
    std::string row = "revenue,4Q21";
    for (double q : p.quantiles[3]) row += "," + internal::FormatNumber(q);
    CHECK(csv.output.rfind("line,period,p1,p5,p10,p25,p50,p75,p90,p95,p99,quantile_error\n", 0) == 0);
    CHECK(csv.output.find(row + "," + internal::FormatNumber(p.quantile_error[3]) + "\n") != std::string::npos);
    const test::Outcome json = test::Cli(run + " -f json");
    CHECK(json.output.find("\"paths\": [") != std::string::npos);
    const test::Outcome bad = test::Cli("sweep tests/data/report/model.yaml -n 100 --path revenu");
    CHECK(bad.code == 2);
    CHECK(bad.output ==
          "outturn: error: --path must name a line of the model; did you mean 'revenue'? (got 'revenu')\n");
    // Without --path the output has no paths (unchanged).
    CHECK(test::Cli("sweep tests/data/report/model.yaml -n 1000 -f json").output.find("\"paths\"") ==
          std::string::npos);
  }

  TEST_CASE("the IIJ model sweeps, and its report renders") {
    Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    SweepOptions o;
    o.samples = 100'000;
    const SweepResult r = Sweep(m, o);
    CHECK(r.kpis.size() == m.targets().size());
    CHECK(r.drivers.size() >= 30);
    for (const KpiStats& k : r.kpis) CHECK(std::isfinite(k.mean));
    CHECK(RenderSweep(r, Format::kTable).find("P(every target met)") != std::string::npos);
    CHECK(RenderSweep(r, Format::kJson).find("\"p_meet\"") != std::string::npos);
  }
}

// Reported periods are locked and profiles keep their uncertainty, in every design: each
// sampled scenario of tests/data/locked.yaml, evaluated on the sweep's own tape (the
// design's inputs), keeps every reported figure, and moves 4Q10's net adds (a profile 10,
// 20) by exactly twice 3Q10's.
TEST_SUITE("sweep") {
  TEST_CASE("every sampled scenario reproduces the reported figures; a profile keeps its uncertainty") {
    const Model m = Model::Load(test::SourcePath("tests/data/locked.yaml"));
    const int cost = m.FindLine("cost"), sales = m.FindLine("sales");
    const int c1 = m.calendar().FindColumn("1Q10"), c2 = m.calendar().FindColumn("2Q10");
    const int c3 = m.calendar().FindColumn("3Q10"), c4 = m.calendar().FindColumn("4Q10");
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol,
                               SweepMethod::kGrid, SweepMethod::kOneAtATime}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      o.samples = method == SweepMethod::kMonteCarlo ? 40'000 : 256;
      const bool table = method == SweepMethod::kGrid || method == SweepMethod::kOneAtATime;
      const SweepSamples s = SampleSweep(m, o, 0, table ? 10 : o.samples);
      REQUIRE(s.drivers == std::vector<std::string>{"overhead", "adds"});  // fx is a fact
      std::vector<Input> inputs{{m.FindDriver("overhead"), -1}, {m.FindDriver("adds"), -1}};
      const Program p(m, inputs, {{cost, c1}, {cost, c2}, {cost, c3}, {sales, c3}, {sales, c4}});
      const BatchMatrix out = p.Evaluate(s.driver_values);
      double sum3 = 0, sum4 = 0, ss3 = 0, ss4 = 0;
      const long long n = out.cols();
      for (long long j = 0; j < n; ++j) {
        CHECK(out(0, j) == 40);  // reported
        CHECK(out(1, j) == 40);
        CHECK(out(2, j) == s.driver_values(0, j));  // forecast: the sampled value
        const double d3 = out(3, j) - 110, d4 = out(4, j) - 120;
        CHECK(std::fabs(d4 - 2 * d3) <= 1e-12 * 120);  // up to the rounding of 110 + x, 120 + 2x
        sum3 += d3, sum4 += d4, ss3 += d3 * d3, ss4 += d4 * d4;
      }
      if (method == SweepMethod::kMonteCarlo) {
        // sd of adds is 1: 1 in 3Q10 and 2 in 4Q10 (the profile's factor 20 / 10). The
        // estimate's relative error is about 1 / sqrt(2n) = 0.35%; checked at 3%.
        const double sd3 = std::sqrt(ss3 / n - (sum3 / n) * (sum3 / n));
        const double sd4 = std::sqrt(ss4 / n - (sum4 / n) * (sum4 / n));
        CHECK(sd3 == doctest::Approx(1).epsilon(0.03));
        CHECK(sd4 == doctest::Approx(2).epsilon(0.03));
      }
    }
  }
}
