// SPDX-License-Identifier: MIT
// Sensitivities: the Jacobian against central differences and exactly known slopes,
// elasticities against log-log differences, effects and rankings.
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/tornado.h"

#include <cfloat>
#include <cmath>

#include "support/analysis_util.h"

using namespace outturn;
using namespace outturn::test;

namespace {

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
  MESSAGE(checked << " entries (" << nonzero << " non-zero), worst relative error " << worst << " (" << worst_at
                  << "); above the floor " << worst_resolved);
}

}  // namespace

TEST_SUITE("sensitivity") {
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
    // `value` applies in 3Q10; 4Q10's own price (13) moves with it as a profile, by the
    // factor price / 12.5: d/d price = units in 3Q10 + units in 4Q10 x 13 / 12.5.
    const double units3 = 2550 * (1 + 0.05);
    CHECK(d(rev, "widgets_price") == doctest::Approx(units3 + units3 * (1 + 0.05) * 13 / 12.5).epsilon(1e-14));
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
}
