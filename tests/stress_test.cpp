// SPDX-License-Identifier: MIT
// The reverse stress test (FORM): closed forms on linear models with normal drivers,
// independent, correlated and shocked; bounded families mapped through their quantiles;
// optimality of the design point on a non-linear model; several local design points;
// targets met or missed with certainty; FORM against a sweep; the saved scenario at the
// boundary.
#include "outturn/sweep/stress.h"

#include <cmath>

#include "base/normal.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/model/distributions.h"
#include "outturn/sweep/sweep.h"
#include "support/analysis_util.h"
#include "sweep/correlation.h"

using namespace outturn;
using namespace outturn::test;

namespace {

// y = 2a + 3b - c in each of four open quarters; FY = 4 (2a + 3b - c).
const char* const kLinear = R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  a: {value: 100, unit: x, distribution: {type: normal, mean: 100, sd: 10}}
  b: {value: 50, unit: x, distribution: {type: normal, mean: 50, sd: 5}}
  c: {value: 20, unit: x, distribution: {type: normal, mean: 20, sd: 4}}
lines:
  y: {kind: revenue, formula: 2 * a + 3 * b - c}
  cost: {kind: cost, formula: a + b}
targets:
  y_fy: {line: y, span: FY10, value: 1200}
  cost_fy: {line: cost, span: FY10, value: 640, direction: at_most}
)yaml";

const double kMean[] = {100, 50, 20}, kSd[] = {10, 5, 4};

Goal GoalOf(const Model& m, const std::string& target) {
  for (int t = 0; t < static_cast<int>(m.targets().size()); ++t)
    if (m.targets()[t].name == target) return TargetGoal(m, t);
  FAIL("no target " << target);
  return {};
}

// The closed form of a linear KPI g = mu_g + v^T z (z standard normal scores with
// correlation C): beta = mu_g / sqrt(v^T C v), z* = -beta C v / sqrt(v^T C v).
void CheckLinear(const StressTarget& t, const Vector& v, const Matrix& C, double mu_g) {
  REQUIRE(t.status == StressStatus::kDesignPoint);
  const double sd_g = std::sqrt(v.dot(C * v));
  const double beta = mu_g / sd_g;
  const Vector z = -beta * (C * v) / sd_g;
  const DesignPoint& p = t.points.front();
  CHECK(p.beta == doctest::Approx(beta).epsilon(1e-9));
  CHECK(p.p_miss == doctest::Approx(internal::Phi(-beta)).epsilon(1e-9));
  for (int i = 0; i < z.size(); ++i) CHECK(p.z[i] == doctest::Approx(z[i]).epsilon(1e-7).scale(1));
}

}  // namespace

TEST_SUITE("stress") {
  TEST_CASE("independent normal drivers, linear KPI: beta, the design point and the importance are the closed form") {
    const Model m = LoadText(kLinear);
    const StressResult r = Stress(m, {GoalOf(m, "y_fy"), GoalOf(m, "cost_fy")});
    REQUIRE(r.driver_names == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(r.targets.size() == 2);
    // y: g = FY - 1200 = 4 (2a + 3b - c) - 1200; in scores v_i = 4 b_i sd_i.
    Vector v(3);
    v << 4 * 2 * 10, 4 * 3 * 5, 4 * -1 * 4;
    CheckLinear(r.targets[0], v, Matrix::Identity(3, 3), 4 * (2 * 100 + 3 * 50 - 20) - 1200);
    const DesignPoint& p = r.targets[0].points.front();
    CHECK(p.kpi == doctest::Approx(1200).epsilon(1e-9));
    for (int i = 0; i < 3; ++i) {
      CHECK(p.values[i] == doctest::Approx(kMean[i] + kSd[i] * p.z[i]).epsilon(1e-12));
      CHECK(p.percentiles[i] == doctest::Approx(internal::Phi(p.z[i])).epsilon(1e-12));
      CHECK(p.importance[i] == doctest::Approx(v[i] * v[i] / v.squaredNorm()).epsilon(1e-7));
    }
    CHECK(p.ranking == std::vector<int>{0, 1, 2});  // 80^2 > 60^2 > 16^2
    // cost at most 640: g = 640 - 4 (a + b), v = -4 (10, 5, 0).
    Vector w(3);
    w << -40, -20, 0;
    CheckLinear(r.targets[1], w, Matrix::Identity(3, 3), 640 - 4 * 150);
    CHECK(r.targets[1].points.front().kpi == doctest::Approx(640).epsilon(1e-9));
    CHECK(r.notes.empty());
  }

  TEST_CASE("correlated drivers: the closed form after whitening, with the copula's normal-score correlation") {
    const std::string text = std::string(kLinear) + R"yaml(
correlations:
  - drivers: [a, b]
    matrix: [[1, 0.6], [0.6, 1]]
)yaml";
    const Model m = LoadText(text);
    const auto groups = internal::CorrelationGroups(m, {m.FindDriver("a"), m.FindDriver("b")}, 1);
    REQUIRE(groups.size() == 1);
    Matrix C = Matrix::Identity(3, 3);
    C.topLeftCorner(2, 2) = groups[0].factor * groups[0].factor.transpose();
    CHECK(C(0, 1) > 0.5);
    const StressResult r = Stress(m, {GoalOf(m, "y_fy")});
    Vector v(3);
    v << 80, 60, -16;
    CheckLinear(r.targets[0], v, C, 120);
    // Importance: gamma ∝ C^-1 z*, which for a linear KPI is ∝ v: the shares are v_i^2 / |v|^2
    // whatever the correlation.
    const DesignPoint& p = r.targets[0].points.front();
    for (int i = 0; i < 3; ++i) CHECK(p.importance[i] == doctest::Approx(v[i] * v[i] / v.squaredNorm()).epsilon(1e-6));
    // The correlation lowers beta: positively correlated drivers that push the KPI the same way.
    const StressResult independent = Stress(LoadText(kLinear), {GoalOf(m, "y_fy")});
    CHECK(p.beta < independent.targets[0].points.front().beta);
  }

  TEST_CASE("per-period shocks are dimensions of the space: beta is the closed form of the AR(1) sum") {
    const Model m = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start, actuals_through: 1Q10}
drivers:
  a: {value: 10, unit: x, distribution: {type: normal, mean: 10, sd: 1}, shocks: {sd: 2, ar1: 0.5}}
lines:
  y: {kind: revenue, formula: a, actuals: {1Q10: 10}}
targets:
  y_fy: {line: y, span: FY10, value: 35}
)yaml");
    const StressResult r = Stress(m, {GoalOf(m, "y_fy")});
    REQUIRE(r.shocks.size() == 3);  // 2Q10..4Q10
    REQUIRE(r.items == std::vector<std::string>{"a", "a shocks"});
    // FY = 10 + 3a + e2 + e3 + e4: mean 40, var 9 + 4 (3 + 2 (0.5 + 0.5) + 2 (0.25)) = 9 + 4 * 5.5.
    const double sd = std::sqrt(9 + 4 * 5.5), beta = 5 / sd;
    REQUIRE(r.targets[0].status == StressStatus::kDesignPoint);
    const DesignPoint& p = r.targets[0].points.front();
    CHECK(p.beta == doctest::Approx(beta).epsilon(1e-9));
    CHECK(p.importance[0] == doctest::Approx(9 / (9 + 4 * 5.5)).epsilon(1e-7));
    CHECK(p.importance[1] == doctest::Approx(4 * 5.5 / (9 + 4 * 5.5)).epsilon(1e-7));
    // The saved point reproduces the boundary: the shocks are per-period overrides.
    CHECK(RunAt(m.WithOverrides(p.overrides), r.targets[0].goal.kpi) == doctest::Approx(35).epsilon(1e-9));
  }

  TEST_CASE("a shocked profile moves with its driver, as the sweep's shocks do: beta is the closed form") {
    // 4Q10's own value 20 = 2 x value: its level is 2x, and the shock adds to that.
    const Model m = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start, actuals_through: 1Q10}
drivers:
  a: {value: 10, unit: x, by_period: {4Q10: 20}, distribution: {type: normal, mean: 10, sd: 1},
      shocks: {sd: 2, ar1: 0.5}}
lines:
  y: {kind: revenue, formula: a, actuals: {1Q10: 10}}
targets:
  y_fy: {line: y, span: FY10, value: 45}
)yaml");
    const StressResult r = Stress(m, {GoalOf(m, "y_fy")});
    // FY = 10 + x + x + 2x + e2 + e3 + e4: mean 50, var 16 + 4 * 5.5.
    const double var = 16 + 4 * 5.5;
    REQUIRE(r.targets[0].status == StressStatus::kDesignPoint);
    const DesignPoint& p = r.targets[0].points.front();
    CHECK(p.beta == doctest::Approx(5 / std::sqrt(var)).epsilon(1e-9));
    CHECK(p.importance[0] == doctest::Approx(16 / var).epsilon(1e-7));
    CHECK(RunAt(m.WithOverrides(p.overrides), r.targets[0].goal.kpi) == doctest::Approx(45).epsilon(1e-9));
  }

  TEST_CASE("bounded families map through their quantiles: one driver, beta = Phi^-1 of its CDF at the target") {
    struct Case {
      const char* distribution;
      double target;
    };
    const Case cases[] = {
        {"{type: triangular, low: 0, mode: 3, high: 10}", 2.0},
        {"{type: triangular, low: 0, mode: 3, high: 10}", 7.5},
        {"{type: pert, low: 0, mode: 3, high: 10}", 2.0},
        {"{type: uniform, low: 0, high: 10}", 1.0},
        {"{type: lognormal, mean: 4, sd: 2}", 2.0},
        {"{type: truncated_normal, mean: 4, sd: 3, low: 0, high: 10}", 1.5},
    };
    for (const Case& c : cases) {
      CAPTURE(c.distribution);
      CAPTURE(c.target);
      const Model m = LoadText(std::string(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  x: {value: 4, unit: x, distribution: )yaml") +
                               c.distribution + R"yaml(}
lines:
  y: {kind: revenue, formula: x}
targets:
  y_q4: {line: y, span: 4Q10, value: )yaml" +
                               std::to_string(c.target) + "}\n");
      const StressResult r = Stress(m, {GoalOf(m, "y_q4")});
      REQUIRE(r.targets[0].status == StressStatus::kDesignPoint);
      const DesignPoint& p = r.targets[0].points.front();
      const double F = Cdf(m.drivers()[0].distribution, c.target);
      CHECK(p.p_miss == doctest::Approx(F).epsilon(1e-7));
      CHECK(p.values[0] == doctest::Approx(c.target).epsilon(1e-8));
      CHECK(p.percentiles[0] == doctest::Approx(F).epsilon(1e-7));
    }
  }

  TEST_CASE("the design point is optimal on a non-linear model: u* is parallel to the boundary's normal") {
    // y = a * b with a triangular and b PERT: the boundary is curved in the scores.
    const Model m = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  a: {value: 10, unit: x, distribution: {type: triangular, low: 5, mode: 10, high: 14}}
  b: {value: 3, unit: x, distribution: {type: pert, low: 1, mode: 3, high: 4}}
lines:
  y: {kind: revenue, formula: a * b}
targets:
  y_q4: {line: y, span: 4Q10, value: 20}
)yaml");
    const StressResult r = Stress(m, {GoalOf(m, "y_q4")});
    REQUIRE(r.targets[0].status == StressStatus::kDesignPoint);
    const DesignPoint& p = r.targets[0].points.front();
    CHECK(p.values[0] * p.values[1] == doctest::Approx(20).epsilon(1e-8));
    // The gradient of the KPI in u by central differences through Quantile(Phi(u)).
    const Distribution& da = m.drivers()[0].distribution;
    const Distribution& db = m.drivers()[1].distribution;
    auto kpi = [&](double ua, double ub) { return Quantile(da, internal::Phi(ua)) * Quantile(db, internal::Phi(ub)); };
    const double h = 1e-6;
    const double ga = (kpi(p.u[0] + h, p.u[1]) - kpi(p.u[0] - h, p.u[1])) / (2 * h);
    const double gb = (kpi(p.u[0], p.u[1] + h) - kpi(p.u[0], p.u[1] - h)) / (2 * h);
    const double cosine = -(ga * p.u[0] + gb * p.u[1]) / (std::hypot(ga, gb) * p.u.norm());
    CHECK(cosine == doctest::Approx(1).epsilon(1e-6));
  }

  TEST_CASE("a KPI missed on both sides has two local design points, both listed") {
    // y = min(15 - a, a + 15) >= 0 misses when |a| > 15: beta 1.5 on either side.
    const Model m = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  a: {value: 0, unit: x, distribution: {type: normal, mean: 0, sd: 10}}
  b: {value: 0, unit: x, distribution: {type: normal, mean: 0, sd: 1}}
lines:
  y: {kind: revenue, formula: "min(15 - a, a + 15) + 0 * b"}
targets:
  y_q4: {line: y, span: 4Q10, value: 0}
)yaml");
    const StressResult r = Stress(m, {GoalOf(m, "y_q4")});
    REQUIRE(r.targets[0].status == StressStatus::kDesignPoint);
    REQUIRE(r.targets[0].points.size() == 2);
    CHECK(r.targets[0].points[0].beta == doctest::Approx(1.5).epsilon(1e-8));
    CHECK(r.targets[0].points[1].beta == doctest::Approx(1.5).epsilon(1e-8));
    CHECK(r.targets[0].points[0].values[0] * r.targets[0].points[1].values[0] == doctest::Approx(-225).epsilon(1e-6));
    // One start finds one of them.
    StressOptions one;
    one.starts = 1;
    CHECK(Stress(m, {GoalOf(m, "y_q4")}, one).targets[0].points.size() == 1);
  }

  TEST_CASE("targets met or missed with certainty say so") {
    const char* const text = R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  x: {value: 0.5, unit: x, distribution: {type: uniform, low: 0, high: 1}}
lines:
  y: {kind: revenue, formula: x}
targets:
  always: {line: y, span: 4Q10, value: -1}
  never: {line: y, span: 4Q10, value: 2}
)yaml";
    const Model m = LoadText(text);
    const StressResult r = Stress(m, {GoalOf(m, "always"), GoalOf(m, "never")});
    CHECK(r.targets[0].status == StressStatus::kNeverMissed);
    CHECK(r.targets[0].points.empty());
    CHECK(r.targets[0].message.find("met with certainty") == 0);
    CHECK(r.targets[1].status == StressStatus::kAlwaysMissed);
    CHECK(r.targets[1].message.find("missed with certainty") == 0);
  }

  TEST_CASE(
      "FORM's P(miss) against a sweep: equal within the sweep's interval on a linear model, close on the "
      "example") {
    const Model m = LoadText(kLinear);
    SweepOptions o;
    o.samples = 400'000;
    o.seed = 11;
    const SweepResult s = Sweep(m, o);
    const StressResult r = Stress(m, {GoalOf(m, "y_fy")});
    const double p = r.targets[0].points.front().p_miss;
    CHECK(p >= 1 - s.kpis[0].p_high);
    CHECK(p <= 1 - s.kpis[0].p_low);
    // The example's revenue is near-linear in its (non-normal) drivers: first order within
    // 0.015 of the sweep's P(miss) (the price moves both open quarters, 4Q10's own price
    // with it, so the product units x price weighs more than when it moved 3Q10 alone).
    const Model e = Example();
    const SweepResult se = Sweep(e, o);
    const StressResult re = Stress(e, {GoalOf(e, "revenue_fy")});
    CHECK(std::fabs(re.targets[0].points.front().p_miss - (1 - se.kpis[0].p_meet)) < 0.015);
  }

  TEST_CASE("the saved design point reproduces the KPI at the boundary (CLI --save, then run)") {
    TempDir d;
    const std::string saved = d.path() + "/miss.yaml";
    const Outcome s = Cli("stress scenarios/example/model.yaml --kpi revenue_fy --save '" + saved + "' -f json");
    REQUIRE(s.code == 0);
    const Model m = Model::Load(saved);
    const Kpi k = FindKpi(m, "revenue_fy");
    CHECK(RunAt(m, k) == doctest::Approx(340'000).epsilon(1e-9));
    CHECK(Cli("stress scenarios/example/model.yaml --save '" + saved + "'").code == 2);  // two targets
    CHECK(Cli("stress scenarios/example/model.yaml --starts 0").code == 2);
    const Outcome text = Cli("stress scenarios/example/model.yaml --kpi operating_income_fy --top 2");
    REQUIRE(text.code == 0);
    CHECK(text.output.find("(2 more; --top 0 shows all)") != std::string::npos);
    CHECK(text.output.find("the most probable way to miss it") != std::string::npos);
  }

  TEST_CASE("drivers without a density are held and said; a model without continuous drivers is refused") {
    const Model m = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  d: {value: 1, unit: x, distribution: {type: discrete, values: [1, 2], weights: [1, 1]}}
  x: {value: 0, unit: x, distribution: {type: normal, mean: 0, sd: 1}}
lines:
  y: {kind: revenue, formula: d + x}
targets:
  y_q4: {line: y, span: 4Q10, value: 0}
)yaml");
    const StressResult r = Stress(m, {GoalOf(m, "y_q4")});
    REQUIRE(r.notes.size() == 1);
    CHECK(r.notes[0].find("held at their values") == 0);
    CHECK(r.notes[0].find("d") != std::string::npos);
    CHECK(r.targets[0].points.front().beta == doctest::Approx(1).epsilon(1e-9));  // y = 1 + x >= 0
    const Model only = LoadText(R"yaml(
calendar: {start: 2010-04, period: quarter, periods: 4, fiscal_year_label: start}
drivers:
  d: {value: 1, unit: x, distribution: {type: discrete, values: [1, 2], weights: [1, 1]}}
lines:
  y: {kind: revenue, formula: d}
targets:
  y_q4: {line: y, span: 4Q10, value: 0}
)yaml");
    CHECK_THROWS_AS(Stress(only, {GoalOf(only, "y_q4")}), UsageError);
  }
}
