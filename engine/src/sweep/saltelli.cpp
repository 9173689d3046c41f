// SPDX-License-Identifier: MIT
// Sobol sensitivity indices of the targets by the Saltelli design (SweepOptions::
// sobol_index_samples): first-order and total indices per varied driver, each with a
// bootstrap confidence interval.
#include "sweep/designs.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace outturn::internal {
namespace {

// The Poisson(1) quantile of u in (0, 1): the bootstrap weight of one sample.
double PoissonOne(double u) {
  double p = std::exp(-1.0), cdf = p;
  int k = 0;
  while (u > cdf && k < 20) {
    ++k;
    p /= k;
    cdf += p;
  }
  return k;
}

}  // namespace

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
  // Poisson bootstrap (Hanley & MacGibbon 2006; Chamandy et al. 2012): replicate r weighs
  // base sample j by w_rj ~ Poisson(1), drawn from a stream keyed by (seed, r), so that the
  // replicates are streamed with the sums, deterministic, and need no stored samples.
  const int Rb = kSobolBootstrapReplicates;
  std::vector<std::uint64_t> boot_keys(Rb);
  for (int b = 0; b < Rb; ++b) boot_keys[b] = StreamKey(o.seed, 0xb0075000ULL + static_cast<std::uint64_t>(b));
  // Per replicate: weight total, then per KPI sum, sum of squares, and per driver both terms.
  const size_t per_rep = 1 + static_cast<size_t>(K) * (2 + 2 * D);
  std::vector<double> boot(per_rep * Rb, 0.0);
  std::vector<Eigen::ArrayXd> first_terms(static_cast<size_t>(K) * D), total_terms(first_terms.size());
  Eigen::ArrayXd w(kBlock);
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
        const size_t at = static_cast<size_t>(k) * D + i;
        first_terms[at] = fb[k] * (fab - fa[k]);
        total_terms[at] = (fa[k] - fab).square();
        first[at] += first_terms[at].sum();
        total[at] += total_terms[at].sum();
      }
    }
    for (int b = 0; b < Rb; ++b) {
      Uniforms(boot_keys[b], static_cast<std::uint64_t>(s0), n, w.data());
      for (int j = 0; j < n; ++j) w[j] = PoissonOne(w[j]);
      const auto wn = w.head(n);
      double* acc = &boot[per_rep * b];
      acc[0] += wn.sum();
      for (int k = 0; k < K; ++k) {
        double* a = acc + 1 + static_cast<size_t>(k) * (2 + 2 * D);
        a[0] += (wn * (fa[k] + fb[k])).sum();
        a[1] += (wn * (fa[k].square() + fb[k].square())).sum();
        for (int i = 0; i < D; ++i) {
          a[2 + i] += (wn * first_terms[static_cast<size_t>(k) * D + i]).sum();
          a[2 + D + i] += (wn * total_terms[static_cast<size_t>(k) * D + i]).sum();
        }
      }
    }
  }
  // Percentile intervals at the sweep's confidence level.
  const double tail = (1 - o.confidence) / 2;
  auto percentile = [&](std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * (v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  };
  for (int k = 0; k < K; ++k) {
    const double mean = sum[k] / (2.0 * N);
    const double var = sum2[k] / (2.0 * N) - mean * mean;
    KpiStats& st = r->kpis[k];
    st.sobol_first.assign(D, 0.0);
    st.sobol_total.assign(D, 0.0);
    st.sobol_first_low = st.sobol_first_high = st.sobol_total_low = st.sobol_total_high = st.sobol_first;
    if (!(var > 0)) continue;
    std::vector<double> rs1(Rb), rst(Rb);
    for (int i = 0; i < D; ++i) {
      st.sobol_first[i] = first[static_cast<size_t>(k) * D + i] / N / var;
      st.sobol_total[i] = total[static_cast<size_t>(k) * D + i] / (2.0 * N) / var;
      for (int b = 0; b < Rb; ++b) {
        const double* acc = &boot[per_rep * b];
        const double* a = acc + 1 + static_cast<size_t>(k) * (2 + 2 * D);
        const double wsum = acc[0], m = a[0] / (2 * wsum), v = a[1] / (2 * wsum) - m * m;
        rs1[b] = v > 0 ? a[2 + i] / wsum / v : 0.0;
        rst[b] = v > 0 ? a[2 + D + i] / (2 * wsum) / v : 0.0;
      }
      st.sobol_first_low[i] = percentile(rs1, tail);
      st.sobol_first_high[i] = percentile(rs1, 1 - tail);
      st.sobol_total_low[i] = percentile(rst, tail);
      st.sobol_total_high[i] = percentile(rst, 1 - tail);
    }
  }
  // The estimators assume independent drivers: say which correlations they leave out.
  for (size_t g = 0; g < m.correlations().size(); ++g) {
    std::vector<std::string> names;
    for (int d : m.correlations()[g].drivers)
      if (std::find(a.drivers().begin(), a.drivers().end(), d) != a.drivers().end())
        names.push_back(m.drivers()[d].name);
    if (names.size() < 2) continue;
    std::string list;
    for (const std::string& nm : names) list += (list.empty() ? "" : ", ") + nm;
    r->notes.push_back("Sobol indices sample every driver independently: the correlations of correlations[" +
                       std::to_string(g) + "] (" + list +
                       ") are left out of them (the Saltelli estimators assume independent drivers), "
                       "while the other statistics keep them");
  }
}

}  // namespace outturn::internal
