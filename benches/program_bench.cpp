// SPDX-License-Identifier: MIT
// Batch evaluation through the library: scenarios per second for the example and the IIJ
// models, every driver varying, reading back either the target cells or every cell.
#include <benchmark/benchmark.h>

#include <map>
#include <random>

#include "outturn/compile/program.h"

using namespace outturn;

namespace {

std::string Path(const char* rel) { return std::string(OUTTURN_SOURCE_DIR) + "/" + rel; }

struct Fixture {
  Model model;
  std::vector<Input> inputs;
  std::vector<Cell> targets;
  explicit Fixture(const char* rel) : model(Model::Load(Path(rel))) {
    for (int d = 0; d < static_cast<int>(model.drivers().size()); ++d)
      if (!model.drivers()[d].is_date) inputs.push_back({d, -1});
    for (const Target& t : model.targets()) targets.push_back({t.line, t.column});
  }
};

BatchMatrix Batch(const Program& p, int n) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.95, 1.05);
  const Vector base = p.BaseInputs();
  BatchMatrix x(p.num_inputs(), n);
  for (int k = 0; k < p.num_inputs(); ++k)
    for (int j = 0; j < n; ++j) x(k, j) = base[k] * u(rng);
  return x;
}

// Checks the answer before timing (like DuckDB's result blocks): the base column must
// reproduce the model's own projection.
void CheckBase(const Program& p, benchmark::State& state) {
  BatchMatrix x(p.num_inputs(), 1);
  x.col(0) = p.BaseInputs();
  const BatchMatrix y = p.Evaluate(x);
  const Results r = Run(p.model());
  for (int o = 0; o < p.num_outputs(); ++o) {
    const Cell c = p.outputs()[o];
    if (y(o, 0) != r.at(c.line, c.column)) state.SkipWithError("base column does not reproduce the model");
  }
}

void Evaluate(benchmark::State& state, const char* model, bool all_cells) {
  static std::map<std::string, Fixture*> cache;
  if (!cache.count(model)) cache[model] = new Fixture(model);
  const Fixture& f = *cache[model];
  ProgramOptions o;
  o.block_size = static_cast<int>(state.range(1));
  Program p(f.model, f.inputs, all_cells ? std::vector<Cell>{} : f.targets, o);
  CheckBase(p, state);
  const int n = static_cast<int>(state.range(0));
  const BatchMatrix x = Batch(p, n);
  BatchMatrix y = BatchMatrix::Zero(p.num_outputs(), n);  // touched before timing
  Workspace ws;
  for (auto _ : state) {
    p.Evaluate(x, y, ws);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["instructions"] = p.num_instructions();
  state.counters["slots"] = p.num_slots();
  state.counters["inputs"] = p.num_inputs();
  state.counters["outputs"] = p.num_outputs();
}

void SizeSweep(benchmark::internal::Benchmark* b) {
  for (int block : {64, 256, 1024}) b->Args({1'000'000, block});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace

BENCHMARK_CAPTURE(Evaluate, example_targets, "scenarios/example/model.yaml", false)->Apply(SizeSweep);
BENCHMARK_CAPTURE(Evaluate, example_all_cells, "scenarios/example/model.yaml", true)->Apply(SizeSweep);
BENCHMARK_CAPTURE(Evaluate, iij_targets, "scenarios/iij_fy2010/model.yaml", false)->Apply(SizeSweep);
BENCHMARK_CAPTURE(Evaluate, iij_all_cells, "scenarios/iij_fy2010/model.yaml", true)
    ->Args({100'000, 256})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
