// SPDX-License-Identifier: MIT
// `outturn stress`: each target's design point as a table for people, CSV rows or JSON.
#include "outturn/report/stress.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::DriverValueText;
using internal::Fixed;
using internal::GoalText;
using internal::Heading;
using internal::JsonNumber;
using internal::KpiTitle;
using internal::kTableIndent;
using internal::Sig;
using json = nlohmann::json;

// The sweep's statistics of the goal's target, when the goal is one of the model's targets.
const KpiStats* SweepStats(const SweepResult* sweep, const Goal& g) {
  if (!sweep || g.kpi.target < 0 || g.kpi.target >= static_cast<int>(sweep->kpis.size())) return nullptr;
  return &sweep->kpis[g.kpi.target];
}

// The sweep's P(miss) of a goal with its interval: 1 - P(meet), or for one edge of a range
// target the misses beyond that edge alone (P(below) for the low edge, P(above) for the high).
struct Miss {
  double p, low, high;
};
Miss SweepMiss(const KpiStats& s, const Goal& g) {
  if (g.range)
    return g.direction == Direction::kAtLeast ? Miss{s.p_below, s.p_below_low, s.p_below_high}
                                              : Miss{s.p_above, s.p_above_low, s.p_above_high};
  return {1 - s.p_meet, 1 - s.p_high, 1 - s.p_low};
}

std::string PercentileText(double p) {
  const double pct = 100 * p;
  if (pct < 0.01) return "P<0.01";
  if (pct > 99.99) return "P>99.99";
  return "P" + Fixed(pct, pct < 1 || pct > 99 ? 2 : 1);
}

// The lines the path shows: the goal's line, then the subtotals and KPI lines.
std::vector<int> PathLines(const Model& m, int goal_line) {
  std::vector<int> out{goal_line};
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l)
    if (l != goal_line && (m.lines()[l].kind == LineKind::kSubtotal || m.lines()[l].kind == LineKind::kKpi))
      out.push_back(l);
  return out;
}

// The columns the path shows: every period, then the fiscal years.
std::vector<int> PathColumns(const Model& m) {
  const Calendar& cal = m.calendar();
  std::vector<int> out;
  for (int t = 0; t < cal.num_periods(); ++t) out.push_back(t);
  for (int s = 0; s < static_cast<int>(cal.spans().size()); ++s)
    if (cal.spans()[s].kind == SpanKind::kFiscalYear) out.push_back(cal.num_periods() + s);
  return out;
}

json PointJson(const Model& m, const StressResult& r, const DesignPoint& p) {
  json drivers = json::array();
  for (size_t i = 0; i < r.drivers.size(); ++i)
    drivers.push_back({{"driver", r.driver_names[i]},
                       {"own_value", JsonNumber(r.own_values[static_cast<Eigen::Index>(i)])},
                       {"value", JsonNumber(p.values[static_cast<Eigen::Index>(i)])},
                       {"normal_score", JsonNumber(p.z[static_cast<Eigen::Index>(i)])},
                       {"percentile", JsonNumber(p.percentiles[static_cast<Eigen::Index>(i)])}});
  json shocks = json::array();
  for (size_t k = 0; k < r.shocks.size(); ++k)
    shocks.push_back({{"driver", m.drivers()[r.shocks[k].driver].name},
                      {"period", m.calendar().ColumnLabel(r.shocks[k].period)},
                      {"value", JsonNumber(p.shock_values[static_cast<Eigen::Index>(k)])}});
  json importance = json::array();
  for (int i : p.ranking) importance.push_back({{"item", r.items[i]}, {"share", JsonNumber(p.importance[i])}});
  json path = json::object();
  const int C = m.calendar().num_columns();
  for (int l = 0; l < static_cast<int>(m.lines().size()); ++l) {
    json row = json::object();
    for (int c = 0; c < C; ++c) row[m.calendar().ColumnLabel(c)] = JsonNumber(p.cells[l * C + c]);
    path[m.lines()[l].name] = row;
  }
  return {{"beta", JsonNumber(p.beta)}, {"p_miss", JsonNumber(p.p_miss)},
          {"kpi", JsonNumber(p.kpi)},   {"iterations", p.iterations},
          {"drivers", drivers},         {"shocks", shocks},
          {"importance", importance},   {"path", path}};
}

std::string RenderJson(const Model& m, const StressResult& r, const SweepResult* sweep) {
  json targets = json::array();
  for (const StressTarget& t : r.targets) {
    json j = {{"kpi", t.goal.kpi.name},
              {"target", t.goal.target},
              {"direction", ToString(t.goal.direction)},
              {"status", ToString(t.status)},
              {"message", t.message},
              {"kpi_own", JsonNumber(t.kpi_own)},
              {"kpi_median", JsonNumber(t.kpi_median)},
              {"starts_converged", t.starts_converged}};
    json points = json::array();
    for (const DesignPoint& p : t.points) points.push_back(PointJson(m, r, p));
    j["design_points"] = points;
    if (t.goal.range) j["range"] = {t.goal.range->first, t.goal.range->second};
    if (const KpiStats* s = SweepStats(sweep, t.goal)) {
      const Miss miss = SweepMiss(*s, t.goal);
      j["sweep"] = {
          {"samples", sweep->samples}, {"p_miss", miss.p}, {"p_miss_low", miss.low}, {"p_miss_high", miss.high}};
    }
    targets.push_back(j);
  }
  json out = {{"scenario", m.scenario()},
              {"overrides", internal::OverridesJson(m)},
              {"method", "FORM (improved HL-RF)"},
              {"drivers", r.driver_names},
              {"notes", r.notes},
              {"targets", targets}};
  if (sweep) out["sweep"] = {{"method", ToString(sweep->method)}, {"seed", sweep->seed}, {"samples", sweep->samples}};
  return out.dump(2) + "\n";
}

std::string RenderCsv(const Model& m, const StressResult& r, const SweepResult* sweep) {
  std::ostringstream os;
  os << "kpi,target,direction,status,point,beta,p_miss_form,p_miss_sweep,item,own_value,value,percentile,share\n";
  for (const StressTarget& t : r.targets) {
    const KpiStats* s = SweepStats(sweep, t.goal);
    const std::string head = CsvField(t.goal.kpi.name) + ',' + CsvNumber(t.goal.target) + ',' +
                             ToString(t.goal.direction) + ',' + ToString(t.status) + ',';
    const std::string swept = s ? CsvNumber(SweepMiss(*s, t.goal).p) : "";
    if (t.points.empty()) os << head << ",,," << swept << ",,,,,\n";
    for (size_t k = 0; k < t.points.size(); ++k) {
      const DesignPoint& p = t.points[k];
      for (int i : p.ranking) {
        const bool driver = i < static_cast<int>(r.drivers.size());
        os << head << k + 1 << ',' << CsvNumber(p.beta) << ',' << CsvNumber(p.p_miss) << ',' << swept << ','
           << CsvField(r.items[i]) << ',' << (driver ? CsvNumber(r.own_values[i]) : "") << ','
           << (driver ? CsvNumber(p.values[i]) : "") << ',' << (driver ? CsvNumber(p.percentiles[i]) : "") << ','
           << CsvNumber(p.importance[i]) << '\n';
      }
    }
  }
  (void)m;
  return os.str();
}

}  // namespace

std::string RenderStress(const Model& m, const StressResult& r, const SweepResult* sweep, Format fmt, int top) {
  if (fmt == Format::kJson) return RenderJson(m, r, sweep);
  if (fmt == Format::kCsv) return RenderCsv(m, r, sweep);
  std::ostringstream os;
  os << Heading(m, "reverse stress test, the most probable way to miss each target");
  os << "method: FORM (design point by improved HL-RF on exact Jacobians) over " << r.drivers.size()
     << " uncertain drivers";
  if (!r.shocks.empty()) os << " and " << r.shocks.size() << " per-period shocks";
  os << "; P(miss) ~ Phi(-beta), first order\n";
  for (const std::string& n : r.notes) os << "note: " << n << '\n';
  if (std::any_of(r.targets.begin(), r.targets.end(), [](const StressTarget& t) { return t.goal.range.has_value(); }))
    os << "note: a range target is stressed at each edge (missed below its low edge, above its high one); the two "
          "misses are disjoint, so the range's P(miss) is their sum\n";
  const int C = m.calendar().num_columns();
  for (const StressTarget& t : r.targets) {
    os << '\n' << GoalText(m, t.goal) << ": " << FormatAmount(t.kpi_own) << " in the model's own scenario\n";
    const KpiStats* s = SweepStats(sweep, t.goal);
    if (t.status != StressStatus::kDesignPoint) {
      os << kTableIndent << ToString(t.status) << ": " << t.message << '\n';
      if (s) {
        const Miss miss = SweepMiss(*s, t.goal);
        os << kTableIndent << "sweep P(miss) " << Sig(miss.p, 4) << " [" << Sig(miss.low, 4) << ", "
           << Sig(miss.high, 4) << "] over " << sweep->samples << " scenarios\n";
      }
      continue;
    }
    const DesignPoint& p = t.points.front();
    os << kTableIndent << "beta " << Fixed(p.beta, 3) << ", first-order P(miss) " << Sig(p.p_miss, 4);
    if (s) {
      const Miss miss = SweepMiss(*s, t.goal);
      os << "; sweep P(miss) " << Sig(miss.p, 4) << " [" << Sig(miss.low, 4) << ", " << Sig(miss.high, 4) << "] ("
         << ToString(sweep->method) << ", " << sweep->samples << " scenarios)";
    }
    os << '\n';
    os << kTableIndent << "design point: " << t.goal.kpi.name << " = " << FormatAmount(p.kpi) << " (" << p.iterations
       << " iterations); "
       << (t.met_median ? "met with every driver at its median: the most probable way to miss it"
                        : "missed with every driver at its median: the most probable way to meet it")
       << '\n';
    TextTable tb;
    tb.Row({"rank  driver", "own value", "at the point", "percentile", "share of beta^2"});
    int rank = 0;
    for (int i : p.ranking) {
      if (top > 0 && rank >= top) break;
      const bool driver = i < static_cast<int>(r.drivers.size());
      std::string label = std::to_string(++rank);
      label += std::string(label.size() < 4 ? 6 - label.size() : 2, ' ') + r.items[i];
      if (driver) {
        const Input in{r.drivers[i], -1};
        tb.Row({label, DriverValueText(m, in, r.own_values[i]), DriverValueText(m, in, p.values[i]),
                PercentileText(p.percentiles[i]), Fixed(100 * p.importance[i], 1) + "%"});
      } else {  // a driver's shocks: each forecast period's e_t
        std::string shocks;
        for (size_t k = 0; k < r.shocks.size(); ++k)
          if (r.items[i] == m.drivers()[r.shocks[k].driver].name + " shocks")
            shocks += (shocks.empty() ? "" : " ") + m.calendar().ColumnLabel(r.shocks[k].period) + " " +
                      Sig(p.shock_values[static_cast<Eigen::Index>(k)], 3);
        tb.Row({label, "0", shocks, "", Fixed(100 * p.importance[i], 1) + "%"});
      }
    }
    os << tb.Render(std::string(kTableIndent) + kTableIndent);
    if (rank < static_cast<int>(p.ranking.size()))
      os << kTableIndent << kTableIndent << "(" << p.ranking.size() - rank << " more; --top 0 shows all)\n";
    os << kTableIndent << "the P&L at the design point (own scenario beneath):\n";
    TextTable path;
    std::vector<std::string> head{"line"};
    const std::vector<int> cols = PathColumns(m);
    for (int c : cols) head.push_back(m.calendar().ColumnLabel(c) + (c < m.calendar().num_actual() ? " A" : ""));
    path.Row(head);
    for (int l : PathLines(m, t.goal.kpi.cell.line)) {
      std::vector<std::string> at{m.lines()[l].name}, own{"  own"};
      for (int c : cols) {
        at.push_back(FormatAmount(p.cells[l * C + c]));
        own.push_back(FormatAmount(r.own_cells[l * C + c]));
      }
      path.Row(at);
      path.Row(own);
    }
    os << path.Render(std::string(kTableIndent) + kTableIndent);
    for (size_t k = 1; k < t.points.size(); ++k) {
      const DesignPoint& q = t.points[k];
      os << kTableIndent << "another local design point: beta " << Fixed(q.beta, 3) << ", P(miss) " << Sig(q.p_miss, 4)
         << ", led by " << r.items[q.ranking.front()] << " (" << Fixed(100 * q.importance[q.ranking.front()], 1)
         << "%)\n";
    }
  }
  return os.str();
}

}  // namespace outturn
