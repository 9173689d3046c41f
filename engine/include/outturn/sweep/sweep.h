// SPDX-License-Identifier: MIT
#pragma once
/// \file sweep.h
/// How likely is the target? Large scenario sweeps over the uncertain drivers (those with a
/// distribution): sampling designs, streaming statistics with O(1) memory in the number of
/// scenarios, the probability of meeting each target, and what drives the misses.
///
/// Reproducibility: every random number comes from a counter-based generator keyed by
/// (seed, scenario index, driver), so scenario i is the same whatever the thread count or
/// chunk size, and a run of N samples is the first N of a run of 2N (Latin hypercube: for a
/// fixed `lhs_block`). Statistics are accumulated per leaf of kLeafSize consecutive
/// scenarios and merged in index order (floating sums) or added exactly (counts), so they
/// are bit-identical for any thread count and chunk size. (Not across builds for different
/// vector widths, e.g. -DOUTTURN_NATIVE=OFF against -march=native: Eigen's sums and the
/// eigen-decomposition behind the copula round in a width-dependent order, so correlated
/// drivers and the statistics differ there in the last bits; independent drivers do not.)

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "outturn/base/eigen_types.h"
#include "outturn/model/model.h"

namespace outturn {

enum class SweepMethod { kGrid, kOneAtATime, kMonteCarlo, kLatinHypercube, kSobol };
std::string ToString(SweepMethod m);
std::optional<SweepMethod> SweepMethodFromString(const std::string& s);  ///< grid|oat|mc|lhs|sobol

struct SweepOptions {
  /// Sampling design. grid: the cartesian product of `grid_points` levels per driver (P5 to
  /// P95 of its distribution, evenly spaced in probability: outturn::Quantile); oat: one
  /// driver at a time over those levels, the others at their model values; mc: Monte Carlo;
  /// lhs: Latin hypercube, stratified in blocks of `lhs_block`; sobol: Sobol points (Joe-Kuo
  /// directions, Boost.Random) with a random shift per driver keyed by the seed
  /// (Cranley-Patterson), so that seeds give independent replicates.
  SweepMethod method = SweepMethod::kMonteCarlo;
  /// Scenarios to evaluate. Must be >= 1. grid and oat always evaluate their whole design
  /// (grid_points^drivers points, or drivers x grid_points): for them it is the most points
  /// allowed, and a design larger than it is a UsageError (never a grid that leaves drivers at
  /// their lowest level).
  long long samples = 100'000;
  /// Seed of every random stream.
  std::uint64_t seed = 1;
  /// Worker threads; 0: every core. Results do not depend on it.
  int threads = 0;
  /// Scenarios handed to a thread at a time (rounded to whole leaves). Results do not depend
  /// on it; larger chunks mean less coordination, smaller ones a finer progress bar.
  long long chunk = 1 << 18;
  /// Stop once every target's P(meet) confidence interval is narrower than this (0: off).
  /// Checked at fixed checkpoints of the sample index (65,536 x 2^k), so that where a run
  /// stops does not depend on threads or chunks. In (0, 1).
  double until_ci = 0;
  /// Confidence level of the intervals. In (0, 1).
  double confidence = 0.95;
  /// Latin hypercube strata per block; a power of two in [2, 2^24]; 0: the largest power of
  /// two <= min(samples, 2^20).
  long long lhs_block = 0;
  /// Sobol: shift each coordinate by a random offset keyed by the seed (Cranley-Patterson
  /// rotation; independent replicates for error estimates). Off: the plain Sobol points.
  bool sobol_shift = true;
  /// Levels per driver for grid and oat. In [2, 1000].
  int grid_points = 5;
  /// Drivers the design varies (names); empty: every driver with a distribution.
  std::vector<std::string> drivers;
  /// Standardized regression coefficients of each KPI on the drivers (costs ~D^2/2
  /// multiply-adds per scenario).
  bool regression = false;
  /// Sobol sensitivity indices (first-order and total) of each target with respect to each
  /// varied driver, by the Saltelli design: `sobol_index_samples` * (drivers + 2) extra
  /// evaluations (Monte Carlo base samples drawn without the model's correlations: the
  /// estimators assume independent drivers, and the result's notes say which correlations
  /// they leave out). Each index comes with a bootstrap interval. In [0, 10^9]; 0: off.
  long long sobol_index_samples = 0;
  /// Histogram bins per KPI (quantiles are read from them). In [16, 1 << 20].
  int histogram_bins = 8192;
  /// Lines (names) whose value in every period is histogrammed too, as the targets are: the
  /// per-period quantiles of SweepResult::paths (the fan chart of `outturn report`). Counts
  /// only, added exactly, so they are the same bits for any thread count or chunk; memory:
  /// 8 bytes x histogram_bins x periods per line and chunk in flight. Empty: none.
  std::vector<std::string> path_lines;
  /// Raw samples: write the sampled drivers and the KPIs of the first `dump_limit` scenarios
  /// (CSV, atomically) to this path; empty: none.
  std::string dump_path;
  long long dump_limit = 100'000;
  /// Throws OptionsError naming the field, the value and the rule.
  void Validate() const;
};

/// Statistics of one KPI (a target's cell) over the scenarios of a sweep.
struct KpiStats {
  std::string name;  ///< target name
  std::string line, span;
  double target = 0;  ///< the target; a range (kBetween): its low edge
  double high = 0;    ///< a range: its high edge (otherwise equal to `target`)
  Direction direction = Direction::kAtLeast;
  /// The target's value in the model's own scenario (every driver at its value, nothing
  /// sampled): the base case the distribution is read against.
  double base = 0;
  double mean = 0, sd = 0, min = 0, max = 0;
  /// Quantiles at kQuantileLevels, read from the histogram by linear interpolation within a
  /// bin; each is within `quantile_error` of the exact sample quantile.
  std::vector<double> quantiles;
  double quantile_error = 0;
  /// Histogram: `bins` counts over [hist_low, hist_high), plus counts below and above.
  double hist_low = 0, hist_high = 0;
  std::vector<long long> bins;
  long long below = 0, above = 0;
  /// P(meet target), with a Wilson score interval at SweepOptions::confidence; for a range,
  /// P(within it).
  double p_meet = 0, p_low = 0, p_high = 0;
  long long meets = 0;
  /// P(below) the target (a range: its low edge) and P(above) it (a range: its high edge),
  /// each with its Wilson interval; they and P(meet) add up to 1 (at_least: P(above) = 0;
  /// at_most: P(below) = 0).
  double p_below = 0, p_below_low = 0, p_below_high = 0;
  double p_above = 0, p_above_low = 0, p_above_high = 0;
  long long misses_below = 0, misses_above = 0;
  /// E[max(target - x, 0)] (at_least) or E[max(x - target, 0)] (at_most), for a range the
  /// distance to the edge it misses: the expected shortfall against the target over all
  /// scenarios, and its mean over the misses only.
  double expected_shortfall = 0, shortfall_given_miss = 0;
  /// Per driver (SweepResult::drivers): its mean among scenarios that meet and that miss.
  std::vector<double> driver_mean_meet, driver_mean_miss;
  /// Sobol indices per driver (when requested): first-order (Saltelli 2010) and total
  /// (Jansen 1999) estimators.
  std::vector<double> sobol_first, sobol_total;
  /// Their confidence intervals at SweepOptions::confidence: percentiles of 200 Poisson
  /// bootstrap replicates of the base samples (deterministic given the seed).
  std::vector<double> sobol_first_low, sobol_first_high, sobol_total_low, sobol_total_high;
  /// Standardized regression coefficients on the drivers (when requested), and R^2.
  std::vector<double> src;
  double r_squared = 0;
};

/// The quantiles of one line in each period of the calendar over a sweep's scenarios
/// (SweepOptions::path_lines), read from per-period histograms as KpiStats::quantiles are.
struct PathStats {
  std::string line;                            ///< line name
  std::vector<std::string> periods;            ///< period labels
  std::vector<std::vector<double>> quantiles;  ///< [period][kQuantileLevels]
  /// Per period: the bin width (each quantile is within it of the exact sample quantile),
  /// INFINITY when a quantile falls outside the histogram's range.
  std::vector<double> quantile_error;
  std::vector<double> min, max;  ///< per period
};

/// One driver of a grid or one-at-a-time design: its levels and, per target, the target's
/// value at each level (one-at-a-time: the point itself, the other drivers at their model
/// values; grid: the mean over the grid's points at that level of this driver) and their range.
struct DesignDriver {
  std::string name;
  std::vector<double> levels;
  std::vector<std::vector<double>> at_level;  ///< [target][level]
  std::vector<double> range;                  ///< [target]: max - min of at_level
};

/// The quantile levels reported: P1 P5 P10 P25 P50 P75 P90 P95 P99.
extern const std::vector<double> kQuantileLevels;
/// The index of `level` in kQuantileLevels (a level it holds: OUTTURN_ASSERT).
int QuantileLevelIndex(double level);

struct SweepResult {
  /// What was swept: the model's name (or path), its scenario with every override applied
  /// (ScenarioLabel: "base with price@4Q10=12"), the overrides as `--set` takes them, and the
  /// unit of its amounts ("JPY thousands").
  std::string model, scenario;
  std::vector<std::string> overrides;
  std::string unit;
  SweepMethod method = SweepMethod::kMonteCarlo;
  std::uint64_t seed = 0;
  long long requested = 0;
  long long samples = 0;  ///< scenarios evaluated and counted
  bool partial = false;   ///< stopped early (interrupted); statistics cover `samples`
  bool stopped_by_ci = false;
  std::vector<std::string> drivers;                 ///< the drivers varied, in design order
  std::vector<double> driver_sd;                    ///< the standard deviation of each one's distribution
  std::vector<KpiStats> kpis;                       ///< one per target
  std::vector<PathStats> paths;                     ///< one per SweepOptions::path_lines
  double p_all = 0, p_all_low = 0, p_all_high = 0;  ///< P(every target met)
  long long all_meets = 0;
  int threads_used = 0;
  double seconds = 0;
  /// What the statistics simplify, each a sentence for the reader of the output: a
  /// correlation matrix repaired after its conversion to normal scores, correlated drivers
  /// sampled independently for the Sobol indices.
  std::vector<std::string> notes;
  /// Grid and one-at-a-time designs (not random samples): the design table. Their renderers
  /// print it and each target's min, max and mean over the points, never a probability.
  std::vector<DesignDriver> design;
  double rate() const { return seconds > 0 ? samples / seconds : 0; }
};

/// One driver's part in the misses of a target: its mean among the scenarios that meet and
/// among those that miss, and the difference (meet - miss) in units of the driver's
/// standard deviation (SweepResult::driver_sd; 0 when that is 0).
struct MissDriver {
  int driver = -1;  ///< index into SweepResult::drivers
  double mean_meet = 0, mean_miss = 0, gap_sd = 0;
};
/// What drives the misses of target `kpi` (index into SweepResult::kpis): every varied driver,
/// by |gap_sd| descending (ties: design order). Empty when every scenario meets or every one
/// misses (no contrast to draw).
std::vector<MissDriver> MissDrivers(const SweepResult& r, int kpi);

/// Progress: scenarios done so far, of the total.
using ProgressFn = std::function<void(long long done, long long total)>;

/// Runs a sweep of `model`'s targets. `stop`, if given, is polled between chunks: when it
/// becomes true the sweep returns what it has (partial = true). Throws OptionsError,
/// UsageError (no uncertain drivers, no targets, unknown driver names) and NumericalError
/// (a scenario producing NaN/inf, naming the line, period and scenario index).
SweepResult Sweep(const Model& model, const SweepOptions& options, const std::atomic<bool>* stop = nullptr,
                  const ProgressFn& progress = {});

/// Statistics are folded leaf by leaf (kLeafSize consecutive scenarios) into segments of
/// kSegmentSize scenarios, and segments into the totals, in index order. Distributed sweeps
/// split the sample range at segment boundaries, so that combining their pieces repeats the
/// local arithmetic exactly.
constexpr long long kLeafSize = 4096;
constexpr long long kSegmentSize = kLeafSize * 256;

/// The mergeable state of a sweep over scenarios [first, first + count): the floating sums
/// of each segment (folded in order by CombineSweep) and exact counts. Opaque but plain data
/// (vectors of numbers), so that it can cross process boundaries (Python: pickled).
struct SweepPartial {
  long long first = 0, count = 0;
  std::vector<double> segments;
  std::vector<long long> counts;
  std::vector<double> extremes;
};

/// Runs the piece [first, first + count) of the sweep that `options` describes. `first` must
/// be a multiple of kSegmentSize and the piece must end at one or at the end of the sweep.
/// Uses options.threads threads. Throws as Sweep, and UsageError for a misaligned range.
SweepPartial SweepRange(const Model& model, const SweepOptions& options, long long first, long long count,
                        const std::atomic<bool>* stop = nullptr, const ProgressFn& progress = {});

/// Combines pieces that tile [0, N) into the statistics Sweep would give, bit for bit.
/// (seconds and threads_used are left 0: the caller knows how long the pieces took.)
SweepResult CombineSweep(const Model& model, const SweepOptions& options, std::vector<SweepPartial> parts);

/// The raw scenarios [first, first + count) of the sweep that `options` describes, exactly as
/// Sweep samples and evaluates them (scenario i is the same here as in any sweep with these
/// options): each sampled input's value and each target's value, one row per input or target,
/// one column per scenario (the columns of the CSV dump, as numbers).
struct SweepSamples {
  long long first = 0;
  /// The inputs sampled, in design order: each varied driver ("name"), then each per-period
  /// shocked value ("name@PERIOD").
  std::vector<std::string> drivers;
  std::vector<std::string> targets;  ///< target names, in model order
  BatchMatrix driver_values;         ///< drivers x count
  BatchMatrix target_values;         ///< targets x count
};

/// Samples and evaluates scenarios [first, first + count) on one thread (memory: 8 bytes x
/// (drivers + targets) x count). `first + count` may not exceed the sweep's size (grid and oat
/// cap it). `stop` is polled between blocks: when it becomes true the rest is left unevaluated
/// (zeros) and the call returns. Throws as Sweep, and UsageError for an out-of-range request.
SweepSamples SampleSweep(const Model& model, const SweepOptions& options, long long first, long long count,
                         const std::atomic<bool>* stop = nullptr);

}  // namespace outturn
