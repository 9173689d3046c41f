// SPDX-License-Identifier: MIT
// Tornado and spider: swings against single runs, bit for bit; the spider's ends are the
// tornado's bars; ranges from the quantiles a sweep samples; a non-finite KPI in the batch
// is a NumericalError naming the driver values.
#include "outturn/analysis/tornado.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"

#include <algorithm>
#include <cmath>

#include "outturn/model/distributions.h"
#include "outturn/sweep/sweep.h"
#include "support/analysis_util.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("tornado") {
  // -------------------------------------------------------------------------------------
  // Tornado and spider

  TEST_CASE("tornado: bars are ranked by swing and equal single runs, bit for bit") {
    const Model m = Example();
    const TornadoResult t = Tornado(m);
    REQUIRE(t.kpis.size() == 3);
    for (size_t i = 0; i < t.kpis.size(); ++i) {
      CHECK(t.base[i] == RunAt(m, t.kpis[i]));
      REQUIRE(t.bars[i].size() == t.inputs.size());
      for (size_t r = 1; r < t.bars[i].size(); ++r) CHECK(t.bars[i][r - 1].swing >= t.bars[i][r].swing);
      for (const TornadoBar& b : t.bars[i]) {
        const std::string name = t.input_names[b.input];
        CAPTURE(name);
        CHECK(b.kpi_low == RunAt(m.WithOverrides({{name, t.ranges[b.input].low}}), t.kpis[i]));
        CHECK(b.kpi_high == RunAt(m.WithOverrides({{name, t.ranges[b.input].high}}), t.kpis[i]));
        CHECK(b.swing == std::fabs(b.kpi_high - b.kpi_low));
      }
    }
    // Revenue: the fee (+/-10%: 12,800 x 1.8 = 23,040) is the widest bar.
    CHECK(t.input_names[t.bars[0][0].input] == "subscription_fee");
    CHECK_CLOSE(t.bars[0][0].swing, 23040, 1e-12);
    // "Top" drivers move some KPI; the fee is the widest bar on every KPI.
    for (int j : t.top) {
      bool moves = false;
      for (const auto& bars : t.bars)
        for (const TornadoBar& b : bars) moves = moves || (b.input == j && b.swing > 0);
      CHECK(moves);
    }
    CHECK(t.input_names[t.top[0]] == "subscription_fee");
  }

  TEST_CASE("tornado on IIJ: the swings of the FY targets") {
    const Model m = Iij();
    TornadoOptions o;
    o.kpis = {"operating_income_fy"};
    const TornadoResult t = Tornado(m, o);
    const TornadoBar& top = t.bars[0][0];
    CHECK(top.kpi_low == RunAt(m.WithOverrides({{t.input_names[top.input], t.ranges[top.input].low}}), t.kpis[0]));
    // Facts (fixed: true) are not inputs at all.
    CHECK(std::find(t.input_names.begin(), t.input_names.end(), "iijgs_monthly_revenue") == t.input_names.end());
    CHECK(std::find(t.input_names.begin(), t.input_names.end(), "atm_units_installed") == t.input_names.end());
  }

  TEST_CASE("spider: each KPI across the range; the ends are the tornado's bars") {
    const Model m = Example();
    SpiderOptions o;
    o.top = 2;
    o.steps = 5;
    const SpiderResult s = Spider(m, o);
    const TornadoResult t = Tornado(m);
    REQUIRE(s.series.size() == 2);
    CHECK(s.input_names[0] == t.input_names[t.top[0]]);
    CHECK(s.input_names[1] == t.input_names[t.top[1]]);
    for (const SpiderSeries& ser : s.series) {
      CHECK(ser.x[0] == s.ranges[ser.input].low);
      CHECK(ser.x[4] == s.ranges[ser.input].high);
      const int tj = IndexOf(t.input_names, s.input_names[ser.input]);
      for (size_t i = 0; i < s.kpis.size(); ++i)
        for (const TornadoBar& b : t.bars[i])
          if (b.input == tj) {
            CHECK(ser.y(static_cast<int>(i), 0) == b.kpi_low);
            CHECK(ser.y(static_cast<int>(i), 4) == b.kpi_high);
          }
    }
    o.drivers = {"widgets_price@4Q10"};
    const SpiderResult one = Spider(m, o);
    REQUIRE(one.series.size() == 1);
    CHECK(one.series[0].y.cols() == 5);
    // A period's value swings across the driver's distribution, P10..P90 of triangular
    // {11.5, 12.5, 13.5}: symmetric about 12.5.
    CHECK_CLOSE(one.series[0].x[2], 12.5, 1e-14);
  }

  TEST_CASE("tornado: an empirical driver swings from its P10 to its P90, the quantiles a sweep samples") {
    // Observations 1..5: the inverse empirical CDF gives 1 at p = 0.1 and 5 at p = 0.9 (each
    // observation weighs 1/5), the same definition a sweep draws from (x = Quantile(d, u)).
    const Model m = test::LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  e: {value: 3, unit: x, distribution: {type: empirical, observations: [4, 2, 5, 1, 3]}}
lines:
  y: {kind: revenue, formula: e}
targets:
  y_fy: {line: y, span: FY10, value: 10}
)yaml");
    const Distribution& d = m.drivers()[m.FindDriver("e")].distribution;
    const TornadoResult t = Tornado(m);
    REQUIRE(t.ranges.size() == 1);
    CHECK(t.ranges[0].low == Quantile(d, 0.1));
    CHECK(t.ranges[0].high == Quantile(d, 0.9));
    CHECK(t.ranges[0].low == 1);
    CHECK(t.ranges[0].high == 5);
    REQUIRE(t.bars.size() == 1);
    CHECK(t.bars[0][0].kpi_low == 4 * 1);
    CHECK(t.bars[0][0].kpi_high == 4 * 5);
    // The sweep's own draws: their P10 and P90 (inverse empirical CDF of 4,000 draws, each of
    // 1..5 drawn about 800 times) are the tornado's low and high.
    SweepOptions so;
    so.samples = 4000;
    const SweepSamples s = SampleSweep(m, so, 0, so.samples);
    REQUIRE(s.drivers == std::vector<std::string>{"e"});
    std::vector<double> draws;
    for (Eigen::Index c = 0; c < s.driver_values.cols(); ++c) draws.push_back(s.driver_values(0, c));
    std::sort(draws.begin(), draws.end());
    CHECK(draws[static_cast<size_t>(std::ceil(0.1 * so.samples)) - 1] == t.ranges[0].low);
    CHECK(draws[static_cast<size_t>(std::ceil(0.9 * so.samples)) - 1] == t.ranges[0].high);
    // Sensitivities rank by the same range.
    const SensitivityResult sr = Sensitivities(m);
    CHECK(sr.ranges[0].low == 1);
    CHECK(sr.ranges[0].high == 5);
  }

  TEST_CASE("tornado and sweeps: a date driver's distribution is written in dates") {
    // triangular 2010-12-01 .. 2011-01-15 .. 2011-03-31: day numbers 14944, 14989, 15064 (120
    // days wide, mode 45 days in). P10 = low + sqrt(0.1 * 120 * 45) = 14944 + 23.238 (24 Dec
    // 2010); P90 = high - sqrt(0.1 * 120 * 75) = 15064 - 30 = 15034, exactly 2011-03-01, when
    // 100 a month for the one month of March gives 100.
    const Model m = test::LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start, actuals_through: 2Q10}
drivers:
  launch:
    value: 2011-01-15
    unit: date
    bounds: [2010-10-01, 2011-06-30]
    distribution: {type: triangular, low: 2010-12-01, mode: 2011-01-15, high: 2011-03-31}
  monthly: {value: 100}
lines:
  sales: {formula: monthly * months_after(launch), actuals: {1Q10: 0, 2Q10: 0}}
targets:
  fy: {line: sales, span: FY10, value: 250}
)yaml");
    const Distribution& d = m.drivers()[m.FindDriver("launch")].distribution;
    CHECK(d.low == 14944);
    CHECK(d.mode == 14989);
    CHECK(d.high == 15064);
    TornadoOptions o;
    o.include_dates = true;
    const TornadoResult t = Tornado(m, o);
    REQUIRE(t.inputs.size() == 2);
    REQUIRE(m.drivers()[t.inputs[0].driver].name == "launch");
    CHECK(t.ranges[0].low == std::nearbyint(14944 + std::sqrt(540.0)));  // P10, to the day
    CHECK(t.ranges[0].high == doctest::Approx(15034).epsilon(1e-12));
    CHECK(t.input_names[0] == "launch");
    REQUIRE(t.bars[0][0].input == 0);
    CHECK(t.bars[0][0].kpi_high == doctest::Approx(100).epsilon(1e-9));
    // A sweep samples it: every draw lies in the triangle, about 37.5% before the mode.
    SweepOptions so;
    so.samples = 4000;
    const SweepSamples s = SampleSweep(m, so, 0, so.samples);
    REQUIRE(s.drivers == std::vector<std::string>{"launch"});
    int before_mode = 0;
    for (Eigen::Index c = 0; c < s.driver_values.cols(); ++c) {
      CHECK(s.driver_values(0, c) >= 14944);
      CHECK(s.driver_values(0, c) <= 15064);
      before_mode += s.driver_values(0, c) < 14989;
    }
    CHECK(before_mode == doctest::Approx(0.375 * so.samples).epsilon(0.1));
  }

  TEST_CASE("tornado: a swing that makes a KPI non-finite is a NumericalError that names the driver values") {
    const Model m = test::LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  x: {value: 1, unit: x}
lines:
  y: {kind: revenue, formula: log(x - 0.95)}
)yaml");
    TornadoOptions o;
    o.kpis = {"y@1Q10"};
    CHECK_THROWS_AS(Tornado(m, o), NumericalError);
    try {
      Tornado(m, o);
    } catch (const NumericalError& e) {
      CHECK(e.line() == "y");
      CHECK(e.column() == "1Q10");
      CHECK(e.scenario() == 1);  // column 1 of the batch: x at its low
      CHECK(e.key_path() == "lines.y.formula");
      CHECK(std::string(e.what()).find("value is NaN in 1Q10 in scenario 1 of the batch") != std::string::npos);
      CHECK(std::string(e.what()).find("\n  (scenario 1: x at its low 0.9)") != std::string::npos);
      CHECK(e.Headline().find("error: lines.y.formula: value is NaN") != std::string::npos);
    } catch (...) {
      FAIL("not a NumericalError");
    }
    SpiderOptions so;
    so.kpis = o.kpis;
    so.drivers = {"x"};
    CHECK_THROWS_AS(Spider(m, so), NumericalError);
  }
}

TEST_SUITE("tornado") {
  TEST_CASE("a fixed driver (a fact) is not swung, solved or sampled; --set still sets it") {
    const Model m = Model::Load(test::SourcePath("tests/data/locked.yaml"));
    const TornadoResult t = Tornado(m);
    for (const Input& in : t.inputs) CHECK(m.drivers()[in.driver].name != "fx");
    CHECK(t.inputs.size() == 2);
    CHECK_THROWS_WITH_AS(FindInput(m, "fx"),
                         "driver 'fx' is fixed (a fact, not an assumption): analyses leave it at its value; a "
                         "scenario or --set may change it",
                         UsageError);
    for (const Input& in : DriverInputs(m)) CHECK(m.drivers()[in.driver].name != "fx");
    const Model set = m.WithOverrides({ParseOverride(m, "fx=99", "--set")});
    CHECK(set.drivers()[set.FindDriver("fx")].value == 99);
  }
}
