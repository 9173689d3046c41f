// SPDX-License-Identifier: MIT
// Malformed and hostile model files are data: tests/data/invalid/<case>.yaml sits next to
// <case>.expected, the exact diagnostic (first line: file:line:col: error: key: rule; then
// the source line and a caret). Adding a case means adding two files. Files in
// tests/data/invalid/support/ are referenced by cases and are not cases themselves.
//
// Inputs too large to commit are generated: <case>.gen says how to write <case>.yaml (below,
// Generate), and <case>.expected is what `outturn check <case>.yaml` writes to stderr, run
// from the folder the file is generated in. Each such case runs the CLI as a child process
// and must also finish within kSeconds of wall time and kMaxRssMiB of memory (ru_maxrss from
// wait4), under an address-space limit (RLIMIT_AS) of kAddressSpaceMiB: before these limits
// were checked while parsing, such files took tens of seconds and several GB.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "support/test_util.h"

using namespace outturn;

namespace {

std::vector<std::string> Cases(const std::string& ext = ".yaml") {
  std::vector<std::string> out;
  const std::string dir = test::SourcePath("tests/data/invalid");
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > ext.size() && n.compare(n.size() - ext.size(), ext.size(), ext) == 0)
        out.push_back(n.substr(0, n.size() - ext.size()));
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Bounds on a generated case, generous for a loaded two-core machine (the slowest case takes
// about 0.6 s and 75 MB alone). Under AddressSanitizer (.ci/sanitize) the time bound is ten
// times longer, and memory is not bounded: its shadow memory needs more address space than any
// sensible limit and makes ru_maxrss meaningless.
constexpr double kSeconds = 5;
constexpr long kMaxRssMiB = 256, kAddressSpaceMiB = 1024;

// "\n", "\t", "\\" in a .gen line's text.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Generated {
  long address_space_mib = kAddressSpaceMiB;  // "memory N": a tighter limit, in MiB
};

// Writes dir/<name>.yaml from tests/data/invalid/<name>.gen, whose lines are
//   text T         T once
//   repeat N T     T N times, with {n} replaced by 0, 1, ... N-1
//   fifo F         a FIFO called F beside the file
//   memory N       run under an address-space limit of N MiB (not under AddressSanitizer)
// and '#' comments; T keeps its spaces and takes \n, \t and \\.
Generated Generate(const std::string& name, const std::string& dir) {
  Generated g;
  std::istringstream spec(test::ReadFile(test::SourcePath("tests/data/invalid/" + name + ".gen")));
  std::ofstream out(dir + "/" + name + ".yaml", std::ios::binary);
  std::string line;
  while (std::getline(spec, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    const std::string word = line.substr(0, sp), rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (word == "text") {
      out << Unescape(rest);
    } else if (word == "repeat") {
      const auto sp2 = rest.find(' ');
      const long n = std::stol(rest.substr(0, sp2));
      const std::string t = Unescape(rest.substr(sp2 + 1));
      const auto at = t.find("{n}");
      std::string chunk;
      for (long i = 0; i < n; ++i) {
        chunk += at == std::string::npos ? t : t.substr(0, at) + std::to_string(i) + t.substr(at + 3);
        if (chunk.size() > (1 << 20)) {
          out << chunk;
          chunk.clear();
        }
      }
      out << chunk;
    } else if (word == "fifo") {
      REQUIRE(mkfifo((dir + "/" + rest).c_str(), 0600) == 0);
    } else if (word == "memory") {
      g.address_space_mib = std::stol(rest);
    } else {
      FAIL("unknown line in " << name << ".gen: " << line);
    }
  }
  return g;
}

struct ChildResult {
  int status = -1;
  bool killed = false;
  double seconds = 0;
  long max_rss_kib = 0;
};

// Runs `outturn check <file>` in `dir` with stderr to dir/stderr, killed after `kill_after` s.
ChildResult RunCheck(const std::string& dir, const std::string& file, long address_space_mib, double kill_after) {
  ChildResult r;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    const int err = open("stderr", O_WRONLY | O_CREAT | O_TRUNC, 0600), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(err, 2);
    if (!kSanitized) {
      const rlim_t bytes = static_cast<rlim_t>(address_space_mib) << 20;
      const rlimit lim{bytes, bytes};
      setrlimit(RLIMIT_AS, &lim);
    }
    execl(OUTTURN_CLI, OUTTURN_CLI, "check", file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  rusage ru{};
  for (;;) {
    const pid_t w = wait4(pid, &r.status, WNOHANG, &ru);
    REQUIRE(w >= 0);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (w == pid) break;
    if (r.seconds > kill_after && !r.killed) {
      kill(pid, SIGKILL);
      r.killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.max_rss_kib = ru.ru_maxrss;
  return r;
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

  TEST_CASE("every generated file fails with its expected diagnostic, within bounds on time and memory") {
    const auto cases = Cases(".gen");
    REQUIRE(cases.size() >= 5);
    const double seconds = kSanitized ? 10 * kSeconds : kSeconds;
    for (const std::string& c : cases) {
      CAPTURE(c);
      test::TempDir dir;
      const Generated g = Generate(c, dir.path());
      if (kSanitized && g.address_space_mib != kAddressSpaceMiB) continue;  // needs RLIMIT_AS
      std::string expected = test::ReadFile(test::SourcePath("tests/data/invalid/" + c + ".expected"));
      REQUIRE_MESSAGE(!expected.empty(), "missing " << c << ".expected");
      while (!expected.empty() && expected.back() == '\n') expected.pop_back();
      const ChildResult r = RunCheck(dir.path(), c + ".yaml", g.address_space_mib, 3 * seconds);
      std::string got = test::ReadFile(dir.path() + "/stderr");
      while (!got.empty() && got.back() == '\n') got.pop_back();
      CHECK_MESSAGE(!r.killed, "still running after " << 3 * seconds << " s");
      CHECK_MESSAGE((WIFEXITED(r.status) && WEXITSTATUS(r.status) == 1),
                    "exit status " << (WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1));
      CHECK(got.substr(0, 4000) == expected);
      CHECK_MESSAGE(r.seconds <= seconds, "took " << r.seconds << " s");
      if (!kSanitized) CHECK_MESSAGE(r.max_rss_kib <= kMaxRssMiB * 1024, "used " << r.max_rss_kib / 1024 << " MiB");
    }
  }
}
