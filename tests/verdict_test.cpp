// SPDX-License-Identifier: MIT
#include "outturn/analysis/verdict.h"

#include "support/test_util.h"

using namespace outturn;

namespace {

Model TargetModel(const std::string& targets) {
  return test::LoadText(
      "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 2Q10}\n"
      "drivers:\n  level: {value: 30}\n"
      "lines:\n"
      "  sales: {formula: level, actuals: {1Q10: 20, 2Q10: 25}}\n"
      "  cost: {formula: sales * 0.5, actuals: {1Q10: 12, 2Q10: 12}}\n"
      "  margin: {formula: (sales - cost) / sales, rollup: formula}\n"
      "targets:\n" +
      targets);
}

}  // namespace

TEST_SUITE("verdict") {
  TEST_CASE("forecast, gap and what the open periods must deliver") {
    Model m = TargetModel("  fy: {line: sales, span: FY10, value: 110}\n");
    const auto v = Verdicts(Run(m));
    REQUIRE(v.size() == 1);
    CHECK(v[0].forecast == 105);
    CHECK(v[0].gap == -5);
    CHECK(v[0].gap_pct == doctest::Approx(-5.0 / 110));
    CHECK_FALSE(v[0].met);
    CHECK_FALSE(v[0].reported);
    CHECK(v[0].has_open);
    CHECK(v[0].reported_to_date == 45);
    CHECK(v[0].open_required == 65);
    CHECK(v[0].open_forecast == 60);
    CHECK(v[0].open_periods == 2);
  }

  TEST_CASE("an exactly met target is met; at_most targets invert") {
    Model m = TargetModel(
        "  fy: {line: sales, span: FY10, value: 105}\n"
        "  cost_cap: {line: cost, span: FY10, value: 50, direction: at_most}\n");
    const auto v = Verdicts(Run(m));
    CHECK(v[0].met);
    CHECK(v[1].forecast == 54);
    CHECK_FALSE(v[1].met);
  }

  TEST_CASE("a span already reported is a fact") {
    Model m = TargetModel("  h1: {line: sales, span: 1H10, value: 40}\n");
    const auto v = Verdicts(Run(m));
    CHECK(v[0].reported);
    CHECK(v[0].met);
    CHECK_FALSE(v[0].has_open);
  }

  TEST_CASE("a ratio target: what the open periods' ratio must be, their denominator at its forecast") {
    // margin = (sales - cost) / sales. Reported: sales 45, cost 24; open: sales 60, cost 30.
    // FY margin 0.4 needs N_open = 0.4 * 105 - 21 = 21, a 2H margin of 21 / 60 = 0.35.
    Model m = TargetModel("  m: {line: margin, span: FY10, value: 0.4}\n");
    const auto v = Verdicts(Run(m));
    CHECK(v[0].forecast == doctest::Approx((105.0 - 54.0) / 105.0));
    REQUIRE(v[0].has_open);
    CHECK(v[0].open_ratio);
    CHECK(v[0].open_label == "3Q10..4Q10");
    CHECK(v[0].reported_to_date == doctest::Approx(21.0 / 45));
    CHECK(v[0].open_forecast == doctest::Approx(0.5));
    CHECK(v[0].open_required == doctest::Approx(0.35));
  }

  TEST_CASE("a ratio whose parts are not sums of the periods has no open requirement") {
    // sales * cost over the open periods is not the FY product less the reported one.
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 2Q10}\n"
        "lines:\n"
        "  sales: {formula: 30, actuals: {1Q10: 20, 2Q10: 25}}\n"
        "  cost: {formula: 15, actuals: {1Q10: 12, 2Q10: 12}}\n"
        "  odd: {formula: sales * cost / sales, rollup: formula}\n"
        "  stock: {formula: sales, rollup: last}\n"
        "  per_stock: {formula: sales / stock, rollup: formula}\n"
        "targets:\n"
        "  a: {line: odd, span: FY10, value: 1}\n"
        "  b: {line: per_stock, span: FY10, value: 1}\n");
    const auto v = Verdicts(Run(m));
    CHECK_FALSE(v[0].has_open);
    CHECK_FALSE(v[1].has_open);
  }

  TEST_CASE("a guidance range: below, within or above, the gap to the nearest edge (tests/data/ranges.yaml)") {
    // FY revenue = 2,100 + 200 price = 4,100 at price 10; FY margin = (200 p - 500) / (2,100 + 200 p).
    const Model m = Model::Load(test::SourcePath("tests/data/ranges.yaml"));
    auto v = Verdicts(Run(m));
    REQUIRE(v.size() == 4);
    CHECK(v[0].direction == Direction::kBetween);
    CHECK(v[0].target == 4200);
    CHECK(v[0].high == 4400);
    CHECK(v[0].forecast == 4100);
    CHECK(v[0].position == Position::kBelow);
    CHECK_FALSE(v[0].met);
    CHECK(v[0].edge == 4200);
    CHECK(v[0].gap == -100);
    // Open periods: 2,100 reported, so 2,100 to 2,300 in 2H against a forecast of 2,000.
    CHECK(v[0].open_required == 2100);
    CHECK(v[0].open_required_high == 2300);
    CHECK(v[0].open_forecast == 2000);
    CHECK_FALSE(v[0].open_ratio);
    // FY margin 1,500 / 4,100; 2H margin needed (0.38 * 4,100 - 700) / 2,000 = 0.429 to
    // (0.40 * 4,100 - 700) / 2,000 = 0.47, against 800 / 2,000 = 0.4.
    CHECK(v[1].forecast == doctest::Approx(1500.0 / 4100));
    CHECK(v[1].position == Position::kBelow);
    CHECK(v[1].gap == doctest::Approx(1500.0 / 4100 - 0.38));
    CHECK(v[1].open_ratio);
    CHECK(v[1].reported_to_date == doctest::Approx(700.0 / 2100));
    CHECK(v[1].open_forecast == doctest::Approx(0.4));
    CHECK(v[1].open_required == doctest::Approx(0.429));
    CHECK(v[1].open_required_high == doctest::Approx(0.47));
    // An at_least ratio target: (0.35 * 4,100 - 700) / 2,000 = 0.3675.
    CHECK(v[2].met);
    CHECK(v[2].open_required == doctest::Approx(0.3675));

    // Within (price 10.8: FY 4,260, 60 above the low edge) and above (price 12: FY 4,500).
    v = Verdicts(Run(m.WithOverrides({ParseOverride(m, "price=10.8")})));
    CHECK(v[0].position == Position::kWithin);
    CHECK(v[0].met);
    CHECK(v[0].edge == 4200);
    CHECK(v[0].gap == doctest::Approx(60));
    v = Verdicts(Run(m.WithOverrides({ParseOverride(m, "price=12")})));
    CHECK(v[0].position == Position::kAbove);
    CHECK_FALSE(v[0].met);
    CHECK(v[0].edge == 4400);
    CHECK(v[0].gap == doctest::Approx(100));
    // The edges meet.
    v = Verdicts(Run(m.WithOverrides({ParseOverride(m, "price=11.5")})));
    CHECK(v[0].forecast == 4400);
    CHECK(v[0].met);
  }
}
