// SPDX-License-Identifier: MIT
// Lawson & Hanson's NNLS and least distance programming (LDP), the solver behind the
// several-driver goal seek.
#include "analysis/least_distance.h"

#include <Eigen/QR>
#include <algorithm>
#include <vector>

namespace outturn::internal {

// Lawson & Hanson's NNLS ("Solving Least Squares Problems", 1974, ch. 23, Algorithm NNLS):
// min || E u - f || subject to u >= 0, by an active set that adds the column with the
// largest gradient and steps back to feasibility when an unconstrained solve goes negative.
Vector NonNegativeLeastSquares(const Matrix& E, const Vector& f) {
  const int N = static_cast<int>(E.cols());
  Vector u = Vector::Zero(N);
  std::vector<bool> in_p(N, false);
  const double eps = 1e-13 * std::max(1.0, E.cwiseAbs().maxCoeff());
  auto solve_p = [&](Vector* s) {
    std::vector<int> P;
    for (int j = 0; j < N; ++j)
      if (in_p[j]) P.push_back(j);
    Matrix Ep(E.rows(), static_cast<Eigen::Index>(P.size()));
    for (size_t k = 0; k < P.size(); ++k) Ep.col(static_cast<Eigen::Index>(k)) = E.col(P[k]);
    const Vector sp = Eigen::CompleteOrthogonalDecomposition<Matrix>(Ep).solve(f);
    s->setZero(N);
    for (size_t k = 0; k < P.size(); ++k) (*s)[P[k]] = sp[static_cast<Eigen::Index>(k)];
  };
  for (int outer = 0; outer < 3 * N + 10; ++outer) {
    const Vector w = E.transpose() * (f - E * u);
    int t = -1;
    for (int j = 0; j < N; ++j)
      if (!in_p[j] && w[j] > eps && (t < 0 || w[j] > w[t])) t = j;
    if (t < 0) break;
    in_p[t] = true;
    for (int inner = 0; inner < 3 * N + 10; ++inner) {
      Vector s;
      solve_p(&s);
      bool positive = true;
      for (int j = 0; j < N; ++j) positive = positive && (!in_p[j] || s[j] > 0);
      if (positive) {
        u = s;
        break;
      }
      double alpha = 1;
      for (int j = 0; j < N; ++j)
        if (in_p[j] && s[j] <= 0) alpha = std::min(alpha, u[j] / (u[j] - s[j]));
      u += alpha * (s - u);
      for (int j = 0; j < N; ++j)
        if (in_p[j] && u[j] <= 0) {
          in_p[j] = false;
          u[j] = 0;
        }
    }
  }
  return u;
}

// Least distance programming (Lawson & Hanson, ch. 23, Algorithm LDP): min ||z|| subject to
// C z >= h, from the NNLS solution u of [C^T; h^T] u ~ [0; 1]: with r its residual,
// z = -r[0..n) / r[n]. False when the constraints are incompatible (r[n] = 0).
bool LeastDistance(const Matrix& C, const Vector& h, Vector* z) {
  const int n = static_cast<int>(C.cols()), m = static_cast<int>(C.rows());
  if (m == 0) {
    z->setZero(n);
    return true;
  }
  Matrix E(n + 1, m);
  E.topRows(n) = C.transpose();
  E.row(n) = h.transpose();
  Vector f = Vector::Zero(n + 1);
  f[n] = 1;
  const Vector u = NonNegativeLeastSquares(E, f);
  const Vector res = E * u - f;
  if (!(res[n] < -1e-12)) return false;
  *z = -res.head(n) / res[n];
  // Incompatible constraints can leave a tiny residual: check the answer itself.
  const double violation = (h - C * *z).maxCoeff();
  return violation <= 1e-9 * std::max(1.0, h.cwiseAbs().maxCoeff());
}

}  // namespace outturn::internal
