// SPDX-License-Identifier: MIT
// sensitivity, tornado, goalseek, bridge: which assumptions matter most, and what would have
// to be true to hit the target. Each command: argv -> options -> library call (sensitivity.h)
// -> table, CSV or JSON.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_common.h"
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/analysis/verdict.h"

namespace outturn::cli {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------
// Rendering helpers

// Tables as `run` prints them, indented under their heading.
constexpr const char* kIndent = "  ";

// Shortest text that reads back as the same double (for CSV).
std::string Num(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  for (int prec = 6; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string Sig(double v, int digits = 4) {
  if (std::isnan(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string Pct(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.2f%%", 100 * v);
  return buf;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// JSON has no NaN: null.
json J(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A driver's value for people: a date, a small number with its significant digits, or an
// amount.
std::string DriverText(const Model& m, const Input& in, double v) {
  const Driver& d = m.drivers()[in.driver];
  if (d.is_date) return FormatDate(static_cast<int>(std::lround(v)));
  if (std::fabs(v) < 1000) return Sig(v, 6);
  return FormatAmount(v);
}

std::string KpiTitle(const Model& m, const Kpi& k) {
  if (k.target < 0) return k.name;
  return k.name + " (" + m.lines()[k.cell.line].name + ", " + m.calendar().ColumnLabel(k.cell.column) + ")";
}

std::string Heading(const Model& m, const std::string& what) {
  std::string s = (m.name().empty() ? m.path() : m.name()) + " -- scenario " + m.scenario() + ": " + what;
  if (!m.currency().empty() || !m.unit().empty()) s += " (" + m.currency() + (m.unit().empty() ? "" : " " + m.unit()) + ")";
  return s + "\n";
}

json KpiJson(const Model& m, const Kpi& k, double value) {
  return {{"name", k.name}, {"line", m.lines()[k.cell.line].name},
          {"column", m.calendar().ColumnLabel(k.cell.column)}, {"value", J(value)}};
}

json InputJson(const Model& m, const Input& in, double value, const InputRange* range) {
  json j = {{"name", InputName(m, in)}, {"driver", m.drivers()[in.driver].name},
            {"period", in.period < 0 ? json(nullptr) : json(m.calendar().periods()[in.period].label)},
            {"value", value}};
  if (range) j["range"] = {{"low", range->low}, {"high", range->high}, {"source", range->source}};
  return j;
}

// ---------------------------------------------------------------------------------------
// Options shared by the four commands

struct Common : ModelArgs {
  std::vector<std::string> kpis;
  void Add(po::options_description& o, const char* kpi_help) {
    ModelArgs::Add(o);
    o.add_options()("kpi,k", po::value(&kpis)->composing(), kpi_help);
  }
};

double ParseNumber(const std::string& flag, const std::string& text) {
  auto v = ParseValue(text, false);
  if (!v) throw UsageError(flag + " takes a number (got '" + text + "')");
  return *v;
}

SwingOptions ParseSwing(const std::string& kind, const std::string& percent, double date_days) {
  SwingOptions s;
  auto k = SwingKindFromString(kind);
  if (!k) throw UsageError("--swing must be distribution, bounds or percent (got '" + kind + "')");
  s.kind = *k;
  if (!percent.empty()) s.percent = ParseNumber("--percent", percent);
  s.date_days = date_days;
  s.Validate();
  return s;
}

const char* const kKpiHelp = "a target name or LINE@COLUMN, e.g. operating_income@FY10 (repeatable; default: the open "
                             "targets and the kpi lines in each fiscal year)";

// ---------------------------------------------------------------------------------------
// sensitivity

std::string RenderSensitivity(const Model& m, const SensitivityResult& r, Format fmt, int top) {
  const int K = static_cast<int>(r.kpis.size()), n = static_cast<int>(r.inputs.size());
  if (fmt == Format::kJson) {
    json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    j["method"] = "forward-mode automatic differentiation";
    for (int i = 0; i < K; ++i) j["kpis"].push_back(KpiJson(m, r.kpis[i], r.values[i]));
    for (int k = 0; k < n; ++k) j["inputs"].push_back(InputJson(m, r.inputs[k], r.input_values[k], &r.ranges[k]));
    for (int i = 0; i < K; ++i) {
      json jr = json::array(), er = json::array(), fr = json::array(), rank = json::array();
      for (int k = 0; k < n; ++k) {
        jr.push_back(J(r.jacobian(i, k)));
        er.push_back(J(r.elasticities(i, k)));
        fr.push_back(J(r.effects(i, k)));
      }
      for (int k : r.ranking[i]) if (r.effects(i, k) != 0) rank.push_back(r.input_names[k]);
      j["jacobian"].push_back(jr);
      j["elasticities"].push_back(er);
      j["effects"].push_back(fr);
      j["ranking"].push_back(rank);
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,line,column,kpi_value,input,driver,period,input_value,derivative,elasticity,low,high,range,effect,rank\n";
    for (int i = 0; i < K; ++i) {
      std::vector<int> rank(n);
      for (int p = 0; p < n; ++p) rank[r.ranking[i][p]] = p + 1;
      for (int k = 0; k < n; ++k) {
        const Input& in = r.inputs[k];
        os << Csv(r.kpis[i].name) << ',' << Csv(m.lines()[r.kpis[i].cell.line].name) << ','
           << m.calendar().ColumnLabel(r.kpis[i].cell.column) << ',' << Num(r.values[i]) << ',' << Csv(r.input_names[k])
           << ',' << Csv(m.drivers()[in.driver].name) << ',' << (in.period < 0 ? "" : m.calendar().periods()[in.period].label)
           << ',' << Num(r.input_values[k]) << ',' << Num(r.jacobian(i, k)) << ',' << Num(r.elasticities(i, k)) << ','
           << Num(r.ranges[k].low) << ',' << Num(r.ranges[k].high) << ',' << Csv(r.ranges[k].source) << ','
           << Num(r.effects(i, k)) << ',' << rank[k] << '\n';
      }
    }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "exact sensitivities at the model's own values");
  os << "derivative: d KPI / d driver (forward-mode automatic differentiation, not finite differences)\n"
        "elasticity: % change of the KPI per 1% change of the driver\n"
        "effect: derivative x (high - low), the first-order change across the driver's range\n";
  for (int i = 0; i < K; ++i) {
    os << '\n' << KpiTitle(m, r.kpis[i]) << " = " << FormatAmount(r.values[i]) << '\n';
    TextTable t;
    t.Row({"driver", "value", "derivative", "elasticity", "low", "high", "range", "effect"});
    int shown = 0, zero = 0;
    for (int k : r.ranking[i]) {
      if (r.jacobian(i, k) == 0) { ++zero; continue; }
      if (top > 0 && shown >= top) continue;
      ++shown;
      t.Row({r.input_names[k], DriverText(m, r.inputs[k], r.input_values[k]), FormatAmount(r.jacobian(i, k)),
             Sig(r.elasticities(i, k)), DriverText(m, r.inputs[k], r.ranges[k].low),
             DriverText(m, r.inputs[k], r.ranges[k].high), r.ranges[k].source, FormatAmount(r.effects(i, k))});
    }
    if (shown) os << t.Render(kIndent);
    const int more = n - zero - shown;
    if (more > 0) os << "  (" << more << " more; --top 0 shows all)\n";
    if (zero) os << "  (" << zero << " of " << n << " inputs do not move it)\n";
  }
  return os.str();
}

// ---------------------------------------------------------------------------------------
// tornado (and spider)

std::string RenderTornado(const Model& m, const TornadoResult& t, const SpiderResult* sp, Format fmt, int top) {
  const int K = static_cast<int>(t.kpis.size());
  if (fmt == Format::kJson) {
    json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    for (int i = 0; i < K; ++i) {
      json k = KpiJson(m, t.kpis[i], t.base[i]);
      k["bars"] = json::array();
      for (const TornadoBar& b : t.bars[i])
        k["bars"].push_back({{"input", t.input_names[b.input]}, {"low", t.ranges[b.input].low},
                             {"high", t.ranges[b.input].high}, {"range", t.ranges[b.input].source},
                             {"kpi_low", b.kpi_low}, {"kpi_high", b.kpi_high}, {"swing", b.swing}});
      j["tornado"].push_back(k);
    }
    j["top"] = json::array();
    for (int k : t.top) j["top"].push_back(t.input_names[k]);
    if (sp) {
      j["spider"] = json::array();
      for (const SpiderSeries& s : sp->series) {
        json js = {{"input", sp->input_names[s.input]}, {"range", sp->ranges[s.input].source}};
        for (int p = 0; p < s.x.size(); ++p) {
          json pt = {{"value", s.x[p]}, {"change", J(s.change[p])}};
          for (int i = 0; i < K; ++i) pt["kpis"][sp->kpis[i].name] = s.y(i, p);
          js["points"].push_back(pt);
        }
        j["spider"].push_back(js);
      }
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,base,rank,input,low,high,range,kpi_low,kpi_high,swing\n";
    for (int i = 0; i < K; ++i) {
      int rank = 0;
      for (const TornadoBar& b : t.bars[i])
        os << Csv(t.kpis[i].name) << ',' << Num(t.base[i]) << ',' << ++rank << ',' << Csv(t.input_names[b.input]) << ','
           << Num(t.ranges[b.input].low) << ',' << Num(t.ranges[b.input].high) << ',' << Csv(t.ranges[b.input].source)
           << ',' << Num(b.kpi_low) << ',' << Num(b.kpi_high) << ',' << Num(b.swing) << '\n';
    }
    if (sp) {
      os << "\ninput,step,value,change";
      for (const Kpi& k : sp->kpis) os << ',' << Csv(k.name);
      os << '\n';
      for (const SpiderSeries& s : sp->series)
        for (int p = 0; p < s.x.size(); ++p) {
          os << Csv(sp->input_names[s.input]) << ',' << p << ',' << Num(s.x[p]) << ',' << Num(s.change[p]);
          for (int i = 0; i < K; ++i) os << ',' << Num(s.y(i, p));
          os << '\n';
        }
    }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "tornado, one driver at a time between its low and high");
  for (int i = 0; i < K; ++i) {
    os << '\n' << KpiTitle(m, t.kpis[i]) << ": " << FormatAmount(t.base[i]) << " at the model's own values\n";
    TextTable tb;
    tb.Row({"rank  driver", "low", "high", "range", "KPI at low", "KPI at high", "swing"});
    int rank = 0, zero = 0;
    for (const TornadoBar& b : t.bars[i]) {
      if (b.swing == 0) { ++zero; continue; }
      if (top > 0 && rank >= top) continue;
      const Input& in = t.inputs[b.input];
      std::string label = std::to_string(++rank);
      label += std::string(label.size() < 4 ? 6 - label.size() : 2, ' ') + t.input_names[b.input];
      tb.Row({label, DriverText(m, in, t.ranges[b.input].low),
              DriverText(m, in, t.ranges[b.input].high), t.ranges[b.input].source, FormatAmount(b.kpi_low),
              FormatAmount(b.kpi_high), FormatAmount(b.swing)});
    }
    os << tb.Render(kIndent);
    const int more = static_cast<int>(t.bars[i].size()) - zero - rank;
    if (more > 0) os << "  (" << more << " more; --top 0 shows all)\n";
    if (zero) os << "  (" << zero << " drivers do not move it)\n";
  }
  if (sp) {
    os << "\nSpider: each KPI across the range of the top drivers\n";
    for (const SpiderSeries& s : sp->series) {
      const Input& in = sp->inputs[s.input];
      os << '\n' << sp->input_names[s.input] << " (" << sp->ranges[s.input].source << ")\n";
      TextTable tb;
      std::vector<std::string> head{"value", "change"};
      for (const Kpi& k : sp->kpis) head.push_back(k.name);
      tb.Row(head);
      for (int p = 0; p < s.x.size(); ++p) {
        std::vector<std::string> row{DriverText(m, in, s.x[p]), Pct(s.change[p])};
        for (int i = 0; i < K; ++i) row.push_back(FormatAmount(s.y(i, p)));
        tb.Row(row);
      }
      os << tb.Render(kIndent);
    }
  }
  return os.str();
}

// ---------------------------------------------------------------------------------------
// goalseek

std::string GoalText(const Model& m, const Goal& g) {
  return KpiTitle(m, g.kpi) + (g.direction == Direction::kAtLeast ? " at least " : " at most ") + FormatAmount(g.target);
}

std::string RenderGoalSeek(const Model& m, const GoalSeekResult& r, Format fmt) {
  if (fmt == Format::kJson) {
    json j = {{"status", ToString(r.status)}, {"message", r.message},
              {"goal", {{"kpi", r.goal.kpi.name}, {"target", r.goal.target}, {"direction", ToString(r.goal.direction)}}},
              {"input", r.input_name}, {"own_value", r.own_value}, {"value", r.value},
              {"kpi_own", r.kpi_own}, {"kpi_value", r.kpi_value},
              {"bracket", {r.low, r.high}}, {"tolerance", r.tolerance}, {"bracket_width", r.bracket_width},
              {"iterations", r.iterations}, {"evaluations", r.evaluations}, {"method", "TOMS748"}};
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,target,direction,input,status,own_value,value,kpi_own,kpi_value,low,high,tolerance,iterations,evaluations\n"
       << Csv(r.goal.kpi.name) << ',' << Num(r.goal.target) << ',' << ToString(r.goal.direction) << ','
       << Csv(r.input_name) << ',' << ToString(r.status) << ',' << Num(r.own_value) << ',' << Num(r.value) << ','
       << Num(r.kpi_own) << ',' << Num(r.kpi_value) << ',' << Num(r.low) << ',' << Num(r.high) << ','
       << Num(r.tolerance) << ',' << r.iterations << ',' << r.evaluations << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "goal seek");
  os << "goal:    " << GoalText(m, r.goal) << '\n';
  os << "driver:  " << r.input_name << ", searched in [" << DriverText(m, r.input, r.low) << ", "
     << DriverText(m, r.input, r.high) << "]\n";
  if (r.status == GoalSeekStatus::kSolved) {
    os << "result:  " << r.input_name << " " << DriverText(m, r.input, r.own_value) << " -> "
       << DriverText(m, r.input, r.value);
    if (r.own_value != 0 && !m.drivers()[r.input.driver].is_date) os << " (" << Pct((r.value - r.own_value) / std::fabs(r.own_value)) << ")";
    os << "\n         " << r.goal.kpi.name << " " << FormatAmount(r.kpi_own) << " -> " << FormatAmount(r.kpi_value)
       << " (target " << (r.kpi_value >= r.goal.target ? "+ " : "- ") << Sig(std::fabs(r.kpi_value - r.goal.target), 3)
       << ")\n";
    os << "solved:  TOMS748 (Alefeld, Potra & Shi), iterations: " << r.iterations << ", evaluations: " << r.evaluations
       << ", tolerance on the KPI: " << Sig(r.tolerance, 3) << '\n';
  } else {
    os << ToString(r.status) << ": " << r.message << '\n';
  }
  return os.str();
}

std::string RenderMulti(const Model& m, const MultiGoalSeekResult& r, Format fmt) {
  const int n = static_cast<int>(r.inputs.size()), G = static_cast<int>(r.goals.size());
  if (fmt == Format::kJson) {
    json j = {{"status", ToString(r.status)}, {"message", r.message}, {"iterations", r.iterations},
              {"weighted_change", r.weighted_change}};
    for (int i = 0; i < G; ++i)
      j["goals"].push_back({{"kpi", r.goals[i].kpi.name}, {"target", r.goals[i].target},
                            {"direction", ToString(r.goals[i].direction)}, {"kpi_own", r.kpi_own[i]},
                            {"kpi_value", r.kpi_values[i]}});
    for (int k = 0; k < n; ++k)
      j["inputs"].push_back({{"input", r.input_names[k]}, {"own_value", r.own_values[k]}, {"value", r.values[k]},
                             {"weight", r.weights[k]}, {"at_bound", static_cast<bool>(r.at_bound[k])}});
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "input,own_value,value,change,weighted_change,at_bound\n";
    for (int k = 0; k < n; ++k)
      os << Csv(r.input_names[k]) << ',' << Num(r.own_values[k]) << ',' << Num(r.values[k]) << ','
         << Num(r.values[k] - r.own_values[k]) << ',' << Num(r.weights[k] * (r.values[k] - r.own_values[k])) << ','
         << (r.at_bound[k] ? "true" : "false") << '\n';
    os << "\nkpi,target,direction,kpi_own,kpi_value,status\n";
    for (int i = 0; i < G; ++i)
      os << Csv(r.goals[i].kpi.name) << ',' << Num(r.goals[i].target) << ',' << ToString(r.goals[i].direction) << ','
         << Num(r.kpi_own[i]) << ',' << Num(r.kpi_values[i]) << ',' << ToString(r.status) << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "goal seek, several drivers (least weighted change)");
  os << ToString(r.status) << ": " << r.message << " (" << r.iterations << " Gauss-Newton iterations)\n\n";
  TextTable d;
  d.Row({"driver", "own value", "solution", "change", "% of range", "at bound"});
  for (int k = 0; k < n; ++k) {
    const double ch = r.values[k] - r.own_values[k];
    d.Row({r.input_names[k], DriverText(m, r.inputs[k], r.own_values[k]), DriverText(m, r.inputs[k], r.values[k]),
           Sig(ch, 4), Pct(r.weights[k] * ch), r.at_bound[k] ? "yes" : ""});
  }
  os << d.Render(kIndent) << '\n';
  TextTable g;
  g.Row({"goal", "target", "own value", "solution", "verdict"});
  for (int i = 0; i < G; ++i) {
    const bool met = r.goals[i].direction == Direction::kAtLeast ? r.kpi_values[i] >= r.goals[i].target
                                                                 : r.kpi_values[i] <= r.goals[i].target;
    g.Row({KpiTitle(m, r.goals[i].kpi), (r.goals[i].direction == Direction::kAtLeast ? ">= " : "<= ") + FormatAmount(r.goals[i].target),
           FormatAmount(r.kpi_own[i]), FormatAmount(r.kpi_values[i]), met ? "met" : "missed"});
  }
  os << g.Render(kIndent);
  return os.str();
}

std::string RenderBreakEven(const Model& m, const BreakEvenResult& r, Format fmt) {
  const int n = static_cast<int>(r.inputs.size()), G = static_cast<int>(r.goals.size());
  if (fmt == Format::kJson) {
    json j;
    j["goals"] = json::array();
    for (int g = 0; g < G; ++g) {
      json jg = {{"kpi", r.goals[g].kpi.name}, {"target", r.goals[g].target}, {"direction", ToString(r.goals[g].direction)}};
      for (int k = 0; k < n; ++k) {
        const GoalSeekResult& c = r.at(g, k);
        jg["drivers"].push_back({{"input", c.input_name}, {"status", ToString(c.status)}, {"own_value", c.own_value},
                                 {"value", c.value}, {"kpi_value", c.kpi_value}, {"message", c.message}});
      }
      j["goals"].push_back(jg);
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,target,input,status,own_value,break_even,change\n";
    for (int g = 0; g < G; ++g)
      for (int k = 0; k < n; ++k) {
        const GoalSeekResult& c = r.at(g, k);
        const bool ok = c.status == GoalSeekStatus::kSolved;
        os << Csv(r.goals[g].kpi.name) << ',' << Num(r.goals[g].target) << ',' << Csv(c.input_name) << ','
           << ToString(c.status) << ',' << Num(c.own_value) << ',' << (ok ? Num(c.value) : "") << ','
           << (ok ? Num(c.value - c.own_value) : "") << '\n';
      }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "what the open periods must deliver: each driver alone, at its break-even");
  os << "each cell: the driver's value that meets the goal with every other driver at its own value\n\n";
  TextTable t;
  std::vector<std::string> head{"driver", "own value"};
  for (const Goal& g : r.goals) head.push_back(g.kpi.name);
  t.Row(head);
  std::vector<std::string> tgt{"(target)", ""}, fc{"(forecast)", ""};
  for (int g = 0; g < G; ++g) {
    tgt.push_back((r.goals[g].direction == Direction::kAtLeast ? ">= " : "<= ") + FormatAmount(r.goals[g].target));
    fc.push_back(n ? FormatAmount(r.at(g, 0).kpi_own) : "");
  }
  t.Row(tgt);
  t.Row(fc);
  for (int k = 0; k < n; ++k) {
    std::vector<std::string> row{r.input_names[k], DriverText(m, r.inputs[k], r.own_values[k])};
    for (int g = 0; g < G; ++g) {
      const GoalSeekResult& c = r.at(g, k);
      if (c.status == GoalSeekStatus::kSolved) {
        std::string s = DriverText(m, r.inputs[k], c.value);
        if (c.own_value != 0 && !m.drivers()[r.inputs[k].driver].is_date) s += " (" + Pct((c.value - c.own_value) / std::fabs(c.own_value)) + ")";
        row.push_back(s);
      } else if (c.status == GoalSeekStatus::kNoSolutionInBracket) {
        row.push_back("none in [" + DriverText(m, r.inputs[k], c.low) + ", " + DriverText(m, r.inputs[k], c.high) + "]");
      } else {
        row.push_back("not converged");
      }
    }
    t.Row(row);
  }
  os << t.Render(kIndent);
  return os.str();
}

// The folder-relative path of `file` as seen from the folder of `saved`.
std::string RelativeTo(const std::string& file, const std::string& saved) {
  namespace fs = std::filesystem;
  const fs::path from = fs::absolute(fs::path(saved)).parent_path();
  const fs::path target = fs::absolute(fs::path(file)).lexically_normal();
  fs::path rel = target.lexically_relative(from.lexically_normal());
  return (rel.empty() ? target : rel).generic_string();
}

// Writes the scenario that applies `overrides` on top of FILE [--scenario] [--set] as a
// scenario file that extends FILE (or FILE#scenario).
void SaveScenario(const Common& c, const Model& model, const std::vector<DriverOverride>& overrides,
                  const std::string& path, const std::string& name, const std::string& description) {
  const Model loaded = Model::Load(c.file);
  const bool is_model_file = loaded.scenario() == "base";
  std::string extends = RelativeTo(c.file, path);
  Model parent = loaded;
  if (!c.scenario.empty() && c.scenario != "base") {
    if (is_model_file) {
      extends += "#" + c.scenario;
      parent = loaded.WithScenario(c.scenario);
    } else {
      // A scenario file cannot be extended with '#scenario': write the scenario's driver
      // values instead, which is exact unless the scenario also changes formulas.
      const Model with = loaded.WithScenario(c.scenario);
      for (size_t l = 0; l < with.lines().size(); ++l)
        if (with.lines()[l].formula != loaded.lines()[l].formula)
          throw UsageError("--save: scenario '" + c.scenario + "' changes formulas and '" + c.file +
                      "' is a scenario file, which '#" + c.scenario + "' cannot extend; save from the model file");
    }
  }
  const Model result = model.WithOverrides(overrides);
  WriteFileAtomic(path, ScenarioFile(parent, result, name, description, extends));
}

// ---------------------------------------------------------------------------------------
// bridge

std::string RenderBridge(const Model& from, const Model& to, const BridgeResult& r, Format fmt,
                         const MultiGoalSeekResult* seek) {
  const int K = static_cast<int>(r.kpis.size()), S = static_cast<int>(r.steps.size());
  // Steps by their contribution to the first KPI, largest first.
  std::vector<int> order(S);
  for (int s = 0; s < S; ++s) order[s] = s;
  if (K) std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return std::fabs(r.contributions(a, 0)) > std::fabs(r.contributions(b, 0));
  });
  if (fmt == Format::kJson) {
    json j = {{"from", {{"path", from.path()}, {"scenario", from.scenario()}}},
              {"to", {{"path", to.path()}, {"scenario", to.scenario()}}},
              {"method", ToString(r.method)}};
    for (int k = 0; k < K; ++k) {
      json jk = KpiJson(from, r.kpis[k], r.from[k]);
      jk.erase("value");
      jk["from"] = r.from[k];
      jk["to"] = r.to[k];
      jk["total"] = r.total[k];
      jk["exact"] = static_cast<bool>(r.exact[k]);
      jk["quantum"] = r.quantum[k];
      for (int s : order) jk["contributions"].push_back({{"step", r.steps[s]}, {"value", r.contributions(s, k)}});
      j["kpis"].push_back(jk);
    }
    if (seek)
      for (const DriverOverride& o : seek->overrides) j["implied"].push_back({{"driver", o.driver}, {"value", o.value}});
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "step";
    for (const Kpi& k : r.kpis) os << ',' << Csv(k.name);
    os << "\nfrom";
    for (int k = 0; k < K; ++k) os << ',' << Num(r.from[k]);
    os << '\n';
    for (int s : order) {
      os << Csv(r.steps[s]);
      for (int k = 0; k < K; ++k) os << ',' << Num(r.contributions(s, k));
      os << '\n';
    }
    os << "total";
    for (int k = 0; k < K; ++k) os << ',' << Num(r.total[k]);
    os << "\nto";
    for (int k = 0; k < K; ++k) os << ',' << Num(r.to[k]);
    os << '\n';
    return os.str();
  }
  std::ostringstream os;
  os << Heading(from, "bridge to " + (seek ? std::string("the targets") : "scenario " + to.scenario()));
  os << "from: " << from.path() << " (" << from.scenario() << ")\n";
  if (!seek) os << "to:   " << to.path() << " (" << to.scenario() << ")\n";
  if (seek) {
    os << "to:   the least weighted change of the drivers below that meets the targets:\n";
    TextTable d;
    for (size_t k = 0; k < seek->inputs.size(); ++k)
      d.Row({seek->input_names[k], DriverText(from, seek->inputs[k], seek->own_values[k]) + " -> " +
                                       DriverText(from, seek->inputs[k], seek->values[k])});
    os << d.Render("      ");
  }
  os << "method: " << (r.method == BridgeMethod::kShapley ? "Shapley values (every order of switching the drivers)"
                                                          : "average of switching the drivers in file order and in reverse")
     << "; the contributions add up exactly to the change\n\n";
  TextTable t;
  std::vector<std::string> head{"step"};
  for (const Kpi& k : r.kpis) head.push_back(k.name);
  t.Row(head);
  std::vector<std::string> row{"from (" + from.scenario() + ")"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.from[k]));
  t.Row(row);
  for (int s : order) {
    row = {"  " + r.steps[s]};
    for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.contributions(s, k)));
    t.Row(row);
  }
  row = {"change"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.total[k]));
  t.Row(row);
  row = {"to (" + (seek ? std::string("targets") : to.scenario()) + ")"};
  for (int k = 0; k < K; ++k) row.push_back(FormatAmount(r.to[k]));
  t.Row(row);
  os << t.Render(kIndent);
  if (S == 0) os << "  (no driver differs)\n";
  return os.str();
}

}  // namespace

int Sensitivity(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  bool per_period = false, all_cells = false, dates = false;
  std::string range = "distribution", percent;
  int top = 15;
  opts.add_options()("per-period", po::bool_switch(&per_period), "add each driver's value in each forecast period")
      ("all-cells", po::bool_switch(&all_cells), "every line in every period and span instead of the KPIs")
      ("dates", po::bool_switch(&dates), "include date drivers (derivatives per day)")
      ("range", po::value(&range), "the range drivers are ranked across: distribution (P10/P90, default), bounds or percent")
      ("percent", po::value(&percent), "half-width of a percent range, e.g. 10% (default)")
      ("top", po::value(&top), "table: drivers shown per KPI (default 15; 0: all)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn sensitivity FILE [--scenario NAME] [--set DRIVER=VALUE ...] [--kpi KPI ...]\n"
                 "                           [--per-period] [--all-cells] [--format table|csv|json] [-o PATH]\n"
                 "The exact derivative of each KPI with respect to each driver, its elasticity, and the\n"
                 "drivers ranked by their effect across their range."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  if (all_cells && !c.kpis.empty()) throw UsageError("--all-cells and --kpi exclude each other");
  SensitivityOptions o;
  o.kpis = c.kpis;
  o.all_cells = all_cells;
  o.per_period = per_period;
  o.include_dates = dates;
  o.range = ParseSwing(range, percent, 30);
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  Emit(RenderSensitivity(model, Sensitivities(model, o), fmt, top), c.output);
  return kOk;
}

int Tornado(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  bool dates = false;
  std::string swing = "distribution", percent;
  int top = 10, spider = 0, steps = 9;
  double date_days = 30;
  opts.add_options()("swing", po::value(&swing), "low and high: distribution (P10/P90, default), bounds or percent")
      ("percent", po::value(&percent), "half-width of a percent swing, and of the fallback for drivers without a "
                                       "distribution or bounds (default 10%)")
      ("date-days", po::value(&date_days), "half-width in days of a date driver's swing (default 30)")
      ("dates", po::bool_switch(&dates), "include date drivers")
      ("top", po::value(&top), "table: bars shown per KPI (default 10; 0: all)")
      ("spider", po::value(&spider), "also spider data for this many top drivers")
      ("steps", po::value(&steps), "spider: points across each range (default 9)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn tornado FILE [--scenario NAME] [--set DRIVER=VALUE ...] [--kpi KPI ...]\n"
                 "                       [--swing distribution|bounds|percent] [--percent 10%] [--spider N]\n"
                 "                       [--format table|csv|json] [-o PATH]\n"
                 "Each driver alone at its low and at its high, all in one batch, ranked by swing for each KPI."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  if (spider < 0) throw UsageError("--spider must be >= 0");
  TornadoOptions o;
  o.kpis = c.kpis;
  o.include_dates = dates;
  o.swing = ParseSwing(swing, percent, date_days);
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  const TornadoResult t = outturn::Tornado(model, o);
  std::optional<SpiderResult> sp;
  if (spider > 0) {
    SpiderOptions so;
    so.kpis = c.kpis;
    so.top = spider;
    so.steps = steps;
    so.include_dates = dates;
    so.swing = o.swing;
    so.Validate();
    sp = Spider(model, so);
  }
  Emit(RenderTornado(model, t, sp ? &*sp : nullptr, fmt, top), c.output);
  return kOk;
}

int GoalSeek(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, "the goal: a target name or LINE@COLUMN (repeatable; default: every open target)");
  std::vector<std::string> targets, drivers;
  std::string direction, bracket, tolerance, save, name = "goalseek", description;
  int top = 5, max_iterations = 0;
  bool exact = false;
  opts.add_options()("target,t", po::value(&targets)->composing(),
                     "the value of the n-th --kpi (default: the target's own value)")
      ("driver,d", po::value(&drivers)->composing(),
       "DRIVER or DRIVER@PERIOD to solve for (repeatable); none: each top driver alone (break-even)")
      ("direction", po::value(&direction), "at_least or at_most (default: the target's, else at_least)")
      ("bracket", po::value(&bracket), "LOW,HIGH: where to search (one driver; default: its bounds)")
      ("tolerance", po::value(&tolerance), "relative tolerance on the KPI (default 1e-9)")
      ("max-iterations", po::value(&max_iterations), "iterations of the solver")
      ("exact", po::bool_switch(&exact), "several drivers: drive each KPI to its target (default: meet it)")
      ("top", po::value(&top), "break-even: how many top drivers (default 5)")
      ("save", po::value(&save), "write the solution as a scenario file extending FILE")
      ("name", po::value(&name), "--save: the scenario's name (default goalseek)")
      ("description", po::value(&description), "--save: the scenario's description");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn goalseek FILE --kpi KPI [--target VALUE] --driver NAME [--bracket LOW,HIGH]\n"
                 "       outturn goalseek FILE [--kpi KPI [--target VALUE] ...] --driver NAME --driver NAME ...\n"
                 "       outturn goalseek FILE [--kpi KPI ...] [--top N]           (break-even table)\n"
                 "   [--scenario NAME] [--set DRIVER=VALUE ...] [--save PATH] [--format table|csv|json] [-o PATH]\n"
                 "One driver: the value that meets the target (TOMS748 root finder). Several: the least\n"
                 "weighted change that meets every target, within bounds. None: the break-even value of\n"
                 "each top driver alone, for each target."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  const Model model = LoadModel(c.file, c.scenario, c.sets);
  if (targets.size() > c.kpis.size()) throw UsageError("more --target values than --kpi");
  std::optional<Direction> dir;
  if (!direction.empty()) {
    dir = DirectionFromString(direction);
    if (!dir) throw UsageError("--direction must be at_least or at_most (got '" + direction + "')");
  }
  std::vector<Goal> goals;
  for (size_t i = 0; i < c.kpis.size(); ++i) {
    Goal g;
    g.kpi = FindKpi(model, c.kpis[i]);
    if (g.kpi.target >= 0) g = TargetGoal(model, g.kpi.target);
    if (i < targets.size()) g.target = ParseNumber("--target", targets[i]);
    else if (g.kpi.target < 0) throw UsageError("--kpi " + g.kpi.name + " is not a target of the model: give its --target VALUE");
    if (dir) g.direction = *dir;
    goals.push_back(g);
  }
  if (goals.empty()) goals = OpenTargetGoals(model);
  if (goals.empty()) throw UsageError("the model has no open target: name a goal with --kpi LINE@COLUMN --target VALUE");
  GoalSeekOptions seek;
  if (!tolerance.empty()) seek.tolerance = ParseNumber("--tolerance", tolerance);
  if (max_iterations > 0) seek.max_iterations = max_iterations;
  if (!bracket.empty() && drivers.size() != 1) throw UsageError("--bracket takes exactly one --driver");
  if (!save.empty() && drivers.empty()) throw UsageError("--save needs the driver(s) to solve for (--driver)");

  if (drivers.empty()) {
    BreakEvenOptions o;
    o.top = top;
    o.seek = seek;
    o.Validate();
    Emit(RenderBreakEven(model, BreakEven(model, goals, o), fmt), c.output);
    return kOk;
  }
  std::vector<Input> inputs;
  for (const std::string& d : drivers) inputs.push_back(FindInput(model, d));
  std::vector<DriverOverride> solution;
  std::string text, failure;
  if (inputs.size() == 1 && goals.size() == 1) {
    if (!bracket.empty()) {
      const auto comma = bracket.find(',');
      if (comma == std::string::npos) throw UsageError("--bracket takes LOW,HIGH (got '" + bracket + "')");
      const bool date = model.drivers()[inputs[0].driver].is_date;
      auto lo = ParseValue(bracket.substr(0, comma), date), hi = ParseValue(bracket.substr(comma + 1), date);
      if (!lo || !hi) throw UsageError("--bracket takes LOW,HIGH (got '" + bracket + "')");
      seek.bracket = std::make_pair(*lo, *hi);
    }
    seek.Validate();
    const GoalSeekResult r = outturn::GoalSeek(model, goals[0], inputs[0], seek);
    text = RenderGoalSeek(model, r, fmt);
    solution = r.overrides;
    if (r.status != GoalSeekStatus::kSolved) failure = r.message;
  } else {
    MultiGoalSeekOptions mo;
    mo.tolerance = seek.tolerance;
    if (max_iterations > 0) mo.max_iterations = max_iterations;
    mo.equality = exact;
    mo.Validate();
    const MultiGoalSeekResult r = MultiGoalSeek(model, goals, inputs, mo);
    text = RenderMulti(model, r, fmt);
    solution = r.overrides;
    if (r.status != GoalSeekStatus::kSolved) failure = r.message;
  }
  Emit(text, c.output);
  if (!save.empty()) {
    if (!failure.empty()) {
      std::cerr << "outturn: error: --save: no solution to save (" << failure << ")\n";
      return kBadInput;
    }
    SaveScenario(c, model, solution, save, name,
                 description.empty() ? "goal seek of " + c.file : description);
    if (c.output != save) std::cerr << "saved scenario '" << name << "' to " << save << "\n";
  }
  return kOk;
}

int Bridge(const std::vector<std::string>& args) {
  po::options_description opts("options");
  Common c;
  c.Add(opts, kKpiHelp);
  std::string to_file, to_scenario;
  std::vector<std::string> to_sets, targets, drivers;
  bool to_target = false;
  int top = 3, max_shapley = BridgeOptions().max_shapley_drivers;
  opts.add_options()("to", po::value(&to_file), "the model or scenario file to bridge to (default: FILE)")
      ("to-scenario", po::value(&to_scenario), "a scenario of the 'to' model file")
      ("to-set", po::value(&to_sets)->composing(), "DRIVER=VALUE on the 'to' side (repeatable)")
      ("to-target", po::bool_switch(&to_target), "bridge to the least weighted change that meets the targets")
      ("target", po::value(&targets)->composing(), "--to-target: the targets to meet (default: every open target missed)")
      ("driver,d", po::value(&drivers)->composing(), "--to-target: the drivers to move (default: the --top ones)")
      ("top", po::value(&top), "--to-target: how many top drivers to move (default 3)")
      ("max-shapley", po::value(&max_shapley), "exact Shapley values up to this many differing drivers (default 14)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn bridge FILE [--scenario NAME] [--set ...] (--to FILE2 | --to-scenario NAME |\n"
                 "                      --to-set DRIVER=VALUE ... | --to-target [--target NAME ...] [--driver D ...])\n"
                 "                      [--kpi KPI ...] [--format table|csv|json] [-o PATH]\n"
                 "Each driver's contribution to the change of each KPI between two scenarios (or to the\n"
                 "targets); the contributions add up exactly to the change."))
    return kOk;
  const Format fmt = ParseFormat(c.format);
  const bool to_other = !to_file.empty() || !to_scenario.empty() || !to_sets.empty();
  if (to_target == to_other) throw UsageError("bridge: give where to go: --to, --to-scenario, --to-set, or --to-target");
  if (!to_target && (!targets.empty() || !drivers.empty())) throw UsageError("--target and --driver go with --to-target");
  BridgeOptions bo;
  bo.kpis = c.kpis;
  bo.max_shapley_drivers = max_shapley;
  bo.Validate();
  const Model from = LoadModel(c.file, c.scenario, c.sets);
  if (!to_target) {
    const Model to = LoadModel(to_file.empty() ? c.file : to_file, to_scenario, to_sets);
    Emit(RenderBridge(from, to, outturn::Bridge(from, to, bo), fmt, nullptr), c.output);
    return kOk;
  }
  std::vector<Goal> goals;
  for (const std::string& t : targets) {
    const Kpi k = FindKpi(from, t);
    if (k.target < 0) throw UsageError("--target takes a target's name (got '" + t + "')");
    goals.push_back(TargetGoal(from, k.target));
  }
  if (goals.empty()) {
    const Results res = outturn::Run(from);
    const auto verdicts = Verdicts(res);
    for (const Goal& g : OpenTargetGoals(from))
      for (const TargetVerdict& v : verdicts)
        if (v.name == g.kpi.name && !v.met) goals.push_back(g);
    if (goals.empty()) {
      std::cerr << "outturn: every open target is met; nothing to bridge to\n";
      return kOk;
    }
  }
  std::vector<Input> inputs;
  if (!drivers.empty()) {
    for (const std::string& d : drivers) inputs.push_back(FindInput(from, d));
  } else {
    std::vector<std::string> kpis;
    for (const Goal& g : goals) kpis.push_back(g.kpi.name);
    TornadoOptions to;
    to.kpis = kpis;
    const TornadoResult t = outturn::Tornado(from, to);
    for (int j : t.top) {
      if (static_cast<int>(inputs.size()) >= top) break;
      inputs.push_back(t.inputs[j]);
    }
  }
  const MultiGoalSeekResult seek = MultiGoalSeek(from, goals, inputs);
  if (seek.status != GoalSeekStatus::kSolved)
    throw Error("bridge: cannot reach the targets by moving " + JoinNames(seek.input_names) + ": " + seek.message);
  const Model to = from.WithOverrides(seek.overrides);
  Emit(RenderBridge(from, to, outturn::Bridge(from, to, bo), fmt, &seek), c.output);
  return kOk;
}

}  // namespace outturn::cli
