// SPDX-License-Identifier: MIT
// The IIJ FY2009 case (scenarios/iij_fy2009/): a forecast made as of the 1H09 results, rolled
// forward with 3Q09, and the outcome it is scored against.
//   - every vintage loads, so every reported figure in it reconciles (the loader checks them);
//   - a few reported cells against the history file's rows, and forecast cells against the
//     README's arithmetic, worked here from the drivers' base values;
//   - regenerating the 3Q09 vintage from model.yaml and results_3q09.csv gives the committed
//     file byte for byte (library and CLI);
//   - outcome.csv names only the model's target lines and spans.
// hist = shared/data/iij_history_fy2008_fy2009.csv (JPY millions, the model's unit).
#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "outturn/compile/program.h"
#include "outturn/model/model.h"
#include "outturn/vintage/actuals.h"
#include "outturn/vintage/backtest.h"
#include "outturn/vintage/evolution.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

const std::string kDir = test::SourcePath("scenarios/iij_fy2009") + "/";

double At(const Model& m, const Results& r, const std::string& line, const std::string& column) {
  const int l = m.FindLine(line);
  const int c = m.calendar().FindColumn(column);
  REQUIRE_MESSAGE(l >= 0, line);
  REQUIRE_MESSAGE(c >= 0, column);
  return r.at(l, c);
}

// The README's base forecast of the 1H09 vintage, line by line (JPY millions).
struct Hand {
  double conn3 = 5'151 * 1.001, conn4 = conn3 * 1.001;  // connectivity_growth 0.1%
  double outs3 = 4'027 * 1.025, outs4 = outs3 * 1.025;  // outsourcing_growth 2.5%
  double om3 = 4'714 * 0.995, om4 = om3 * 0.995;        // om_growth -0.5%
  double avg1h = (1'804 + 2'344) / 2.0;                 // 1H09 average construction quarter
  double con3 = avg1h * 1.10, con4 = avg1h * 1.55;      // construction_index_q3, _q4
  double eq = 174;                                      // equipment_atm_per_quarter
  double net3 = conn3 + outs3, net4 = conn4 + outs4;
  double si3 = con3 + om3, si4 = con4 + om4;
  double rev3 = net3 + si3 + eq, rev4 = net4 + si4 + eq;
  double cnet3 = net3 * (0.8347 - 0.002), cnet4 = net4 * (0.8347 - 0.004);  // ratio + trend x quarters after 2Q09
  double csi3 = si3 * 0.738, csi4 = si4 * 0.738;
  double oth3 = 2'791 * 1.01, oth4 = oth3 * 1.01;  // other_cost_growth 1.0% from 2Q09
  double oi3 = rev3 - cnet3 - csi3 - oth3, oi4 = rev4 - cnet4 - csi4 - oth4;
  double ni3 = (oi3 - 70) * (1 - 0.41), ni4 = (oi4 - 70) * (1 - 0.41);  // other -70, tax and minority 41%
};

}  // namespace

TEST_CASE("iij_fy2009: the 1H09 vintage reproduces the reported 1H09 figures") {
  const Model m = Model::Load(kDir + "model.yaml");
  CHECK(m.calendar().num_actual() == 2);
  CHECK(m.as_of() == "2009-11-13");
  const Results r = Run(m);
  // hist rows (derived = no unless noted)
  CHECK(At(m, r, "revenue", "1Q09") == 15'835);
  CHECK(At(m, r, "revenue", "1H09") == 32'275);
  CHECK(At(m, r, "revenue", "2Q09") == 16'440);  // derived in hist
  CHECK(At(m, r, "revenue.si.construction", "1H09") == 4'148);
  CHECK(At(m, r, "recurring_revenue", "1H09") == 27'779);
  CHECK(At(m, r, "gross_profit.network", "1H09") == 2'992);
  CHECK(At(m, r, "gross_profit.si", "1H09") == 3'574);
  CHECK(At(m, r, "operating_income", "1Q09") == 351);
  CHECK(At(m, r, "operating_income", "1H09") == 1'166);
  CHECK(At(m, r, "pretax_income", "1H09") == 1'026);
  CHECK(At(m, r, "other", "1H09") == -140);
  CHECK(At(m, r, "net_income_iij", "1H09") == doctest::Approx(715).epsilon(1e-12));
  // the derived line: revenues - operating income - cost of network - cost of SI
  CHECK(At(m, r, "cost_and_expenses.other", "1Q09") == 15'835 - 351 - 7'650 - 4'877);
}

TEST_CASE("iij_fy2009: the 1H09 vintage's forecast is the README's arithmetic") {
  const Model m = Model::Load(kDir + "model.yaml");
  const Results r = Run(m);
  const Hand h;
  CHECK(At(m, r, "revenue.network.connectivity", "4Q09") == doctest::Approx(h.conn4).epsilon(1e-12));
  CHECK(At(m, r, "revenue.si.construction", "3Q09") == doctest::Approx(h.con3).epsilon(1e-12));
  CHECK(At(m, r, "revenue.si.construction", "4Q09") == doctest::Approx(h.con4).epsilon(1e-12));
  CHECK(At(m, r, "revenue", "3Q09") == doctest::Approx(h.rev3).epsilon(1e-12));
  CHECK(At(m, r, "cost_and_expenses.network", "4Q09") == doctest::Approx(h.cnet4).epsilon(1e-12));
  CHECK(At(m, r, "operating_income", "3Q09") == doctest::Approx(h.oi3).epsilon(1e-12));
  CHECK(At(m, r, "operating_income", "4Q09") == doctest::Approx(h.oi4).epsilon(1e-12));
  CHECK(At(m, r, "net_income_iij", "4Q09") == doctest::Approx(h.ni4).epsilon(1e-12));
  // FY09 as the README's table rounds it
  CHECK(At(m, r, "revenue", "FY09") == doctest::Approx(32'275 + h.rev3 + h.rev4).epsilon(1e-12));
  CHECK(At(m, r, "revenue", "FY09") == doctest::Approx(66'153).epsilon(0.5 / 66'153));
  CHECK(At(m, r, "operating_income", "FY09") == doctest::Approx(2'883).epsilon(0.5 / 2'883));
  CHECK(At(m, r, "net_income_iij", "FY09") == doctest::Approx(1'645).epsilon(0.5 / 1'645));
}

TEST_CASE("iij_fy2009: the 3Q09 vintage holds the 9M09 figures and scales the lines below the totals") {
  const Model m = Model::Load(kDir + "vintage_3q09.yaml");
  CHECK(m.calendar().num_actual() == 3);
  CHECK(m.as_of() == "2010-02");
  const Results r = Run(m);
  CHECK(At(m, r, "revenue", "9M09") == doctest::Approx(48'313).epsilon(1e-12));
  CHECK(At(m, r, "operating_income", "3Q09") == doctest::Approx(841).epsilon(1e-12));
  CHECK(At(m, r, "operating_income", "9M09") == doctest::Approx(2'007).epsilon(1e-12));
  CHECK(At(m, r, "pretax_income", "9M09") == doctest::Approx(1'783).epsilon(1e-12));
  CHECK(At(m, r, "net_income_iij", "9M09") == doctest::Approx(1'133).epsilon(1e-12));
  const Hand h;
  const double rev_scale = 16'038 / h.rev3;  // README: 0.976162
  CHECK(rev_scale == doctest::Approx(0.976162).epsilon(1e-6));
  const double conn3 = h.conn3 * rev_scale;
  CHECK(At(m, r, "revenue.network.connectivity", "3Q09") == doctest::Approx(conn3).epsilon(1e-12));
  // 4Q09 grows from the scaled 3Q09; construction still from the 1H09 average
  CHECK(At(m, r, "revenue.network.connectivity", "4Q09") == doctest::Approx(conn3 * 1.001).epsilon(1e-12));
  CHECK(At(m, r, "revenue.si.construction", "4Q09") == doctest::Approx(h.con4).epsilon(1e-12));
  const double cost_scale = 15'197 / (h.cnet3 + h.csi3 + h.oth3);  // README: 0.968285
  CHECK(cost_scale == doctest::Approx(0.968285).epsilon(1e-6));
  CHECK(At(m, r, "cost_and_expenses.other", "4Q09") == doctest::Approx(h.oth3 * cost_scale * 1.01).epsilon(1e-12));
  CHECK(At(m, r, "revenue", "FY09") == doctest::Approx(65'426).epsilon(0.5 / 65'426));
  CHECK(At(m, r, "operating_income", "FY09") == doctest::Approx(3'012).epsilon(0.5 / 3'012));
  CHECK(At(m, r, "net_income_iij", "FY09") == doctest::Approx(1'685).epsilon(0.5 / 1'685));
}

TEST_CASE("iij_fy2009: regenerating the 3Q09 vintage gives the committed file byte for byte") {
  const std::string committed = test::ReadFile(kDir + "vintage_3q09.yaml");
  REQUIRE(!committed.empty());
  ActualsOptions o;
  o.csv_path = kDir + "results_3q09.csv";
  o.through = "3Q09";
  o.as_of = "2010-02";
  CHECK(ApplyActuals(kDir + "model.yaml", o).text == committed);
  // the README's command, through the CLI
  test::TempDir d;
  const std::string out = d.path() + "/vintage_3q09.yaml";
  const auto cli = test::Cli(
      "actuals scenarios/iij_fy2009/model.yaml --from scenarios/iij_fy2009/results_3q09.csv --through 3Q09 "
      "--as-of 2010-02 -o " +
      out);
  CHECK(cli.code == 0);
  CHECK(test::ReadFile(out) == committed);
}

TEST_CASE("iij_fy2009: outcome.csv gives every target's line and span, with hist's figures") {
  const Model m = Model::Load(kDir + "model.yaml");
  std::istringstream in(test::ReadFile(kDir + "outcome.csv"));
  std::string row;
  std::getline(in, row);
  CHECK(row == "line,period,value,unit,source");
  int fy = 0;
  while (std::getline(in, row)) {
    const std::string line = row.substr(0, row.find(','));
    const std::string rest = row.substr(line.size() + 1);
    const std::string period = rest.substr(0, rest.find(','));
    CAPTURE(row);
    CHECK(m.FindLine(line) >= 0);
    CHECK(m.calendar().FindColumn(period) >= 0);
    bool is_target = false;
    for (const auto& t : m.targets())
      if (t.line == m.FindLine(line) && t.column == m.calendar().FindColumn(period)) is_target = true;
    fy += is_target;
  }
  CHECK(fy == static_cast<int>(m.targets().size()));
}

TEST_CASE("iij_fy2009: the backtest of both vintages against the outcome, end to end") {
  BacktestOptions o;
  o.outcome_path = kDir + "outcome.csv";
  o.samples = 200'000;
  o.seed = 1;
  const BacktestResult r = Backtest({kDir + "model.yaml", kDir + "vintage_3q09.yaml"}, o);
  REQUIRE(r.n == 6);
  // Every outcome lies above its vintage's P95 (the README's table): none inside a band.
  for (const BacktestScore& s : r.scores) {
    CAPTURE(s.vintage);
    CAPTURE(s.target);
    CHECK(s.outcome > s.p95);
    CHECK(s.percentile > 0.95);
    CHECK(s.stretch90 > 1);
  }
  CHECK(r.in50 == 0);
  CHECK(r.in90 == 0);
  // Wrong once: operating income as of 1H09 (base 2,883 against FY08's 2,917; outcome 3,412).
  CHECK(r.verdicts_right == 5);
  CHECK_FALSE(r.scores[1].verdict_right);
  CHECK(r.scores[1].target == "operating_income_fy");
  // The 90% multiplier is the largest of the six stretches (ceil(0.9 x 6) = 6).
  double largest = 0;
  for (const BacktestScore& s : r.scores) largest = std::max(largest, s.stretch90);
  CHECK(r.multiplier90 == largest);
  CHECK(r.multiplier90 == doctest::Approx(2.53).epsilon(0.02));
}

TEST_CASE("iij_fy2009: the evolution from 1H09 to 3Q09 adds up exactly, and 3Q09 changed no assumption") {
  const EvolutionResult r = Evolution(kDir + "model.yaml", kDir + "vintage_3q09.yaml", {});
  CHECK(r.steps == std::vector<std::string>{"surprise", "carried"});
  REQUIRE(r.targets.size() == 3);
  for (const EvolutionTarget& e : r.targets) {
    CAPTURE(e.target);
    CHECK(e.exact);
    CHECK(e.steps[0] + e.steps[1] == e.new_forecast - e.old_forecast);
  }
  // Revenue: 3Q09's surprise is the reported 3Q09 revenue against the 1H09 forecast of it.
  const Model old_m = Model::Load(kDir + "model.yaml"), new_m = Model::Load(kDir + "vintage_3q09.yaml");
  const double surprise = At(new_m, Run(new_m), "revenue", "3Q09") - At(old_m, Run(old_m), "revenue", "3Q09");
  CHECK(r.targets[0].steps[0] == doctest::Approx(surprise).epsilon(1e-12));
}
