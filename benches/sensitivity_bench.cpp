// SPDX-License-Identifier: MIT
// Sensitivities on the IIJ FY2010 model: the full Jacobian (every default KPI by every
// driver, dates included), the tornado over every driver, and for scale the library calls
// around them (bridge, goal seek). Each benchmark checks its answer before timing.
#include <benchmark/benchmark.h>

#include <cmath>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"

using namespace outturn;

namespace {

std::string Path(const char* rel) { return std::string(OUTTURN_SOURCE_DIR) + "/" + rel; }

const Model& Iij() {
  static const Model m = Model::Load(Path("scenarios/iij_fy2010/model.yaml"));
  return m;
}

double RunAt(const Model& m, const Cell& c) { return Run(m).at(c.line, c.column); }

// d operating_income_fy / d rnd_per_quarter is -2 exactly (two open quarters of R&D).
bool JacobianLooksRight(const Program& p, const Matrix& J) {
  const Model& m = p.model();
  const int oi = p.OutputIndex({m.targets()[1].line, m.targets()[1].column});
  for (int k = 0; k < p.num_inputs(); ++k)
    if (m.drivers()[p.inputs()[k].driver].name == "rnd_per_quarter") return oi >= 0 && J(oi, k) == -2;
  return false;
}

// The full Jacobian through a compiled program: the hot call of Sensitivities().
void BM_JacobianIIJ(benchmark::State& state) {
  const Model& m = Iij();
  std::vector<Cell> cells;
  for (const Kpi& k : DefaultKpis(m)) cells.push_back(k.cell);
  const Program p(m, DriverInputs(m, /*include_dates=*/true), cells);
  const Vector x = p.BaseInputs();
  Vector y;
  const Matrix J = p.Jacobian(x, &y);
  if (!JacobianLooksRight(p, J)) state.SkipWithError("wrong Jacobian");
  for (int o = 0; o < p.num_outputs(); ++o)
    if (y[o] != RunAt(m, p.outputs()[o])) state.SkipWithError("Jacobian values differ from Run()");
  for (auto _ : state) {
    Matrix Jt = p.Jacobian(x);
    benchmark::DoNotOptimize(Jt.data());
  }
  state.counters["kpis"] = p.num_outputs();
  state.counters["drivers"] = p.num_inputs();
  state.counters["instructions"] = p.num_instructions();
}

// The library call: KPIs resolved, program compiled, Jacobian, elasticities, ranges, ranking.
void BM_SensitivitiesIIJ(benchmark::State& state) {
  const Model& m = Iij();
  SensitivityOptions o;
  o.include_dates = true;
  const SensitivityResult s = Sensitivities(m, o);
  const Program p(m, s.inputs, [&] {
    std::vector<Cell> c;
    for (const Kpi& k : s.kpis) c.push_back(k.cell);
    return c;
  }());
  if (!(s.jacobian.array() == p.Jacobian(p.BaseInputs()).array()).all()) state.SkipWithError("wrong Jacobian");
  for (auto _ : state) benchmark::DoNotOptimize(Sensitivities(m, o).jacobian.data());
  state.counters["kpis"] = static_cast<double>(s.kpis.size());
  state.counters["drivers"] = static_cast<double>(s.inputs.size());
}

// The tornado over every driver (dates included): ranges (distribution quantiles), compile,
// 2 x drivers + 1 scenarios in one batch, ranking.
void BM_TornadoIIJ(benchmark::State& state) {
  const Model& m = Iij();
  TornadoOptions o;
  o.include_dates = true;
  const TornadoResult t = Tornado(m, o);
  const TornadoBar& top = t.bars[1][0];  // operating income's widest bar
  if (top.kpi_low != RunAt(m.WithOverrides({{t.input_names[top.input], t.ranges[top.input].low}}), t.kpis[1].cell))
    state.SkipWithError("tornado bar differs from a single run");
  for (auto _ : state) benchmark::DoNotOptimize(Tornado(m, o).bars.data());
  state.counters["kpis"] = static_cast<double>(t.kpis.size());
  state.counters["drivers"] = static_cast<double>(t.inputs.size());
}

// Base to bear: 13 drivers differ, exact Shapley values over 2^13 scenarios in one batch.
void BM_BridgeIIJ(benchmark::State& state) {
  const Model& m = Iij();
  const Model bear = Model::Load(Path("scenarios/iij_fy2010/bear.yaml"));
  const BridgeResult b = Bridge(m, bear);
  for (int k = 0; k < static_cast<int>(b.kpis.size()); ++k)
    if (!b.exact[k] || b.contributions.col(k).sum() != b.total[k]) state.SkipWithError("bridge does not add up");
  for (auto _ : state) benchmark::DoNotOptimize(Bridge(m, bear).contributions.data());
  state.counters["drivers"] = static_cast<double>(b.steps.size());
}

// One driver, one target: 4Q construction that meets FY revenue (TOMS748 after a scan).
void BM_GoalSeekIIJ(benchmark::State& state) {
  const Model& m = Iij();
  const Goal g = TargetGoal(m, 0);
  const Input in = FindInput(m, "construction_index_q4");
  const GoalSeekResult r = GoalSeek(m, g, in);
  if (r.status != GoalSeekStatus::kSolved || std::fabs(r.value - 3.111321721579142) > 1e-9)
    state.SkipWithError("wrong goal-seek answer");
  for (auto _ : state) benchmark::DoNotOptimize(GoalSeek(m, g, in).value);
}

}  // namespace

BENCHMARK(BM_JacobianIIJ)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SensitivitiesIIJ)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TornadoIIJ)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BridgeIIJ)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GoalSeekIIJ)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
