// SPDX-License-Identifier: MIT
// Statistics from the accumulators (sweep/accumulate.h): moments, histogram quantiles,
// P(meet) with Wilson intervals, expected shortfall, miss-driver means, standardized
// regression coefficients.
#include "sweep/accumulate.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/normal.h"
#include "outturn/compile/program.h"
#include "outturn/model/distributions.h"

namespace outturn {

const std::vector<double> kQuantileLevels = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};

int QuantileLevelIndex(double level) {
  for (size_t i = 0; i < kQuantileLevels.size(); ++i)
    if (kQuantileLevels[i] == level) return static_cast<int>(i);
  OUTTURN_ASSERT(false && "a quantile level the sweep does not compute");
  return 0;
}

std::vector<MissDriver> MissDrivers(const SweepResult& r, int kpi) {
  const KpiStats& k = r.kpis[kpi];
  std::vector<MissDriver> out;
  if (k.meets == 0 || k.meets == r.samples) return out;
  for (size_t i = 0; i < r.drivers.size(); ++i) {
    const double a = k.driver_mean_meet[i], b = k.driver_mean_miss[i];
    const double sd = i < r.driver_sd.size() ? r.driver_sd[i] : 0.0;
    out.push_back({static_cast<int>(i), a, b, sd > 0 ? (a - b) / sd : 0.0});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const MissDriver& x, const MissDriver& y) { return std::fabs(x.gap_sd) > std::fabs(y.gap_sd); });
  return out;
}

namespace internal {
namespace {

// The two-sided normal quantile of the confidence level.
double Z(double confidence) { return NormalQuantile(1 - (1 - confidence) / 2); }

void Wilson(long long m, long long n, double z, double* p, double* lo, double* hi) {
  if (n == 0) {
    *p = *lo = *hi = 0;
    return;
  }
  const double ph = static_cast<double>(m) / n, z2 = z * z, nn = static_cast<double>(n);
  const double denom = 1 + z2 / nn;
  const double center = (ph + z2 / (2 * nn)) / denom;
  const double half = z * std::sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / denom;
  *p = ph;
  // At m = 0 and m = n the bounds are 0 and 1 exactly (center -/+ half rounds to a few ulps
  // off them).
  *lo = m == 0 ? 0.0 : std::max(0.0, center - half);
  *hi = m == n ? 1.0 : std::min(1.0, center + half);
}

// The sample quantiles at kQuantileLevels of n values histogrammed as `bins` (B bins of
// `width` from `lo`, `below` under them), by linear interpolation within the bin, clamped
// to [min, max]; returns the error bound (the bin width, INFINITY when a quantile falls
// outside the histogram).
double HistogramQuantiles(const long long* bins, int B, long long below, double lo, double width, double min,
                          double max, long long n, std::vector<double>* out) {
  double error = width;
  out->clear();
  for (double p : kQuantileLevels) {
    // The sample quantile: the smallest value with at least ceil(p n) values at or below.
    const double want = std::ceil(p * n);
    double cum = static_cast<double>(below);
    double q = min;
    if (cum >= want) {
      q = min;
      error = INFINITY;
    } else {
      int b = 0;
      for (; b < B; ++b) {
        const double c = static_cast<double>(bins[b]);
        if (cum + c >= want) {
          q = lo + (b + (want - cum) / c) * width;
          break;
        }
        cum += c;
      }
      if (b == B) {
        q = max;
        error = INFINITY;
      }
    }
    out->push_back(std::min(std::max(q, min), max));
  }
  return error;
}

// Standardized regression coefficients of KPI k on the drivers: least squares on the
// centred sums (Cov_xx beta = Cov_xy), scaled by sd_x / sd_y.
void Src(const Accumulator& acc, int k, KpiStats* s) {
  const int K = acc.layout().K, D = acc.layout().D;
  const double n = static_cast<double>(acc.merged());
  const double* sx = &acc.totals()[acc.layout().reg()];
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

}  // namespace

bool CiReached(const Accumulator& acc) {
  const SweepOptions& opt = acc.options();
  const double z = Z(opt.confidence);
  for (int k = 0; k < acc.layout().K; ++k) {
    double p, lo, hi;
    Wilson(acc.counts().meets[k], acc.merged(), z, &p, &lo, &hi);
    if (hi - lo >= opt.until_ci) return false;
  }
  return true;
}

void Summarize(const Accumulator& acc, SweepResult* r) {
  const Model& model = acc.model();
  const SweepOptions& opt = acc.options();
  const Design& design = acc.design();
  const Layout& layout = acc.layout();
  const std::vector<SweepKpi>& kpis = acc.kpis();
  const std::vector<double>& totals = acc.totals();
  const Counts& counts = acc.counts();
  const Calendar& cal = model.calendar();
  const int K = layout.K, D = layout.D, B = opt.histogram_bins, P = layout.per_kpi();
  const long long n = acc.merged();
  const double z = Z(opt.confidence);
  r->model = model.name().empty() ? model.path() : model.name();
  r->scenario = ScenarioLabel(model);
  for (const DriverOverride& o : model.overrides()) r->overrides.push_back(OverrideText(model, o));
  r->unit = model.currency() + (model.currency().empty() || model.unit().empty() ? "" : " ") + model.unit();
  const Results own = Run(model);
  r->method = opt.method;
  r->seed = opt.seed;
  r->requested = design.total();
  r->samples = n;
  for (int d : design.drivers()) {
    r->drivers.push_back(model.drivers()[d].name);
    r->driver_sd.push_back(StdDev(model.drivers()[d].distribution));
  }
  for (int k = 0; k < K; ++k) {
    const Target& t = model.targets()[k];
    KpiStats s;
    s.name = t.name;
    s.line = model.lines()[t.line].name;
    s.span = cal.ColumnLabel(t.column);
    s.target = t.value;
    s.high = t.is_range() ? t.high : t.value;
    s.direction = t.direction;
    s.base = own.at(t.line, t.column);
    const double* a = &totals[k * P];
    s.mean = a[1];
    s.sd = n > 1 ? std::sqrt(a[2] / (n - 1)) : 0.0;
    s.min = counts.min[k];
    s.max = counts.max[k];
    const double width = 1.0 / kpis[k].inv_width;
    s.hist_low = kpis[k].lo;
    s.hist_high = kpis[k].lo + B * width;
    s.bins.assign(counts.bins.begin() + static_cast<long>(k) * B, counts.bins.begin() + static_cast<long>(k + 1) * B);
    s.below = counts.below[k];
    s.above = counts.above[k];
    s.quantile_error = HistogramQuantiles(&counts.bins[static_cast<size_t>(k) * B], B, s.below, s.hist_low, width,
                                          s.min, s.max, n, &s.quantiles);
    s.meets = counts.meets[k];
    Wilson(s.meets, n, z, &s.p_meet, &s.p_low, &s.p_high);
    const long long misses = n - s.meets;
    s.misses_below = counts.under[k];
    s.misses_above = misses - s.misses_below;
    Wilson(s.misses_below, n, z, &s.p_below, &s.p_below_low, &s.p_below_high);
    Wilson(s.misses_above, n, z, &s.p_above, &s.p_above_low, &s.p_above_high);
    s.expected_shortfall = n ? a[3] / n : 0;
    s.shortfall_given_miss = misses ? a[3] / misses : 0;
    for (int i = 0; i < D; ++i) {
      const double sum_all = totals[layout.sum_all() + i], sum_miss = a[4 + i];
      s.driver_mean_miss.push_back(misses ? sum_miss / misses : NAN);
      s.driver_mean_meet.push_back(s.meets ? (sum_all - sum_miss) / s.meets : NAN);
    }
    if (layout.regression && n > D + 1) Src(acc, k, &s);
    r->kpis.push_back(std::move(s));
  }
  if (opt.method != SweepMethod::kGrid && opt.method != SweepMethod::kOneAtATime) {
    const std::vector<int>& varied = design.drivers();
    for (size_t g = 0; g < model.correlations().size(); ++g) {
      const Correlation& c = model.correlations()[g];
      const auto in_design = std::count_if(c.drivers.begin(), c.drivers.end(), [&](int d) {
        return std::find(varied.begin(), varied.end(), d) != varied.end();
      });
      if (!c.normal_adjusted || in_design < 2) continue;
      char ev[32];
      std::snprintf(ev, sizeof ev, "%.4g", c.normal_smallest_eigenvalue);
      r->notes.push_back("correlations[" + std::to_string(g) +
                         "]: the normal-score matrix 2 sin(pi rho / 6) of these rank correlations is not positive "
                         "semi-definite (smallest eigenvalue " +
                         ev + "); its nearest correlation matrix (Higham 2002) is used");
    }
  }
  // The path cells, line-major after the targets: each line's quantiles in every period.
  const int periods = cal.num_periods();
  for (size_t l = 0; l < opt.path_lines.size(); ++l) {
    PathStats p;
    p.line = opt.path_lines[l];
    for (int t = 0; t < periods; ++t) {
      const int h = K + static_cast<int>(l) * periods + t;
      const double width = 1.0 / kpis[h].inv_width;
      p.periods.push_back(cal.periods()[t].label);
      p.min.push_back(counts.min[h]);
      p.max.push_back(counts.max[h]);
      std::vector<double> q;
      p.quantile_error.push_back(HistogramQuantiles(&counts.bins[static_cast<size_t>(h) * B], B, counts.below[h],
                                                    kpis[h].lo, width, counts.min[h], counts.max[h], n, &q));
      p.quantiles.push_back(std::move(q));
    }
    r->paths.push_back(std::move(p));
  }
  r->all_meets = counts.all_meets;
  Wilson(r->all_meets, n, z, &r->p_all, &r->p_all_low, &r->p_all_high);
}

}  // namespace internal
}  // namespace outturn
