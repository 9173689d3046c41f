// SPDX-License-Identifier: MIT
// Raw scenarios: the CSV dump (header, one row per scenario, numbers that read back exactly)
// and SampleSweep, which must hold the same scenarios.
#include "outturn/sweep/sweep.h"

#include <cmath>

#include "outturn/compile/program.h"

#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep/dump") {
  TEST_CASE("the dump and SampleSweep hold the same scenarios, bit for bit") {
    test::TempDir d;
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 1000;
    o.dump_limit = 300;
    o.dump_path = d.path() + "/d.csv";
    Sweep(m, o);
    const std::string text = test::ReadFile(o.dump_path);
    CHECK(text.substr(0, text.find('\n')) == "scenario,a,b,c,fy,h1");
    const auto rows = ReadDump(o.dump_path);
    REQUIRE(rows.size() == 300);  // dump_limit
    const SweepSamples s = SampleSweep(m, o, 0, 300);
    CHECK(s.drivers == std::vector<std::string>{"a", "b", "c"});
    CHECK(s.targets == std::vector<std::string>{"fy", "h1"});
    REQUIRE(s.driver_values.rows() == 3);
    REQUIRE(s.target_values.rows() == 2);
    int differ = 0;
    for (int j = 0; j < 300; ++j) {
      differ += rows[j][0] != j;
      for (int i = 0; i < 3; ++i) differ += rows[j][1 + i] != s.driver_values(i, j);
      for (int k = 0; k < 2; ++k) differ += rows[j][4 + k] != s.target_values(k, j);
    }
    CHECK(differ == 0);
    // A later slice is the same scenarios again.
    const SweepSamples tail = SampleSweep(m, o, 100, 50);
    CHECK(tail.first == 100);
    for (int j = 0; j < 50; ++j) {
      CHECK(tail.driver_values(1, j) == s.driver_values(1, 100 + j));
      CHECK(tail.target_values(0, j) == s.target_values(0, 100 + j));
    }
    CHECK_THROWS_AS(SampleSweep(m, o, 990, 20), UsageError);  // beyond the sweep's 1000
  }

  TEST_CASE("shocked periods are columns of their own, named DRIVER@PERIOD") {
    test::TempDir d;
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 3, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  g: {value: 0, distribution: {type: uniform, low: -1, high: 1}, shocks: {sd: 0.5, ar1: 0.5}}\n"
        "lines:\n  x: {formula: g, actuals: {1Q10: 0}}\n"
        "targets:\n  t: {line: x, span: 3Q10, value: 0}\n");
    SweepOptions o;
    o.samples = 10;
    o.dump_path = d.path() + "/s.csv";
    Sweep(m, o);
    const std::string text = test::ReadFile(o.dump_path);
    CHECK(text.substr(0, text.find('\n')) == "scenario,g,g@2Q10,g@3Q10,t");
    const SweepSamples s = SampleSweep(m, o, 0, 10);
    CHECK(s.drivers == std::vector<std::string>{"g", "g@2Q10", "g@3Q10"});
    const auto rows = ReadDump(o.dump_path);
    for (int j = 0; j < 10; ++j) {
      CHECK(rows[j][3] == s.driver_values(2, j));
      CHECK(rows[j][4] == rows[j][3]);  // t is x in 3Q10: the shocked value
    }
  }

  TEST_CASE("a date driver is sampled in whole days, dumped as dates, and each dumped scenario replays with --set") {
    test::TempDir d;
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  launch: {value: 2011-01-15, unit: date,\n"
        "           distribution: {type: triangular, low: 2010-12-01, mode: 2011-01-15, high: 2011-03-31}}\n"
        "  price: {value: 10, distribution: {type: normal, mean: 10, sd: 1}}\n"
        "lines:\n  sales: {formula: price * months_after(launch) + 100, actuals: {1Q10: 100}}\n"
        "targets:\n  fy: {line: sales, span: FY10, value: 420}\n");
    SweepOptions o;
    o.samples = 200;
    o.dump_path = d.path() + "/dates.csv";
    Sweep(m, o);
    const SweepSamples s = SampleSweep(m, o, 0, 200);
    std::istringstream in(test::ReadFile(o.dump_path));
    std::string line;
    std::getline(in, line);
    CHECK(line == "scenario,launch,price,fy");
    int replayed = 0, fractional = 0;
    for (int j = 0; std::getline(in, line); ++j) {
      CAPTURE(line);
      std::vector<std::string> f;
      std::istringstream ls(line);
      for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
      REQUIRE(f.size() == 4);
      fractional += s.driver_values(0, j) != std::floor(s.driver_values(0, j));
      CHECK(f[1] == FormatDate(static_cast<int>(s.driver_values(0, j))));  // 2011-01-07, not 14981.4
      const Model set = m.WithOverrides({ParseOverride(m, "launch=" + f[1]), ParseOverride(m, "price=" + f[2])});
      replayed += Run(set).at(m.FindLine("sales"), m.calendar().FindColumn("FY10")) == std::stod(f[3]);
    }
    CHECK(fractional == 0);
    CHECK(replayed == 200);
    // Grid levels are whole days too.
    SweepOptions g;
    g.method = SweepMethod::kOneAtATime;
    g.samples = 1000;
    const SweepResult r = Sweep(m, g);
    for (double level : r.design[0].levels) CHECK(level == std::floor(level));
  }
}
