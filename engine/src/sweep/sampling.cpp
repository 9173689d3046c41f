// SPDX-License-Identifier: MIT
// Sampling kernels for sweeps (sweep/sampling.h): the counter-based uniforms, keyed
// permutations, the block normal quantile and CDF, PERT's Beta tables, and the Inverter that
// applies a distribution's inverse CDF to blocks of uniforms.
#include "sweep/sampling.h"

#include <algorithm>
#include <atomic>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#if defined(__AVX512F__) && defined(__AVX512VL__)
#include <immintrin.h>
#endif

#include "base/vecmath.h"

namespace outturn::internal {

void Uniforms(std::uint64_t key, std::uint64_t first, int n, double* out) {
  // UniformAt(key, first + i), with the Weyl term as an induction variable (one multiply
  // fewer per lane; the same bits).
  std::uint64_t w = key + first * kGolden;
  for (int i = 0; i < n; ++i, w += kGolden) {
    const std::uint64_t z = Mix64(w);
    out[i] = (static_cast<double>(z >> 11) + 0.5) * 0x1p-53;
  }
}

std::uint64_t Permute(std::uint64_t x, int bits, std::uint64_t key) {
  const std::uint64_t mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
  const int shift = std::max(1, bits / 2);
  for (int round = 0; round < 4; ++round) {
    const std::uint64_t k = Mix64(key + static_cast<std::uint64_t>(round) * kGolden);
    x = (x * (k | 1)) & mask;    // odd multiplier: bijective mod 2^bits
    x = (x + (k >> 17)) & mask;  // addition: bijective
    x ^= x >> shift;             // xorshift right: bijective on bits
  }
  return x;
}

namespace {

// The standard normal CDF by cubic Hermite interpolation of the exact Phi and its derivative
// phi on a uniform grid over [-kCdfRange, 0] (Phi(z) = 1 - Phi(-z) above 0).
constexpr double kCdfRange = 9.0;
constexpr int kCdfPerUnit = 64;
constexpr int kCdfIntervals = static_cast<int>(kCdfRange) * kCdfPerUnit;

const std::vector<double>& CdfTable() {
  static const std::vector<double> table = [] {
    std::vector<double> t(2 * (kCdfIntervals + 1));
    const double h = 1.0 / kCdfPerUnit;
    for (int j = 0; j <= kCdfIntervals; ++j) {
      const double z = -kCdfRange + j * h;
      t[2 * j] = Phi(z);
      t[2 * j + 1] = h * NormalPdf(z);  // h a power of two: the same bits as (h exp) / sqrt(2 pi)
    }
    return t;
  }();
  return table;
}

}  // namespace

// Normal quantile over a block: the central rational function for every lane, then the tail
// lanes gathered into a compact buffer and inverted together (both loops vectorize).
// Bit-identical to NormalQuantile.
void NormalQuantiles(double* u, int n) {
  constexpr int kStep = 256;
  int idx[kStep];
  double tv[kStep + 8];
  for (int start = 0; start < n; start += kStep) {
    double* v = u + start;
    const int m = std::min(kStep, n - start);
    int tails = 0;
    int i0 = 0;
#if defined(__AVX512F__) && defined(__AVX512VL__)
    // Compaction is data movement only (no arithmetic), so the vector and scalar versions
    // produce the same buffers.
    const __m512d half = _mm512_set1_pd(0.5), split = _mm512_set1_pd(0.425);
    const __m512d absmask = _mm512_castsi512_pd(_mm512_set1_epi64(0x7fffffffffffffffLL));
    for (; i0 + 8 <= m; i0 += 8) {
      const __m512d x = _mm512_loadu_pd(v + i0);
      const __m512d dev = _mm512_and_pd(_mm512_sub_pd(x, half), absmask);
      const __mmask8 t = _mm512_cmp_pd_mask(dev, split, _CMP_GT_OQ);
      const __m256i lanes = _mm256_add_epi32(_mm256_set1_epi32(i0), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
      _mm512_mask_compressstoreu_pd(tv + tails, t, x);
      _mm256_mask_compressstoreu_epi32(idx + tails, t, lanes);
      tails += __builtin_popcount(t);
    }
#endif
    for (int i = i0; i < m; ++i) {
      idx[tails] = i;
      tv[tails] = v[i];
      tails += std::fabs(v[i] - 0.5) > 0.425;
    }
    for (int i = 0; i < m; ++i) v[i] = NormalCentral(v[i]);
    // Padded to whole vectors of 8 lanes: the scalar remainder loop never runs.
    const int padded = (tails + 7) & ~7;
    for (int k = tails; k < padded; ++k) tv[k] = 0.01;
    for (int k = 0; k < padded; ++k) tv[k] = NormalTail(tv[k]);
    for (int k = 0; k < tails; ++k) v[idx[k]] = tv[k];
  }
}

namespace {
// Restrict-qualified parameters (not locals, which GCC ignores): the loop gathers from the
// table, and only a proven absence of aliasing lets it vectorize.
void CdfKernel(double* __restrict x, const double* __restrict tab, int n) {
  for (int i = 0; i < n; ++i) {
    const double z = x[i];
    const double a = z < 0 ? z : -z;  // -|z|
    const double pos = ((a < -kCdfRange ? -kCdfRange : a) + kCdfRange) * kCdfPerUnit;
    std::int64_t j = static_cast<std::int64_t>(pos);
    j = j > kCdfIntervals - 1 ? kCdfIntervals - 1 : j;
    const double w = pos - static_cast<double>(j);
    const double q0 = tab[2 * j], d0 = tab[2 * j + 1], q1 = tab[2 * j + 2], d1 = tab[2 * j + 3];
    const double w2 = w * w, w3 = w2 * w;
    const double p = (2 * w3 - 3 * w2 + 1) * q0 + (w3 - 2 * w2 + w) * d0 + (-2 * w3 + 3 * w2) * q1 + (w3 - w2) * d1;
    const double u = z < 0 ? p : 1.0 - p;
    x[i] = u < 0x1p-60 ? 0x1p-60 : (u > 1 - 0x1p-53 ? 1 - 0x1p-53 : u);
  }
}
}  // namespace

void NormalCdfs(double* x, int n) { CdfKernel(x, CdfTable().data(), n); }

double NormalCdfTableError() {
  double worst = 0;
  for (int j = 0; j < 2 * kCdfIntervals; ++j)
    for (double f : {0.25, 0.5, 0.75}) {
      const double z = -kCdfRange + (j + f) / kCdfPerUnit;
      double x = z;
      NormalCdfs(&x, 1);
      const double exact = std::min(std::max(Phi(z), 0x1p-60), 1 - 0x1p-53);
      worst = std::max(worst, std::fabs(x - exact));
    }
  return worst;
}

namespace {

constexpr int kSegments = kPertSegments, kNodes = kPertNodes;
static_assert(kNodes == 64, "PertKernel builds the node spacing from 2^-6");

// PERT's tables: the exact Beta(alpha, beta) quantile and its slope at every node (5,200
// Boost quantiles, ~0.04 s). Built once per (alpha, beta) per process and shared: sweeps in
// pieces (Dask tasks, Python calls, benchmark repetitions) do not rebuild them.
std::shared_ptr<const std::vector<double>> BetaTable(double alpha, double beta) {
  static std::mutex mu;
  static std::map<std::pair<double, double>, std::shared_ptr<const std::vector<double>>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find({alpha, beta});
    if (it != cache.end()) return it->second;
  }
  boost::math::beta_distribution<double> dist(alpha, beta);
  auto table = std::make_shared<std::vector<double>>(2 * kSegments * (kNodes + 1) * 2);
  for (int side = 0; side < 2; ++side)
    for (int s = 0; s < kSegments; ++s)
      for (int j = 0; j <= kNodes; ++j) {
        // v in [2^-(s+2), 2^-(s+1)]: node j at 2^-(s+2) * (1 + j / kNodes).
        const double v = std::ldexp(1.0 + static_cast<double>(j) / kNodes, -(s + 2));
        const double u = side == 0 ? v : 1.0 - v;
        const double x = boost::math::quantile(dist, u);
        const double pdf = boost::math::pdf(dist, x);
        double* node = &(*table)[((side * kSegments + s) * (kNodes + 1) + j) * 2];
        node[0] = x;
        node[1] = (side == 0 ? 1.0 : -1.0) / pdf;  // dQ/dv
      }
  std::lock_guard<std::mutex> lock(mu);
  return cache.emplace(std::make_pair(alpha, beta), std::move(table)).first->second;
}

}  // namespace

Inverter::Inverter(const Distribution& d) : d_(d) {
  switch (d.type) {
    case DistributionType::kTriangular: triangular_ = Triangular(d); break;
    case DistributionType::kTruncatedNormal:
      a_ = Phi((d.low - d.mean) / d.sd);
      b_ = Phi((d.high - d.mean) / d.sd);
      break;
    case DistributionType::kLognormal: LognormalParams(d, &a_, &b_); break;
    case DistributionType::kDiscrete: discrete_ = Discrete(d); break;
    case DistributionType::kEmpirical: sorted_ = SortedObservations(d); break;
    case DistributionType::kPert:
      PertParams(d, &alpha_, &beta_);
      table_ = BetaTable(alpha_, beta_);
      break;
    default: break;
  }
}

std::vector<Inverter> MakeInverters(const std::vector<Distribution>& dists) {
  // Warm the shared Beta tables of distinct PERT shapes in parallel; the Inverters then find
  // them in the cache.
  std::vector<Distribution> pert;
  for (const Distribution& d : dists)
    if (d.type == DistributionType::kPert) pert.push_back(d);
  if (pert.size() > 1) {
    const size_t workers = std::min<size_t>(pert.size(), std::max(1u, std::thread::hardware_concurrency()));
    std::atomic<size_t> next{0};
    std::vector<std::exception_ptr> errors(workers);
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w)
      pool.emplace_back([&, w] {
        try {
          for (size_t i = next++; i < pert.size(); i = next++) {
            double a, b;
            PertParams(pert[i], &a, &b);
            BetaTable(a, b);
          }
        } catch (...) {
          errors[w] = std::current_exception();  // rethrown below, on the caller's thread
        }
      });
    for (std::thread& t : pool) t.join();
    for (const std::exception_ptr& e : errors)
      if (e) std::rethrow_exception(e);
  }
  std::vector<Inverter> out;
  for (const Distribution& d : dists) out.emplace_back(d);
  return out;
}

double Inverter::MeasureTableError() const {
  if (d_.type != DistributionType::kPert) return 0.0;
  boost::math::beta_distribution<double> beta(alpha_, beta_);
  double worst = 0;
  for (int side = 0; side < 2; ++side)
    for (int s = 0; s < kSegments; ++s)
      for (int j = 0; j < kNodes; ++j) {
        const double v = std::ldexp(1.0 + (j + 0.5) / kNodes, -(s + 2));
        double u = side == 0 ? v : 1.0 - v;
        const double exact = boost::math::quantile(beta, u);
        Apply(&u, 1);
        worst = std::max(worst, std::fabs((u - d_.low) / (d_.high - d_.low) - exact) * (d_.high - d_.low));
      }
  return worst;
}

double Inverter::BetaExact(double u) const {
  boost::math::beta_distribution<double> beta(alpha_, beta_);
  return boost::math::quantile(beta, u);
}

namespace {

void EmpiricalKernel(double* __restrict u, const double* __restrict vals, std::int64_t m, int n) {
  for (int i = 0; i < n; ++i) u[i] = EmpiricalQuantile(vals, m, u[i]);
}

void PertKernel(const double* __restrict orig, double* __restrict ub, unsigned char* __restrict tail,
                const double* __restrict tab, double lo, double range, int nb) {
  for (int i = 0; i < nb; ++i) {
    const double x = orig[i];
    const bool upper = x > 0.5;
    const double v = upper ? 1.0 - x : x;  // in (0, 0.5]
    // v = m * 2^e with m in [1, 2) from the bits: segment s = -e - 2 covers
    // [2^-(s+2), 2^-(s+1)], and t = m - 1 is the position in it.
    const std::uint64_t bits = BitsOf(v);
    const std::int64_t e = static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1023;
    const double m = FromBits((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    const std::int64_t s0 = -e - 2;
    const bool half = s0 < 0;  // v = 0.5 exactly
    const std::int64_t s = half ? 0 : (s0 > kSegments - 1 ? kSegments - 1 : s0);
    const double t = half ? 1.0 : m - 1.0;
    const double pos = t * kNodes;
    std::int64_t j = static_cast<std::int64_t>(pos);
    j = j > kNodes - 1 ? kNodes - 1 : j;
    // Node spacing 2^-(s+2) / kNodes, from the exponent bits (kNodes = 2^6).
    const double h = FromBits(static_cast<std::uint64_t>(1023 - 6 - 2 - s) << 52);
    const double w = pos - static_cast<double>(j);
    const std::int64_t node = (((upper ? kSegments : 0) + s) * (kNodes + 1) + j) * 2;
    const double q0 = tab[node], d0 = tab[node + 1], q1 = tab[node + 2], d1 = tab[node + 3];
    // Cubic Hermite on [v_j, v_j+1] with the exact slopes dQ/dv.
    const double w2 = w * w, w3 = w2 * w;
    const double q =
        (2 * w3 - 3 * w2 + 1) * q0 + (w3 - 2 * w2 + w) * h * d0 + (-2 * w3 + 3 * w2) * q1 + (w3 - w2) * h * d1;
    ub[i] = lo + range * q;
    tail[i] = !half && s0 >= kSegments;
  }
}

}  // namespace

void Inverter::Apply(double* u, int n) const {
  const Distribution& d = d_;
  switch (d.type) {
    case DistributionType::kUniform:
      for (int i = 0; i < n; ++i) u[i] = UniformQuantile(d.low, d.high, u[i]);
      return;
    case DistributionType::kTriangular: {
      // One square root per lane (the shape copied to a local: no aliasing with u).
      const TriangularShape s = triangular_;
      for (int i = 0; i < n; ++i) u[i] = TriangularQuantile(s, u[i]);
      return;
    }
    case DistributionType::kNormal:
      NormalQuantiles(u, n);
      for (int i = 0; i < n; ++i) u[i] = d.mean + d.sd * u[i];
      return;
    case DistributionType::kTruncatedNormal:
      for (int i = 0; i < n; ++i) u[i] = a_ + u[i] * (b_ - a_);
      NormalQuantiles(u, n);
      for (int i = 0; i < n; ++i) u[i] = std::min(std::max(d.mean + d.sd * u[i], d.low), d.high);
      return;
    case DistributionType::kLognormal:
      NormalQuantiles(u, n);
      for (int i = 0; i < n; ++i) u[i] = Exp(a_ + b_ * u[i]);
      return;
    case DistributionType::kDiscrete: {
      // DiscreteQuantile lane by lane, threshold by threshold (cumulative ascends): the last
      // value whose predecessor's threshold the uniform exceeds. Loops over lanes inside, so
      // they vectorize.
      const std::vector<double>& values = discrete_.values;
      const std::vector<double>& cumulative = discrete_.cumulative;
      const std::size_t K = values.size();
      constexpr int kStep = 256;
      double orig[kStep];
      for (int start = 0; start < n; start += kStep) {
        double* ub = u + start;
        const int nb = std::min(kStep, n - start);
        std::memcpy(orig, ub, nb * sizeof(double));
        for (int i = 0; i < nb; ++i) ub[i] = values[0];
        for (std::size_t k = 0; k + 1 < K; ++k) {
          const double c = cumulative[k], v = values[k + 1];
          for (int i = 0; i < nb; ++i) ub[i] = orig[i] > c ? v : ub[i];
        }
      }
      return;
    }
    case DistributionType::kEmpirical: {
      EmpiricalKernel(u, sorted_.data(), static_cast<std::int64_t>(sorted_.size()), n);
      return;
    }
    case DistributionType::kPert: {
      // Pass 1, branch-free (it vectorizes, with gathers): every lane from the tables, the
      // segment clamped. Pass 2: the rare lanes beyond 2^-41 from the tails, exactly.
      const double lo = d.low, range = d.high - d.low;
      const double* tab = table_->data();
      constexpr int kStep = 256;
      double orig[kStep];
      unsigned char tail[kStep];
      for (int start = 0; start < n; start += kStep) {
        double* ub = u + start;
        const int nb = std::min(kStep, n - start);
        std::memcpy(orig, ub, nb * sizeof(double));
        PertKernel(orig, ub, tail, tab, lo, range, nb);
        for (int i = 0; i < nb; ++i)
          if (tail[i]) ub[i] = lo + range * BetaExact(orig[i]);
      }
      return;
    }
    case DistributionType::kNone: return;
  }
}

}  // namespace outturn::internal
