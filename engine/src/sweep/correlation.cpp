// SPDX-License-Identifier: MIT
// Correlated and shocked inputs (sweep/correlation.h): correlation groups with their factors,
// the Gaussian copula, Iman-Conover reordering, AR(1) per-period shocks.
#include "sweep/correlation.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "sweep/sampling.h"

namespace outturn::internal {

std::vector<CorrelationGroup> CorrelationGroups(const Model& m, const std::vector<int>& drivers, std::uint64_t seed) {
  std::vector<CorrelationGroup> groups;
  for (const Correlation& c : m.correlations()) {
    CorrelationGroup g;
    std::vector<int> keep;
    for (size_t a = 0; a < c.drivers.size(); ++a) {
      auto it = std::find(drivers.begin(), drivers.end(), c.drivers[a]);
      if (it == drivers.end()) continue;
      g.rows.push_back(static_cast<int>(it - drivers.begin()));
      keep.push_back(static_cast<int>(a));
    }
    if (g.rows.size() < 2) continue;
    const int k = static_cast<int>(keep.size());
    g.corr.resize(k, k);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) g.corr(a, b) = c.normal[keep[a] * c.drivers.size() + keep[b]];
    // A factor B with B B^T = C that exists for semi-definite C too.
    Eigen::SelfAdjointEigenSolver<Matrix> es(g.corr);
    g.factor = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    g.key = StreamKey(seed, 0x5eed0000ULL + groups.size());
    groups.push_back(std::move(g));
  }
  return groups;
}

// Row by row over the block, in a per-thread scratch buffer: no allocation per block.
void Copula(const CorrelationGroup& g, int n, double* const* rows) {
  const int k = static_cast<int>(g.rows.size());
  thread_local std::vector<double> scratch;
  scratch.resize(static_cast<size_t>(k) * n);
  for (int a = 0; a < k; ++a) {
    double* z = &scratch[static_cast<size_t>(a) * n];
    std::memcpy(z, rows[g.rows[a]], n * sizeof(double));
    NormalQuantiles(z, n);
  }
  for (int a = 0; a < k; ++a) {
    double* out = rows[g.rows[a]];
    std::fill(out, out + n, 0.0);
    for (int b = 0; b < k; ++b) {
      const double f = g.factor(a, b);
      if (f == 0.0) continue;  // factor entries are fixed: the same lanes skip them always
      const double* z = &scratch[static_cast<size_t>(b) * n];
      for (int j = 0; j < n; ++j) out[j] += f * z[j];
    }
    NormalCdfs(out, n);
  }
}

// Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among
// input variables", Commun. Statist. B11: reorders each driver's values within the block
// so that their ranks follow scores with the target correlation. The values themselves,
// hence the design's stratification, are kept.
void ImanConover(const std::vector<CorrelationGroup>& groups, long long first, int n, double* const* rows) {
  if (n < 3) return;
  for (const CorrelationGroup& g : groups) {
    const int k = static_cast<int>(g.rows.size());
    Matrix S(n, k);
    for (int a = 0; a < k; ++a) {
      // Van der Waerden scores, in a random order keyed by (seed, block, driver).
      std::vector<std::pair<std::uint64_t, int>> order(n);
      for (int j = 0; j < n; ++j)
        order[j] = {Mix64(g.key ^ Mix64(static_cast<std::uint64_t>(first) * 131 + a) ^ static_cast<std::uint64_t>(j)),
                    j};
      std::sort(order.begin(), order.end());
      for (int j = 0; j < n; ++j) S(order[j].second, a) = NormalQuantile((j + 1.0) / (n + 1.0));
    }
    Matrix centered = S.rowwise() - S.colwise().mean();
    Matrix E = (centered.transpose() * centered) / (n - 1);
    const Eigen::VectorXd sd = E.diagonal().cwiseSqrt();
    E = sd.cwiseInverse().asDiagonal() * E * sd.cwiseInverse().asDiagonal();
    Eigen::LLT<Matrix> q(E);
    if (q.info() != Eigen::Success) continue;
    // T = S Q^-T B^T: scores whose correlation is C.
    const Matrix T = q.matrixU().solve<Eigen::OnTheRight>(S) * g.factor.transpose();
    for (int a = 0; a < k; ++a) {
      double* x = rows[g.rows[a]];
      std::vector<double> sorted(x, x + n);
      std::sort(sorted.begin(), sorted.end());
      std::vector<int> idx(n);
      for (int j = 0; j < n; ++j) idx[j] = j;
      std::sort(idx.begin(), idx.end(),
                [&](int l, int r) { return T(l, a) < T(r, a) || (T(l, a) == T(r, a) && l < r); });
      for (int rank = 0; rank < n; ++rank) x[idx[rank]] = sorted[rank];
    }
  }
}

std::vector<ShockRow> ShockRows(const Model& m, const std::vector<int>& drivers, std::uint64_t seed) {
  std::vector<ShockRow> out;
  const int A = m.calendar().num_actual(), T = m.calendar().num_periods();
  for (size_t i = 0; i < drivers.size(); ++i) {
    const Driver& d = m.drivers()[drivers[i]];
    if (d.shocks.sd <= 0) continue;
    for (int t = A; t < T; ++t)
      out.push_back({static_cast<int>(i), t, d.shocks.sd, d.shocks.ar1,
                     StreamKey(seed, 0x5c0c0000ULL + 1024ULL * drivers[i] + t)});
  }
  return out;
}

// AR(1) shocks on top of the sampled value, period by period.
void FillShocks(const std::vector<ShockRow>& shocks, int first_row, long long first, int n, double* const* rows) {
  for (size_t r = 0; r < shocks.size(); ++r) {
    const ShockRow& sr = shocks[r];
    double* out = rows[first_row + r];
    Uniforms(sr.key, static_cast<std::uint64_t>(first), n, out);
    NormalQuantiles(out, n);
    const bool continues = r > 0 && shocks[r - 1].row == sr.row;  // the previous period's shock
    const double* prev = continues ? rows[first_row + r - 1] : nullptr;
    const double* base = rows[sr.row];
    const double innovation = continues ? std::sqrt(1 - sr.ar1 * sr.ar1) * sr.sd : sr.sd;
    for (int j = 0; j < n; ++j) {
      const double e_prev = continues ? prev[j] - base[j] : 0.0;
      out[j] = base[j] + (continues ? sr.ar1 * e_prev : 0.0) + innovation * out[j];
    }
  }
}

}  // namespace outturn::internal
