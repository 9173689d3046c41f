// SPDX-License-Identifier: MIT
#pragma once
// Lawson & Hanson's NNLS and least distance programming (LDP), the solver behind the
// several-driver goal seek (MultiGoalSeek).

#include "outturn/base/eigen_types.h"

namespace outturn::internal {

/// min || E u - f || subject to u >= 0 (Lawson & Hanson, "Solving Least Squares Problems",
/// 1974, ch. 23, Algorithm NNLS).
Vector NonNegativeLeastSquares(const Matrix& E, const Vector& f);

/// min ||z|| subject to C z >= h (Algorithm LDP). False when the constraints are
/// incompatible; otherwise `*z` is the solution.
bool LeastDistance(const Matrix& C, const Vector& h, Vector* z);

}  // namespace outturn::internal
