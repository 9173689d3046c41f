// SPDX-License-Identifier: MIT
#include "outturn/analysis/verdict.h"

#include <cmath>
#include <optional>

#include "base/ops.h"
#include "model/model_data.h"

namespace outturn {
namespace {

using internal::RExpr;

// `e` (a span formula) over periods [p0, p1]: each line it names by its sum over them. Only
// constants, lines that roll up by sum and arithmetic; anything else (a driver, a calendar
// fact, a stock) has no value over an arbitrary run of periods: nullopt.
std::optional<double> OverPeriods(const RExpr& e, const Results& r, int p0, int p1) {
  const Model& m = r.model();
  switch (e.k) {
    case RExpr::K::kConst: return e.value;
    case RExpr::K::kLine: {
      if (m.lines()[e.index].rollup != Rollup::kSum) return std::nullopt;
      double s = 0;
      for (int p = p0; p <= p1; ++p) s += r.at(e.index, p);
      return s;
    }
    case RExpr::K::kOp: {
      double a[3] = {0, 0, 0};
      if (e.args.size() > 3) return std::nullopt;
      for (size_t i = 0; i < e.args.size(); ++i) {
        auto v = OverPeriods(e.args[i], r, p0, p1);
        if (!v) return std::nullopt;
        a[i] = *v;
      }
      return internal::ApplyScalar(e.op, a[0], a[1], a[2]);
    }
    default: return std::nullopt;
  }
}

// A part of a ratio over the span, its reported periods and its open ones; additive when the
// span's value is the reported part plus the open one (a sum of summed lines is; a product
// of two is not, and then a ratio's open part is not defined).
struct Part {
  double span = 0, reported = 0, open = 0;
};
std::optional<Part> Additive(const RExpr& e, const Results& r, int first, int open_first, int last) {
  auto span = OverPeriods(e, r, first, last);
  auto open = OverPeriods(e, r, open_first, last);
  if (!span || !open) return std::nullopt;
  Part p{*span, 0, *open};
  if (open_first > first) {
    auto rep = OverPeriods(e, r, first, open_first - 1);
    if (!rep) return std::nullopt;
    p.reported = *rep;
  }
  const double scale = std::max({1.0, std::fabs(p.span), std::fabs(p.reported), std::fabs(p.open)});
  if (std::fabs(p.span - p.reported - p.open) > 1e-9 * scale) return std::nullopt;
  return p;
}

}  // namespace

std::vector<TargetVerdict> Verdicts(const Results& r) {
  const Model& m = r.model();
  const Calendar& cal = m.calendar();
  std::vector<TargetVerdict> out;
  for (const Target& t : m.targets()) {
    const Line& line = m.lines()[t.line];
    TargetVerdict v;
    v.name = t.name;
    v.line = line.name;
    v.span = cal.ColumnLabel(t.column);
    v.description = t.description;
    v.direction = t.direction;
    v.target = t.value;
    v.high = t.is_range() ? t.high : t.value;
    v.forecast = r.at(t.line, t.column);
    v.edge = t.NearestEdge(v.forecast);
    v.gap = v.forecast - v.edge;
    v.gap_pct = v.edge != 0 ? v.gap / std::fabs(v.edge) : 0.0;
    v.position = t.PositionOf(v.forecast);
    v.met = v.position == Position::kWithin;
    auto [first, last] = cal.ColumnRange(t.column);
    v.reported = last < cal.num_actual();
    if (v.reported) {
      out.push_back(v);
      continue;
    }
    const int open_first = std::max(first, cal.num_actual());
    auto label = [&](int a, int b) {
      return cal.periods()[a].label + (b > a ? ".." + cal.periods()[b].label : std::string());
    };
    const bool summed = t.column < cal.num_periods() || line.rollup == Rollup::kSum;
    if (summed) {
      v.has_open = true;
      for (int p = first; p <= last; ++p) {
        if (p < open_first)
          v.reported_to_date += r.at(t.line, p);
        else
          v.open_forecast += r.at(t.line, p);
      }
      v.open_required = v.target - v.reported_to_date;
      v.open_required_high = v.high - v.reported_to_date;
    } else if (line.rollup == Rollup::kFormula) {
      // A ratio N / D over the span: (N_reported + N_open) / (D_reported + D_open) = T gives,
      // with the open periods' D at its forecast, N_open = T D_span - N_reported, a ratio
      // over the open periods of N_open / D_open.
      const auto& f = m.data().span_formulas[t.line];
      if (!f || f->k != RExpr::K::kOp || f->op != internal::Op::kDiv) {
        out.push_back(v);
        continue;
      }
      auto n = Additive(f->args[0], r, first, open_first, last);
      auto d = Additive(f->args[1], r, first, open_first, last);
      if (!n || !d || d->open == 0) {
        out.push_back(v);
        continue;
      }
      v.has_open = true;
      v.open_ratio = true;
      v.reported_to_date = open_first > first ? n->reported / d->reported : NAN;
      v.open_forecast = n->open / d->open;
      v.open_required = (v.target * d->span - n->reported) / d->open;
      v.open_required_high = (v.high * d->span - n->reported) / d->open;
    } else {
      out.push_back(v);
      continue;
    }
    v.open_periods = last - open_first + 1;
    v.open_label = label(open_first, last);
    if (open_first > first) v.reported_label = label(first, open_first - 1);
    out.push_back(v);
  }
  return out;
}

}  // namespace outturn
