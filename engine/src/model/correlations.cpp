// SPDX-License-Identifier: MIT
// Correlations between uncertain drivers: names resolved, the matrix checked (symmetric,
// unit diagonal, positive semi-definite, naming the eigenvalue), or replaced by the nearest
// correlation matrix when the file asks for it.
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Eigenvalues>

#include "base/text_util.h"
#include "model/resolve.h"

namespace outturn::internal {
namespace {

[[noreturn]] void FailAt(const std::shared_ptr<const YamlFile>& f, const SourceLocation& loc,
                         const std::string& key_path, const std::string& msg) {
  throw ModelError(loc, key_path, msg, f ? f->SourceLine(loc.line) : "");
}

// Higham (2002), "Computing the nearest correlation matrix -- a problem from finance",
// IMA J. Numer. Anal. 22: alternating projections onto the positive semi-definite matrices
// and the unit-diagonal matrices, with Dykstra's correction.
Eigen::MatrixXd NearestCorrelation(const Eigen::MatrixXd& a) {
  const int n = static_cast<int>(a.rows());
  Eigen::MatrixXd y = a, ds = Eigen::MatrixXd::Zero(n, n), x = a;
  for (int it = 0; it < 1000; ++it) {
    const Eigen::MatrixXd r = y - ds;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(r);
    x = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).asDiagonal() * es.eigenvectors().transpose();
    ds = x - r;
    Eigen::MatrixXd next = x;
    next.diagonal().setOnes();
    const double change = (next - y).norm();
    y = next;
    if (change < 1e-12 * n) break;
  }
  // Clip what rounding left below zero, and rescale to a unit diagonal.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(y);
  y = es.eigenvectors() * es.eigenvalues().cwiseMax(1e-12).asDiagonal() * es.eigenvectors().transpose();
  const Eigen::VectorXd d = y.diagonal().cwiseSqrt().cwiseInverse();
  return d.asDiagonal() * y * d.asDiagonal();
}

}  // namespace

std::vector<Correlation> ResolveCorrelations(const RawModel& raw, const std::vector<Driver>& drivers) {
  std::vector<Correlation> out;
  std::vector<int> owner(drivers.size(), -1);
  for (size_t g = 0; g < raw.correlations.size(); ++g) {
    const RawCorrelation& rc = raw.correlations[g];
    Correlation c;
    for (size_t i = 0; i < rc.drivers.size(); ++i) {
      const std::string& n = rc.drivers[i];
      int d = -1;
      for (size_t k = 0; k < drivers.size(); ++k)
        if (drivers[k].name == n) d = static_cast<int>(k);
      if (d < 0) {
        std::vector<std::string> names;
        for (const Driver& x : drivers) names.push_back(x.name);
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers", UnknownName("driver", n, names));
      }
      if (drivers[d].distribution.type == DistributionType::kNone)
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers",
               "driver '" + n + "' has no distribution to correlate");
      if (owner[d] >= 0)
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers",
               "driver '" + n + "' is already in correlations[" + std::to_string(owner[d]) + "]");
      owner[d] = static_cast<int>(g);
      c.drivers.push_back(d);
    }
    const int k = static_cast<int>(c.drivers.size());
    Eigen::MatrixXd m = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        rc.matrix.data(), k, k);
    const double smallest = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m).eigenvalues().minCoeff();
    if (smallest < -1e-10) {
      if (!rc.nearest)
        FailAt(raw.file, rc.loc, rc.key_path + ".matrix",
               "not positive semi-definite (smallest eigenvalue " + FormatNumber(smallest) +
                   "); fix the matrix, or set 'nearest: true' to use the nearest correlation matrix (Higham 2002)");
      m = NearestCorrelation(m);
      c.adjusted = true;
    }
    for (int r = 0; r < k; ++r)
      for (int col = 0; col < k; ++col) c.matrix.push_back(m(r, col));
    // Rank correlations to the normal scores' correlations (see Correlation in model.h).
    Eigen::MatrixXd normal(k, k);
    for (int r = 0; r < k; ++r)
      for (int col = 0; col < k; ++col) normal(r, col) = r == col ? 1.0 : 2 * std::sin(M_PI * m(r, col) / 6);
    c.normal_smallest_eigenvalue = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(normal).eigenvalues().minCoeff();
    if (c.normal_smallest_eigenvalue < -1e-10) {
      normal = NearestCorrelation(normal);
      c.normal_adjusted = true;
    }
    for (int r = 0; r < k; ++r)
      for (int col = 0; col < k; ++col) c.normal.push_back(normal(r, col));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace outturn::internal
