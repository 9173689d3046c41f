// SPDX-License-Identifier: MIT
// Per-target vector forms of base/vecmath.h and base/normal.h, for Highway's dynamic
// dispatch (base/simd.h): a file that includes this header after hwy/foreach_target.h gets
// them once per compiled target, in outturn::internal::HWY_NAMESPACE. Each is the scalar
// definition written over vectors: the same IEEE operations in the same order (no MulAdd,
// which fuses on some targets only; no approximate instructions), so that every lane gets
// the bits the scalar function gives, on every target and at every vector width. The
// integer steps that need 64-bit conversions on the scalar side (exponents, table indices,
// powers of two) are done here on doubles that hold small integers, and read from or put
// into the bits with the 1.5 * 2^52 shift: AVX2 has no 64-bit integer/double conversion.
// The tests compare each against its scalar definition bit for bit (tests/vecmath_test.cpp).

#if defined(OUTTURN_BASE_VECMATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef OUTTURN_BASE_VECMATH_INL_H_
#undef OUTTURN_BASE_VECMATH_INL_H_
#else
#define OUTTURN_BASE_VECMATH_INL_H_
#endif

#include <cstdint>
#include <cstring>
#include <limits>

#include "base/vecmath.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace outturn::internal {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<double>;
using DU = hn::RebindToUnsigned<DF>;
using DI = hn::RebindToSigned<DF>;
using VF = hn::Vec<DF>;
using VU = hn::Vec<DU>;
using VI = hn::Vec<DI>;
using MF = hn::Mask<DF>;

// The most doubles one vector holds on any target (for padded remainders).
constexpr int kMaxLanes = HWY_MAX_BYTES / sizeof(double);

inline VF K(double c) { return hn::Set(DF(), c); }
inline VF Sel(MF m, VF yes, VF no) { return hn::IfThenElse(m, yes, no); }

/// The int64 an integer-valued double |x| < 2^51 holds, from the bits of x + 1.5 * 2^52.
inline VI IntOfD(VF x) {
  const DI di;
  return hn::Sub(hn::BitCast(di, hn::Add(x, K(0x1.8p52))), hn::BitCast(di, K(0x1.8p52)));
}
/// The bits (k + 1023) << 52 for an integer-valued double k: 2^k where k + 1023 is in
/// [1, 2046]; the low 12 bits of k + 1023 otherwise, as the scalar (uint64)(k + 1023) << 52.
inline VF Pow2OfD(VF k) {
  const DU du;
  return hn::BitCast(DF(), hn::ShiftLeft<52>(hn::BitCast(du, hn::Add(hn::Add(k, K(1023.0)), K(0x1.8p52)))));
}
/// The biased exponent field (bits >> 52) & 0x7ff of x, as a double.
inline VF ExponentField(VU bits) {
  const DU du;
  const VU e = hn::And(hn::ShiftRight<52>(bits), hn::Set(du, 0x7ffULL));
  return hn::Sub(hn::BitCast(DF(), hn::Or(e, hn::Set(du, 0x4330000000000000ULL))), K(0x1p52));
}

/// Dekker's exact product: p + e = a * b exactly (base/vecmath.h TwoProductError).
inline VF TwoProductErrorV(VF a, VF b, VF p) {
  const VF ca = hn::Mul(K(134217729.0), a), cb = hn::Mul(K(134217729.0), b);
  const VF ah = hn::Sub(ca, hn::Sub(ca, a)), al = hn::Sub(a, ah);
  const VF bh = hn::Sub(cb, hn::Sub(cb, b)), bl = hn::Sub(b, bh);
  return hn::Add(hn::Add(hn::Add(hn::Sub(hn::Mul(ah, bh), p), hn::Mul(ah, bl)), hn::Mul(al, bh)), hn::Mul(al, bl));
}

/// vecmath_detail::ExpParts.
inline VF ExpPartsV(VF hi_in, VF lo_in) {
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03, P3 = 6.61375632143793436117e-05,
                   P4 = -1.65339022054652515390e-06, P5 = 4.13813679705723846039e-08;
  const VF kd = hn::Sub(hn::Add(hn::Mul(hi_in, K(kInvLn2)), K(0x1.8p52)), K(0x1.8p52));
  const VF hi = hn::Sub(hi_in, hn::Mul(kd, K(kLn2Hi)));
  const VF lo = hn::Sub(hn::Mul(kd, K(kLn2Lo)), lo_in);
  const VF r = hn::Sub(hi, lo);
  const VF t = hn::Mul(r, r);
  const VF poly = hn::Add(
      K(P1), hn::Mul(t, hn::Add(K(P2), hn::Mul(t, hn::Add(K(P3), hn::Mul(t, hn::Add(K(P4), hn::Mul(t, K(P5)))))))));
  const VF c = hn::Sub(r, hn::Mul(t, poly));
  const VF y = hn::Sub(K(1.0), hn::Sub(hn::Sub(lo, hn::Div(hn::Mul(r, c), hn::Sub(K(2.0), c))), hi));
  VF kc = Sel(hn::Gt(kd, K(2048.0)), K(2048.0), Sel(hn::Lt(kd, K(-2048.0)), K(-2048.0), kd));
  kc = hn::IfThenElseZero(hn::Eq(kc, kc), kc);
  // k1 = k >> 1 (floor), k2 = k - k1, exactly as the scalar integers.
  const VF k1 = hn::Floor(hn::Mul(kc, K(0.5)));
  const VF k2 = hn::Sub(kc, k1);
  return hn::Mul(hn::Mul(y, Pow2OfD(k1)), Pow2OfD(k2));
}

struct LogPartsV {
  VF dk, f, s, R;
};
/// vecmath_detail::ReduceLog.
inline LogPartsV ReduceLogV(VF x) {
  constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
                   Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                   Lg7 = 1.479819860511658591e-01;
  const DU du;
  const MF sub = hn::Lt(x, K(0x1p-1022));
  const VF xs = Sel(sub, hn::Mul(x, K(0x1p54)), x);
  const VU bits = hn::BitCast(du, xs);
  const VU mant = hn::And(bits, hn::Set(du, 0x000fffffffffffffULL));
  // m1 in [1, 2); mant > sqrt(2)'s mantissa exactly when m1 > sqrt(2)'s double.
  const VF m1 = hn::BitCast(DF(), hn::Or(mant, hn::Set(du, 0x3ff0000000000000ULL)));
  const MF big = hn::Gt(m1, K(FromBits(0x3ff6a09e667f3bccULL)));
  const VF e = hn::Sub(hn::Add(hn::Sub(ExponentField(bits), K(1023.0)), hn::IfThenElseZero(big, K(1.0))),
                       hn::IfThenElseZero(sub, K(54.0)));
  const VF m = Sel(big, hn::Mul(m1, K(0.5)), m1);
  const VF f = hn::Sub(m, K(1.0));
  const VF s = hn::Div(f, hn::Add(K(2.0), f));
  const VF z = hn::Mul(s, s), w = hn::Mul(z, z);
  const VF t1 = hn::Mul(w, hn::Add(K(Lg2), hn::Mul(w, hn::Add(K(Lg4), hn::Mul(w, K(Lg6))))));
  const VF t2 =
      hn::Mul(z, hn::Add(K(Lg1), hn::Mul(w, hn::Add(K(Lg3), hn::Mul(w, hn::Add(K(Lg5), hn::Mul(w, K(Lg7))))))));
  return {e, f, s, hn::Add(t2, t1)};
}

/// Exp (base/vecmath.h).
inline VF ExpV(VF x) {
  const VF xc = Sel(hn::Gt(x, K(709.8)), K(709.8), Sel(hn::Lt(x, K(-745.2)), K(-745.2), x));
  VF out = ExpPartsV(xc, hn::Zero(DF()));
  out = Sel(hn::Gt(x, K(709.782712893383973096)), K(std::numeric_limits<double>::infinity()), out);
  out = Sel(hn::Lt(x, K(-745.13321910194110842)), hn::Zero(DF()), out);
  out = Sel(hn::Ne(x, x), x, out);
  return out;
}

/// Log (base/vecmath.h).
inline VF LogV(VF x) {
  const LogPartsV p = ReduceLogV(x);
  const VF hfsq = hn::Mul(hn::Mul(K(0.5), p.f), p.f);
  VF out = hn::Sub(hn::Mul(p.dk, K(kLn2Hi)),
                   hn::Sub(hn::Sub(hfsq, hn::Add(hn::Mul(p.s, hn::Add(hfsq, p.R)), hn::Mul(p.dk, K(kLn2Lo)))), p.f));
  const VF inf = K(std::numeric_limits<double>::infinity());
  out = Sel(hn::Eq(x, hn::Zero(DF())), hn::Neg(inf), out);
  out = Sel(hn::Eq(x, inf), x, out);
  out = Sel(hn::Or(hn::Lt(x, hn::Zero(DF())), hn::Ne(x, x)), K(std::numeric_limits<double>::quiet_NaN()), out);
  return out;
}

/// PowIsFast (base/vecmath.h).
inline MF PowIsFastV(VF a, VF b) {
  return hn::And(hn::And(hn::Gt(a, hn::Zero(DF())), hn::Lt(a, K(std::numeric_limits<double>::infinity()))),
                 hn::Lt(hn::Abs(b), K(0x1p60)));
}

/// PowFast (base/vecmath.h).
inline VF PowFastV(VF a, VF b) {
  const LogPartsV p = ReduceLogV(a);
  const VF f = p.f, s = p.s, R = p.R, dk = p.dk;
  const VF fsq = hn::Mul(f, f), fsq_err = TwoProductErrorV(f, f, fsq);
  const VF hh = hn::Mul(K(0.5), fsq), hl = hn::Mul(K(0.5), fsq_err);
  const VF corr = hn::Mul(s, hn::Add(hh, R));
  const VF t_hi = hn::Sub(f, hh);
  const VF t_lo = hn::Add(hn::Sub(hn::Sub(hn::Sub(f, t_hi), hh), hl), corr);
  const VF a1 = hn::Mul(dk, K(kLn2Hi));
  const VF Lh = hn::Add(a1, t_hi);
  const VF bb = hn::Sub(Lh, a1);
  const VF Ll0 =
      hn::Add(hn::Add(hn::Sub(a1, hn::Sub(Lh, bb)), hn::Sub(t_hi, bb)), hn::Add(t_lo, hn::Mul(dk, K(kLn2Lo))));
  const VF L = hn::Add(Lh, Ll0), Ll = hn::Sub(Ll0, hn::Sub(L, Lh));
  const VF yh = hn::Mul(b, L);
  const VF yl = hn::Add(TwoProductErrorV(b, L, yh), hn::Mul(b, Ll));
  const VF yc = Sel(hn::Gt(yh, K(709.8)), K(709.8), Sel(hn::Lt(yh, K(-745.2)), K(-745.2), yh));
  VF out = ExpPartsV(yc, hn::IfThenElseZero(hn::Eq(yc, yh), yl));
  out = Sel(hn::Gt(yh, K(709.782712893383973096)), K(std::numeric_limits<double>::infinity()), out);
  out = Sel(hn::Lt(yh, K(-745.13321910194110842)), hn::Zero(DF()), out);
  return out;
}

/// Horner's rule as the scalar code writes it: ((c[0] x + c[1]) x + ...) + c[n-1].
template <int N>
inline VF Horner(VF x, const double (&c)[N]) {
  VF acc = hn::Add(hn::Mul(K(c[0]), x), K(c[1]));
  for (int i = 2; i < N; ++i) acc = hn::Add(hn::Mul(acc, x), K(c[i]));
  return acc;
}

/// NormalCentral (base/normal.h).
inline VF NormalCentralV(VF p) {
  static constexpr double kNum[] = {2509.0809287301226727, 33430.575583588128105, 67265.770927008700853,
                                    45921.953931549871457, 13731.693765509461125, 1971.5909503065514427,
                                    133.14166789178437745, 3.387132872796366608};
  static constexpr double kDen[] = {
      5226.495278852545925,  28729.085735721942674, 39307.89580009271061,  21213.794301586595867,
      5394.1960214247511077, 687.1870074920579083,  42.313330701600911252, 1.0};
  const VF q = hn::Sub(p, K(0.5));
  const VF r = hn::Sub(K(0.180625), hn::Mul(q, q));
  return hn::Div(hn::Mul(q, Horner(r, kNum)), Horner(r, kDen));
}

/// NormalTail (base/normal.h).
inline VF NormalTailV(VF p) {
  static constexpr double kNa[] = {7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
                                   1.27045825245236838258,   3.64784832476320460504,   5.7694972214606914055,
                                   4.6303378461565452959,    1.42343711074968357734};
  static constexpr double kDa[] = {
      1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459,
      0.68976733498510000455,    1.6763848301838038494,   2.05319162663775882187,   1.0};
  static constexpr double kNb[] = {2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
                                   0.026532189526576123093,   0.29656057182850489123,    1.7848265399172913358,
                                   5.4637849111641143699,     6.6579046435011037772};
  static constexpr double kDb[] = {
      2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4,
      0.0148753612908506148525,   0.13692988092273580531,   0.59983220655588793769,   1.0};
  const VF q = hn::Sub(p, K(0.5));
  const MF neg = hn::Lt(q, hn::Zero(DF()));
  const VF r0 = hn::Sqrt(hn::Neg(LogV(Sel(neg, p, hn::Sub(K(1.0), p)))));
  const VF a = hn::Sub(r0, K(1.6)), b = hn::Sub(r0, K(5.0));
  const MF near = hn::Le(r0, K(5.0));
  const VF v = hn::Div(Sel(near, Horner(a, kNa), Horner(b, kNb)), Sel(near, Horner(a, kDa), Horner(b, kDb)));
  return Sel(neg, hn::Neg(v), v);
}

/// f over x[0, n) in place, a whole vector at a time; the last partial vector through a
/// buffer whose unused lanes hold `pad` (a value f takes without trouble).
template <class F>
inline void InPlace(double* x, int n, double pad, F f) {
  const DF d;
  const int N = static_cast<int>(hn::Lanes(d));
  int i = 0;
  for (; i + N <= n; i += N) hn::StoreU(f(hn::LoadU(d, x + i), i), d, x + i);
  if (i < n) {
    HWY_ALIGN double buf[kMaxLanes];
    for (int l = 0; l < N; ++l) buf[l] = i + l < n ? x[i + l] : pad;
    hn::Store(f(hn::Load(d, buf), i), d, buf);
    std::memcpy(x + i, buf, static_cast<size_t>(n - i) * sizeof(double));
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace outturn::internal
HWY_AFTER_NAMESPACE();

#endif  // OUTTURN_BASE_VECMATH_INL_H_
