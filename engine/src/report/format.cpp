// SPDX-License-Identifier: MIT
// The output helpers of every report (format.h) and what every report shares (output.h).
#include "report/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "base/enum_table.h"
#include "outturn/base/calendar.h"

namespace outturn {
namespace {

const internal::EnumEntry<Format> kFormat[] = {
    {Format::kTable, "table"}, {Format::kCsv, "csv"}, {Format::kJson, "json"}};

std::string Pad(const std::string& s, size_t w, bool right) {
  if (s.size() >= w) return s;
  return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

}  // namespace

std::string ToString(Format f) { return internal::EnumName(kFormat, f); }
std::optional<Format> FormatFromString(const std::string& s) { return internal::EnumParse(kFormat, s); }

std::string FormatAmount(double v) { return internal::Amount(v); }

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> w;
  for (const auto& r : rows_)
    for (size_t i = 0; i < r.size(); ++i) {
      if (w.size() <= i) w.push_back(0);
      w[i] = std::max(w[i], r[i].size());
    }
  std::ostringstream os;
  for (const auto& r : rows_) {
    std::string line = indent;
    for (size_t i = 0; i < r.size(); ++i) line += (i ? "  " : "") + Pad(r[i], w[i], i > 0);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    os << line << '\n';
  }
  return os.str();
}

namespace internal {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string CsvNumber(double v) { return std::isnan(v) ? "" : ShortestRoundTrip(v); }

std::string Sig(double v, int digits) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string Fixed(double v, int decimals, bool sign) {
  char buf[352];  // the widest double in %f: 309 digits, and the decimals
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, v);
  return buf;
}

std::string Percent(double fraction, int decimals, NonFinite non_finite) {
  if (non_finite == NonFinite::kDash && !std::isfinite(fraction)) return "-";
  return Fixed(100 * fraction, decimals, true) + "%";
}

nlohmann::json JsonNumber(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

std::string TargetChangesText(const MultiGoalSeekResult& r) {
  if (r.targets.empty()) return "";
  auto status = [](bool met) { return met ? std::string("met") : std::string("missed"); };
  TextTable t;
  t.Row({"target", "span", "target", "before", "after", "status"});
  std::vector<std::string> broken;
  for (const TargetChange& c : r.targets) {
    std::string s = status(c.met_before) + " -> " + status(c.met_after);
    if (c.broken()) {
      s += ": BROKEN";
      broken.push_back(c.name);
    }
    if (c.goal) s += std::find(r.kept.begin(), r.kept.end(), c.name) != r.kept.end() ? " (kept met)" : " (goal)";
    const std::string target = c.direction == Direction::kBetween
                                   ? FormatAmount(c.target) + " to " + FormatAmount(c.high)
                                   : (c.direction == Direction::kAtLeast ? ">= " : "<= ") + FormatAmount(c.target);
    t.Row({c.name, c.span, target, FormatAmount(c.before), FormatAmount(c.after), s});
  }
  std::string out = "every target before and after:\n" + t.Render(kTableIndent);
  if (!broken.empty())
    out += "Note: this solution breaks " + JoinList(broken) + ", met before" +
           (r.kept.empty() ? "; --keep-met keeps every met target met" : "") + "\n";
  return out;
}

nlohmann::json TargetChangesJson(const MultiGoalSeekResult& r) {
  nlohmann::json a = nlohmann::json::array();
  for (const TargetChange& c : r.targets) {
    nlohmann::json j = {{"target", c.name},
                        {"span", c.span},
                        {"target_value", c.target},
                        {"direction", ToString(c.direction)},
                        {"before", JsonNumber(c.before)},
                        {"after", JsonNumber(c.after)},
                        {"met_before", c.met_before},
                        {"met_after", c.met_after},
                        {"broken", c.broken()},
                        {"goal", c.goal}};
    if (c.direction == Direction::kBetween) j["target_high"] = c.high;
    a.push_back(j);
  }
  return a;
}

nlohmann::json OverridesJson(const Model& m) {
  nlohmann::json a = nlohmann::json::array();
  for (const DriverOverride& o : m.overrides()) a.push_back(OverrideText(m, o));
  return a;
}

std::string Heading(const Model& m, const std::string& what) {
  std::string s = (m.name().empty() ? m.path() : m.name()) + " -- scenario " + ScenarioLabel(m);
  if (!what.empty()) s += ": " + what;
  if (!m.currency().empty() || !m.unit().empty())
    s += " (" + m.currency() + (m.unit().empty() ? "" : " " + m.unit()) + ")";
  return s + "\n";
}

std::string GoalText(const Model& m, const Goal& g) {
  std::string s =
      KpiTitle(m, g.kpi) + (g.direction == Direction::kAtLeast ? " at least " : " at most ") + FormatAmount(g.target);
  if (g.range) {
    const std::string range = FormatAmount(g.range->first) + " to " + FormatAmount(g.range->second);
    if (g.target == g.range->first)
      s += " (the low edge of its range " + range + ")";
    else if (g.target == g.range->second)
      s += " (the high edge of its range " + range + ")";
    else
      s += " (inside its range " + range + ")";
  }
  return s;
}

std::string GoalTargetText(const Goal& g) {
  std::string s = (g.direction == Direction::kAtLeast ? ">= " : "<= ") + FormatAmount(g.target);
  if (g.range) s += " (range " + FormatAmount(g.range->first) + " to " + FormatAmount(g.range->second) + ")";
  return s;
}

nlohmann::json GoalJson(const Goal& g) {
  nlohmann::json j = {{"kpi", g.kpi.name}, {"target", g.target}, {"direction", ToString(g.direction)}};
  if (g.range) j["range"] = {g.range->first, g.range->second};
  return j;
}

std::string GoalRangeCsv(const Goal& g) {
  if (!g.range) return ",,";
  return "," + CsvNumber(g.range->first) + "," + CsvNumber(g.range->second);
}

std::string KpiTitle(const Model& m, const Kpi& k) {
  if (k.target < 0) return k.name;
  return k.name + " (" + m.lines()[k.cell.line].name + ", " + m.calendar().ColumnLabel(k.cell.column) + ")";
}

std::string DriverValueText(const Model& m, const Input& in, double v) {
  const Driver& d = m.drivers()[in.driver];
  if (d.is_date) return FormatDate(static_cast<int>(std::lround(v)));
  if (std::fabs(v) < 1000) return Sig(v, 6);
  return FormatAmount(v);
}

nlohmann::json KpiJson(const Model& m, const Kpi& k, double value) {
  return {{"name", k.name},
          {"line", m.lines()[k.cell.line].name},
          {"column", m.calendar().ColumnLabel(k.cell.column)},
          {"value", JsonNumber(value)}};
}

nlohmann::json InputJson(const Model& m, const Input& in, double value, const InputRange* range) {
  nlohmann::json j = {
      {"name", InputName(m, in)},
      {"driver", m.drivers()[in.driver].name},
      {"period", in.period < 0 ? nlohmann::json(nullptr) : nlohmann::json(m.calendar().periods()[in.period].label)},
      {"value", value}};
  if (range) j["range"] = {{"low", range->low}, {"high", range->high}, {"source", range->source}};
  return j;
}

}  // namespace internal
}  // namespace outturn
