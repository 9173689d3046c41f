// SPDX-License-Identifier: MIT
// The bridge from one scenario to another: Shapley (or symmetric sequential) contributions
// of each changed driver, apportioned so that they add up exactly to the change.
#include "outturn/analysis/bridge.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/analysis_internal.h"
#include "base/enum_table.h"

namespace outturn {
namespace {

using internal::CellsOf;
using internal::EnumEntry;
using internal::EnumName;
using internal::EvaluateExplained;
using internal::kInf;
using internal::OptionFail;

const EnumEntry<BridgeMethod> kBridgeMethod[] = {{BridgeMethod::kShapley, "shapley"},
                                                 {BridgeMethod::kSymmetricSequential, "symmetric_sequential"}};

// ---------------------------------------------------------------------------------------
// Exact apportionment for the bridge.

// The spacing of the doubles at |v|: every double of v's binade is a multiple of it.
double Ulp(double v) {
  v = std::fabs(v);
  return std::nextafter(v, kInf) - v;
}

// The largest power of two that divides v (v != 0, finite).
double LowBit(double v) {
  int e;
  const double f = std::frexp(std::fabs(v), &e);  // v = f 2^e, f in [0.5, 1)
  auto mant = static_cast<std::uint64_t>(std::ldexp(f, 53));
  int tz = 0;
  while (!(mant & 1)) {
    mant >>= 1;
    ++tz;
  }
  return std::ldexp(1.0, e - 53 + tz);
}

}  // namespace

namespace internal {

// Rounds `raw` to integer multiples of a power-of-two quantum q that divides `total`, then
// hands out the integer remainder (total / q minus the sum of the rounded values) one quantum
// at a time, largest rounding remainder first (Hamilton's method). With the sum of |k_i|
// below 2^53, every partial sum k q is a double: any summation order gives `total` exactly.
Apportioned Apportion(const Vector& raw, double total, double y_from, double y_to) {
  Apportioned a;
  const int n = static_cast<int>(raw.size());
  a.c = raw;
  if (n == 0) {
    a.exact = total == 0;
    return a;
  }
  // Both end values, hence their difference, lie on the grid of the finer of their ulps.
  // The quantum is that fine unless the contributions are too large for 2^53 quanta.
  double mass = std::fabs(total);
  for (int i = 0; i < n; ++i) mass += std::fabs(raw[i]);
  double q = std::min(Ulp(y_from), Ulp(y_to));
  const double need = std::ldexp(mass, -51);  // 2 bits of headroom below 2^53
  if (q < need) q = std::ldexp(1.0, std::ilogb(need) + 1);
  if (total != 0 && std::fmod(total, q) != 0) q = LowBit(total);  // q must divide total
  a.quantum = q;
  const double limit = std::ldexp(1.0, 62);
  if (mass / q >= limit) return a;  // no integer grid fits; leave the raw values
  std::vector<long long> k(n);
  std::vector<double> rem(n);
  long long sum = 0;
  for (int i = 0; i < n; ++i) {
    const double s = raw[i] / q;  // exact: q is a power of two
    k[i] = std::llround(s);
    rem[i] = s - static_cast<double>(k[i]);
    sum += k[i];
  }
  long long left = static_cast<long long>(total / q) - sum;
  // Units go to the values rounded down the most (or taken from those rounded up the most),
  // then round-robin in that order if more units are left than values. A step that does not
  // move the KPI at all (raw exactly 0) gets none, unless no step moves it.
  std::vector<int> order;
  for (int i = 0; i < n; ++i)
    if (raw[i] != 0) order.push_back(i);
  if (order.empty())
    for (int i = 0; i < n; ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int x, int y) { return left > 0 ? rem[x] > rem[y] : rem[x] < rem[y]; });
  while (left != 0)
    for (size_t i = 0; i < order.size() && left != 0; ++i) {
      k[order[i]] += left > 0 ? 1 : -1;
      left += left > 0 ? -1 : 1;
    }
  double abs_units = 0;
  for (int i = 0; i < n; ++i) {
    a.c[i] = static_cast<double>(k[i]) * q;
    abs_units += std::fabs(static_cast<double>(k[i]));
  }
  // The guarantee, and the check that it holds.
  double check = 0;
  for (int i = 0; i < n; ++i) check += a.c[i];
  a.exact = abs_units <= std::ldexp(1.0, 53) && check == total;
  return a;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------
// The bridge

std::string ToString(BridgeMethod m) { return EnumName(kBridgeMethod, m); }

void BridgeOptions::Validate() const {
  if (max_shapley_drivers < 0 || max_shapley_drivers > 16)
    OptionFail("BridgeOptions::max_shapley_drivers", std::to_string(max_shapley_drivers), "must be in [0, 16]");
}

BridgeResult Bridge(const Model& from, const Model& to, const BridgeOptions& o) {
  o.Validate();
  // The same model: drivers, lines and calendar agree.
  auto not_same = [&](const std::string& why) {
    throw UsageError("bridge: '" + to.path() + "' is not the same model as '" + from.path() + "' (" + why + ")");
  };
  if (from.calendar().ColumnLabels() != to.calendar().ColumnLabels() ||
      from.calendar().num_actual() != to.calendar().num_actual())
    not_same("different calendar");
  if (from.drivers().size() != to.drivers().size()) not_same("different drivers");
  for (size_t d = 0; d < from.drivers().size(); ++d)
    if (from.drivers()[d].name != to.drivers()[d].name || from.drivers()[d].is_date != to.drivers()[d].is_date)
      not_same("different drivers");
  if (from.lines().size() != to.lines().size()) not_same("different lines");
  bool formulas_differ = false, other_differ = false;
  for (size_t l = 0; l < from.lines().size(); ++l) {
    const Line &a = from.lines()[l], &b = to.lines()[l];
    if (a.name != b.name) not_same("different lines");
    formulas_differ = formulas_differ || a.formula != b.formula;
    other_differ = other_differ || a.actuals != b.actuals || a.rollup != b.rollup;
  }

  BridgeResult r;
  r.kpis = SelectKpis(from, o.kpis);
  const std::vector<Cell> cells = CellsOf(r.kpis);
  const int K = static_cast<int>(cells.size()), T = from.calendar().num_periods();

  // Players: each driver whose value differs in some period, with one input per such period.
  std::vector<Input> inputs;
  std::vector<int> owner;  // input -> player
  Vector x_from_v, x_to_v;
  std::vector<double> xf, xt;
  for (int d = 0; d < static_cast<int>(from.drivers().size()); ++d) {
    bool any = false;
    for (int t = 0; t < T; ++t) {
      const double a = from.drivers()[d].ValueAt(t), b = to.drivers()[d].ValueAt(t);
      if (a == b) continue;
      if (!any) r.steps.push_back(from.drivers()[d].name);
      any = true;
      inputs.push_back({d, t});
      owner.push_back(static_cast<int>(r.steps.size()) - 1);
      xf.push_back(a);
      xt.push_back(b);
    }
  }
  const int n = static_cast<int>(r.steps.size()), I = static_cast<int>(inputs.size());
  if (K == 0) {
    r.contributions.resize(n, 0);
    return r;
  }
  const Program p(from, inputs, cells);
  auto column = [&](const std::vector<bool>& switched) {
    Vector c(I);
    for (int k = 0; k < I; ++k) c[k] = switched[owner[k]] ? xt[k] : xf[k];
    return c;
  };
  auto describe = [&](const std::vector<bool>& switched) {
    std::string s;
    for (int i = 0; i < n; ++i)
      if (switched[i]) s += (s.empty() ? "" : ", ") + r.steps[i];
    return "the 'to' values of: " + (s.empty() ? std::string("none") : s);
  };

  Matrix raw = Matrix::Zero(n, K);
  Vector v_all(K);
  r.method = n <= o.max_shapley_drivers ? BridgeMethod::kShapley : BridgeMethod::kSymmetricSequential;
  if (r.method == BridgeMethod::kShapley) {
    // Every coalition S (bit i: player i at its "to" values) in one batch, then
    // phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)).
    const long long N = 1LL << n;
    BatchMatrix x(I, N);
    std::vector<bool> sw(n);
    auto switched = [&](long long mask) {
      for (int i = 0; i < n; ++i) sw[i] = (mask >> i) & 1;
      return sw;
    };
    for (long long mask = 0; mask < N; ++mask) x.col(mask) = column(switched(mask));
    const BatchMatrix v = EvaluateExplained(p, x, [&](int c) { return describe(switched(c)); });
    std::vector<double> w(n, 0.0);  // w[s] = 1 / (n C(n-1, s))
    for (int s = 0; s < n; ++s) {
      double c = 1;
      for (int k = 1; k <= s; ++k) c = c * (n - 1 - s + k) / k;
      w[s] = 1.0 / (n * c);
    }
    for (long long mask = 0; mask < N; ++mask) {
      const int s = __builtin_popcountll(static_cast<unsigned long long>(mask));
      for (int i = 0; i < n; ++i) {
        if ((mask >> i) & 1) continue;
        const long long with = mask | (1LL << i);
        for (int k = 0; k < K; ++k) raw(i, k) += w[s] * (v(k, with) - v(k, mask));
      }
    }
    v_all = v.col(N - 1);
  } else {
    // Forward (file order) and reverse: columns 0..n switch players 0..c-1, columns
    // n+1..2n+1 switch players n-1 down to n-c.
    BatchMatrix x(I, 2 * (n + 1));
    std::vector<std::vector<bool>> sets;
    for (int c = 0; c <= n; ++c) {
      std::vector<bool> s(n, false);
      for (int i = 0; i < c; ++i) s[i] = true;
      sets.push_back(s);
    }
    for (int c = 0; c <= n; ++c) {
      std::vector<bool> s(n, false);
      for (int i = n - c; i < n; ++i) s[i] = true;
      sets.push_back(s);
    }
    for (int c = 0; c < static_cast<int>(sets.size()); ++c) x.col(c) = column(sets[c]);
    const BatchMatrix v = EvaluateExplained(p, x, [&](int c) { return describe(sets[c]); });
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < K; ++k) {
        const double fwd = v(k, i + 1) - v(k, i);
        const int c = n - i;  // reverse: player i is switched at step n - i
        const double rev = v(k, n + 1 + c) - v(k, n + 1 + c - 1);
        raw(i, k) = (fwd + rev) / 2;
      }
    v_all = v.col(n);
  }

  // End values: each model's own. A structural difference (formulas, actuals) is the last
  // step, evaluated at the "to" drivers.
  const Program pf(from, {}, cells), pt(to, {}, cells);
  const BatchMatrix none(0, 1);
  r.from = pf.Evaluate(none).col(0);
  r.to = pt.Evaluate(none).col(0);
  r.total = r.to - r.from;
  if (formulas_differ || other_differ) {
    r.steps.push_back(formulas_differ && !other_differ ? "(formulas)" : "(formulas and actuals)");
    raw.conservativeResize(n + 1, K);
    for (int k = 0; k < K; ++k) raw(n, k) = r.to[k] - v_all[k];
  }
  r.contributions.resize(raw.rows(), K);
  r.quantum.resize(K);
  for (int k = 0; k < K; ++k) {
    const internal::Apportioned a = internal::Apportion(raw.col(k), r.total[k], r.from[k], r.to[k]);
    r.contributions.col(k) = a.c;
    r.quantum[k] = a.quantum;
    r.exact.push_back(a.exact);
  }
  return r;
}

}  // namespace outturn
