// SPDX-License-Identifier: MIT
// The chain of files a model is read from (load/chain.cpp): Model::source_files, and the
// diagnostics that quote those files after the YAML trees are gone.
#include <string>
#include <vector>

#include "outturn/model/model.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

using Files = std::vector<std::string>;

// The example model, written into `d` as `name`.
std::string WriteExample(const test::TempDir& d, const std::string& name = "model.yaml") {
  return d.Write(name, test::ReadFile(test::SourcePath("scenarios/example/model.yaml")));
}

// The error message of `f`, with the temporary directory replaced by "DIR".
template <typename F>
std::string ErrorOf(const test::TempDir& d, F f) {
  try {
    f();
  } catch (const Error& e) {
    std::string s = e.what();
    for (size_t pos; (pos = s.find(d.path())) != std::string::npos;) s.replace(pos, d.path().size(), "DIR");
    return s;
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("chain") {
  TEST_CASE("a model file is its only source file") {
    test::TempDir d;
    const std::string p = WriteExample(d);
    CHECK(Model::Load(p).source_files() == Files{p});
  }

  TEST_CASE("source files: the loaded file, then each file it extends, the model file last") {
    test::TempDir d;
    WriteExample(d);
    d.Write("b.yaml", "scenario: b\nextends: model.yaml#slow_subs\nset: {subscription_fee: 10}\n");
    const std::string a = d.Write("a.yaml", "scenario: a\nextends: b.yaml\nset: {widgets_price: 11}\n");
    const Model m = Model::Load(a);
    CHECK(m.source_files() == Files{a, d.path() + "/b.yaml", d.path() + "/model.yaml"});
    CHECK(m.scenario() == "a");
  }

  TEST_CASE("source files in other folders are named as opened, normalized") {
    test::TempDir d;
    std::system(("mkdir -p '" + d.path() + "/m' '" + d.path() + "/s/deep'").c_str());
    WriteExample(d, "m/model.yaml");
    d.Write("s/deep/slow.yaml", "scenario: slow\nextends: ../../m/model.yaml\nset: {subscribers_added: 100}\n");
    const Model m = Model::Load(d.path() + "/s/./deep/slow.yaml");
    CHECK(m.source_files() == Files{d.path() + "/s/deep/slow.yaml", d.path() + "/m/model.yaml"});
  }

  TEST_CASE("variants keep the source files") {
    test::TempDir d;
    WriteExample(d);
    const std::string p = d.Write("p.yaml", "scenario: p\nextends: model.yaml\nset: {widgets_price: 11}\n");
    const Model m = Model::Load(p);
    const Files want{p, d.path() + "/model.yaml"};
    CHECK(m.WithScenario("slow_subs").source_files() == want);
    CHECK(m.WithOverrides({{"subscribers_added", 0, -1}}).source_files() == want);
    CHECK(m.WithScenario("slow_subs_cheap").WithOverrides({{"widgets_price", 12, -1}}).source_files() == want);
  }

  TEST_CASE("after loading, messages still quote the files' lines") {
    // Applying a scenario (model/) and reconciling reported values (main/) happen after the
    // YAML trees are dropped: the source line under the caret comes from the text kept.
    test::TempDir d;
    WriteExample(d);
    const std::string bad = d.Write("bad.yaml", "scenario: bad\nextends: model.yaml\nset:\n  widget_price: 11\n");
    CHECK(ErrorOf(d, [&] { Model::Load(bad); }) ==
          "DIR/bad.yaml:4:3: error: set.widget_price: unknown driver 'widget_price'; did you mean "
          "'widgets_price'?\n"
          " 4 |   widget_price: 11\n"
          "   |   ^");
    const std::string f =
        d.Write("f.yaml", "scenario: f\nextends: model.yaml\nformulas:\n  revenue: widgets.revenue + 1\n");
    CHECK(ErrorOf(d, [&] { Model::Load(f); }) ==
          "DIR/f.yaml:4:12: error: formulas.revenue: unknown name 'widgets.revenue'\n"
          " 4 |   revenue: widgets.revenue + 1\n"
          "   |            ^");
    const std::string r =
        d.Write("r.yaml", "scenario: r\nextends: model.yaml\nformulas:\n  revenue: revenue.widgets\n");
    CHECK(ErrorOf(d, [&] { Model::Load(r); }) ==
          "DIR/model.yaml:104:22: error: lines.revenue.reported.1H10: reported 163,000 in 1H10 but the "
          "model computes 62,400 (difference -100,600) in scenario 'r'\n"
          " 104 |     reported: {1H10: 163_000, 2Q10: 83_400}\n"
          "     |                      ^");
  }
}
