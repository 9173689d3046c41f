// SPDX-License-Identifier: MIT
// The accumulators (sweep/accumulate.h): per-leaf sums of a chunk of scenarios (moments,
// shortfall, miss drivers, regression sums) and its exact counts (meets, histogram, extremes),
// folded leaf by leaf in index order; pieces of distributed sweeps.
#include "sweep/accumulate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "base/vecmath.h"

namespace outturn::internal {

void Counts::Init(int K, int B, int paths) {
  const int H = K + paths;
  meets.assign(K, 0);
  below.assign(H, 0);
  above.assign(H, 0);
  bins.assign(static_cast<size_t>(H) * B, 0);
  min.assign(H, INFINITY);
  max.assign(H, -INFINITY);
  under.assign(K, 0);
}

std::vector<long long> Counts::Pack() const {
  std::vector<long long> v(meets);
  v.insert(v.end(), below.begin(), below.end());
  v.insert(v.end(), above.begin(), above.end());
  v.insert(v.end(), under.begin(), under.end());
  v.insert(v.end(), bins.begin(), bins.end());
  v.push_back(all_meets);
  return v;
}

void Counts::Unpack(const std::vector<long long>& v, int K, int B, int paths) {
  Init(K, B, paths);
  const int H = K + paths;
  auto it = v.begin();
  std::copy(it, it + K, meets.begin());
  it += K;
  std::copy(it, it + H, below.begin());
  it += H;
  std::copy(it, it + H, above.begin());
  it += H;
  std::copy(it, it + K, under.begin());
  it += K;
  std::copy(it, it + static_cast<long>(H) * B, bins.begin());
  it += static_cast<long>(H) * B;
  all_meets = *it;
}

void Counts::Add(const Counts& o) {
  for (size_t k = 0; k < meets.size(); ++k) {
    meets[k] += o.meets[k];
    under[k] += o.under[k];
  }
  for (size_t k = 0; k < below.size(); ++k) {
    below[k] += o.below[k];
    above[k] += o.above[k];
    min[k] = std::min(min[k], o.min[k]);
    max[k] = std::max(max[k], o.max[k]);
  }
  for (size_t i = 0; i < bins.size(); ++i) bins[i] += o.bins[i];
  all_meets += o.all_meets;
}

// Chan, Golub, LeVeque (1979): merge (n, mean, m2) of two samples.
void MergeMoments(double* acc, double n_b, double mean_b, double m2_b) {
  const double n_a = acc[0];
  if (n_b == 0) return;
  if (n_a == 0) {
    acc[0] = n_b;
    acc[1] = mean_b;
    acc[2] = m2_b;
    return;
  }
  const double n = n_a + n_b, delta = mean_b - acc[1];
  acc[1] += delta * (n_b / n);
  acc[2] += m2_b + delta * delta * (n_a * n_b / n);
  acc[0] = n;
}

namespace {

// 1.0 where the scenario misses the target, else 0.0 (a loop that vectorizes); `u`: 1.0
// where it misses below (at_least, or under a range's low edge).
void MissFlags(const double* __restrict y, int n, const SweepKpi& kp, double* __restrict m, double* __restrict u) {
  const double target = kp.target, high = kp.high;
  if (kp.range) {
    for (int j = 0; j < n; ++j) {
      u[j] = y[j] < target ? 1.0 : 0.0;
      m[j] = u[j] + (y[j] > high ? 1.0 : 0.0);
    }
  } else if (kp.at_least) {
    for (int j = 0; j < n; ++j) u[j] = m[j] = y[j] < target ? 1.0 : 0.0;
  } else {
    for (int j = 0; j < n; ++j) {
      m[j] = y[j] > target ? 1.0 : 0.0;
      u[j] = 0.0;
    }
  }
}

}  // namespace

Accumulator::Accumulator(const Model& m, const SweepOptions& o, const Design& design, const Program& program)
    : model_(m), opt_(o), design_(design), program_(program) {
  // The program's outputs: the targets, then the path cells.
  layout_.K = static_cast<int>(m.targets().size());
  layout_.D = design.dims();
  layout_.regression = o.regression;
  for (int k = 0; k < layout_.K; ++k) {
    const Target& t = m.targets()[k];
    kpis_.push_back({k, t.value, t.is_range() ? t.high : t.value, t.direction == Direction::kAtLeast, t.is_range(), 0,
                     0, program.OutputIsConstant(k)});
  }
  for (int q = layout_.K; q < program.num_outputs(); ++q)
    kpis_.push_back({q, 0, 0, true, false, 0, 0, program.OutputIsConstant(q)});
  for (int d : design.drivers()) base_.push_back(m.drivers()[d].value);
}

void Accumulator::Start() {
  Pilot(std::min<long long>(design_.total(), 16384));
  totals_.assign(layout_.size(), 0.0);
  segment_.assign(layout_.size(), 0.0);
  segment_index_ = -1;
  segment_used_ = false;
  kept_.clear();
  keep_segments_ = false;
  counts_.Init(layout_.K, opt_.histogram_bins, num_path_cells());
  merged_ = 0;
}

// The histogram range: the pilot's span, widened by half of it on each side.
void Accumulator::Pilot(long long n) {
  Workspace ws;
  program_.PrepareWorkspace(ws);
  std::vector<double*> rows(design_.rows());
  for (int i = 0; i < design_.rows(); ++i) rows[i] = program_.InputRow(ws, i);
  const int H = static_cast<int>(kpis_.size());
  std::vector<double> lo(H, INFINITY), hi(H, -INFINITY);
  for (long long s = 0; s < n; s += kBlock) {
    const int m = static_cast<int>(std::min<long long>(kBlock, n - s));
    design_.Fill(s, m, rows.data());
    program_.RunBlock(ws, m, s);
    for (int k = 0; k < H; ++k) {
      const double* y = program_.OutputRow(ws, kpis_[k].output);
      for (int j = 0; j < m; ++j) {
        lo[k] = std::min(lo[k], y[j]);
        hi[k] = std::max(hi[k], y[j]);
      }
    }
  }
  for (int k = 0; k < H; ++k) {
    double span = hi[k] - lo[k];
    if (!(span > 0)) span = std::max(1.0, std::fabs(hi[k])) * 1e-6;
    kpis_[k].lo = lo[k] - 0.5 * span;
    kpis_[k].inv_width = opt_.histogram_bins / (2.0 * span);
  }
}

// Bin's counts for a block: the bin of every lane first (vectorized; B for below, B + 1 for
// above), then the increments.
void Accumulator::BinBlock(const SweepKpi& kp, int k, const double* __restrict y, int n, Counts* c) const {
  const int B = opt_.histogram_bins;
  std::int32_t idx[kBlock];
  const double lo = kp.lo, inv = kp.inv_width, top = B;
  for (int j = 0; j < n; ++j) {
    const double pos = (y[j] - lo) * inv;
    const double clamped = pos < 0 ? 0.0 : (pos >= top ? 0.0 : pos);
    const std::int32_t b = static_cast<std::int32_t>(clamped);
    idx[j] = pos < 0 ? B : (pos >= top ? B + 1 : b);
  }
  long long* bins = &c->bins[static_cast<size_t>(k) * B];
  long long under = 0, over = 0;
  for (int j = 0; j < n; ++j) {
    const std::int32_t b = idx[j];
    if (b < B)
      ++bins[b];
    else if (b == B)
      ++under;
    else
      ++over;
  }
  c->below[k] += under;
  c->above[k] += over;
}

void Accumulator::Bin(const SweepKpi& kp, int k, double y, long long count, Counts* c) const {
  const int B = opt_.histogram_bins;
  const double pos = (y - kp.lo) * kp.inv_width;
  if (pos < 0)
    c->below[k] += count;
  else if (pos >= B)
    c->above[k] += count;
  else
    c->bins[static_cast<size_t>(k) * B + static_cast<size_t>(pos)] += count;
}

// Computes scenarios [first, first + count), leaf-aligned.
void Accumulator::Compute(long long first, long long count, ChunkResult* out, Workspace& ws,
                          std::vector<double>& miss) const {
  const int K = layout_.K, D = layout_.D, B = opt_.histogram_bins;
  out->first = first;
  out->count = count;
  const long long leaves = (count + kLeafSize - 1) / kLeafSize;
  out->leaves.assign(static_cast<size_t>(leaves) * layout_.size(), 0.0);
  out->counts.Init(K, B, num_path_cells());
  std::vector<double*> rows(design_.rows());
  for (int i = 0; i < design_.rows(); ++i) rows[i] = program_.InputRow(ws, i);
  miss.resize(static_cast<size_t>(K) * kBlock);
  std::vector<double> all(kBlock), driver_sums(D);
  for (long long leaf = 0; leaf < leaves; ++leaf) {
    double* acc = &out->leaves[static_cast<size_t>(leaf) * layout_.size()];
    const long long lbeg = first + leaf * kLeafSize, lend = std::min(first + count, lbeg + kLeafSize);
    for (long long s = lbeg; s < lend; s += kBlock) {
      const int n = static_cast<int>(std::min<long long>(kBlock, lend - s));
      design_.Fill(s, n, rows.data());
      program_.RunBlock(ws, n, s);
      // Every sum in SumFixed's order: the same bits on every CPU and vector width.
      for (int i = 0; i < D; ++i) driver_sums[i] = SumFixed(rows[i], n);
      Eigen::Map<Eigen::ArrayXd> All(all.data(), n);
      All.setOnes();
      for (int k = 0; k < K; ++k) {
        const SweepKpi& kp = kpis_[k];
        const double* y = program_.OutputRow(ws, kp.output);
        Eigen::Map<const Eigen::ArrayXd> Y(y, n);
        double* a = acc + k * layout_.per_kpi();
        Counts& c = out->counts;
        Eigen::Map<Eigen::ArrayXd> M(&miss[static_cast<size_t>(k) * kBlock], n);
        // 1 where the scenario misses the target (and where it misses below).
        double under[kBlock];
        MissFlags(y, n, kp, M.data(), under);
        const double* mk = M.data();
        const double misses = SumFixed(mk, n);
        c.meets[k] += n - static_cast<long long>(misses);
        c.under[k] += static_cast<long long>(SumFixed(under, n));
        All *= 1.0 - M;
        // The shortfall: the distance to the edge missed (a range's low edge below it, its
        // high edge above it).
        if (kp.range)
          a[3] +=
              SumFixed(n, [&](int j) { return under[j] * (kp.target - y[j]) + (mk[j] - under[j]) * (y[j] - kp.high); });
        else
          a[3] += SumFixed(n, [&](int j) { return mk[j] * std::fabs(kp.target - y[j]); });
        if (kp.constant) {
          // Every lane holds the same value: the histogram and moments are trivial.
          MergeMoments(a, n, y[0], 0.0);
          c.min[k] = std::min(c.min[k], y[0]);
          c.max[k] = std::max(c.max[k], y[0]);
          Bin(kp, k, y[0], n, &c);
          if (misses > 0)
            for (int i = 0; i < D; ++i) a[4 + i] += driver_sums[i];
          continue;
        }
        // Moments of the block (two passes), merged into the leaf.
        const double mean = SumFixed(y, n) / n;
        MergeMoments(a, n, mean, SumFixed(n, [&](int j) { return (y[j] - mean) * (y[j] - mean); }));
        c.min[k] = std::min(c.min[k], Y.minCoeff());
        c.max[k] = std::max(c.max[k], Y.maxCoeff());
        BinBlock(kp, k, y, n, &c);
        // Drivers among the misses (all of them when every scenario of the block misses).
        if (misses == n)
          for (int i = 0; i < D; ++i) a[4 + i] += driver_sums[i];
        else if (misses > 0)
          for (int i = 0; i < D; ++i) {
            const double* x = rows[i];
            a[4 + i] += SumFixed(n, [&](int j) { return x[j] * mk[j]; });
          }
      }
      // The path cells: histograms and extremes only (counts, exact in any order).
      for (int q = K; q < static_cast<int>(kpis_.size()); ++q) {
        const SweepKpi& kp = kpis_[q];
        const double* y = program_.OutputRow(ws, kp.output);
        Counts& c = out->counts;
        if (kp.constant) {
          c.min[q] = std::min(c.min[q], y[0]);
          c.max[q] = std::max(c.max[q], y[0]);
          Bin(kp, q, y[0], n, &c);
          continue;
        }
        Eigen::Map<const Eigen::ArrayXd> Y(y, n);
        c.min[q] = std::min(c.min[q], Y.minCoeff());
        c.max[q] = std::max(c.max[q], Y.maxCoeff());
        BinBlock(kp, q, y, n, &c);
      }
      out->counts.all_meets += static_cast<long long>(SumFixed(All.data(), n));
      for (int i = 0; i < D; ++i) acc[layout_.sum_all() + i] += driver_sums[i];
      if (layout_.regression) Regression(acc, rows, ws, n);
    }
  }
}

// Sums for least squares, shifted (drivers by their model values, KPIs by their targets)
// to keep cancellation small.
void Accumulator::Regression(double* acc, const std::vector<double*>& rows, const Workspace& ws, int n) const {
  const int K = layout_.K, D = layout_.D;
  double* sx = acc + layout_.reg();
  double* sy = sx + D;
  double* sxx = sy + K;
  double* sxy = sxx + D * D;
  double* syy = sxy + D * K;
  std::vector<Eigen::ArrayXd> xs(D), ys(K);
  for (int i = 0; i < D; ++i) xs[i] = Eigen::Map<const Eigen::ArrayXd>(rows[i], n) - base_[i];
  for (int k = 0; k < K; ++k)
    ys[k] = Eigen::Map<const Eigen::ArrayXd>(program_.OutputRow(ws, kpis_[k].output), n) - kpis_[k].target;
  for (int i = 0; i < D; ++i) {
    const double* xi = xs[i].data();
    sx[i] += SumFixed(xi, n);
    for (int j = 0; j < D; ++j) {
      const double* xj = xs[j].data();
      sxx[i * D + j] += SumFixed(n, [&](int l) { return xi[l] * xj[l]; });
    }
    for (int k = 0; k < K; ++k) {
      const double* yk = ys[k].data();
      sxy[i * K + k] += SumFixed(n, [&](int l) { return xi[l] * yk[l]; });
    }
  }
  for (int k = 0; k < K; ++k) {
    const double* yk = ys[k].data();
    sy[k] += SumFixed(yk, n);
    syy[k] += SumFixed(n, [&](int l) { return yk[l] * yk[l]; });
  }
}

// Folds partial sums `part` into `into`: moments by Chan's formula, sums by addition.
void Accumulator::Fold(double* into, const double* part) const {
  const int K = layout_.K, P = layout_.per_kpi();
  for (int k = 0; k < K; ++k) {
    MergeMoments(into + k * P, part[k * P], part[k * P + 1], part[k * P + 2]);
    for (int i = 3; i < P; ++i) into[k * P + i] += part[k * P + i];
  }
  for (int i = layout_.sum_all(); i < layout_.size(); ++i) into[i] += part[i];
}

void Accumulator::Merge(const ChunkResult& c) {
  const long long leaves = static_cast<long long>(c.leaves.size()) / layout_.size();
  for (long long l = 0; l < leaves; ++l) {
    const long long segment = (c.first / kLeafSize + l) / (kSegmentSize / kLeafSize);
    if (segment != segment_index_) {
      FlushSegment();
      segment_index_ = segment;
    }
    Fold(segment_.data(), &c.leaves[static_cast<size_t>(l) * layout_.size()]);
    segment_used_ = true;
  }
  counts_.Add(c.counts);
  merged_ = c.first + c.count;
}

void Accumulator::FlushSegment() {
  if (!segment_used_) return;
  Fold(totals_.data(), segment_.data());
  if (keep_segments_) kept_.insert(kept_.end(), segment_.begin(), segment_.end());
  std::fill(segment_.begin(), segment_.end(), 0.0);
  segment_used_ = false;
}

void Accumulator::KeepSegments(long long first) {
  keep_segments_ = true;
  merged_ = first;
}

SweepPartial Accumulator::Partial(long long first, long long count) const {
  SweepPartial p;
  p.first = first;
  p.count = count;
  p.segments = kept_;
  p.counts = counts_.Pack();
  p.extremes = counts_.min;
  p.extremes.insert(p.extremes.end(), counts_.max.begin(), counts_.max.end());
  return p;
}

void Accumulator::AddPartial(const SweepPartial& p) {
  if (p.segments.size() % layout_.size() != 0 || p.counts.size() != counts_.Pack().size() ||
      p.extremes.size() != 2 * kpis_.size())
    throw UsageError("sweep piece does not match this model and options");
  for (size_t s = 0; s < p.segments.size(); s += layout_.size()) Fold(totals_.data(), &p.segments[s]);
  Counts c;
  const long H = static_cast<long>(kpis_.size());
  c.Unpack(p.counts, layout_.K, opt_.histogram_bins, num_path_cells());
  c.min.assign(p.extremes.begin(), p.extremes.begin() + H);
  c.max.assign(p.extremes.begin() + H, p.extremes.end());
  counts_.Add(c);
  merged_ = p.first + p.count;
}

}  // namespace outturn::internal
