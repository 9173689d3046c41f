// SPDX-License-Identifier: MIT
// Malformed and hostile model files are data: tests/data/invalid/<case>.yaml sits next to
// <case>.expected, the exact diagnostic (first line: file:line:col: error: key: rule; then
// the source line and a caret). Adding a case means adding two files. Files in
// tests/data/invalid/support/ are referenced by cases and are not cases themselves.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "support/test_util.h"

using namespace outturn;

namespace {

std::vector<std::string> Cases() {
  std::vector<std::string> out;
  const std::string dir = test::SourcePath("tests/data/invalid");
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".yaml") == 0) out.push_back(n.substr(0, n.size() - 5));
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("invalid_corpus") {
  TEST_CASE("every invalid file fails with exactly its expected diagnostic") {
    // Paths in messages are relative to the source tree, as a user would type them.
    REQUIRE(chdir(OUTTURN_SOURCE_DIR) == 0);
    const auto cases = Cases();
    REQUIRE(cases.size() >= 30);
    for (const std::string& c : cases) {
      CAPTURE(c);
      const std::string path = "tests/data/invalid/" + c + ".yaml";
      const std::string expected_path = "tests/data/invalid/" + c + ".expected";
      std::string expected = test::ReadFile(expected_path);
      REQUIRE_MESSAGE(!expected.empty(), "missing " << expected_path);
      while (!expected.empty() && expected.back() == '\n') expected.pop_back();
      std::string got = "(loaded without error)";
      try {
        Model m = Model::Load(path);
        for (const std::string& s : m.scenario_names()) m.WithScenario(s);
      } catch (const Error& e) {
        got = e.what();
      }
      CHECK(got == expected);
    }
  }
}
