// SPDX-License-Identifier: MIT
#pragma once
/// \file actuals.h
/// `outturn actuals`: what a results CSV added to the next vintage.

#include <string>

#include "outturn/report/output.h"
#include "outturn/vintage/actuals.h"

namespace outturn {

/// The move of actuals_through and each figure read (line, period, value, where it went:
/// `actuals` or, for a computed line, `reported`), as a table, CSV or JSON. `written`: the
/// file the vintage was written to.
std::string RenderActuals(const ActualsResult& result, const std::string& written, Format format);

}  // namespace outturn
