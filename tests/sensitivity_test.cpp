// SPDX-License-Identifier: MIT
// Sensitivities, tornado, goal seek, the bridge: derivatives against finite differences and
// exactly known slopes, swings against single runs, roots against closed forms, and bridges
// that add up exactly.
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"

#include <sys/wait.h>

#include <Eigen/Cholesky>
#include <array>
#include <cfloat>
#include <cstdio>

#include "outturn/analysis/verdict.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

Model Example() { return Model::Load(test::SourcePath("scenarios/example/model.yaml")); }
Model Iij() { return Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml")); }

int Col(const Model& m, const std::string& label) { return m.calendar().FindColumn(label); }

double RunAt(const Model& m, const Kpi& k) { return Run(m).at(k.cell.line, k.cell.column); }

int IndexOf(const std::vector<std::string>& names, const std::string& name) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  FAIL("no '" << name << "'");
  return -1;
}

// A characteristic size of an input: its value, or for a zero value the width of its bounds.
double Size(const Model& m, const Input& in, double x) {
  if (x != 0) return std::fabs(x);
  const Driver& d = m.drivers()[in.driver];
  return d.bounds && d.bounds->second > d.bounds->first ? d.bounds->second - d.bounds->first : 1.0;
}

// Central differences (f(x + h) - f(x - h)) / 2h of every output with respect to every input
// of the program, all 2n points in one batch. The step is relative: h = rel * Size(x).
Matrix CentralDifferences(const Program& p, const Vector& x, double rel) {
  const int n = p.num_inputs();
  BatchMatrix X(n, 2 * n);
  for (int j = 0; j < n; ++j) {
    const double h = rel * Size(p.model(), p.inputs()[j], x[j]);
    X.col(2 * j) = x;
    X.col(2 * j + 1) = x;
    X(j, 2 * j) += h;
    X(j, 2 * j + 1) -= h;
  }
  const BatchMatrix Y = p.Evaluate(X);
  Matrix D(p.num_outputs(), n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < p.num_outputs(); ++i)
      D(i, j) = (Y(i, 2 * j) - Y(i, 2 * j + 1)) / (X(j, 2 * j) - X(j, 2 * j + 1));
  return D;
}

// Every entry of the exact Jacobian against central differences. The relative error is
// taken against max(|exact|, floor): a central difference carries rounding noise of a few
// eps |KPI| / h (the difference of two nearly equal KPIs), so an entry below
// floor = 1e7 eps |KPI| / h, where that noise alone would exceed 1e-6 of it, is compared at
// the floor. (Entries whose exact value is 0 because two lines trade a quantity between
// them, e.g. IIJ-GS revenue booked in WAN or in outsourcing, show exactly that noise.)
void CheckAgainstFiniteDifferences(const Model& m, const std::vector<Input>& inputs, const std::vector<Kpi>& kpis,
                                   double rel_step, double tol) {
  std::vector<Cell> cells;
  for (const Kpi& k : kpis) cells.push_back(k.cell);
  const Program p(m, inputs, cells);
  const Vector x = p.BaseInputs();
  Vector y;
  const Matrix J = p.Jacobian(x, &y);
  const Matrix D = CentralDifferences(p, x, rel_step);
  double worst = 0, worst_resolved = 0;  // overall; among entries above the floor
  std::string worst_at;
  int checked = 0, nonzero = 0;
  for (int i = 0; i < J.rows(); ++i)
    for (int j = 0; j < J.cols(); ++j) {
      const double h = rel_step * Size(m, inputs[j], x[j]);
      const double scale = std::max(std::fabs(J(i, j)), 1e7 * DBL_EPSILON * std::fabs(y[i]) / h);
      const double err = scale == 0 ? std::fabs(D(i, j)) : std::fabs(J(i, j) - D(i, j)) / scale;
      if (std::fabs(J(i, j)) >= scale) worst_resolved = std::max(worst_resolved, err);
      if (err > worst) {
        worst = err;
        worst_at = kpis[i].name + " / " + InputName(m, inputs[j]);
      }
      ++checked;
      nonzero += J(i, j) != 0;
      CHECK_MESSAGE(err <= tol, kpis[i].name << " / " << InputName(m, inputs[j]) << ": exact " << J(i, j)
                                             << ", central difference " << D(i, j) << ", relative error " << err);
    }
  MESSAGE(checked << " entries (" << nonzero << " non-zero), worst relative error " << worst << " (" << worst_at << "); above the floor " << worst_resolved);
}

bool Met(const Goal& g, double y) { return g.direction == Direction::kAtLeast ? y >= g.target : y <= g.target; }

double Ulp(double v) { return std::nextafter(std::fabs(v), 1e300) - std::fabs(v); }

// A model small enough to reason about, four open quarters: y = a + 10 b + fixed, a step z
// in s, and a KPI that is zero.
const char* const kTiny = R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  a: {value: 99.5, unit: x, bounds: [0, 100]}
  b: {value: 0.5, unit: x, bounds: [0, 1]}
  s: {value: 0.5, unit: x, bounds: [0, 2]}
  w: {value: 0, unit: x}
  fixed: {value: 3, unit: x, bounds: [3, 3]}
lines:
  y: {kind: revenue, formula: a + 10 * b + fixed}
  z: {kind: other, formula: "if(s > 1, 10, 0)"}
  zero: {kind: kpi, formula: w * a}
)yaml";

}  // namespace

TEST_SUITE("sensitivity") {
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
  }

  TEST_CASE("options name the field, the value and the rule") {
    SwingOptions s;
    s.percent = 0;
    CHECK_THROWS_WITH_AS(s.Validate(), "SwingOptions::percent must be in (0, 10] (got 0)", OptionsError);
    GoalSeekOptions g;
    g.max_iterations = 0;
    CHECK_THROWS_WITH_AS(g.Validate(), "GoalSeekOptions::max_iterations must be at least 1 (got 0)",
                         OptionsError);
    g = GoalSeekOptions();
    g.bracket = std::make_pair(2.0, 1.0);
    CHECK_THROWS_AS(g.Validate(), OptionsError);
    BridgeOptions b;
    b.max_shapley_drivers = 17;
    CHECK_THROWS_WITH_AS(b.Validate(), doctest::Contains("BridgeOptions::max_shapley_drivers must be in [0, 16] (got 17)"),
                         OptionsError);
    SpiderOptions sp;
    sp.steps = 1;
    CHECK_THROWS_AS(sp.Validate(), OptionsError);
    CHECK(SwingKindFromString("bounds") == SwingKind::kBounds);
    CHECK(!SwingKindFromString("P10"));
  }

  // -------------------------------------------------------------------------------------
  // Derivatives

  TEST_CASE("example: every entry of the Jacobian matches central differences") {
    const Model m = Example();
    std::vector<Input> inputs = DriverInputs(m);
    const auto per = PeriodInputs(m);
    CheckAgainstFiniteDifferences(m, inputs, AllCellKpis(m), 1e-5, 1e-6);
    CheckAgainstFiniteDifferences(m, per, AllCellKpis(m), 1e-5, 1e-6);
  }

  TEST_CASE("IIJ: every entry of the Jacobian matches central differences") {
    // The base point is away from every kink for the numeric drivers (the ATM rollout ends
    // 45 days inside 4Q10, IIJ-GS's churn exponent is positive in 3Q and 4Q). Among the
    // dates only atm_rollout_start is away from a month or period boundary.
    const Model m = Iij();
    const auto kpis = DefaultKpis(m);
    REQUIRE(kpis.size() == 13);  // 4 open targets, 9 kpi lines in FY10
    CheckAgainstFiniteDifferences(m, DriverInputs(m), kpis, 1e-4, 1e-6);
    CheckAgainstFiniteDifferences(m, PeriodInputs(m), kpis, 1e-4, 1e-6);
    CheckAgainstFiniteDifferences(m, {FindInput(m, "atm_rollout_start")}, kpis, 1e-7, 1e-6);
  }

  TEST_CASE("linear pieces have exactly known derivatives") {
    const Model m = Example();
    SensitivityOptions o;
    o.per_period = true;
    const SensitivityResult s = Sensitivities(m, o);
    const int rev = 0, oi = 1;
    auto d = [&](int kpi, const std::string& input) { return s.jacobian(kpi, IndexOf(s.input_names, input)); };
    // FY revenue = 1H (reported) + subscribers(3Q, 4Q) x fee + units(3Q) x price + units(4Q) x 13.
    // Subscribers: 5,800 + 400 = 6,200 and 6,600: d/d fee = 12,800.
    CHECK(d(rev, "subscription_fee") == 12800);
    CHECK(d(oi, "service_cost_per_subscriber") == -12800);
    CHECK(d(oi, "opex_run_rate") == -2);  // two open quarters
    CHECK(d(oi, "opex_run_rate@3Q10") == -1);
    CHECK(d(rev, "subscribers_added") == 9 * (1 + 2));  // added twice in 4Q, once in 3Q
    // `value` applies in 3Q10 only (4Q10 has its own price): d/d price = units in 3Q10.
    const double units3 = 2550 * (1 + 0.05);
    CHECK(d(rev, "widgets_price") == units3);
    CHECK(d(rev, "widgets_price@3Q10") == units3);
    CHECK(d(rev, "widgets_price@4Q10") == units3 * (1 + 0.05));
    CHECK(d(rev, "cost_ratio_widgets") == 0);

    const Model iij = Iij();
    SensitivityOptions io;
    io.kpis = {"operating_income_fy", "pretax_income_fy", "revenue_fy"};
    const SensitivityResult t = Sensitivities(iij, io);
    auto e = [&](int kpi, const std::string& input) { return t.jacobian(kpi, IndexOf(t.input_names, input)); };
    CHECK(e(0, "rnd_per_quarter") == -2);
    CHECK(e(1, "interest_income_per_quarter") == 2);
    CHECK(e(1, "investment_gains_losses") == 2);
    CHECK(e(2, "rnd_per_quarter") == 0);
    // 4Q10 construction = (1Q10 + 2Q10) / 2 x index; equipment = construction x 8.24%.
    const double half = (2011495.0 + 2487243.0) / 2;
    CHECK(e(2, "construction_index_q4") == half + half * 0.0824);
  }

  TEST_CASE("elasticities are J x / y, the log-log slope, NaN where the KPI is zero") {
    const Model m = Example();
    const SensitivityResult s = Sensitivities(m);
    for (int i = 0; i < s.jacobian.rows(); ++i)
      for (int j = 0; j < s.jacobian.cols(); ++j)
        CHECK(s.elasticities(i, j) == s.jacobian(i, j) * s.input_values[j] / s.values[i]);
    // Against the log-log central difference for operating income and the fee.
    const int j = IndexOf(s.input_names, "subscription_fee");
    const Kpi& k = s.kpis[1];
    const double fee = 9, h = 1e-5;
    const double up = RunAt(m.WithOverrides({{"subscription_fee", fee * (1 + h)}}), k);
    const double down = RunAt(m.WithOverrides({{"subscription_fee", fee * (1 - h)}}), k);
    CHECK_CLOSE(s.elasticities(1, j), (std::log(up) - std::log(down)) / (std::log1p(h) - std::log1p(-h)), 1e-8);
    // Effects are J x (high - low), and the ranking sorts them by size.
    for (int i = 0; i < s.jacobian.rows(); ++i) {
      for (int c = 0; c < s.jacobian.cols(); ++c) CHECK(s.effects(i, c) == s.jacobian(i, c) * s.ranges[c].width());
      for (size_t r = 1; r < s.ranking[i].size(); ++r)
        CHECK(std::fabs(s.effects(i, s.ranking[i][r - 1])) >= std::fabs(s.effects(i, s.ranking[i][r])));
    }
    const Model tiny = test::LoadText(kTiny);
    SensitivityOptions o;
    o.kpis = {"zero@FY10"};
    const SensitivityResult z = Sensitivities(tiny, o);
    CHECK(z.values[0] == 0);
    CHECK(z.jacobian(0, IndexOf(z.input_names, "w")) == 99.5 * 4);
    CHECK(std::isnan(z.elasticities(0, IndexOf(z.input_names, "w"))));
  }

  TEST_CASE("degenerate: a model without KPIs gives empty matrices") {
    const Model m = test::LoadText(
        "calendar: {start: 2010-04, periods: 2}\ndrivers: {x: {value: 1, unit: u}}\nlines: {a: {formula: x}}\n");
    const SensitivityResult s = Sensitivities(m);
    CHECK(s.kpis.empty());
    CHECK(s.jacobian.rows() == 0);
    CHECK(s.jacobian.cols() == 1);
    const TornadoResult t = Tornado(m);
    CHECK(t.bars.empty());
    CHECK(t.top.empty());
  }

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
    // Fixed calibrations (bounds [v, v]) do not swing.
    const int fixed = IndexOf(t.input_names, "iijgs_monthly_revenue");
    CHECK(t.ranges[fixed].width() == 0);
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

  // -------------------------------------------------------------------------------------
  // Goal seek

  TEST_CASE("goal seek solves a linear case to tolerance, on the met side") {
    const Model m = Example();
    const Goal g = TargetGoal(m, 0);  // revenue_fy >= 340,000
    const GoalSeekResult r = GoalSeek(m, g, FindInput(m, "subscription_fee"));
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    // Revenue is linear in the fee with slope 12,800: fee = 9 + (340,000 - 348,216.625) / 12,800.
    CHECK_CLOSE(r.value, 9 + (340000 - 348216.625) / 12800, 1e-12);
    CHECK(r.tolerance == 1e-9 * 340000);
    CHECK(r.kpi_value >= g.target);
    CHECK(r.kpi_value - g.target <= r.tolerance);
    // No bounds: the default bracket is the value +/- 100%.
    CHECK(r.low == 0);
    CHECK(r.high == 18);
    REQUIRE(r.overrides.size() == 1);
    // The override applied to the model meets the target as the verdict judges it.
    const auto v = Verdicts(Run(m.WithOverrides(r.overrides)));
    CHECK(v[0].met);
    CHECK(v[0].forecast == r.kpi_value);
  }

  TEST_CASE("goal seek on a nonlinear KPI and an at_most goal") {
    const Model m = Iij();
    // Operating margin is a ratio: nonlinear in the SI cost ratio. The answer checks itself.
    Goal g{FindKpi(m, "kpi.operating_margin@FY10"), 0.06, Direction::kAtLeast};
    GoalSeekResult r = GoalSeek(m, g, FindInput(m, "si_cost_ratio"));
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    double y = RunAt(m.WithOverrides(r.overrides), g.kpi);
    CHECK(y == r.kpi_value);
    CHECK(y >= 0.06);
    CHECK(y - 0.06 <= r.tolerance);
    CHECK(r.evaluations > r.iterations);
    // At most: the value is taken on the other side of the root.
    g.direction = Direction::kAtMost;
    r = GoalSeek(m, g, FindInput(m, "si_cost_ratio"));
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    y = RunAt(m.WithOverrides(r.overrides), g.kpi);
    CHECK(y <= 0.06);
    CHECK(0.06 - y <= r.tolerance);
  }

  TEST_CASE("goal seek reports no solution when the bracket holds none") {
    const Model m = Example();
    const GoalSeekResult r = GoalSeek(m, TargetGoal(m, 0), FindInput(m, "widgets_price"));
    CHECK(r.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(r.message.find("no solution within [10, 15]") == 0);
    CHECK(r.value == r.own_value);
    CHECK(r.overrides.empty());
    // A bracket of one's own.
    GoalSeekOptions o;
    o.bracket = std::make_pair(8.9, 9.0);
    CHECK(GoalSeek(m, TargetGoal(m, 0), FindInput(m, "subscription_fee"), o).status ==
          GoalSeekStatus::kNoSolutionInBracket);
    o.bracket = std::make_pair(5.0, 30.0);
    CHECK_THROWS_AS(GoalSeek(m, TargetGoal(m, 0), FindInput(m, "widgets_price"), o), UsageError);  // leaves [10, 15]
    // A driver fixed by its bounds.
    const Model tiny = test::LoadText(kTiny);
    const Goal g{FindKpi(tiny, "y@FY10"), 100, Direction::kAtLeast};
    CHECK(GoalSeek(tiny, g, FindInput(tiny, "fixed")).status == GoalSeekStatus::kNoSolutionInBracket);
  }

  TEST_CASE("goal seek across a jump is not a root") {
    const Model tiny = test::LoadText(kTiny);
    const Goal g{FindKpi(tiny, "z@FY10"), 5, Direction::kAtLeast};  // z jumps from 0 to 20 at s = 1
    const GoalSeekResult r = GoalSeek(tiny, g, FindInput(tiny, "s"));
    CHECK(r.status == GoalSeekStatus::kNotConverged);
    CHECK(r.message.find("jumps across the target") != std::string::npos);
    CHECK(r.bracket_width <= 4 * DBL_EPSILON * 1.0 + 1e-300);
  }

  TEST_CASE("goal seek on a date driver gives a whole day on the met side") {
    const Model m = Example();
    // Opening the office later saves rent: what opening date gives 1,000 more operating income?
    const double own = RunAt(m, TargetGoal(m, 1).kpi);
    const Goal g{TargetGoal(m, 1).kpi, own + 1000, Direction::kAtLeast};
    const GoalSeekResult r = GoalSeek(m, g, FindInput(m, "new_office_date"));
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    CHECK(r.value == std::floor(r.value));
    CHECK(r.value > r.own_value);
    CHECK(RunAt(m.WithOverrides(r.overrides), g.kpi) >= g.target);
    // One day earlier misses.
    CHECK(RunAt(m.WithOverrides({{"new_office_date", r.value - 1}}), g.kpi) < g.target);
  }

  TEST_CASE("several drivers: the least weighted change that meets two targets, within bounds") {
    const Model m = Example();
    // Both goals are linear in these drivers, so the answer has a closed form: with W the
    // weights (1 / range width), x = x0 + W^-2 J^T (J W^-2 J^T)^-1 (aim - y0).
    std::vector<Goal> goals{{FindKpi(m, "revenue_fy"), 350000, Direction::kAtLeast},
                            {FindKpi(m, "operating_income_fy"), 150000, Direction::kAtLeast}};
    const std::vector<Input> inputs{FindInput(m, "subscription_fee"), FindInput(m, "cost_ratio_widgets"),
                                    FindInput(m, "opex_run_rate")};
    MultiGoalSeekOptions o;
    o.equality = true;
    const MultiGoalSeekResult r = MultiGoalSeek(m, goals, inputs, o);
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    const Model solved = m.WithOverrides(r.overrides);
    for (size_t i = 0; i < goals.size(); ++i) {
      const double y = RunAt(solved, goals[i].kpi);
      CHECK(y == r.kpi_values[static_cast<int>(i)]);
      CHECK(y >= goals[i].target);
      CHECK(y - goals[i].target <= o.tolerance * goals[i].target);
    }
    for (size_t j = 0; j < inputs.size(); ++j) {
      const Driver& d = m.drivers()[inputs[j].driver];
      if (d.bounds) CHECK((r.values[j] >= d.bounds->first && r.values[j] <= d.bounds->second));
    }
    SensitivityOptions so;
    so.kpis = {"revenue_fy", "operating_income_fy"};
    const SensitivityResult s = Sensitivities(m, so);
    Matrix J(2, 3);
    for (int j = 0; j < 3; ++j) J.col(j) = s.jacobian.col(IndexOf(s.input_names, r.input_names[j]));
    const Vector w2inv = r.weights.array().square().inverse().matrix();
    const Vector gap = Eigen::Vector2d(350000 - s.values[0], 150000 - s.values[1]);
    const Matrix JW = J * w2inv.asDiagonal();
    const Vector expected = r.own_values + JW.transpose() * (JW * J.transpose()).ldlt().solve(gap);
    for (int j = 0; j < 3; ++j) CHECK_CLOSE(r.values[j], expected[j], 1e-6);
  }

  TEST_CASE("several drivers: a goal already met constrains nothing; bounds bind") {
    const Model tiny = test::LoadText(kTiny);
    // y = a + 10 b + 3 per quarter, 107.5 at a = 99.5, b = 0.5; the goal is 109 a quarter.
    // a is cheaper to move (its range is 100 wide, b's 1): unbounded, the least change would
    // move a by 1.485; a stops at its bound 100 and b makes up the rest, 0.1. The 1Q10 goal
    // is met from the start and constrains nothing.
    const std::vector<Goal> goals{{FindKpi(tiny, "y@FY10"), 4 * 109, Direction::kAtLeast},
                                  {FindKpi(tiny, "y@1Q10"), 50, Direction::kAtLeast}};
    const MultiGoalSeekResult r = MultiGoalSeek(tiny, goals, {FindInput(tiny, "a"), FindInput(tiny, "b")});
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    CHECK(r.values[0] == 100);
    CHECK(r.at_bound[0]);
    CHECK_CLOSE(r.values[1], 0.6, 1e-7);  // aimed half a tolerance inside the goal
    CHECK(!r.at_bound[1]);
    // Out of reach within the bounds: a status, not an exception.
    const std::vector<Goal> far{{FindKpi(tiny, "y@FY10"), 4 * 200, Direction::kAtLeast}};
    const MultiGoalSeekResult no = MultiGoalSeek(tiny, far, {FindInput(tiny, "a"), FindInput(tiny, "b")});
    CHECK(no.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(no.overrides.empty());
    // A goal no driver moves.
    const MultiGoalSeekResult none = MultiGoalSeek(tiny, far, {FindInput(tiny, "s")});
    CHECK(none.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(none.message.find("no driver given moves") != std::string::npos);
    // Everything met already: no change.
    const std::vector<Goal> easy{{FindKpi(tiny, "y@FY10"), 10, Direction::kAtLeast}};
    const MultiGoalSeekResult same = MultiGoalSeek(tiny, easy, {FindInput(tiny, "a")});
    CHECK(same.status == GoalSeekStatus::kSolved);
    CHECK(same.weighted_change == 0);
    CHECK(same.overrides.empty());
  }

  TEST_CASE("several drivers on IIJ meet every open FY target") {
    const Model m = Iij();
    const auto goals = OpenTargetGoals(m);
    REQUIRE(goals.size() == 4);
    const MultiGoalSeekResult r = MultiGoalSeek(
        m, goals, {FindInput(m, "construction_index_q4"), FindInput(m, "si_cost_ratio"), FindInput(m, "iijgs_runrate_adjust")});
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    const auto v = Verdicts(Run(m.WithOverrides(r.overrides)));
    for (const auto& t : v) CHECK_MESSAGE(t.met, t.name);
  }

  TEST_CASE("break-even: each top driver alone, for each goal") {
    const Model m = Iij();
    BreakEvenOptions o;
    o.top = 3;
    const auto goals = OpenTargetGoals(m);
    const BreakEvenResult b = BreakEven(m, goals, o);
    REQUIRE(b.inputs.size() == 3);
    REQUIRE(b.cells.size() == goals.size() * 3);
    for (size_t g = 0; g < goals.size(); ++g)
      for (size_t k = 0; k < b.inputs.size(); ++k) {
        const GoalSeekResult& c = b.at(static_cast<int>(g), static_cast<int>(k));
        CHECK(c.input_name == b.input_names[k]);
        if (c.status != GoalSeekStatus::kSolved) continue;
        CHECK(Met(goals[g], RunAt(m.WithOverrides(c.overrides), goals[g].kpi)));
      }
    // The revenue target needs 4Q construction at about 3.11 x the 1H average quarter
    // (scenarios/iij_fy2010/target_path.yaml solves the same).
    o.drivers = {"construction_index_q4"};
    const BreakEvenResult c = BreakEven(m, {TargetGoal(m, 0)}, o);
    CHECK_CLOSE(c.at(0, 0).value, 3.111321721579142, 1e-9);
  }

  // -------------------------------------------------------------------------------------
  // The bridge

  TEST_CASE("bridge: contributions add up exactly to the change, in any order") {
    const Model base = Iij();
    const Model bear = Model::Load(test::SourcePath("scenarios/iij_fy2010/bear.yaml"));
    for (int max_shapley : {14, 0}) {
      CAPTURE(max_shapley);
      BridgeOptions o;
      o.max_shapley_drivers = max_shapley;
      const BridgeResult b = Bridge(base, bear, o);
      CHECK(b.method == (max_shapley ? BridgeMethod::kShapley : BridgeMethod::kSymmetricSequential));
      CHECK(b.steps.size() == 13);
      for (int k = 0; k < static_cast<int>(b.kpis.size()); ++k) {
        CAPTURE(b.kpis[k].name);
        CHECK(b.from[k] == RunAt(base, b.kpis[k]));
        CHECK(b.to[k] == RunAt(bear, b.kpis[k]));
        CHECK(b.total[k] == b.to[k] - b.from[k]);
        double forward = 0, backward = 0;
        for (int s = 0; s < b.contributions.rows(); ++s) forward += b.contributions(s, k);
        for (int s = static_cast<int>(b.contributions.rows()) - 1; s >= 0; --s) backward += b.contributions(s, k);
        CHECK(b.exact[k]);
        CHECK(forward == b.total[k]);
        CHECK(backward == b.total[k]);
        // Quanta are a few units in the last place of the KPI at most: the rounding is invisible.
        CHECK(b.quantum[k] <= 4 * std::max(Ulp(b.from[k]), Ulp(b.to[k])));
      }
      // A driver that cannot move revenue contributes exactly nothing to it.
      CHECK(b.contributions(IndexOf(b.steps, "si_cost_ratio"), 0) == 0);
    }
  }

  TEST_CASE("bridge: Shapley values, and the symmetric method agrees when drivers interact in pairs") {
    const Model m = Example();
    const Model cut = Model::Load(test::SourcePath("scenarios/example/price_cut.yaml"));
    const BridgeResult sh = Bridge(m, cut);
    BridgeOptions o;
    o.max_shapley_drivers = 0;
    const BridgeResult sym = Bridge(m, cut, o);
    REQUIRE(sh.steps == sym.steps);
    REQUIRE(sh.steps.size() == 2);  // widgets_units_growth, widgets_price (two periods)
    for (int k = 0; k < 3; ++k)
      for (int s = 0; s < 2; ++s) CHECK_CLOSE(sh.contributions(s, k), sym.contributions(s, k), 1e-12);
    // Two players: phi_price = ((v(p) - v(0)) + (v(pg) - v(g))) / 2, by hand.
    const int price = IndexOf(sh.steps, "widgets_price");
    const Kpi rev = sh.kpis[0];
    const double v0 = RunAt(m, rev), vpg = RunAt(cut, rev);
    const double vp = RunAt(m.WithOverrides({{"widgets_price", 11.25, 2}, {"widgets_price", 11.7, 3}}), rev);
    const double vg = RunAt(m.WithOverrides({{"widgets_units_growth", 0.09}}), rev);
    CHECK_CLOSE(sh.contributions(price, 0), ((vp - v0) + (vpg - vg)) / 2, 1e-12);
    // One driver: it explains everything.
    const BridgeResult one = Bridge(m, m.WithScenario("slow_subs"));
    REQUIRE(one.steps.size() == 1);
    for (int k = 0; k < 3; ++k) CHECK(one.contributions(0, k) == one.total[k]);
    // Nothing differs: nothing to explain.
    const BridgeResult none = Bridge(m, m);
    CHECK(none.steps.empty());
    CHECK(none.total.isZero());
  }

  TEST_CASE("bridge: changed formulas are a step of their own; another model is refused") {
    test::TempDir d;
    const std::string model = test::ReadFile(test::SourcePath("scenarios/example/model.yaml"));
    d.Write("model.yaml", model);
    const std::string sc = d.Write("s.yaml",
                                   "scenario: s\nextends: model.yaml\nset: {subscribers_added: 300}\n"
                                   "formulas:\n  cost.widgets: revenue.widgets * 0.6\n");
    const Model m = Model::Load(d.path() + "/model.yaml");
    const BridgeResult b = Bridge(m, Model::Load(sc));
    REQUIRE(b.steps.size() == 2);
    CHECK(b.steps[1] == "(formulas)");
    for (int k = 0; k < static_cast<int>(b.kpis.size()); ++k) {
      double sum = 0;
      for (int s = 0; s < 2; ++s) sum += b.contributions(s, k);
      CHECK(sum == b.total[k]);
    }
    CHECK(b.contributions(1, 0) == 0);  // revenue does not depend on the cost formula
    CHECK(b.contributions(1, 1) != 0);
    CHECK_THROWS_WITH_AS(Bridge(m, Iij()), doctest::Contains("is not the same model"), UsageError);
  }

  // -------------------------------------------------------------------------------------
  // Scenario files and the command line

  TEST_CASE("a saved goal-seek scenario loads and meets the target") {
    const Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/base.yaml"));
    const GoalSeekResult r = GoalSeek(m, TargetGoal(m, 0), FindInput(m, "construction_index_q4"));
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    test::TempDir d;
    const std::string text =
        ScenarioFile(m, m.WithOverrides(r.overrides), "revenue-path", "4Q construction that meets revenue",
                     test::SourcePath("scenarios/iij_fy2010/base.yaml"));
    CHECK(text.find("construction_index_q4: 3.111321721579142\n") != std::string::npos);
    const Model saved = Model::Load(d.Write("s.yaml", text));
    CHECK(saved.scenario() == "revenue-path");
    const auto v = Verdicts(Run(saved));
    CHECK(v[0].met);
    CHECK(v[0].forecast == r.kpi_value);
  }

  TEST_CASE("cli: the analysis commands exit 0, 1 or 2") {
    const std::string ex = "scenarios/example/model.yaml", iij = "scenarios/iij_fy2010/model.yaml";
   test::Outcome o = test::Cli("sensitivity " + ex);
    CHECK(o.code == 0);
    CHECK(o.output.find("subscription_fee") != std::string::npos);
    CHECK(test::Cli("sensitivity " + iij + " --per-period --dates -f json").code == 0);
    CHECK(test::Cli("sensitivity " + ex + " --all-cells -f csv").code == 0);
    o = test::Cli("tornado " + iij + " --kpi operating_income_fy --spider 2 --steps 3");
    CHECK(o.code == 0);
    CHECK(o.output.find("Spider") != std::string::npos);
    o = test::Cli("goalseek " + ex + " --kpi revenue_fy --driver subscription_fee");
    CHECK(o.code == 0);
    CHECK(o.output.find("solved") != std::string::npos);
    o = test::Cli("goalseek " + ex + " --kpi revenue_fy --driver widgets_price");
    CHECK(o.code == 0);
    CHECK(o.output.find("no solution within [10, 15]") != std::string::npos);
    CHECK(test::Cli("goalseek " + iij + " --top 3 -f csv").code == 0);
    CHECK(test::Cli("goalseek " + iij + " --driver construction_index_q4 --driver si_cost_ratio -f json").code == 0);
    CHECK(test::Cli("bridge scenarios/iij_fy2010/base.yaml --to scenarios/iij_fy2010/bear.yaml").code == 0);
    CHECK(test::Cli("bridge " + ex + " --to-scenario slow_subs_cheap -f csv").code == 0);
    CHECK(test::Cli("bridge " + iij + " --to-target").code == 0);
    // Bad usage: 2.
    CHECK(test::Cli("sensitivity").code == 2);
    CHECK(test::Cli("sensitivity " + ex + " --kpi nope").code == 2);
    CHECK(test::Cli("tornado " + ex + " --swing sideways").code == 2);
    CHECK(test::Cli("tornado " + ex + " --percent 0").code == 2);
    CHECK(test::Cli("goalseek " + ex + " --kpi revenue@FY10 --driver subscription_fee").code == 2);  // no --target
    CHECK(test::Cli("goalseek " + ex + " --kpi revenue_fy --driver nope").code == 2);
    CHECK(test::Cli("goalseek " + ex + " --bracket 1,2 --driver a --driver b").code == 2);
    CHECK(test::Cli("bridge " + ex).code == 2);
    CHECK(test::Cli("bridge " + ex + " --to " + iij).code == 2);  // not the same model
    // Bad input: 1.
    test::TempDir d;
    const std::string bad = d.Write("bad.yaml", "calendar: {start: 2010-04, periods: 4}\nlines:\n  a: {formula: b}\n");
    CHECK(test::Cli("sensitivity '" + bad + "'").code == 1);
    CHECK(test::Cli("bridge '" + bad + "' --to-scenario x").code == 1);
    for (const char* c : {"sensitivity --help", "tornado --help", "goalseek --help", "bridge --help"}) {
      CAPTURE(c);
      o = test::Cli(c);
      CHECK(o.code == 0);
      CHECK(o.output.find("usage: outturn") != std::string::npos);
    }
  }

  TEST_CASE("cli: goalseek --save writes a scenario that loads and meets the target") {
    test::TempDir d;
    const std::string path = d.path() + "/solved.yaml";
   test::Outcome o = test::Cli("goalseek scenarios/example/model.yaml --scenario slow_subs --set opex_run_rate=9500 "
                    "--kpi revenue_fy --driver subscription_fee --save '" + path + "' --name fee-path");
    REQUIRE(o.code == 0);
    const std::string text = test::ReadFile(path);
    CHECK(text.find("scenario: \"fee-path\"") == 0);
    CHECK(text.find("model.yaml#slow_subs\"") != std::string::npos);
    CHECK(text.find("opex_run_rate: 9500") != std::string::npos);  // the --set travels with it
    const Model saved = Model::Load(path);
    CHECK(saved.drivers()[saved.FindDriver("subscribers_added")].value == 200);  // from slow_subs
    const auto v = Verdicts(Run(saved));
    CHECK(v[0].name == "revenue_fy");
    CHECK(v[0].met);
    CHECK(v[0].gap <= 1e-9 * 340000);
    // Several drivers, from a scenario file.
    const std::string multi = d.path() + "/multi.yaml";
    o = test::Cli("goalseek scenarios/iij_fy2010/base.yaml --driver construction_index_q4 --driver iijgs_runrate_adjust "
            "--save '" + multi + "'");
    REQUIRE(o.code == 0);
    for (const auto& t : Verdicts(Run(Model::Load(multi)))) CHECK_MESSAGE(t.met, t.name);
    // No solution: nothing saved, exit 1.
    const std::string none = d.path() + "/none.yaml";
    o = test::Cli("goalseek scenarios/example/model.yaml --kpi revenue_fy --driver widgets_price --save '" + none + "'");
    CHECK(o.code == 1);
    CHECK(test::ReadFile(none).empty());
  }
}
