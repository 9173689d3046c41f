// SPDX-License-Identifier: MIT
// The analysis commands on the command line: exit codes 0, 1 and 2, and help.
#include <string>

#include "support/test_util.h"

using namespace outturn;

TEST_SUITE("analysis cli") {
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
    for (const std::string cmd : {"goalseek '" + f + "' --kpi sum_fy --driver a --driver b",
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
