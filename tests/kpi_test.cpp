// SPDX-License-Identifier: MIT
// KPIs, inputs and swing ranges: defaults, lookups with suggestions, distribution
// quantiles against closed forms, bounds, percent and clipping; options that name the rule.
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/tornado.h"

#include <cmath>

#include "support/analysis_util.h"

using namespace outturn;
using namespace outturn::test;

namespace {

int Col(const Model& m, const std::string& label) { return m.calendar().FindColumn(label); }

}  // namespace

TEST_SUITE("kpi") {
  // -------------------------------------------------------------------------------------
  // KPIs, inputs, ranges

  TEST_CASE("default KPIs are the open targets and the kpi lines in each fiscal year") {
    const Model m = Example();
    const auto kpis = DefaultKpis(m);
    REQUIRE(kpis.size() == 3);  // operating_income_1h is reported: it cannot move
    CHECK(kpis[0].name == "revenue_fy");
    CHECK(kpis[0].target == 0);
    CHECK(kpis[1].name == "operating_income_fy");
    CHECK(kpis[2].name == "operating_margin@FY10");
    CHECK(kpis[2].cell.column == Col(m, "FY10"));
    CHECK(FindKpi(m, "operating_income@2H10").cell.column == Col(m, "2H10"));
    CHECK_THROWS_WITH_AS(FindKpi(m, "revenue_fyy"), doctest::Contains("did you mean 'revenue_fy'"), UsageError);
    CHECK_THROWS_WITH_AS(FindKpi(m, "revenue"), doctest::Contains("is a line: name a column too"), UsageError);
    CHECK_THROWS_WITH_AS(FindKpi(m, "revenue@FY11"), doctest::Contains("unknown period or span 'FY11'"), UsageError);
    CHECK(AllCellKpis(m).size() == m.lines().size() * static_cast<size_t>(m.calendar().num_columns()));
  }

  TEST_CASE("inputs: base values of numeric drivers, per forecast period on request, names round-trip") {
    const Model m = Example();
    const auto base = DriverInputs(m);
    CHECK(base.size() == m.drivers().size() - 1);  // new_office_date is a date
    CHECK(DriverInputs(m, true).size() == m.drivers().size());
    const auto per = PeriodInputs(m);
    CHECK(per.size() == base.size() * 2);  // 3Q10 and 4Q10
    for (const Input& in : per) CHECK(in.period >= m.calendar().num_actual());
    const Input in = FindInput(m, "widgets_price@4Q10");
    CHECK(InputName(m, in) == "widgets_price@4Q10");
    CHECK(InputValue(m, in) == 13);
    CHECK(InputValue(m, FindInput(m, "widgets_price")) == 12.5);
    CHECK_THROWS_WITH_AS(FindInput(m, "widget_price"), doctest::Contains("did you mean 'widgets_price'"), UsageError);
    CHECK_THROWS_AS(FindInput(m, "widgets_price@FY10"), UsageError);  // a span is not a period
  }

  TEST_CASE("swing ranges: distribution quantiles, bounds, percent, clipping") {
    const Model m = Example();
    SwingOptions o;
    // Triangular {11.5, 12.5, 13.5}: below the mode F(x) = (x - a)^2 / ((b - a)(c - a)), so
    // P10 = a + sqrt(0.1 (b - a)(c - a)) = 11.5 + sqrt(0.2) (closed form).
    InputRange r = SwingRange(m, FindInput(m, "widgets_price"), o);
    CHECK_CLOSE(r.low, 11.5 + std::sqrt(0.2), 1e-14);
    CHECK_CLOSE(r.high, 13.5 - std::sqrt(0.2), 1e-14);
    CHECK(r.source == "P10/P90");
    // Uniform {200, 600}.
    r = SwingRange(m, FindInput(m, "subscribers_added"), o);
    CHECK_CLOSE(r.low, 240, 1e-15);
    CHECK_CLOSE(r.high, 560, 1e-15);
    // Normal {0.05, 0.02}: P90 = mean + 1.2815515655446004 sd (Abramowitz & Stegun 26.2).
    r = SwingRange(m, FindInput(m, "widgets_units_growth"), o);
    CHECK_CLOSE(r.high, 0.05 + 1.2815515655446004 * 0.02, 1e-14);
    // No distribution, no bounds: +/-10%.
    r = SwingRange(m, FindInput(m, "subscription_fee"), o);
    CHECK(r.low == 9 - 0.9);
    CHECK(r.high == 9 + 0.9);
    CHECK(r.source == "+/-10%");
    o.kind = SwingKind::kBounds;
    r = SwingRange(m, FindInput(m, "widgets_units_growth"), o);
    CHECK(r.low == -0.2);
    CHECK(r.high == 0.3);
    o.kind = SwingKind::kPercent;
    o.percent = 0.5;  // 12.5 +/- 6.25 leaves the bounds [10, 15]
    r = SwingRange(m, FindInput(m, "widgets_price"), o);
    CHECK(r.low == 10);
    CHECK(r.high == 15);
    CHECK(r.source == "+/-50%, clipped");
    o.kind = SwingKind::kPercent;
    r = SwingRange(m, FindInput(m, "new_office_date"), o);
    CHECK(r.width() == 60);  // dates swing by +/-30 days
    o.date_days = 10.4;      // a date swings to whole days: 10.4 days is 10
    r = SwingRange(m, FindInput(m, "new_office_date"), o);
    CHECK(r.width() == 20);
    CHECK(r.low == std::floor(r.low));
  }

  TEST_CASE("a date driver's distribution swings to whole days") {
    const Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4, actuals_through: 1Q10}\n"
        "drivers:\n"
        "  launch: {value: 2011-01-15, unit: date,\n"
        "           distribution: {type: triangular, low: 2010-12-01, mode: 2011-01-15, high: 2011-03-31}}\n"
        "lines:\n  sales: {formula: 10 * months_after(launch) + 100, actuals: {1Q10: 100}}\n");
    const InputRange r = SwingRange(m, FindInput(m, "launch"), SwingOptions{});
    // P10 of the triangular in days: low + sqrt(0.1 (high - low)(mode - low)), to the nearest day.
    const double low = 14944, mode = 14989, high = 15064;  // 2010-12-01, 2011-01-15, 2011-03-31
    CHECK(FormatDate(14944) == "2010-12-01");
    CHECK(r.low == std::nearbyint(low + std::sqrt(0.1 * (high - low) * (mode - low))));
    CHECK(r.high == std::nearbyint(high - std::sqrt(0.1 * (high - low) * (high - mode))));
  }

  TEST_CASE("options name the field, the value and the rule") {
    SwingOptions s;
    s.percent = 0;
    CHECK_THROWS_WITH_AS(s.Validate(), "SwingOptions::percent must be in (0, 10] (got 0)", OptionsError);
    GoalSeekOptions g;
    g.max_iterations = 0;
    CHECK_THROWS_WITH_AS(g.Validate(), "GoalSeekOptions::max_iterations must be at least 1 (got 0)", OptionsError);
    g = GoalSeekOptions();
    g.bracket = std::make_pair(2.0, 1.0);
    CHECK_THROWS_AS(g.Validate(), OptionsError);
    BridgeOptions b;
    b.max_shapley_drivers = 17;
    CHECK_THROWS_WITH_AS(b.Validate(),
                         doctest::Contains("BridgeOptions::max_shapley_drivers must be in [0, 16] (got 17)"),
                         OptionsError);
    SpiderOptions sp;
    sp.steps = 1;
    CHECK_THROWS_AS(sp.Validate(), OptionsError);
    CHECK(SwingKindFromString("bounds") == SwingKind::kBounds);
    CHECK(!SwingKindFromString("P10"));
  }
}
