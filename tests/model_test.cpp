// SPDX-License-Identifier: MIT
#include "outturn/model/model.h"

#include "outturn/compile/program.h"
#include "support/test_util.h"

using namespace outturn;
using test::LoadError;
using test::LoadText;

namespace {

const char* kCalendar =
    "calendar: {start: 2010-04, fiscal_year_label: start, period: quarter, periods: 4, actuals_through: 2Q10}\n";

double At(const Model& m, const std::string& line, const std::string& col) {
  Results r = Run(m);
  REQUIRE(m.FindLine(line) >= 0);
  REQUIRE(m.calendar().FindColumn(col) >= 0);
  return r.at(m.FindLine(line), m.calendar().FindColumn(col));
}

}  // namespace

TEST_SUITE("model") {
  TEST_CASE("cumulative actuals are de-cumulated: 1H and 2Q give 1Q") {
    Model m = LoadText(std::string(kCalendar) +
                       "lines:\n"
                       "  sales: {formula: prev(sales), actuals: {1H10: 34_272_080, 2Q10: 18_458_817}}\n");
    const Line& l = m.lines()[0];
    REQUIRE(l.actuals[0].has_value());
    CHECK(*l.actuals[0] == 15'813'263);
    CHECK(*l.actuals[1] == 18'458'817);
    CHECK_FALSE(l.actuals[2].has_value());
    CHECK(At(m, "sales", "3Q10") == 18'458'817);
    CHECK(At(m, "sales", "FY10") == 15'813'263.0 + 3 * 18'458'817.0);
  }

  TEST_CASE("de-cumulation chains through several spans (9M and FY)") {
    Model m = LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 4Q10}\n"
        "lines:\n"
        "  x: {actuals: {1Q10: 10, 1H10: 30, 9M10: 60, FY10: 100}}\n");
    std::vector<double> got;
    for (const auto& a : m.lines()[0].actuals) got.push_back(*a);
    CHECK(got == std::vector<double>{10, 20, 30, 40});
  }

  TEST_CASE("reported subtotals are reconciled to the unit") {
    const std::string base = std::string(kCalendar) +
                             "lines:\n"
                             "  revenue.a: {formula: prev(revenue.a), actuals: {1H10: 300, 2Q10: 160}}\n"
                             "  revenue.b: {formula: prev(revenue.b), actuals: {1Q10: 50, 2Q10: 70}}\n"
                             "  revenue: {formula: sum(revenue), reported: {1H10: ";
    CHECK_NOTHROW(LoadText(base + "420, 2Q10: 230}}\n"));
    CHECK(LoadError(base + "421, 2Q10: 230}}\n") ==
          "DIR/model.yaml:5:53: error: lines.revenue.reported.1H10: reported 421 in 1H10 but the model computes 420 "
          "(difference -1)\n"
          " 5 |   revenue: {formula: sum(revenue), reported: {1H10: 421, 2Q10: 230}}\n"
          "   |                                                     ^");
  }

  TEST_CASE("a reported value may state its precision: a tolerance, or the unit it was published in") {
    // The model is kept in thousands; 1H10 sums to 1,000,000 + 339,412 = 1,339,412 thousand.
    const std::string base = "model: {unit: JPY thousands}\n" + std::string(kCalendar) +
                             "lines:\n"
                             "  revenue.a: {formula: prev(revenue.a), actuals: {1Q10: 500_000, 2Q10: 500_000}}\n"
                             "  revenue.b: {formula: prev(revenue.b), actuals: {1Q10: 169_706, 2Q10: 169_706}}\n"
                             "  revenue: {formula: sum(revenue), reported: {1H10: ";
    // Published as 1,339 million: 1,339,000 thousand is within half a million (412 off).
    CHECK_NOTHROW(LoadText(base + "{value: 1_339_000, unit: million}}}\n"));
    // 1,340 million is 588 thousand off: more than half a million.
    CHECK(LoadError(base + "{value: 1_340_000, unit: millions}}}\n") ==
          "DIR/model.yaml:6:61: error: lines.revenue.reported.1H10.value: reported 1,340,000 in 1H10 but the model "
          "computes 1,339,412 (difference -588; checked to +/-500, the precision of 'millions')\n"
          " 6 |   revenue: {formula: sum(revenue), reported: {1H10: {value: 1_340_000, unit: millions}}}\n"
          "   |                                                             ^");
    // A tolerance in the model's unit: 12 covers the 12 off, 11 does not.
    CHECK_NOTHROW(LoadText(base + "{value: 1_339_400, tolerance: 12}}}\n"));
    CHECK(LoadError(base + "{value: 1_339_400, tolerance: 11}}}\n") ==
          "DIR/model.yaml:6:61: error: lines.revenue.reported.1H10.value: reported 1,339,400 in 1H10 but the model "
          "computes 1,339,412 (difference 12; checked to +/-11)\n"
          " 6 |   revenue: {formula: sum(revenue), reported: {1H10: {value: 1_339_400, tolerance: 11}}}\n"
          "   |                                                             ^");
    // The default stays half of the model's unit.
    CHECK_NOTHROW(LoadText(base + "1_339_412}}\n"));
    CHECK(LoadError(base + "1_339_413}}\n").find("(difference -1)\n") != std::string::npos);
  }

  TEST_CASE("sum() adds the leaves below a group, not its subtotals") {
    Model m = LoadText(std::string(kCalendar) +
                       "lines:\n"
                       "  revenue.network.a: {formula: '1', actuals: {1Q10: 1, 2Q10: 1}}\n"
                       "  revenue.network.b: {formula: '2', actuals: {1Q10: 2, 2Q10: 2}}\n"
                       "  revenue.network: {formula: sum(revenue.network)}\n"
                       "  revenue.si: {formula: '4', actuals: {1Q10: 4, 2Q10: 4}}\n"
                       "  revenue: {formula: sum(revenue)}\n");
    CHECK(At(m, "revenue.network", "3Q10") == 3);
    CHECK(At(m, "revenue", "3Q10") == 7);
    CHECK(At(m, "revenue", "FY10") == 28);
  }

  TEST_CASE("prev and lag read actuals across the actual/forecast boundary") {
    Model m = LoadText(std::string(kCalendar) +
                       "lines:\n"
                       "  x: {formula: prev(x) + 1, actuals: {1Q10: 10, 2Q10: 20}}\n"
                       "  y: {formula: 'lag(x, 2, 0) * 100'}\n"
                       "  z: {formula: 'prev(x, -1)'}\n"
                       "  w: {formula: 'at(x, 2Q10) + at(x, FY10)'}\n");
    CHECK(At(m, "x", "3Q10") == 21);
    CHECK(At(m, "x", "4Q10") == 22);
    CHECK(At(m, "y", "3Q10") == 1000);  // x in 1Q10
    CHECK(At(m, "y", "4Q10") == 2000);
    CHECK(At(m, "z", "1Q10") == -1);  // default before the horizon
    CHECK(At(m, "z", "2Q10") == 10);
    CHECK(At(m, "w", "1Q10") == 20 + 73);
  }

  TEST_CASE("rollups: sum, last, average and formula") {
    Model m = LoadText(std::string(kCalendar) +
                       "lines:\n"
                       "  units: {formula: prev(units) + 10, actuals: {1Q10: 100, 2Q10: 110}, rollup: last}\n"
                       "  price: {formula: '2', actuals: {1Q10: 1, 2Q10: 1}, rollup: average}\n"
                       "  revenue: {formula: units * price}\n"
                       "  cost: {formula: units}\n"
                       "  margin: {formula: (revenue - cost) / revenue, rollup: formula}\n");
    CHECK(At(m, "units", "FY10") == 130);
    CHECK(At(m, "units", "1H10") == 110);
    CHECK(At(m, "price", "FY10") == 1.5);
    CHECK(At(m, "revenue", "FY10") == 100 + 110 + 240 + 260);
    CHECK(At(m, "margin", "FY10") == doctest::Approx((710.0 - 460.0) / 710.0).epsilon(1e-15));
    CHECK(At(m, "margin", "1Q10") == 0);
  }

  TEST_CASE("calendar functions: months_after, after and ramp") {
    Model m = LoadText(std::string(kCalendar) +
                       "drivers:\n"
                       "  close: {value: 2010-09-01, unit: date}\n"
                       "lines:\n"
                       "  months: {formula: months_after(close)}\n"
                       "  frac: {formula: after(close)}\n"
                       "  ramp_q: {formula: 'ramp(date(2010-10-01), date(2011-01-01))'}\n"
                       "  facts: {formula: 'period.quarter * 1000 + period.days'}\n");
    CHECK(At(m, "months", "1Q10") == 0);
    CHECK(At(m, "months", "2Q10") == 1);  // exactly one month: September
    CHECK(At(m, "months", "3Q10") == 3);
    CHECK(At(m, "frac", "2Q10") == doctest::Approx(30.0 / 92.0).epsilon(1e-15));
    // A ramp across the whole of 3Q10 averages 1/2 there, and is 1 after it.
    CHECK(At(m, "ramp_q", "2Q10") == 0);
    CHECK(At(m, "ramp_q", "3Q10") == doctest::Approx(0.5).epsilon(1e-12));
    CHECK(At(m, "ramp_q", "4Q10") == 1);
    CHECK(At(m, "facts", "4Q10") == 4090);
  }

  TEST_CASE("per-period driver values and scenario inheritance") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    const int price = m.FindDriver("widgets_price");
    CHECK(m.drivers()[price].ValueAt(2) == 12.5);
    CHECK(m.drivers()[price].ValueAt(3) == 13);
    Model slow = m.WithScenario("slow_subs");
    CHECK(slow.drivers()[slow.FindDriver("subscribers_added")].value == 200);
    Model cheap = m.WithScenario("slow_subs_cheap");
    CHECK(cheap.scenario() == "slow_subs_cheap");
    CHECK(cheap.drivers()[cheap.FindDriver("subscribers_added")].value == 200);  // inherited
    CHECK(cheap.drivers()[cheap.FindDriver("widgets_price")].ValueAt(3) == 11.5);
    CHECK(cheap.drivers()[cheap.FindDriver("widgets_units_growth")].value == doctest::Approx(0.08));
    CHECK(m.scenario_names() == std::vector<std::string>{"base", "slow_subs", "slow_subs_cheap"});
  }

  TEST_CASE("a scenario file extends a model file") {
    Model m = Model::Load(test::SourcePath("scenarios/example/price_cut.yaml"));
    CHECK(m.scenario() == "price-cut");
    CHECK(m.drivers()[m.FindDriver("widgets_price")].ValueAt(2) == 11.25);
    CHECK(m.drivers()[m.FindDriver("widgets_units_growth")].value == doctest::Approx(0.09));
  }

  TEST_CASE("a scenario file can extend a named scenario of the model") {
    test::TempDir d;
    const std::string model = test::ReadFile(test::SourcePath("scenarios/example/model.yaml"));
    d.Write("model.yaml", model);
    const std::string p =
        d.Write("s.yaml", "scenario: s\nextends: model.yaml#slow_subs\nset: {subscription_fee: 10}\n");
    Model m = Model::Load(p);
    CHECK(m.drivers()[m.FindDriver("subscribers_added")].value == 200);
    CHECK(m.drivers()[m.FindDriver("subscription_fee")].value == 10);
  }

  TEST_CASE("overrides replace driver values and are checked against bounds") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    Model o = m.WithOverrides({{"subscribers_added", 0, -1}});
    CHECK(At(o, "subs.subscribers", "4Q10") == 5800);
    CHECK_THROWS_WITH_AS(m.WithOverrides({{"subscribers_added", -5, -1}}),
                         "driver 'subscribers_added': value -5 is out of bounds [0, 2000]", UsageError);
    CHECK_THROWS_WITH_AS(m.WithOverrides({{"subscriber_added", 1, -1}}),
                         "unknown driver 'subscriber_added'; did you mean 'subscribers_added'?", UsageError);
    CHECK_THROWS_AS(m.WithScenario("nope"), UsageError);
  }

  TEST_CASE("cycles are rejected naming the cycle") {
    CHECK(LoadError(std::string(kCalendar) + "lines:\n"
                                             "  a: {formula: b + 1}\n"
                                             "  b: {formula: c * 2}\n"
                                             "  c: {formula: a}\n")
              .find("error: lines.a.formula: cycle: a -> b -> c -> a (in 1Q10)") != std::string::npos);
    // prev() breaks the cycle across periods.
    CHECK_NOTHROW(LoadText(std::string(kCalendar) + "lines:\n"
                                                    "  a: {formula: 'prev(b, 0) + 1'}\n"
                                                    "  b: {formula: a * 2}\n"));
  }

  TEST_CASE("undefined names suggest the closest known name") {
    CHECK(LoadError(std::string(kCalendar) + "drivers:\n  growth: {value: 1}\n"
                                             "lines:\n  a: {formula: groth * 2}\n") ==
          "DIR/model.yaml:5:16: error: lines.a.formula: unknown name 'groth'; did you mean 'growth'?\n"
          " 5 |   a: {formula: groth * 2}\n"
          "   |                ^");
  }

  TEST_CASE("the model's own values must be finite") {
    CHECK(LoadError(std::string(kCalendar) + "lines:\n"
                                             "  a: {formula: '0', actuals: {1Q10: 0, 2Q10: 0}}\n"
                                             "  b: {formula: 1 / a}\n")
              .find("error: lines.b.formula: value is +inf in 1Q10 with the model's own values") != std::string::npos);
  }
}

TEST_SUITE("model") {
  TEST_CASE("--set leaves the reported periods at their values; a reported period cannot be set") {
    const Model m = Model::Load(test::SourcePath("tests/data/locked.yaml"));
    const int cost = m.FindLine("cost");
    // overhead also feeds the reported memo line `cost` (40 in 1Q10, 2Q10): setting it moves
    // the forecast quarters only, so the reported check still holds.
    const Model set = m.WithOverrides({ParseOverride(m, "overhead=45", "--set")});
    const Results r = Run(set);
    CHECK(r.at(cost, 0) == 40);
    CHECK(r.at(cost, 1) == 40);
    CHECK(r.at(cost, 2) == 45);
    CHECK(r.at(cost, 3) == 45);
    CHECK(set.drivers()[set.FindDriver("overhead")].ValueAt(1) == 40);
    try {
      ParseOverride(m, "overhead@2Q10=45", "--set");
      FAIL("a reported period was accepted");
    } catch (const UsageError& e) {
      CHECK(std::string(e.what()) ==
            "--set overhead@2Q10: 2Q10 is a reported period (actuals through 2Q10): its values are locked; the "
            "forecast periods are 3Q10..4Q10");
    }
    CHECK_THROWS_AS(m.WithOverrides({DriverOverride{"overhead", 45, 1}}), UsageError);
    // A profile follows its value: adds = 12 scales 3Q10 10 -> 12 and 4Q10 20 -> 24.
    const Model up = m.WithOverrides({ParseOverride(m, "adds=12", "--set")});
    const Driver& adds = up.drivers()[up.FindDriver("adds")];
    CHECK(adds.ValueAt(2) == 12);
    CHECK(adds.ValueAt(3) == 24);
  }

  TEST_CASE("a model names its overrides as --set takes them, and they read back to the same values") {
    const Model m = Model::Load(test::SourcePath("tests/data/correlated.yaml"));
    CHECK(m.overrides().empty());
    CHECK(ScenarioLabel(m) == "base");
    const std::vector<std::string> typed = {"east_sales=61.25", "launch_date@4Q11=2011-09-30", "east_sales=0.1"};
    std::vector<DriverOverride> parsed;
    for (const std::string& t : typed) parsed.push_back(ParseOverride(m, t, "--set"));
    const Model set = m.WithOverrides(parsed);
    REQUIRE(set.overrides().size() == 3);
    for (size_t i = 0; i < typed.size(); ++i) {
      CAPTURE(typed[i]);
      CHECK(OverrideText(set, set.overrides()[i]) == typed[i]);
      const DriverOverride back = ParseOverride(set, OverrideText(set, set.overrides()[i]), "--set");
      CHECK(back.driver == parsed[i].driver);
      CHECK(back.period == parsed[i].period);
      CHECK(back.value == parsed[i].value);
    }
    CHECK(ScenarioLabel(set) == "base with east_sales=61.25, launch_date@4Q11=2011-09-30, east_sales=0.1");
    // Shortest round trip: a value with no short decimal form keeps every digit.
    const Model third = m.WithOverrides({DriverOverride{"east_sales", 1.0 / 3, -1}});
    const DriverOverride again = ParseOverride(third, OverrideText(third, third.overrides()[0]), "--set");
    CHECK(again.value == 1.0 / 3);
  }

  TEST_CASE("history and opening: prev, lag and at read the values before the horizon (by hand)") {
    // tests/data/history.yaml: members open at 74,296 (4Q22) and add 1,000 a quarter at 30 yen
    // each; revenue's history is 2.0, 2.1, 2.15 and 2.2 million for 1Q22..4Q22.
    const Model m = Model::Load(test::SourcePath("tests/data/history.yaml"));
    const char* q[] = {"1Q23", "2Q23", "3Q23", "4Q23"};
    const double members[] = {75'296, 76'296, 77'296, 78'296};
    const double year_ago[] = {2'000'000, 2'100'000, 2'150'000, 2'200'000};
    for (int t = 0; t < 4; ++t) {
      CAPTURE(q[t]);
      CHECK(At(m, "members", q[t]) == members[t]);  // prev(members) reads the opening in 1Q23
      CHECK(At(m, "revenue", q[t]) == members[t] * 30);
      // lag(revenue, 4) reads the history: 1Q23 against 1Q22 and so on.
      CHECK(At(m, "revenue_yoy", q[t]) == doctest::Approx(members[t] * 30 / year_ago[t] - 1).epsilon(1e-15));
      // at(revenue, 4Q22) reads the history too.
      CHECK(At(m, "revenue_vs_4q22", q[t]) == doctest::Approx(members[t] * 30 / 2'200'000 - 1).epsilon(1e-15));
    }
    // History wins where it covers: the opening (4Q22) in 4Q23, the default 70,000 before it.
    CHECK(At(m, "members_vs_year_ago", "1Q23") == 75'296 - 70'000);
    CHECK(At(m, "members_vs_year_ago", "3Q23") == 77'296 - 70'000);
    CHECK(At(m, "members_vs_year_ago", "4Q23") == 78'296 - 74'296);
    // History is a fact: it is no period of the results, and a sweep does not move it.
    CHECK(m.calendar().FindColumn("4Q22") < 0);
  }

  TEST_CASE("history on a line over a dimension: shared, or per item") {
    const std::string text = std::string(
        "calendar: {start: 2023-01, period: quarter, periods: 2}\n"
        "dimensions: {region: [east, west]}\n"
        "drivers:\n  adds: {value: 10}\n"
        "lines:\n"
        "  members:\n    over: region\n    kind: kpi\n    rollup: last\n"
        "    history: {east: {4Q22: 100}, west: {4Q22: 200}}\n"
        "    formula: prev(members) + adds\n"
        "  revenue:\n    over: region\n    kind: revenue\n"
        "    history: {4Q22: 5}\n    formula: prev(revenue) + 1\n");
    const Model m = LoadText(text);
    CHECK(At(m, "members[east]", "1Q23") == 110);
    CHECK(At(m, "members[west]", "2Q23") == 220);
    CHECK(At(m, "revenue[east]", "1Q23") == 6);
    CHECK(At(m, "revenue[west]", "2Q23") == 7);
  }
}
