// SPDX-License-Identifier: MIT
// Sweeps: a design fills the uncertain drivers of a block of scenarios in place, the tape
// evaluates the targets' cells, and accumulators fold the block into per-leaf statistics.
// Leaves are merged in index order; counts are added exactly. Nothing grows with the number
// of scenarios but the optional dump.
#include "outturn/sweep/sweep.h"

#include <algorithm>
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <boost/random/sobol.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "outturn/model/distributions.h"
#include "outturn/compile/program.h"
#include "outturn/report/report.h"
#include "sweep/sampling.h"
#include "base/text_util.h"

namespace outturn {

const std::vector<double> kQuantileLevels = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};

std::string ToString(SweepMethod m) {
  switch (m) {
    case SweepMethod::kGrid: return "grid";
    case SweepMethod::kOneAtATime: return "oat";
    case SweepMethod::kMonteCarlo: return "mc";
    case SweepMethod::kLatinHypercube: return "lhs";
    case SweepMethod::kSobol: return "sobol";
  }
  return "?";
}

std::optional<SweepMethod> SweepMethodFromString(const std::string& s) {
  for (SweepMethod m : {SweepMethod::kGrid, SweepMethod::kOneAtATime, SweepMethod::kMonteCarlo,
                        SweepMethod::kLatinHypercube, SweepMethod::kSobol})
    if (ToString(m) == s) return m;
  return std::nullopt;
}

void SweepOptions::Validate() const {
  auto fail = [](const std::string& field, const std::string& value, const std::string& rule) {
    throw OptionsError("SweepOptions::" + field, rule, value);
  };
  if (samples < 1) fail("samples", std::to_string(samples), "must be at least 1");
  if (threads < 0 || threads > 1024) fail("threads", std::to_string(threads), "must be in [0, 1024] (0: every core)");
  if (chunk < 1) fail("chunk", std::to_string(chunk), "must be at least 1");
  if (until_ci < 0 || until_ci >= 1) fail("until_ci", internal::FormatNumber(until_ci), "must be in [0, 1)");
  if (!(confidence > 0 && confidence < 1)) fail("confidence", internal::FormatNumber(confidence), "must be in (0, 1)");
  if (lhs_block != 0 && (lhs_block < 2 || lhs_block > (1LL << 24) || (lhs_block & (lhs_block - 1))))
    fail("lhs_block", std::to_string(lhs_block), "must be 0 or a power of two in [2, 2^24]");
  if (grid_points < 2 || grid_points > 1000) fail("grid_points", std::to_string(grid_points), "must be in [2, 1000]");
  if (histogram_bins < 16 || histogram_bins > (1 << 20))
    fail("histogram_bins", std::to_string(histogram_bins), "must be in [16, 2^20]");
  if (dump_limit < 0) fail("dump_limit", std::to_string(dump_limit), "must be at least 0");
  if (sobol_index_samples < 0 || sobol_index_samples > 1'000'000'000)
    fail("sobol_index_samples", std::to_string(sobol_index_samples), "must be in [0, 10^9]");
}

namespace internal {
namespace {

constexpr int kBlock = 128;  // scenarios per block: divides kLeafSize
static_assert(kLeafSize % kBlock == 0, "a leaf is whole blocks");

// ---------------------------------------------------------------------------------------
// Designs

class Design {
 public:
  /// `correlate`: apply the model's correlations (Sobol indices assume independent drivers
  /// and build their designs without them).
  Design(const Model& m, const SweepOptions& o, bool correlate = true) : method_(o.method), seed_(o.seed) {
    const auto& drivers = m.drivers();
    if (o.drivers.empty()) {
      for (int d = 0; d < static_cast<int>(drivers.size()); ++d)
        if (drivers[d].distribution.type != DistributionType::kNone) drivers_.push_back(d);
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
    }
    const int D = static_cast<int>(drivers_.size());
    total_ = o.samples;
    if (method_ == SweepMethod::kGrid || method_ == SweepMethod::kOneAtATime) {
      for (int i = 0; i < D; ++i) {
        std::vector<double> lv;
        for (int k = 0; k < o.grid_points; ++k)
          lv.push_back(Quantile(drivers[drivers_[i]].distribution, 0.05 + 0.9 * k / (o.grid_points - 1)));
        levels_.push_back(lv);
      }
      long long size = 1;
      if (method_ == SweepMethod::kGrid) {
        for (int i = 0; i < D; ++i) {
          if (size > (1LL << 40) / o.grid_points)
            throw UsageError("a grid of " + std::to_string(o.grid_points) + "^" + std::to_string(D) +
                             " points is too large; choose fewer drivers (--drivers) or points");
          size *= o.grid_points;
        }
      } else {
        size = static_cast<long long>(D) * o.grid_points;
      }
      total_ = std::min(total_, size);
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
    if (correlate && method_ != SweepMethod::kGrid && method_ != SweepMethod::kOneAtATime) {
      for (const Correlation& c : m.correlations()) {
        Group g;
        std::vector<int> keep;
        for (size_t a = 0; a < c.drivers.size(); ++a) {
          auto it = std::find(drivers_.begin(), drivers_.end(), c.drivers[a]);
          if (it == drivers_.end()) continue;
          g.rows.push_back(static_cast<int>(it - drivers_.begin()));
          keep.push_back(static_cast<int>(a));
        }
        if (g.rows.size() < 2) continue;
        const int k = static_cast<int>(keep.size());
        g.corr.resize(k, k);
        for (int a = 0; a < k; ++a)
          for (int b = 0; b < k; ++b) g.corr(a, b) = c.matrix[keep[a] * c.drivers.size() + keep[b]];
        // A factor B with B B^T = C that exists for semi-definite C too.
        Eigen::SelfAdjointEigenSolver<Matrix> es(g.corr);
        g.factor = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
        g.key = StreamKey(o.seed, 0x5eed0000ULL + groups_.size());
        groups_.push_back(std::move(g));
      }
    }
    // Per-period shocks: one more row per (shocked driver, forecast period).
    const int A = m.calendar().num_actual(), T = m.calendar().num_periods();
    for (int i = 0; i < D; ++i) {
      const Driver& d = drivers[drivers_[i]];
      if (d.shocks.sd <= 0) continue;
      for (int t = A; t < T; ++t)
        shock_rows_.push_back({i, t, d.shocks.sd, d.shocks.ar1, StreamKey(o.seed, 0x5c0c0000ULL + 1024ULL * drivers_[i] + t)});
    }
  }

  struct ShockRow {
    int row;         // the base row (design driver) it shocks
    int period;
    double sd, ar1;
    std::uint64_t key;
  };
  const std::vector<ShockRow>& shock_rows() const { return shock_rows_; }
  /// Rows Fill writes: the drivers, then one per shocked driver and forecast period.
  int rows() const { return dims() + static_cast<int>(shock_rows_.size()); }

  int dims() const { return static_cast<int>(drivers_.size()); }
  const std::vector<int>& drivers() const { return drivers_; }
  long long total() const { return total_; }

  // Writes the driver values of scenarios [first, first + n) into rows[r][0..n), r < rows().
  void Fill(long long first, int n, double* const* rows) const {
    FillDrivers(first, n, rows);
    if (!groups_.empty() && method_ != SweepMethod::kMonteCarlo) ImanConover(first, n, rows);
    FillShocks(first, n, rows);
  }

 private:
  struct Group {
    std::vector<int> rows;  // design rows of the correlated drivers
    Matrix corr, factor;
    std::uint64_t key;
  };

  // Monte Carlo with a Gaussian copula: z = Phi^-1(u), z' = B z with B B^T = C, u' = Phi(z').
  // Row by row over the block, in a per-thread scratch buffer: no allocation per block.
  void Copula(const Group& g, int n, double* const* rows) const {
    const int k = static_cast<int>(g.rows.size());
    thread_local std::vector<double> scratch;
    scratch.resize(static_cast<size_t>(k) * n);
    for (int a = 0; a < k; ++a) {
      double* z = &scratch[static_cast<size_t>(a) * n];
      std::memcpy(z, rows[g.rows[a]], n * sizeof(double));
      NormalQuantiles(z, n);
    }
    for (int a = 0; a < k; ++a) {
      double* out = rows[g.rows[a]];
      std::fill(out, out + n, 0.0);
      for (int b = 0; b < k; ++b) {
        const double f = g.factor(a, b);
        if (f == 0.0) continue;  // factor entries are fixed: the same lanes skip them always
        const double* z = &scratch[static_cast<size_t>(b) * n];
        for (int j = 0; j < n; ++j) out[j] += f * z[j];
      }
      NormalCdfs(out, n);
    }
  }

  // Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among
  // input variables", Commun. Statist. B11: reorders each driver's values within the block
  // so that their ranks follow scores with the target correlation. The values themselves,
  // hence the design's stratification, are kept.
  void ImanConover(long long first, int n, double* const* rows) const {
    if (n < 3) return;
    for (const Group& g : groups_) {
      const int k = static_cast<int>(g.rows.size());
      Matrix S(n, k);
      for (int a = 0; a < k; ++a) {
        // Van der Waerden scores, in a random order keyed by (seed, block, driver).
        std::vector<std::pair<std::uint64_t, int>> order(n);
        for (int j = 0; j < n; ++j)
          order[j] = {Mix64(g.key ^ Mix64(static_cast<std::uint64_t>(first) * 131 + a) ^ static_cast<std::uint64_t>(j)), j};
        std::sort(order.begin(), order.end());
        for (int j = 0; j < n; ++j) S(order[j].second, a) = NormalQuantile((j + 1.0) / (n + 1.0));
      }
      Matrix centered = S.rowwise() - S.colwise().mean();
      Matrix E = (centered.transpose() * centered) / (n - 1);
      const Eigen::VectorXd sd = E.diagonal().cwiseSqrt();
      E = sd.cwiseInverse().asDiagonal() * E * sd.cwiseInverse().asDiagonal();
      Eigen::LLT<Matrix> q(E);
      if (q.info() != Eigen::Success) continue;
      // T = S Q^-T B^T: scores whose correlation is C.
      const Matrix T = q.matrixU().solve<Eigen::OnTheRight>(S) * g.factor.transpose();
      for (int a = 0; a < k; ++a) {
        double* x = rows[g.rows[a]];
        std::vector<double> sorted(x, x + n);
        std::sort(sorted.begin(), sorted.end());
        std::vector<int> idx(n);
        for (int j = 0; j < n; ++j) idx[j] = j;
        std::sort(idx.begin(), idx.end(), [&](int l, int r) { return T(l, a) < T(r, a) || (T(l, a) == T(r, a) && l < r); });
        for (int rank = 0; rank < n; ++rank) x[idx[rank]] = sorted[rank];
      }
    }
  }

  // AR(1) shocks on top of the sampled value, period by period.
  void FillShocks(long long first, int n, double* const* rows) const {
    const int D = dims();
    for (size_t r = 0; r < shock_rows_.size(); ++r) {
      const ShockRow& sr = shock_rows_[r];
      double* out = rows[D + r];
      Uniforms(sr.key, static_cast<std::uint64_t>(first), n, out);
      NormalQuantiles(out, n);
      const bool continues = r > 0 && shock_rows_[r - 1].row == sr.row;  // the previous period's shock
      const double* prev = continues ? rows[D + r - 1] : nullptr;
      const double* base = rows[sr.row];
      const double innovation = continues ? std::sqrt(1 - sr.ar1 * sr.ar1) * sr.sd : sr.sd;
      for (int j = 0; j < n; ++j) {
        const double e_prev = continues ? prev[j] - base[j] : 0.0;
        out[j] = base[j] + (continues ? sr.ar1 * e_prev : 0.0) + innovation * out[j];
      }
    }
  }

  void FillDrivers(long long first, int n, double* const* rows) const {
    const int D = dims();
    switch (method_) {
      case SweepMethod::kMonteCarlo:
        for (int i = 0; i < D; ++i) Uniforms(keys_[i], static_cast<std::uint64_t>(first), n, rows[i]);
        for (const Group& g : groups_) Copula(g, n, rows);
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

 private:
  SweepMethod method_;
  std::uint64_t seed_;
  std::vector<int> drivers_;
  std::vector<Inverter> inverters_;
  std::vector<std::uint64_t> keys_, perm_keys_;
  std::vector<double> base_, shifts_;
  std::vector<std::vector<double>> levels_;
  std::vector<Group> groups_;
  std::vector<ShockRow> shock_rows_;
  int lhs_bits_ = 0;
  long long total_ = 0;
};

// The program a sweep runs: its inputs are the rows the design writes (each driver's value,
// then its shocked periods), its outputs the targets' cells, its blocks kBlock scenarios.
std::unique_ptr<Program> TargetProgram(const Model& m, const Design& design) {
  std::vector<Input> inputs;
  for (int d : design.drivers()) inputs.push_back({d, -1});
  for (const auto& sr : design.shock_rows()) inputs.push_back({design.drivers()[sr.row], sr.period});
  std::vector<Cell> cells;
  for (const Target& t : m.targets()) cells.push_back({t.line, t.column});
  if (cells.empty()) throw UsageError("the model has no targets: nothing to measure");
  ProgramOptions po;
  po.block_size = kBlock;
  return std::make_unique<Program>(m, inputs, cells, po);
}

// ---------------------------------------------------------------------------------------
// Accumulators

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

// Exact-in-any-order parts of a chunk: counts, min, max.
struct Counts {
  std::vector<long long> meets, below, above;
  std::vector<long long> bins;  // K * B
  std::vector<double> min, max;
  long long all_meets = 0;
  void Init(int K, int B) {
    meets.assign(K, 0);
    below.assign(K, 0);
    above.assign(K, 0);
    bins.assign(static_cast<size_t>(K) * B, 0);
    min.assign(K, INFINITY);
    max.assign(K, -INFINITY);
  }
  // The counts as one vector (meets, below, above, bins, all_meets), for SweepPartial.
  std::vector<long long> Pack() const {
    std::vector<long long> v(meets);
    v.insert(v.end(), below.begin(), below.end());
    v.insert(v.end(), above.begin(), above.end());
    v.insert(v.end(), bins.begin(), bins.end());
    v.push_back(all_meets);
    return v;
  }
  void Unpack(const std::vector<long long>& v, int K, int B) {
    Init(K, B);
    auto it = v.begin();
    std::copy(it, it + K, meets.begin()); it += K;
    std::copy(it, it + K, below.begin()); it += K;
    std::copy(it, it + K, above.begin()); it += K;
    std::copy(it, it + static_cast<long>(K) * B, bins.begin()); it += static_cast<long>(K) * B;
    all_meets = *it;
  }
  void Add(const Counts& o) {
    for (size_t k = 0; k < meets.size(); ++k) {
      meets[k] += o.meets[k];
      below[k] += o.below[k];
      above[k] += o.above[k];
      min[k] = std::min(min[k], o.min[k]);
      max[k] = std::max(max[k], o.max[k]);
    }
    for (size_t i = 0; i < bins.size(); ++i) bins[i] += o.bins[i];
    all_meets += o.all_meets;
  }
};

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

struct Kpi {
  int output;  // row in the program's outputs
  double target;
  bool at_least;
  double lo, inv_width;  // histogram
  bool constant;         // the same value in every scenario (e.g. a reported span)
};

struct ChunkResult {
  long long first = 0, count = 0;
  std::vector<double> leaves;  // leaf partials, Layout::size() each
  Counts counts;
};

class Engine {
 public:
  Engine(const Model& m, const SweepOptions& o)
      : model_(m), opt_(o), design_(m, o) {
    program_ = TargetProgram(m, design_);
    cells_ = program_->outputs();
    layout_.K = static_cast<int>(cells_.size());
    layout_.D = design_.dims();
    layout_.regression = o.regression;
    for (int k = 0; k < layout_.K; ++k) {
      const Target& t = m.targets()[k];
      kpis_.push_back({k, t.value, t.direction == Direction::kAtLeast, 0, 0, program_->OutputIsConstant(k)});
    }
    for (int d : design_.drivers()) base_.push_back(m.drivers()[d].value);
  }

  SweepResult Run(const std::atomic<bool>* stop, const ProgressFn& progress,
                  std::chrono::steady_clock::time_point t0) {
    const long long N = design_.total();
    Start();

    int threads = opt_.threads > 0 ? opt_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const long long chunk = std::max<long long>(kLeafSize, (opt_.chunk + kLeafSize - 1) / kLeafSize * kLeafSize);
    // Rounds end at checkpoints (until_ci) or at N.
    std::vector<long long> ends;
    if (opt_.until_ci > 0) {
      for (long long c = 65536; c < N; c *= 2) ends.push_back(c);
    }
    ends.push_back(N);
    SweepResult r;
    r.threads_used = threads;
    bool interrupted = false;
    long long begin = 0;
    for (long long end : ends) {
      interrupted = !RunRound(begin, end, chunk, threads, stop, progress, N);
      begin = merged_;
      if (interrupted) break;
      if (opt_.until_ci > 0 && end < N && CiReached()) {
        r.stopped_by_ci = true;
        break;
      }
    }
    r.partial = interrupted;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    FlushSegment();
    Finish(&r);
    return r;
  }

  // A piece [first, first + count) of a sweep, for another process to combine.
  SweepPartial RunRange(long long first, long long count, const std::atomic<bool>* stop, const ProgressFn& progress) {
    const long long N = design_.total();
    if (first < 0 || count < 1 || first + count > N || first % kSegmentSize != 0 ||
        (count % kSegmentSize != 0 && first + count != N))
      throw UsageError("a sweep range must start at a multiple of " + std::to_string(kSegmentSize) +
                       " scenarios and end at one, or at the end of the sweep (" + std::to_string(N) + ")");
    Start();
    keep_segments_ = true;
    merged_ = first;
    const int threads = opt_.threads > 0 ? opt_.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const long long chunk = std::max<long long>(kLeafSize, (opt_.chunk + kLeafSize - 1) / kLeafSize * kLeafSize);
    if (!RunRound(first, first + count, chunk, threads, stop, progress, N))
      throw UsageError("sweep range interrupted");
    FlushSegment();
    SweepPartial p;
    p.first = first;
    p.count = count;
    p.segments = kept_;
    p.counts = counts_.Pack();
    p.extremes = counts_.min;
    p.extremes.insert(p.extremes.end(), counts_.max.begin(), counts_.max.end());
    return p;
  }

  // Combines pieces that tile [0, N) (in any order given; folded in index order).
  SweepResult Combine(std::vector<SweepPartial> parts) {
    const long long N = design_.total();
    Start();
    std::sort(parts.begin(), parts.end(), [](const SweepPartial& a, const SweepPartial& b) { return a.first < b.first; });
    long long at = 0;
    for (const SweepPartial& p : parts) {
      if (p.first != at) throw UsageError("sweep pieces do not tile the sample range: expected one starting at " +
                                          std::to_string(at) + ", got " + std::to_string(p.first));
      if (p.segments.size() % layout_.size() != 0 || p.counts.size() != counts_.Pack().size() ||
          p.extremes.size() != 2 * static_cast<size_t>(layout_.K))
        throw UsageError("sweep piece does not match this model and options");
      for (size_t s = 0; s < p.segments.size(); s += layout_.size()) Fold(totals_.data(), &p.segments[s]);
      Counts c;
      c.Unpack(p.counts, layout_.K, opt_.histogram_bins);
      c.min.assign(p.extremes.begin(), p.extremes.begin() + layout_.K);
      c.max.assign(p.extremes.begin() + layout_.K, p.extremes.end());
      counts_.Add(c);
      at = p.first + p.count;
    }
    if (at != N) throw UsageError("sweep pieces cover " + std::to_string(at) + " of " + std::to_string(N) + " scenarios");
    merged_ = N;
    SweepResult r;
    Finish(&r);
    return r;
  }

 private:
  void Start() {
    Pilot(std::min<long long>(design_.total(), 16384));
    totals_.assign(layout_.size(), 0.0);
    segment_.assign(layout_.size(), 0.0);
    segment_index_ = -1;
    segment_used_ = false;
    kept_.clear();
    keep_segments_ = false;
    counts_.Init(layout_.K, opt_.histogram_bins);
    merged_ = 0;
  }

  // The histogram range: the pilot's span, widened by half of it on each side.
  void Pilot(long long n) {
    ChunkResult c;
    Workspace ws;
    program_->PrepareWorkspace(ws);
    std::vector<double*> rows(design_.rows());
    for (int i = 0; i < design_.rows(); ++i) rows[i] = program_->InputRow(ws, i);
    std::vector<double> lo(layout_.K, INFINITY), hi(layout_.K, -INFINITY);
    for (long long s = 0; s < n; s += kBlock) {
      const int m = static_cast<int>(std::min<long long>(kBlock, n - s));
      design_.Fill(s, m, rows.data());
      program_->RunBlock(ws, m, s);
      for (int k = 0; k < layout_.K; ++k) {
        const double* y = program_->OutputRow(ws, k);
        for (int j = 0; j < m; ++j) {
          lo[k] = std::min(lo[k], y[j]);
          hi[k] = std::max(hi[k], y[j]);
        }
      }
    }
    for (int k = 0; k < layout_.K; ++k) {
      double span = hi[k] - lo[k];
      if (!(span > 0)) span = std::max(1.0, std::fabs(hi[k])) * 1e-6;
      kpis_[k].lo = lo[k] - 0.5 * span;
      kpis_[k].inv_width = opt_.histogram_bins / (2.0 * span);
    }
  }

  // 1.0 where the scenario misses the target, else 0.0 (a loop that vectorizes).
  static void MissFlags(const double* __restrict y, int n, double target, bool at_least, double* __restrict m) {
    if (at_least)
      for (int j = 0; j < n; ++j) m[j] = y[j] < target ? 1.0 : 0.0;
    else
      for (int j = 0; j < n; ++j) m[j] = y[j] > target ? 1.0 : 0.0;
  }

  // Bin's counts for a block: the bin of every lane first (vectorized; B for below, B + 1 for
  // above), then the increments.
  void BinBlock(const Kpi& kp, int k, const double* __restrict y, int n, Counts* c) const {
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
      if (b < B) ++bins[b];
      else if (b == B) ++under;
      else ++over;
    }
    c->below[k] += under;
    c->above[k] += over;
  }

  void Bin(const Kpi& kp, int k, double y, long long count, Counts* c) const {
    const int B = opt_.histogram_bins;
    const double pos = (y - kp.lo) * kp.inv_width;
    if (pos < 0) c->below[k] += count;
    else if (pos >= B) c->above[k] += count;
    else c->bins[static_cast<size_t>(k) * B + static_cast<size_t>(pos)] += count;
  }

  // Computes scenarios [first, first + count), leaf-aligned.
  void Compute(long long first, long long count, ChunkResult* out, Workspace& ws, std::vector<double>& miss) const {
    const int K = layout_.K, D = layout_.D, B = opt_.histogram_bins;
    out->first = first;
    out->count = count;
    const long long leaves = (count + kLeafSize - 1) / kLeafSize;
    out->leaves.assign(static_cast<size_t>(leaves) * layout_.size(), 0.0);
    out->counts.Init(K, B);
    std::vector<double*> rows(design_.rows());
    for (int i = 0; i < design_.rows(); ++i) rows[i] = program_->InputRow(ws, i);
    miss.resize(static_cast<size_t>(K) * kBlock);
    std::vector<double> all(kBlock), driver_sums(D);
    for (long long leaf = 0; leaf < leaves; ++leaf) {
      double* acc = &out->leaves[static_cast<size_t>(leaf) * layout_.size()];
      const long long lbeg = first + leaf * kLeafSize, lend = std::min(first + count, lbeg + kLeafSize);
      for (long long s = lbeg; s < lend; s += kBlock) {
        const int n = static_cast<int>(std::min<long long>(kBlock, lend - s));
        design_.Fill(s, n, rows.data());
        program_->RunBlock(ws, n, s);
        for (int i = 0; i < D; ++i) driver_sums[i] = Eigen::Map<const Eigen::ArrayXd>(rows[i], n).sum();
        Eigen::Map<Eigen::ArrayXd> All(all.data(), n);
        All.setOnes();
        for (int k = 0; k < K; ++k) {
          const Kpi& kp = kpis_[k];
          const double* y = program_->OutputRow(ws, kp.output);
          Eigen::Map<const Eigen::ArrayXd> Y(y, n);
          double* a = acc + k * layout_.per_kpi();
          Counts& c = out->counts;
          Eigen::Map<Eigen::ArrayXd> M(&miss[static_cast<size_t>(k) * kBlock], n);
          // 1 where the scenario misses the target.
          MissFlags(y, n, kp.target, kp.at_least, M.data());
          const double misses = M.sum();
          c.meets[k] += n - static_cast<long long>(misses);
          All *= 1.0 - M;
          a[3] += (M * (kp.target - Y).abs()).sum();
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
          const double mean = Y.sum() / n;
          MergeMoments(a, n, mean, (Y - mean).square().sum());
          c.min[k] = std::min(c.min[k], Y.minCoeff());
          c.max[k] = std::max(c.max[k], Y.maxCoeff());
          BinBlock(kp, k, y, n, &c);
          // Drivers among the misses (all of them when every scenario of the block misses).
          if (misses == n)
            for (int i = 0; i < D; ++i) a[4 + i] += driver_sums[i];
          else if (misses > 0)
            for (int i = 0; i < D; ++i) a[4 + i] += (Eigen::Map<const Eigen::ArrayXd>(rows[i], n) * M).sum();
        }
        out->counts.all_meets += static_cast<long long>(All.sum());
        for (int i = 0; i < D; ++i) acc[layout_.sum_all() + i] += driver_sums[i];
        if (layout_.regression) Regression(acc, rows, ws, n);
      }
    }
  }

  // Sums for least squares, shifted (drivers by their model values, KPIs by their targets)
  // to keep cancellation small.
  void Regression(double* acc, const std::vector<double*>& rows, const Workspace& ws, int n) const {
    const int K = layout_.K, D = layout_.D;
    double* sx = acc + layout_.reg();
    double* sy = sx + D;
    double* sxx = sy + K;
    double* sxy = sxx + D * D;
    double* syy = sxy + D * K;
    std::vector<Eigen::ArrayXd> xs(D), ys(K);
    for (int i = 0; i < D; ++i) xs[i] = Eigen::Map<const Eigen::ArrayXd>(rows[i], n) - base_[i];
    for (int k = 0; k < K; ++k)
      ys[k] = Eigen::Map<const Eigen::ArrayXd>(program_->OutputRow(ws, kpis_[k].output), n) - kpis_[k].target;
    for (int i = 0; i < D; ++i) {
      sx[i] += xs[i].sum();
      for (int j = 0; j < D; ++j) sxx[i * D + j] += (xs[i] * xs[j]).sum();
      for (int k = 0; k < K; ++k) sxy[i * K + k] += (xs[i] * ys[k]).sum();
    }
    for (int k = 0; k < K; ++k) {
      sy[k] += ys[k].sum();
      syy[k] += ys[k].square().sum();
    }
  }

  bool RunRound(long long begin, long long end, long long chunk, int threads, const std::atomic<bool>* stop,
                const ProgressFn& progress, long long total) {
    const long long nchunks = (end - begin + chunk - 1) / chunk;
    std::atomic<long long> next{0};
    std::mutex mu;
    std::condition_variable cv;
    std::map<long long, ChunkResult> done;
    std::exception_ptr error;
    auto worker = [&]() {
      Workspace ws;
      program_->PrepareWorkspace(ws);
      std::vector<double> miss;
      for (;;) {
        if (stop && stop->load()) return;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (error) return;
        }
        const long long c = next.fetch_add(1);
        if (c >= nchunks) return;
        ChunkResult res;
        try {
          const long long first = begin + c * chunk;
          Compute(first, std::min(chunk, end - first), &res, ws, miss);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mu);
          if (!error) error = std::current_exception();
          cv.notify_all();
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        done.emplace(c, std::move(res));
        cv.notify_all();
      }
    };
    std::vector<std::thread> pool;
    const int nthreads = static_cast<int>(std::min<long long>(threads, nchunks));
    for (int t = 0; t < nthreads; ++t) pool.emplace_back(worker);
    // Merge in chunk order as chunks arrive.
    long long want = 0;
    bool complete = true;
    {
      std::unique_lock<std::mutex> lock(mu);
      while (want < nchunks) {
        cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return error || done.count(want) || (stop && stop->load()); });
        if (error) break;
        while (done.count(want)) {
          ChunkResult res = std::move(done[want]);
          done.erase(want);
          lock.unlock();
          Merge(res);
          if (progress) progress(merged_, total);
          lock.lock();
          ++want;
        }
        if (stop && stop->load() && !done.count(want)) {
          // Wait for the workers to finish what they hold, then keep the contiguous prefix.
          lock.unlock();
          for (auto& th : pool) th.join();
          pool.clear();
          lock.lock();
          while (done.count(want)) {
            ChunkResult res = std::move(done[want]);
            done.erase(want);
            Merge(res);
            ++want;
          }
          complete = want >= nchunks;
          break;
        }
      }
    }
    for (auto& th : pool) th.join();
    if (error) std::rethrow_exception(error);
    return complete;
  }

  // Folds partial sums `part` into `into`: moments by Chan's formula, sums by addition.
  void Fold(double* into, const double* part) const {
    const int K = layout_.K, P = layout_.per_kpi();
    for (int k = 0; k < K; ++k) {
      MergeMoments(into + k * P, part[k * P], part[k * P + 1], part[k * P + 2]);
      for (int i = 3; i < P; ++i) into[k * P + i] += part[k * P + i];
    }
    for (int i = layout_.sum_all(); i < layout_.size(); ++i) into[i] += part[i];
  }

  // Leaves fold into their segment (kSegmentSize scenarios), segments into the totals, both
  // in index order: the same arithmetic whether a sweep runs here or in pieces elsewhere.
  void Merge(const ChunkResult& c) {
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

  void FlushSegment() {
    if (!segment_used_) return;
    Fold(totals_.data(), segment_.data());
    if (keep_segments_) kept_.insert(kept_.end(), segment_.begin(), segment_.end());
    std::fill(segment_.begin(), segment_.end(), 0.0);
    segment_used_ = false;
  }

  double Z() const { return NormalQuantile(1 - (1 - opt_.confidence) / 2); }

  static void Wilson(long long m, long long n, double z, double* p, double* lo, double* hi) {
    if (n == 0) { *p = *lo = *hi = 0; return; }
    const double ph = static_cast<double>(m) / n, z2 = z * z, nn = static_cast<double>(n);
    const double denom = 1 + z2 / nn;
    const double center = (ph + z2 / (2 * nn)) / denom;
    const double half = z * std::sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denom;
    *p = ph;
    *lo = std::max(0.0, center - half);
    *hi = std::min(1.0, center + half);
  }

  bool CiReached() const {
    const double z = Z();
    for (int k = 0; k < layout_.K; ++k) {
      double p, lo, hi;
      Wilson(counts_.meets[k], merged_, z, &p, &lo, &hi);
      if (hi - lo >= opt_.until_ci) return false;
    }
    return true;
  }

  void Finish(SweepResult* r) const {
    const Calendar& cal = model_.calendar();
    const int K = layout_.K, D = layout_.D, B = opt_.histogram_bins, P = layout_.per_kpi();
    const long long n = merged_;
    const double z = Z();
    r->method = opt_.method;
    r->seed = opt_.seed;
    r->requested = design_.total();
    r->samples = n;
    for (int d : design_.drivers()) {
      r->drivers.push_back(model_.drivers()[d].name);
      r->driver_sd.push_back(StdDev(model_.drivers()[d].distribution));
    }
    for (int k = 0; k < K; ++k) {
      const Target& t = model_.targets()[k];
      KpiStats s;
      s.name = t.name;
      s.line = model_.lines()[t.line].name;
      s.span = cal.ColumnLabel(t.column);
      s.target = t.value;
      s.direction = t.direction;
      const double* a = &totals_[k * P];
      s.mean = a[1];
      s.sd = n > 1 ? std::sqrt(a[2] / (n - 1)) : 0.0;
      s.min = counts_.min[k];
      s.max = counts_.max[k];
      const double width = 1.0 / kpis_[k].inv_width;
      s.hist_low = kpis_[k].lo;
      s.hist_high = kpis_[k].lo + B * width;
      s.bins.assign(counts_.bins.begin() + static_cast<long>(k) * B, counts_.bins.begin() + static_cast<long>(k + 1) * B);
      s.below = counts_.below[k];
      s.above = counts_.above[k];
      s.quantile_error = width;
      for (double p : kQuantileLevels) {
        // The sample quantile: the smallest value with at least ceil(p n) values at or below.
        const double want = std::ceil(p * n);
        double cum = static_cast<double>(s.below);
        double q = s.min;
        if (cum >= want) {
          q = s.min;
          s.quantile_error = INFINITY;
        } else {
          int b = 0;
          for (; b < B; ++b) {
            const double c = static_cast<double>(s.bins[b]);
            if (cum + c >= want) {
              q = s.hist_low + (b + (want - cum) / c) * width;
              break;
            }
            cum += c;
          }
          if (b == B) {
            q = s.max;
            s.quantile_error = INFINITY;
          }
        }
        s.quantiles.push_back(std::min(std::max(q, s.min), s.max));
      }
      s.meets = counts_.meets[k];
      Wilson(s.meets, n, z, &s.p_meet, &s.p_low, &s.p_high);
      const long long misses = n - s.meets;
      s.expected_shortfall = n ? a[3] / n : 0;
      s.shortfall_given_miss = misses ? a[3] / misses : 0;
      for (int i = 0; i < D; ++i) {
        const double sum_all = totals_[layout_.sum_all() + i], sum_miss = a[4 + i];
        s.driver_mean_miss.push_back(misses ? sum_miss / misses : NAN);
        s.driver_mean_meet.push_back(s.meets ? (sum_all - sum_miss) / s.meets : NAN);
      }
      if (layout_.regression && n > D + 1) Src(k, &s);
      r->kpis.push_back(std::move(s));
    }
    r->all_meets = counts_.all_meets;
    Wilson(r->all_meets, n, z, &r->p_all, &r->p_all_low, &r->p_all_high);
  }

  // Standardized regression coefficients of KPI k on the drivers: least squares on the
  // centred sums (Cov_xx beta = Cov_xy), scaled by sd_x / sd_y.
  void Src(int k, KpiStats* s) const {
    const int K = layout_.K, D = layout_.D;
    const double n = static_cast<double>(merged_);
    const double* sx = &totals_[layout_.reg()];
    const double* sy = sx + D;
    const double* sxx = sy + K;
    const double* sxy = sxx + D * D;
    const double* syy = sxy + D * K;
    Matrix cxx(D, D);
    Vector cxy(D);
    for (int i = 0; i < D; ++i) {
      for (int j = 0; j < D; ++j) cxx(i, j) = (sxx[i * D + j] - sx[i] * sx[j] / n) / (n - 1);
      cxy[i] = (sxy[i * K + k] - sx[i] * sy[k] / n) / (n - 1);
    }
    const double vy = (syy[k] - sy[k] * sy[k] / n) / (n - 1);
    const Vector beta = cxx.ldlt().solve(cxy);
    for (int i = 0; i < D; ++i)
      s->src.push_back(vy > 0 ? beta[i] * std::sqrt(std::max(cxx(i, i), 0.0)) / std::sqrt(vy) : 0.0);
    s->r_squared = vy > 0 ? beta.dot(cxy) / vy : 0.0;
  }

  const Model& model_;
  SweepOptions opt_;
  Design design_;
  std::vector<Cell> cells_;
  std::unique_ptr<Program> program_;
  Layout layout_;
  std::vector<Kpi> kpis_;
  std::vector<double> totals_;
  std::vector<double> segment_;  // the segment being folded
  long long segment_index_ = -1;
  bool segment_used_ = false;
  bool keep_segments_ = false;   // RunRange: keep each segment's sums
  std::vector<double> kept_;
  Counts counts_;
  long long merged_ = 0;
  std::vector<double> base_;  // model values of the design's drivers (regression shift)
};

}  // namespace

// Sobol indices by the Saltelli design (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output. Design and estimator for the total sensitivity index", Computer
// Physics Communications 181): matrices A and B of N independent samples (two Monte Carlo
// designs with different seeds), and A_B^i (A with driver i taken from B). First order:
// S_i = mean(f(B) (f(A_B^i) - f(A))) / V; total: S_Ti = mean((f(A) - f(A_B^i))^2) / (2 V).
void SobolIndices(const Model& m, const SweepOptions& o, SweepResult* r) {
  SweepOptions oa = o, ob = o;
  oa.method = ob.method = SweepMethod::kMonteCarlo;
  ob.seed = Mix64(o.seed ^ 0x50b0150b01ULL);
  Design a(m, oa, /*correlate=*/false), b(m, ob, /*correlate=*/false);
  const std::unique_ptr<Program> program = TargetProgram(m, a);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  const int R = a.rows(), D = a.dims(), K = p.num_outputs();
  const long long N = o.sobol_index_samples;
  std::vector<std::vector<double>> ra(R, std::vector<double>(kBlock)), rb = ra;
  std::vector<double*> pa(R), pb(R), in(R);
  for (int i = 0; i < R; ++i) { pa[i] = ra[i].data(); pb[i] = rb[i].data(); in[i] = p.InputRow(ws, i); }
  // Which design rows belong to driver i (its value and its shocked periods).
  std::vector<std::vector<int>> rows_of(D);
  for (int i = 0; i < D; ++i) rows_of[i].push_back(i);
  for (size_t s = 0; s < a.shock_rows().size(); ++s) rows_of[a.shock_rows()[s].row].push_back(D + static_cast<int>(s));
  std::vector<double> sum(K, 0), sum2(K, 0), first(static_cast<size_t>(K) * D, 0), total(static_cast<size_t>(K) * D, 0);
  std::vector<Eigen::ArrayXd> fa(K), fb(K);
  std::vector<double> centre(K, 0.0);
  auto run = [&](const std::vector<double*>& src, int n, long long first_index) {
    for (int i = 0; i < R; ++i) std::memcpy(in[i], src[i], n * sizeof(double));
    p.RunBlock(ws, n, first_index);
  };
  for (long long s0 = 0; s0 < N; s0 += kBlock) {
    const int n = static_cast<int>(std::min<long long>(kBlock, N - s0));
    a.Fill(s0, n, pa.data());
    b.Fill(s0, n, pb.data());
    run(pa, n, s0);
    for (int k = 0; k < K; ++k) fa[k] = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n);
    run(pb, n, s0);
    for (int k = 0; k < K; ++k) fb[k] = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n);
    // Outputs are centred by a constant (the first block's mean): the estimators keep their
    // expectation and lose the variance a large mean would add.
    if (s0 == 0)
      for (int k = 0; k < K; ++k) centre[k] = fa[k].mean();
    for (int k = 0; k < K; ++k) {
      fa[k] -= centre[k];
      fb[k] -= centre[k];
      sum[k] += fa[k].sum() + fb[k].sum();
      sum2[k] += fa[k].square().sum() + fb[k].square().sum();
    }
    for (int i = 0; i < D; ++i) {
      std::vector<double*> mixed = pa;
      for (int row : rows_of[i]) mixed[row] = pb[row];
      run(mixed, n, s0);
      for (int k = 0; k < K; ++k) {
        const Eigen::ArrayXd fab = Eigen::Map<const Eigen::ArrayXd>(p.OutputRow(ws, k), n) - centre[k];
        first[static_cast<size_t>(k) * D + i] += (fb[k] * (fab - fa[k])).sum();
        total[static_cast<size_t>(k) * D + i] += (fa[k] - fab).square().sum();
      }
    }
  }
  for (int k = 0; k < K; ++k) {
    const double mean = sum[k] / (2.0 * N);
    const double var = sum2[k] / (2.0 * N) - mean * mean;
    KpiStats& st = r->kpis[k];
    st.sobol_first.assign(D, 0.0);
    st.sobol_total.assign(D, 0.0);
    if (!(var > 0)) continue;
    for (int i = 0; i < D; ++i) {
      st.sobol_first[i] = first[static_cast<size_t>(k) * D + i] / N / var;
      st.sobol_total[i] = total[static_cast<size_t>(k) * D + i] / (2.0 * N) / var;
    }
  }
}

// The sampled drivers and the targets of scenarios [0, count), as CSV, written atomically.
void Dump(const Model& m, const SweepOptions& o, long long count) {
  Design design(m, o);
  const std::unique_ptr<Program> program = TargetProgram(m, design);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  std::vector<double*> rows;
  for (int i = 0; i < design.rows(); ++i) rows.push_back(p.InputRow(ws, i));
  AtomicFile out(o.dump_path);
  std::string head = "scenario";
  for (int d : design.drivers()) head += "," + m.drivers()[d].name;
  for (const auto& sr : design.shock_rows())
    head += "," + m.drivers()[design.drivers()[sr.row]].name + "@" + m.calendar().periods()[sr.period].label;
  for (const Target& t : m.targets()) head += "," + t.name;
  out.Write(head + "\n");
  for (long long s = 0; s < count; s += kBlock) {
    const int n = static_cast<int>(std::min<long long>(kBlock, count - s));
    design.Fill(s, n, rows.data());
    p.RunBlock(ws, n, s);
    std::string text;
    for (int j = 0; j < n; ++j) {
      text += std::to_string(s + j);
      for (double* r : rows) text += "," + FormatNumber(r[j]);
      for (int k = 0; k < p.num_outputs(); ++k) text += "," + FormatNumber(p.OutputRow(ws, k)[j]);
      text += "\n";
    }
    out.Write(text);
  }
  out.Commit();
}

SweepSamples Sample(const Model& m, const SweepOptions& o, long long first, long long count,
                    const std::atomic<bool>* stop) {
  Design design(m, o);
  if (first < 0 || count < 0 || first + count > design.total())
    throw UsageError("sweep samples [" + std::to_string(first) + ", " + std::to_string(first + count) +
                     ") are outside the sweep's " + std::to_string(design.total()) + " scenarios");
  const std::unique_ptr<Program> program = TargetProgram(m, design);
  const Program& p = *program;
  Workspace ws;
  p.PrepareWorkspace(ws);
  std::vector<double*> rows;
  for (int i = 0; i < design.rows(); ++i) rows.push_back(p.InputRow(ws, i));
  SweepSamples out;
  out.first = first;
  for (int d : design.drivers()) out.drivers.push_back(m.drivers()[d].name);  // as Dump names them
  for (const auto& sr : design.shock_rows())
    out.drivers.push_back(m.drivers()[design.drivers()[sr.row]].name + "@" + m.calendar().periods()[sr.period].label);
  for (const Target& t : m.targets()) out.targets.push_back(t.name);
  out.driver_values = BatchMatrix::Zero(design.rows(), count);
  out.target_values = BatchMatrix::Zero(p.num_outputs(), count);
  for (long long s = 0; s < count; s += kBlock) {
    if (stop && stop->load()) break;
    const int n = static_cast<int>(std::min<long long>(kBlock, count - s));
    design.Fill(first + s, n, rows.data());
    p.RunBlock(ws, n, first + s);
    for (int i = 0; i < design.rows(); ++i) std::copy(rows[i], rows[i] + n, &out.driver_values(i, s));
    for (int k = 0; k < p.num_outputs(); ++k) {
      const double* y = p.OutputRow(ws, k);
      std::copy(y, y + n, &out.target_values(k, s));
    }
  }
  return out;
}

}  // namespace internal

SweepResult Sweep(const Model& model, const SweepOptions& options, const std::atomic<bool>* stop,
                  const ProgressFn& progress) {
  options.Validate();
  const auto t0 = std::chrono::steady_clock::now();  // the rate counts the set-up too
  internal::Engine engine(model, options);
  SweepResult r = engine.Run(stop, progress, t0);
  if (options.sobol_index_samples > 0 && !r.partial) internal::SobolIndices(model, options, &r);
  if (!options.dump_path.empty()) internal::Dump(model, options, std::min(r.samples, options.dump_limit));
  return r;
}

SweepPartial SweepRange(const Model& model, const SweepOptions& options, long long first, long long count,
                        const std::atomic<bool>* stop, const ProgressFn& progress) {
  options.Validate();
  internal::Engine engine(model, options);
  return engine.RunRange(first, count, stop, progress);
}

SweepResult CombineSweep(const Model& model, const SweepOptions& options, std::vector<SweepPartial> parts) {
  options.Validate();
  internal::Engine engine(model, options);
  SweepResult r = engine.Combine(std::move(parts));
  r.threads_used = 0;
  return r;
}

SweepSamples SampleSweep(const Model& model, const SweepOptions& options, long long first, long long count,
                         const std::atomic<bool>* stop) {
  options.Validate();
  return internal::Sample(model, options, first, count, stop);
}

}  // namespace outturn
