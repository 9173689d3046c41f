// SPDX-License-Identifier: MIT
// libFuzzer target: model loading and scenario application. Any input must either load or
// throw outturn::Error (a diagnostic); anything else (a crash, a sanitizer report, another
// exception, an OUTTURN_ASSERT) is a finding. The input is written to a file, as the loader
// reads files; a scenario file's `extends:` resolves next to it, so the seed corpus
// (scenarios/, tests/data/invalid/) is copied beside it by the CI script.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace {

std::string InputPath() {
  static const std::string path = [] {
    const char* dir = std::getenv("OUTTURN_FUZZ_DIR");
    return std::string(dir ? dir : "/tmp") + "/outturn_fuzz_" + std::to_string(getpid()) + ".yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = InputPath();
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    std::abort();
  }
  try {
    outturn::Model model = outturn::Model::Load(path);
    for (const std::string& name : model.scenario_names()) {
      outturn::Model s = model.WithScenario(name);
      // Every driver set to its own value: the override path, bounds checks and a re-check
      // of the reported values.
      std::vector<outturn::DriverOverride> same;
      for (const outturn::Driver& d : s.drivers()) same.push_back({d.name, d.value, -1});
      s.WithOverrides(same);
    }
  } catch (const outturn::Error&) {
    // A diagnostic: the expected outcome for bad input.
  }
  return 0;
}
