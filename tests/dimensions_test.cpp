// SPDX-License-Identifier: MIT
// Dimensions (load/dimensions): drivers and lines declared once over a dimension, expanded
// into NAME[ITEM] per item; per-item values; same-item names, NAME[ITEM] and sum(x[*]) in
// formulas; scenarios, overrides, targets, correlations, tornado and sweeps naming items.
// Every value below is checked by hand in the comment beside it. The invalid forms are
// tests/data/invalid/dimension_*.yaml, each beside its exact diagnostic.
#include <algorithm>

#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"
#include "outturn/sweep/sweep.h"
#include "support/test_util.h"

using namespace outturn;
using test::LoadError;
using test::LoadText;

namespace {

// Two regions over four quarters, 1Q23 reported.
const char* kSmall =
    "calendar: {start: 2023-01, period: quarter, periods: 4, actuals_through: 1Q23}\n"
    "dimensions:\n"
    "  region: [north, south]\n"
    "drivers:\n"
    "  adds: {over: region, value: {north: 10, south: 4}}\n"
    "  price:\n"
    "    over: region\n"
    "    value: 2\n"
    "    by_period: {south: {4Q23: 3}}\n"
    "  fee: {value: 1}\n"
    "lines:\n"
    "  members:\n"
    "    over: region\n"
    "    rollup: last\n"
    "    formula: prev(members) + adds\n"
    "    actuals: {north: {1Q23: 100}, south: {1Q23: 50}}\n"
    "  revenue: {over: region, formula: members * price + fee}\n"
    "  north_share: {formula: 'members[north] / sum(members[*])'}\n"
    "  total: {formula: 'sum(revenue[*])'}\n"
    "  weighted: {formula: 'sum(members[*] * price[*])'}\n";

double At(const Model& m, const std::string& line, const std::string& col) {
  Results r = Run(m);
  REQUIRE(m.FindLine(line) >= 0);
  REQUIRE(m.calendar().FindColumn(col) >= 0);
  return r.at(m.FindLine(line), m.calendar().FindColumn(col));
}

const Driver& D(const Model& m, const std::string& name) {
  const int i = m.FindDriver(name);
  REQUIRE_MESSAGE(i >= 0, name);
  return m.drivers()[i];
}

}  // namespace

TEST_SUITE("dimensions") {
  TEST_CASE("an entity over a dimension is one driver or line per item, NAME[ITEM], in item order") {
    const Model m = LoadText(kSmall);
    std::vector<std::string> drivers, lines;
    for (const Driver& d : m.drivers()) drivers.push_back(d.name);
    for (const Line& l : m.lines()) lines.push_back(l.name);
    CHECK(drivers == std::vector<std::string>{"adds[north]", "adds[south]", "price[north]", "price[south]", "fee"});
    CHECK(lines == std::vector<std::string>{"members[north]", "members[south]", "revenue[north]", "revenue[south]",
                                            "north_share", "total", "weighted"});
    // Per-item values, a shared value, a per-item by_period given for one item only.
    CHECK(D(m, "adds[north]").value == 10);
    CHECK(D(m, "adds[south]").value == 4);
    CHECK(D(m, "price[north]").value == 2);
    CHECK(D(m, "price[north]").by_period.empty());
    REQUIRE(D(m, "price[south]").by_period.count(3) == 1);
    CHECK(D(m, "price[south]").by_period.at(3) == 3);
    // Each item keeps the place of its declaration (line 5 of the file: `adds:`).
    CHECK(D(m, "adds[south]").location.line == 5);
    CHECK(D(m, "adds[south]").location.column == 3);
    CHECK(m.lines()[m.FindLine("revenue[south]")].location.line == 17);
    // Per-item actuals.
    CHECK(*m.lines()[m.FindLine("members[south]")].actuals[0] == 50);
    // The dimensions themselves.
    REQUIRE(m.dimensions().size() == 1);
    CHECK(m.dimensions()[0].name == "region");
    CHECK(m.dimensions()[0].items == std::vector<std::string>{"north", "south"});
  }

  TEST_CASE("formulas: a bare name is the same item, NAME[ITEM] one item, sum(x[*]) every item") {
    const Model m = LoadText(kSmall);
    // members[north]: 100, 110, 120, 130; members[south]: 50, 54, 58, 62.
    CHECK(At(m, "members[north]", "4Q23") == 130);
    CHECK(At(m, "members[south]", "3Q23") == 58);
    CHECK(At(m, "members[south]", "FY23") == 62);  // rollup: last
    // revenue[south] in 4Q23: 62 x 3 (its by_period) + fee 1 = 187; revenue[north]: 130 x 2 + 1 = 261.
    CHECK(At(m, "revenue[south]", "4Q23") == 187);
    CHECK(At(m, "revenue[north]", "4Q23") == 261);
    // In the reported 1Q23 too (revenue has no actuals): 100 x 2 + 1 = 201.
    CHECK(At(m, "revenue[north]", "1Q23") == 201);
    // total = 261 + 187 = 448; FY: (201 + 221 + 241 + 261) + (101 + 109 + 117 + 187) = 924 + 514.
    CHECK(At(m, "total", "4Q23") == 448);
    CHECK(At(m, "total", "FY23") == 924 + 514);
    // north_share in 2Q23: 110 / (110 + 54).
    CHECK(At(m, "north_share", "2Q23") == 110.0 / 164.0);
    // weighted in 4Q23: 130 x 2 + 62 x 3 = 446 (each product per item, then added).
    CHECK(At(m, "weighted", "4Q23") == 446);
  }

  TEST_CASE("a formula per item, and the Jacobian by item") {
    const Model m = LoadText(
        "calendar: {start: 2023-01, periods: 2}\n"
        "dimensions: {region: [north, south]}\n"
        "drivers:\n"
        "  p: {over: region, value: {north: 2, south: 3}}\n"
        "  q: {value: 10}\n"
        "lines:\n"
        "  sales:\n"
        "    over: region\n"
        "    formula: {north: p * q, south: 'p * q + p[north]'}\n"
        "  total: {formula: 'sum(sales[*])'}\n");
    // sales[north] = 2 x 10 = 20; sales[south] = 3 x 10 + 2 = 32.
    CHECK(At(m, "sales[north]", "1Q23") == 20);
    CHECK(At(m, "sales[south]", "1Q23") == 32);
    SensitivityOptions o;
    o.kpis = {"total@1Q23"};
    const SensitivityResult r = Sensitivities(m, o);
    auto d = [&](const std::string& name) {
      const auto it = std::find(r.input_names.begin(), r.input_names.end(), name);
      REQUIRE(it != r.input_names.end());
      return r.jacobian(0, it - r.input_names.begin());
    };
    // d total / d p[north] = q + 1 = 11; d / d p[south] = q = 10; d / d q = 2 + 3 = 5.
    CHECK(d("p[north]") == 11);
    CHECK(d("p[south]") == 10);
    CHECK(d("q") == 5);
  }

  TEST_CASE("distributions: one spec shared by every item, or one per item") {
    const Model m = LoadText(
        "calendar: {start: 2023-01, periods: 2}\n"
        "dimensions: {region: [north, south]}\n"
        "drivers:\n"
        "  g: {over: region, value: 1, distribution: {type: uniform, low: 0, high: 2}}\n"
        "  h:\n"
        "    over: region\n"
        "    value: {north: 1, south: 5}\n"
        "    distribution:\n"
        "      north: {type: uniform, low: 0, high: 2}\n"
        "      south: {type: normal, mean: 5, sd: 1}\n"
        "lines:\n"
        "  x: {formula: 'sum(g[*] + h[*])'}\n");
    CHECK(D(m, "g[north]").distribution.type == DistributionType::kUniform);
    CHECK(D(m, "g[south]").distribution.high == 2);
    CHECK(D(m, "h[north]").distribution.type == DistributionType::kUniform);
    CHECK(D(m, "h[south]").distribution.type == DistributionType::kNormal);
    CHECK(D(m, "h[south]").distribution.mean == 5);
    // x = (1 + 1) + (1 + 5) = 8.
    CHECK(At(m, "x", "1Q23") == 8);
  }

  TEST_CASE("correlations name items, or every item with NAME[*]") {
    const std::string base =
        "calendar: {start: 2023-01, periods: 2}\n"
        "dimensions: {region: [north, south, east]}\n"
        "drivers:\n"
        "  g: {over: region, value: 1, distribution: {type: uniform, low: 0, high: 2}}\n"
        "  h: {value: 1, distribution: {type: uniform, low: 0, high: 2}}\n"
        "lines: {x: {formula: 'sum(g[*]) + h'}}\n";
    const Model one = LoadText(base + "correlations: [{drivers: ['g[south]', h], matrix: [[1, 0.5], [0.5, 1]]}]\n");
    REQUIRE(one.correlations().size() == 1);
    CHECK(one.correlations()[0].drivers == std::vector<int>{one.FindDriver("g[south]"), one.FindDriver("h")});
    // g[*] is g[north], g[south], g[east], in item order: a 3 x 3 matrix.
    const Model all = LoadText(base +
                               "correlations:\n"
                               "  - drivers: ['g[*]']\n"
                               "    matrix: [[1, 0.3, 0.2], [0.3, 1, 0.1], [0.2, 0.1, 1]]\n");
    REQUIRE(all.correlations().size() == 1);
    CHECK(all.correlations()[0].drivers ==
          std::vector<int>{all.FindDriver("g[north]"), all.FindDriver("g[south]"), all.FindDriver("g[east]")});
    CHECK(LoadError(base + "correlations: [{drivers: ['g[*]'], matrix: [[1, 0.5], [0.5, 1]]}]\n")
              .find("correlations[0].matrix: must have 3 rows, one per driver (got 2)") != std::string::npos);
  }

  TEST_CASE("reported values per item are checked per item") {
    const std::string base =
        "calendar: {start: 2023-01, periods: 2, actuals_through: 1Q23}\n"
        "dimensions: {region: [north, south]}\n"
        "drivers: {p: {over: region, value: {north: 2, south: 3}}}\n"
        "lines:\n"
        "  units: {over: region, formula: prev(units), actuals: {north: {1Q23: 10}, south: {1Q23: 20}}}\n"
        "  sales:\n"
        "    over: region\n"
        "    formula: units * p\n";
    // north: 10 x 2 = 20; south: 20 x 3 = 60.
    const Model m = LoadText(base + "    reported: {north: {1Q23: 20}, south: {1Q23: 60}}\n");
    CHECK(At(m, "sales[south]", "2Q23") == 60);
    CHECK(LoadError(base + "    reported: {north: {1Q23: 20}, south: {1Q23: 61}}\n")
              .find("lines.sales[south].reported.1Q23") != std::string::npos);
  }

  TEST_CASE("scenarios: set and formulas name one item or, by the entity's name, every item") {
    const Model m = LoadText(std::string(kSmall) +
                             "scenarios:\n"
                             "  all: {set: {adds: 20}}\n"
                             "  one: {set: {'adds[south]': 7}}\n"
                             "  per_period: {set: {'adds[north]': {3Q23: 0}}}\n"
                             "  doubled: {formulas: {members: prev(members) + 2 * adds}}\n"
                             "  north_only: {formulas: {'revenue[north]': 'members * 3 + members[south]'}}\n");
    // all: members[south] = 50 + 3 x 20 = 110; members[north] = 100 + 60 = 160.
    CHECK(At(m.WithScenario("all"), "members[south]", "4Q23") == 110);
    CHECK(At(m.WithScenario("all"), "members[north]", "4Q23") == 160);
    // one: members[south] = 50 + 3 x 7 = 71; north unchanged at 130.
    CHECK(At(m.WithScenario("one"), "members[south]", "4Q23") == 71);
    CHECK(At(m.WithScenario("one"), "members[north]", "4Q23") == 130);
    // per_period: north adds nothing in 3Q23: 100, 110, 110, 120.
    CHECK(At(m.WithScenario("per_period"), "members[north]", "4Q23") == 120);
    // doubled, per item: north 100 + 3 x 20 = 160, south 50 + 3 x 8 = 74.
    CHECK(At(m.WithScenario("doubled"), "members[north]", "4Q23") == 160);
    CHECK(At(m.WithScenario("doubled"), "members[south]", "4Q23") == 74);
    // north_only: a bare name in an item's formula is that item: 130 x 3 + 62 = 452.
    CHECK(At(m.WithScenario("north_only"), "revenue[north]", "4Q23") == 452);
    CHECK(At(m.WithScenario("north_only"), "revenue[south]", "4Q23") == 187);
  }

  TEST_CASE("--set NAME[ITEM]=VALUE and NAME[ITEM]@PERIOD=VALUE") {
    const Model m = LoadText(kSmall);
    const DriverOverride o = ParseOverride(m, "adds[south]@3Q23=9");
    CHECK(o.driver == "adds[south]");
    CHECK(o.period == 2);
    // members[south]: 50, 54, 63, 67.
    CHECK(At(m.WithOverrides({o}), "members[south]", "4Q23") == 67);
    CHECK(At(m.WithOverrides({ParseOverride(m, "price[north]=5")}), "revenue[north]", "4Q23") == 651);
    CHECK_THROWS_WITH_AS(ParseOverride(m, "adds[sout]=1"), "unknown driver 'adds[sout]'; did you mean 'adds[south]'?",
                         UsageError);
  }

  TEST_CASE("the regions example: hand-checked values; tornado and sweeps name the items") {
    const Model m = Model::Load(test::SourcePath("scenarios/regions_example/model.yaml"));
    // 3Q23 members: ucan 41,000 x 0.98 + 1,800 = 41,980; emea 30,500 x 0.975 + 1,300 = 31,037.5;
    // latam 12,400 x 0.96 + 900 = 12,804; apac 18,600 x 0.97 + 1,100 = 19,142.
    CHECK_CLOSE(At(m, "members[ucan]", "3Q23"), 41'980, 1e-12);
    CHECK_CLOSE(At(m, "members[emea]", "3Q23"), 31'037.5, 1e-12);
    CHECK_CLOSE(At(m, "members_total", "3Q23"), 41'980 + 31'037.5 + 12'804 + 19'142, 1e-12);
    // revenue[ucan] 3Q23: (41,000 + 41,980) / 2 x 45 / 1000 = 1,867.05; the total adds
    // emea 30,768.75 x 0.036 = 1,107.675, latam 12,602 x 0.015 = 189.03, apac 18,871 x 0.03 = 566.13.
    CHECK_CLOSE(At(m, "revenue[ucan]", "3Q23"), 1'867.05, 1e-12);
    const double rev = 1'867.05 + 1'107.675 + 189.03 + 566.13;
    CHECK_CLOSE(At(m, "revenue_total", "3Q23"), rev, 1e-12);
    // Operating income: revenue - 18% hosting - marketing 5,100 adds x 100 / 1000 - opex 1,950.
    CHECK_CLOSE(At(m, "operating_income", "3Q23"), rev * 0.82 - 510 - 1'950, 1e-12);
    // EMEA's 2024 price (38, a per-item by_period): revenue[emea] 1Q24 = (members 4Q23 + 1Q24) / 2 x 0.038.
    const double e4 = 31'037.5 * 0.975 + 1'300, e5 = e4 * 0.975 + 1'300;
    CHECK_CLOSE(At(m, "revenue[emea]", "1Q24"), (e4 + e5) / 2 * 0.038, 1e-12);
    // The target on one item.
    REQUIRE(m.targets().size() == 2);
    CHECK(m.lines()[m.targets()[1].line].name == "members[emea]");

    const TornadoResult t = Tornado(m);
    CHECK(std::count(t.input_names.begin(), t.input_names.end(), "arpu[ucan]") == 1);
    CHECK(std::count(t.input_names.begin(), t.input_names.end(), "churn[apac]") == 1);
    // EMEA's members move with EMEA's drivers only: gross adds and churn, nothing else.
    int moving = 0;
    for (const TornadoBar& b : t.bars[1]) {
      if (b.swing == 0) continue;
      ++moving;
      const std::string& n = t.input_names[b.input];
      CHECK((n == "gross_adds[emea]" || n == "churn[emea]"));
    }
    CHECK(moving == 2);

    SweepOptions o;
    o.samples = 256;
    o.threads = 1;
    o.drivers = {"churn[ucan]", "churn[emea]", "gross_adds[emea]"};
    const SweepResult r = Sweep(m, o);
    CHECK(r.drivers == std::vector<std::string>{"churn[ucan]", "churn[emea]", "gross_adds[emea]"});
    CHECK(r.samples == 256);
  }

  TEST_CASE("an error inside one item names the item and points at its per-item value") {
    const std::string e = LoadError(
        "calendar: {start: 2023-01, periods: 2}\n"
        "dimensions: {region: [north, south]}\n"
        "drivers:\n"
        "  adds: {over: region, bounds: [0, 10], value: {north: 1, south: 50}}\n"
        "lines: {x: {formula: 'sum(adds[*])'}}\n");
    CHECK(e.find("DIR/model.yaml:4:66: error: drivers.adds[south].value: value 50 is out of bounds [0, 10]") == 0);
  }
}
