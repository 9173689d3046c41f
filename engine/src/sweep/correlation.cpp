// SPDX-License-Identifier: MIT
// Correlated and shocked inputs (sweep/correlation.h): correlation groups with their factors,
// the Gaussian copula, Iman-Conover reordering, AR(1) per-period shocks.
#include "sweep/correlation.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sweep/sampling.h"

namespace outturn::internal {

namespace {
// Cyclic Jacobi on a symmetric k x k matrix (row-major a, overwritten): pairs (p, q) in a
// fixed order, at most 64 sweeps; v gets the eigenvectors as columns, the diagonal of a the
// eigenvalues. Plain scalar loops: every operation in one order whatever the build.
void JacobiEigen(int k, std::vector<double>& a, std::vector<double>& v) {
  v.assign(static_cast<size_t>(k) * k, 0.0);
  for (int i = 0; i < k; ++i) v[static_cast<size_t>(i) * k + i] = 1.0;
  auto A = [&](int i, int j) -> double& { return a[static_cast<size_t>(i) * k + j]; };
  auto V = [&](int i, int j) -> double& { return v[static_cast<size_t>(i) * k + j]; };
  for (int sweep = 0; sweep < 64; ++sweep) {
    double off = 0, diag = 0;
    for (int i = 0; i < k; ++i)
      for (int j = 0; j < k; ++j) (i == j ? diag : off) += A(i, j) * A(i, j);
    if (off <= 1e-32 * diag) break;
    for (int p = 0; p < k - 1; ++p)
      for (int q = p + 1; q < k; ++q) {
        if (A(p, q) == 0.0) continue;
        // The rotation that zeroes A(p, q) (Golub & Van Loan, Algorithm 8.5.1).
        const double tau = (A(q, q) - A(p, p)) / (2 * A(p, q));
        const double t = (tau >= 0 ? 1.0 : -1.0) / (std::fabs(tau) + std::sqrt(1 + tau * tau));
        const double c = 1 / std::sqrt(1 + t * t), s = t * c;
        for (int r = 0; r < k; ++r) {
          const double arp = A(r, p), arq = A(r, q);
          A(r, p) = c * arp - s * arq;
          A(r, q) = s * arp + c * arq;
        }
        for (int r = 0; r < k; ++r) {
          const double apr = A(p, r), aqr = A(q, r);
          A(p, r) = c * apr - s * aqr;
          A(q, r) = s * apr + c * aqr;
        }
        for (int r = 0; r < k; ++r) {
          const double vrp = V(r, p), vrq = V(r, q);
          V(r, p) = c * vrp - s * vrq;
          V(r, q) = s * vrp + c * vrq;
        }
      }
  }
}

// C = L L^T, column by column, each sum in index order; false when a pivot is <= 1e-12.
bool Cholesky(const Matrix& C, Matrix* out) {
  const int k = static_cast<int>(C.rows());
  Matrix& L = *out;
  L = Matrix::Zero(k, k);
  for (int j = 0; j < k; ++j) {
    double d = C(j, j);
    for (int m = 0; m < j; ++m) d -= L(j, m) * L(j, m);
    if (!(d > 1e-12)) return false;
    L(j, j) = std::sqrt(d);
    for (int i = j + 1; i < k; ++i) {
      double s = C(i, j);
      for (int m = 0; m < j; ++m) s -= L(i, m) * L(j, m);
      L(i, j) = s / L(j, j);
    }
  }
  return true;
}
}  // namespace

Matrix CorrelationFactor(const Matrix& C) {
  const int k = static_cast<int>(C.rows());
  Matrix L;
  if (Cholesky(C, &L)) return L;
  // Semi-definite (or not quite positive definite): B = V sqrt(max(lambda, 0)).
  std::vector<double> a(static_cast<size_t>(k) * k), v;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) a[static_cast<size_t>(i) * k + j] = C(i, j);
  JacobiEigen(k, a, v);
  Matrix B(k, k);
  for (int j = 0; j < k; ++j) {
    const double s = std::sqrt(std::max(a[static_cast<size_t>(j) * k + j], 0.0));
    for (int i = 0; i < k; ++i) B(i, j) = v[static_cast<size_t>(i) * k + j] * s;
  }
  return B;
}

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
    g.factor = CorrelationFactor(g.corr);
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
    // The scores' correlation E = Q Q^T, in plain loops (a fixed order of operations).
    std::vector<double> mean(k, 0.0);
    for (int a = 0; a < k; ++a) {
      for (int j = 0; j < n; ++j) mean[a] += S(j, a);
      mean[a] /= n;
    }
    Matrix E(k, k);
    for (int a = 0; a < k; ++a)
      for (int b = 0; b <= a; ++b) {
        double c = 0;
        for (int j = 0; j < n; ++j) c += (S(j, a) - mean[a]) * (S(j, b) - mean[b]);
        E(a, b) = E(b, a) = c / (n - 1);
      }
    std::vector<double> sd(k);
    for (int a = 0; a < k; ++a) sd[a] = std::sqrt(E(a, a));
    for (int a = 0; a < k; ++a)
      for (int b = 0; b < k; ++b) E(a, b) = E(a, b) / sd[a] / sd[b];
    Matrix Q;
    if (!Cholesky(E, &Q)) continue;
    // T = S Q^-T B^T: scores whose correlation is C (t Q^T = s by forward substitution).
    Matrix T(n, k);
    std::vector<double> t(k);
    for (int j = 0; j < n; ++j) {
      for (int a = 0; a < k; ++a) {
        double v = S(j, a);
        for (int b = 0; b < a; ++b) v -= Q(a, b) * t[b];
        t[a] = v / Q(a, a);
      }
      for (int a = 0; a < k; ++a) {
        double v = 0;
        for (int b = 0; b < k; ++b) v += t[b] * g.factor(a, b);
        T(j, a) = v;
      }
    }
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
    for (int t = A; t < T; ++t) {
      auto it = d.by_period.find(t);
      out.push_back(
          {static_cast<int>(i), t, d.shocks.sd, d.shocks.ar1, StreamKey(seed, 0x5c0c0000ULL + 1024ULL * drivers[i] + t),
           it == d.by_period.end() ? std::nullopt : std::optional<double>(it->second), d.value, d.ScalesProfile()});
    }
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
    // The shock is added to the period's unshocked value: the sampled value, or the period's
    // own profile value moved with it (Driver::ProfileAt).
    auto level = [](const ShockRow& s, double x) {
      if (!s.profile) return x;
      return s.scales ? (x / s.value) * *s.profile : *s.profile + (x - s.value);
    };
    for (int j = 0; j < n; ++j) {
      const double e_prev = continues ? prev[j] - level(shocks[r - 1], base[j]) : 0.0;
      out[j] = level(sr, base[j]) + (continues ? sr.ar1 * e_prev : 0.0) + innovation * out[j];
    }
  }
}

}  // namespace outturn::internal
