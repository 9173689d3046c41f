// SPDX-License-Identifier: MIT
#pragma once
// Random numbers for sweeps: a counter-based generator (every number a pure function of
// seed, stream and index), keyed permutations for Latin hypercubes, and fast inversion of
// the distribution families drivers carry.

#include <cstdint>
#include <memory>
#include <vector>

#include "base/normal.h"
#include "model/inversion.h"
#include "outturn/model/model.h"

namespace outturn::internal {

/// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
inline std::uint64_t Mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

/// The key of one random stream (e.g. a driver) under a seed.
inline std::uint64_t StreamKey(std::uint64_t seed, std::uint64_t stream) {
  return Mix64(Mix64(seed + kGolden) ^ Mix64(stream * 0xd1b54a32d192ed03ULL + 1));
}
/// Counter-based uniform in (0, 1) (never 0 or 1; 53 random bits): SplitMix64 on the Weyl
/// sequence key + index * golden, i.e. the index-th output of a SplitMix64 stream.
inline double UniformAt(std::uint64_t key, std::uint64_t index) {
  return (static_cast<double>(Mix64(key + index * kGolden) >> 11) + 0.5) * 0x1p-53;
}
/// out[i] = UniformAt(key, first + i), i < n. Vectorizes.
void Uniforms(std::uint64_t key, std::uint64_t first, int n, double* out);

/// A keyed bijection of [0, 2^bits) (bits in [1, 40]): rounds of multiply-by-odd, add and
/// xorshift, each a bijection modulo 2^bits. Any bijection stratifies exactly; the keys make
/// the pairing of strata across drivers random.
std::uint64_t Permute(std::uint64_t x, int bits, std::uint64_t key);

/// The inverse CDF of a distribution, applied to blocks of uniforms in place. Closed forms
/// where they exist (uniform, triangular, discrete, empirical: model/inversion.h, the same
/// bits as outturn::Quantile), Wichura's AS241 for the normal family (the same bits too), and
/// for the beta family (PERT) cubic Hermite interpolation of the exact quantile on dyadic
/// segments of (0, 1/2] and [1/2, 1), exact (Boost) beyond 2^-40.
/// PERT's tables: dyadic segments of (0, 1/2] per side, and nodes per segment (a power of 2).
constexpr int kPertSegments = 40, kPertNodes = 64;

class Inverter {
 public:
  explicit Inverter(const Distribution& d);
  /// u[i] <- Quantile(u[i]), 0 < u[i] < 1.
  void Apply(double* u, int n) const;
  /// Largest absolute interpolation error against the exact quantile, measured at the
  /// midpoints of every table interval (0 for closed forms). Costs ~5,000 exact quantiles.
  double MeasureTableError() const;

 private:
  Distribution d_;
  double a_ = 0, b_ = 0;  // truncated normal: Phi at the bounds; lognormal: mu, sigma
  TriangularShape triangular_;
  DiscreteSteps discrete_;
  std::vector<double> sorted_;  // empirical
  // Beta tables: [side][segment][node] -> (Q, dQ/dv).
  std::shared_ptr<const std::vector<double>> table_;  // shared by Inverters of one (alpha, beta)
  double alpha_ = 0, beta_ = 0;
  double BetaExact(double u) const;
};

/// Inverters for `dists`, in order. PERT's tables (the slow part: Boost's Beta quantile at
/// 5,200 nodes) are built on up to hardware_concurrency threads; the result is the same.
std::vector<Inverter> MakeInverters(const std::vector<Distribution>& dists);

/// NormalQuantile (base/normal.h) over a block in place, vectorized; bit-identical to it.
void NormalQuantiles(double* u, int n);
/// The standard normal CDF over a block in place, for the Gaussian copula: cubic Hermite
/// interpolation of the exact Phi on a grid of step 1/64 over [-9, 9], the result clamped to
/// [2^-60, 1 - 2^-53]. Absolute error below 1e-10 (NormalCdfTableError measures it).
void NormalCdfs(double* x, int n);
/// Largest absolute error of NormalCdfs against 0.5 erfc(-z / sqrt 2), measured at three
/// points inside every grid interval.
double NormalCdfTableError();

}  // namespace outturn::internal
