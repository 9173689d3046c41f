// SPDX-License-Identifier: MIT
// outturn backtest: past vintages' forecasts scored against the outcome; --calibrate.
#include "outturn/vintage/backtest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>

#include "base/text_util.h"
#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "outturn/sweep/sweep.h"
#include "vintage/figures_csv.h"
#include "vintage/model_text.h"

namespace outturn {
namespace {

// The knots of the sweep's distribution function: piecewise linear through the histogram's
// bin edges, the mass below the histogram spread evenly from the minimum to its low edge and
// the mass above from its high edge to the maximum. F is 0 left of the first knot and 1
// right of the last.
std::vector<std::pair<double, double>> CdfKnots(const KpiStats& s) {
  const double n = static_cast<double>(s.below + s.above +
                                       std::accumulate(s.bins.begin(), s.bins.end(), 0LL, std::plus<long long>()));
  std::vector<std::pair<double, double>> k;
  if (n == 0) return k;
  if (s.below > 0) k.push_back({s.min, 0.0});
  double cum = static_cast<double>(s.below);
  k.push_back({s.hist_low, cum / n});
  const double width = (s.hist_high - s.hist_low) / static_cast<double>(s.bins.size());
  for (size_t b = 0; b < s.bins.size(); ++b) {
    cum += static_cast<double>(s.bins[b]);
    k.push_back({s.hist_low + static_cast<double>(b + 1) * width, cum / n});
  }
  if (s.above > 0) k.push_back({s.max, 1.0});
  return k;
}

double CdfAt(const std::vector<std::pair<double, double>>& k, double y) {
  if (k.empty() || y < k.front().first) return 0;
  for (size_t i = 1; i < k.size(); ++i)
    if (y < k[i].first) {
      const auto [x0, f0] = k[i - 1];
      const auto [x1, f1] = k[i];
      return f0 + (f1 - f0) * (y - x0) / (x1 - x0);
    }
  return 1;
}

// Integral over [a, b] of g(F)^2 where F is linear from fa to fb: (b - a)(ga^2 + ga gb + gb^2) / 3.
double SquareIntegral(double a, double b, double ga, double gb) { return (b - a) * (ga * ga + ga * gb + gb * gb) / 3; }

// CRPS(F, y) = integral of (F(x) - 1[x >= y])^2 dx, exactly for the piecewise linear F.
double Crps(const std::vector<std::pair<double, double>>& k, double y) {
  if (k.empty()) return 0;
  double c = 0;
  if (y < k.front().first) c += k.front().first - y;  // F = 0, the step is 1
  if (y > k.back().first) c += y - k.back().first;    // F = 1, the step is 0
  for (size_t i = 1; i < k.size(); ++i) {
    const auto [x0, f0] = k[i - 1];
    const auto [x1, f1] = k[i];
    if (x1 <= x0) continue;
    if (x1 <= y) {
      c += SquareIntegral(x0, x1, f0, f1);
    } else if (x0 >= y) {
      c += SquareIntegral(x0, x1, 1 - f0, 1 - f1);
    } else {
      const double fy = f0 + (f1 - f0) * (y - x0) / (x1 - x0);
      c += SquareIntegral(x0, y, f0, fy) + SquareIntegral(y, x1, 1 - fy, 1 - f1);
    }
  }
  return c;
}

// The exact (Clopper-Pearson) interval of a binomial proportion k / n.
void ClopperPearson(int k, int n, double confidence, double* lo, double* hi) {
  const double a = (1 - confidence) / 2;
  *lo = k == 0 ? 0.0 : boost::math::quantile(boost::math::beta_distribution<double>(k, n - k + 1), a);
  *hi = k == n ? 1.0 : boost::math::quantile(boost::math::beta_distribution<double>(k + 1, n - k), 1 - a);
}

// The m-th smallest of `v` (1-based m, clamped to [1, size]).
double OrderStatistic(std::vector<double> v, int m) {
  std::sort(v.begin(), v.end());
  m = std::clamp(m, 1, static_cast<int>(v.size()));
  return v[static_cast<size_t>(m - 1)];
}

double Stretch(double y, double lo, double mid, double hi) {
  if (y >= mid) return hi > mid ? (y - mid) / (hi - mid) : (y == mid ? 0 : INFINITY);
  return mid > lo ? (mid - y) / (mid - lo) : INFINITY;
}

}  // namespace

BacktestResult Backtest(const std::vector<std::string>& vintages, const BacktestOptions& o) {
  if (vintages.empty()) throw UsageError("backtest: give at least one vintage");
  if (o.outcome_path.empty()) throw UsageError("backtest: --outcome is required");
  if (!(o.confidence > 0 && o.confidence < 1)) throw UsageError("backtest: the confidence must lie in (0, 1)");
  BacktestResult r;
  r.outcome_path = o.outcome_path;
  r.samples = o.samples;
  r.seed = o.seed;
  r.confidence = o.confidence;
  const int i05 = QuantileLevelIndex(0.05), i25 = QuantileLevelIndex(0.25), i50 = QuantileLevelIndex(0.50),
            i75 = QuantileLevelIndex(0.75), i95 = QuantileLevelIndex(0.95);
  std::vector<std::string> unscored;
  for (const std::string& path : vintages) {
    const Model model = Model::Load(path);
    const internal::FiguresCsv outcome = internal::ReadFiguresCsv(model, o.outcome_path);
    std::map<std::pair<int, int>, double> value;  // (line, column) -> outcome
    for (const internal::CsvFigure& f : outcome.figures) value[{f.line_index, f.column}] = f.value;
    SweepOptions so;
    so.method = SweepMethod::kMonteCarlo;
    so.samples = o.samples;
    so.seed = o.seed;
    so.threads = o.threads;
    so.confidence = o.confidence;
    const SweepResult sweep = Sweep(model, so);
    const Calendar& cal = model.calendar();
    for (size_t t = 0; t < model.targets().size(); ++t) {
      const Target& target = model.targets()[t];
      const Line& line = model.lines()[target.line];
      auto it = value.find({target.line, target.column});
      if (it == value.end()) {
        unscored.push_back(target.name + " (" + line.name + " " + cal.ColumnLabel(target.column) + ") in " + path);
        continue;
      }
      const KpiStats& k = sweep.kpis[t];
      BacktestScore s;
      s.vintage = path;
      s.as_of = model.as_of();
      s.through = cal.ActualsThrough();
      s.target = target.name;
      s.line = line.name;
      s.span = cal.ColumnLabel(target.column);
      s.direction = target.direction;
      s.target_value = target.value;
      s.target_high = target.is_range() ? target.high : target.value;
      s.forecast = k.base;
      s.p5 = k.quantiles[i05];
      s.p25 = k.quantiles[i25];
      s.p50 = k.quantiles[i50];
      s.p75 = k.quantiles[i75];
      s.p95 = k.quantiles[i95];
      s.p_meet = k.p_meet;
      s.p_meet_low = k.p_low;
      s.p_meet_high = k.p_high;
      s.outcome = it->second;
      const auto knots = CdfKnots(k);
      s.percentile = CdfAt(knots, s.outcome);
      s.crps = Crps(knots, s.outcome);
      s.outcome_meets = target.Meets(s.outcome);
      s.forecast_meets = target.Meets(s.forecast);
      s.verdict_right = s.outcome_meets == s.forecast_meets;
      const double hit = s.outcome_meets ? 1.0 : 0.0;
      s.brier = (s.p_meet - hit) * (s.p_meet - hit);
      s.in50 = s.p25 <= s.outcome && s.outcome <= s.p75;
      s.in90 = s.p5 <= s.outcome && s.outcome <= s.p95;
      s.stretch90 = Stretch(s.outcome, s.p5, s.p50, s.p95);
      s.stretch50 = Stretch(s.outcome, s.p25, s.p50, s.p75);
      r.scores.push_back(s);
    }
  }
  if (r.scores.empty())
    throw Error(o.outcome_path + ": error: no target of the vintages has an outcome in the file (a row whose line " +
                "and period are a target's line and span)");
  r.n = static_cast<int>(r.scores.size());
  std::vector<double> s90, s50;
  double brier = 0;
  for (const BacktestScore& s : r.scores) {
    r.in50 += s.in50;
    r.in90 += s.in90;
    r.verdicts_right += s.verdict_right;
    brier += s.brier;
    s90.push_back(s.stretch90);
    s50.push_back(s.stretch50);
  }
  r.mean_brier = brier / r.n;
  ClopperPearson(r.in50, r.n, o.confidence, &r.in50_low, &r.in50_high);
  ClopperPearson(r.in90, r.n, o.confidence, &r.in90_low, &r.in90_high);
  r.multiplier90 = OrderStatistic(s90, static_cast<int>(std::ceil(0.9 * r.n - 1e-9)));
  r.multiplier50 = OrderStatistic(s50, static_cast<int>(std::ceil(0.5 * r.n - 1e-9)));
  for (const std::string& u : unscored) r.notes.push_back("not scored, no outcome in the file: " + u);
  if (r.n > 1)
    r.notes.push_back("the " + std::to_string(r.n) +
                      " outcomes are treated as independent trials; targets of one year share its surprises and "
                      "vintages share the outcome, so the coverage intervals are too narrow");
  return r;
}

std::string CalibrateModel(const std::string& model_path, double m, std::vector<std::string>* notes) {
  if (!(m > 0) || !std::isfinite(m)) throw UsageError("calibrate: the multiplier must be a positive number");
  const Model model = Model::Load(model_path);
  if (model.source_files().size() != 1)
    throw UsageError("calibrate: " + model_path + " is a scenario file; give the model file it extends");
  YAML::Node root = YAML::LoadFile(model_path);
  using internal::FormatNumber;
  for (const Driver& d : model.drivers()) {
    const Distribution& x = d.distribution;
    if (x.type == DistributionType::kNone) continue;
    if (d.is_date) {
      notes->push_back(d.name + ": a date driver; its distribution is left as it is");
      continue;
    }
    YAML::Node node = root["drivers"][d.name]["distribution"];
    const double blo = d.bounds ? d.bounds->first : -INFINITY, bhi = d.bounds ? d.bounds->second : INFINITY;
    auto clip = [&](double v, double lo, double hi, const char* key) {
      if (v < lo || v > hi) {
        const double c = std::clamp(v, lo, hi);
        notes->push_back(d.name + ": " + key + " " + FormatNumber(v) + " clipped to " + FormatNumber(c) +
                         (d.bounds ? " (the driver's bounds)" : ""));
        return c;
      }
      return v;
    };
    auto about = [&](double c, double v) { return c + m * (v - c); };
    switch (x.type) {
      case DistributionType::kNormal:
      case DistributionType::kTruncatedNormal:
      case DistributionType::kLognormal: node["sd"] = FormatNumber(x.sd * m); break;
      case DistributionType::kUniform: {
        const double c = 0.5 * (x.low + x.high);
        node["low"] = FormatNumber(clip(about(c, x.low), blo, bhi, "low"));
        node["high"] = FormatNumber(clip(about(c, x.high), blo, bhi, "high"));
        break;
      }
      case DistributionType::kTriangular:
      case DistributionType::kPert:
        node["low"] = FormatNumber(clip(about(x.mode, x.low), blo, bhi, "low"));
        node["high"] = FormatNumber(clip(about(x.mode, x.high), blo, bhi, "high"));
        break;
      case DistributionType::kDiscrete:
      case DistributionType::kEmpirical: {
        double mean = 0, wsum = 0;
        for (size_t i = 0; i < x.values.size(); ++i) {
          const double w = x.type == DistributionType::kDiscrete ? x.weights[i] : 1.0;
          mean += w * x.values[i];
          wsum += w;
        }
        mean /= wsum;
        const char* key = x.type == DistributionType::kDiscrete ? "values" : "observations";
        YAML::Node list(YAML::NodeType::Sequence);
        list.SetStyle(YAML::EmitterStyle::Flow);
        for (double v : x.values) list.push_back(FormatNumber(clip(about(mean, v), blo, bhi, key)));
        node[key] = list;
        break;
      }
      case DistributionType::kNone: break;
    }
    if (d.shocks.sd > 0) root["drivers"][d.name]["shocks"]["sd"] = FormatNumber(d.shocks.sd * m);
  }
  const std::string text =
      internal::EmitModel(root, "# " + std::filesystem::path(model_path).filename().string() +
                                    " with every distribution's spread multiplied by " +
                                    internal::ShortestRoundTrip(m) + " (outturn backtest --calibrate)");
  internal::LoadModelText(text, "calibrate");
  return text;
}

}  // namespace outturn
