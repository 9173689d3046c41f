// SPDX-License-Identifier: MIT
#pragma once
/// \file evolution.h
/// How each target's forecast moved from one vintage of a model to the next (`outturn
/// evolution`), and why, as a bridge whose steps add up exactly to the change.

#include <cstdint>
#include <string>
#include <vector>

#include "outturn/model/model.h"

namespace outturn {

struct EvolutionOptions {
  long long samples = 0;  ///< 0: no sweeps; else Monte Carlo scenarios per vintage
  std::uint64_t seed = 1;
  int threads = 0;
  double confidence = 0.95;
};

/// A vintage's sweep of one target (EvolutionOptions::samples > 0).
struct EvolutionBand {
  double p5 = 0, p50 = 0, p95 = 0;
  double p_meet = 0, p_meet_low = 0, p_meet_high = 0;
};

/// One target present in both vintages (matched by name).
struct EvolutionTarget {
  std::string target, line, span;
  Direction direction = Direction::kAtLeast;
  double old_target = 0, new_target = 0;  ///< the target (a range: its low edge) in each vintage
  double old_high = 0, new_high = 0;      ///< a range's high edge (else the target)
  double old_forecast = 0, new_forecast = 0;
  /// forecast - edge, as `run` gives it (TargetVerdict::gap: the target, or a range's edge
  /// nearest the forecast).
  double old_gap = 0, new_gap = 0;
  bool old_met = false, new_met = false;
  /// EvolutionResult::steps' contributions: they add up exactly (==, in any order) to
  /// new_forecast - old_forecast when `exact`.
  std::vector<double> steps;
  bool exact = false;
  /// The surprise step is split out only where the target's line rolls up by sum, last or
  /// average; for a `formula` rollup (a ratio) it is 0 and the whole effect of the actuals
  /// is in the carried step.
  bool surprise_split = true;
  EvolutionBand old_band, new_band;  ///< when swept
};

/// A figure of a period the new vintage reports and the old one forecast.
struct Surprise {
  std::string line, period;
  double actual = 0, old_forecast = 0;  ///< difference: actual - old_forecast
};

struct EvolutionResult {
  std::string old_path, new_path;
  std::string old_as_of, new_as_of;
  std::string old_through, new_through;
  /// The bridge's steps: "surprise" (the new actuals against the old forecast of the same
  /// periods, in the target's span), "carried" (what the new actuals carry into the open
  /// periods, through prev, lags and run-rates, and any change to the formulas), then each
  /// driver whose open-period values changed (the new assumptions), in file order.
  std::vector<std::string> steps;
  std::vector<EvolutionTarget> targets;
  std::vector<Surprise> surprises;  ///< every line with an actual in a newly reported period
  long long samples = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> notes;
};

/// The evolution from `old_path` to `new_path`, two vintages of one model (the same
/// name and calendar; the new one reports at least the old one's periods). The bridge: from the old
/// forecast F0, through F1 (the new vintage with the old vintage's values of every driver in
/// the periods still open: the new actuals, the old assumptions) to the new forecast F2;
/// surprise + carried = F1 - F0, and the drivers' steps are the Shapley bridge from F1 to F2
/// (analysis/bridge.h); all are apportioned to one quantum so that they add up exactly.
/// Throws UsageError when the files are not vintages of one model.
EvolutionResult Evolution(const std::string& old_path, const std::string& new_path, const EvolutionOptions& options);

}  // namespace outturn
