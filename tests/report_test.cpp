// SPDX-License-Identifier: MIT
#include "outturn/report/report.h"

#include <sys/stat.h>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "report/format.h"
#include "support/test_util.h"

using namespace outturn;

TEST_SUITE("report") {
  TEST_CASE("amounts: thousands separators, rounding to the unit, ratios") {
    CHECK(FormatAmount(34272080) == "34,272,080");
    CHECK(FormatAmount(-195127) == "-195,127");
    CHECK(FormatAmount(1201090.6) == "1,201,091");
    CHECK(FormatAmount(0.41710) == "0.4171");
    CHECK(FormatAmount(0) == "0");
    CHECK(FormatAmount(-0.2) == "-0.2");
    CHECK(FormatAmount(999) == "999");
  }

  TEST_CASE("one thousands formatter: model messages keep fractions, tables round them") {
    using internal::Fraction;
    using internal::WithCommas;
    CHECK(WithCommas(-1234567) == "-1,234,567");
    CHECK(WithCommas(1234.5) == "1234.5");
    CHECK(WithCommas(-0.25) == "-0.25");
    CHECK(WithCommas(1234.6, Fraction::kRound) == "1,235");
    CHECK(WithCommas(-0.2, Fraction::kRound) == "0");
    for (double v : {34272080.0, -195127.0, 1201090.6, 999.0, 1e16, -1e16})
      CHECK(FormatAmount(v) == WithCommas(v, Fraction::kRound));
    CHECK(FormatAmount(std::numeric_limits<double>::quiet_NaN()) == "nan");
    CHECK(FormatAmount(-std::numeric_limits<double>::infinity()) == "-inf");
  }

  TEST_CASE("output helpers: CSV, numbers, digits, percentages, JSON") {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    CHECK(internal::CsvField("plain") == "plain");
    CHECK(internal::CsvField("a,b") == "\"a,b\"");
    CHECK(internal::CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(internal::FormatNumber(1e6) == "1000000");
    CHECK(internal::CsvNumber(1e6) == "1e+06");
    CHECK(internal::CsvNumber(0.1) == "0.1");
    CHECK(internal::CsvNumber(1.0 / 3) == "0.3333333333333333");
    CHECK(internal::CsvNumber(nan).empty());
    CHECK(internal::Sig(0.41710) == "0.4171");
    CHECK(internal::Sig(123456.789, 6) == "123457");
    CHECK(internal::Sig(nan) == "-");
    CHECK(internal::Fixed(0.95, 4) == "0.9500");
    CHECK(internal::Fixed(0.5, 2, true) == "+0.50");
    CHECK(internal::Fixed(-0.0, 2, true) == "-0.00");
    CHECK(internal::Percent(0.125, 2) == "+12.50%");
    CHECK(internal::Percent(-0.05, 1) == "-5.0%");
    CHECK(internal::Percent(nan, 2) == "-");
    CHECK(internal::Percent(inf, 1, internal::NonFinite::kPrintf) == "+inf%");
    CHECK(internal::JsonNumber(nan).is_null());
    CHECK(internal::JsonNumber(2.5) == 2.5);
    CHECK(internal::JoinList({"a", "b", "c"}) == "a, b, c");
  }

  TEST_CASE("the progress line of a sweep") {
    CHECK(RenderProgress(0, 100, 0) == "\r[..............................]   0.0%  0 scenarios/s  0 s left ");
    CHECK(RenderProgress(50, 100, 1) == "\r[###############...............]  50.0%  50 scenarios/s  1 s left ");
    CHECK(RenderProgress(100, 100, 2) == "\r[##############################] 100.0%  50 scenarios/s  0 s left \n");
  }

  TEST_CASE("every analysis report renders in every format") {
    const Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    const Model bear = Model::Load(test::SourcePath("scenarios/iij_fy2010/bear.yaml"));
    const SensitivityResult s = Sensitivities(m);
    const TornadoResult t = Tornado(m);
    SpiderOptions so;
    so.top = 2;
    const SpiderResult sp = Spider(m, so);
    const std::vector<Goal> goals = OpenTargetGoals(m);
    REQUIRE(!goals.empty());
    const GoalSeekResult g = GoalSeek(m, goals[0], FindInput(m, "construction_index_q4"));
    const MultiGoalSeekResult mg =
        MultiGoalSeek(m, goals, {FindInput(m, "construction_index_q4"), FindInput(m, "om_growth")});
    const BreakEvenResult be = BreakEven(m, goals);
    const BridgeResult b = Bridge(m, bear);
    const std::vector<std::string> reports[] = {
        {RenderSensitivity(m, s, Format::kTable), RenderSensitivity(m, s, Format::kCsv),
         RenderSensitivity(m, s, Format::kJson)},
        {RenderTornado(m, t, &sp, Format::kTable), RenderTornado(m, t, &sp, Format::kCsv),
         RenderTornado(m, t, &sp, Format::kJson)},
        {RenderGoalSeek(m, g, Format::kTable), RenderGoalSeek(m, g, Format::kCsv), RenderGoalSeek(m, g, Format::kJson)},
        {RenderMultiGoalSeek(m, mg, Format::kTable), RenderMultiGoalSeek(m, mg, Format::kCsv),
         RenderMultiGoalSeek(m, mg, Format::kJson)},
        {RenderBreakEven(m, be, Format::kTable), RenderBreakEven(m, be, Format::kCsv),
         RenderBreakEven(m, be, Format::kJson)},
        {RenderBridge(m, bear, b, Format::kTable), RenderBridge(m, bear, b, Format::kCsv),
         RenderBridge(m, bear, b, Format::kJson)},
    };
    for (const auto& r : reports) {
      CHECK(r[0].rfind(m.name() + " -- scenario base: ", 0) == 0);
      CHECK(r[1].find(',') < r[1].find('\n'));
      CHECK(nlohmann::json::parse(r[2]).is_object());
    }
    CHECK(reports[1][0].find("\nSpider: each KPI across the range of the top drivers\n") != std::string::npos);
    CHECK(RenderTornado(m, t, nullptr, Format::kTable).find("Spider") == std::string::npos);
    CHECK(nlohmann::json::parse(reports[0][2])["kpis"].size() == s.kpis.size());
  }

  TEST_CASE("formats parse and print") {
    for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) CHECK(FormatFromString(ToString(f)) == f);
    CHECK_FALSE(FormatFromString("xml").has_value());
    CHECK(ToString(Format::kCsv) == "csv");
  }

  TEST_CASE("JSON output carries every line, column and verdict") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    Results r = Run(m);
    auto j = nlohmann::json::parse(RenderRun(r, Format::kJson));
    CHECK(j["lines"].size() == m.lines().size());
    CHECK(j["columns"].size() == static_cast<size_t>(m.calendar().num_columns()));
    CHECK(j["columns"][0]["type"] == "actual");
    CHECK(j["columns"][2]["type"] == "forecast");
    CHECK(j["targets"].size() == 3);
    CHECK(j["targets"][0]["open"]["required"] == 177000.0);
    CHECK(j["lines"][m.FindLine("revenue")]["values"][0] == 79600.0);
  }

  TEST_CASE("CSV output: one row per line, then the targets") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    const std::string csv = RenderRun(Run(m), Format::kCsv);
    CHECK(csv.rfind("line,kind,component,1Q10,2Q10,3Q10,4Q10,1H10,2H10,9M10,FY10\n", 0) == 0);
    CHECK(csv.find("\nrevenue,subtotal,,79600,83400,") != std::string::npos);
    CHECK(csv.find("\nrevenue_fy,revenue,FY10,at_least,340000,") != std::string::npos);
  }

  TEST_CASE("files are written atomically and replace the old one whole") {
    test::TempDir d;
    const std::string p = d.path() + "/out.txt";
    WriteFileAtomic(p, "first\n");
    WriteFileAtomic(p, "second\n");
    CHECK(test::ReadFile(p) == "second\n");
    // No temporary files left behind.
    CHECK(std::system(("test $(ls -A '" + d.path() + "' | wc -l) -eq 1").c_str()) == 0);
  }

  TEST_CASE("a file that cannot be written is an error and leaves nothing") {
    test::TempDir d;
    CHECK_THROWS_AS(WriteFileAtomic(d.path() + "/missing/dir/out.txt", "x"), Error);
    CHECK(std::system(("test -z \"$(ls -A '" + d.path() + "')\"").c_str()) == 0);
  }
}
