// SPDX-License-Identifier: MIT
#pragma once
// Accumulators: the statistics of a sweep as scenarios are computed, as floating sums per
// leaf of kLeafSize scenarios folded in index order (leaves into segments, segments into the
// totals) and exact counts; and what they say (statistics.cpp).

#include <vector>

#include "outturn/compile/program.h"
#include "outturn/sweep/sweep.h"
#include "sweep/designs.h"

namespace outturn::internal {

// Floating sums of one leaf; merged into the totals in leaf order (so the result does not
// depend on which thread computed what). Layout per KPI k: [n, mean, m2, shortfall,
// miss_sum[D]], then sum_all[D], then the regression sums.
struct Layout {
  int K = 0, D = 0;
  bool regression = false;
  int per_kpi() const { return 4 + D; }
  int sum_all() const { return K * per_kpi(); }
  int reg() const { return sum_all() + D; }
  // Regression (shifted sums): x (D), y (K), xx (D*D), xy (D*K), yy (K).
  int size() const { return reg() + (regression ? D + K + D * D + D * K + K : 0); }
};

// Exact-in-any-order parts of a chunk: counts, min, max. Histograms (bins, below, above,
// min, max) cover the K targets, then `paths` path cells (SweepOptions::path_lines, a line
// in a period each); meets only the targets.
struct Counts {
  std::vector<long long> meets, below, above;
  std::vector<long long> under;  // misses below the target (at_least) or a range's low edge; K
  std::vector<long long> bins;   // (K + paths) * B
  std::vector<double> min, max;
  long long all_meets = 0;
  void Init(int K, int B, int paths = 0);
  // The counts as one vector (meets, below, above, under, bins, all_meets), for SweepPartial.
  std::vector<long long> Pack() const;
  void Unpack(const std::vector<long long>& v, int K, int B, int paths = 0);
  void Add(const Counts& o);
};

// Chan, Golub, LeVeque (1979): merge (n, mean, m2) of two samples.
void MergeMoments(double* acc, double n_b, double mean_b, double m2_b);

// A target (or a path cell: then `target` and `at_least` are unused) as the accumulators
// see it.
struct SweepKpi {
  int output;     // row in the program's outputs
  double target;  // a range: its low edge
  double high;    // a range: its high edge
  bool at_least;
  bool range;
  double lo, inv_width;  // histogram
  bool constant;         // the same value in every scenario (e.g. a reported span)
};

// What one thread computed for scenarios [first, first + count).
struct ChunkResult {
  long long first = 0, count = 0;
  std::vector<double> leaves;  // leaf partials, Layout::size() each
  Counts counts;
};

// The state of a sweep's statistics: the histogram ranges, the segment being folded, the
// totals and the counts. Compute may run on many threads at once; the rest on one.
class Accumulator {
 public:
  Accumulator(const Model& m, const SweepOptions& o, const Design& design, const Program& program);

  /// An empty sweep: zero totals and counts, nothing merged, segments not kept; and each
  /// KPI's histogram range from a pilot run of the first min(total, 16384) scenarios (their
  /// span, widened by half of it on each side).
  void Start();
  /// Computes scenarios [first, first + count) (first leaf-aligned) into `out`: a partial per
  /// leaf and the counts. `ws` (prepared for the program) and `miss` are the thread's.
  void Compute(long long first, long long count, ChunkResult* out, Workspace& ws, std::vector<double>& miss) const;
  /// Leaves fold into their segment (kSegmentSize scenarios), segments into the totals, both
  /// in index order: the same arithmetic whether a sweep runs here or in pieces elsewhere.
  void Merge(const ChunkResult& c);
  /// Folds the segment being filled (if any) into the totals.
  void FlushSegment();

  /// A piece of a distributed sweep that starts at `first`: keep each flushed segment's sums.
  void KeepSegments(long long first);
  /// What was merged since KeepSegments(first), as the piece [first, first + count).
  SweepPartial Partial(long long first, long long count) const;
  /// Folds a piece computed elsewhere (in index order: the caller sorts them). Throws
  /// UsageError when its shape does not match this model and these options.
  void AddPartial(const SweepPartial& p);

  long long merged() const { return merged_; }  ///< scenarios merged: [0, merged)
  const Model& model() const { return model_; }
  const SweepOptions& options() const { return opt_; }
  const Design& design() const { return design_; }
  const Layout& layout() const { return layout_; }
  /// The K targets, then the path cells (line-major: each path line in every period).
  const std::vector<SweepKpi>& kpis() const { return kpis_; }
  int num_path_cells() const { return static_cast<int>(kpis_.size()) - layout_.K; }
  const std::vector<double>& totals() const { return totals_; }
  const Counts& counts() const { return counts_; }

 private:
  void Pilot(long long n);
  void BinBlock(const SweepKpi& kp, int k, const double* __restrict y, int n, Counts* c) const;
  void Bin(const SweepKpi& kp, int k, double y, long long count, Counts* c) const;
  void Regression(double* acc, const std::vector<double*>& rows, const Workspace& ws, int n) const;
  void Fold(double* into, const double* part) const;

  const Model& model_;
  const SweepOptions& opt_;
  const Design& design_;
  const Program& program_;
  Layout layout_;
  std::vector<SweepKpi> kpis_;
  std::vector<double> totals_;
  std::vector<double> segment_;  // the segment being folded
  long long segment_index_ = -1;
  bool segment_used_ = false;
  bool keep_segments_ = false;  // a piece: keep each segment's sums
  std::vector<double> kept_;
  Counts counts_;
  long long merged_ = 0;
  std::vector<double> base_;  // model values of the design's drivers (regression shift)
};

// Statistics (statistics.cpp): what the accumulators say.

/// True when every target's P(meet) interval at the options' confidence is narrower than
/// until_ci, over the scenarios merged so far.
bool CiReached(const Accumulator& acc);
/// The statistics of the scenarios merged so far, into r: everything but seconds,
/// threads_used, partial and stopped_by_ci (the driver loop's). Call after FlushSegment.
void Summarize(const Accumulator& acc, SweepResult* r);

}  // namespace outturn::internal
