// SPDX-License-Identifier: MIT
#include "outturn/report/report.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

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

  TEST_CASE("formats parse and print") {
    for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) CHECK(FormatFromString(ToString(f)) == f);
    CHECK_FALSE(FormatFromString("xml").has_value());
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
