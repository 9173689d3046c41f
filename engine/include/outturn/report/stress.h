// SPDX-License-Identifier: MIT
#pragma once
/// \file stress.h
/// `outturn stress`: the most probable way to miss each target (FORM design points).

#include <string>

#include "outturn/report/output.h"
#include "outturn/sweep/stress.h"
#include "outturn/sweep/sweep.h"

namespace outturn {

/// Each target's design point: beta and the first-order P(miss) (beside the sweep's P(miss)
/// when `sweep` is given, a Monte Carlo sweep of the same model), each driver's value and
/// percentile there and its share of beta^2, ranked (the `top` ones in the table; 0: all),
/// and the quarterly P&L of that scenario.
std::string RenderStress(const Model& model, const StressResult& result, const SweepResult* sweep, Format format,
                         int top = 10);

}  // namespace outturn
