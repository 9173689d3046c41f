// SPDX-License-Identifier: MIT
// Sobol sensitivity indices of the targets by the Saltelli design (SweepOptions::
// sobol_index_samples): first-order and total indices per varied driver.
#include "sweep/designs.h"

#include <cstring>

namespace outturn::internal {

// Sobol indices by the Saltelli design (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output. Design and estimator for the total sensitivity index", Computer
// Physics Communications 181): matrices A and B of N independent samples (two Monte Carlo
// designs with different seeds), and A_B^i (A with driver i taken from B). First order:
// S_i = mean(f(B) (f(A_B^i) - f(A))) / V; total: S_Ti = mean((f(A) - f(A_B^i))^2) / (2 V).
void SobolIndices(const Model& m, const SweepOptions& o, SweepResult* r) {
  SweepOptions oa = o, ob = o;
  oa.method = ob.method = SweepMethod::kMonteCarlo;
  ob.seed = Mix64(o.seed ^ 0x50b0150b01ULL);
  Design a(m, oa, /*correlate=*/false), b(m, ob, /*correlate=*/false);
  const std::unique_ptr<Program> program = TargetProgram(m, a);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  const int R = a.rows(), D = a.dims(), K = p.num_outputs();
  const long long N = o.sobol_index_samples;
  std::vector<std::vector<double>> ra(R, std::vector<double>(kBlock)), rb = ra;
  std::vector<double*> pa(R), pb(R), in(R);
  for (int i = 0; i < R; ++i) {
    pa[i] = ra[i].data();
    pb[i] = rb[i].data();
    in[i] = p.InputRow(ws, i);
  }
  // Which design rows belong to driver i (its value and its shocked periods).
  std::vector<std::vector<int>> rows_of(D);
  for (int i = 0; i < D; ++i) rows_of[i].push_back(i);
  for (size_t s = 0; s < a.shock_rows().size(); ++s) rows_of[a.shock_rows()[s].row].push_back(D + static_cast<int>(s));
  std::vector<double> sum(K, 0), sum2(K, 0), first(static_cast<size_t>(K) * D, 0), total(static_cast<size_t>(K) * D, 0);
  std::vector<Eigen::ArrayXd> fa(K), fb(K);
  std::vector<double> centre(K, 0.0);
  auto run = [&](const std::vector<double*>& src, int n, long long first_index) {
    for (int i = 0; i < R; ++i) std::memcpy(in[i], src[i], n * sizeof(double));
    p.RunBlock(ws, n, first_index);
  };
  for (long long s0 = 0; s0 < N; s0 += kBlock) {
    const int n = static_cast<int>(std::min<long long>(kBlock, N - s0));
    a.Fill(s0, n, pa.data());
    b.Fill(s0, n, pb.data());
    run(pa, n, s0);
    for (int k = 0; k < K; ++k) fa[k] = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n);
    run(pb, n, s0);
    for (int k = 0; k < K; ++k) fb[k] = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n);
    // Outputs are centred by a constant (the first block's mean): the estimators keep their
    // expectation and lose the variance a large mean would add.
    if (s0 == 0)
      for (int k = 0; k < K; ++k) centre[k] = fa[k].mean();
    for (int k = 0; k < K; ++k) {
      fa[k] -= centre[k];
      fb[k] -= centre[k];
      sum[k] += fa[k].sum() + fb[k].sum();
      sum2[k] += fa[k].square().sum() + fb[k].square().sum();
    }
    for (int i = 0; i < D; ++i) {
      std::vector<double*> mixed = pa;
      for (int row : rows_of[i]) mixed[row] = pb[row];
      run(mixed, n, s0);
      for (int k = 0; k < K; ++k) {
        const Eigen::ArrayXd fab = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n) - centre[k];
        first[static_cast<size_t>(k) * D + i] += (fb[k] * (fab - fa[k])).sum();
        total[static_cast<size_t>(k) * D + i] += (fa[k] - fab).square().sum();
      }
    }
  }
  for (int k = 0; k < K; ++k) {
    const double mean = sum[k] / (2.0 * N);
    const double var = sum2[k] / (2.0 * N) - mean * mean;
    KpiStats& st = r->kpis[k];
    st.sobol_first.assign(D, 0.0);
    st.sobol_total.assign(D, 0.0);
    if (!(var > 0)) continue;
    for (int i = 0; i < D; ++i) {
      st.sobol_first[i] = first[static_cast<size_t>(k) * D + i] / N / var;
      st.sobol_total[i] = total[static_cast<size_t>(k) * D + i] / (2.0 * N) / var;
    }
  }
}

}  // namespace outturn::internal
