// SPDX-License-Identifier: MIT
#pragma once
/// \file backtest.h
/// Forecasts made at earlier dates scored against the outcome reported later (`outturn
/// backtest`), and the width multiplier the scores call for applied to a model's
/// distributions (`--calibrate`).

#include <cstdint>
#include <string>
#include <vector>

#include "outturn/model/model.h"

namespace outturn {

struct BacktestOptions {
  std::string outcome_path;  ///< the outcome CSV: line, period, value[, unit, source]
  long long samples = 100'000;
  std::uint64_t seed = 1;
  int threads = 0;
  double confidence = 0.95;  ///< of the P(meet) and coverage intervals
};

/// One target of one vintage, with the outcome of its line and span.
struct BacktestScore {
  std::string vintage;         ///< the vintage's file
  std::string as_of, through;  ///< model.as_of ("" when not given) and actuals_through
  std::string target, line, span;
  Direction direction = Direction::kAtLeast;
  double target_value = 0, target_high = 0;
  double forecast = 0;                                ///< the base case (no driver sampled)
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;  ///< the sweep's quantiles
  double p_meet = 0, p_meet_low = 0, p_meet_high = 0;
  double outcome = 0;
  /// Where the outcome fell: the sweep's distribution function at it, in [0, 1] (read from
  /// the histogram, linear within a bin).
  double percentile = 0;
  bool outcome_meets = false, forecast_meets = false;
  bool verdict_right = false;  ///< the base case's verdict is the outcome's
  double brier = 0;            ///< (P(meet) - 1[outcome meets])^2
  /// The continuous ranked probability score of the sweep's distribution at the outcome, in
  /// the target's unit: the integral of (F(x) - 1[x >= outcome])^2 (F from the histogram, so
  /// exact to within a bin width). 0 for a point forecast at the outcome.
  double crps = 0;
  bool in50 = false, in90 = false;  ///< inside [P25, P75], [P5, P95]
  /// How far the outcome lies from the median in units of the band's half on its side:
  /// (y - P50) / (P95 - P50) above the median, (P50 - y) / (P50 - P5) below it (1: on the
  /// 90% band's edge); `stretch50` the same against P75 and P25.
  double stretch90 = 0, stretch50 = 0;
};

struct BacktestResult {
  std::string outcome_path;
  long long samples = 0;
  std::uint64_t seed = 0;
  double confidence = 0.95;
  std::vector<BacktestScore> scores;  ///< vintages in the order given, targets in file order
  int n = 0, in50 = 0, in90 = 0;      ///< outcomes scored, and inside each band
  /// Clopper-Pearson intervals (at `confidence`) of each band's coverage.
  double in50_low = 0, in50_high = 0, in90_low = 0, in90_high = 0;
  double mean_brier = 0;
  int verdicts_right = 0;
  /// The width multipliers that would have made the bands honest: scaling every band about
  /// its median by `multiplier90` would have put ceil(0.9 n) of the n outcomes inside the 90%
  /// bands (the ceil(0.9 n)-th smallest stretch90); `multiplier50` likewise for the 50%
  /// bands (ceil(0.5 n)-th smallest stretch50). Below 1: the bands were too wide.
  double multiplier90 = 0, multiplier50 = 0;
  std::vector<std::string> notes;  ///< what was not scored, and what the statistics assume
};

/// Sweeps each vintage (Monte Carlo, `samples` scenarios, `seed`) and scores each of its
/// targets whose line and span the outcome file gives. The outcome file is checked against
/// each vintage as `outturn actuals` checks a results file (file:line:col errors); no target
/// with an outcome is an error. Vintages must be model files (or scenario files).
BacktestResult Backtest(const std::vector<std::string>& vintages, const BacktestOptions& options);

/// The model file `model_path` with every distribution's spread multiplied by `multiplier`
/// (> 0), as YAML text: normal, truncated normal and lognormal `sd`; uniform about its
/// midpoint; triangular and PERT about their mode; discrete and empirical values about their
/// mean; per-period shocks' `sd`. An end that would leave the driver's bounds (or a truncated
/// normal's support) is clipped to them; a lognormal keeps its mean. Date drivers keep their
/// distributions. `notes` receives each clip and each driver left as it was. The text is
/// loaded once before it is returned (an error if it does not load).
std::string CalibrateModel(const std::string& model_path, double multiplier, std::vector<std::string>* notes);

}  // namespace outturn
