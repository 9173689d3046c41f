// SPDX-License-Identifier: MIT
// base/simd: every dispatch target gives the same bytes. The same sweeps (IIJ and a small
// correlated model; Monte Carlo, Latin hypercube and Sobol; regression and Sobol indices)
// run on each target this CPU has (SetSimdTarget), and their JSON reports must be equal
// byte for byte, timing aside.
#include "outturn/base/simd.h"

#include <nlohmann/json.hpp>

#include "outturn/report/sweep.h"
#include "outturn/sweep/sweep.h"
#include "support/test_util.h"

using namespace outturn;

namespace {

// The sweep's JSON without its clock.
std::string Report(const Model& m, SweepMethod method) {
  SweepOptions o;
  o.method = method;
  o.samples = 1 << 16;
  o.seed = 11;
  o.threads = 2;
  o.regression = true;
  o.sobol_index_samples = method == SweepMethod::kMonteCarlo ? 2'000 : 0;
  o.path_lines = {m.lines()[m.targets()[0].line].name};
  nlohmann::json j = nlohmann::json::parse(RenderSweep(Sweep(m, o), Format::kJson));
  j.erase("seconds");
  j.erase("rate");
  return j.dump();
}

}  // namespace

TEST_CASE("simd: every dispatch target gives the same sweep, byte for byte") {
  const std::vector<std::string> targets = AvailableSimdTargets();
  REQUIRE(targets.back() == "baseline");
  MESSAGE("targets: " << targets.size() << ", best " << targets.front());
  for (const char* file : {"scenarios/iij_fy2010/model.yaml", "tests/data/correlated.yaml"}) {
    const Model m = Model::Load(test::SourcePath(file));
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(file);
      CAPTURE(ToString(method));
      SetSimdTarget(targets.front());
      const std::string best = Report(m, method);
      for (size_t t = 1; t < targets.size(); ++t) {
        CAPTURE(targets[t]);
        SetSimdTarget(targets[t]);
        REQUIRE(SimdTarget() == targets[t]);
        CHECK(Report(m, method) == best);
      }
    }
  }
  SetSimdTarget("auto");
  CHECK(SimdTarget() == targets.front());
}
