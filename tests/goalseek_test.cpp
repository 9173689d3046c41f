// SPDX-License-Identifier: MIT
// Goal seek: roots against closed forms, no-solution and jump cases, dates; several drivers
// against the closed-form least change; break-even tables; saved scenario files.
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/report/goalseek.h"

#include <Eigen/Cholesky>
#include <cfloat>
#include <cmath>
#include <nlohmann/json.hpp>

#include "outturn/analysis/verdict.h"
#include "support/analysis_util.h"

using namespace outturn;
using namespace outturn::test;

namespace {

bool Met(const Goal& g, double y) { return g.direction == Direction::kAtLeast ? y >= g.target : y <= g.target; }

}  // namespace

TEST_SUITE("goalseek") {
  TEST_CASE("a range target aims at its nearest edge, or where Aim says") {
    // FY revenue = 2,100 + 200 price, in [4,200, 4,400]: price 10.5 at the low edge, 11.5 at
    // the high one, 11 in the middle (tests/data/ranges.yaml).
    const Model m = Model::Load(SourcePath("tests/data/ranges.yaml"));
    const Input price = FindInput(m, "price");
    struct Row {
      Aim aim;
      double target;
      Direction direction;
      double price;
    };
    const Row rows[] = {{Aim{}, 4200, Direction::kAtLeast, 10.5},
                        {Aim{Aim::Kind::kLow, 0}, 4200, Direction::kAtLeast, 10.5},
                        {Aim{Aim::Kind::kHigh, 0}, 4400, Direction::kAtMost, 11.5},
                        {Aim{Aim::Kind::kMid, 0}, 4300, Direction::kAtLeast, 11},
                        {Aim{Aim::Kind::kValue, 4250}, 4250, Direction::kAtLeast, 10.75}};
    for (const Row& row : rows) {
      CAPTURE(ToString(row.aim));
      const Goal g = TargetGoal(m, 0, row.aim);
      REQUIRE(g.range);
      CHECK(g.range->first == 4200);
      CHECK(g.range->second == 4400);
      CHECK(g.target == row.target);
      CHECK(g.direction == row.direction);
      const GoalSeekResult r = GoalSeek(m, g, price);
      REQUIRE(r.status == GoalSeekStatus::kSolved);
      CHECK(r.value == doctest::Approx(row.price).epsilon(1e-9));
    }
    // Above the range (price 12, FY 4,500) the nearest edge is the high one, approached from above.
    const Model above = m.WithOverrides({ParseOverride(m, "price=12")});
    Goal g = TargetGoal(above, 0);
    CHECK(g.target == 4400);
    CHECK(g.direction == Direction::kAtMost);
    // Within it (price 10.8, FY 4,260) too: the low edge, 60 away, from inside.
    g = TargetGoal(m.WithOverrides({ParseOverride(m, "price=10.8")}), 0);
    CHECK(g.target == 4200);
    CHECK(g.direction == Direction::kAtLeast);
    // The middle from above is approached from above.
    g = TargetGoal(above, 0, Aim{Aim::Kind::kMid, 0});
    CHECK(g.direction == Direction::kAtMost);
    CHECK_THROWS_WITH_AS(TargetGoal(m, 0, Aim{Aim::Kind::kValue, 4500}),
                         "--aim 4500 lies outside the range [4200, 4400] of target 'revenue_fy'", UsageError);
    CHECK(ParseAim("mid").kind == Aim::Kind::kMid);
    CHECK(ParseAim("40%").value == doctest::Approx(0.4));
    CHECK_THROWS_AS(ParseAim("middle"), UsageError);
    // A target that is not a range ignores the aim.
    CHECK_FALSE(TargetGoal(m, 2, Aim{Aim::Kind::kHigh, 0}).range);
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
    Goal g{FindKpi(m, "kpi.operating_margin@FY10"), 0.06, Direction::kAtLeast, {}};
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
    // 3Q10's price alone (the whole driver also moves 4Q10's own price with it).
    const GoalSeekResult r = GoalSeek(m, TargetGoal(m, 0), FindInput(m, "widgets_price@3Q10"));
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
    const Goal g{FindKpi(tiny, "y@FY10"), 100, Direction::kAtLeast, {}};
    CHECK(GoalSeek(tiny, g, FindInput(tiny, "fixed")).status == GoalSeekStatus::kNoSolutionInBracket);
  }

  TEST_CASE("no solution says whether the goal is met throughout the bracket or nowhere in it") {
    // y@FY10 = 4 (a + 10 b + 3) runs from 410 to 450 over b in [0, 1].
    const Model tiny = test::LoadText(kTiny);
    const Input b = FindInput(tiny, "b");
    const GoalSeekResult everywhere = GoalSeek(tiny, {FindKpi(tiny, "y@FY10"), 100, Direction::kAtLeast, {}}, b);
    CHECK(everywhere.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(everywhere.met_throughout);
    CHECK(everywhere.message.substr(everywhere.message.size() - 14) == "met throughout");
    const GoalSeekResult nowhere = GoalSeek(tiny, {FindKpi(tiny, "y@FY10"), 1000, Direction::kAtLeast, {}}, b);
    CHECK(nowhere.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK_FALSE(nowhere.met_throughout);
    CHECK(nowhere.message.substr(nowhere.message.size() - 17) == "missed throughout");
    // The same for at_most, and in the break-even table.
    CHECK_FALSE(GoalSeek(tiny, {FindKpi(tiny, "y@FY10"), 100, Direction::kAtMost, {}}, b).met_throughout);
    BreakEvenOptions o;
    o.drivers = {"b"};
    const std::string met = RenderBreakEven(
        tiny, BreakEven(tiny, {{FindKpi(tiny, "y@FY10"), 100, Direction::kAtLeast, {}}}, o), Format::kTable);
    CHECK(met.find("met throughout [0, 1]") != std::string::npos);
    const std::string missed = RenderBreakEven(
        tiny, BreakEven(tiny, {{FindKpi(tiny, "y@FY10"), 1000, Direction::kAtLeast, {}}}, o), Format::kTable);
    CHECK(missed.find("none in [0, 1]: missed throughout") != std::string::npos);
  }

  TEST_CASE("goal seek across a jump is not a root") {
    const Model tiny = test::LoadText(kTiny);
    const Goal g{FindKpi(tiny, "z@FY10"), 5, Direction::kAtLeast, {}};  // z jumps from 0 to 20 at s = 1
    const GoalSeekResult r = GoalSeek(tiny, g, FindInput(tiny, "s"));
    CHECK(r.status == GoalSeekStatus::kNotConverged);
    CHECK(r.message.find("jumps across the target") != std::string::npos);
    CHECK(r.bracket_width <= 4 * DBL_EPSILON * 1.0 + 1e-300);
  }

  TEST_CASE("goal seek on a date driver gives a whole day on the met side") {
    const Model m = Example();
    // Opening the office later saves rent: what opening date gives 1,000 more operating income?
    const double own = RunAt(m, TargetGoal(m, 1).kpi);
    const Goal g{TargetGoal(m, 1).kpi, own + 1000, Direction::kAtLeast, {}};
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
    std::vector<Goal> goals{{FindKpi(m, "revenue_fy"), 350000, Direction::kAtLeast, {}},
                            {FindKpi(m, "operating_income_fy"), 150000, Direction::kAtLeast, {}}};
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
    const std::vector<Goal> goals{{FindKpi(tiny, "y@FY10"), 4 * 109, Direction::kAtLeast, {}},
                                  {FindKpi(tiny, "y@1Q10"), 50, Direction::kAtLeast, {}}};
    const MultiGoalSeekResult r = MultiGoalSeek(tiny, goals, {FindInput(tiny, "a"), FindInput(tiny, "b")});
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    CHECK(r.values[0] == 100);
    CHECK(r.at_bound[0]);
    CHECK_CLOSE(r.values[1], 0.6, 1e-7);  // aimed half a tolerance inside the goal
    CHECK(!r.at_bound[1]);
    // Out of reach within the bounds: a status, not an exception.
    const std::vector<Goal> far{{FindKpi(tiny, "y@FY10"), 4 * 200, Direction::kAtLeast, {}}};
    const MultiGoalSeekResult no = MultiGoalSeek(tiny, far, {FindInput(tiny, "a"), FindInput(tiny, "b")});
    CHECK(no.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(no.overrides.empty());
    // A goal no driver moves.
    const MultiGoalSeekResult none = MultiGoalSeek(tiny, far, {FindInput(tiny, "s")});
    CHECK(none.status == GoalSeekStatus::kNoSolutionInBracket);
    CHECK(none.message.find("no driver given moves") != std::string::npos);
    // Everything met already: no change.
    const std::vector<Goal> easy{{FindKpi(tiny, "y@FY10"), 10, Direction::kAtLeast, {}}};
    const MultiGoalSeekResult same = MultiGoalSeek(tiny, easy, {FindInput(tiny, "a")});
    CHECK(same.status == GoalSeekStatus::kSolved);
    CHECK(same.weighted_change == 0);
    CHECK(same.overrides.empty());
  }

  TEST_CASE("several drivers: every target is reported before and after, and --keep-met keeps the met ones met") {
    // sum = a + b and diff = b - 2 a per quarter, a = b = 4: sum_fy = 32 misses 40, diff_fy =
    // -16 meets -18. Both ranges are 20 wide, so the least change that meets sum_fy moves each
    // by 1 (a = b = 5), and breaks diff_fy (-20). Keeping diff_fy met adds db - 2 da >= -0.5
    // to da + db >= 2: both bind, da = 5/6, db = 7/6 (a = 29/6, b = 31/6).
    const Model m = test::LoadText(R"yaml(
calendar: {start: 2010-04, fiscal_year_label: start, periods: 4}
drivers:
  a: {value: 4, bounds: [0, 20]}
  b: {value: 4, bounds: [0, 20]}
lines:
  sum: {formula: a + b}
  diff: {formula: b - 2 * a}
targets:
  sum_fy: {line: sum, span: FY10, value: 40}
  diff_fy: {line: diff, span: FY10, value: -18}
)yaml");
    const std::vector<Goal> goals{TargetGoal(m, 0)};
    const std::vector<Input> inputs{FindInput(m, "a"), FindInput(m, "b")};
    const MultiGoalSeekResult r = MultiGoalSeek(m, goals, inputs);
    REQUIRE(r.status == GoalSeekStatus::kSolved);
    CHECK_CLOSE(r.values[0], 5, 1e-8);
    CHECK_CLOSE(r.values[1], 5, 1e-8);
    REQUIRE(r.targets.size() == 2);
    CHECK(r.targets[0].name == "sum_fy");
    CHECK(r.targets[0].goal);
    CHECK(!r.targets[0].met_before);
    CHECK(r.targets[0].met_after);
    CHECK(r.targets[1].name == "diff_fy");
    CHECK(!r.targets[1].goal);
    CHECK(r.targets[1].before == -16);
    CHECK_CLOSE(r.targets[1].after, -20, 1e-7);
    CHECK(r.targets[1].broken());
    const std::string text = RenderMultiGoalSeek(m, r, Format::kTable);
    CHECK(text.find("met -> missed: BROKEN") != std::string::npos);
    CHECK(text.find("Note: this solution breaks diff_fy, met before; --keep-met keeps every met target met") !=
          std::string::npos);
    const auto j = nlohmann::json::parse(RenderMultiGoalSeek(m, r, Format::kJson));
    CHECK(j["targets"][1]["broken"] == true);

    MultiGoalSeekOptions keep;
    keep.keep_met = true;
    const MultiGoalSeekResult k = MultiGoalSeek(m, goals, inputs, keep);
    REQUIRE(k.status == GoalSeekStatus::kSolved);
    CHECK(k.kept == std::vector<std::string>{"diff_fy"});
    CHECK(k.goals.size() == 2);
    CHECK_CLOSE(k.values[0], 29.0 / 6, 1e-7);
    CHECK_CLOSE(k.values[1], 31.0 / 6, 1e-7);
    for (const TargetChange& c : k.targets) {
      CAPTURE(c.name);
      CHECK(c.met_after);
      CHECK(c.goal);
    }
    const std::string kept_text = RenderMultiGoalSeek(m, k, Format::kTable);
    CHECK(kept_text.find("BROKEN") == std::string::npos);
    CHECK(kept_text.find("met -> met (kept met)") != std::string::npos);
    // With --exact the goals are equations, the kept ones stay inequalities.
    keep.equality = true;
    const MultiGoalSeekResult e = MultiGoalSeek(m, goals, inputs, keep);
    REQUIRE(e.status == GoalSeekStatus::kSolved);
    CHECK(e.targets[1].met_after);
  }

  TEST_CASE("several drivers on IIJ meet every open FY target") {
    const Model m = Iij();
    const auto goals = OpenTargetGoals(m);
    REQUIRE(goals.size() == 4);
    const MultiGoalSeekResult r = MultiGoalSeek(
        m, goals,
        {FindInput(m, "construction_index_q4"), FindInput(m, "si_cost_ratio"), FindInput(m, "iijgs_runrate_adjust")});
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
  // Scenario files

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

  TEST_CASE("cli: goalseek --save writes a scenario that loads and meets the target") {
    test::TempDir d;
    const std::string path = d.path() + "/solved.yaml";
    test::Outcome o = test::Cli(
        "goalseek scenarios/example/model.yaml --scenario slow_subs --set opex_run_rate=9500 "
        "--kpi revenue_fy --driver subscription_fee --save '" +
        path + "' --name fee-path");
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
    o = test::Cli(
        "goalseek scenarios/iij_fy2010/base.yaml --driver construction_index_q4 --driver iijgs_runrate_adjust "
        "--save '" +
        multi + "'");
    REQUIRE(o.code == 0);
    for (const auto& t : Verdicts(Run(Model::Load(multi)))) CHECK_MESSAGE(t.met, t.name);
    // No solution: nothing saved, exit 1.
    const std::string none = d.path() + "/none.yaml";
    o = test::Cli("goalseek scenarios/example/model.yaml --kpi revenue_fy --driver widgets_price@3Q10 --save '" + none +
                  "'");
    CHECK(o.code == 1);
    CHECK(test::ReadFile(none).empty());
  }
}
