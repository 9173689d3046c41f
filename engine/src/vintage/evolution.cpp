// SPDX-License-Identifier: MIT
// outturn evolution: how each target's forecast moved between two vintages, and why.
#include "outturn/vintage/evolution.h"

#include <algorithm>

#include "analysis/analysis_internal.h"
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/verdict.h"
#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "outturn/sweep/sweep.h"

namespace outturn {

EvolutionResult Evolution(const std::string& old_path, const std::string& new_path, const EvolutionOptions& o) {
  const Model before = Model::Load(old_path), after = Model::Load(new_path);
  const Calendar& cal = after.calendar();
  auto not_vintages = [&](const std::string& why) {
    throw UsageError("evolution: '" + new_path + "' is not a later vintage of '" + old_path + "' (" + why + ")");
  };
  if (before.name() != after.name()) not_vintages("model.name is '" + after.name() + "', not '" + before.name() + "'");
  if (before.calendar().ColumnLabels() != cal.ColumnLabels()) not_vintages("different calendars");
  const int a0 = before.calendar().num_actual(), a1 = cal.num_actual(), T = cal.num_periods();
  if (a1 < a0)
    not_vintages("it reports fewer periods: actuals through " + cal.ActualsThrough() + ", not " +
                 before.calendar().ActualsThrough());

  EvolutionResult r;
  r.old_path = old_path;
  r.new_path = new_path;
  r.old_as_of = before.as_of();
  r.new_as_of = after.as_of();
  r.old_through = before.calendar().ActualsThrough();
  r.new_through = cal.ActualsThrough();
  r.samples = o.samples;
  r.seed = o.seed;

  // F1: the new vintage with the old one's assumptions in every period still open.
  std::vector<DriverOverride> old_values;
  std::vector<std::string> only_new;
  for (const Driver& d : after.drivers()) {
    const int od = before.FindDriver(d.name);
    if (od < 0 || before.drivers()[od].is_date != d.is_date) {
      only_new.push_back(d.name);
      continue;
    }
    for (int t = a1; t < T; ++t) {
      const double v = before.drivers()[od].ValueAt(t);
      if (v != d.ValueAt(t)) old_values.push_back({d.name, v, t});
    }
  }
  for (const std::string& n : only_new)
    r.notes.push_back("driver " + n + " is new in " + new_path + ": its effect is in the carried step");
  for (const Driver& d : before.drivers())
    if (after.FindDriver(d.name) < 0)
      r.notes.push_back("driver " + d.name + " of " + old_path + " is gone: its effect is in the carried step");
  const Model hybrid = after.WithOverrides(old_values);

  const Results f0 = Run(before), f1 = Run(hybrid), f2 = Run(after);
  const auto v0 = Verdicts(f0), v2 = Verdicts(f2);

  // The newly reported figures against the old forecast.
  for (size_t li = 0; li < after.lines().size(); ++li) {
    const Line& line = after.lines()[li];
    const int ol = before.FindLine(line.name);
    if (ol < 0) continue;
    for (int t = a0; t < a1; ++t)
      if (t < static_cast<int>(line.actuals.size()) && line.actuals[t])
        r.surprises.push_back({line.name, cal.ColumnLabel(t), f2.at(static_cast<int>(li), t), f0.at(ol, t)});
  }

  // The drivers' steps: the bridge from F1 to F2 over the targets both vintages have.
  std::vector<int> old_index, new_index;
  std::vector<std::string> names;
  for (size_t k = 0; k < after.targets().size(); ++k) {
    const Target& t = after.targets()[k];
    int ok = -1;
    for (size_t j = 0; j < before.targets().size(); ++j)
      if (before.targets()[j].name == t.name) ok = static_cast<int>(j);
    if (ok < 0) {
      r.notes.push_back("target " + t.name + " is new in " + new_path + ": no evolution");
      continue;
    }
    old_index.push_back(ok);
    new_index.push_back(static_cast<int>(k));
    names.push_back(t.name);
  }
  for (const Target& t : before.targets())
    if (std::find(names.begin(), names.end(), t.name) == names.end())
      r.notes.push_back("target " + t.name + " of " + old_path + " is gone from " + new_path);
  if (names.empty()) throw UsageError("evolution: the two vintages have no target in common");
  BridgeOptions bo;
  bo.kpis = names;
  const BridgeResult bridge = Bridge(hybrid, after, bo);
  r.steps = {"surprise", "carried"};
  for (const std::string& s : bridge.steps) r.steps.push_back(s);

  std::vector<SweepResult> sweeps;
  if (o.samples > 0) {
    SweepOptions so;
    so.samples = o.samples;
    so.seed = o.seed;
    so.threads = o.threads;
    so.confidence = o.confidence;
    sweeps.push_back(Sweep(before, so));
    sweeps.push_back(Sweep(after, so));
  }
  const int i05 = QuantileLevelIndex(0.05), i50 = QuantileLevelIndex(0.50), i95 = QuantileLevelIndex(0.95);
  auto band = [&](const SweepResult& s, int k) {
    const KpiStats& x = s.kpis[k];
    return EvolutionBand{x.quantiles[i05], x.quantiles[i50], x.quantiles[i95], x.p_meet, x.p_low, x.p_high};
  };

  for (size_t j = 0; j < names.size(); ++j) {
    const Target &t0 = before.targets()[old_index[j]], &t2 = after.targets()[new_index[j]];
    const TargetVerdict &w0 = v0[old_index[j]], &w2 = v2[new_index[j]];
    EvolutionTarget e;
    e.target = t2.name;
    e.line = after.lines()[t2.line].name;
    e.span = cal.ColumnLabel(t2.column);
    e.direction = t2.direction;
    e.old_target = t0.value;
    e.new_target = t2.value;
    e.old_high = t0.is_range() ? t0.high : t0.value;
    e.new_high = t2.is_range() ? t2.high : t2.value;
    e.old_forecast = w0.forecast;
    e.new_forecast = w2.forecast;
    e.old_gap = w0.gap;
    e.new_gap = w2.gap;
    e.old_met = w0.met;
    e.new_met = w2.met;
    if (t0.line >= 0 && before.lines()[t0.line].name != e.line)
      r.notes.push_back("target " + e.target + " is on line " + before.lines()[t0.line].name + " in " + old_path +
                        " and on " + e.line + " in " + new_path);

    // The surprise: the target line's newly reported periods of its span, at their actuals
    // instead of the old forecast, everything else as the old vintage had it.
    const Line& line = after.lines()[t2.line];
    const int ol = before.FindLine(line.name);
    const auto [first, last] = cal.ColumnRange(t2.column);
    double surprise = 0;
    e.surprise_split = line.rollup != Rollup::kFormula && ol >= 0;
    if (e.surprise_split) {
      for (int t = std::max(first, a0); t <= std::min(last, a1 - 1); ++t) {
        const double d = f1.at(t2.line, t) - f0.at(ol, t);
        if (line.rollup == Rollup::kSum || line.rollup == Rollup::kAverage) surprise += d;
        if (line.rollup == Rollup::kLast && t == last) surprise = d;
      }
      if (line.rollup == Rollup::kAverage) surprise /= (last - first + 1);
    }
    const double f1k = f1.at(t2.line, t2.column);
    Vector raw(static_cast<Eigen::Index>(r.steps.size()));
    raw[0] = surprise;
    raw[1] = (f1k - e.old_forecast) - surprise;
    for (size_t s = 0; s < bridge.steps.size(); ++s) raw[static_cast<Eigen::Index>(2 + s)] = bridge.contributions(s, j);
    const internal::Apportioned a =
        internal::Apportion(raw, e.new_forecast - e.old_forecast, e.old_forecast, e.new_forecast);
    e.steps.assign(a.c.data(), a.c.data() + a.c.size());
    e.exact = a.exact;
    if (!sweeps.empty()) {
      e.old_band = band(sweeps[0], old_index[j]);
      e.new_band = band(sweeps[1], new_index[j]);
    }
    r.targets.push_back(e);
  }
  bool formula_ratio = false;
  for (const EvolutionTarget& e : r.targets) formula_ratio = formula_ratio || !e.surprise_split;
  if (formula_ratio)
    r.notes.push_back(
        "a ratio target (rollup: formula) has no surprise step of its own: the new actuals' whole effect on it is in "
        "the carried step");
  if (!sweeps.empty())
    for (const std::string& n : sweeps[1].notes) r.notes.push_back("sweep of " + new_path + ": " + n);
  return r;
}

}  // namespace outturn
