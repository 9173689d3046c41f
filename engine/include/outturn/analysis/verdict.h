// SPDX-License-Identifier: MIT
#pragma once
/// \file verdict.h
/// Does the target hold? Forecast against target for every target of a model, the gap,
/// and what the periods still open must deliver.

#include <string>
#include <vector>

#include "outturn/compile/program.h"

namespace outturn {

struct TargetVerdict {
  std::string name;  ///< target name
  std::string line;  ///< line name
  std::string span;  ///< column label, e.g. "FY10"
  std::string description;
  Direction direction = Direction::kAtLeast;
  double target = 0;
  double forecast = 0;
  double gap = 0;         ///< forecast - target (positive: above target)
  double gap_pct = 0;     ///< gap / |target| (0 when target is 0)
  bool met = false;       ///< forecast on the right side of target (equality meets)
  bool reported = false;  ///< every period of the span is reported: a fact, not a forecast

  /// For summed lines with open periods in the span:
  bool has_open = false;
  int open_periods = 0;
  std::string open_label;       ///< "3Q10..4Q10"
  double reported_to_date = 0;  ///< sum over the span's reported periods
  double open_forecast = 0;     ///< forecast sum over the open periods
  double open_required = 0;     ///< what the open periods must deliver to meet the target
  std::string reported_label;   ///< "1Q10..2Q10" (empty when none reported)
};

/// The verdict for each target of the model, from a full projection.
std::vector<TargetVerdict> Verdicts(const Results& results);

}  // namespace outturn
