// SPDX-License-Identifier: MIT
#pragma once
// Sampling designs (grid, one-at-a-time, Monte Carlo, Latin hypercube, Sobol): the drivers a
// sweep varies and their values in scenarios [first, first + n), written straight into the
// tape's input rows; and the program a sweep runs over those rows.

#include <cstdint>
#include <memory>
#include <vector>

#include "outturn/compile/program.h"
#include "outturn/sweep/sweep.h"
#include "sweep/correlation.h"
#include "sweep/sampling.h"

namespace outturn::internal {

constexpr int kBlock = 128;  // scenarios per block: divides kLeafSize
static_assert(kLeafSize % kBlock == 0, "a leaf is whole blocks");
/// Iman-Conover reorders the scenarios of aligned blocks of this many (whatever the sweep's
/// size, chunks or threads): on blocks of 128 its finite-sample dependence moved P(meet) on a
/// correlated model by 0.0008 at 10^7 (tests/data/correlated.yaml); at 2^16 the bias is
/// below a 10^7 run's interval.
constexpr long long kReorderBlock = 1 << 16;
/// Poisson bootstrap replicates behind each Sobol index's interval.
constexpr int kSobolBootstrapReplicates = 200;

class Design {
 public:
  /// The design `o` describes over `m`'s uncertain drivers (o.drivers, or all of them).
  /// `correlate`: apply the model's correlations (Sobol indices assume independent drivers
  /// and build their designs without them). Throws UsageError (no uncertain drivers, an
  /// unknown name or one without a distribution, a grid too large, too many Sobol dimensions).
  Design(const Model& m, const SweepOptions& o, bool correlate = true);

  const std::vector<ShockRow>& shock_rows() const { return shock_rows_; }
  /// Rows Fill writes: the drivers, then one per shocked driver and forecast period.
  int rows() const { return dims() + static_cast<int>(shock_rows_.size()); }

  int dims() const { return static_cast<int>(drivers_.size()); }
  /// The varied drivers (model indices), in design order.
  const std::vector<int>& drivers() const { return drivers_; }
  /// Scenarios in the sweep: o.samples, capped for grid and oat at the design's size.
  long long total() const { return total_; }
  /// Grid and one-at-a-time: each driver's levels, Quantile(d, 0.05 + 0.9 k / (points - 1))
  /// (a date driver's to the day); empty for the random designs.
  const std::vector<std::vector<double>>& levels() const { return levels_; }

  /// Writes the driver values of scenarios [first, first + n) into rows[r][0..n), r < rows().
  /// Thread-safe.
  void Fill(long long first, int n, double* const* rows) const;

 private:
  // Each varied driver's values, a date driver's rounded to the nearest day (a date is a
  // day: a sampled scenario is one that --set can write back).
  void FillDrivers(long long first, int n, double* const* rows) const;
  void FillMarginals(long long first, int n, double* const* rows) const;
  // The correlated rows of scenarios [first, first + n), reordered by Iman-Conover over their
  // kReorderBlock blocks (each block computed once per thread and kept for the next call).
  void FillReordered(long long first, int n, double* const* rows) const;

  std::uint64_t id_;  // tells this design's cached blocks from another's

  SweepMethod method_;
  std::vector<int> drivers_;
  std::vector<Inverter> inverters_;
  std::vector<std::uint64_t> keys_, perm_keys_;
  std::vector<double> base_, shifts_;
  std::vector<int> date_rows_;  // design rows of date drivers
  std::vector<std::vector<double>> levels_;
  std::vector<CorrelationGroup> groups_;
  std::vector<ShockRow> shock_rows_;
  int lhs_bits_ = 0;
  long long total_ = 0;
};

/// The program a sweep runs: its inputs are the rows the design writes (each driver's value,
/// then its shocked periods), its outputs the targets' cells and then `extra` cells, its
/// blocks kBlock scenarios. Throws UsageError for a model without targets.
std::unique_ptr<Program> TargetProgram(const Model& m, const Design& design, const std::vector<Cell>& extra = {});
/// The cells of SweepOptions::path_lines: each line in every period, line-major. Throws
/// UsageError naming an unknown line.
std::vector<Cell> PathCells(const Model& m, const SweepOptions& o);

/// Passes over a design besides the sweep's statistics, run by Sweep when asked for: Sobol
/// indices by the Saltelli design into r->kpis (saltelli.cpp), and the CSV dump of scenarios
/// [0, count) to o.dump_path (dump.cpp).
void SobolIndices(const Model& m, const SweepOptions& o, SweepResult* r);
void Dump(const Model& m, const SweepOptions& o, long long count);
/// The design table of a grid or one-at-a-time design into r->design (designs.cpp).
void DesignTable(const Model& m, const SweepOptions& o, SweepResult* r);

}  // namespace outturn::internal
