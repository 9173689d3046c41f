// SPDX-License-Identifier: MIT
#pragma once
// Elementary functions written for loops over blocks of lanes: branch-free (special cases
// are selects), built only from IEEE-exact operations (+ - * /, comparisons, bit moves), so
// that the compiler vectorizes a loop over them and a lane computes the same bits in a
// vector body, a scalar tail, or a scalar call (the build has -ffp-contract=off). They are
// the one definition of exp and log: the tape's lanes and its constant folding both call
// them. Pow carries log a and b log a in two doubles (Dekker's exact product), so it
// stays within 2 ulp (1 where |b log a| < 1) where exp(b log a) would lose |b log a| ulps,
// and exact powers of two come out exact (2^10 is 1024).
//
// Algorithms: Sun's fdlibm (e_exp.c, e_log.c; Remez polynomials with the argument reduced
// by a split ln 2). Accuracy: under 1 ulp for Exp and Log over the whole range, 2 for Pow
// (tested against the C library on random arguments, tests/vecmath_test.cpp).

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace outturn::internal {

inline std::uint64_t BitsOf(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline double FromBits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2, high 32 bits
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi

/// The rounding error of p = a * b: a * b - p exactly (Dekker 1971, "A floating-point technique
/// for extending the available precision", Numer. Math. 18: Veltkamp's split, then four exact
/// products), when nothing overflows (|a|, |b| < 2^995) or underflows. IEEE operations only, not
/// std::fma: a target without a fused multiply-add computes the same bits (base/vecmath-inl.h).
inline double TwoProductError(double a, double b, double p) {
  const double ca = 134217729.0 * a, cb = 134217729.0 * b;
  const double ah = ca - (ca - a), al = a - ah;
  const double bh = cb - (cb - b), bl = b - bh;
  return (((ah * bh - p) + ah * bl) + al * bh) + al * bl;
}

namespace vecmath_detail {
// e^(hi + lo), |lo| << |hi|, |hi| < 709.8: Exp's reduction with lo folded in.
inline double ExpParts(double hi_in, double lo_in) {
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                   P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  constexpr double kRound = 0x1.8p52;
  const double kd = (hi_in * kInvLn2 + kRound) - kRound;
  const double hi = hi_in - kd * kLn2Hi;
  const double lo = kd * kLn2Lo - lo_in;
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  // kd is an integer in [-1100, 1100] for every argument whose result the callers keep; for
  // the others (NaN, huge: results they replace) it is clamped first, as converting NaN or an
  // out-of-range double to an integer is undefined. Selects: the loop still vectorizes.
  const double kc = kd > 2048.0 ? 2048.0 : (kd < -2048.0 ? -2048.0 : kd);
  const std::int64_t k = static_cast<std::int64_t>(kc == kc ? kc : 0.0);
  const std::int64_t k1 = k >> 1, k2 = k - k1;
  const double s1 = FromBits(static_cast<std::uint64_t>(k1 + 1023) << 52);
  const double s2 = FromBits(static_cast<std::uint64_t>(k2 + 1023) << 52);
  return (y * s1) * s2;
}

// x = 2^e (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), and fdlibm's pieces of log(1 + f) =
// f - f^2/2 + s (f^2/2 + R), s = f / (2 + f). For x > 0 finite (subnormals scaled first, exact).
struct LogParts {
  double dk, f, s, R;
};
inline LogParts ReduceLog(double x) {
  constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                   Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                   Lg7 = 1.479819860511658591e-01;
  const bool sub = x < 0x1p-1022;
  const double xs = sub ? x * 0x1p54 : x;
  const std::uint64_t bits = BitsOf(xs);
  // Compare the mantissa bits with sqrt(2)'s.
  const std::uint64_t mant = bits & 0x000fffffffffffffULL;
  const bool big = mant > 0x6a09e667f3bccULL;
  const std::int64_t e = static_cast<std::int64_t>((bits >> 52) & 0x7ff) - 1023 + (big ? 1 : 0) - (sub ? 54 : 0);
  const double m = FromBits(mant | (big ? 0x3fe0000000000000ULL : 0x3ff0000000000000ULL));
  const double f = m - 1.0;  // exact (Sterbenz)
  const double s = f / (2.0 + f);
  const double z = s * s, w = z * z;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  return {static_cast<double>(e), f, s, t2 + t1};
}
}  // namespace vecmath_detail

/// e^x. Under 1 ulp; exp(-inf) = 0, exp(+inf) = inf, NaN propagates, overflow gives inf and
/// underflow gradual (subnormal) results, then 0.
inline double Exp(double x) {
  // Clamp so that the reduction stays finite; the special results are selected at the end.
  const double xc = x > 709.8 ? 709.8 : (x < -745.2 ? -745.2 : x);
  double out = vecmath_detail::ExpParts(xc, 0.0);
  out = x > 709.782712893383973096 ? std::numeric_limits<double>::infinity() : out;
  out = x < -745.13321910194110842 ? 0.0 : out;
  out = x != x ? x : out;
  return out;
}

/// Natural logarithm. Under 1 ulp; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf, NaN
/// propagates; subnormal arguments are exact.
inline double Log(double x) {
  const vecmath_detail::LogParts p = vecmath_detail::ReduceLog(x);
  const double hfsq = 0.5 * p.f * p.f;
  double out = p.dk * kLn2Hi - ((hfsq - (p.s * (hfsq + p.R) + p.dk * kLn2Lo)) - p.f);
  out = x == 0.0 ? -std::numeric_limits<double>::infinity() : out;
  out = x == std::numeric_limits<double>::infinity() ? x : out;
  out = (x < 0.0 || x != x) ? std::numeric_limits<double>::quiet_NaN() : out;
  return out;
}

/// The lanes Pow computes itself: a > 0 finite, b finite and not huge. Everything else (zero
/// or negative bases, infinities, NaN) is std::pow's.
inline bool PowIsFast(double a, double b) {
  return a > 0.0 && a < std::numeric_limits<double>::infinity() && std::fabs(b) < 0x1p60;
}

/// a^b on PowIsFast's lanes: log a as hi + lo (fdlibm's log with f^2 and the sums kept
/// exact), b log a as hi + lo (TwoProductError gives the product's error), then e^(hi + lo). Within
/// 2 ulp, 1 where |b log a| < 1; overflow gives inf, underflow 0 (or a subnormal). Values of
/// other lanes are meaningless (Pow, and the tape, replace them with std::pow's).
inline double PowFast(double a, double b) {
  const vecmath_detail::LogParts p = vecmath_detail::ReduceLog(a);
  const double f = p.f, s = p.s, R = p.R, dk = p.dk;
  // log(1 + f) = f - hfsq + s (hfsq + R), hfsq = f^2 / 2 exactly as hh + hl.
  const double fsq = f * f, fsq_err = TwoProductError(f, f, fsq);
  const double hh = 0.5 * fsq, hl = 0.5 * fsq_err;
  const double corr = s * (hh + R);
  const double t_hi = f - hh;  // Fast2Sum: |f| >= |hh|
  const double t_lo = ((f - t_hi) - hh) - hl + corr;
  // + e ln 2 (e * kLn2Hi is exact), by TwoSum.
  const double a1 = dk * kLn2Hi;
  const double Lh = a1 + t_hi;
  const double bb = Lh - a1;
  const double Ll0 = ((a1 - (Lh - bb)) + (t_hi - bb)) + (t_lo + dk * kLn2Lo);
  // Renormalized (Fast2Sum, |Lh| >= |Ll0|): corr made Ll0 as large as f^3 / 12.
  const double L = Lh + Ll0, Ll = Ll0 - (L - Lh);
  // y = b (L + Ll) as yh + yl.
  const double yh = b * L;
  const double yl = TwoProductError(b, L, yh) + b * Ll;
  const double yc = yh > 709.8 ? 709.8 : (yh < -745.2 ? -745.2 : yh);
  double out = vecmath_detail::ExpParts(yc, yc == yh ? yl : 0.0);
  out = yh > 709.782712893383973096 ? std::numeric_limits<double>::infinity() : out;
  out = yh < -745.13321910194110842 ? 0.0 : out;
  return out;
}

inline double Pow(double a, double b) { return PowIsFast(a, b) ? PowFast(a, b) : std::pow(a, b); }

/// The sum of term(j) for j in [0, n) in one fixed order whatever the vector width: term j
/// goes to partial sum j % 8, and the eight are added pairwise ((0+4)+(2+6))+((1+5)+(3+7)).
/// The compiler vectorizes the lanes (8 doubles: one 512-bit or two 256-bit vectors) without
/// reordering them (no -ffast-math), so every target gives the same bits; Eigen's sum() does
/// not (its partial sums follow the packet size).
template <class Term>
inline double SumFixed(int n, Term term) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; ++l) acc[l] += term(j + l);
  for (int l = 0; j + l < n; ++l) acc[l] += term(j + l);
  return ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]));
}
inline double SumFixed(const double* x, int n) {
  return SumFixed(n, [x](int j) { return x[j]; });
}

}  // namespace outturn::internal
