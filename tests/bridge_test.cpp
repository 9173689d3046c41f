// SPDX-License-Identifier: MIT
// The bridge: contributions that add up exactly to the change in any order, Shapley values
// by hand, changed formulas as a step of their own.
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/kpi.h"

#include <cmath>

#include "support/analysis_util.h"

using namespace outturn;
using namespace outturn::test;

namespace {

double Ulp(double v) { return std::nextafter(std::fabs(v), 1e300) - std::fabs(v); }

}  // namespace

TEST_SUITE("bridge") {
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
}
