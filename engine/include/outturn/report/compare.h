// SPDX-License-Identifier: MIT
#pragma once
/// \file compare.h
/// `outturn compare`: scenarios side by side.

#include <string>
#include <vector>

#include "outturn/model/model.h"
#include "outturn/report/output.h"

namespace outturn {

/// Scenarios side by side: every target (forecast and verdict) and every KPI line in each
/// fiscal-year span, then the drivers whose values differ between the scenarios. The models
/// must share a calendar (the same model under different scenarios); throws UsageError if not.
std::string RenderCompare(const std::vector<Model>& models, Format format);

}  // namespace outturn
