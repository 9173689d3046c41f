// SPDX-License-Identifier: MIT
#pragma once
/// \file bridge.h
/// `outturn bridge`: each driver's contribution to the change between two scenarios.

#include <string>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/report/output.h"

namespace outturn {

/// The bridge from `from` to `to` (the models it was computed on), steps by their
/// contribution to the first KPI, largest first. `seek`: when `to` is the solution of a
/// MultiGoalSeek from `from` (bridging to the targets), the drivers it moved.
std::string RenderBridge(const Model& from, const Model& to, const BridgeResult& result, Format format,
                         const MultiGoalSeekResult* seek = nullptr);

/// Why a bridge to the targets has no "to" side: "bridge: cannot reach the targets by
/// moving a, b: " and the seek's message.
std::string BridgeToTargetsFailure(const MultiGoalSeekResult& seek);

}  // namespace outturn
