// SPDX-License-Identifier: MIT
// outturn evolution (vintage/evolution): tests/data/evolution's two vintages, every step of
// the bridge against its value computed by hand, and the bridge's exact sum.
#include "outturn/vintage/evolution.h"

#include <string>

#include "outturn/base/errors.h"
#include "outturn/report/evolution.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

const std::string kDir = test::SourcePath("tests/data/evolution") + "/";

double Sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

TEST_CASE("evolution: the bridge of a reforecast, step by step by hand") {
  const EvolutionResult r = Evolution(kDir + "old.yaml", kDir + "new.yaml", {});
  CHECK(r.old_through == "1Q10");
  CHECK(r.new_through == "2Q10");
  REQUIRE(r.steps == std::vector<std::string>{"surprise", "carried", "price"});
  REQUIRE(r.targets.size() == 1);
  const EvolutionTarget& e = r.targets[0];
  // Old: units 100, 105, 110.25, 115.7625 at price 10, revenue.b 500 a quarter:
  // FY = 1,500 + 1,550 + 1,602.5 + 1,657.625.
  CHECK(e.old_forecast == doctest::Approx(6310.125).epsilon(1e-14));
  // New: 2Q10 reported (units 110, revenue.b 520), then units 115.5, 121.275 at price 11:
  // FY = 1,500 + 1,620 + (1,270.5 + 520) + (1,334.025 + 520).
  CHECK(e.new_forecast == doctest::Approx(6764.525).epsilon(1e-14));
  CHECK(e.old_gap == doctest::Approx(6310.125 - 6400));
  CHECK(e.new_gap == doctest::Approx(6764.525 - 6400));
  CHECK_FALSE(e.old_met);
  CHECK(e.new_met);
  // The surprise: 2Q10's revenue as reported, 1,620, against its old forecast, 1,550.
  CHECK(e.steps[0] == doctest::Approx(70).epsilon(1e-12));
  // Carried: 2Q10's units and revenue.b roll into 3Q10 and 4Q10 at the old price:
  // revenue.a (115.5 - 110.25) 10 + (121.275 - 115.7625) 10, revenue.b 2 x 20.
  CHECK(e.steps[1] == doctest::Approx(52.5 + 55.125 + 40).epsilon(1e-12));
  // The price, 10 -> 11 on the new units: 115.5 + 121.275.
  CHECK(e.steps[2] == doctest::Approx(236.775).epsilon(1e-12));
  // Exactly: the steps add up to the change, in any order.
  CHECK(e.exact);
  CHECK(Sum(e.steps) == e.new_forecast - e.old_forecast);
  CHECK(e.steps[2] + e.steps[1] + e.steps[0] == e.new_forecast - e.old_forecast);
  // The newly reported figures against the old forecast.
  REQUIRE(r.surprises.size() == 4);
  CHECK(r.surprises[0].line == "units");
  CHECK(r.surprises[0].period == "2Q10");
  CHECK(r.surprises[0].actual == 110);
  CHECK(r.surprises[0].old_forecast == doctest::Approx(105));
}

TEST_CASE("evolution: a vintage against itself moves nothing") {
  const EvolutionResult r = Evolution(kDir + "new.yaml", kDir + "new.yaml", {});
  REQUIRE(r.steps.size() == 2);  // no driver changed
  CHECK(r.targets[0].steps == std::vector<double>{0, 0});
  CHECK(r.surprises.empty());
}

TEST_CASE("evolution: a ratio target, a range, and targets in one vintage only") {
  test::TempDir d;
  auto with_targets = [&](const std::string& file, const std::string& extra) {
    std::string text = test::ReadFile(kDir + file);
    text.replace(text.find("targets:"), std::string::npos,
                 "targets:\n  revenue_fy: {line: revenue, span: FY10, between: [6_000, 6_500]}\n  margin_fy: {line: "
                 "margin, span: FY10, value: 0.35}\n" +
                     extra);
    const std::string lines_end = "  operating_income:\n    kind: subtotal\n    formula: revenue - cost\n";
    text.replace(
        text.find(lines_end), lines_end.size(),
        lines_end + "  margin:\n    kind: kpi\n    formula: operating_income / revenue\n    rollup: formula\n");
    return d.Write(file, text);
  };
  const std::string o = with_targets("old.yaml", "  only_old: {line: cost, span: FY10, value: 1}\n");
  const std::string n = with_targets("new.yaml", "");
  const EvolutionResult r = Evolution(o, n, {});
  REQUIRE(r.targets.size() == 2);
  CHECK(r.targets[0].direction == Direction::kBetween);
  CHECK(r.targets[0].old_met);  // 6,310.125 within [6,000, 6,500]: the gap to the nearer edge
  CHECK(r.targets[0].old_gap == doctest::Approx(6310.125 - 6500));
  CHECK_FALSE(r.targets[0].new_met);  // 6,764.525 above it
  CHECK(r.targets[0].new_gap == doctest::Approx(6764.525 - 6500));
  const EvolutionTarget& m = r.targets[1];
  CHECK_FALSE(m.surprise_split);
  CHECK(m.steps[0] == 0);
  CHECK(m.exact);
  CHECK(Sum(m.steps) == m.new_forecast - m.old_forecast);
  bool gone = false, ratio = false;
  for (const std::string& note : r.notes) {
    gone = gone || note.find("target only_old of") != std::string::npos;
    ratio = ratio || note.find("ratio target") != std::string::npos;
  }
  CHECK(gone);
  CHECK(ratio);
}

TEST_CASE("evolution: files that are not vintages of one model") {
  CHECK_THROWS_AS(Evolution(kDir + "new.yaml", kDir + "old.yaml", {}), UsageError);  // fewer periods reported
  CHECK_THROWS_AS(Evolution(kDir + "old.yaml", test::SourcePath("scenarios/example/model.yaml"), {}), UsageError);
}

TEST_CASE("evolution with samples: the band before and after, and the CLI prints the library's report") {
  EvolutionOptions o;
  o.samples = 2'000;
  const EvolutionResult r = Evolution(kDir + "old.yaml", kDir + "new.yaml", o);
  // growth ~ N(5%, 1%) moves the open quarters a little about the base case.
  for (const EvolutionBand& b : {r.targets[0].old_band, r.targets[0].new_band}) {
    CHECK(b.p5 < b.p50);
    CHECK(b.p50 < b.p95);
    CHECK(b.p_meet_low <= b.p_meet);
    CHECK(b.p_meet <= b.p_meet_high);
  }
  CHECK(r.targets[0].old_band.p50 == doctest::Approx(r.targets[0].old_forecast).epsilon(0.002));
  CHECK(r.targets[0].new_band.p50 == doctest::Approx(r.targets[0].new_forecast).epsilon(0.002));
  CHECK(r.targets[0].old_band.p_meet < 0.5);  // the old forecast misses, the new one meets
  CHECK(r.targets[0].new_band.p_meet > 0.5);
  for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) {
    CAPTURE(ToString(f));
    const test::Outcome out =
        test::Cli("evolution tests/data/evolution/old.yaml tests/data/evolution/new.yaml -n 2000 -f " + ToString(f));
    CHECK(out.code == 0);
    CHECK(out.output.find(f == Format::kCsv ? "revenue_fy,price," : "new.yaml") != std::string::npos);
  }
  CHECK(test::Cli("evolution tests/data/evolution/old.yaml").code == 2);
  CHECK(test::Cli("evolution tests/data/evolution/new.yaml tests/data/evolution/old.yaml").code == 2);
}
