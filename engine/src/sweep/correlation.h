// SPDX-License-Identifier: MIT
#pragma once
// Dependence among a design's sampled inputs: the model's correlations (a Gaussian copula for
// Monte Carlo, Iman-Conover rank reordering for the other sampled designs) and AR(1)
// per-period shocks.

#include <cstdint>
#include <optional>
#include <vector>

#include "outturn/base/eigen_types.h"
#include "outturn/model/model.h"

namespace outturn::internal {

/// One of the model's correlations restricted to the drivers a design varies.
struct CorrelationGroup {
  std::vector<int> rows;  // design rows of the correlated drivers
  Matrix corr, factor;    // their correlation C, and B with B B^T = C
  std::uint64_t key;
};

/// B with B B^T = C for a correlation matrix C, computed in one fixed order of scalar
/// operations (the same bits on every CPU and vector width): the Cholesky factor (lower
/// triangular) when every pivot exceeds 1e-12, otherwise (semi-definite C) V sqrt(max(L, 0))
/// from a cyclic Jacobi eigen-decomposition C = V L V^T.
Matrix CorrelationFactor(const Matrix& C);

/// The model's correlations among `drivers` (model indices, in design order) with at least
/// two of them there, in the model's order; keys from `seed`.
std::vector<CorrelationGroup> CorrelationGroups(const Model& m, const std::vector<int>& drivers, std::uint64_t seed);

/// Monte Carlo with a Gaussian copula: z = Phi^-1(u), z' = B z, u' = Phi(z'), in place on the
/// uniforms of the group's rows (before inversion).
void Copula(const CorrelationGroup& g, int n, double* const* rows);

/// Iman-Conover on the sampled values of scenarios [first, first + n) (after inversion):
/// reorders each row within the block so that the ranks carry the groups' correlations.
void ImanConover(const std::vector<CorrelationGroup>& groups, long long first, int n, double* const* rows);

/// One shocked value: a design driver in one forecast period.
struct ShockRow {
  int row;  // the base row (design driver) it shocks
  int period;
  double sd, ar1;
  std::uint64_t key;
  // The period's own (by_period) value v_t, if any: its unshocked value is then
  // Driver::ProfileAt(v_t, x) of the sampled x, with the driver's value and rule.
  std::optional<double> profile;
  double value;
  bool scales;
};

/// A row per (driver with shocks, forecast period), driver by driver in design order, each
/// driver's periods in order.
std::vector<ShockRow> ShockRows(const Model& m, const std::vector<int>& drivers, std::uint64_t seed);

/// Writes shock row r into rows[first_row + r][0..n) for scenarios [first, first + n): the
/// base row's value plus the AR(1) process of model.h (Shocks).
void FillShocks(const std::vector<ShockRow>& shocks, int first_row, long long first, int n, double* const* rows);

}  // namespace outturn::internal
