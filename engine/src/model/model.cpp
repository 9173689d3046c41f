// SPDX-License-Identifier: MIT
// Turning parsed files into a resolved model: scenarios applied, names resolved, actuals
// de-cumulated, cells ordered. Reconciling reported subtotals needs an evaluation, so it
// happens one stage later (main/model_api.cpp).
#include "outturn/model/model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <unordered_set>

#include "base/text_util.h"
#include "model/model_data.h"
#include "model/resolve.h"

namespace outturn {
namespace internal {
namespace {

[[noreturn]] void FailAt(const std::shared_ptr<const YamlFile>& f, const SourceLocation& loc,
                         const std::string& key_path, const std::string& msg) {
  throw ModelError(loc, key_path, msg, f ? f->SourceLine(loc.line) : "");
}

// The scale a unit word names: the last word of `text` (model.unit "JPY thousands", or a
// reported value's "million"), singular or plural, any case.
std::optional<double> UnitScale(const std::string& text) {
  std::string w = text.substr(text.find_last_of(' ') == std::string::npos ? 0 : text.find_last_of(' ') + 1);
  for (char& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!w.empty() && w.back() == 's') w.pop_back();
  if (w == "one" || w == "unit") return 1.0;
  if (w == "thousand") return 1e3;
  if (w == "million") return 1e6;
  if (w == "billion") return 1e9;
  if (w == "trillion") return 1e12;
  return std::nullopt;
}

// A reported value published in a coarser unit than the model's: checked to half of it.
void ResolvePrecision(const std::shared_ptr<const YamlFile>& f, const std::string& model_unit, RawValue* rv) {
  if (rv->unit.empty()) return;
  const auto scale = UnitScale(rv->unit);
  if (!scale)
    FailAt(f, rv->precision_loc, rv->precision_key_path,
           "unknown unit '" + rv->unit + "' (ones, thousands, millions, billions or trillions)");
  const auto base = UnitScale(model_unit);
  if (!base)
    FailAt(f, rv->precision_loc, rv->precision_key_path,
           "a reported unit needs model.unit to name the model's scale (ones, thousands, millions, billions, "
           "trillions, e.g. 'JPY thousands'; got '" +
               model_unit + "')");
  const double ratio = *scale / *base;
  if (ratio < 1)
    FailAt(f, rv->precision_loc, rv->precision_key_path,
           "'" + rv->unit + "' is finer than the model's unit ('" + model_unit +
               "'); a reported value cannot be more precise than the model");
  if (std::fmod(rv->value, ratio) != 0)
    FailAt(f, rv->loc, rv->key_path,
           WithCommas(rv->value) + " is not a whole number of " + rv->unit + " (" + FormatNumber(ratio) +
               " in the model's unit, '" + model_unit + "')");
  rv->tolerance = ratio / 2;
}

// ---------------------------------------------------------------------------------------
// Scenarios

}  // namespace

std::string LockedPeriod(const Calendar& cal, int period) {
  const int A = cal.num_actual(), T = cal.num_periods();
  std::string s = cal.periods()[period].label + " is a reported period (actuals through " + cal.periods()[A - 1].label +
                  "): its values are locked";
  if (A < T)
    s += "; the forecast periods are " + cal.periods()[A].label + (A + 1 < T ? ".." + cal.periods()[T - 1].label : "");
  return s;
}

void SetDriverValue(Driver& d, double value) {
  for (auto& [t, vt] : d.by_period)
    if (t >= d.num_reported) vt = d.ProfileAt(vt, value);
  d.value = value;
}

namespace {

void ApplySet(const RawSet& s, const std::shared_ptr<const YamlFile>& f, const Calendar& cal,
              std::vector<Driver>& drivers) {
  auto it = std::find_if(drivers.begin(), drivers.end(), [&](const Driver& d) { return d.name == s.driver; });
  if (it == drivers.end()) {
    std::vector<std::string> names;
    for (const Driver& d : drivers) names.push_back(d.name);
    const std::string kp = s.period.empty() ? s.key_path : s.key_path.substr(0, s.key_path.rfind('.'));
    FailAt(f, s.driver_loc, kp, UnknownName("driver", s.driver, names));
  }
  Driver& d = *it;
  double v;
  if (!ParseDriverValue(s.text, d.is_date, &v))
    FailAt(f, s.loc, s.key_path,
           d.is_date ? "must be a date YYYY-MM-DD (got '" + s.text + "')" : "must be a number (got '" + s.text + "')");
  if (d.bounds && (v < d.bounds->first || v > d.bounds->second))
    FailAt(f, s.loc, s.key_path,
           "value " + FormatNumber(v) + " is out of bounds [" + FormatNumber(d.bounds->first) + ", " +
               FormatNumber(d.bounds->second) + "]");
  if (s.period.empty()) {
    SetDriverValue(d, v);
    return;
  }
  for (const Period& p : cal.periods()) {
    if (p.label == s.period) {
      if (p.actual) FailAt(f, s.driver_loc, s.key_path, LockedPeriod(cal, p.index));
      d.by_period[p.index] = v;
      return;
    }
  }
  std::vector<std::string> labels;
  for (const Period& p : cal.periods()) labels.push_back(p.label);
  FailAt(f, s.driver_loc, s.key_path, "unknown period '" + s.period + "'" + Suggest(s.period, labels));
}

// The entities a scenario's key names: itself, or each item of a driver or line over a dimension.
std::vector<std::string> Named(const Dimensions& dims, const std::string& name) {
  const RawDimension* d = dims.Of(name);
  if (!d) return {name};
  std::vector<std::string> out;
  for (const std::string& item : d->items) out.push_back(ItemName(name, item));
  return out;
}

void ApplyScenario(const RawScenario& s, const Calendar& cal, const Dimensions& dims, std::vector<Driver>& drivers,
                   std::vector<RawLine>& lines) {
  for (const RawSet& set : s.sets)
    for (const std::string& name : Named(dims, set.driver)) {
      RawSet one = set;
      one.driver = name;
      ApplySet(one, s.file, cal, drivers);
    }
  for (const RawFormula& rf : s.formulas) {
    for (const std::string& name : Named(dims, rf.line)) {
      auto it = std::find_if(lines.begin(), lines.end(), [&](const RawLine& l) { return l.line.name == name; });
      if (it == lines.end()) {
        std::vector<std::string> names;
        for (const RawLine& l : lines) names.push_back(l.line.name);
        FailAt(s.file, rf.line_loc, rf.src.key_path, "unknown line '" + name + "'" + Suggest(name, names));
      }
      it->formula = ExpandFormula(rf.expr, name, dims, rf.src);
      it->formula_src = rf.src;
      it->line.formula = rf.src.text;
    }
  }
}

void ApplyOverride(const DriverOverride& o, const Calendar& cal, std::vector<Driver>& drivers) {
  auto it = std::find_if(drivers.begin(), drivers.end(), [&](const Driver& d) { return d.name == o.driver; });
  if (it == drivers.end()) {
    std::vector<std::string> names;
    for (const Driver& d : drivers) names.push_back(d.name);
    throw UsageError(UnknownName("driver", o.driver, names));
  }
  if (!std::isfinite(o.value)) throw UsageError("driver '" + o.driver + "': value must be finite");
  if (it->bounds && (o.value < it->bounds->first || o.value > it->bounds->second))
    throw UsageError("driver '" + o.driver + "': value " + FormatNumber(o.value) + " is out of bounds [" +
                     FormatNumber(it->bounds->first) + ", " + FormatNumber(it->bounds->second) + "]");
  if (o.period < 0) {
    SetDriverValue(*it, o.value);
  } else {
    if (o.period >= cal.num_periods()) throw UsageError("driver '" + o.driver + "': period out of range");
    if (cal.periods()[o.period].actual)
      throw UsageError(o.driver + "@" + cal.periods()[o.period].label + ": " + LockedPeriod(cal, o.period));
    it->by_period[o.period] = o.value;
  }
}

// ---------------------------------------------------------------------------------------
// Actuals

std::vector<std::optional<double>> Decumulate(const RawLine& rl, const Calendar& cal,
                                              const std::shared_ptr<const YamlFile>& f) {
  const int T = cal.num_periods(), A = cal.num_actual();
  std::vector<std::optional<double>> v(T);
  struct Given {
    int first, last;
    double value;
    const RawValue* raw;
  };
  std::vector<Given> spans;
  for (const auto& [col, rv] : rl.actuals) {
    auto [first, last] = cal.ColumnRange(col);
    if (last >= A)
      FailAt(f, rv.loc, rv.key_path,
             std::string(first < A ? "runs past" : "is after") + " the last reported period (" +
                 (A ? cal.periods()[A - 1].label : std::string("none")) + "; calendar.actuals_through)");
    if (first != last && rl.line.rollup != Rollup::kSum)
      FailAt(f, rv.loc, rv.key_path, "cumulative actuals need 'rollup: sum'");
    if (first == last) v[first] = rv.value;
    spans.push_back({first, last, rv.value, &rv});
  }
  for (bool progress = true; progress;) {
    progress = false;
    for (const Given& g : spans) {
      int unknown = -1, n_unknown = 0;
      double known = 0;
      for (int t = g.first; t <= g.last; ++t) {
        if (v[t])
          known += *v[t];
        else {
          unknown = t;
          ++n_unknown;
        }
      }
      if (n_unknown == 1) {
        v[unknown] = g.value - known;
        progress = true;
      }
    }
  }
  for (int t = 0; t < A; ++t) {
    if (!v[t])
      FailAt(f, rl.actuals_loc, rl.key_path + ".actuals",
             "cannot determine " + cal.periods()[t].label +
                 " from the actuals given (give it, or a cumulative span whose other periods are known)");
  }
  for (const Given& g : spans) {
    double s = 0;
    for (int t = g.first; t <= g.last; ++t) s += *v[t];
    if (std::fabs(s - g.value) > 0.5)
      FailAt(f, g.raw->loc, g.raw->key_path,
             "disagrees with the other actuals: the periods it covers add up to " + WithCommas(s));
  }
  return v;
}

// ---------------------------------------------------------------------------------------
// Cell graph

}  // namespace

bool HistoryCovers(const ModelData& m, const RExpr& r, int col) {
  return !r.ref_driver && r.lag - col <= static_cast<int>(m.lines[r.index].history.size());
}

namespace {

void CollectDeps(const ModelData& m, const RExpr& r, int col, bool span, std::vector<int>* out) {
  const int C = m.calendar.num_columns();
  switch (r.k) {
    case RExpr::K::kLine: out->push_back(r.index * C + col); break;
    case RExpr::K::kSum:
      for (int i : r.members) out->push_back(i * C + col);
      break;
    case RExpr::K::kLag:
      if (col - r.lag >= 0) {
        if (!r.ref_driver) out->push_back(r.index * C + col - r.lag);
      } else if (!HistoryCovers(m, r, col) && !r.args.empty()) {
        CollectDeps(m, r.args[0], col, span, out);
      }
      return;
    case RExpr::K::kAt:
      if (!r.ref_driver) out->push_back(r.index * C + r.column);
      break;
    default: break;
  }
  for (const RExpr& a : r.args) CollectDeps(m, a, col, span, out);
}

// prev/lag without a default must not reach before the horizon, or before the history of the
// line it reads, in a period the formula runs.
void CheckReach(const ModelData& m, const RExpr& r, int t, const FormulaSource& src) {
  if (r.k == RExpr::K::kLag && t - r.lag < 0 && !HistoryCovers(m, r, t)) {
    const std::vector<double>* h = r.ref_driver ? nullptr : &m.lines[r.index].history;
    if (r.args.empty() && h && !h->empty()) {
      const Line& l = m.lines[r.index];
      src.Fail(r.offset, "reaches " + m.calendar.LabelBefore(r.lag - t) + " when computing " +
                             m.calendar.periods()[t].label + ", before the history of '" + l.name + "' (from " +
                             m.calendar.LabelBefore(static_cast<int>(h->size())) + "); give its history back to " +
                             m.calendar.LabelBefore(r.lag - t) + " or a default, e.g. lag(x, " + std::to_string(r.lag) +
                             ", 0)");
    }
    if (r.args.empty())
      src.Fail(r.offset, "reaches before the first period when computing " + m.calendar.periods()[t].label +
                             "; give a default, e.g. prev(x, 0)");
    CheckReach(m, r.args[0], t, src);
    return;
  }
  for (const RExpr& a : r.args) CheckReach(m, a, t, src);
}

std::vector<int> OrderCells(const ModelData& m, const std::vector<std::vector<int>>& deps) {
  const int C = m.calendar.num_columns();
  const int N = static_cast<int>(deps.size());
  std::vector<char> state(N, 0);  // 0 new, 1 on stack, 2 done
  std::vector<int> order;
  order.reserve(N);
  std::vector<std::pair<int, size_t>> stack;
  auto cell_name = [&](int c) { return m.lines[c / C].name + " (" + m.calendar.ColumnLabel(c % C) + ")"; };
  for (int col = 0; col < C; ++col) {
    for (int line = 0; line < static_cast<int>(m.lines.size()); ++line) {
      const int root = line * C + col;
      if (state[root]) continue;
      stack.push_back({root, 0});
      state[root] = 1;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next < deps[node].size()) {
          const int d = deps[node][next++];
          if (state[d] == 1) {
            // A cycle: the stack from d to node, then d again.
            std::string path;
            size_t i = 0;
            while (stack[i].first != d) ++i;
            bool same_col = true;
            for (size_t j = i; j < stack.size(); ++j) same_col &= stack[j].first % C == d % C;
            for (size_t j = i; j < stack.size(); ++j)
              path += (same_col ? m.lines[stack[j].first / C].name : cell_name(stack[j].first)) + " -> ";
            path += same_col ? m.lines[d / C].name + " (in " + m.calendar.ColumnLabel(d % C) + ")" : cell_name(d);
            const int culprit = d / C;
            const FormulaSource& src = m.sources[culprit];
            throw ModelError(src.LocationAt(0), src.key_path.empty() ? "lines." + m.lines[culprit].name : src.key_path,
                             "cycle: " + path, src.file ? src.file->SourceLine(src.line) : "");
          }
          if (state[d] == 0) {
            state[d] = 1;
            stack.push_back({d, 0});
          }
        } else {
          state[node] = 2;
          order.push_back(node);
          stack.pop_back();
        }
      }
    }
  }
  return order;
}

}  // namespace

std::shared_ptr<ModelData> Finalize(std::shared_ptr<const RawModel> raw,
                                    std::vector<std::shared_ptr<const RawScenario>> applied,
                                    std::vector<DriverOverride> overrides, const std::string& path) {
  auto m = std::make_shared<ModelData>();
  m->raw = raw;
  m->applied = applied;
  m->overrides = overrides;
  m->path = path;
  m->calendar = raw->calendar;
  const Calendar& cal = m->calendar;
  const int T = cal.num_periods(), C = cal.num_columns(), A = cal.num_actual();
  const auto& f = raw->file;

  // 1. Scenarios and overrides. Reported periods keep the model file's values.
  m->drivers = raw->drivers;
  for (Driver& d : m->drivers) {
    d.num_reported = A;
    d.reported_value = d.value;
  }
  std::vector<RawLine> lines = raw->lines;
  for (const auto& s : applied) {
    ApplyScenario(*s, cal, raw->dims, m->drivers, lines);
    m->scenario = s->name;
    m->scenario_description = s->description;
  }
  for (const DriverOverride& o : overrides) ApplyOverride(o, cal, m->drivers);

  // 2. Names.
  for (int i = 0; i < static_cast<int>(m->drivers.size()); ++i) m->driver_index[m->drivers[i].name] = i;
  for (const RawLine& rl : lines) {
    if (m->driver_index.count(rl.line.name))
      FailAt(f, rl.line.location, rl.key_path, "'" + rl.line.name + "' is already the name of a driver");
    m->line_index[rl.line.name] = static_cast<int>(m->lines.size());
    m->lines.push_back(rl.line);
    m->sources.push_back(rl.formula_src);
  }
  m->components = raw->components;
  for (const RawDimension& d : raw->dims.list) m->dimensions.push_back(Dimension{d.name, d.items});
  m->correlations = ResolveCorrelations(*raw, m->drivers);
  for (Line& l : m->lines)
    for (const Component& c : m->components)
      if (l.name.rfind(c.name + ".", 0) == 0) l.component = c.name;

  // 3. Actuals.
  for (size_t i = 0; i < lines.size(); ++i) {
    const RawLine& rl = lines[i];
    Line& l = m->lines[i];
    l.actuals.assign(T, std::nullopt);
    if (!rl.actuals.empty()) l.actuals = Decumulate(rl, cal, f);
    if (!rl.formula && A < T)
      FailAt(f, rl.line.location, rl.key_path,
             "has no formula for the forecast periods " + cal.periods()[A].label +
                 (A + 1 < T ? ".." + cal.periods()[T - 1].label : std::string()));
    for (const auto& [col, rv] : rl.reported) {
      if (cal.ColumnRange(col).second >= A)
        FailAt(f, rv.loc, rv.key_path,
               "reported values are for reported periods only (last: " +
                   (A ? cal.periods()[A - 1].label : std::string("none")) + ")");
      l.reported[col] = rv.value;
    }
    for (auto& [col, rv] : lines[i].reported) ResolvePrecision(f, raw->unit, &rv);
  }

  // 4. Formulas.
  m->formulas.resize(lines.size());
  m->span_formulas.resize(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].formula) continue;
    m->formulas[i] = ResolveFormula(*m, m->sources[i], static_cast<int>(i), false, *lines[i].formula);
    if (m->lines[i].rollup == Rollup::kFormula)
      m->span_formulas[i] = ResolveFormula(*m, m->sources[i], static_cast<int>(i), true, *lines[i].formula);
  }

  // 5. Targets.
  for (const RawTarget& rt : raw->targets) {
    Target t = rt.target;
    auto it = m->line_index.find(rt.line_name);
    if (it == m->line_index.end()) {
      std::vector<std::string> names;
      for (const Line& l : m->lines) names.push_back(l.name);
      FailAt(f, rt.line_loc, rt.key_path + ".line",
             "unknown line '" + rt.line_name + "'" + Suggest(rt.line_name, names));
    }
    t.line = it->second;
    m->targets.push_back(t);
  }

  // 6. Cell order.
  std::vector<std::vector<int>> deps(m->lines.size() * C);
  for (size_t i = 0; i < m->lines.size(); ++i) {
    const Line& l = m->lines[i];
    for (int t = 0; t < T; ++t) {
      if (l.actuals[t]) continue;
      CheckReach(*m, *m->formulas[i], t, m->sources[i]);
      CollectDeps(*m, *m->formulas[i], t, false, &deps[i * C + t]);
    }
    for (int c = T; c < C; ++c) {
      if (l.rollup == Rollup::kFormula) {
        CollectDeps(*m, *m->span_formulas[i], c, true, &deps[i * C + c]);
      } else {
        auto [a, b] = cal.ColumnRange(c);
        for (int t = a; t <= b; ++t) deps[i * C + c].push_back(static_cast<int>(i) * C + t);
      }
    }
  }
  m->cell_order = OrderCells(*m, deps);

  // 7. What the next stage reconciles once the model evaluates (main/model_api.cpp).
  for (size_t i = 0; i < lines.size(); ++i)
    for (const auto& [col, rv] : lines[i].reported) m->reported_checks.push_back({static_cast<int>(i), col, rv});
  return m;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------
// Model

const std::string& Model::name() const { return data_->raw->name; }
const std::string& Model::description() const { return data_->raw->description; }
const std::string& Model::currency() const { return data_->raw->currency; }
const std::string& Model::unit() const { return data_->raw->unit; }
const std::string& Model::source() const { return data_->raw->source; }
const std::string& Model::as_of() const { return data_->raw->as_of; }
const std::string& Model::actuals_source() const { return data_->raw->actuals_source; }
const std::string& Model::path() const { return data_->path; }
const std::string& Model::scenario() const { return data_->scenario; }
const std::string& Model::scenario_description() const { return data_->scenario_description; }
const std::vector<DriverOverride>& Model::overrides() const { return data_->overrides; }
std::vector<std::string> Model::scenario_names() const {
  std::vector<std::string> out{"base"};
  for (const auto& s : data_->raw->scenarios) out.push_back(s.name);
  return out;
}
const Calendar& Model::calendar() const { return data_->calendar; }
const std::vector<Driver>& Model::drivers() const { return data_->drivers; }
const std::vector<Line>& Model::lines() const { return data_->lines; }
const std::vector<Target>& Model::targets() const { return data_->targets; }
const std::vector<Component>& Model::components() const { return data_->components; }
const std::vector<Dimension>& Model::dimensions() const { return data_->dimensions; }
const std::vector<Correlation>& Model::correlations() const { return data_->correlations; }
int Model::FindDriver(const std::string& n) const {
  auto it = data_->driver_index.find(n);
  return it == data_->driver_index.end() ? -1 : it->second;
}
int Model::FindLine(const std::string& n) const {
  auto it = data_->line_index.find(n);
  return it == data_->line_index.end() ? -1 : it->second;
}

}  // namespace outturn
