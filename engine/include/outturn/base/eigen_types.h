// SPDX-License-Identifier: MIT
#pragma once
/// \file eigen_types.h
/// The Eigen vocabulary of the public API, defined once.
///
/// Batches are row-major: one row per input (or output cell), one column per scenario, so
/// that a row (one quantity across scenarios) is contiguous, which is what the evaluator
/// streams over, and what numpy's default C order maps to without a copy.

#include <Eigen/Core>

namespace outturn {

using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;  ///< column-major; Jacobians (cells x inputs)
using BatchMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstBatchRef = Eigen::Ref<const BatchMatrix>;
using BatchRef = Eigen::Ref<BatchMatrix>;
using ConstVectorRef = Eigen::Ref<const Vector>;

}  // namespace outturn
