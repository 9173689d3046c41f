// SPDX-License-Identifier: MIT
// `outturn sweep`: per target its distribution, P(meet), shortfall and what drives the
// misses; and the progress line of a running sweep.
#include "outturn/report/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {

using internal::CsvField;
using internal::Fixed;
using internal::FormatNumber;

namespace {

// The target for people: "48,000", or a range "84,000 to 86,000".
std::string TargetText(const KpiStats& k) {
  return k.direction == Direction::kBetween ? FormatAmount(k.target) + " to " + FormatAmount(k.high)
                                            : FormatAmount(k.target);
}

std::string Interval(double lo, double hi) { return "[" + Fixed(lo, 4) + ", " + Fixed(hi, 4) + "]"; }

// "IIJ FY2010 -- scenario base with x=1 (JPY thousands)": what was swept.
std::string Heading(const SweepResult& r) {
  return r.model + " -- scenario " + r.scenario + (r.unit.empty() ? "" : " (" + r.unit + ")") + "\n";
}

// Grid and one-at-a-time designs are not random samples: a design table, each target's
// range over the points, and no probability, interval or quantile.
std::string RenderDesign(const SweepResult& r, Format format) {
  const bool grid = r.method == SweepMethod::kGrid;
  const std::string at = grid ? "mean over the points at this level" : "value at this point, other drivers at base";
  if (format == Format::kJson) {
    nlohmann::json j = {{"model", r.model},     {"scenario", r.scenario},       {"overrides", r.overrides},
                        {"unit", r.unit},       {"method", ToString(r.method)}, {"seed", r.seed},
                        {"points", r.samples},  {"partial", r.partial},         {"threads", r.threads_used},
                        {"seconds", r.seconds}, {"drivers", r.drivers},         {"at_level", at},
                        {"notes", r.notes}};
    j["targets"] = nlohmann::json::array();
    for (const KpiStats& k : r.kpis) {
      nlohmann::json o = {{"target", k.name},
                          {"line", k.line},
                          {"span", k.span},
                          {"target_value", k.target},
                          {"direction", ToString(k.direction)},
                          {"base", k.base},
                          {"mean", k.mean},
                          {"min", k.min},
                          {"max", k.max}};
      if (k.direction == Direction::kBetween) o["target_high"] = k.high;
      j["targets"].push_back(o);
    }
    j["design"] = nlohmann::json::array();
    for (const DesignDriver& d : r.design) {
      nlohmann::json t = nlohmann::json::object();
      for (size_t k = 0; k < r.kpis.size(); ++k)
        t[r.kpis[k].name] = {{"at_level", d.at_level[k]}, {"range", d.range[k]}};
      j["design"].push_back({{"driver", d.name}, {"levels", d.levels}, {"targets", t}});
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::kCsv) {
    os << "driver,level,value";
    for (const KpiStats& k : r.kpis) os << ',' << CsvField(k.name);
    os << '\n';
    for (const DesignDriver& d : r.design)
      for (size_t l = 0; l < d.levels.size(); ++l) {
        os << CsvField(d.name) << ',' << l + 1 << ',' << FormatNumber(d.levels[l]);
        for (size_t k = 0; k < r.kpis.size(); ++k) os << ',' << FormatNumber(d.at_level[k][l]);
        os << '\n';
      }
    return os.str();
  }
  const size_t L = r.design.empty() ? 0 : r.design[0].levels.size();
  os << Heading(r);
  os << ToString(r.method) << " design: " << r.samples << " points, " << L << " levels per driver (P5 to P95 of its "
     << "distribution) of " << r.drivers.size() << " drivers"
     << (grid ? " in every combination" : ", one at a time with the others at their model values") << "\n"
     << "A design, not a random sample: it gives ranges and effects, no probabilities (use -m mc, lhs or sobol).\n";
  for (const std::string& note : r.notes) os << "Note: " << note << "\n";
  os << "\n";
  TextTable t;
  t.Row({"target", "span", "target", "base", "min", "max", "mean over the points"});
  for (const KpiStats& k : r.kpis)
    t.Row({k.name, k.span, TargetText(k), FormatAmount(k.base), FormatAmount(k.min), FormatAmount(k.max),
           FormatAmount(k.mean)});
  os << t.Render();
  for (size_t k = 0; k < r.kpis.size(); ++k) {
    os << "\n" << r.kpis[k].name << " by driver level (" << at << ")\n";
    TextTable d;
    std::vector<std::string> head = {"driver"};
    for (size_t l = 0; l < L; ++l) head.push_back("level " + std::to_string(l + 1));
    head.push_back("range");
    d.Row(head);
    for (const DesignDriver& dd : r.design) {
      std::vector<std::string> lv = {dd.name}, kv = {"  " + r.kpis[k].name};
      for (size_t l = 0; l < L; ++l) {
        lv.push_back(internal::Sig(dd.levels[l]));
        kv.push_back(FormatAmount(dd.at_level[k][l]));
      }
      lv.push_back("");
      kv.push_back(FormatAmount(dd.range[k]));
      d.Row(lv);
      d.Row(kv);
    }
    os << d.Render();
  }
  return os.str();
}

}  // namespace

std::string RenderSweep(const SweepResult& r, Format format) {
  if (r.method == SweepMethod::kGrid || r.method == SweepMethod::kOneAtATime) return RenderDesign(r, format);
  if (format == Format::kJson) {
    nlohmann::json j = {{"model", r.model},
                        {"scenario", r.scenario},
                        {"overrides", r.overrides},
                        {"unit", r.unit},
                        {"method", ToString(r.method)},
                        {"seed", r.seed},
                        {"requested", r.requested},
                        {"samples", r.samples},
                        {"partial", r.partial},
                        {"stopped_by_ci", r.stopped_by_ci},
                        {"threads", r.threads_used},
                        {"seconds", r.seconds},
                        {"drivers", r.drivers},
                        {"p_all", r.p_all},
                        {"p_all_interval", {r.p_all_low, r.p_all_high}},
                        {"notes", r.notes}};
    j["quantile_levels"] = kQuantileLevels;
    for (const KpiStats& k : r.kpis) {
      nlohmann::json q = nlohmann::json::array(), mm = nlohmann::json::array(), mi = nlohmann::json::array();
      for (double v : k.quantiles) q.push_back(internal::JsonNumber(v));
      for (double v : k.driver_mean_meet) mm.push_back(internal::JsonNumber(v));
      for (double v : k.driver_mean_miss) mi.push_back(internal::JsonNumber(v));
      nlohmann::json o = {
          {"target", k.name},
          {"line", k.line},
          {"span", k.span},
          {"target_value", k.target},
          {"direction", ToString(k.direction)},
          {"base", k.base},
          {"mean", k.mean},
          {"sd", k.sd},
          {"min", k.min},
          {"max", k.max},
          {"quantiles", q},
          {"quantile_error", internal::JsonNumber(k.quantile_error)},
          {"p_meet", k.p_meet},
          {"p_meet_interval", {k.p_low, k.p_high}},
          {"meets", k.meets},
          {"expected_shortfall", k.expected_shortfall},
          {"shortfall_given_miss", k.shortfall_given_miss},
          {"driver_mean_meet", mm},
          {"driver_mean_miss", mi},
          {"histogram",
           {{"low", k.hist_low}, {"high", k.hist_high}, {"below", k.below}, {"above", k.above}, {"bins", k.bins}}}};
      if (k.direction == Direction::kBetween) {
        o["target_high"] = k.high;
        o["p_below"] = k.p_below;
        o["p_below_interval"] = {k.p_below_low, k.p_below_high};
        o["p_within"] = k.p_meet;
        o["p_within_interval"] = {k.p_low, k.p_high};
        o["p_above"] = k.p_above;
        o["p_above_interval"] = {k.p_above_low, k.p_above_high};
      }
      if (!k.src.empty()) {
        o["src"] = k.src;
        o["r_squared"] = k.r_squared;
      }
      if (!k.sobol_first.empty()) {
        o["sobol_first"] = k.sobol_first;
        o["sobol_total"] = k.sobol_total;
        nlohmann::json fi = nlohmann::json::array(), ti = nlohmann::json::array();
        for (size_t i = 0; i < k.sobol_first.size(); ++i) {
          fi.push_back({k.sobol_first_low[i], k.sobol_first_high[i]});
          ti.push_back({k.sobol_total_low[i], k.sobol_total_high[i]});
        }
        o["sobol_first_interval"] = fi;
        o["sobol_total_interval"] = ti;
      }
      j["targets"].push_back(o);
    }
    if (!r.paths.empty()) {
      j["paths"] = nlohmann::json::array();
      for (const PathStats& p : r.paths) {
        nlohmann::json q = nlohmann::json::array(), e = nlohmann::json::array();
        for (const auto& row : p.quantiles) {
          nlohmann::json qr = nlohmann::json::array();
          for (double v : row) qr.push_back(internal::JsonNumber(v));
          q.push_back(qr);
        }
        for (double v : p.quantile_error) e.push_back(internal::JsonNumber(v));
        j["paths"].push_back({{"line", p.line}, {"periods", p.periods}, {"quantiles", q}, {"quantile_error", e}});
      }
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::kCsv) {
    os << "target,line,span,target_value,base,mean,sd,min,max";
    for (double p : kQuantileLevels) os << ",p" << static_cast<int>(std::lround(p * 100));
    // What the whole sweep is, on every row (one table that pandas reads whole): N, the
    // seed, the method, whether it was interrupted, P(every target met).
    os << ",quantile_error,p_meet,p_low,p_high,expected_shortfall,shortfall_given_miss,samples,requested,seed,method,"
          "partial,p_all,p_all_low,p_all_high,target_high,p_below,p_below_low,p_below_high,p_above,p_above_low,"
          "p_above_high\n";
    const std::string sweep_fields = ',' + std::to_string(r.samples) + ',' + std::to_string(r.requested) + ',' +
                                     std::to_string(r.seed) + ',' + ToString(r.method) + ',' +
                                     (r.partial ? "true" : "false") + ',' + FormatNumber(r.p_all) + ',' +
                                     FormatNumber(r.p_all_low) + ',' + FormatNumber(r.p_all_high);
    for (const KpiStats& k : r.kpis) {
      os << CsvField(k.name) << ',' << CsvField(k.line) << ',' << k.span << ',' << FormatNumber(k.target) << ','
         << FormatNumber(k.base) << ',' << FormatNumber(k.mean) << ',' << FormatNumber(k.sd) << ','
         << FormatNumber(k.min) << ',' << FormatNumber(k.max);
      for (double q : k.quantiles) os << ',' << FormatNumber(q);
      os << ',' << FormatNumber(k.quantile_error) << ',' << FormatNumber(k.p_meet) << ',' << FormatNumber(k.p_low)
         << ',' << FormatNumber(k.p_high) << ',' << FormatNumber(k.expected_shortfall) << ','
         << FormatNumber(k.shortfall_given_miss) << sweep_fields << ','
         << (k.direction == Direction::kBetween ? FormatNumber(k.high) : "") << ',' << FormatNumber(k.p_below) << ','
         << FormatNumber(k.p_below_low) << ',' << FormatNumber(k.p_below_high) << ',' << FormatNumber(k.p_above) << ','
         << FormatNumber(k.p_above_low) << ',' << FormatNumber(k.p_above_high) << '\n';
    }
    // Standardized regression coefficients and Sobol indices, one row per target and driver.
    if (!r.kpis.empty() && !r.kpis[0].src.empty()) {
      os << "\ntarget,driver,src,r_squared\n";
      for (const KpiStats& k : r.kpis)
        for (size_t i = 0; i < k.src.size() && i < r.drivers.size(); ++i)
          os << CsvField(k.name) << ',' << CsvField(r.drivers[i]) << ',' << FormatNumber(k.src[i]) << ','
             << FormatNumber(k.r_squared) << '\n';
    }
    if (!r.kpis.empty() && !r.kpis[0].sobol_first.empty()) {
      os << "\ntarget,driver,first_order,total\n";
      for (const KpiStats& k : r.kpis)
        for (size_t i = 0; i < k.sobol_first.size() && i < r.drivers.size(); ++i)
          os << CsvField(k.name) << ',' << CsvField(r.drivers[i]) << ',' << FormatNumber(k.sobol_first[i]) << ','
             << FormatNumber(k.sobol_total[i]) << '\n';
    }
    // Per-period quantiles of the --path lines, one row per line and period.
    if (!r.paths.empty()) {
      os << "\nline,period";
      for (double p : kQuantileLevels) os << ",p" << static_cast<int>(std::lround(p * 100));
      os << ",quantile_error\n";
      for (const PathStats& p : r.paths)
        for (size_t t = 0; t < p.periods.size(); ++t) {
          os << CsvField(p.line) << ',' << p.periods[t];
          for (double q : p.quantiles[t]) os << ',' << FormatNumber(q);
          os << ',' << FormatNumber(p.quantile_error[t]) << '\n';
        }
    }
    return os.str();
  }
  char head[256];
  std::snprintf(head, sizeof head, "%s sweep, seed %llu: %lld scenarios%s in %.2f s (%.3g scenarios/s, %d threads)\n",
                ToString(r.method).c_str(), static_cast<unsigned long long>(r.seed), r.samples,
                r.partial ? " (PARTIAL: interrupted)" : (r.stopped_by_ci ? " (stopped: intervals narrow enough)" : ""),
                r.seconds, r.rate(), r.threads_used);
  os << Heading(r) << head << r.drivers.size() << " uncertain drivers\n";
  for (const std::string& note : r.notes) os << "Note: " << note << "\n";
  os << "\n";
  TextTable t;
  t.Row({"target", "span", "target", "base", "mean", "sd", "P5", "P50", "P95", "P(meet)", "interval", "E[shortfall]",
         "E[shortfall | miss]"});
  bool any_range = false;
  for (const KpiStats& k : r.kpis) {
    any_range |= k.direction == Direction::kBetween;
    t.Row({k.name, k.span, TargetText(k), FormatAmount(k.base), FormatAmount(k.mean), FormatAmount(k.sd),
           FormatAmount(k.quantiles[1]), FormatAmount(k.quantiles[4]), FormatAmount(k.quantiles[7]), Fixed(k.p_meet, 4),
           Interval(k.p_low, k.p_high), FormatAmount(k.expected_shortfall),
           k.meets == r.samples ? std::string("-") : FormatAmount(k.shortfall_given_miss)});
  }
  os << t.Render();
  os << "base: the model's own scenario, nothing sampled. E[shortfall]: the shortfall against the target averaged "
        "over every scenario (0 where met); E[shortfall | miss]: averaged over the misses only.\n";
  if (any_range) {
    // A range is met within it: P(meet) is P(within), and the misses fall on either side.
    os << "\nRanges (met within, edges included; P(meet) is P(within); the shortfall is to the edge missed)\n";
    TextTable rt;
    rt.Row({"target", "range", "P(below)", "interval", "P(within)", "interval", "P(above)", "interval"});
    for (const KpiStats& k : r.kpis)
      if (k.direction == Direction::kBetween)
        rt.Row({k.name, TargetText(k), Fixed(k.p_below, 4), Interval(k.p_below_low, k.p_below_high), Fixed(k.p_meet, 4),
                Interval(k.p_low, k.p_high), Fixed(k.p_above, 4), Interval(k.p_above_low, k.p_above_high)});
    os << rt.Render();
  }
  os << "\nP(every target met) = " << Fixed(r.p_all, 4) << " [" << Fixed(r.p_all_low, 4) << ", "
     << Fixed(r.p_all_high, 4) << "]\n";
  os << "Quantiles are read from histograms of " << (r.kpis.empty() ? 0 : r.kpis[0].bins.size())
     << " bins: each is within one bin width of the exact sample quantile.\n";
  // What drives the misses: the drivers whose mean moves most between meets and misses,
  // in units of the driver's spread over all scenarios is not kept; use the relative gap.
  for (size_t kk = 0; kk < r.kpis.size(); ++kk) {
    const KpiStats& k = r.kpis[kk];
    const std::vector<MissDriver> drivers = MissDrivers(r, static_cast<int>(kk));
    if (drivers.empty()) continue;
    os << "\nWhat drives the misses of " << k.name << " (driver means among meets and misses"
       << (k.direction == Direction::kBetween ? ", misses below and above the range together" : "") << ")\n";
    TextTable d;
    d.Row({"driver", "mean if met", "mean if missed", "gap in sd"});
    for (size_t g = 0; g < std::min<size_t>(5, drivers.size()); ++g) {
      const MissDriver& md = drivers[g];
      // Means over the meets and over the misses, both non-empty here: never NaN.
      d.Row(
          {r.drivers[md.driver], internal::Sig(md.mean_meet), internal::Sig(md.mean_miss), Fixed(md.gap_sd, 2, true)});
    }
    os << d.Render();
    if (!k.sobol_total.empty()) {
      std::vector<std::pair<double, int>> st;
      for (size_t i = 0; i < k.sobol_total.size(); ++i) st.push_back({k.sobol_total[i], static_cast<int>(i)});
      std::sort(st.rbegin(), st.rend());
      os << "Sobol indices, first order and total with their bootstrap intervals:\n";
      TextTable si;
      si.Row({"driver", "first order", "interval", "total", "interval"});
      for (size_t g = 0; g < std::min<size_t>(5, st.size()); ++g) {
        const int i = st[g].second;
        si.Row({r.drivers[i], Fixed(k.sobol_first[i], 3),
                "[" + Fixed(k.sobol_first_low[i], 3) + ", " + Fixed(k.sobol_first_high[i], 3) + "]",
                Fixed(k.sobol_total[i], 3),
                "[" + Fixed(k.sobol_total_low[i], 3) + ", " + Fixed(k.sobol_total_high[i], 3) + "]"});
      }
      os << si.Render();
    }
    if (!k.src.empty()) {
      std::vector<std::pair<double, int>> src;
      for (size_t i = 0; i < k.src.size(); ++i) src.push_back({std::fabs(k.src[i]), static_cast<int>(i)});
      std::sort(src.rbegin(), src.rend());
      os << "Standardized regression coefficients (R^2 = " << FormatNumber(std::round(k.r_squared * 1e4) / 1e4)
         << "): ";
      for (size_t g = 0; g < std::min<size_t>(5, src.size()); ++g)
        os << (g ? ", " : "") << r.drivers[src[g].second] << " "
           << FormatNumber(std::round(k.src[src[g].second] * 1e4) / 1e4);
      os << "\n";
    }
  }
  for (const PathStats& p : r.paths) {
    os << "\n" << p.line << " by period" << (r.unit.empty() ? "" : " (" + r.unit + ")") << "\n";
    TextTable t;
    t.Row({"period", "P5", "P25", "median", "P75", "P95"});
    for (size_t i = 0; i < p.periods.size(); ++i) {
      const auto& q = p.quantiles[i];
      t.Row({p.periods[i], FormatAmount(q[1]), FormatAmount(q[3]), FormatAmount(q[4]), FormatAmount(q[5]),
             FormatAmount(q[7])});
    }
    os << t.Render();
  }
  return os.str();
}

std::string RenderProgress(long long done, long long total, double seconds) {
  const double rate = seconds > 0 ? done / seconds : 0;
  const double left = rate > 0 ? (total - done) / rate : 0;
  const int width = 30, filled = static_cast<int>(width * static_cast<double>(done) / std::max(1LL, total));
  char buf[512];
  std::snprintf(buf, sizeof buf, "\r[%s%s] %5.1f%%  %.3g scenarios/s  %.0f s left ", std::string(filled, '#').c_str(),
                std::string(width - filled, '.').c_str(), 100.0 * done / std::max(1LL, total), rate, left);
  return std::string(buf) + (done >= total ? "\n" : "");
}

}  // namespace outturn
