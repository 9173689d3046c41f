// SPDX-License-Identifier: MIT
#pragma once
/// \file goalseek.h
/// `outturn goalseek`: one driver, several drivers, or the break-even table.

#include <string>

#include "outturn/analysis/goalseek.h"
#include "outturn/report/output.h"

namespace outturn {

/// One driver's value that meets the goal (or why there is none). `model`: the model the
/// result was computed on.
std::string RenderGoalSeek(const Model& model, const GoalSeekResult& result, Format format);
/// The least weighted change of several drivers that meets the goals, and each goal's verdict.
std::string RenderMultiGoalSeek(const Model& model, const MultiGoalSeekResult& result, Format format);
/// Each top driver's break-even value alone, for each goal.
std::string RenderBreakEven(const Model& model, const BreakEvenResult& result, Format format);

}  // namespace outturn
