// SPDX-License-Identifier: MIT
// The outturn executable: exit codes, messages, files.
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/report/report.h"
#include "support/test_util.h"

using namespace outturn;

TEST_SUITE("cli") {
  TEST_CASE("check summarises a valid model and exits 0") {
    const test::Outcome o = test::Cli("check scenarios/example/model.yaml");
    CHECK(o.code == 0);
    CHECK(o.output.find("scenarios/example/model.yaml: ok (Kumo Widgets)") != std::string::npos);
    CHECK(o.output.find("scenarios: 3 (base, slow_subs, slow_subs_cheap)") != std::string::npos);
  }

  TEST_CASE("run prints the projection and the verdict") {
    const test::Outcome o = test::Cli("run scenarios/example/model.yaml");
    CHECK(o.code == 0);
    CHECK(o.output.find("Targets") != std::string::npos);
    CHECK(o.output.find("met (reported)") != std::string::npos);
    CHECK(o.output.find("What the open periods must deliver") != std::string::npos);
  }

  TEST_CASE("--scenario and --set change the projection") {
    const test::Outcome base = test::Cli("run scenarios/example/model.yaml -f csv");
    const test::Outcome slow = test::Cli("run scenarios/example/model.yaml --scenario slow_subs -f csv");
    const test::Outcome set = test::Cli("run scenarios/example/model.yaml --set subscribers_added=200 -f csv");
    CHECK(slow.code == 0);
    CHECK(base.output != slow.output);
    CHECK(slow.output == set.output);
    CHECK(test::Cli("run scenarios/example/model.yaml --set widgets_price@4Q10=12.5 -f csv").code == 0);
    CHECK(test::Cli("run scenarios/example/model.yaml --set new_office_date=2011-03-01").code == 0);
  }

  TEST_CASE("every report names its scenario and every override applied") {
    const std::string sets = " --scenario slow_subs --set widgets_price@4Q10=12.5 --set new_office_date=2011-03-01";
    const std::string label = "scenario slow_subs with widgets_price@4Q10=12.5, new_office_date=2011-03-01";
    for (const std::string cmd : {"run", "sensitivity", "tornado", "sweep -n 1000", "stress", "goalseek"}) {
      CAPTURE(cmd);
      const test::Outcome o = test::Cli(cmd + " scenarios/example/model.yaml" + sets);
      CHECK(o.code == 0);
      CHECK(o.output.find(label) != std::string::npos);
    }
    for (const std::string cmd : {"run", "sensitivity", "tornado", "sweep -n 1000"}) {
      CAPTURE(cmd);
      const auto j = nlohmann::json::parse(test::Cli(cmd + " scenarios/example/model.yaml -f json" + sets).output);
      CHECK(j["overrides"] == nlohmann::json({"widgets_price@4Q10=12.5", "new_office_date=2011-03-01"}));
    }
  }

  TEST_CASE("bad input exits 1 with a file:line:col message") {
    test::TempDir d;
    const std::string p = d.Write("bad.yaml", "calendar: {start: 2010-04, periods: 4}\nlines:\n  a: {formula: b}\n");
    const test::Outcome o = test::Cli("check '" + p + "'");
    CHECK(o.code == 1);
    CHECK(o.output.find(p + ":3:16: error: lines.a.formula: unknown name 'b'") != std::string::npos);
    CHECK(test::Cli("run '" + p + "'").code == 1);
    CHECK(test::Cli("check does/not/exist.yaml").code == 1);
  }

  TEST_CASE("bad usage exits 2") {
    CHECK(test::Cli("").code == 2);
    CHECK(test::Cli("frobnicate").code == 2);
    CHECK(test::Cli("run").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --format xml").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --scenario nope").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --set nope=1").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --set subscribers_added").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --set subscribers_added=-5").code == 2);
    CHECK(test::Cli("run scenarios/example/model.yaml --bogus").code == 2);
  }

  TEST_CASE("every bad option value is a usage error naming the flag the user typed") {
    const std::pair<const char*, const char*> cases[] = {
        {"-n 0", "--samples must be at least 1 (got 0)"},
        {"-n -5", "--samples must be at least 1 (got -5)"},
        {"--samples=-5", "--samples must be at least 1 (got -5)"},
        {"--threads 100000", "--threads must be in [0, 1024] (0: every core) (got 100000)"},
        {"--threads -1", "--threads must be in [0, 1024] (0: every core) (got -1)"},
        {"--chunk 0", "--chunk must be at least 1 (got 0)"},
        {"--bins 0", "--bins must be in [16, 2^20] (got 0)"},
        {"--confidence 2", "--confidence must be in (0, 1) (got 2)"},
        {"--until-ci -1", "--until-ci must be in [0, 1) (got -1)"},
        {"--lhs-block 3", "--lhs-block must be 0 or a power of two in [2, 2^24] (got 3)"},
        {"--sobol-indices -1", "--sobol-indices must be in [0, 10^9] (got -1)"},
        {"--grid-points 0", "--grid-points must be in [2, 1000] (got 0)"},
        {"--grid-points 100000", "--grid-points must be in [2, 1000] (got 100000)"},
        {"--seed -1", "--seed must be a whole number in [0, 2^64) (got '-1')"},
        {"--seed 18446744073709551616", "--seed must be a whole number in [0, 2^64) (got '18446744073709551616')"},
    };
    for (const auto& c : cases) {
      const std::string args = c.first, message = c.second;  // not a structured binding: CAPTURE
      CAPTURE(args);
      const auto r = test::Cli("sweep scenarios/example/model.yaml " + args);
      CHECK(r.code == 2);
      CHECK(r.output == std::string("outturn: error: ") + message + "\n");
    }
    const auto t = test::Cli("tornado scenarios/example/model.yaml --percent 0");
    CHECK(t.code == 2);
    CHECK(t.output == "outturn: error: --percent must be in (0, 10] (got 0)\n");
  }

  TEST_CASE("each command prints the library's report of the library's analysis") {
    const Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    const std::string iij = "scenarios/iij_fy2010/model.yaml";  // named: no path in these reports
    for (Format f : {Format::kTable, Format::kCsv, Format::kJson}) {
      CAPTURE(ToString(f));
      const std::string fmt = " -f " + ToString(f);
      CHECK(test::Cli("sensitivity " + iij + fmt).output == RenderSensitivity(m, Sensitivities(m), f));
      CHECK(test::Cli("tornado " + iij + fmt).output == RenderTornado(m, Tornado(m), nullptr, f));
      const Goal g = TargetGoal(m, FindKpi(m, "revenue_fy").target);
      CHECK(test::Cli("goalseek " + iij + " --kpi revenue_fy --driver construction_index_q4" + fmt).output ==
            RenderGoalSeek(m, GoalSeek(m, g, FindInput(m, "construction_index_q4")), f));
      CHECK(test::Cli("goalseek " + iij + fmt).output == RenderBreakEven(m, BreakEven(m, OpenTargetGoals(m)), f));
    }
  }

  TEST_CASE("--help works everywhere") {
    for (const char* c : {"--help", "check --help", "run --help"}) {
      CAPTURE(c);
      const test::Outcome o = test::Cli(c);
      CHECK(o.code == 0);
      CHECK(o.output.find("usage: outturn") != std::string::npos);
    }
  }

  TEST_CASE("-o writes the file whole; a failed run leaves no file") {
    test::TempDir d;
    const std::string out = d.path() + "/run.json";
    CHECK(test::Cli("run scenarios/example/model.yaml -f json -o '" + out + "'").code == 0);
    CHECK(test::ReadFile(out).find("\"targets\"") != std::string::npos);
    const std::string bad = d.path() + "/bad.json";
    CHECK(test::Cli("run scenarios/example/model.yaml --scenario nope -o '" + bad + "'").code == 2);
    CHECK(test::ReadFile(bad).empty());
  }

  TEST_CASE("-o /dev/full is exit 1 with ENOSPC, and /dev/full stays a device") {
    struct stat st;
    REQUIRE(stat("/dev/full", &st) == 0);
    REQUIRE(S_ISCHR(st.st_mode));
    const std::string enospc = std::strerror(ENOSPC);
    const test::Outcome o = test::Cli("run scenarios/example/model.yaml -o /dev/full");
    CHECK(o.code == 1);
    CHECK(o.output == "/dev/full: error: cannot write: " + enospc + "\n");
    const test::Outcome s = test::Cli("sweep scenarios/example/model.yaml -n 100 --dump /dev/full -o /dev/null");
    CHECK(s.code == 1);
    CHECK(s.output == "/dev/full: error: cannot write: " + enospc + "\n");
    REQUIRE(stat("/dev/full", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    // Standard output on /dev/full too (stderr to the pipe, test::Cli would send it there too).
    const std::string cmd = std::string("cd '") + OUTTURN_SOURCE_DIR + "' && '" + OUTTURN_CLI +
                            "' run scenarios/example/model.yaml 2>&1 >/dev/full";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string err;
    std::array<char, 4096> buf;
    while (size_t n = fread(buf.data(), 1, buf.size(), p)) err.append(buf.data(), n);
    const int status = pclose(p);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK(err == "outturn: error: cannot write to standard output: " + enospc + "\n");
  }

  TEST_CASE("-o refuses a read-only file and a directory (exit 1), follows a symbolic link") {
    test::TempDir d;
    const std::string ro = d.Write("ro.txt", "keep\n");
    REQUIRE(chmod(ro.c_str(), 0444) == 0);
    const test::Outcome o = test::Cli("run scenarios/example/model.yaml -o '" + ro + "'");
    CHECK(o.code == 1);
    CHECK(o.output == ro + ": error: cannot write: the file is read-only (mode 0444); left unchanged\n");
    CHECK(test::ReadFile(ro) == "keep\n");
    const test::Outcome dir = test::Cli("run scenarios/example/model.yaml -o '" + d.path() + "'");
    CHECK(dir.code == 1);
    CHECK(dir.output == d.path() + ": error: cannot write: it is a directory\n");
    const std::string real = d.Write("real.csv", ""), link = d.path() + "/link.csv";
    REQUIRE(symlink("real.csv", link.c_str()) == 0);
    CHECK(test::Cli("run scenarios/example/model.yaml -f json -o '" + link + "'").code == 0);
    struct stat st;
    REQUIRE(lstat(link.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(test::ReadFile(real) == test::Cli("run scenarios/example/model.yaml -f json").output);
  }
}

TEST_SUITE("cli") {
  TEST_CASE("CSV of several tables: one file per table with -o, --table picks one, --tidy the long form") {
    test::TempDir d;
    const std::string out = d.path() + "/r.csv";
    const std::string whole = test::Cli("run scenarios/example/model.yaml -f csv").output;
    REQUIRE(test::Cli("run scenarios/example/model.yaml -f csv -o '" + out + "'").code == 0);
    const std::string lines = test::ReadFile(d.path() + "/r.lines.csv");
    const std::string targets = test::ReadFile(d.path() + "/r.targets.csv");
    CHECK(lines + "\n" + targets == whole);
    struct stat st;
    CHECK(stat(out.c_str(), &st) != 0);  // no file of both tables
    CHECK(test::Cli("run scenarios/example/model.yaml -f csv --table targets").output == targets);
    const test::Outcome tidy = test::Cli("run scenarios/example/model.yaml -f csv --table lines --tidy");
    CHECK(tidy.output.rfind("line,kind,component,column,value,unit,reported\n", 0) == 0);
    CHECK(tidy.output.find("\nrevenue,subtotal,,2Q10,83400,JPY thousands,true\n") != std::string::npos);
    const test::Outcome bad = test::Cli("run scenarios/example/model.yaml -f csv --table nope");
    CHECK(bad.code == 2);
    CHECK(bad.output.find("--table: this report has no table 'nope' (its tables: lines, targets)") !=
          std::string::npos);
    CHECK(test::Cli("run scenarios/example/model.yaml -f json --tidy").code == 2);
    CHECK(test::Cli("goalseek scenarios/example/model.yaml -f csv --tidy").code == 2);
  }

  TEST_CASE("-f xlsx needs -o: a workbook is not for a terminal") {
    const test::Outcome o = test::Cli("run scenarios/example/model.yaml -f xlsx");
    CHECK(o.code == 2);
    CHECK(o.output.find("--format xlsx writes a binary workbook: give the file with -o PATH.xlsx") !=
          std::string::npos);
    CHECK(test::Cli("sweep scenarios/example/model.yaml -n 100 -f xlsx -o -").code == 2);
    test::TempDir d;
    const std::string a = d.path() + "/a.xlsx", b = d.path() + "/b.xlsx";
    REQUIRE(test::Cli("run scenarios/example/model.yaml -f xlsx -o '" + a + "'").code == 0);
    REQUIRE(test::Cli("run scenarios/example/model.yaml -f xlsx -o '" + b + "'").code == 0);
    const std::string bytes = test::ReadFile(a);
    CHECK(bytes.rfind("PK", 0) == 0);   // a zip container
    CHECK(bytes == test::ReadFile(b));  // deterministic
  }
}
