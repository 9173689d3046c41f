// SPDX-License-Identifier: MIT
#pragma once
/// \file sensitivity.h
/// `outturn sensitivity`: exact derivatives, elasticities and effects.

#include <string>

#include "outturn/analysis/sensitivity.h"
#include "outturn/report/output.h"

namespace outturn {

/// The inputs the table shows per KPI unless told otherwise (`outturn sensitivity --top`).
inline constexpr int kSensitivityTop = 15;

/// Per KPI the derivative by each input, its elasticity, its range and the effect across
/// it, ranked. `model`: the model the result was computed on. Table: `top` inputs per KPI
/// (0: all; inputs that do not move it are counted, not listed).
std::string RenderSensitivity(const Model& model, const SensitivityResult& result, Format format,
                              int top = kSensitivityTop);

}  // namespace outturn
