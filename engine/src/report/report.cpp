// SPDX-License-Identifier: MIT
#include "outturn/report/report.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <algorithm>

#include "outturn/base/calendar.h"
#include "base/text_util.h"

namespace outturn {
namespace {

std::string Pad(const std::string& s, size_t w, bool right) {
  if (s.size() >= w) return s;
  return right ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string Percent(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100 * x);
  return buf;
}

std::string ColumnTag(const Calendar& cal, int c) {
  if (c >= cal.num_periods()) return cal.ColumnLabel(c);
  return cal.ColumnLabel(c) + (cal.periods()[c].actual ? " A" : " F");
}

// Lines in file order, component lines after the rest.
std::vector<int> DisplayOrder(const Model& m, bool components) {
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(m.lines().size()); ++i)
    if (m.lines()[i].component.empty() != components) out.push_back(i);
  return out;
}

nlohmann::json VerdictJson(const TargetVerdict& v) {
  nlohmann::json j = {{"target", v.name},       {"line", v.line},         {"span", v.span},
                      {"direction", ToString(v.direction)},
                      {"target_value", v.target}, {"forecast", v.forecast}, {"gap", v.gap},
                      {"gap_pct", v.gap_pct},   {"met", v.met},           {"reported", v.reported}};
  if (v.has_open) {
    j["open"] = {{"periods", v.open_label},           {"reported_to_date", v.reported_to_date},
                 {"forecast", v.open_forecast},       {"required", v.open_required}};
  }
  return j;
}

}  // namespace

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

std::string ToString(Format f) {
  switch (f) {
    case Format::kTable: return "table";
    case Format::kCsv: return "csv";
    case Format::kJson: return "json";
  }
  return "?";
}

std::optional<Format> FormatFromString(const std::string& s) {
  if (s == "table") return Format::kTable;
  if (s == "csv") return Format::kCsv;
  if (s == "json") return Format::kJson;
  return std::nullopt;
}

std::string FormatAmount(double v) {
  if (std::isnan(v)) return "nan";
  if (std::fabs(v) < 100 && v != std::round(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
  std::string digits = buf, out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 && out != "0" ? "-" : "") + out;
}

std::string RenderRun(const Results& r, Format format) {
  const Model& m = r.model();
  const Calendar& cal = m.calendar();
  const int C = cal.num_columns();
  const auto verdicts = Verdicts(r);
  if (format == Format::kJson) {
    nlohmann::json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    j["currency"] = m.currency();
    j["unit"] = m.unit();
    for (int c = 0; c < C; ++c)
      j["columns"].push_back({{"label", cal.ColumnLabel(c)},
                              {"type", c >= cal.num_periods() ? "span" : (cal.periods()[c].actual ? "actual" : "forecast")}});
    for (int i = 0; i < static_cast<int>(m.lines().size()); ++i) {
      const Line& l = m.lines()[i];
      nlohmann::json vals = nlohmann::json::array();
      for (int c = 0; c < C; ++c) vals.push_back(r.at(i, c));
      j["lines"].push_back({{"name", l.name}, {"kind", ToString(l.kind)}, {"component", l.component}, {"values", vals}});
    }
    j["targets"] = nlohmann::json::array();
    for (const auto& v : verdicts) j["targets"].push_back(VerdictJson(v));
    return j.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::ostringstream os;
    os << "line,kind,component";
    for (int c = 0; c < C; ++c) os << ',' << CsvField(cal.ColumnLabel(c));
    os << '\n';
    for (int i = 0; i < static_cast<int>(m.lines().size()); ++i) {
      const Line& l = m.lines()[i];
      os << CsvField(l.name) << ',' << ToString(l.kind) << ',' << CsvField(l.component);
      for (int c = 0; c < C; ++c) os << ',' << internal::FormatNumber(r.at(i, c));
      os << '\n';
    }
    os << "\ntarget,line,span,direction,target,forecast,gap,gap_pct,met,reported,open_periods,"
          "reported_to_date,open_forecast,open_required\n";
    for (const auto& v : verdicts) {
      os << CsvField(v.name) << ',' << CsvField(v.line) << ',' << v.span << ',' << ToString(v.direction) << ','
         << internal::FormatNumber(v.target) << ',' << internal::FormatNumber(v.forecast) << ','
         << internal::FormatNumber(v.gap) << ',' << internal::FormatNumber(v.gap_pct) << ','
         << (v.met ? "true" : "false") << ',' << (v.reported ? "true" : "false") << ',' << v.open_label << ','
         << (v.has_open ? internal::FormatNumber(v.reported_to_date) : "") << ','
         << (v.has_open ? internal::FormatNumber(v.open_forecast) : "") << ','
         << (v.has_open ? internal::FormatNumber(v.open_required) : "") << '\n';
    }
    return os.str();
  }
  std::ostringstream os;
  os << (m.name().empty() ? m.path() : m.name()) << " -- scenario " << m.scenario();
  if (!m.currency().empty() || !m.unit().empty()) os << " (" << m.currency() << (m.unit().empty() ? "" : " " + m.unit()) << ")";
  os << '\n';
  if (!m.scenario_description().empty()) os << m.scenario_description() << '\n';
  os << "A: reported (locked), F: forecast\n\n";
  auto lines_table = [&](const std::vector<int>& idx, const std::string& title) {
    TextTable t;
    std::vector<std::string> head{title};
    for (int c = 0; c < C; ++c) head.push_back(ColumnTag(cal, c));
    t.Row(head);
    for (int i : idx) {
      std::vector<std::string> row{m.lines()[i].name};
      for (int c = 0; c < C; ++c) row.push_back(FormatAmount(r.at(i, c)));
      t.Row(row);
    }
    return t.Render();
  };
  os << lines_table(DisplayOrder(m, false), "line");
  const auto comp = DisplayOrder(m, true);
  if (!comp.empty()) os << '\n' << lines_table(comp, "components");
  if (!verdicts.empty()) {
    os << "\nTargets\n";
    TextTable t;
    t.Row({"target", "line", "span", "forecast", "target", "gap", "gap %", "verdict"});
    for (const auto& v : verdicts)
      t.Row({v.name, v.line, v.span, FormatAmount(v.forecast), FormatAmount(v.target), FormatAmount(v.gap),
             Percent(v.gap_pct), std::string(v.met ? "met" : "missed") + (v.reported ? " (reported)" : "")});
    os << t.Render();
    bool any_open = false;
    for (const auto& v : verdicts) any_open |= v.has_open;
    if (any_open) {
      os << "\nWhat the open periods must deliver\n";
      TextTable o;
      o.Row({"target", "reported", "to date", "open", "required", "forecast", "short (-) / over"});
      for (const auto& v : verdicts) {
        if (!v.has_open) continue;
        o.Row({v.name, v.reported_label.empty() ? "-" : v.reported_label, FormatAmount(v.reported_to_date),
               v.open_label, FormatAmount(v.open_required), FormatAmount(v.open_forecast),
               FormatAmount(v.open_forecast - v.open_required)});
      }
      os << o.Render();
    }
  }
  return os.str();
}

namespace {

// A driver's values as text: one value, or per period where they differ.
std::string DriverText(const Driver& d, const Calendar& cal) {
  auto fmt = [&](double v) { return d.is_date ? FormatDate(static_cast<int>(v)) : internal::FormatNumber(v); };
  bool uniform = true;
  for (int t = 1; t < cal.num_periods(); ++t) uniform &= d.ValueAt(t) == d.ValueAt(0);
  if (uniform) return fmt(d.ValueAt(0));
  std::string s;
  for (int t = 0; t < cal.num_periods(); ++t) {
    if (t && d.ValueAt(t) == d.ValueAt(t - 1)) continue;
    s += (s.empty() ? "" : " ") + cal.periods()[t].label + ":" + fmt(d.ValueAt(t));
  }
  return s;
}

}  // namespace

std::string RenderCompare(const std::vector<Model>& models, Format format) {
  if (models.empty()) throw UsageError("compare needs at least one model");
  const Model& ref = models[0];
  const Calendar& cal = ref.calendar();
  for (const Model& m : models) {
    if (m.calendar().ColumnLabels() != cal.ColumnLabels() || m.drivers().size() != ref.drivers().size() ||
        m.lines().size() != ref.lines().size())
      throw UsageError("compare: '" + m.path() + "' is not the same model as '" + ref.path() +
                       "' (different calendar, drivers or lines)");
    for (size_t d = 0; d < ref.drivers().size(); ++d)
      if (m.drivers()[d].name != ref.drivers()[d].name)
        throw UsageError("compare: '" + m.path() + "' has different drivers from '" + ref.path() + "'");
  }
  std::vector<Results> results;
  std::vector<std::vector<TargetVerdict>> verdicts;
  for (const Model& m : models) {
    results.push_back(Run(m));
    verdicts.push_back(Verdicts(results.back()));
  }
  // Rows: targets, then KPI lines in each fiscal-year span.
  struct Row { std::string label; int line, column; int target; };
  std::vector<Row> rows;
  for (size_t t = 0; t < ref.targets().size(); ++t) {
    const Target& tg = ref.targets()[t];
    rows.push_back({tg.name + " (" + ref.lines()[tg.line].name + ", " + cal.ColumnLabel(tg.column) + ")", tg.line,
                    tg.column, static_cast<int>(t)});
  }
  for (int l = 0; l < static_cast<int>(ref.lines().size()); ++l) {
    if (ref.lines()[l].kind != LineKind::kKpi) continue;
    for (const Span& s : cal.spans())
      if (s.kind == SpanKind::kFiscalYear) {
        const int c = cal.FindColumn(s.label);
        rows.push_back({ref.lines()[l].name + " (" + s.label + ")", l, c, -1});
      }
  }
  std::vector<int> differing;
  for (int d = 0; d < static_cast<int>(ref.drivers().size()); ++d) {
    const std::string a = DriverText(ref.drivers()[d], cal);
    for (const Model& m : models)
      if (DriverText(m.drivers()[d], cal) != a) { differing.push_back(d); break; }
  }
  if (format == Format::kJson) {
    nlohmann::json j;
    for (const Model& m : models) j["scenarios"].push_back({{"scenario", m.scenario()}, {"path", m.path()}});
    for (const Row& r : rows) {
      nlohmann::json row = {{"row", r.label}};
      for (size_t k = 0; k < models.size(); ++k) {
        nlohmann::json v = {{"value", results[k].at(r.line, r.column)}};
        if (r.target >= 0) v["met"] = verdicts[k][r.target].met;
        row["values"].push_back(v);
      }
      j["rows"].push_back(row);
    }
    j["drivers"] = nlohmann::json::array();
    for (int d : differing) {
      nlohmann::json row = {{"driver", ref.drivers()[d].name}};
      for (const Model& m : models) row["values"].push_back(DriverText(m.drivers()[d], cal));
      j["drivers"].push_back(row);
    }
    return j.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::ostringstream os;
    os << "row";
    for (const Model& m : models) os << ',' << CsvField(m.scenario());
    os << '\n';
    for (const Row& r : rows) {
      os << CsvField(r.label);
      for (size_t k = 0; k < models.size(); ++k) os << ',' << internal::FormatNumber(results[k].at(r.line, r.column));
      os << '\n';
    }
    os << "\ndriver";
    for (const Model& m : models) os << ',' << CsvField(m.scenario());
    os << '\n';
    for (int d : differing) {
      os << CsvField(ref.drivers()[d].name);
      for (const Model& m : models) os << ',' << CsvField(DriverText(m.drivers()[d], cal));
      os << '\n';
    }
    return os.str();
  }
  std::ostringstream os;
  os << (ref.name().empty() ? ref.path() : ref.name()) << " -- " << models.size() << " scenarios side by side";
  if (!ref.currency().empty() || !ref.unit().empty()) os << " (" << ref.currency() << " " << ref.unit() << ")";
  os << "\n\n";
  TextTable t;
  std::vector<std::string> head{"target / KPI"};
  for (const Model& m : models) head.push_back(m.scenario());
  t.Row(head);
  for (const Row& r : rows) {
    std::vector<std::string> row{r.label};
    for (size_t k = 0; k < models.size(); ++k) {
      std::string v = FormatAmount(results[k].at(r.line, r.column));
      if (r.target >= 0) v += verdicts[k][r.target].met ? "  met " : "  miss";
      row.push_back(v);
    }
    t.Row(row);
  }
  os << t.Render();
  os << "\nDrivers that differ (" << differing.size() << " of " << ref.drivers().size() << ")\n";
  if (!differing.empty()) {
    TextTable d;
    std::vector<std::string> dh{"driver"};
    for (const Model& m : models) dh.push_back(m.scenario());
    d.Row(dh);
    for (int k : differing) {
      std::vector<std::string> row{ref.drivers()[k].name};
      for (const Model& m : models) row.push_back(DriverText(m.drivers()[k], cal));
      d.Row(row);
    }
    os << d.Render();
  }
  return os.str();
}

std::string RenderCheck(const Model& m, Format format) {
  const Calendar& cal = m.calendar();
  std::vector<std::string> periods, actual, spans;
  for (const Period& p : cal.periods()) (p.actual ? actual : periods).push_back(p.label);
  for (const Span& s : cal.spans()) spans.push_back(s.label);
  std::vector<std::string> drivers, lines, targets;
  for (const Driver& d : m.drivers()) drivers.push_back(d.name);
  for (const Line& l : m.lines()) lines.push_back(l.name);
  for (const Target& t : m.targets()) targets.push_back(t.name);
  const auto scenarios = m.scenario_names();
  if (format == Format::kJson) {
    nlohmann::json j = {{"model", m.name()},           {"path", m.path()},         {"scenario", m.scenario()},
                        {"periods", cal.num_periods()}, {"actual_periods", actual}, {"forecast_periods", periods},
                        {"spans", spans},              {"drivers", drivers},       {"lines", lines},
                        {"targets", targets},          {"scenarios", scenarios}};
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  os << m.path() << ": ok" << (m.name().empty() ? "" : " (" + m.name() + ")") << '\n';
  if (m.scenario() != "base") os << "  scenario:  " << m.scenario() << '\n';
  os << "  periods:   " << cal.num_periods() << " " << ToString(cal.spec().periodicity) << "s, "
     << cal.periods().front().label << ".." << cal.periods().back().label << '\n';
  os << "  reported:  " << actual.size() << (actual.empty() ? "" : " (" + internal::JoinList(actual) + ")") << '\n';
  os << "  spans:     " << internal::JoinList(spans) << '\n';
  os << "  drivers:   " << drivers.size() << '\n';
  os << "  lines:     " << lines.size() << '\n';
  os << "  targets:   " << targets.size() << (targets.empty() ? "" : " (" + internal::JoinList(targets) + ")") << '\n';
  os << "  scenarios: " << scenarios.size() << " (" << internal::JoinList(scenarios) << ")\n";
  return os.str();
}

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  std::string tmpl = path + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0) throw Error(path + ": error: cannot create a temporary file: " + std::strerror(errno));
  tmp_ = name.data();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicFile::Write(const std::string& text) {
  OUTTURN_ASSERT(fd_ >= 0);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(path_ + ": error: write failed: " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
}

void AtomicFile::Commit() {
  OUTTURN_ASSERT(fd_ >= 0);
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": error: cannot flush: " + std::strerror(e));
  }
  fd_ = -1;
  ::chmod(tmp_.c_str(), 0644);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": error: cannot rename the temporary file into place: " + std::strerror(e));
  }
}

void WriteFileAtomic(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.Write(text);
  f.Commit();
}

std::string RenderSweep(const SweepResult& r, Format format) {
  auto num = [](double v) -> nlohmann::json { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  if (format == Format::kJson) {
    nlohmann::json j = {{"method", ToString(r.method)}, {"seed", r.seed},           {"requested", r.requested},
                        {"samples", r.samples},         {"partial", r.partial},     {"stopped_by_ci", r.stopped_by_ci},
                        {"threads", r.threads_used},    {"seconds", r.seconds},     {"drivers", r.drivers},
                        {"p_all", r.p_all},             {"p_all_interval", {r.p_all_low, r.p_all_high}}};
    j["quantile_levels"] = kQuantileLevels;
    for (const KpiStats& k : r.kpis) {
      nlohmann::json q = nlohmann::json::array(), mm = nlohmann::json::array(), mi = nlohmann::json::array();
      for (double v : k.quantiles) q.push_back(num(v));
      for (double v : k.driver_mean_meet) mm.push_back(num(v));
      for (double v : k.driver_mean_miss) mi.push_back(num(v));
      nlohmann::json o = {{"target", k.name}, {"line", k.line}, {"span", k.span}, {"target_value", k.target},
                          {"direction", ToString(k.direction)}, {"mean", k.mean}, {"sd", k.sd}, {"min", k.min},
                          {"max", k.max}, {"quantiles", q}, {"quantile_error", num(k.quantile_error)},
                          {"p_meet", k.p_meet}, {"p_meet_interval", {k.p_low, k.p_high}}, {"meets", k.meets},
                          {"expected_shortfall", k.expected_shortfall}, {"shortfall_given_miss", k.shortfall_given_miss},
                          {"driver_mean_meet", mm}, {"driver_mean_miss", mi},
                          {"histogram", {{"low", k.hist_low}, {"high", k.hist_high}, {"below", k.below}, {"above", k.above}, {"bins", k.bins}}}};
      if (!k.src.empty()) { o["src"] = k.src; o["r_squared"] = k.r_squared; }
      if (!k.sobol_first.empty()) { o["sobol_first"] = k.sobol_first; o["sobol_total"] = k.sobol_total; }
      j["targets"].push_back(o);
    }
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (format == Format::kCsv) {
    os << "target,line,span,target_value,mean,sd,min,max";
    for (double p : kQuantileLevels) os << ",p" << static_cast<int>(std::lround(p * 100));
    os << ",quantile_error,p_meet,p_low,p_high,expected_shortfall,shortfall_given_miss\n";
    for (const KpiStats& k : r.kpis) {
      os << CsvField(k.name) << ',' << CsvField(k.line) << ',' << k.span << ',' << internal::FormatNumber(k.target) << ','
         << internal::FormatNumber(k.mean) << ',' << internal::FormatNumber(k.sd) << ',' << internal::FormatNumber(k.min)
         << ',' << internal::FormatNumber(k.max);
      for (double q : k.quantiles) os << ',' << internal::FormatNumber(q);
      os << ',' << internal::FormatNumber(k.quantile_error) << ',' << internal::FormatNumber(k.p_meet) << ','
         << internal::FormatNumber(k.p_low) << ',' << internal::FormatNumber(k.p_high) << ','
         << internal::FormatNumber(k.expected_shortfall) << ',' << internal::FormatNumber(k.shortfall_given_miss) << '\n';
    }
    return os.str();
  }
  char head[256];
  std::snprintf(head, sizeof head, "%s sweep, seed %llu: %lld scenarios%s in %.2f s (%.3g scenarios/s, %d threads)\n",
                ToString(r.method).c_str(), static_cast<unsigned long long>(r.seed), r.samples,
                r.partial ? " (PARTIAL: interrupted)" : (r.stopped_by_ci ? " (stopped: intervals narrow enough)" : ""),
                r.seconds, r.rate(), r.threads_used);
  os << head << r.drivers.size() << " uncertain drivers\n\n";
  TextTable t;
  t.Row({"target", "span", "target", "mean", "sd", "P5", "P50", "P95", "P(meet)", "interval", "E[shortfall]"});
  for (const KpiStats& k : r.kpis) {
    char p[32], ci[64];
    std::snprintf(p, sizeof p, "%.4f", k.p_meet);
    std::snprintf(ci, sizeof ci, "[%.4f, %.4f]", k.p_low, k.p_high);
    t.Row({k.name, k.span, FormatAmount(k.target), FormatAmount(k.mean), FormatAmount(k.sd), FormatAmount(k.quantiles[1]),
           FormatAmount(k.quantiles[4]), FormatAmount(k.quantiles[7]), p, ci, FormatAmount(k.expected_shortfall)});
  }
  os << t.Render();
  char pa[128];
  std::snprintf(pa, sizeof pa, "\nP(every target met) = %.4f [%.4f, %.4f]\n", r.p_all, r.p_all_low, r.p_all_high);
  os << pa;
  os << "Quantiles are read from histograms of " << (r.kpis.empty() ? 0 : r.kpis[0].bins.size())
     << " bins: each is within one bin width of the exact sample quantile.\n";
  // What drives the misses: the drivers whose mean moves most between meets and misses,
  // in units of the driver's spread over all scenarios is not kept; use the relative gap.
  for (const KpiStats& k : r.kpis) {
    if (k.meets == 0 || k.meets == r.samples) continue;
    // Rank by the gap between the means in units of the driver's standard deviation.
    std::vector<std::pair<double, int>> gaps;
    for (size_t i = 0; i < r.drivers.size(); ++i) {
      const double a = k.driver_mean_meet[i], b = k.driver_mean_miss[i];
      const double sd = i < r.driver_sd.size() ? r.driver_sd[i] : 0.0;
      gaps.push_back({sd > 0 ? (a - b) / sd : 0.0, static_cast<int>(i)});
    }
    std::sort(gaps.begin(), gaps.end(), [](const auto& x, const auto& y) { return std::fabs(x.first) > std::fabs(y.first); });
    os << "\nWhat drives the misses of " << k.name << " (driver means among meets and misses)\n";
    TextTable d;
    d.Row({"driver", "mean if met", "mean if missed", "gap in sd"});
    auto sig = [](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", v);
      return std::string(buf);
    };
    for (size_t g = 0; g < std::min<size_t>(5, gaps.size()); ++g) {
      const int i = gaps[g].second;
      char gap[32];
      std::snprintf(gap, sizeof gap, "%+.2f", gaps[g].first);
      d.Row({r.drivers[i], sig(k.driver_mean_meet[i]), sig(k.driver_mean_miss[i]), gap});
    }
    os << d.Render();
    if (!k.sobol_total.empty()) {
      std::vector<std::pair<double, int>> st;
      for (size_t i = 0; i < k.sobol_total.size(); ++i) st.push_back({k.sobol_total[i], static_cast<int>(i)});
      std::sort(st.rbegin(), st.rend());
      os << "Sobol indices (first order / total): ";
      for (size_t g = 0; g < std::min<size_t>(5, st.size()); ++g) {
        const int i = st[g].second;
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s%s %.3f / %.3f", g ? ", " : "", r.drivers[i].c_str(), k.sobol_first[i], k.sobol_total[i]);
        os << buf;
      }
      os << "\n";
    }
    if (!k.src.empty()) {
      std::vector<std::pair<double, int>> src;
      for (size_t i = 0; i < k.src.size(); ++i) src.push_back({std::fabs(k.src[i]), static_cast<int>(i)});
      std::sort(src.rbegin(), src.rend());
      os << "Standardized regression coefficients (R^2 = " << internal::FormatNumber(std::round(k.r_squared * 1e4) / 1e4) << "): ";
      for (size_t g = 0; g < std::min<size_t>(5, src.size()); ++g)
        os << (g ? ", " : "") << r.drivers[src[g].second] << " " << internal::FormatNumber(std::round(k.src[src[g].second] * 1e4) / 1e4);
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace outturn
