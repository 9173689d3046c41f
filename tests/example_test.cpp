// SPDX-License-Identifier: MIT
// The example model against values computed here by hand from its drivers, and every
// shipped model and scenario file loading and running.
#include <dirent.h>

#include <functional>

#include "outturn/analysis/verdict.h"
#include "outturn/compile/program.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

void FindYaml(const std::string& dir, std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    const std::string p = dir + "/" + n;
    if (e->d_type == DT_DIR)
      FindYaml(p, out);
    else if (n.size() > 5 && n.compare(n.size() - 5, 5, ".yaml") == 0)
      out->push_back(p);
  }
  closedir(d);
}

}  // namespace

TEST_SUITE("example") {
  TEST_CASE("the example's forecast equals the drivers worked by hand") {
    Model m = Model::Load(test::SourcePath("scenarios/example/model.yaml"));
    Results r = Run(m);
    auto at = [&](const char* line, const char* col) { return r.at(m.FindLine(line), m.calendar().FindColumn(col)); };
    // Reported: 1Q10 = 1H10 - 2Q10.
    CHECK(at("widgets.units", "1Q10") == 2450);
    CHECK(at("revenue", "1H10") == 163000);
    CHECK(at("operating_income", "2Q10") == 34400);
    // Forecast by hand: units grow 5% a quarter; price 12.5, 13 in 4Q; fee 9 per subscriber;
    // 400 subscribers added a quarter; cost ratio 62%; service 3.5 per subscriber; opex
    // 9,000 a quarter plus 600 a month from 2011-02-01 (two months of 4Q10).
    const double units3 = 2550 * 1.05, units4 = units3 * 1.05;
    const double rw3 = units3 * 12.5, rw4 = units4 * 13;
    const double subs3 = 6200, subs4 = 6600;
    const double rs3 = subs3 * 9, rs4 = subs4 * 9;
    const double oi3 = rw3 + rs3 - rw3 * 0.62 - subs3 * 3.5 - 9000;
    const double oi4 = rw4 + rs4 - rw4 * 0.62 - subs4 * 3.5 - (9000 + 2 * 600);
    CHECK_CLOSE(at("revenue.widgets", "3Q10"), rw3, 1e-14);
    CHECK_CLOSE(at("revenue.widgets", "4Q10"), rw4, 1e-14);
    CHECK(at("subs.subscribers", "FY10") == 6600);  // rollup: last
    CHECK_CLOSE(at("revenue", "FY10"), 163000 + rw3 + rw4 + rs3 + rs4, 1e-14);
    CHECK_CLOSE(at("operating_income", "3Q10"), oi3, 1e-14);
    CHECK_CLOSE(at("operating_income", "4Q10"), oi4, 1e-14);
    CHECK_CLOSE(at("operating_income", "FY10"), 67400 + oi3 + oi4, 1e-14);
    CHECK_CLOSE(at("operating_margin", "FY10"), (67400 + oi3 + oi4) / (163000 + rw3 + rw4 + rs3 + rs4), 1e-14);

    const auto v = Verdicts(r);
    REQUIRE(v.size() == 3);
    CHECK(v[0].name == "revenue_fy");
    CHECK_CLOSE(v[0].gap, 163000 + rw3 + rw4 + rs3 + rs4 - 340000, 1e-12);
    CHECK(v[0].met);
    CHECK(v[0].open_label == "3Q10..4Q10");
    CHECK(v[0].reported_to_date == 163000);
    CHECK(v[0].open_required == 340000 - 163000);
    CHECK(v[2].reported);
    CHECK(v[2].met);
  }

  TEST_CASE("every shipped model and scenario file loads, and every scenario runs") {
    std::vector<std::string> files;
    FindYaml(test::SourcePath("scenarios"), &files);
    REQUIRE(files.size() >= 2);
    for (const std::string& f : files) {
      CAPTURE(f);
      Model m = Model::Load(f);
      for (const std::string& s : m.scenario_names()) {
        CAPTURE(s);
        Results r = Run(m.WithScenario(s));
        CHECK(r.values().allFinite());
      }
    }
  }
}
