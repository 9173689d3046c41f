// SPDX-License-Identifier: MIT
// The sweep driver loop: reproducibility across threads and chunks, --until-ci checkpoints,
// stop requests, errors from a scenario, a whole model end to end.
#include "outturn/sweep/sweep.h"

#include "outturn/report/report.h"
#include "support/sweep_fixtures.h"

using namespace outturn;
using namespace outturn::test;

TEST_SUITE("sweep") {
  TEST_CASE("same seed, same statistics, whatever the threads and chunks") {
    Model m = test::LoadText(kLinear);
    for (SweepMethod method : {SweepMethod::kMonteCarlo, SweepMethod::kLatinHypercube, SweepMethod::kSobol}) {
      CAPTURE(ToString(method));
      SweepOptions o;
      o.method = method;
      o.samples = 300'000;
      o.regression = true;
      o.threads = 1;
      o.chunk = 1 << 18;
      const std::string one = Fingerprint(Sweep(m, o));
      o.threads = 2;
      o.chunk = 4096;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.threads = 3;
      o.chunk = 40'000;
      CHECK(Fingerprint(Sweep(m, o)) == one);
      o.seed = 2;
      CHECK(Fingerprint(Sweep(m, o)) != one);
    }
  }

  TEST_CASE("--until-ci stops at the first checkpoint where every interval is narrow enough") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 50'000'000;
    o.until_ci = 0.005;
    const SweepResult r = Sweep(m, o);
    CHECK(r.stopped_by_ci);
    CHECK(r.samples < o.samples);
    for (const KpiStats& k : r.kpis) CHECK(k.p_high - k.p_low < 0.005);
    // The previous checkpoint was not enough.
    SweepOptions half = o;
    half.until_ci = 0;
    half.samples = r.samples / 2;
    const SweepResult h = Sweep(m, half);
    bool wide = false;
    for (const KpiStats& k : h.kpis) wide |= k.p_high - k.p_low >= 0.005;
    CHECK(wide);
  }

  TEST_CASE("a stop request returns a partial result") {
    Model m = test::LoadText(kLinear);
    SweepOptions o;
    o.samples = 100'000'000;
    o.chunk = 1 << 16;
    std::atomic<bool> stop{false};
    const SweepResult r = Sweep(m, o, &stop, [&](long long done, long long) {
      if (done >= 1'000'000) stop = true;
    });
    CHECK(r.partial);
    CHECK(r.samples >= 1'000'000);
    CHECK(r.samples < o.samples);
    CHECK(r.samples % (1 << 16) == 0);
  }

  TEST_CASE("a scenario that divides by zero is named") {
    Model m = test::LoadText(
        "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2, actuals_through: 1Q10}\n"
        "drivers:\n  d: {value: 1, distribution: {type: discrete, values: [1, 0], weights: [0.5, 0.5]}}\n"
        "lines:\n  x: {formula: 1 / d, actuals: {1Q10: 1}}\n"
        "targets:\n  t: {line: x, span: 2Q10, value: 0}\n");
    SweepOptions o;
    o.samples = 1000;
    CHECK_THROWS_AS(Sweep(m, o), NumericalError);
  }

  TEST_CASE("the IIJ model sweeps, and its report renders") {
    Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    SweepOptions o;
    o.samples = 100'000;
    const SweepResult r = Sweep(m, o);
    CHECK(r.kpis.size() == m.targets().size());
    CHECK(r.drivers.size() >= 30);
    for (const KpiStats& k : r.kpis) CHECK(std::isfinite(k.mean));
    CHECK(RenderSweep(r, Format::kTable).find("P(every target met)") != std::string::npos);
    CHECK(RenderSweep(r, Format::kJson).find("\"p_meet\"") != std::string::npos);
  }
}
