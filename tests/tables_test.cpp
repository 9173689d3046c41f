// SPDX-License-Identifier: MIT
#include "outturn/report/tables.h"

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "outturn/analysis/verdict.h"
#include "outturn/report/report.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

// A small model of its own: a line whose name needs quoting in CSV, a reported quarter, a
// target, an uncertain driver and a driver that changes by period in one scenario.
const char* kModel =
    "model: {name: Tiny, currency: EUR, unit: thousand}\n"
    "calendar: {start: 2020-01, fiscal_year_label: start, periods: 4, actuals_through: 1Q20}\n"
    "drivers:\n"
    "  price: {value: 10, distribution: {type: normal, mean: 10, sd: 1}}\n"
    "  volume: {value: 100, distribution: {type: uniform, low: 80, high: 120}}\n"
    "lines:\n"
    "  revenue: {kind: revenue, formula: price * volume, actuals: {1Q20: 900}}\n"
    "targets:\n  rev_fy: {line: revenue, span: FY20, value: 3800}\n"
    "scenarios:\n  late: {description: price falls, set: {price: {3Q20: 8, 4Q20: 8}}}\n";

std::string Joined(const std::vector<Table>& ts) {
  std::string s;
  for (size_t i = 0; i < ts.size(); ++i) s += (i ? "\n" : "") + TableCsv(ts[i]);
  return s;
}

}  // namespace

TEST_SUITE("tables") {
  TEST_CASE("a report's CSV splits into named tables that join back to the same bytes") {
    for (const std::string& path :
         {std::string("scenarios/example/model.yaml"), std::string("scenarios/iij_fy2010/base.yaml")}) {
      const Results r = Run(Model::Load(test::SourcePath(path)));
      const auto ts = RunTables(r);
      REQUIRE(ts.size() == 2);
      CHECK(ts[0].name == "lines");
      CHECK(ts[1].name == "targets");
      CHECK(ts[1].verdict);
      CHECK(Joined(ts) == RenderRun(r, Format::kCsv));
    }
  }

  TEST_CASE("cells: numbers are numbers, keys and names stay text, reported periods are marked") {
    const Model m = test::LoadText(kModel);
    const Results r = Run(m);
    const auto ts = RunTables(r);
    const Table& lines = ts[0];
    REQUIRE(lines.columns[3] == "1Q20");
    REQUIRE(lines.rows.size() == 1);
    const auto& row = lines.rows[0];
    CHECK_FALSE(row[0].is_number);
    CHECK(row[3].is_number);
    CHECK(row[3].number == 900);
    CHECK(row[3].reported);        // 1Q20 is reported
    CHECK_FALSE(row[4].reported);  // 2Q20 a forecast
    CHECK(row[4].number == 1000);
    CHECK(lines.units[3] == "EUR thousand");
    CHECK(lines.units[0].empty());
    const Table& targets = ts[1];
    CHECK(targets.columns[4] == "target");
    CHECK(targets.units[4] == "EUR thousand");  // the target value, not the name (column 0)
    CHECK(targets.units[0].empty());
    CHECK(targets.rows[0][4].number == 3800);
    CHECK(targets.rows[0][7].is_number);  // gap_pct
    CHECK(targets.units[7].empty());
    CHECK(targets.rows[0][8].text == "true");  // met: 900 + 3 * 1000 = 3900 >= 3800
    CHECK_FALSE(targets.rows[0][8].is_number);
  }

  TEST_CASE("quoted fields survive the split") {
    const auto ts = CsvTables("a,b\n\"x, \"\"y\"\"\",1\n\nc\n\"multi\nline\"\n",
                              {{"one", {0}, {}, 1, {}, false}, {"two", {}, {}, -1, {}, false}}, "u");
    REQUIRE(ts.size() == 2);
    CHECK(ts[0].rows[0][0].text == "x, \"y\"");
    CHECK(ts[0].rows[0][1].number == 1);
    CHECK(ts[0].units[1] == "u");
    CHECK(ts[1].rows[0][0].text == "multi\nline");
    CHECK(TableCsv(ts[0]) == "a,b\n\"x, \"\"y\"\"\",1\n");
    CHECK(TableCsv(ts[1]) == "c\n\"multi\nline\"\n");
  }

  TEST_CASE("the long form has one row per value, with the keys, the unit and the reported flag") {
    const Model m = test::LoadText(kModel);
    const auto ts = RunTables(Run(m));
    const std::string tidy = TidyCsv(ts[0]);
    const size_t values = ts[0].columns.size() - ts[0].keys.size();
    CHECK(std::count(tidy.begin(), tidy.end(), '\n') == static_cast<long>(1 + values * ts[0].rows.size()));
    CHECK(tidy.rfind("line,kind,component,column,value,unit,reported\n", 0) == 0);
    CHECK(tidy.find("\nrevenue,revenue,,1Q20,900,EUR thousand,true\n") != std::string::npos);
    CHECK(tidy.find("\nrevenue,revenue,,2Q20,1000,EUR thousand,false\n") != std::string::npos);
    // Nothing reported in the table of a compare: no reported column.
    const auto cmp = CompareTables({m, m.WithScenario("late")});
    CHECK(TidyCsv(cmp[0]).rfind("row,column,value,unit\n", 0) == 0);
  }

  TEST_CASE("the sweep's CSV carries N, the seed, the method, partial and P(all); SRC and Sobol tables") {
    const Model m = test::LoadText(kModel);
    SweepOptions o;
    o.samples = 4096;
    o.seed = 7;
    o.method = SweepMethod::kSobol;
    o.regression = true;
    o.sobol_index_samples = 512;
    const SweepResult r = Sweep(m, o);
    const auto ts = SweepTables(r, m);
    REQUIRE(ts.size() == 3);
    CHECK(ts[0].name == "targets");
    CHECK(ts[1].name == "src");
    CHECK(ts[2].name == "sobol");
    CHECK(Joined(ts) == RenderSweep(r, Format::kCsv));
    auto cell = [&](const Table& t, const std::string& col) {
      for (size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i] == col) return t.rows[0][i];
      FAIL("no column " << col);
      return TableCell{};
    };
    CHECK(cell(ts[0], "samples").number == r.samples);
    CHECK(cell(ts[0], "seed").text == "7");
    CHECK(cell(ts[0], "method").text == "sobol");
    CHECK(cell(ts[0], "partial").text == "false");
    CHECK(cell(ts[0], "p_all").number == r.p_all);
    CHECK(ts[1].rows.size() == 2);  // one target, two drivers
    CHECK(ts[1].rows[0][2].number == r.kpis[0].src[0]);
    CHECK(ts[2].rows[1][3].number == r.kpis[0].sobol_total[1]);

    // An interrupted sweep says so on every row.
    std::atomic<bool> stop{true};
    SweepOptions mc;
    mc.samples = 1'000'000;
    const SweepResult cut = Sweep(m, mc, &stop);
    REQUIRE(cut.partial);
    const auto cts = SweepTables(cut, m);
    CHECK(cell(cts[0], "partial").text == "true");
    CHECK(cell(cts[0], "requested").number == 1'000'000);
    CHECK(cts.size() == 1);  // no SRC or Sobol indices asked for
  }

  TEST_CASE("compare's JSON gives driver values as numbers per period") {
    const Model m = test::LoadText(kModel);
    const auto j = nlohmann::json::parse(RenderCompare({m, m.WithScenario("late")}, Format::kJson));
    CHECK(j["periods"] == nlohmann::json({"1Q20", "2Q20", "3Q20", "4Q20"}));
    REQUIRE(j["drivers"].size() == 1);
    CHECK(j["drivers"][0]["driver"] == "price");
    CHECK(j["drivers"][0]["values"][0] == nlohmann::json({10, 10, 10, 10}));
    CHECK(j["drivers"][0]["values"][1] == nlohmann::json({10, 10, 8, 8}));
    CHECK(j["drivers"][0]["text"][1] == "2Q20:10 3Q20:8");  // from the first forecast period
  }

  TEST_CASE("the about rows name the model, its source, scenario, overrides and the engine") {
    const Model m = test::LoadText(kModel).WithScenario("late").WithOverrides({{"volume", 90.5, -1}});
    const auto rows = AboutRows(m);
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].second == "Tiny");
    CHECK(rows[2].second == "late");
    CHECK(rows[3].second == "volume=90.5");
    CHECK(rows[4].second == "EUR thousand");
    CHECK(rows[5].second.rfind("outturn ", 0) == 0);
  }
}

TEST_SUITE("tables") {
  TEST_CASE("a grid sweep is one design table, joined back to its CSV") {
    const Model m = test::LoadText(kModel);
    SweepOptions o;
    o.method = SweepMethod::kGrid;
    o.samples = 25;
    const SweepResult r = Sweep(m, o);
    const auto ts = SweepTables(r, m);
    REQUIRE(ts.size() == 1);
    CHECK(ts[0].name == "design");
    CHECK(Joined(ts) == RenderSweep(r, Format::kCsv));
  }
}
