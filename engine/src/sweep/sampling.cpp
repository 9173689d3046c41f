// SPDX-License-Identifier: MIT
// Sampling kernels for sweeps (sweep/sampling.h): the counter-based uniforms, keyed
// permutations, the block normal quantile and CDF, PERT's Beta tables, and the Inverter that
// applies a distribution's inverse CDF to blocks of uniforms. The block kernels are compiled
// once per vector target (Highway's foreach_target: this file is included again for each)
// and chosen at run time (base/simd.h); each gives the scalar definition's bits.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sweep/sampling.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/vecmath-inl.h"
#include "hwy/highway.h"
#include "sweep/sampling.h"

// ---------------------------------------------------------------------------------------
// Per-target kernels.
HWY_BEFORE_NAMESPACE();
namespace outturn::internal {
namespace HWY_NAMESPACE {
namespace {

// x * c mod 2^64 on 64-bit lanes, from 32 x 32 -> 64 products (no 64-bit multiply before
// AVX-512DQ); one instruction where there is one. Integer arithmetic: exact on any target.
inline VU MulLo64(VU x, VU c, VU c_hi) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  (void)c_hi;
  return VU{_mm512_mullo_epi64(x.raw, c.raw)};
#elif HWY_TARGET == HWY_SCALAR
  (void)c_hi;
  return VU{x.raw * c.raw};  // one lane
#else
  const DU du;
  const hn::Repartition<std::uint32_t, DU> d32;
  const VU lolo = hn::MulEven(hn::BitCast(d32, x), hn::BitCast(d32, c));
  const VU hilo = hn::MulEven(hn::BitCast(d32, hn::ShiftRight<32>(x)), hn::BitCast(d32, c));
  const VU lohi = hn::MulEven(hn::BitCast(d32, x), hn::BitCast(d32, c_hi));
  (void)du;
  return hn::Add(lolo, hn::ShiftLeft<32>(hn::Add(hilo, lohi)));
#endif
}

inline VU Mix64V(VU z) {
  const DU du;
  const VU c1 = hn::Set(du, 0xbf58476d1ce4e5b9ULL), c1h = hn::Set(du, 0xbf58476d1ce4e5b9ULL >> 32);
  const VU c2 = hn::Set(du, 0x94d049bb133111ebULL), c2h = hn::Set(du, 0x94d049bb133111ebULL >> 32);
  z = MulLo64(hn::Xor(z, hn::ShiftRight<30>(z)), c1, c1h);
  z = MulLo64(hn::Xor(z, hn::ShiftRight<27>(z)), c2, c2h);
  return hn::Xor(z, hn::ShiftRight<31>(z));
}

// UniformAt's (double(z >> 11) + 0.5) 2^-53, without a 64-bit conversion: z >> 12 as the
// mantissa of a double in [1, 2), less 1 (exact), plus (bit 11 + 1/2) 2^-53, one rounding
// of the same exact value.
inline VF UniformOfBits(VU z) {
  const DU du;
  const VF m = hn::Sub(hn::BitCast(DF(), hn::Or(hn::ShiftRight<12>(z), hn::Set(du, 0x3ff0000000000000ULL))), K(1.0));
  const auto odd = hn::RebindMask(DF(), hn::Ne(hn::And(z, hn::Set(du, 1ULL << 11)), hn::Zero(du)));
  return hn::Add(m, Sel(odd, K(1.5 * 0x1p-53), K(0.5 * 0x1p-53)));
}

}  // namespace

void UniformsK(std::uint64_t key, std::uint64_t first, int n, double* out) {
  const DU du;
  const DF d;
  const int N = static_cast<int>(hn::Lanes(du));
  HWY_ALIGN std::uint64_t lanes[kMaxLanes];
  for (int l = 0; l < N; ++l) lanes[l] = key + (first + static_cast<std::uint64_t>(l)) * kGolden;
  VU w = hn::Load(du, lanes);
  const VU step = hn::Set(du, static_cast<std::uint64_t>(N) * kGolden);
  int i = 0;
  for (; i + N <= n; i += N, w = hn::Add(w, step)) hn::StoreU(UniformOfBits(Mix64V(w)), d, out + i);
  if (i < n) {
    HWY_ALIGN double buf[kMaxLanes];
    hn::Store(UniformOfBits(Mix64V(w)), d, buf);
    std::memcpy(out + i, buf, static_cast<size_t>(n - i) * sizeof(double));
  }
}

// Normal quantiles of a block in place: the central rational function for every lane, the
// tail lanes compressed (their values and indices) into a buffer, inverted there together
// and scattered back.
void NormalQuantilesK(double* u, int n) {
  const DF d;
  const DI di;
  const int N = static_cast<int>(hn::Lanes(d));
  constexpr int kStep = 256;
  HWY_ALIGN double tv[kStep + kMaxLanes];
  HWY_ALIGN std::int64_t idx[kStep + kMaxLanes];
  for (int start = 0; start < n; start += kStep) {
    double* v = u + start;
    const int m = std::min(kStep, n - start);
    int tails = 0;
    VI lane = hn::Iota(di, 0);
    const VI stepi = hn::Set(di, N);
    InPlace(v, m, 0.5, [&](VF x, int) {
      const MF t = hn::Gt(hn::Abs(hn::Sub(x, K(0.5))), K(0.425));
      hn::CompressStore(x, t, d, tv + tails);
      tails += static_cast<int>(hn::CompressStore(lane, hn::RebindMask(di, t), di, idx + tails));
      lane = hn::Add(lane, stepi);
      return NormalCentralV(x);
    });
    if (tails == 0) continue;
    // Padded to whole vectors with copies of the last tail lane: they scatter its own value
    // to its own place again.
    for (int k = tails; k % N != 0; ++k) {
      tv[k] = tv[tails - 1];
      idx[k] = idx[tails - 1];
    }
    for (int k = 0; k < tails; k += N) hn::ScatterIndex(NormalTailV(hn::Load(d, tv + k)), d, v, hn::Load(di, idx + k));
  }
}

void CdfK(double* x, const double* tab, int n, double range, double per_unit, double last) {
  InPlace(x, n, 0.0, [&](VF z, int) {
    const MF neg = hn::Lt(z, hn::Zero(DF()));
    const VF a = Sel(neg, z, hn::Neg(z));  // -|z|
    const VF pos = hn::Mul(hn::Add(Sel(hn::Lt(a, K(-range)), K(-range), a), K(range)), K(per_unit));
    VF j = hn::Floor(pos);                    // pos >= 0: the truncation
    j = Sel(hn::Le(j, K(last)), j, K(last));  // (NaN: the last interval, in bounds)
    const VF w = hn::Sub(pos, j);
    const VI node = IntOfD(hn::Add(j, j));
    const DF d;
    const VF q0 = hn::GatherIndex(d, tab, node), d0 = hn::GatherIndex(d, tab + 1, node);
    const VF q1 = hn::GatherIndex(d, tab + 2, node), d1 = hn::GatherIndex(d, tab + 3, node);
    const VF w2 = hn::Mul(w, w), w3 = hn::Mul(w2, w);
    const VF c0 = hn::Add(hn::Sub(hn::Mul(K(2.0), w3), hn::Mul(K(3.0), w2)), K(1.0));
    const VF c1 = hn::Add(hn::Sub(w3, hn::Mul(K(2.0), w2)), w);
    const VF c2 = hn::Add(hn::Mul(K(-2.0), w3), hn::Mul(K(3.0), w2));
    const VF c3 = hn::Sub(w3, w2);
    const VF p = hn::Add(hn::Add(hn::Add(hn::Mul(c0, q0), hn::Mul(c1, d0)), hn::Mul(c2, q1)), hn::Mul(c3, d1));
    const VF uu = Sel(neg, p, hn::Sub(K(1.0), p));
    return Sel(hn::Lt(uu, K(0x1p-60)), K(0x1p-60), Sel(hn::Gt(uu, K(1 - 0x1p-53)), K(1 - 0x1p-53), uu));
  });
}

// PERT from the tables, in place; the lanes beyond the last segment (v < 2^-41) are listed
// (index and uniform) for the caller's exact quantile, and their count returned.
int PertK(double* u, int n, const double* tab, double lo, double range, int* tail_idx, double* tail_u) {
  const DF d;
  const DU du;
  const int N = static_cast<int>(hn::Lanes(d));
  constexpr double kSeg = kPertSegments, kNod = kPertNodes;
  static_assert(kPertNodes == 64, "the node spacing is built from 2^-6");
  int tails = 0;
  InPlace(u, n, 0.25, [&](VF x, int i) {
    const MF upper = hn::Gt(x, K(0.5));
    const VF v = Sel(upper, hn::Sub(K(1.0), x), x);  // in (0, 0.5]
    // v = m 2^e, m in [1, 2): segment s = -e - 2 covers [2^-(s+2), 2^-(s+1)], t = m - 1 the
    // position in it.
    const VU bits = hn::BitCast(du, v);
    const VF e = hn::Sub(ExponentField(bits), K(1023.0));
    const VF m =
        hn::BitCast(d, hn::Or(hn::And(bits, hn::Set(du, 0x000fffffffffffffULL)), hn::Set(du, 0x3ff0000000000000ULL)));
    const VF s0 = hn::Sub(hn::Neg(e), K(2.0));
    const MF half = hn::Lt(s0, hn::Zero(d));  // v = 0.5 exactly
    const VF s = hn::IfThenZeroElse(half, Sel(hn::Gt(s0, K(kSeg - 1)), K(kSeg - 1), s0));
    const VF t = Sel(half, K(1.0), hn::Sub(m, K(1.0)));
    const VF pos = hn::Mul(t, K(kNod));
    VF j = hn::Floor(pos);
    j = Sel(hn::Gt(j, K(kNod - 1)), K(kNod - 1), j);
    const VF h = Pow2OfD(hn::Sub(K(-8.0), s));  // node spacing 2^-(s+2) / 64
    const VF w = hn::Sub(pos, j);
    const VF seg = hn::Add(hn::IfThenElseZero(upper, K(kSeg)), s);
    const VI node = IntOfD(hn::Mul(hn::Add(hn::Mul(seg, K(kNod + 1)), j), K(2.0)));
    const VF q0 = hn::GatherIndex(d, tab, node), d0 = hn::GatherIndex(d, tab + 1, node);
    const VF q1 = hn::GatherIndex(d, tab + 2, node), d1 = hn::GatherIndex(d, tab + 3, node);
    const VF w2 = hn::Mul(w, w), w3 = hn::Mul(w2, w);
    const VF c0 = hn::Mul(hn::Add(hn::Sub(hn::Mul(K(2.0), w3), hn::Mul(K(3.0), w2)), K(1.0)), q0);
    const VF c1 = hn::Mul(hn::Mul(hn::Add(hn::Sub(w3, hn::Mul(K(2.0), w2)), w), h), d0);
    const VF c2 = hn::Mul(hn::Add(hn::Mul(K(-2.0), w3), hn::Mul(K(3.0), w2)), q1);
    const VF c3 = hn::Mul(hn::Mul(hn::Sub(w3, w2), h), d1);
    const VF q = hn::Add(hn::Add(hn::Add(c0, c1), c2), c3);
    const MF tail = hn::AndNot(half, hn::Ge(s0, K(kSeg)));
    if (HWY_UNLIKELY(!hn::AllFalse(d, tail))) {
      HWY_ALIGN double xs[kMaxLanes], flag[kMaxLanes];
      hn::Store(x, d, xs);
      hn::Store(hn::IfThenElseZero(tail, K(1.0)), d, flag);
      for (int l = 0; l < N; ++l)
        if (flag[l] != 0.0) {
          tail_idx[tails] = i + l;
          tail_u[tails++] = xs[l];
        }
    }
    return hn::Add(K(lo), hn::Mul(K(range), q));
  });
  return tails;
}

// The closed forms and the affine steps of the normal family, in place.
void TriangularK(double* u, int n, double a, double b, double fc, double k1, double k2) {
  InPlace(u, n, 0.5, [&](VF x, int) {
    const MF lo = hn::Lt(x, K(fc));
    const VF t = Sel(lo, x, hn::Sub(K(1.0), x)), k = Sel(lo, K(k1), K(k2));
    const VF base = Sel(lo, K(a), K(b)), sign = Sel(lo, K(1.0), K(-1.0));
    return hn::Add(base, hn::Mul(sign, hn::Sqrt(hn::Mul(t, k))));
  });
}
// c0 + c1 u (uniform: low + u (high - low); normal: mean + sd z).
void AffineK(double* u, int n, double c0, double c1) {
  InPlace(u, n, 0.5, [&](VF x, int) { return hn::Add(K(c0), hn::Mul(K(c1), x)); });
}
// min(max(c0 + c1 u, low), high), as std::min and std::max select.
void AffineClampK(double* u, int n, double c0, double c1, double low, double high) {
  InPlace(u, n, 0.5, [&](VF x, int) {
    const VF y = hn::Add(K(c0), hn::Mul(K(c1), x));
    const VF y1 = Sel(hn::Lt(y, K(low)), K(low), y);
    return Sel(hn::Lt(K(high), y1), K(high), y1);
  });
}
// Exp(c0 + c1 z): the lognormal from normal scores.
void ExpAffineK(double* u, int n, double c0, double c1) {
  InPlace(u, n, 0.0, [&](VF x, int) { return ExpV(hn::Add(K(c0), hn::Mul(K(c1), x))); });
}

}  // namespace HWY_NAMESPACE
}  // namespace outturn::internal
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <atomic>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "base/simd.h"

namespace outturn::internal {

HWY_EXPORT(UniformsK);
HWY_EXPORT(NormalQuantilesK);
HWY_EXPORT(CdfK);
HWY_EXPORT(PertK);
HWY_EXPORT(TriangularK);
HWY_EXPORT(AffineK);
HWY_EXPORT(AffineClampK);
HWY_EXPORT(ExpAffineK);

void Uniforms(std::uint64_t key, std::uint64_t first, int n, double* out) {
  SimdInit();
  HWY_DYNAMIC_DISPATCH(UniformsK)(key, first, n, out);
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

void NormalQuantiles(double* u, int n) {
  SimdInit();
  HWY_DYNAMIC_DISPATCH(NormalQuantilesK)(u, n);
}

void NormalCdfs(double* x, int n) {
  SimdInit();
  HWY_DYNAMIC_DISPATCH(CdfK)(x, CdfTable().data(), n, kCdfRange, kCdfPerUnit, kCdfIntervals - 1);
}

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
static_assert(kNodes == 64, "PertK builds the node spacing from 2^-6");

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

}  // namespace

void Inverter::Apply(double* u, int n) const {
  const Distribution& d = d_;
  SimdInit();
  switch (d.type) {
    case DistributionType::kUniform:  // UniformQuantile: low + u (high - low)
      HWY_DYNAMIC_DISPATCH(AffineK)(u, n, d.low, d.high - d.low);
      return;
    case DistributionType::kTriangular: {
      const TriangularShape& s = triangular_;
      HWY_DYNAMIC_DISPATCH(TriangularK)(u, n, s.a, s.b, s.fc, s.k1, s.k2);
      return;
    }
    case DistributionType::kNormal:
      NormalQuantiles(u, n);
      HWY_DYNAMIC_DISPATCH(AffineK)(u, n, d.mean, d.sd);
      return;
    case DistributionType::kTruncatedNormal:
      HWY_DYNAMIC_DISPATCH(AffineK)(u, n, a_, b_ - a_);
      NormalQuantiles(u, n);
      HWY_DYNAMIC_DISPATCH(AffineClampK)(u, n, d.mean, d.sd, d.low, d.high);
      return;
    case DistributionType::kLognormal:
      NormalQuantiles(u, n);
      HWY_DYNAMIC_DISPATCH(ExpAffineK)(u, n, a_, b_);
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
      // Every lane from the tables (vectors, with gathers); then the rare lanes beyond 2^-41
      // from the exact quantile.
      const double lo = d.low, range = d.high - d.low;
      const double* tab = table_->data();
      constexpr int kStep = 256;
      int tail_idx[kStep];
      double tail_u[kStep];
      for (int start = 0; start < n; start += kStep) {
        double* ub = u + start;
        const int nb = std::min(kStep, n - start);
        const int tails = HWY_DYNAMIC_DISPATCH(PertK)(ub, nb, tab, lo, range, tail_idx, tail_u);
        for (int k = 0; k < tails; ++k) ub[tail_idx[k]] = lo + range * BetaExact(tail_u[k]);
      }
      return;
    }
    case DistributionType::kNone: return;
  }
}

}  // namespace outturn::internal
#endif  // HWY_ONCE
