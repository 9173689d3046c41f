// SPDX-License-Identifier: MIT
// The sampling designs (sweep/designs.h): which drivers vary and how each design fills their
// rows for a block of scenarios; the program a sweep evaluates.
#include "sweep/designs.h"

#include <algorithm>
#include <atomic>
#include <boost/random/sobol.hpp>
#include <cmath>

#include "base/text_util.h"
#include "outturn/model/distributions.h"

namespace outturn::internal {

namespace {
std::atomic<std::uint64_t> g_design_ids{0};
}  // namespace

Design::Design(const Model& m, const SweepOptions& o, bool correlate) : id_(++g_design_ids), method_(o.method) {
  const auto& drivers = m.drivers();
  if (o.drivers.empty()) {
    for (int d = 0; d < static_cast<int>(drivers.size()); ++d)
      if (drivers[d].distribution.type != DistributionType::kNone && !drivers[d].fixed) drivers_.push_back(d);
  } else {
    for (const std::string& n : o.drivers) {
      const int d = m.FindDriver(n);
      if (d < 0) {
        std::vector<std::string> names;
        for (const Driver& x : drivers) names.push_back(x.name);
        throw UsageError(UnknownName("driver", n, names));
      }
      if (drivers[d].distribution.type == DistributionType::kNone)
        throw UsageError("driver '" + n + "' has no distribution to sample");
      drivers_.push_back(d);
    }
  }
  if (drivers_.empty()) throw UsageError("no driver has a distribution: nothing to sweep");
  std::vector<Distribution> dists;
  for (int d : drivers_) dists.push_back(drivers[d].distribution);
  inverters_ = MakeInverters(dists);
  for (size_t i = 0; i < drivers_.size(); ++i) {
    const Driver& d = drivers[drivers_[i]];
    keys_.push_back(StreamKey(o.seed, 2 * static_cast<std::uint64_t>(drivers_[i]) + 1));
    perm_keys_.push_back(StreamKey(o.seed, 2 * static_cast<std::uint64_t>(drivers_[i]) + 2));
    base_.push_back(d.value);
    if (d.is_date) date_rows_.push_back(static_cast<int>(i));
  }
  const int D = static_cast<int>(drivers_.size());
  total_ = o.samples;
  if (method_ == SweepMethod::kGrid || method_ == SweepMethod::kOneAtATime) {
    for (int i = 0; i < D; ++i) {
      std::vector<double> lv;
      for (int k = 0; k < o.grid_points; ++k)
        lv.push_back(SampledValue(drivers[drivers_[i]],
                                  Quantile(drivers[drivers_[i]].distribution, 0.05 + 0.9 * k / (o.grid_points - 1))));
      levels_.push_back(lv);
    }
    long long size = 1;  // saturates past 2^62: larger than any --samples
    if (method_ == SweepMethod::kGrid) {
      for (int i = 0; i < D; ++i) size = size > (1LL << 62) / o.grid_points ? (1LL << 62) : size * o.grid_points;
    } else {
      size = static_cast<long long>(D) * o.grid_points;
    }
    if (size > o.samples) {
      // A grid cut at `samples` would vary only its first drivers: refuse it.
      int varied = 0;
      for (long long cover = 1; varied < D && cover * o.grid_points <= o.samples; ++varied) cover *= o.grid_points;
      const std::string what =
          method_ == SweepMethod::kGrid
              ? "a grid of " + std::to_string(o.grid_points) + "^" + std::to_string(D) +
                    (size < (1LL << 62) ? " = " + WithCommas(static_cast<double>(size)) : "") + " points"
              : "a one-at-a-time design of " + std::to_string(D) + " x " + std::to_string(o.grid_points) + " = " +
                    WithCommas(static_cast<double>(size)) + " points";
      throw UsageError(what + " does not fit in --samples " + WithCommas(static_cast<double>(o.samples)) +
                       (method_ == SweepMethod::kGrid
                            ? " (only " + std::to_string(varied) + " of " + std::to_string(D) + " drivers would vary)"
                            : "") +
                       "; choose drivers (--drivers), fewer --grid-points, or raise --samples" +
                       (size < (1LL << 62) ? " to " + std::to_string(size) : std::string()));
    }
    total_ = size;
  }
  if (method_ == SweepMethod::kLatinHypercube) {
    long long b = o.lhs_block;
    if (b == 0) {
      b = 2;
      while (b * 2 <= std::min<long long>(o.samples, 1LL << 20)) b *= 2;
    }
    lhs_bits_ = 0;
    while ((1LL << lhs_bits_) < b) ++lhs_bits_;
  }
  if (method_ == SweepMethod::kSobol) {
    if (D > 3667) throw UsageError("Sobol points have at most 3667 dimensions");
    for (int i = 0; i < D; ++i) shifts_.push_back(o.sobol_shift ? UniformAt(keys_[i], 0) : 0.0);
  }
  // Correlation groups among the varied drivers (grid and oat designs ignore them).
  if (correlate && method_ != SweepMethod::kGrid && method_ != SweepMethod::kOneAtATime)
    groups_ = CorrelationGroups(m, drivers_, o.seed);
  // Per-period shocks: one more row per (shocked driver, forecast period).
  shock_rows_ = ShockRows(m, drivers_, o.seed);
}

void Design::Fill(long long first, int n, double* const* rows) const {
  FillDrivers(first, n, rows);
  if (!groups_.empty() && method_ != SweepMethod::kMonteCarlo) FillReordered(first, n, rows);
  FillShocks(shock_rows_, dims(), first, n, rows);
}

void Design::FillReordered(long long first, int n, double* const* rows) const {
  struct Cache {
    std::uint64_t design = 0;
    long long start = -1;
    std::vector<std::vector<double>> rows;
  };
  thread_local Cache cache;
  const int D = dims();
  for (long long at = first; at < first + n;) {
    const long long start = at / kReorderBlock * kReorderBlock;
    if (cache.design != id_ || cache.start != start) {
      cache.rows.resize(D);
      std::vector<double*> ptr(D);
      for (int i = 0; i < D; ++i) {
        cache.rows[i].resize(kReorderBlock);
        ptr[i] = cache.rows[i].data();
      }
      // Whole blocks, past the sweep's end too: scenario i does not depend on the sweep's size.
      FillDrivers(start, static_cast<int>(kReorderBlock), ptr.data());
      ImanConover(groups_, start, static_cast<int>(kReorderBlock), ptr.data());
      cache.design = id_;
      cache.start = start;
    }
    const long long end = std::min(first + n, start + kReorderBlock);
    for (const CorrelationGroup& g : groups_)
      for (int r : g.rows) std::copy(&cache.rows[r][at - start], &cache.rows[r][end - start], rows[r] + (at - first));
    at = end;
  }
}

void Design::FillDrivers(long long first, int n, double* const* rows) const {
  FillMarginals(first, n, rows);
  for (int r : date_rows_)
    for (int j = 0; j < n; ++j) rows[r][j] = std::nearbyint(rows[r][j]);  // SampledValue, vectorized
}

void Design::FillMarginals(long long first, int n, double* const* rows) const {
  const int D = dims();
  switch (method_) {
    case SweepMethod::kMonteCarlo:
      for (int i = 0; i < D; ++i) Uniforms(keys_[i], static_cast<std::uint64_t>(first), n, rows[i]);
      for (const CorrelationGroup& g : groups_) Copula(g, n, rows);
      for (int i = 0; i < D; ++i) inverters_[i].Apply(rows[i], n);
      return;
    case SweepMethod::kLatinHypercube: {
      const std::uint64_t mask = (1ULL << lhs_bits_) - 1;
      const double inv = std::ldexp(1.0, -lhs_bits_);
      for (int i = 0; i < D; ++i) {
        double* r = rows[i];
        Uniforms(keys_[i], static_cast<std::uint64_t>(first), n, r);  // jitter within the stratum
        for (int j = 0; j < n; ++j) {
          const std::uint64_t idx = static_cast<std::uint64_t>(first + j);
          const std::uint64_t block = idx >> lhs_bits_;
          const std::uint64_t stratum = Permute(idx & mask, lhs_bits_, perm_keys_[i] ^ Mix64(block + 1));
          r[j] = (static_cast<double>(stratum) + r[j]) * inv;
        }
        inverters_[i].Apply(r, n);
      }
      return;
    }
    case SweepMethod::kSobol: {
      thread_local std::unique_ptr<boost::random::sobol_engine<std::uint64_t, 64>> eng;
      thread_local int eng_dims = 0;
      if (!eng || eng_dims != D) {
        eng = std::make_unique<boost::random::sobol_engine<std::uint64_t, 64>>(D);
        eng_dims = D;
      }
      eng->seed();
      eng->discard(static_cast<std::uint64_t>(first) * D);
      for (int j = 0; j < n; ++j)
        for (int i = 0; i < D; ++i) {
          // 53 bits of the point, centred in its last bit so that no coordinate is 0.
          double u = (static_cast<double>((*eng)() >> 11) + 0.5) * 0x1p-53 + shifts_[i];
          rows[i][j] = u >= 1.0 ? u - 1.0 : u;
        }
      for (int i = 0; i < D; ++i) inverters_[i].Apply(rows[i], n);
      return;
    }
    case SweepMethod::kGrid:
      for (int j = 0; j < n; ++j) {
        long long idx = first + j;
        for (int i = 0; i < D; ++i) {
          const long long p = static_cast<long long>(levels_[i].size());
          rows[i][j] = levels_[i][idx % p];
          idx /= p;
        }
      }
      return;
    case SweepMethod::kOneAtATime:
      for (int j = 0; j < n; ++j) {
        const long long idx = first + j;
        const long long p = static_cast<long long>(levels_[0].size());
        const int moving = static_cast<int>(idx / p);
        for (int i = 0; i < D; ++i) rows[i][j] = i == moving ? levels_[i][idx % p] : base_[i];
      }
      return;
  }
}

std::unique_ptr<Program> TargetProgram(const Model& m, const Design& design, const std::vector<Cell>& extra) {
  std::vector<Input> inputs;
  for (int d : design.drivers()) inputs.push_back({d, -1});
  for (const auto& sr : design.shock_rows()) inputs.push_back({design.drivers()[sr.row], sr.period});
  std::vector<Cell> cells;
  for (const Target& t : m.targets()) cells.push_back({t.line, t.column});
  if (cells.empty()) throw UsageError("the model has no targets: nothing to measure");
  cells.insert(cells.end(), extra.begin(), extra.end());
  ProgramOptions po;
  po.block_size = kBlock;
  return std::make_unique<Program>(m, inputs, cells, po);
}

std::vector<Cell> PathCells(const Model& m, const SweepOptions& o) {
  std::vector<Cell> cells;
  for (const std::string& name : o.path_lines) {
    const int line = m.FindLine(name);
    if (line < 0) {
      std::vector<std::string> names;
      for (const Line& l : m.lines()) names.push_back(l.name);
      throw OptionsError("SweepOptions::path_lines", "must name a line of the model" + Suggest(name, names),
                         "'" + name + "'");
    }
    for (int p = 0; p < m.calendar().num_periods(); ++p) cells.push_back({line, p});
  }
  return cells;
}

void DesignTable(const Model& m, const SweepOptions& o, SweepResult* r) {
  const Design design(m, o);
  const std::unique_ptr<Program> program = TargetProgram(m, design);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  const int D = design.dims(), K = p.num_outputs();
  std::vector<double*> rows;
  for (int i = 0; i < design.rows(); ++i) rows.push_back(p.InputRow(ws, i));
  const int L = o.grid_points;
  // Sums and counts per (driver, level, target), over the points with the driver at that level.
  std::vector<double> sum(static_cast<size_t>(D) * L * K, 0.0);
  std::vector<long long> count(static_cast<size_t>(D) * L, 0);
  for (long long s0 = 0; s0 < design.total(); s0 += kBlock) {
    const int n = static_cast<int>(std::min<long long>(kBlock, design.total() - s0));
    design.Fill(s0, n, rows.data());
    p.RunBlock(ws, n, s0);
    for (int j = 0; j < n; ++j) {
      const long long idx = s0 + j;
      for (int i = 0; i < D; ++i) {
        int level;
        if (o.method == SweepMethod::kGrid) {
          long long q = idx;
          for (int t = 0; t < i; ++t) q /= L;
          level = static_cast<int>(q % L);
        } else {
          if (idx / L != i) continue;  // one at a time: driver i moves in points [i L, (i + 1) L)
          level = static_cast<int>(idx % L);
        }
        ++count[static_cast<size_t>(i) * L + level];
        for (int k = 0; k < K; ++k) sum[(static_cast<size_t>(i) * L + level) * K + k] += p.OutputRow(ws, k)[j];
      }
    }
  }
  for (int i = 0; i < D; ++i) {
    DesignDriver dd;
    dd.name = m.drivers()[design.drivers()[i]].name;
    dd.levels = design.levels()[i];
    dd.at_level.assign(K, std::vector<double>(L, 0.0));
    dd.range.assign(K, 0.0);
    for (int k = 0; k < K; ++k) {
      for (int l = 0; l < L; ++l) {
        const long long c = count[static_cast<size_t>(i) * L + l];
        dd.at_level[k][l] = c ? sum[(static_cast<size_t>(i) * L + l) * K + k] / c : 0.0;
      }
      const auto [lo, hi] = std::minmax_element(dd.at_level[k].begin(), dd.at_level[k].end());
      dd.range[k] = *hi - *lo;
    }
    r->design.push_back(std::move(dd));
  }
}

}  // namespace outturn::internal
