// SPDX-License-Identifier: MIT
#pragma once
/// \file evolution.h
/// `outturn evolution`: each target's forecast, gap and verdict in two vintages, the bridge
/// between them, the newly reported figures against the old forecast, and with samples the
/// sweep's band and P(meet) before and after.

#include <string>

#include "outturn/report/output.h"
#include "outturn/vintage/evolution.h"

namespace outturn {

/// As a table, CSV (tables "targets", "bridge" in long form: target, step, contribution;
/// "surprises") or JSON.
std::string RenderEvolution(const EvolutionResult& result, Format format);

}  // namespace outturn
