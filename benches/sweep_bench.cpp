// SPDX-License-Identifier: MIT
// The pieces of a sweep: sampling per distribution (uniforms and inversion), and a whole
// sweep of the IIJ model per thread count (sampling, evaluation and statistics together).
#include <benchmark/benchmark.h>

#include <cmath>

#include "outturn/model/distributions.h"
#include "outturn/sweep/sweep.h"
#include "sweep/sampling.h"

using namespace outturn;

namespace {

Distribution Dist(DistributionType t) {
  Distribution d;
  d.type = t;
  d.mean = 10;
  d.sd = 2;
  d.low = 5;
  d.mode = 8;
  d.high = 15;
  d.values = {1, 2, 3, 5, 8};
  d.weights = {1, 1, 2, 3, 1};
  if (t == DistributionType::kEmpirical) d.values = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
  return d;
}

// Uniforms then inversion, 256 at a time; checks the mean first.
void BM_Sample(benchmark::State& state) {
  const Distribution d = Dist(static_cast<DistributionType>(state.range(0)));
  internal::Inverter inv(d);
  std::vector<double> u(256);
  double sum = 0;
  for (int b = 0; b < 400; ++b) {
    internal::Uniforms(internal::StreamKey(1, 2), b * 256, 256, u.data());
    inv.Apply(u.data(), 256);
    for (double x : u) sum += x;
  }
  if (std::fabs(sum / (400 * 256) - Mean(d)) > 0.1 * std::max(1.0, StdDev(d)))
    state.SkipWithError("sample mean far from the distribution's mean");
  std::uint64_t first = 0;
  for (auto _ : state) {
    internal::Uniforms(internal::StreamKey(1, 2), first, 256, u.data());
    inv.Apply(u.data(), 256);
    benchmark::DoNotOptimize(u.data());
    first += 256;
  }
  state.SetItemsProcessed(state.iterations() * 256);
  state.SetLabel(ToString(d.type));
}
BENCHMARK(BM_Sample)->DenseRange(static_cast<int>(DistributionType::kNormal),
                                 static_cast<int>(DistributionType::kEmpirical));

void BM_Uniforms(benchmark::State& state) {
  std::vector<double> u(256);
  std::uint64_t first = 0;
  for (auto _ : state) {
    internal::Uniforms(internal::StreamKey(1, 2), first, 256, u.data());
    benchmark::DoNotOptimize(u.data());
    first += 256;
  }
  state.SetItemsProcessed(state.iterations() * 256);
}
BENCHMARK(BM_Uniforms);

// A whole IIJ sweep (default statistics) per thread count: scenarios per second.
void BM_SweepIIJ(benchmark::State& state) {
  const Model m = Model::Load(std::string(OUTTURN_SOURCE_DIR) + "/scenarios/iij_fy2010/model.yaml");
  SweepOptions o;
  o.samples = state.range(0);
  o.threads = static_cast<int>(state.range(1));
  o.regression = state.range(2) != 0;
  double p = -1;
  for (auto _ : state) {
    const SweepResult r = Sweep(m, o);
    if (p >= 0 && r.kpis[0].p_meet != p) state.SkipWithError("not reproducible");
    p = r.kpis[0].p_meet;
  }
  state.SetItemsProcessed(state.iterations() * o.samples);
}
BENCHMARK(BM_SweepIIJ)
    ->Args({4'000'000, 1, 0})
    ->Args({4'000'000, 2, 0})
    ->Args({1'000'000, 1, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
