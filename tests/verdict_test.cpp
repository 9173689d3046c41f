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

  TEST_CASE("ratios have no 'open periods must deliver'") {
    Model m = TargetModel("  m: {line: margin, span: FY10, value: 0.4}\n");
    const auto v = Verdicts(Run(m));
    CHECK(v[0].forecast == doctest::Approx((105.0 - 54.0) / 105.0));
    CHECK_FALSE(v[0].has_open);
  }
}
