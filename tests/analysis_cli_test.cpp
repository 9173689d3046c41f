// SPDX-License-Identifier: MIT
// The analysis commands on the command line: exit codes 0, 1 and 2, and help.
#include <string>

#include "support/test_util.h"

using namespace outturn;

TEST_SUITE("analysis cli") {
  TEST_CASE("cli: range targets in run, goalseek --aim, bridge --to-target, break-even, stress and sweep") {
    // tests/data/ranges.yaml: FY revenue 2,100 + 200 price in [4,200, 4,400] (price 10.5 to
    // 11.5); FY margin (200 p - 500) / (2,100 + 200 p) in [38%, 40%].
    const std::string f = "tests/data/ranges.yaml";
    test::Outcome o = test::Cli("run " + f);
    CHECK(o.code == 0);
    CHECK(o.output.find("revenue_fy    revenue  FY10     4,100  4,200 to 4,400      -100  -2.4%    below") !=
          std::string::npos);
    CHECK(o.output.find("margin_fy     1Q10..2Q10   0.3333  3Q10..4Q10   0.429 to 0.47       0.4            -0.029") !=
          std::string::npos);
    o = test::Cli("run " + f + " -f csv");
    CHECK(o.output.find("revenue_fy,revenue,FY10,between,4200,4100,-100,-0.023809523809523808,false,false,3Q10..4Q10,"
                        "2100,2000,2100,4400,below,2300,false") != std::string::npos);
    o = test::Cli("run " + f + " -f json --set price=10.8");
    CHECK(o.output.find("\"position\": \"within\"") != std::string::npos);
    CHECK(test::Cli("goalseek " + f + " -k revenue_fy -d price").output.find("price 10 -> 10.5 ") != std::string::npos);
    CHECK(test::Cli("goalseek " + f + " -k revenue_fy -d price --aim high").output.find("price 10 -> 11.5 ") !=
          std::string::npos);
    o = test::Cli("goalseek " + f + " -k revenue_fy -d price --aim 4250 -f csv");
    CHECK(o.output.find(",4200,4400\n") != std::string::npos);
    CHECK(o.output.find("revenue_fy,4250,at_least,price,solved,10,10.75") != std::string::npos);
    o = test::Cli("goalseek " + f + " -k revenue_fy -d price --aim 4500");
    CHECK(o.code == 2);
    CHECK(o.output.find("--aim 4500 lies outside the range [4200, 4400] of target 'revenue_fy'") != std::string::npos);
    o = test::Cli("goalseek " + f + " -k cost_cap -d price --aim low");
    CHECK(o.code == 2);
    CHECK(o.output.find("--aim is for range targets") != std::string::npos);
    CHECK(test::Cli("goalseek " + f + " -k revenue_fy --direction between -d price").code == 2);
    o = test::Cli("goalseek " + f);
    CHECK(o.output.find(">= 4,200 (range 4,200 to 4,400)") != std::string::npos);
    o = test::Cli("bridge " + f + " --to-target -d price --aim high --target revenue_fy");
    CHECK(o.code == 0);
    CHECK(o.output.find("price  10 -> 11.5") != std::string::npos);
    CHECK(o.output.find("goal: revenue_fy (revenue, FY10) at most 4,400 (the high edge of its range 4,200 to 4,400)") !=
          std::string::npos);
    CHECK(test::Cli("bridge " + f + " --to-scenario base --aim high").code == 2);
    // Stress: a range is two design points, price 10.5 (beta -0.5) and 11.5 (beta 1.5).
    o = test::Cli("stress " + f + " -k revenue_fy -f csv");
    CHECK(o.code == 0);
    CHECK(o.output.find("revenue_fy,4200,at_least,design_point,1,-0.5,") != std::string::npos);
    CHECK(o.output.find("revenue_fy,4400,at_most,design_point,1,1.5,") != std::string::npos);
    o = test::Cli("sweep " + f + " -m sobol -n 65536");
    CHECK(o.code == 0);
    CHECK(o.output.find("P(below)") != std::string::npos);
    o = test::Cli("sweep " + f + " -m sobol -n 65536 -f csv");
    CHECK(o.output.find(",target_high,p_below,p_below_low,p_below_high,p_above,p_above_low,p_above_high\n") !=
          std::string::npos);
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
    o = test::Cli("goalseek " + ex + " --kpi revenue_fy --driver widgets_price@3Q10");
    CHECK(o.code == 0);
    CHECK(o.output.find("no solution within [10, 15]") != std::string::npos);
    CHECK(test::Cli("goalseek " + iij + " --top 3 -f csv").code == 0);
    o = test::Cli("goalseek " + iij + " --driver atm_units_installed");  // a fact: not solved for
    CHECK(o.code == 2);
    CHECK(o.output.find("driver 'atm_units_installed' is fixed (a fact, not an assumption)") != std::string::npos);
    o = test::Cli("run " + iij + " --set atm_sga_per_quarter@2Q10=40000");  // a reported period
    CHECK(o.code == 2);
    CHECK(o.output.find("2Q10 is a reported period") != std::string::npos);
    // The forecast quarters only: the reported 1H10 SG&A memo still reconciles.
    CHECK(test::Cli("run " + iij + " --set atm_sga_per_quarter=40000").code == 0);
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

  TEST_CASE("cli: goalseek and bridge --to-target name the targets a solution breaks; --keep-met keeps them") {
    test::TempDir d;
    const std::string f = d.Write("two.yaml",
                                  "calendar: {start: 2010-04, fiscal_year_label: start, periods: 4}\n"
                                  "drivers:\n  a: {value: 4, bounds: [0, 20]}\n  b: {value: 4, bounds: [0, 20]}\n"
                                  "lines:\n  sum: {formula: a + b}\n  diff: {formula: b - 2 * a}\n"
                                  "targets:\n  sum_fy: {line: sum, span: FY10, value: 40}\n"
                                  "  diff_fy: {line: diff, span: FY10, value: -18}\n");
    for (const std::string& cmd : {"goalseek '" + f + "' --kpi sum_fy --driver a --driver b",
                                   "bridge '" + f + "' --to-target --driver a --driver b"}) {
      CAPTURE(cmd);
      const test::Outcome broken = test::Cli(cmd);
      CHECK(broken.code == 0);
      CHECK(broken.output.find("   -16    -20  met -> missed: BROKEN") != std::string::npos);  // diff_fy
      const test::Outcome kept = test::Cli(cmd + " --keep-met");
      CHECK(kept.code == 0);
      CHECK(kept.output.find("BROKEN") == std::string::npos);
      CHECK(kept.output.find("met -> met (kept met)") != std::string::npos);
    }
    CHECK(test::Cli("goalseek '" + f + "' --kpi sum_fy --driver a --keep-met").code == 2);  // one driver, one goal
  }
}
