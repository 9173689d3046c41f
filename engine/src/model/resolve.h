// SPDX-License-Identifier: MIT
#pragma once
// The parts of Finalize (model.cpp) that have files of their own: formulas resolved to
// indices (resolve.cpp), correlations checked (correlations.cpp).

#include <vector>

#include "model/model_data.h"

namespace outturn::internal {

/// `e`, the formula of line `self`, with every name resolved against `m` (its drivers and
/// lines must be in place). `span_mode`: the formula of a span (rollup: formula). Throws
/// ModelError at the offending token.
RExpr ResolveFormula(const ModelData& m, const FormulaSource& src, int self, bool span_mode, const Expr& e);

/// The file's correlation groups, resolved against `drivers` and checked. Throws ModelError.
std::vector<Correlation> ResolveCorrelations(const RawModel& raw, const std::vector<Driver>& drivers);

}  // namespace outturn::internal
