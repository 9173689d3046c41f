// SPDX-License-Identifier: MIT
// outturn actuals (vintage/actuals): results CSVs read against tests/data/actuals/model.yaml.
// Each <case>.csv sits next to <case>.expected: for valid_* cases the next vintage's text,
// for the others the exact diagnostic (the folder's path removed). <case>.through, when
// present, holds --through.
#include "outturn/vintage/actuals.h"

#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

const std::string kDir = test::SourcePath("tests/data/actuals") + "/";

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  if (DIR* d = opendir(kDir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 4 && n.compare(n.size() - 4, 4, ".csv") == 0) out.push_back(n.substr(0, n.size() - 4));
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Strip(std::string s) {
  for (size_t pos; (pos = s.find(kDir)) != std::string::npos;) s.erase(pos, kDir.size());
  return s;
}

// The case's outcome: the next vintage's text, or the error's message.
std::string Outcome(const std::string& name) {
  ActualsOptions o;
  o.csv_path = kDir + name + ".csv";
  std::string through = test::ReadFile(kDir + name + ".through");
  while (!through.empty() && through.back() == '\n') through.pop_back();
  o.through = through;
  o.as_of = "2010-11-05";
  try {
    return ApplyActuals(kDir + "model.yaml", o).text;
  } catch (const Error& e) {
    return Strip(e.what()) + "\n";
  }
}

std::string Exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

TEST_CASE("actuals: every case in tests/data/actuals gives its expected outcome") {
  const auto cases = Cases();
  REQUIRE(cases.size() >= 10);
  for (const std::string& c : cases) {
    CAPTURE(c);
    const std::string expected = test::ReadFile(kDir + c + ".expected");
    REQUIRE_MESSAGE(!expected.empty(), "missing " << c << ".expected");
    CHECK(Outcome(c) == expected);
  }
}

TEST_CASE("actuals: the next vintage loads, with the figures as actuals and the old file untouched") {
  const std::string before = test::ReadFile(kDir + "model.yaml");
  test::TempDir d;
  const std::string next = d.Write("next.yaml", Outcome("valid_cumulative"));
  CHECK(test::ReadFile(kDir + "model.yaml") == before);
  const Model m = Model::Load(next);
  CHECK(m.calendar().num_actual() == 3);
  const Line& units = m.lines()[m.FindLine("units")];
  REQUIRE(units.actuals[1].has_value());
  CHECK(*units.actuals[1] == 105);  // 1H10 205 less 1Q10 100
  const Line& cost = m.lines()[m.FindLine("cost")];
  CHECK(*cost.actuals[1] == 930);
}

TEST_CASE("actuals: actuals equal to the old forecast leave every open period unchanged") {
  const Model old = Model::Load(kDir + "model.yaml");
  const Results r = Run(old);
  const int q2 = old.calendar().FindColumn("2Q10");
  std::string csv = "line,period,value\n";
  for (size_t l = 0; l < old.lines().size(); ++l)
    if (old.lines()[l].has_actuals())
      csv += old.lines()[l].name + ",2Q10," + Exact(r.at(static_cast<int>(l), q2)) + "\n";
  test::TempDir d;
  ActualsOptions o;
  o.csv_path = d.Write("results.csv", csv);
  const std::string next = d.Write("next.yaml", ApplyActuals(kDir + "model.yaml", o).text);
  const Model m = Model::Load(next);
  REQUIRE(m.calendar().num_actual() == 2);
  const Results n = Run(m);
  for (size_t l = 0; l < old.lines().size(); ++l)
    for (int c = 0; c < old.calendar().num_columns(); ++c) {
      CAPTURE(old.lines()[l].name);
      CAPTURE(old.calendar().ColumnLabel(c));
      CHECK(n.at(static_cast<int>(l), c) == doctest::Approx(r.at(static_cast<int>(l), c)).epsilon(1e-12));
    }
}

TEST_CASE("actuals: the CLI writes the vintage with -o and refuses to overwrite the model") {
  test::TempDir d;
  const std::string out = d.path() + "/next.yaml";
  const auto ok =
      test::Cli("actuals tests/data/actuals/model.yaml --from tests/data/actuals/valid_quarter.csv -o " + out);
  CHECK(ok.code == 0);
  CHECK(ok.output.find("actuals_through 1Q10 -> 2Q10") != std::string::npos);
  CHECK(Model::Load(out).calendar().num_actual() == 2);
  const auto self = test::Cli(
      "actuals tests/data/actuals/model.yaml --from tests/data/actuals/valid_quarter.csv -o "
      "tests/data/actuals/model.yaml");
  CHECK(self.code == 2);
  const auto bad = test::Cli("actuals tests/data/actuals/model.yaml --from tests/data/actuals/unknown_line.csv");
  CHECK(bad.code == 1);
  // --as-of is a date (or a month): a malformed one is bad usage, and nothing is written.
  const std::string none = d.path() + "/none.yaml";
  for (const char* as_of : {"2011-02-30", "Feb 2011", "2011-2-10", "2011-13", "2011"}) {
    CAPTURE(as_of);
    const auto date = test::Cli(
        "actuals tests/data/actuals/model.yaml --from tests/data/actuals/valid_quarter.csv "
        "--as-of '" +
        std::string(as_of) + "' -o " + none);
    CHECK(date.code == 2);
    CHECK(date.output ==
          "outturn: error: --as-of must be a date YYYY-MM-DD, or a month YYYY-MM (got '" + std::string(as_of) + "')\n");
    CHECK_FALSE(std::filesystem::exists(none));
  }
}

TEST_CASE("actuals: figures of NAME[ITEM] go into the per-item actuals of a line over a dimension") {
  // `units` has per-item actuals; `price` one shared map for both items, which becomes per
  // item (a copy each) when one item's figure arrives.
  test::TempDir d;
  const std::string model = d.Write("model.yaml",
                                    "calendar: {start: 2023-01, periods: 4, actuals_through: 1Q23}\n"
                                    "dimensions: {region: [north, south]}\n"
                                    "lines:\n"
                                    "  units:\n"
                                    "    over: region\n"
                                    "    formula: prev(units) + 1\n"
                                    "    actuals: {north: {1Q23: 10}, south: {1Q23: 20}}\n"
                                    "  price: {over: region, formula: prev(price), actuals: {1Q23: 5}}\n"
                                    "  total: {formula: 'sum(units[*])'}\n");
  const std::string csv = d.Write("results.csv",
                                  "line,period,value,unit,source\n"
                                  "units[north],2Q23,12,,r\n"
                                  "units[south],2Q23,25,,r\n"
                                  "price[north],2Q23,6,,r\n"
                                  "price[south],2Q23,5,,r\n"
                                  "total,2Q23,37,,r\n");
  ActualsOptions o;
  o.csv_path = csv;
  const ActualsResult r = ApplyActuals(model, o);
  CHECK(r.text.find("actuals: {north: {1Q23: 10, 2Q23: 12}, south: {1Q23: 20, 2Q23: 25}}") != std::string::npos);
  CHECK(r.text.find("north: {1Q23: 5, 2Q23: 6}") != std::string::npos);
  CHECK(r.text.find("south: {1Q23: 5, 2Q23: 5}") != std::string::npos);
  const Model next = Model::Load(d.Write("next.yaml", r.text));
  CHECK(next.calendar().num_actual() == 2);
  // 3Q23 forecast: units[south] 25 + 1 = 26, total (12 + 1) + 26 = 39; price[north] stays 6.
  const Results res = Run(next);
  CHECK(res.at(next.FindLine("units[south]"), 2) == 26);
  CHECK(res.at(next.FindLine("total"), 2) == 39);
  CHECK(res.at(next.FindLine("price[north]"), 2) == 6);
}

TEST_CASE("actuals: a reported sum(NAME[*]) scales the items it is reported without") {
  test::TempDir d;
  const std::string model = d.Write("model.yaml",
                                    "calendar: {start: 2023-01, periods: 4, actuals_through: 1Q23}\n"
                                    "dimensions: {region: [north, south]}\n"
                                    "lines:\n"
                                    "  units:\n"
                                    "    over: region\n"
                                    "    formula: prev(units) + 1\n"
                                    "    actuals: {north: {1Q23: 10}, south: {1Q23: 20}}\n"
                                    "  total: {formula: 'sum(units[*])'}\n");
  // units[south] is not reported: its forecast 20 + 1 = 21 is scaled to 37 - 12 = 25.
  const std::string csv = d.Write("results.csv",
                                  "line,period,value,unit,source\n"
                                  "units[north],2Q23,12,,r\n"
                                  "total,2Q23,37,,r\n");
  ActualsOptions o;
  o.csv_path = csv;
  const ActualsResult r = ApplyActuals(model, o);
  CHECK(r.text.find("south: {1Q23: 20, 2Q23: 25}") != std::string::npos);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("units[south] not reported") != std::string::npos);
}
