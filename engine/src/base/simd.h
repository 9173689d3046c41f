// SPDX-License-Identifier: MIT
#pragma once
// The dispatch control behind outturn/base/simd.h, for the files that export kernels.

#include "outturn/base/simd.h"

namespace outturn::internal {

/// Applies OUTTURN_SIMD once per process, before the first dispatched call; cheap after
/// that (a function-local static). Every exported kernel's wrapper calls it first. An
/// unusable OUTTURN_SIMD leaves the best target in place here (SimdTarget() reports it).
void SimdInit();

}  // namespace outturn::internal
