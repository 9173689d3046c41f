// SPDX-License-Identifier: MIT
// Sensitivities, tornado and spider, goal seek, the bridge. Everything here is built on
// Program: a batch for what-ifs (tornado, spider, scans, Shapley coalitions), the dual-number
// pass for derivatives (Program::Jacobian), one-column evaluations inside the root finder.
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"

#include <Eigen/QR>
#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include "outturn/report/report.h"
#include "base/text_util.h"

namespace outturn {
namespace {

// Lawson & Hanson's NNLS ("Solving Least Squares Problems", 1974, ch. 23, Algorithm NNLS):
// min || E u - f || subject to u >= 0, by an active set that adds the column with the
// largest gradient and steps back to feasibility when an unconstrained solve goes negative.
Vector NonNegativeLeastSquares(const Matrix& E, const Vector& f) {
  const int N = static_cast<int>(E.cols());
  Vector u = Vector::Zero(N);
  std::vector<bool> in_p(N, false);
  const double eps = 1e-13 * std::max(1.0, E.cwiseAbs().maxCoeff());
  auto solve_p = [&](Vector* s) {
    std::vector<int> P;
    for (int j = 0; j < N; ++j) if (in_p[j]) P.push_back(j);
    Matrix Ep(E.rows(), static_cast<Eigen::Index>(P.size()));
    for (size_t k = 0; k < P.size(); ++k) Ep.col(static_cast<Eigen::Index>(k)) = E.col(P[k]);
    const Vector sp = Eigen::CompleteOrthogonalDecomposition<Matrix>(Ep).solve(f);
    s->setZero(N);
    for (size_t k = 0; k < P.size(); ++k) (*s)[P[k]] = sp[static_cast<Eigen::Index>(k)];
  };
  for (int outer = 0; outer < 3 * N + 10; ++outer) {
    const Vector w = E.transpose() * (f - E * u);
    int t = -1;
    for (int j = 0; j < N; ++j)
      if (!in_p[j] && w[j] > eps && (t < 0 || w[j] > w[t])) t = j;
    if (t < 0) break;
    in_p[t] = true;
    for (int inner = 0; inner < 3 * N + 10; ++inner) {
      Vector s;
      solve_p(&s);
      bool positive = true;
      for (int j = 0; j < N; ++j) positive = positive && (!in_p[j] || s[j] > 0);
      if (positive) {
        u = s;
        break;
      }
      double alpha = 1;
      for (int j = 0; j < N; ++j)
        if (in_p[j] && s[j] <= 0) alpha = std::min(alpha, u[j] / (u[j] - s[j]));
      u += alpha * (s - u);
      for (int j = 0; j < N; ++j)
        if (in_p[j] && u[j] <= 0) { in_p[j] = false; u[j] = 0; }
    }
  }
  return u;
}

// Least distance programming (Lawson & Hanson, ch. 23, Algorithm LDP): min ||z|| subject to
// C z >= h, from the NNLS solution u of [C^T; h^T] u ~ [0; 1]: with r its residual,
// z = -r[0..n) / r[n]. False when the constraints are incompatible (r[n] = 0).
bool LeastDistance(const Matrix& C, const Vector& h, Vector* z) {
  const int n = static_cast<int>(C.cols()), m = static_cast<int>(C.rows());
  if (m == 0) {
    z->setZero(n);
    return true;
  }
  Matrix E(n + 1, m);
  E.topRows(n) = C.transpose();
  E.row(n) = h.transpose();
  Vector f = Vector::Zero(n + 1);
  f[n] = 1;
  const Vector u = NonNegativeLeastSquares(E, f);
  const Vector res = E * u - f;
  if (!(res[n] < -1e-12)) return false;
  *z = -res.head(n) / res[n];
  // Incompatible constraints can leave a tiny residual: check the answer itself.
  const double violation = (h - C * *z).maxCoeff();
  return violation <= 1e-9 * std::max(1.0, h.cwiseAbs().maxCoeff());
}

using internal::FormatNumber;
using internal::Suggest;
using internal::UnknownName;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void OptionFail(const std::string& field, const std::string& value, const std::string& rule) {
  throw OptionsError(field, rule, value);
}

// A column (period or span) that a driver can still move: it covers a forecast period.
bool HasForecast(const Model& m, int column) {
  return m.calendar().ColumnRange(column).second >= m.calendar().num_actual();
}

std::vector<Cell> CellsOf(const std::vector<Kpi>& kpis) {
  std::vector<Cell> cells;
  for (const Kpi& k : kpis) cells.push_back(k.cell);
  return cells;
}

std::vector<std::string> NamesOf(const Model& m, const std::vector<Input>& inputs) {
  std::vector<std::string> names;
  for (const Input& in : inputs) names.push_back(InputName(m, in));
  return names;
}

void CheckInput(const Model& m, const Input& in) {
  if (in.driver < 0 || in.driver >= static_cast<int>(m.drivers().size()) || in.period < -1 ||
      in.period >= m.calendar().num_periods())
    throw UsageError("input (driver " + std::to_string(in.driver) + ", period " + std::to_string(in.period) +
                     ") is out of range");
}

std::string ValueText(const Driver& d, double v) {
  return d.is_date ? FormatDate(static_cast<int>(std::lround(v))) : FormatNumber(v);
}

// Evaluates a batch; a NaN or infinity names the driver values that caused it (`what(j)`
// describes column j), since "scenario 37 of the batch" means nothing to the caller.
template <class Describe>
BatchMatrix EvaluateExplained(const Program& p, const BatchMatrix& x, Describe what) {
  try {
    return p.Evaluate(x);
  } catch (const NumericalError& e) {
    throw Error(std::string(e.what()) + "\n  (scenario " + std::to_string(e.scenario()) + ": " +
                what(static_cast<int>(e.scenario())) + ")");
  }
}

// ---------------------------------------------------------------------------------------
// Quantiles of the driver distributions (model.h lists the parameters of each type).

double RangeQuantile(const Distribution& d, double p) {
  namespace bm = boost::math;
  switch (d.type) {
    case DistributionType::kNone: break;
    case DistributionType::kNormal: return bm::quantile(bm::normal(d.mean, d.sd), p);
    case DistributionType::kTruncatedNormal: {
      // Invert the truncated CDF: F(x) = (Phi(z) - Phi(a)) / (Phi(b) - Phi(a)).
      const bm::normal n01;
      const double a = bm::cdf(n01, (d.low - d.mean) / d.sd), b = bm::cdf(n01, (d.high - d.mean) / d.sd);
      const double u = std::clamp(a + p * (b - a), std::nextafter(0.0, 1.0), std::nextafter(1.0, 0.0));
      return std::clamp(d.mean + d.sd * bm::quantile(n01, u), d.low, d.high);
    }
    case DistributionType::kLognormal: {
      // mean and sd are those of the variable: sigma^2 = ln(1 + sd^2 / mean^2).
      const double s2 = std::log1p(d.sd * d.sd / (d.mean * d.mean));
      return bm::quantile(bm::lognormal(std::log(d.mean) - s2 / 2, std::sqrt(s2)), p);
    }
    case DistributionType::kUniform: return d.low + p * (d.high - d.low);
    case DistributionType::kTriangular: return bm::quantile(bm::triangular(d.low, d.mode, d.high), p);
    case DistributionType::kPert: {
      const double w = d.high - d.low;
      const double a = 1 + 4 * (d.mode - d.low) / w, b = 1 + 4 * (d.high - d.mode) / w;
      return d.low + w * bm::quantile(bm::beta_distribution<>(a, b), p);
    }
    case DistributionType::kDiscrete: {
      std::vector<std::pair<double, double>> vw;
      double total = 0;
      for (size_t i = 0; i < d.values.size(); ++i) {
        const double w = i < d.weights.size() ? d.weights[i] : 1.0;
        vw.push_back({d.values[i], w});
        total += w;
      }
      std::sort(vw.begin(), vw.end());
      double cum = 0;
      for (const auto& [v, w] : vw) {
        cum += w / total;
        if (cum >= p * (1 - 1e-12)) return v;  // weights that add up to p in decimal reach it
      }
      return vw.back().first;
    }
    case DistributionType::kEmpirical: {
      std::vector<double> v = d.values;
      std::sort(v.begin(), v.end());
      if (v.size() == 1) return v[0];
      const double h = (static_cast<double>(v.size()) - 1) * p;
      const size_t lo = static_cast<size_t>(std::floor(h));
      if (lo + 1 >= v.size()) return v.back();
      return v[lo] + (h - lo) * (v[lo + 1] - v[lo]);
    }
  }
  OUTTURN_ASSERT(false && "quantile of a driver without a distribution");
  return 0;
}

std::string PercentLabel(double q) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", 100 * q);
  return buf;
}

// ---------------------------------------------------------------------------------------
// Tornado on resolved KPIs and inputs (shared with Spider and BreakEven).

TornadoResult TornadoOn(const Model& m, std::vector<Kpi> kpis, bool include_dates, const SwingOptions& swing) {
  TornadoResult r;
  r.kpis = std::move(kpis);
  r.inputs = DriverInputs(m, include_dates);
  r.input_names = NamesOf(m, r.inputs);
  const int n = static_cast<int>(r.inputs.size()), K = static_cast<int>(r.kpis.size());
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, swing));
  r.input_values.resize(n);
  for (int j = 0; j < n; ++j) r.input_values[j] = InputValue(m, r.inputs[j]);
  if (K == 0) return r;  // a Program without outputs would read back every cell
  const Program p(m, r.inputs, CellsOf(r.kpis));
  // Column 0: the model's own values; 1 + 2j: driver j at its low; 2 + 2j: at its high.
  BatchMatrix x(n, 2 * n + 1);
  for (int c = 0; c < x.cols(); ++c) x.col(c) = r.input_values;
  for (int j = 0; j < n; ++j) {
    x(j, 1 + 2 * j) = r.ranges[j].low;
    x(j, 2 + 2 * j) = r.ranges[j].high;
  }
  const BatchMatrix y = EvaluateExplained(p, x, [&](int c) {
    if (c == 0) return std::string("the model's own values");
    const int j = (c - 1) / 2;
    const Driver& d = m.drivers()[r.inputs[j].driver];
    return r.input_names[j] + " at its " + (c % 2 ? "low " : "high ") + ValueText(d, x(j, c));
  });
  r.base = y.col(0);
  std::vector<double> score(n, 0.0);
  for (int i = 0; i < K; ++i) {
    std::vector<TornadoBar> bars;
    double widest = 0;
    for (int j = 0; j < n; ++j) {
      TornadoBar b{j, y(i, 1 + 2 * j), y(i, 2 + 2 * j), std::fabs(y(i, 2 + 2 * j) - y(i, 1 + 2 * j))};
      widest = std::max(widest, b.swing);
      bars.push_back(b);
    }
    std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
    if (widest > 0)
      for (const TornadoBar& b : bars) score[b.input] = std::max(score[b.input], b.swing / widest);
    r.bars.push_back(std::move(bars));
  }
  r.top.resize(n);
  std::iota(r.top.begin(), r.top.end(), 0);
  std::stable_sort(r.top.begin(), r.top.end(), [&](int a, int b) { return score[a] > score[b]; });
  // Drivers that move no KPI are not "top" anywhere.
  r.top.erase(std::remove_if(r.top.begin(), r.top.end(), [&](int j) { return score[j] == 0; }), r.top.end());
  return r;
}

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
  while (!(mant & 1)) { mant >>= 1; ++tz; }
  return std::ldexp(1.0, e - 53 + tz);
}

struct Apportioned {
  Vector c;
  double quantum = 0;
  bool exact = false;
};

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
  for (int i = 0; i < n; ++i) if (raw[i] != 0) order.push_back(i);
  if (order.empty()) for (int i = 0; i < n; ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return left > 0 ? rem[x] > rem[y] : rem[x] < rem[y]; });
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

std::string Quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (c == '\n') { o += "\\n"; continue; }
    o += c;
  }
  return o + "\"";
}

}  // namespace

// ---------------------------------------------------------------------------------------
// KPIs and inputs

std::vector<Kpi> DefaultKpis(const Model& m) {
  std::vector<Kpi> out;
  const auto& targets = m.targets();
  for (int t = 0; t < static_cast<int>(targets.size()); ++t)
    if (HasForecast(m, targets[t].column)) out.push_back({targets[t].name, {targets[t].line, targets[t].column}, t});
  const Calendar& cal = m.calendar();
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l) {
    if (m.lines()[l].kind != LineKind::kKpi) continue;
    for (int s = 0; s < static_cast<int>(cal.spans().size()); ++s) {
      const int c = cal.num_periods() + s;
      if (cal.spans()[s].kind == SpanKind::kFiscalYear && HasForecast(m, c))
        out.push_back({m.lines()[l].name + "@" + cal.ColumnLabel(c), {l, c}, -1});
    }
  }
  return out;
}

std::vector<Kpi> AllCellKpis(const Model& m) {
  std::vector<Kpi> out;
  const Calendar& cal = m.calendar();
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l)
    for (int c = 0; c < cal.num_columns(); ++c) out.push_back({m.lines()[l].name + "@" + cal.ColumnLabel(c), {l, c}, -1});
  return out;
}

Kpi FindKpi(const Model& m, const std::string& spec) {
  if (auto at = spec.find('@'); at != std::string::npos) {
    const std::string line = spec.substr(0, at), col = spec.substr(at + 1);
    const int l = m.FindLine(line);
    if (l < 0) {
      std::vector<std::string> names;
      for (const Line& x : m.lines()) names.push_back(x.name);
      throw UsageError("KPI '" + spec + "': unknown line '" + line + "'" + Suggest(line, names));
    }
    const int c = m.calendar().FindColumn(col);
    if (c < 0)
      throw UsageError("KPI '" + spec + "': unknown period or span '" + col + "'" +
                       Suggest(col, m.calendar().ColumnLabels()));
    return {line + "@" + col, {l, c}, -1};
  }
  const auto& targets = m.targets();
  for (int t = 0; t < static_cast<int>(targets.size()); ++t)
    if (targets[t].name == spec) return {spec, {targets[t].line, targets[t].column}, t};
  if (m.FindLine(spec) >= 0) {
    std::string example = spec + "@" + m.calendar().ColumnLabel(m.calendar().num_columns() - 1);
    throw UsageError("KPI '" + spec + "' is a line: name a column too, e.g. '" + example + "'");
  }
  std::vector<std::string> names;
  for (const Target& t : targets) names.push_back(t.name);
  throw UsageError("unknown KPI '" + spec + "': name a target or LINE@COLUMN (e.g. operating_income@FY10)" +
                   Suggest(spec, names));
}

std::vector<Kpi> SelectKpis(const Model& m, const std::vector<std::string>& specs) {
  if (specs.empty()) return DefaultKpis(m);
  std::vector<Kpi> out;
  for (const std::string& s : specs) out.push_back(FindKpi(m, s));
  return out;
}

std::vector<Input> DriverInputs(const Model& m, bool include_dates) {
  std::vector<Input> out;
  for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d)
    if (include_dates || !m.drivers()[d].is_date) out.push_back({d, -1});
  return out;
}

std::vector<Input> PeriodInputs(const Model& m, bool include_dates) {
  std::vector<Input> out;
  const Calendar& cal = m.calendar();
  for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d)
    if (include_dates || !m.drivers()[d].is_date)
      for (int t = cal.num_actual(); t < cal.num_periods(); ++t) out.push_back({d, t});
  return out;
}

std::string InputName(const Model& m, const Input& in) {
  CheckInput(m, in);
  const std::string& name = m.drivers()[in.driver].name;
  return in.period < 0 ? name : name + "@" + m.calendar().periods()[in.period].label;
}

Input FindInput(const Model& m, const std::string& spec) {
  const DriverRef ref = ParseDriverRef(m, spec);
  return {ref.driver, ref.period};
}

double InputValue(const Model& m, const Input& in) {
  CheckInput(m, in);
  const Driver& d = m.drivers()[in.driver];
  return in.period < 0 ? d.value : d.ValueAt(in.period);
}

// ---------------------------------------------------------------------------------------
// Ranges

std::string ToString(SwingKind k) {
  switch (k) {
    case SwingKind::kDistribution: return "distribution";
    case SwingKind::kBounds: return "bounds";
    case SwingKind::kPercent: return "percent";
  }
  return "?";
}

std::optional<SwingKind> SwingKindFromString(const std::string& s) {
  for (SwingKind k : {SwingKind::kDistribution, SwingKind::kBounds, SwingKind::kPercent})
    if (ToString(k) == s) return k;
  return std::nullopt;
}

void SwingOptions::Validate() const {
  if (!(percent > 0 && percent <= 10))
    OptionFail("SwingOptions::percent", FormatNumber(percent), "must be in (0, 10]");
  if (!(date_days > 0 && std::isfinite(date_days)))
    OptionFail("SwingOptions::date_days", FormatNumber(date_days), "must be positive");
  if (!(low_quantile > 0 && low_quantile < high_quantile && high_quantile < 1))
    OptionFail("SwingOptions::low_quantile, high_quantile",
               FormatNumber(low_quantile) + ", " + FormatNumber(high_quantile),
               "must satisfy 0 < low < high < 1");
}

InputRange SwingRange(const Model& m, const Input& in, const SwingOptions& o) {
  o.Validate();
  const Driver& d = m.drivers()[in.driver];
  const double v = InputValue(m, in);
  InputRange r;
  if (o.kind == SwingKind::kDistribution && d.distribution.type != DistributionType::kNone) {
    r.low = RangeQuantile(d.distribution, o.low_quantile);
    r.high = RangeQuantile(d.distribution, o.high_quantile);
    r.source = "P" + PercentLabel(o.low_quantile) + "/P" + PercentLabel(o.high_quantile);
  } else if (o.kind == SwingKind::kBounds && d.bounds) {
    r.low = d.bounds->first;
    r.high = d.bounds->second;
    r.source = "bounds";
  } else if (d.is_date) {
    r.low = v - o.date_days;
    r.high = v + o.date_days;
    r.source = "+/-" + FormatNumber(o.date_days) + " days";
  } else {
    r.low = v - o.percent * std::fabs(v);
    r.high = v + o.percent * std::fabs(v);
    r.source = "+/-" + PercentLabel(o.percent) + "%";
  }
  if (d.bounds) {
    const double lo = std::clamp(r.low, d.bounds->first, d.bounds->second);
    const double hi = std::clamp(r.high, d.bounds->first, d.bounds->second);
    if ((lo != r.low || hi != r.high) && o.kind != SwingKind::kBounds) r.source += ", clipped";
    r.low = lo;
    r.high = hi;
  }
  if (r.low > r.high) std::swap(r.low, r.high);
  return r;
}

// ---------------------------------------------------------------------------------------
// Sensitivities

void SensitivityOptions::Validate() const { range.Validate(); }

SensitivityResult Sensitivities(const Model& m, const SensitivityOptions& o) {
  o.Validate();
  SensitivityResult r;
  r.kpis = o.all_cells ? AllCellKpis(m) : SelectKpis(m, o.kpis);
  const std::vector<Cell> cells = CellsOf(r.kpis);
  const int K = static_cast<int>(cells.size());
  // Base values first: their derivative is the total effect of `value` (every period that
  // has no value of its own). Per-period values in a second program: Input{d, t} takes
  // precedence over Input{d, -1} in period t, so one program holding both would split the
  // base value's effect.
  std::vector<Input> base = DriverInputs(m, o.include_dates);
  if (K == 0) {  // nothing to differentiate (a Program without outputs reads every cell)
    r.inputs = base;
    if (o.per_period) for (const Input& in : PeriodInputs(m, o.include_dates)) r.inputs.push_back(in);
    r.input_names = NamesOf(m, r.inputs);
    const int n = static_cast<int>(r.inputs.size());
    r.input_values.resize(n);
    for (int j = 0; j < n; ++j) {
      r.input_values[j] = InputValue(m, r.inputs[j]);
      r.ranges.push_back(SwingRange(m, r.inputs[j], o.range));
    }
    r.jacobian.resize(0, n);
    r.elasticities.resize(0, n);
    r.effects.resize(0, n);
    return r;
  }
  const Program pb(m, base, cells);
  Vector xb = pb.BaseInputs();
  Matrix jb = pb.Jacobian(xb, &r.values);
  r.inputs = base;
  r.input_values = xb;
  r.jacobian = jb;
  if (o.per_period) {
    std::vector<Input> per = PeriodInputs(m, o.include_dates);
    const Program pp(m, per, cells);
    const Vector xp = pp.BaseInputs();
    const Matrix jp = pp.Jacobian(xp);
    r.inputs.insert(r.inputs.end(), per.begin(), per.end());
    r.input_values.resize(xb.size() + xp.size());
    r.input_values << xb, xp;
    r.jacobian.resize(K, jb.cols() + jp.cols());
    r.jacobian << jb, jp;
  }
  r.input_names = NamesOf(m, r.inputs);
  const int n = static_cast<int>(r.inputs.size());
  r.elasticities.resize(K, n);
  r.effects.resize(K, n);
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, o.range));
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < n; ++j) {
      r.elasticities(i, j) = r.values[i] == 0 ? kNaN : r.jacobian(i, j) * r.input_values[j] / r.values[i];
      r.effects(i, j) = r.jacobian(i, j) * r.ranges[j].width();
    }
  for (int i = 0; i < K; ++i) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return std::fabs(r.effects(i, a)) > std::fabs(r.effects(i, b)); });
    r.ranking.push_back(std::move(order));
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Tornado and spider

void TornadoOptions::Validate() const { swing.Validate(); }

TornadoResult Tornado(const Model& m, const TornadoOptions& o) {
  o.Validate();
  return TornadoOn(m, SelectKpis(m, o.kpis), o.include_dates, o.swing);
}

void SpiderOptions::Validate() const {
  if (top < 1) OptionFail("SpiderOptions::top", std::to_string(top), "must be at least 1");
  if (steps < 2 || steps > 10000) OptionFail("SpiderOptions::steps", std::to_string(steps), "must be in [2, 10000]");
  swing.Validate();
}

SpiderResult Spider(const Model& m, const SpiderOptions& o) {
  o.Validate();
  SpiderResult r;
  r.kpis = SelectKpis(m, o.kpis);
  if (!o.drivers.empty()) {
    for (const std::string& s : o.drivers) r.inputs.push_back(FindInput(m, s));
  } else {
    const TornadoResult t = TornadoOn(m, r.kpis, o.include_dates, o.swing);
    for (int j = 0; j < std::min<int>(o.top, static_cast<int>(t.top.size())); ++j) r.inputs.push_back(t.inputs[t.top[j]]);
  }
  r.input_names = NamesOf(m, r.inputs);
  for (const Input& in : r.inputs) r.ranges.push_back(SwingRange(m, in, o.swing));
  const int n = static_cast<int>(r.inputs.size()), S = o.steps;
  r.input_values.resize(n);
  for (int j = 0; j < n; ++j) r.input_values[j] = InputValue(m, r.inputs[j]);
  if (r.kpis.empty()) return r;
  const Program p(m, r.inputs, CellsOf(r.kpis));
  BatchMatrix x(n, 1 + n * S);
  for (int c = 0; c < x.cols(); ++c) x.col(c) = r.input_values;
  auto step = [&](int j, int s) {
    return s == S - 1 ? r.ranges[j].high : r.ranges[j].low + r.ranges[j].width() * s / (S - 1);
  };
  for (int j = 0; j < n; ++j)
    for (int s = 0; s < S; ++s) x(j, 1 + j * S + s) = step(j, s);
  const BatchMatrix y = EvaluateExplained(p, x, [&](int c) {
    if (c == 0) return std::string("the model's own values");
    const int j = (c - 1) / S;
    return r.input_names[j] + " = " + ValueText(m.drivers()[r.inputs[j].driver], x(j, c));
  });
  r.base = y.col(0);
  for (int j = 0; j < n; ++j) {
    SpiderSeries s;
    s.input = j;
    s.x.resize(S);
    s.change.resize(S);
    for (int k = 0; k < S; ++k) {
      s.x[k] = x(j, 1 + j * S + k);
      const double own = r.input_values[j];
      s.change[k] = own == 0 ? kNaN : (s.x[k] - own) / std::fabs(own);
    }
    s.y = y.block(0, 1 + j * S, y.rows(), S);
    r.series.push_back(std::move(s));
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Goal seek

Goal TargetGoal(const Model& m, int t) {
  if (t < 0 || t >= static_cast<int>(m.targets().size()))
    throw UsageError("target index " + std::to_string(t) + " out of range");
  const Target& tg = m.targets()[t];
  return Goal{Kpi{tg.name, {tg.line, tg.column}, t}, tg.value, tg.direction};
}

std::vector<Goal> OpenTargetGoals(const Model& m) {
  std::vector<Goal> out;
  for (int t = 0; t < static_cast<int>(m.targets().size()); ++t)
    if (HasForecast(m, m.targets()[t].column)) out.push_back(TargetGoal(m, t));
  return out;
}

std::string ToString(GoalSeekStatus s) {
  switch (s) {
    case GoalSeekStatus::kSolved: return "solved";
    case GoalSeekStatus::kNoSolutionInBracket: return "no_solution_in_bracket";
    case GoalSeekStatus::kNotConverged: return "not_converged";
  }
  return "?";
}

void GoalSeekOptions::Validate() const {
  if (!(tolerance >= 1e-15 && tolerance <= 0.1))
    OptionFail("GoalSeekOptions::tolerance", FormatNumber(tolerance), "must be in [1e-15, 0.1]");
  if (max_iterations < 1)
    OptionFail("GoalSeekOptions::max_iterations", std::to_string(max_iterations), "must be at least 1");
  if (bracket && !(std::isfinite(bracket->first) && std::isfinite(bracket->second) && bracket->first < bracket->second))
    OptionFail("GoalSeekOptions::bracket", "[" + FormatNumber(bracket->first) + ", " + FormatNumber(bracket->second) + "]",
               "finite low < high");
  if (!(default_span > 0 && std::isfinite(default_span)))
    OptionFail("GoalSeekOptions::default_span", FormatNumber(default_span), "must be positive");
  if (!(date_days > 0 && std::isfinite(date_days)))
    OptionFail("GoalSeekOptions::date_days", FormatNumber(date_days), "must be positive");
  if (scan_intervals < 1 || scan_intervals > 100000)
    OptionFail("GoalSeekOptions::scan_intervals", std::to_string(scan_intervals), "must be in [1, 100000]");
}

GoalSeekResult GoalSeek(const Model& m, const Goal& goal, const Input& input, const GoalSeekOptions& o) {
  o.Validate();
  CheckInput(m, input);
  if (!std::isfinite(goal.target)) throw UsageError("goal seek: the target must be finite");
  const Driver& d = m.drivers()[input.driver];
  GoalSeekResult r;
  r.goal = goal;
  r.input = input;
  r.input_name = InputName(m, input);
  r.own_value = r.value = InputValue(m, input);
  r.tolerance = o.tolerance * std::max(1.0, std::fabs(goal.target));

  if (o.bracket) {
    r.low = o.bracket->first;
    r.high = o.bracket->second;
    if (d.bounds && (r.low < d.bounds->first || r.high > d.bounds->second))
      throw UsageError("goal seek: the bracket [" + ValueText(d, r.low) + ", " + ValueText(d, r.high) +
                       "] leaves the bounds of driver '" + d.name + "' [" + ValueText(d, d.bounds->first) + ", " +
                       ValueText(d, d.bounds->second) + "]");
  } else if (d.bounds) {
    r.low = d.bounds->first;
    r.high = d.bounds->second;
  } else {
    const double span = d.is_date ? o.date_days : o.default_span * std::max(1.0, std::fabs(r.own_value));
    r.low = r.own_value - span;
    r.high = r.own_value + span;
  }

  const Program p(m, {input}, {goal.kpi.cell});
  const double s = goal.direction == Direction::kAtLeast ? 1.0 : -1.0;
  std::map<double, double> seen;  // x -> KPI - target, every evaluation
  BatchMatrix one(1, 1);
  auto f = [&](double x) {
    auto it = seen.find(x);
    if (it != seen.end()) return it->second;
    one(0, 0) = x;
    const double y = EvaluateExplained(p, one, [&](int) { return r.input_name + " = " + ValueText(d, x); })(0, 0);
    ++r.evaluations;
    return seen[x] = y - goal.target;
  };
  auto met = [&](double fx) { return s * fx >= 0; };
  r.kpi_own = f(r.own_value) + goal.target;
  r.kpi_value = r.kpi_own;

  auto finish = [&](GoalSeekStatus st, std::string msg) {
    r.status = st;
    r.message = std::move(msg);
    if (st == GoalSeekStatus::kSolved) {
      r.kpi_value = seen.at(r.value) + goal.target;
      r.overrides = {DriverOverride{d.name, r.value, input.period}};
    } else {
      r.value = r.own_value;
      r.kpi_value = r.kpi_own;
    }
    return r;
  };
  auto no_bracket_text = [&]() { return "[" + ValueText(d, r.low) + ", " + ValueText(d, r.high) + "]"; };

  if (r.low == r.high) {  // a fixed driver (bounds [v, v])
    if (met(seen.at(r.own_value)) && std::fabs(seen.at(r.own_value)) <= r.tolerance) {
      r.value = r.own_value;
      return finish(GoalSeekStatus::kSolved, "the driver is fixed at a value that meets the target");
    }
    return finish(GoalSeekStatus::kNoSolutionInBracket,
                  "no solution within " + no_bracket_text() + ": driver '" + d.name + "' is fixed by its bounds");
  }

  // 1. Scan the bracket in one batch for sign changes of KPI - target.
  const int N = o.scan_intervals;
  BatchMatrix xs(1, N + 1);
  for (int k = 0; k <= N; ++k) xs(0, k) = k == N ? r.high : r.low + (r.high - r.low) * k / N;
  const BatchMatrix ys = EvaluateExplained(p, xs, [&](int c) { return r.input_name + " = " + ValueText(d, xs(0, c)); });
  r.evaluations += N + 1;
  double fmin = kInf, fmax = -kInf;
  for (int k = 0; k <= N; ++k) {
    seen[xs(0, k)] = ys(0, k) - goal.target;
    fmin = std::min(fmin, ys(0, k));
    fmax = std::max(fmax, ys(0, k));
  }
  // The sign change nearest the driver's own value.
  int best = -1;
  double best_dist = kInf;
  for (int k = 0; k < N; ++k) {
    const double fa = seen[xs(0, k)], fb = seen[xs(0, k + 1)];
    if (!(fa == 0 || fb == 0 || (fa < 0) != (fb < 0))) continue;
    const double a = xs(0, k), b = xs(0, k + 1);
    const double dist = r.own_value < a ? a - r.own_value : (r.own_value > b ? r.own_value - b : 0.0);
    if (dist < best_dist) {
      best_dist = dist;
      best = k;
    }
  }
  if (best < 0) {
    return finish(GoalSeekStatus::kNoSolutionInBracket,
                  "no solution within " + no_bracket_text() + ": " + goal.kpi.name + " stays between " +
                      FormatAmount(fmin) + " and " + FormatAmount(fmax) + " there (target " +
                      FormatAmount(goal.target) + ")");
  }

  // 2. TOMS748 on that interval. It stops when a point on the met side is within tolerance
  // (every evaluation is recorded), or when the bracket is a few ulps wide.
  double a = xs(0, best), b = xs(0, best + 1);
  double found = kNaN;
  auto consider = [&](double x, double fx) {
    if (met(fx) && std::fabs(fx) <= r.tolerance && (std::isnan(found) || std::fabs(fx) < std::fabs(seen.at(found))))
      found = x;
  };
  consider(a, seen[a]);
  consider(b, seen[b]);
  auto g = [&](double x) {
    const double fx = f(x);
    consider(x, fx);
    return fx;
  };
  auto tol = [&](double lo, double hi) {
    return !std::isnan(found) || std::fabs(hi - lo) <= 4 * DBL_EPSILON * std::max(std::fabs(lo), std::fabs(hi));
  };
  std::uintmax_t iters = static_cast<std::uintmax_t>(o.max_iterations);
  std::pair<double, double> last{a, b};
  if (std::isnan(found)) last = boost::math::tools::toms748_solve(g, a, b, seen[a], seen[b], tol, iters);
  else iters = 0;
  r.iterations = static_cast<int>(iters);
  r.bracket_width = last.second - last.first;

  if (std::isnan(found)) {
    const bool out_of_iterations = r.iterations >= o.max_iterations;
    const double fa = seen.count(last.first) ? seen[last.first] : kNaN;
    const double fb = seen.count(last.second) ? seen[last.second] : kNaN;
    if (out_of_iterations)
      return finish(GoalSeekStatus::kNotConverged,
                    "no convergence in " + std::to_string(o.max_iterations) + " iterations; the root lies in [" +
                        ValueText(d, last.first) + ", " + ValueText(d, last.second) + "]");
    return finish(GoalSeekStatus::kNotConverged,
                  "no root: " + goal.kpi.name + " jumps across the target at " + r.input_name + " = " +
                      ValueText(d, last.first) + " (from " + FormatAmount(fa + goal.target) + " to " +
                      FormatAmount(fb + goal.target) + ")");
  }
  r.value = found;

  // 3. A date is a whole day: the day on the met side next to the root.
  if (d.is_date) {
    double chosen = kNaN;
    for (double day : {std::floor(found), std::ceil(found)}) {
      if (day < r.low || day > r.high) continue;
      const double fx = f(day);
      if (met(fx) && (std::isnan(chosen) || std::fabs(fx) < std::fabs(seen.at(chosen)))) chosen = day;
    }
    if (std::isnan(chosen))
      return finish(GoalSeekStatus::kNotConverged,
                    "the root lies inside a day (" + r.input_name + " near " + ValueText(d, found) +
                        "), and neither whole day next to it meets the target");
    r.value = chosen;
    return finish(GoalSeekStatus::kSolved, r.input_name + " = " + ValueText(d, chosen) +
                                               " meets the target (rounded to the whole day)");
  }
  return finish(GoalSeekStatus::kSolved, r.input_name + " = " + FormatNumber(found) + " meets the target");
}

// ---------------------------------------------------------------------------------------
// Several drivers

void MultiGoalSeekOptions::Validate() const {
  if (!(tolerance >= 1e-15 && tolerance <= 0.1))
    OptionFail("MultiGoalSeekOptions::tolerance", FormatNumber(tolerance), "must be in [1e-15, 0.1]");
  if (max_iterations < 1)
    OptionFail("MultiGoalSeekOptions::max_iterations", std::to_string(max_iterations), "must be at least 1");
}

MultiGoalSeekResult MultiGoalSeek(const Model& m, const std::vector<Goal>& goals, const std::vector<Input>& inputs,
                                  const MultiGoalSeekOptions& o) {
  o.Validate();
  if (goals.empty()) throw UsageError("goal seek needs at least one goal");
  if (inputs.empty()) throw UsageError("goal seek needs at least one driver");
  for (const Goal& g : goals)
    if (!std::isfinite(g.target)) throw UsageError("goal seek: the target of '" + g.kpi.name + "' must be finite");
  for (const Input& in : inputs) {
    CheckInput(m, in);
    if (m.drivers()[in.driver].is_date)
      throw UsageError("goal seek on several drivers takes numeric drivers; solve date driver '" +
                       m.drivers()[in.driver].name + "' on its own");
  }
  MultiGoalSeekResult r;
  r.goals = goals;
  r.inputs = inputs;
  r.input_names = NamesOf(m, inputs);
  const int n = static_cast<int>(inputs.size()), G = static_cast<int>(goals.size());
  std::vector<Cell> cells;
  for (const Goal& g : goals) cells.push_back(g.kpi.cell);
  const Program p(m, inputs, cells);
  const Vector x0 = p.BaseInputs();
  r.own_values = x0;

  // Bounds and weights: z = W (x - x0) measures a change in fractions of each range.
  Vector lo(n), hi(n);
  r.weights.resize(n);
  for (int j = 0; j < n; ++j) {
    const Driver& d = m.drivers()[inputs[j].driver];
    lo[j] = d.bounds ? d.bounds->first : -kInf;
    hi[j] = d.bounds ? d.bounds->second : kInf;
    const double width = hi[j] - lo[j];
    r.weights[j] = (std::isfinite(width) && width > 0) ? 1 / width : (x0[j] != 0 ? 1 / std::fabs(x0[j]) : 1.0);
  }
  // Aim inside the met side by half the tolerance: a goal held at its aim lies between the
  // target and target + tolerance (on the met side) once the linearization error is below
  // half the tolerance.
  Vector tol(G), aim(G), side(G);
  for (int i = 0; i < G; ++i) {
    tol[i] = o.tolerance * std::max(1.0, std::fabs(goals[i].target));
    side[i] = goals[i].direction == Direction::kAtLeast ? 1.0 : -1.0;
    aim[i] = goals[i].target + side[i] * tol[i] / 2;
  }
  auto met = [&](int i, double y) {
    return side[i] * (y - goals[i].target) >= 0 && (!o.equality || std::fabs(y - aim[i]) <= tol[i] / 2);
  };

  // Constraints of the linearized problem at x, as rows of C z >= h (each row scaled to unit
  // norm): side_i (y_i + J_i (x' - x)) >= side_i aim_i with x' = x0 + W^-1 z (both ways for
  // equality goals), and the bounds.
  auto constraints = [&](const Matrix& J, const Vector& y, const Vector& x, Matrix* C, Vector* h,
                         std::vector<std::string>* unmoved) {
    std::vector<Eigen::RowVectorXd> rows;
    std::vector<double> rhs;
    auto add = [&](Eigen::RowVectorXd row, double b) {
      const double norm = row.norm();
      if (norm == 0) return b <= 0;  // 0 >= b
      rows.push_back(row / norm);
      rhs.push_back(b / norm);
      return true;
    };
    for (int i = 0; i < G; ++i) {
      Eigen::RowVectorXd a(n);
      for (int j = 0; j < n; ++j) a[j] = J(i, j) / r.weights[j];
      const double b = aim[i] - y[i] + J.row(i).dot(x - x0);
      bool ok = add(side[i] * a, side[i] * b);
      if (o.equality) ok = add(-side[i] * a, -side[i] * b) && ok;
      if (!ok) unmoved->push_back(goals[i].kpi.name);
    }
    for (int j = 0; j < n; ++j) {
      Eigen::RowVectorXd e = Eigen::RowVectorXd::Zero(n);
      e[j] = 1;
      if (std::isfinite(lo[j])) add(e, r.weights[j] * (lo[j] - x0[j]));
      if (std::isfinite(hi[j])) add(-e, -r.weights[j] * (hi[j] - x0[j]));
    }
    C->resize(static_cast<Eigen::Index>(rows.size()), n);
    h->resize(static_cast<Eigen::Index>(rows.size()));
    for (size_t k = 0; k < rows.size(); ++k) {
      C->row(static_cast<Eigen::Index>(k)) = rows[k];
      (*h)[static_cast<Eigen::Index>(k)] = rhs[k];
    }
  };

  Vector x = x0, y;
  Matrix J = p.Jacobian(x, &y);
  r.kpi_own = y;
  bool solved = false, infeasible = false;
  double last_step = kInf;
  std::vector<std::string> unmoved;
  for (r.iterations = 0;; ++r.iterations) {
    bool all_met = true;
    for (int i = 0; i < G; ++i) all_met = all_met && met(i, y[i]);
    // Done when every goal is met and the last step no longer moved the solution (it was
    // at the minimum of the linearized problem); a start that meets every goal is its own
    // minimum in inequality mode.
    if (all_met && (last_step <= 1e-12 || (r.iterations == 0 && !o.equality))) {
      solved = true;
      break;
    }
    if (r.iterations >= o.max_iterations) break;
    Matrix C;
    Vector h;
    unmoved.clear();
    constraints(J, y, x, &C, &h, &unmoved);
    if (!unmoved.empty()) {
      infeasible = true;
      break;
    }
    Vector z;
    if (!LeastDistance(C, h, &z)) {
      infeasible = true;
      break;
    }
    Vector next = x0 + (z.array() / r.weights.array()).matrix();
    for (int j = 0; j < n; ++j) {
      // A value within rounding of a bound is on it (the LDP solution is exact to ~1e-15).
      const double snap = 1e-12 * (std::isfinite(hi[j] - lo[j]) ? hi[j] - lo[j] : std::max(1.0, std::fabs(x0[j])));
      if (std::fabs(next[j] - lo[j]) <= snap) next[j] = lo[j];
      if (std::fabs(next[j] - hi[j]) <= snap) next[j] = hi[j];
      next[j] = std::clamp(next[j], lo[j], hi[j]);
    }
    last_step = (r.weights.array() * (next - x).array()).matrix().norm() / std::max(1.0, z.norm());
    x = next;
    J = p.Jacobian(x, &y);
  }

  r.values = x;
  r.kpi_values = y;
  r.weighted_change = (r.weights.array() * (x - x0).array()).matrix().norm();
  r.at_bound.resize(n);
  for (int j = 0; j < n; ++j) r.at_bound[j] = x[j] == lo[j] || x[j] == hi[j];
  if (solved) {
    for (int j = 0; j < n; ++j)
      if (x[j] != x0[j]) r.overrides.push_back({m.drivers()[inputs[j].driver].name, x[j], inputs[j].period});
    r.status = GoalSeekStatus::kSolved;
    r.message = r.weighted_change == 0 ? "every goal is already met"
                                       : "every goal is met; weighted change " + FormatNumber(r.weighted_change);
    return r;
  }
  if (!unmoved.empty()) {
    r.status = GoalSeekStatus::kNoSolutionInBracket;
    r.message = "no solution: no driver given moves " + internal::JoinList(unmoved, true);
  } else if (infeasible) {
    r.status = GoalSeekStatus::kNoSolutionInBracket;
    r.message = "no solution within the drivers' bounds: the goals cannot all be met by moving " +
                internal::JoinList(r.input_names);
  } else {
    r.status = GoalSeekStatus::kNotConverged;
    r.message = "no convergence in " + std::to_string(o.max_iterations) + " iterations";
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Break-even

void BreakEvenOptions::Validate() const {
  if (top < 1) OptionFail("BreakEvenOptions::top", std::to_string(top), "must be at least 1");
  swing.Validate();
  seek.Validate();
}

BreakEvenResult BreakEven(const Model& m, const std::vector<Goal>& goals, const BreakEvenOptions& o) {
  o.Validate();
  BreakEvenResult r;
  r.goals = goals;
  if (!o.drivers.empty()) {
    for (const std::string& s : o.drivers) r.inputs.push_back(FindInput(m, s));
  } else if (!goals.empty()) {
    std::vector<Kpi> kpis;
    for (const Goal& g : goals) kpis.push_back(g.kpi);
    const TornadoResult t = TornadoOn(m, kpis, o.include_dates, o.swing);
    for (int j = 0; j < std::min<int>(o.top, static_cast<int>(t.top.size())); ++j) r.inputs.push_back(t.inputs[t.top[j]]);
  }
  r.input_names = NamesOf(m, r.inputs);
  r.own_values.resize(static_cast<Eigen::Index>(r.inputs.size()));
  for (size_t j = 0; j < r.inputs.size(); ++j) r.own_values[static_cast<Eigen::Index>(j)] = InputValue(m, r.inputs[j]);
  for (const Goal& g : goals)
    for (const Input& in : r.inputs) r.cells.push_back(GoalSeek(m, g, in, o.seek));
  return r;
}

// ---------------------------------------------------------------------------------------
// The bridge

std::string ToString(BridgeMethod m) {
  switch (m) {
    case BridgeMethod::kShapley: return "shapley";
    case BridgeMethod::kSymmetricSequential: return "symmetric_sequential";
  }
  return "?";
}

void BridgeOptions::Validate() const {
  if (max_shapley_drivers < 0 || max_shapley_drivers > 16)
    OptionFail("BridgeOptions::max_shapley_drivers", std::to_string(max_shapley_drivers),
               "must be in [0, 16]");
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
    for (int i = 0; i < n; ++i) if (switched[i]) s += (s.empty() ? "" : ", ") + r.steps[i];
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
    const Apportioned a = Apportion(raw.col(k), r.total[k], r.from[k], r.to[k]);
    r.contributions.col(k) = a.c;
    r.quantum[k] = a.quantum;
    r.exact.push_back(a.exact);
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Scenario files

std::string ScenarioFile(const Model& parent, const Model& result, const std::string& name,
                         const std::string& description, const std::string& extends) {
  if (parent.drivers().size() != result.drivers().size())
    throw UsageError("scenario file: the two models have different drivers");
  const Calendar& cal = result.calendar();
  std::ostringstream os;
  os << "scenario: " << Quote(name) << '\n';
  if (!description.empty()) os << "description: " << Quote(description) << '\n';
  os << "extends: " << Quote(extends) << '\n';
  std::ostringstream set;
  for (size_t i = 0; i < result.drivers().size(); ++i) {
    const Driver &a = parent.drivers()[i], &b = result.drivers()[i];
    if (a.name != b.name) throw UsageError("scenario file: the two models have different drivers");
    auto text = [&](double v) { return b.is_date ? FormatDate(static_cast<int>(std::lround(v))) : FormatNumber(v); };
    if (a.by_period == b.by_period) {
      if (a.value != b.value) set << "  " << b.name << ": " << text(b.value) << '\n';
      continue;
    }
    std::string periods;
    for (int t = 0; t < cal.num_periods(); ++t)
      if (a.ValueAt(t) != b.ValueAt(t))
        periods += (periods.empty() ? "" : ", ") + cal.periods()[t].label + ": " + text(b.ValueAt(t));
    if (!periods.empty()) set << "  " << b.name << ": {" << periods << "}\n";
  }
  const std::string s = set.str();
  if (!s.empty()) os << "set:\n" << s;
  return os.str();
}

}  // namespace outturn
