// SPDX-License-Identifier: MIT
#pragma once
/// \file backtest.h
/// `outturn backtest`: each vintage's forecast of each target against the outcome, the
/// coverage of its bands and the width multiplier they call for.

#include <string>

#include "outturn/report/output.h"
#include "outturn/vintage/backtest.h"

namespace outturn {

/// As a table, CSV (two tables: "scores", one row per vintage and target; "coverage") or JSON.
std::string RenderBacktest(const BacktestResult& result, Format format);

}  // namespace outturn
