// SPDX-License-Identifier: MIT
// The outturn executable: exit codes, messages, files.
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "support/test_util.h"

using namespace outturn;

namespace {

struct Outcome {
  int code;
  std::string output;  // stdout and stderr
};

Outcome Cli(const std::string& args) {
  const std::string cmd = std::string("cd '") + OUTTURN_SOURCE_DIR + "' && '" + OUTTURN_CLI + "' " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("check summarises a valid model and exits 0") {
    const Outcome o = Cli("check scenarios/example/model.yaml");
    CHECK(o.code == 0);
    CHECK(o.output.find("scenarios/example/model.yaml: ok (Kumo Widgets)") != std::string::npos);
    CHECK(o.output.find("scenarios: 3 (base, slow_subs, slow_subs_cheap)") != std::string::npos);
  }

  TEST_CASE("run prints the projection and the verdict") {
    const Outcome o = Cli("run scenarios/example/model.yaml");
    CHECK(o.code == 0);
    CHECK(o.output.find("Targets") != std::string::npos);
    CHECK(o.output.find("met (reported)") != std::string::npos);
    CHECK(o.output.find("What the open periods must deliver") != std::string::npos);
  }

  TEST_CASE("--scenario and --set change the projection") {
    const Outcome base = Cli("run scenarios/example/model.yaml -f csv");
    const Outcome slow = Cli("run scenarios/example/model.yaml --scenario slow_subs -f csv");
    const Outcome set = Cli("run scenarios/example/model.yaml --set subscribers_added=200 -f csv");
    CHECK(slow.code == 0);
    CHECK(base.output != slow.output);
    CHECK(slow.output == set.output);
    CHECK(Cli("run scenarios/example/model.yaml --set widgets_price@4Q10=12.5 -f csv").code == 0);
    CHECK(Cli("run scenarios/example/model.yaml --set new_office_date=2011-03-01").code == 0);
  }

  TEST_CASE("bad input exits 1 with a file:line:col message") {
    test::TempDir d;
    const std::string p = d.Write("bad.yaml", "calendar: {start: 2010-04, periods: 4}\nlines:\n  a: {formula: b}\n");
    const Outcome o = Cli("check '" + p + "'");
    CHECK(o.code == 1);
    CHECK(o.output.find(p + ":3:16: error: lines.a.formula: unknown name 'b'") != std::string::npos);
    CHECK(Cli("run '" + p + "'").code == 1);
    CHECK(Cli("check does/not/exist.yaml").code == 1);
  }

  TEST_CASE("bad usage exits 2") {
    CHECK(Cli("").code == 2);
    CHECK(Cli("frobnicate").code == 2);
    CHECK(Cli("run").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --format xml").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --scenario nope").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --set nope=1").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --set subscribers_added").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --set subscribers_added=-5").code == 2);
    CHECK(Cli("run scenarios/example/model.yaml --bogus").code == 2);
  }

  TEST_CASE("--help works everywhere") {
    for (const char* c : {"--help", "check --help", "run --help"}) {
      CAPTURE(c);
      const Outcome o = Cli(c);
      CHECK(o.code == 0);
      CHECK(o.output.find("usage: outturn") != std::string::npos);
    }
  }

  TEST_CASE("-o writes the file whole; a failed run leaves no file") {
    test::TempDir d;
    const std::string out = d.path() + "/run.json";
    CHECK(Cli("run scenarios/example/model.yaml -f json -o '" + out + "'").code == 0);
    CHECK(test::ReadFile(out).find("\"targets\"") != std::string::npos);
    const std::string bad = d.path() + "/bad.json";
    CHECK(Cli("run scenarios/example/model.yaml --scenario nope -o '" + bad + "'").code == 2);
    CHECK(test::ReadFile(bad).empty());
  }
}
