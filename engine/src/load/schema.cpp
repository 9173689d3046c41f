// SPDX-License-Identifier: MIT
// Parsing model and scenario files into Raw* structures: the schema, every key and type.
// Name resolution and cross-checks happen in model.cpp (Finalize).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "base/text_util.h"
#include "load/raw_model.h"

namespace outturn::internal {
namespace {

bool ValidName(const std::string& s) {
  if (s.empty()) return false;
  bool seg_start = true;
  for (char c : s) {
    if (c == '.') {
      if (seg_start) return false;
      seg_start = true;
      continue;
    }
    if (seg_start && !(std::isalpha(static_cast<unsigned char>(c)) || c == '_')) return false;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    seg_start = false;
  }
  return !seg_start;
}

void CheckName(const YamlDoc& f, const Entry& e, const std::string& path) {
  if (!ValidName(e.key))
    f.Fail(e.key_node, Join(path, e.key),
           "invalid name (use letters, digits and '_' in dot-separated parts, starting with a "
           "letter; 'period' and 'and'/'or'/'not' are reserved)");
  if (e.key.substr(0, e.key.find('.')) == "period")
    f.Fail(e.key_node, Join(path, e.key),
           "'period' is reserved: period.* names are calendar facts (period.index, period.quarter, ...)");
  if (e.key == "and" || e.key == "or" || e.key == "not")
    f.Fail(e.key_node, Join(path, e.key), "'" + e.key + "' is reserved (an operator in formulas)");
}

FormulaSource MakeSource(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  FormulaSource src;
  src.file = f.file();
  src.key_path = path;
  src.text = ReadScalar(f, node, path);
  src.line = node.Mark().line + 1;
  src.node_column = node.Mark().column;
  src.column = ScalarContentColumn(f, node);
  return src;
}

Calendar ParseCalendar(const YamlDoc& f, const YAML::Node& node, int* num_actual) {
  const std::string P = "calendar";
  auto es = ReadMap(f, node, P,
                    {"start", "fiscal_year_start_month", "fiscal_year_label", "period", "periods", "actuals_through"});
  Calendar::Spec spec;
  const Entry& start = RequireKey(f, node, es, P, "start");
  const std::string s = ReadScalar(f, start.value, P + ".start");
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-' || !std::all_of(s.begin(), s.begin() + 4, ::isdigit) ||
      !std::isdigit(static_cast<unsigned char>(s[5])) || !std::isdigit(static_cast<unsigned char>(s[6])) ||
      (m = std::stoi(s.substr(5))) < 1 || m > 12)
    f.Fail(start.value, P + ".start", "must be a month YYYY-MM (got '" + s + "')");
  if ((y = std::stoi(s.substr(0, 4))) < 1900 || y > 2200)
    f.Fail(start.value, P + ".start", "the year must be between 1900 and 2200 (got '" + s + "')");
  spec.start_year = y;
  spec.start_month = m;
  spec.fiscal_year_start_month = m;
  if (auto* e = FindKey(es, "fiscal_year_start_month"))
    spec.fiscal_year_start_month = ReadInt(f, e->value, P + ".fiscal_year_start_month", 1, 12);
  if (auto* e = FindKey(es, "fiscal_year_label")) {
    const std::string v = ReadScalar(f, e->value, P + ".fiscal_year_label");
    if (v != "start" && v != "end")
      f.Fail(e->value, P + ".fiscal_year_label", "must be 'start' or 'end' (got '" + v + "')");
    spec.label_by_start_year = v == "start";
  }
  spec.periodicity = Periodicity::kQuarter;
  if (auto* e = FindKey(es, "period")) {
    const std::string v = ReadScalar(f, e->value, P + ".period");
    if (v == "month")
      spec.periodicity = Periodicity::kMonth;
    else if (v != "quarter")
      f.Fail(e->value, P + ".period", "must be 'quarter' or 'month' (got '" + v + "')");
  }
  spec.periods = ReadInt(f, RequireKey(f, node, es, P, "periods").value, P + ".periods", 1, 600);
  if (spec.periodicity == Periodicity::kQuarter && (spec.start_month - spec.fiscal_year_start_month + 12) % 3 != 0)
    f.Fail(start.value, P + ".start",
           "with quarterly periods, start must be the first month of a fiscal quarter (fiscal "
           "year starts in month " +
               std::to_string(spec.fiscal_year_start_month) + ")");
  Calendar cal(spec);
  *num_actual = 0;
  if (auto* e = FindKey(es, "actuals_through")) {
    const std::string v = ReadScalar(f, e->value, P + ".actuals_through");
    int idx = -1;
    for (const Period& p : cal.periods())
      if (p.label == v) idx = p.index;
    if (idx < 0) {
      std::vector<std::string> labels;
      for (const Period& p : cal.periods()) labels.push_back(p.label);
      f.Fail(e->value, P + ".actuals_through",
             "unknown period '" + v + "'" + Suggest(v, labels) + " (periods: " + JoinList(labels) + ")");
    }
    *num_actual = idx + 1;
  }
  cal.set_num_actual(*num_actual);
  return cal;
}

int RequirePeriod(const YamlDoc& f, const Calendar& cal, const YAML::Node& node, const std::string& label,
                  const std::string& path) {
  for (const Period& p : cal.periods())
    if (p.label == label) return p.index;
  std::vector<std::string> labels;
  for (const Period& p : cal.periods()) labels.push_back(p.label);
  f.Fail(node, path,
         "unknown period '" + label + "'" + Suggest(label, labels) + " (periods: " + JoinList(labels) + ")");
}

int RequireColumn(const YamlDoc& f, const Calendar& cal, const YAML::Node& node, const std::string& label,
                  const std::string& path) {
  const int c = cal.FindColumn(label);
  if (c >= 0) return c;
  auto labels = cal.ColumnLabels();
  f.Fail(node, path,
         "unknown period or span '" + label + "'" + Suggest(label, labels) + " (known: " + JoinList(labels) + ")");
}

std::string ChoiceError(const std::string& v, const std::vector<std::string>& allowed) {
  return "must be one of " + JoinList(allowed) + " (got '" + v + "')" + Suggest(v, allowed);
}

// On a date driver (`is_date`) the location parameters (mean, low, mode, high, values,
// observations) are dates YYYY-MM-DD, kept as day numbers; sd stays a number of days.
Distribution ParseDistribution(const YamlDoc& f, const YAML::Node& node, const std::string& P, bool is_date) {
  auto es = ReadMap(f, node, P, {"type", "mean", "sd", "low", "high", "mode", "values", "weights", "observations"});
  Distribution d;
  const Entry& te = RequireKey(f, node, es, P, "type");
  const std::string t = ReadScalar(f, te.value, P + ".type");
  auto type = DistributionTypeFromString(t);
  if (!type || *type == DistributionType::kNone)
    f.Fail(te.value, P + ".type",
           ChoiceError(t, {"normal", "truncated_normal", "lognormal", "uniform", "triangular", "pert", "discrete",
                           "empirical"}));
  d.type = *type;
  if (is_date && d.type == DistributionType::kLognormal)
    f.Fail(
        te.value, P + ".type",
        "a lognormal is not a distribution of dates (the driver's unit is 'date'; give the uncertainty to a number of "
        "days, or use normal, triangular, pert, uniform, ...)");
  std::vector<const char*> need, allowed;
  switch (d.type) {
    case DistributionType::kNormal: need = {"mean", "sd"}; break;
    case DistributionType::kTruncatedNormal: need = {"mean", "sd", "low", "high"}; break;
    case DistributionType::kLognormal: need = {"mean", "sd"}; break;
    case DistributionType::kUniform: need = {"low", "high"}; break;
    case DistributionType::kTriangular:
    case DistributionType::kPert: need = {"low", "mode", "high"}; break;
    case DistributionType::kDiscrete: need = {"values", "weights"}; break;
    case DistributionType::kEmpirical: need = {"observations"}; break;
    case DistributionType::kNone: break;
  }
  for (const Entry& e : es) {
    if (e.key == "type") continue;
    if (std::find_if(need.begin(), need.end(), [&](const char* k) { return e.key == k; }) == need.end())
      f.Fail(e.key_node, Join(P, e.key),
             "not a parameter of a " + t + " distribution (it takes " +
                 JoinList(std::vector<std::string>(need.begin(), need.end())) + ")");
  }
  std::map<std::string, YAML::Node> at;  // each parameter's value, for errors that point at it
  auto read_param = [&](const YAML::Node& n, const std::string& kp, bool dated) {
    if (!dated) return ReadNumber(f, n, kp);
    const std::string text = ReadScalar(f, n, kp);
    auto day = ParseDate(text);
    if (!day)
      f.Fail(
          n, kp,
          "must be a date YYYY-MM-DD (the driver's unit is 'date'; only sd is a number, of days; got '" + text + "')");
    return static_cast<double>(*day);
  };
  for (const char* k : need) {
    const Entry& e = RequireKey(f, node, es, P, k);
    const std::string kp = Join(P, k);
    at[k] = e.value;
    if (std::string(k) == "values" || std::string(k) == "weights" || std::string(k) == "observations") {
      std::vector<double> xs;
      for (const auto& n : ReadSeq(f, e.value, kp))
        xs.push_back(read_param(n, kp, is_date && std::string(k) != "weights"));
      if (xs.empty()) f.Fail(e.value, kp, "must not be empty");
      if (std::string(k) == "weights") {
        for (double w : xs)
          if (w < 0) f.Fail(e.value, kp, "weights must be >= 0");
        d.weights = xs;
      } else {
        d.values = xs;
      }
      continue;
    }
    const double v = read_param(e.value, kp, is_date && std::string(k) != "sd");
    if (std::string(k) == "mean")
      d.mean = v;
    else if (std::string(k) == "sd")
      d.sd = v;
    else if (std::string(k) == "low")
      d.low = v;
    else if (std::string(k) == "high")
      d.high = v;
    else if (std::string(k) == "mode")
      d.mode = v;
  }
  // A location (not sd) as written: a date on a date driver.
  auto at_text = [&](double v) { return is_date ? FormatDate(static_cast<int>(v)) : FormatNumber(v); };
  // Errors point at the parameter that breaks the rule (the later one of a pair).
  auto fail = [&](const char* key, const std::string& msg) { f.Fail(at.at(key), Join(P, key), msg); };
  switch (d.type) {
    case DistributionType::kNormal:
      if (!(d.sd > 0)) fail("sd", "must be > 0 (got " + FormatNumber(d.sd) + ")");
      break;
    case DistributionType::kTruncatedNormal:
      if (!(d.sd > 0)) fail("sd", "must be > 0 (got " + FormatNumber(d.sd) + ")");
      if (!(d.low < d.high)) fail("high", "must be > low (" + at_text(d.low) + "; got " + at_text(d.high) + ")");
      break;
    case DistributionType::kLognormal:
      if (!(d.mean > 0)) fail("mean", "a lognormal needs mean > 0 (got " + at_text(d.mean) + ")");
      if (!(d.sd > 0)) fail("sd", "must be > 0 (got " + FormatNumber(d.sd) + ")");
      break;
    case DistributionType::kUniform:
      if (!(d.low < d.high)) fail("high", "must be > low (" + at_text(d.low) + "; got " + at_text(d.high) + ")");
      break;
    case DistributionType::kTriangular:
    case DistributionType::kPert:
      if (!(d.low < d.high)) fail("high", "must be > low (" + at_text(d.low) + "; got " + at_text(d.high) + ")");
      if (d.mode < d.low || d.mode > d.high)
        fail("mode", "must lie between low and high [" + at_text(d.low) + ", " + at_text(d.high) + "] (got " +
                         at_text(d.mode) + ")");
      break;
    case DistributionType::kDiscrete: {
      if (d.values.size() != d.weights.size())
        fail("weights", "values and weights must have the same length (" + std::to_string(d.values.size()) + " and " +
                            std::to_string(d.weights.size()) + ")");
      double s = 0;
      for (double w : d.weights) s += w;
      if (!(s > 0)) fail("weights", "must not all be zero");
      break;
    }
    case DistributionType::kEmpirical:
    case DistributionType::kNone: break;
  }
  return d;
}

// The support of a distribution, for the bounds check: [lo, hi] (infinite where unbounded).
std::pair<double, double> Support(const Distribution& d) {
  const double inf = INFINITY;
  switch (d.type) {
    case DistributionType::kNormal: return {-inf, inf};
    case DistributionType::kLognormal: return {0, inf};
    case DistributionType::kTruncatedNormal:
    case DistributionType::kUniform:
    case DistributionType::kTriangular:
    case DistributionType::kPert: return {d.low, d.high};
    case DistributionType::kDiscrete:
    case DistributionType::kEmpirical:
      return {*std::min_element(d.values.begin(), d.values.end()), *std::max_element(d.values.begin(), d.values.end())};
    case DistributionType::kNone: break;
  }
  return {0, 0};
}

// Reported values: a number, or {value, tolerance} / {value, unit} (its precision).
std::vector<std::pair<int, RawValue>> ParseReported(const YamlDoc& f, const YAML::Node& node, const Calendar& cal,
                                                    const std::string& P) {
  std::vector<std::pair<int, RawValue>> out;
  for (const Entry& e : ReadMap(f, node, P)) {
    const std::string kp = P + "." + e.key;
    const int c = RequireColumn(f, cal, e.key_node, e.key, kp);
    if (!e.value.IsMap()) {
      out.push_back({c, RawValue::At(ReadNumber(f, e.value, kp), f.Location(e.value), kp)});
      continue;
    }
    auto vs = ReadMap(f, e.value, kp, {"value", "tolerance", "unit"});
    const Entry& ve = RequireKey(f, e.value, vs, kp, "value");
    RawValue rv = RawValue::At(ReadNumber(f, ve.value, kp + ".value"), f.Location(ve.value), kp + ".value");
    const Entry* te = FindKey(vs, "tolerance");
    const Entry* ue = FindKey(vs, "unit");
    if (te && ue)
      f.Fail(ue->key_node, kp + ".unit", "give a tolerance or the unit the value was published in, not both");
    if (!te && !ue) f.Fail(e.value, kp, "needs a tolerance or a unit besides its value (or write the number alone)");
    if (te) {
      rv.tolerance = ReadNumber(f, te->value, kp + ".tolerance");
      if (!(rv.tolerance >= 0))
        f.Fail(te->value, kp + ".tolerance", "must be >= 0 (got " + FormatNumber(rv.tolerance) + ")");
      rv.precision_loc = f.Location(te->value);
      rv.precision_key_path = kp + ".tolerance";
    } else {
      rv.unit = ReadString(f, ue->value, kp + ".unit");
      rv.precision_loc = f.Location(ue->value);
      rv.precision_key_path = kp + ".unit";
    }
    out.push_back({c, rv});
  }
  return out;
}

Driver ParseDriver(const YamlDoc& f, const Entry& entry, const Calendar& cal, const std::string& P,
                   const ItemPick* pick = nullptr) {
  auto es = ReadMap(
      f, entry.value, P,
      {"value", "unit", "description", "source", "bounds", "by_period", "distribution", "shocks", "fixed", "over"});
  if (pick) es = pick->Pick(f, es, cal);
  Driver d;
  d.name = entry.key;
  d.location = f.Location(entry.key_node);
  if (auto* e = FindKey(es, "unit")) d.unit = ReadString(f, e->value, P + ".unit");
  if (auto* e = FindKey(es, "description")) d.description = ReadString(f, e->value, P + ".description");
  if (auto* e = FindKey(es, "source")) d.source = ReadString(f, e->value, P + ".source");
  d.is_date = d.unit == "date";
  auto read_value = [&](const YAML::Node& n, const std::string& kp) {
    const std::string text = ReadScalar(f, n, kp);
    double v;
    if (!ParseDriverValue(text, d.is_date, &v))
      f.Fail(n, kp,
             d.is_date ? "must be a date YYYY-MM-DD (unit is 'date'; got '" + text + "')"
                       : "must be a number (got '" + text + "')");
    return v;
  };
  const Entry& ve = RequireKey(f, entry.value, es, P, "value");
  d.value = read_value(ve.value, P + ".value");
  if (auto* e = FindKey(es, "bounds")) {
    auto items = ReadSeq(f, e->value, P + ".bounds");
    if (items.size() != 2) f.Fail(e->value, P + ".bounds", "must be a list [low, high]");
    const double lo = read_value(items[0], P + ".bounds"), hi = read_value(items[1], P + ".bounds");
    if (!(lo <= hi)) f.Fail(e->value, P + ".bounds", "low must be <= high");
    d.bounds = std::make_pair(lo, hi);
  }
  auto check_bounds = [&](const YAML::Node& n, const std::string& kp, double v) {
    if (d.bounds && (v < d.bounds->first || v > d.bounds->second))
      f.Fail(n, kp,
             "value " + FormatNumber(v) + " is out of bounds [" + FormatNumber(d.bounds->first) + ", " +
                 FormatNumber(d.bounds->second) + "]");
  };
  check_bounds(ve.value, P + ".value", d.value);
  if (auto* e = FindKey(es, "by_period")) {
    for (const Entry& pe : ReadMap(f, e->value, P + ".by_period")) {
      const std::string kp = P + ".by_period." + pe.key;
      const int t = RequirePeriod(f, cal, pe.key_node, pe.key, kp);
      const double v = read_value(pe.value, kp);
      check_bounds(pe.value, kp, v);
      d.by_period[t] = v;
    }
  }
  if (auto* e = FindKey(es, "fixed")) {
    d.fixed = ReadBool(f, e->value, P + ".fixed");
    if (d.fixed)
      for (const char* k : {"distribution", "shocks"})
        if (auto* u = FindKey(es, k))
          f.Fail(u->key_node, P + "." + k,
                 "a fixed driver (a fact, not an assumption) has no " + std::string(k) + "; drop one of the two");
  }
  if (auto* e = FindKey(es, "shocks")) {
    const std::string S = P + ".shocks";
    if (d.is_date)
      f.Fail(e->key_node, S,
             "a date driver has no per-period shocks: a date is one day, not a value per period (its distribution says "
             "how uncertain it is)");
    auto ss = ReadMap(f, e->value, S, {"sd", "ar1"});
    const Entry& sd = RequireKey(f, e->value, ss, S, "sd");
    d.shocks.sd = ReadNumber(f, sd.value, S + ".sd");
    if (!(d.shocks.sd > 0)) f.Fail(sd.value, S + ".sd", "must be > 0");
    if (auto* a = FindKey(ss, "ar1")) {
      d.shocks.ar1 = ReadNumber(f, a->value, S + ".ar1");
      if (!(d.shocks.ar1 > -1 && d.shocks.ar1 < 1))
        f.Fail(a->value, S + ".ar1", "must be in (-1, 1) (got " + FormatNumber(d.shocks.ar1) + ")");
    }
    if (!FindKey(es, "distribution")) f.Fail(e->key_node, S, "shocks need a distribution for the driver's value");
  }
  if (auto* e = FindKey(es, "distribution")) {
    d.distribution = ParseDistribution(f, e->value, P + ".distribution", d.is_date);
    auto text = [&](double v) { return d.is_date ? FormatDate(static_cast<int>(v)) : FormatNumber(v); };
    if (d.bounds) {
      auto [lo, hi] = Support(d.distribution);
      if (lo < d.bounds->first || hi > d.bounds->second) {
        // Unbounded distributions must at least centre inside the bounds.
        const bool unbounded =
            d.distribution.type == DistributionType::kNormal || d.distribution.type == DistributionType::kLognormal;
        const double m = d.distribution.mean;
        const std::string bounds = "bounds [" + text(d.bounds->first) + ", " + text(d.bounds->second) + "]";
        if (unbounded && (m < d.bounds->first || m > d.bounds->second))
          f.Fail(e->value, P + ".distribution",
                 "mean " + text(m) + " lies outside " + bounds + " (a " + ToString(d.distribution.type) +
                     " distribution is unbounded; its mean must lie within the bounds)");
        if (!unbounded)
          f.Fail(e->value, P + ".distribution", "support [" + text(lo) + ", " + text(hi) + "] lies outside " + bounds);
      }
    }
  }
  return d;
}

std::vector<std::pair<int, RawValue>> ParseValues(const YamlDoc& f, const YAML::Node& node, const Calendar& cal,
                                                  const std::string& P) {
  std::vector<std::pair<int, RawValue>> out;
  for (const Entry& e : ReadMap(f, node, P)) {
    const std::string kp = P + "." + e.key;
    const int c = RequireColumn(f, cal, e.key_node, e.key, kp);
    out.push_back({c, RawValue::At(ReadNumber(f, e.value, kp), f.Location(e.value), kp)});
  }
  return out;
}

// A line's values before the horizon: `history: {4Q22: v, 3Q22: w, ...}`, keyed by the
// periods before the first one in the calendar's spelling and running back from the one just
// before it without a gap, or `opening: v` for that one period alone.
void ParseHistory(const YamlDoc& f, const std::vector<Entry>& es, const Calendar& cal, const std::string& P,
                  Line* line) {
  constexpr int kMaxBack = 600;  // as far as lag() reaches
  const Entry* h = FindKey(es, "history");
  const Entry* o = FindKey(es, "opening");
  const std::string before = cal.LabelBefore(1);
  if (h && o)
    f.Fail(o->key_node, P + ".opening",
           "give history or opening, not both (opening: X is history: {" + before + ": X})");
  if (o) {
    line->history = {ReadNumber(f, o->value, P + ".opening")};
    return;
  }
  if (!h) return;
  const std::string hp = P + ".history";
  if (!h->value.IsMap())
    f.Fail(h->value, hp, "must be a mapping of periods before the horizon to values, e.g. {" + before + ": 100}");
  const auto entries = ReadMap(f, h->value, hp);
  if (entries.empty()) f.Fail(h->value, hp, "is empty; give at least the period before the horizon (" + before + ")");
  std::map<int, double> by_back;
  for (const Entry& e : entries) {
    const std::string kp = hp + "." + e.key;
    const int k = cal.FindColumn(e.key) >= 0 ? 0 : cal.FindBefore(e.key, kMaxBack);
    if (k == 0) {
      const int c = cal.FindColumn(e.key);
      const auto& ps = cal.periods();
      const std::string horizon = ps.front().label + (ps.size() > 1 ? ".." + ps.back().label : "");
      if (c >= 0 && c < cal.num_periods())
        f.Fail(e.key_node, kp,
               e.key + " is inside the horizon (" + horizon + "); history is for the periods before " +
                   ps.front().label + " (its values in the horizon are actuals or its formula's)");
      std::vector<std::string> labels;
      for (int b = 1; b <= 12; ++b) labels.push_back(cal.LabelBefore(b));
      f.Fail(e.key_node, kp,
             "unknown period '" + e.key + "'" + Suggest(e.key, labels) +
                 " (history is keyed by single periods before the horizon, in the calendar's spelling: " + labels[0] +
                 ", " + labels[1] + ", " + labels[2] + ", ...)");
    }
    by_back[k] = ReadNumber(f, e.value, kp);
  }
  int expect = 1;
  for (const auto& [k, v] : by_back) {
    if (k != expect)
      f.Fail(h->key_node, hp,
             "has a gap: " + cal.LabelBefore(expect) + " is missing (history runs back from " + before +
                 ", the period before the horizon, with no period left out; it reaches " + cal.LabelBefore(k) + ")");
    line->history.push_back(v);
    ++expect;
  }
}

RawLine ParseLine(const YamlDoc& f, const Entry& entry, const Calendar& cal, const std::string& P,
                  const ItemPick* pick = nullptr) {
  auto es = ReadMap(
      f, entry.value, P,
      {"kind", "description", "unit", "formula", "actuals", "reported", "rollup", "over", "history", "opening"});
  if (pick) es = pick->Pick(f, es, cal);
  RawLine r;
  r.key_path = P;
  r.line.name = entry.key;
  r.line.location = f.Location(entry.key_node);
  r.actuals_loc = r.line.location;
  r.rollup_loc = r.line.location;
  if (auto* e = FindKey(es, "kind")) {
    const std::string v = ReadScalar(f, e->value, P + ".kind");
    auto k = LineKindFromString(v);
    if (!k)
      f.Fail(e->value, P + ".kind", ChoiceError(v, {"revenue", "cost", "expense", "other", "subtotal", "kpi", "memo"}));
    r.line.kind = *k;
  }
  if (auto* e = FindKey(es, "description")) r.line.description = ReadString(f, e->value, P + ".description");
  if (auto* e = FindKey(es, "unit")) r.line.unit = ReadString(f, e->value, P + ".unit");
  if (auto* e = FindKey(es, "rollup")) {
    const std::string v = ReadScalar(f, e->value, P + ".rollup");
    auto k = RollupFromString(v);
    if (!k) f.Fail(e->value, P + ".rollup", ChoiceError(v, {"sum", "last", "average", "formula"}));
    r.line.rollup = *k;
    r.rollup_loc = f.Location(e->value);
  }
  if (auto* e = FindKey(es, "formula")) {
    r.formula_src = MakeSource(f, e->value, P + ".formula");
    r.formula = ParseFormula(r.formula_src);
    r.line.formula = r.formula_src.text;
  }
  if (auto* e = FindKey(es, "actuals")) {
    r.actuals = ParseValues(f, e->value, cal, P + ".actuals");
    r.actuals_loc = f.Location(e->key_node);
  }
  if (auto* e = FindKey(es, "reported")) r.reported = ParseReported(f, e->value, cal, P + ".reported");
  ParseHistory(f, es, cal, P, &r.line);
  if (r.line.rollup == Rollup::kFormula && !r.formula)
    f.Fail(r.rollup_loc, P + ".rollup", "'formula' needs a formula to recompute in spans");
  if (!r.formula && r.actuals.empty())
    f.Fail(f.Location(entry.key_node), P, "a line needs a formula, actuals, or both");
  return r;
}

// An entity as declared: `parse(key path, pick, name)` once, or once per item of its `over:`
// dimension (name[item], key path drivers.name[item]).
template <typename F>
void ExpandOver(const YamlDoc& f, const Entry& e, const std::string& section, Dimensions* dims, F parse) {
  const std::string P = section + "." + e.key;
  const RawDimension* dim = ReadOver(f, e, *dims, P);
  if (!dim) {
    parse(P, nullptr, e.key);
    return;
  }
  dims->over[e.key] = dim->name;
  for (const std::string& item : dim->items) {
    ItemPick pick{dim, item, P};
    parse(section + "." + ItemName(e.key, item), &pick, ItemName(e.key, item));
  }
}

void ParseSets(const YamlDoc& f, const YAML::Node& node, const std::string& P, RawScenario* s) {
  for (const Entry& e : ReadMap(f, node, P)) {
    const std::string kp = P + "." + e.key;
    if (e.value.IsMap()) {
      for (const Entry& pe : ReadMap(f, e.value, kp))
        s->sets.push_back({e.key, pe.key, ReadScalar(f, pe.value, kp + "." + pe.key), f.Location(pe.value),
                           f.Location(pe.key_node), kp + "." + pe.key});
    } else {
      s->sets.push_back({e.key, "", ReadScalar(f, e.value, kp), f.Location(e.value), f.Location(e.key_node), kp});
    }
  }
}

void ParseScenarioBody(const YamlDoc& f, const std::vector<Entry>& es, const std::string& P, RawScenario* s) {
  s->file = f.file();
  s->key_path = P;
  if (auto* e = FindKey(es, "description")) s->description = ReadString(f, e->value, Join(P, "description"));
  if (auto* e = FindKey(es, "set")) ParseSets(f, e->value, Join(P, "set"), s);
  if (auto* e = FindKey(es, "formulas")) {
    for (const Entry& le : ReadMap(f, e->value, Join(P, "formulas"))) {
      RawFormula rf;
      rf.line = le.key;
      rf.line_loc = f.Location(le.key_node);
      rf.src = MakeSource(f, le.value, Join(P, "formulas." + le.key));
      rf.expr = ParseFormula(rf.src);
      s->formulas.push_back(std::move(rf));
    }
  }
}

}  // namespace

bool ParseDriverValue(const std::string& text, bool is_date, double* out) {
  if (is_date) {
    auto d = ParseDate(text);
    if (!d) return false;
    *out = *d;
    return true;
  }
  return ParseNumberText(text, out);
}

std::shared_ptr<const RawModel> ParseModelFile(const YamlDoc& f) {
  auto m = std::make_shared<RawModel>();
  m->file = f.file();
  const YAML::Node& root = f.root();
  if (root.IsNull() && root.Mark().is_null())
    f.Fail(root, "", "the file is empty (a model file is a mapping with calendar, drivers, lines, ...)");
  if (!root.IsMap()) f.Fail(root, "", "a model file must be a mapping with calendar, drivers, lines, ...");
  auto es = ReadMap(
      f, root, "",
      {"model", "calendar", "dimensions", "drivers", "lines", "components", "targets", "scenarios", "correlations"});
  if (auto* e = FindKey(es, "model")) {
    for (const Entry& me : ReadMap(f, e->value, "model",
                                   {"name", "description", "currency", "unit", "source", "as_of", "actuals_source"})) {
      const std::string v = ReadString(f, me.value, "model." + me.key);
      if (me.key == "name")
        m->name = v;
      else if (me.key == "description")
        m->description = v;
      else if (me.key == "currency")
        m->currency = v;
      else if (me.key == "unit")
        m->unit = v;
      else if (me.key == "as_of")
        m->as_of = v;
      else if (me.key == "actuals_source")
        m->actuals_source = v;
      else
        m->source = v;
    }
  }
  int num_actual = 0;
  m->calendar = ParseCalendar(f, RequireKey(f, root, es, "", "calendar").value, &num_actual);
  if (auto* e = FindKey(es, "dimensions")) m->dims.list = ParseDimensions(f, e->value, m->calendar);
  if (auto* e = FindKey(es, "drivers")) {
    if (!e->value.IsNull()) {
      for (const Entry& de : ReadMap(f, e->value, "drivers")) {
        CheckName(f, de, "drivers");
        ExpandOver(f, de, "drivers", &m->dims,
                   [&](const std::string& P, const ItemPick* pick, const std::string& name) {
                     m->drivers.push_back(ParseDriver(f, de, m->calendar, P, pick));
                     m->drivers.back().name = name;
                   });
      }
    }
  }
  for (const Entry& le : ReadMap(f, RequireKey(f, root, es, "", "lines").value, "lines")) {
    CheckName(f, le, "lines");
    ExpandOver(f, le, "lines", &m->dims, [&](const std::string& P, const ItemPick* pick, const std::string& name) {
      m->lines.push_back(ParseLine(f, le, m->calendar, P, pick));
      m->lines.back().line.name = name;
    });
  }
  for (RawLine& l : m->lines)
    if (l.formula) l.formula = ExpandFormula(l.formula, l.line.name, m->dims, l.formula_src);
  if (m->lines.empty()) f.Fail(RequireKey(f, root, es, "", "lines").value, "lines", "must define at least one line");
  if (auto* e = FindKey(es, "components")) {
    for (const Entry& ce : ReadMap(f, e->value, "components")) {
      CheckName(f, ce, "components");
      Component c;
      c.name = ce.key;
      if (!ce.value.IsNull())
        for (const Entry& ke : ReadMap(f, ce.value, "components." + ce.key, {"description"}))
          c.description = ReadString(f, ke.value, "components." + ce.key + ".description");
      m->components.push_back(c);
    }
  }
  if (auto* e = FindKey(es, "targets")) {
    for (const Entry& te : ReadMap(f, e->value, "targets")) {
      const std::string P = "targets." + te.key;
      auto ts = ReadMap(f, te.value, P, {"line", "span", "value", "between", "direction", "description", "source"});
      RawTarget t;
      t.key_path = P;
      t.target.name = te.key;
      const Entry& le = RequireKey(f, te.value, ts, P, "line");
      t.line_name = ReadScalar(f, le.value, P + ".line");
      t.line_loc = f.Location(le.value);
      const Entry& se = RequireKey(f, te.value, ts, P, "span");
      t.target.column = RequireColumn(f, m->calendar, se.value, ReadScalar(f, se.value, P + ".span"), P + ".span");
      if (auto* be = FindKey(ts, "between")) {
        // A guidance range: both edges meet; `value` and `direction` would say it twice.
        if (auto* ve = FindKey(ts, "value"))
          f.Fail(ve->key_node, P + ".value", "a target has either value or between: [low, high], not both");
        if (auto* de = FindKey(ts, "direction"))
          f.Fail(de->key_node, P + ".direction",
                 "a range target (between) meets from low to high; it takes no direction");
        auto items = ReadSeq(f, be->value, P + ".between");
        if (items.size() != 2) f.Fail(be->value, P + ".between", "must be a list [low, high]");
        t.target.value = ReadNumber(f, items[0], P + ".between");
        t.target.high = ReadNumber(f, items[1], P + ".between");
        if (!(t.target.value < t.target.high))
          f.Fail(be->value, P + ".between",
                 "low must be below high (got [" + FormatNumber(t.target.value) + ", " + FormatNumber(t.target.high) +
                     "])");
        t.target.direction = Direction::kBetween;
      } else {
        t.target.value = ReadNumber(f, RequireKey(f, te.value, ts, P, "value").value, P + ".value");
      }
      if (auto* de = FindKey(ts, "direction")) {
        const std::string v = ReadScalar(f, de->value, P + ".direction");
        auto d = DirectionFromString(v);
        if (!d) f.Fail(de->value, P + ".direction", ChoiceError(v, {"at_least", "at_most"}));
        if (*d == Direction::kBetween)
          f.Fail(de->value, P + ".direction",
                 "a range is written between: [low, high] in place of value and direction");
        t.target.direction = *d;
      }
      if (auto* de = FindKey(ts, "description")) t.target.description = ReadString(f, de->value, P + ".description");
      if (auto* de = FindKey(ts, "source")) t.target.source = ReadString(f, de->value, P + ".source");
      m->targets.push_back(std::move(t));
    }
  }
  if (auto* e = FindKey(es, "correlations")) {
    const auto items = ReadSeq(f, e->value, "correlations");
    for (size_t i = 0; i < items.size(); ++i) {
      const std::string P = "correlations[" + std::to_string(i) + "]";
      auto cs = ReadMap(f, items[i], P, {"drivers", "matrix", "nearest"});
      RawCorrelation c;
      c.key_path = P;
      c.loc = f.Location(items[i]);
      const Entry& de = RequireKey(f, items[i], cs, P, "drivers");
      for (const auto& n : ReadSeq(f, de.value, P + ".drivers")) {
        for (const std::string& name : ExpandItems(m->dims, ReadScalar(f, n, P + ".drivers"))) {
          c.drivers.push_back(name);
          c.driver_locs.push_back(f.Location(n));
        }
      }
      if (c.drivers.size() < 2) f.Fail(de.value, P + ".drivers", "needs at least two drivers");
      const Entry& me = RequireKey(f, items[i], cs, P, "matrix");
      const auto rows = ReadSeq(f, me.value, P + ".matrix");
      const size_t k = c.drivers.size();
      if (rows.size() != k)
        f.Fail(me.value, P + ".matrix",
               "must have " + std::to_string(k) + " rows, one per driver (got " + std::to_string(rows.size()) + ")");
      for (size_t r = 0; r < k; ++r) {
        const std::string R = P + ".matrix[" + std::to_string(r) + "]";
        const auto cells = ReadSeq(f, rows[r], R);
        if (cells.size() != k)
          f.Fail(rows[r], R, "must have " + std::to_string(k) + " entries (got " + std::to_string(cells.size()) + ")");
        for (size_t col = 0; col < k; ++col) {
          const double v = ReadNumber(f, cells[col], R);
          if (v < -1 || v > 1) f.Fail(cells[col], R, "correlations lie in [-1, 1] (got " + FormatNumber(v) + ")");
          if (r == col && v != 1) f.Fail(cells[col], R, "the diagonal must be 1 (got " + FormatNumber(v) + ")");
          c.matrix.push_back(v);
        }
      }
      for (size_t r = 0; r < k; ++r)
        for (size_t col = 0; col < r; ++col)
          if (c.matrix[r * k + col] != c.matrix[col * k + r])
            f.Fail(me.value, P + ".matrix",
                   "must be symmetric: entry (" + std::to_string(r + 1) + ", " + std::to_string(col + 1) + ") is " +
                       FormatNumber(c.matrix[r * k + col]) + " but (" + std::to_string(col + 1) + ", " +
                       std::to_string(r + 1) + ") is " + FormatNumber(c.matrix[col * k + r]));
      if (auto* ne = FindKey(cs, "nearest")) c.nearest = ReadBool(f, ne->value, P + ".nearest");
      m->correlations.push_back(std::move(c));
    }
  }
  if (auto* e = FindKey(es, "scenarios")) {
    for (const Entry& se : ReadMap(f, e->value, "scenarios")) {
      const std::string P = "scenarios." + se.key;
      if (se.key == "base") f.Fail(se.key_node, P, "'base' is the model itself and cannot be redefined");
      auto ss = ReadMap(f, se.value, P, {"description", "extends", "set", "formulas"});
      RawScenario s;
      s.name = se.key;
      s.loc = f.Location(se.key_node);
      if (auto* xe = FindKey(ss, "extends")) {
        s.extends = ReadScalar(f, xe->value, P + ".extends");
        s.extends_loc = f.Location(xe->value);
      }
      ParseScenarioBody(f, ss, P, &s);
      m->scenarios.push_back(std::move(s));
    }
    // Every extends names a scenario of this file, without cycles.
    for (const RawScenario& s : m->scenarios) {
      std::vector<std::string> chain{s.name};
      const RawScenario* cur = &s;
      while (!cur->extends.empty() && cur->extends != "base") {
        const RawScenario* next = nullptr;
        for (const RawScenario& o : m->scenarios)
          if (o.name == cur->extends) next = &o;
        if (!next) {
          std::vector<std::string> names{"base"};
          for (const RawScenario& o : m->scenarios) names.push_back(o.name);
          f.Fail(cur->extends_loc, "scenarios." + cur->name + ".extends",
                 "unknown scenario '" + cur->extends + "'" + Suggest(cur->extends, names));
        }
        if (std::find(chain.begin(), chain.end(), next->name) != chain.end()) {
          chain.push_back(next->name);
          std::string c;
          for (size_t i = 0; i < chain.size(); ++i) c += (i ? " -> " : "") + chain[i];
          f.Fail(cur->extends_loc, "scenarios." + cur->name + ".extends",
                 "scenarios extend each other in a cycle: " + c);
        }
        chain.push_back(next->name);
        cur = next;
      }
    }
  }
  return m;
}

std::shared_ptr<const RawScenario> ParseScenarioFile(const YamlDoc& f, std::string* extends,
                                                     SourceLocation* extends_loc) {
  const YAML::Node& root = f.root();
  auto es = ReadMap(f, root, "", {"scenario", "description", "extends", "set", "formulas"});
  auto s = std::make_shared<RawScenario>();
  const Entry& ne = RequireKey(f, root, es, "", "scenario");
  s->name = ReadScalar(f, ne.value, "scenario");
  s->loc = f.Location(ne.value);
  if (s->name.empty() || s->name == "base") f.Fail(ne.value, "scenario", "needs a name other than 'base'");
  const Entry& xe = RequireKey(f, root, es, "", "extends");
  *extends = ReadScalar(f, xe.value, "extends");
  *extends_loc = f.Location(xe.value);
  ParseScenarioBody(f, es, "", s.get());
  return s;
}

}  // namespace outturn::internal
