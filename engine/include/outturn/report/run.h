// SPDX-License-Identifier: MIT
#pragma once
/// \file run.h
/// `outturn run`: the projection and the verdict.

#include <string>

#include "outturn/compile/program.h"
#include "outturn/report/output.h"

namespace outturn {

/// The projection (every line by period, with rollups), component contributions, and the
/// verdict of every target. CSV: the lines table, a blank line, the targets table.
std::string RenderRun(const Results& results, Format format);

}  // namespace outturn
