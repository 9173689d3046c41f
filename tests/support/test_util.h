// SPDX-License-Identifier: MIT
#pragma once
// Shared helpers for the doctest suite.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "outturn/model/model.h"

namespace outturn::test {

inline std::string SourcePath(const std::string& rel) { return std::string(OUTTURN_SOURCE_DIR) + "/" + rel; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

/// A temporary directory removed at scope exit; files are written into it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/outturn_test_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  const std::string& path() const { return dir_; }

 private:
  std::string dir_;
};

/// Loads a model from text (written to a temporary file called `name`).
inline Model LoadText(const std::string& text, const std::string& name = "model.yaml") {
  TempDir d;
  return Model::Load(d.Write(name, text));
}

/// The error message of loading `text`, with the temporary directory replaced by "DIR".
inline std::string LoadError(const std::string& text, const std::string& name = "model.yaml") {
  TempDir d;
  const std::string p = d.Write(name, text);
  try {
    Model::Load(p);
  } catch (const Error& e) {
    std::string s = e.what();
    for (size_t pos; (pos = s.find(d.path())) != std::string::npos;) s.replace(pos, d.path().size(), "DIR");
    return s;
  }
  return "(no error)";
}

/// The outturn executable's exit code and output (stdout and stderr together).
struct Outcome {
  int code;
  std::string output;
};

/// Runs `outturn ARGS` from the source tree.
inline Outcome Cli(const std::string& args) {
  const std::string cmd = std::string("cd '") + OUTTURN_SOURCE_DIR + "' && '" + OUTTURN_CLI + "' " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

/// Relative/absolute closeness with a message that prints everything.
#define CHECK_CLOSE(computed, expected, tol)                                                                \
  do {                                                                                                      \
    const double c_ = (computed), e_ = (expected), t_ = (tol);                                              \
    const double err_ = std::fabs(c_ - e_) / std::max(1.0, std::fabs(e_));                                  \
    CHECK_MESSAGE(err_ <= t_,                                                                               \
                  "computed " << c_ << " expected " << e_ << " rel.error " << err_ << " tolerance " << t_); \
  } while (0)

}  // namespace outturn::test
