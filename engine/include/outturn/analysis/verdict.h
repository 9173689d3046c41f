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
  double target = 0;  ///< the target; a range (kBetween): its low edge
  double high = 0;    ///< a range: its high edge (otherwise equal to `target`)
  double forecast = 0;
  /// The edge the gap is measured from: the target, or a range's edge nearest the forecast.
  double edge = 0;
  double gap = 0;      ///< forecast - edge (positive: above it); |gap| is the distance to the edge
  double gap_pct = 0;  ///< gap / |edge| (0 when the edge is 0)
  /// Below, within or above the target: a range's verdict; at_least misses below, at_most
  /// above, and `within` is met.
  Position position = Position::kWithin;
  bool met = false;       ///< forecast on the right side of target, or inside the range (edges meet)
  bool reported = false;  ///< every period of the span is reported: a fact, not a forecast

  /// For summed lines, and ratio lines (rollup: formula, `N / D` of summed lines), with open
  /// periods in the span:
  bool has_open = false;
  int open_periods = 0;
  std::string open_label;       ///< "3Q10..4Q10"
  double reported_to_date = 0;  ///< sum over the span's reported periods (a ratio line: N / D over them)
  double open_forecast = 0;     ///< forecast over the open periods (a sum, or N / D over them)
  /// What the open periods must deliver to meet the target (a range: to reach its low edge).
  /// A ratio line: the ratio N / D over the open periods, their D held at its forecast.
  double open_required = 0;
  double open_required_high = 0;  ///< a range: the most the open periods may deliver (its high edge)
  bool open_ratio = false;        ///< the open figures are ratios N / D (see open_required)
  std::string reported_label;     ///< "1Q10..2Q10" (empty when none reported)
};

/// The verdict for each target of the model, from a full projection.
std::vector<TargetVerdict> Verdicts(const Results& results);

}  // namespace outturn
