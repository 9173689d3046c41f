// SPDX-License-Identifier: MIT
// Goal seek: one driver (a scan, then TOMS748), several drivers (least-distance steps with
// bounds, least_distance.h), and the break-even table of each top driver alone.
#include "outturn/analysis/goalseek.h"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <map>

#include "analysis/analysis_internal.h"
#include "analysis/least_distance.h"
#include "base/enum_table.h"
#include "base/text_util.h"
#include "outturn/analysis/verdict.h"

namespace outturn {
namespace {

using internal::CheckInput;
using internal::EnumEntry;
using internal::EnumName;
using internal::EvaluateExplained;
using internal::FormatNumber;
using internal::HasForecast;
using internal::kInf;
using internal::kNaN;
using internal::LeastDistance;
using internal::NamesOf;
using internal::OptionFail;
using internal::TornadoOn;
using internal::ValueText;

const EnumEntry<GoalSeekStatus> kGoalSeekStatus[] = {{GoalSeekStatus::kSolved, "solved"},
                                                     {GoalSeekStatus::kNoSolutionInBracket, "no_solution_in_bracket"},
                                                     {GoalSeekStatus::kNotConverged, "not_converged"}};

}  // namespace

// ---------------------------------------------------------------------------------------
// Goal seek

Aim ParseAim(const std::string& text) {
  Aim a;
  if (text == "nearest") return a;
  if (text == "low")
    a.kind = Aim::Kind::kLow;
  else if (text == "high")
    a.kind = Aim::Kind::kHigh;
  else if (text == "mid")
    a.kind = Aim::Kind::kMid;
  else if (auto v = ParseValue(text, false)) {
    a.kind = Aim::Kind::kValue;
    a.value = *v;
  } else {
    throw UsageError("--aim must be nearest, low, high, mid or a value inside the range (got '" + text + "')");
  }
  return a;
}

std::string ToString(const Aim& a) {
  switch (a.kind) {
    case Aim::Kind::kNearest: return "nearest";
    case Aim::Kind::kLow: return "low";
    case Aim::Kind::kHigh: return "high";
    case Aim::Kind::kMid: return "mid";
    case Aim::Kind::kValue: return FormatNumber(a.value);
  }
  return "";
}

Goal TargetGoal(const Model& m, int t, const Aim& aim) {
  if (t < 0 || t >= static_cast<int>(m.targets().size()))
    throw UsageError("target index " + std::to_string(t) + " out of range");
  const Target& tg = m.targets()[t];
  Goal g{Kpi{tg.name, {tg.line, tg.column}, t}, tg.value, tg.direction, std::nullopt};
  if (!tg.is_range()) return g;
  const double lo = tg.value, hi = tg.high;
  g.range = std::make_pair(lo, hi);
  auto at = [&](double point, Direction d) {
    g.target = point;
    g.direction = d;
    return g;
  };
  switch (aim.kind) {
    case Aim::Kind::kLow: return at(lo, Direction::kAtLeast);
    case Aim::Kind::kHigh: return at(hi, Direction::kAtMost);
    default: break;
  }
  double point = 0.5 * (lo + hi);
  if (aim.kind == Aim::Kind::kValue) {
    if (!(aim.value >= lo && aim.value <= hi))
      throw UsageError("--aim " + FormatNumber(aim.value) + " lies outside the range [" + FormatNumber(lo) + ", " +
                       FormatNumber(hi) + "] of target '" + tg.name + "'");
    point = aim.value;
  }
  // The KPI as the model stands: which edge is nearer, or which side it comes from.
  const double x = Run(m).at(tg.line, tg.column);
  if (aim.kind == Aim::Kind::kNearest) {
    const double edge = tg.NearestEdge(x);
    return at(edge, edge == lo ? Direction::kAtLeast : Direction::kAtMost);
  }
  return at(point, x < point ? Direction::kAtLeast : Direction::kAtMost);
}

std::vector<Goal> OpenTargetGoals(const Model& m, const Aim& aim) {
  std::vector<Goal> out;
  for (int t = 0; t < static_cast<int>(m.targets().size()); ++t)
    if (HasForecast(m, m.targets()[t].column)) out.push_back(TargetGoal(m, t, aim));
  return out;
}

std::string ToString(GoalSeekStatus s) { return EnumName(kGoalSeekStatus, s); }

void GoalSeekOptions::Validate() const {
  if (!(tolerance >= 1e-15 && tolerance <= 0.1))
    OptionFail("GoalSeekOptions::tolerance", FormatNumber(tolerance), "must be in [1e-15, 0.1]");
  if (max_iterations < 1)
    OptionFail("GoalSeekOptions::max_iterations", std::to_string(max_iterations), "must be at least 1");
  if (bracket && !(std::isfinite(bracket->first) && std::isfinite(bracket->second) && bracket->first < bracket->second))
    OptionFail("GoalSeekOptions::bracket",
               "[" + FormatNumber(bracket->first) + ", " + FormatNumber(bracket->second) + "]", "finite low < high");
  if (!(default_span > 0 && std::isfinite(default_span)))
    OptionFail("GoalSeekOptions::default_span", FormatNumber(default_span), "must be positive");
  if (!(date_days > 0 && std::isfinite(date_days)))
    OptionFail("GoalSeekOptions::date_days", FormatNumber(date_days), "must be positive");
  if (scan_intervals < 1 || scan_intervals > 100000)
    OptionFail("GoalSeekOptions::scan_intervals", std::to_string(scan_intervals), "must be in [1, 100000]");
}

GoalSeekResult GoalSeek(const Model& m, const Goal& goal, const Input& input, const GoalSeekOptions& o) {
  o.Validate();
  CheckInput(m, input);
  if (!std::isfinite(goal.target)) throw UsageError("goal seek: the target must be finite");
  const Driver& d = m.drivers()[input.driver];
  GoalSeekResult r;
  r.goal = goal;
  r.input = input;
  r.input_name = InputName(m, input);
  r.own_value = r.value = InputValue(m, input);
  r.tolerance = o.tolerance * std::max(1.0, std::fabs(goal.target));

  if (o.bracket) {
    r.low = o.bracket->first;
    r.high = o.bracket->second;
    if (d.bounds && (r.low < d.bounds->first || r.high > d.bounds->second))
      throw UsageError("goal seek: the bracket [" + ValueText(d, r.low) + ", " + ValueText(d, r.high) +
                       "] leaves the bounds of driver '" + d.name + "' [" + ValueText(d, d.bounds->first) + ", " +
                       ValueText(d, d.bounds->second) + "]");
  } else if (d.bounds) {
    r.low = d.bounds->first;
    r.high = d.bounds->second;
  } else {
    const double span = d.is_date ? o.date_days : o.default_span * std::max(1.0, std::fabs(r.own_value));
    r.low = r.own_value - span;
    r.high = r.own_value + span;
  }

  const Program p(m, {input}, {goal.kpi.cell});
  const double s = goal.direction == Direction::kAtLeast ? 1.0 : -1.0;
  std::map<double, double> seen;  // x -> KPI - target, every evaluation
  BatchMatrix one(1, 1);
  auto f = [&](double x) {
    auto it = seen.find(x);
    if (it != seen.end()) return it->second;
    one(0, 0) = x;
    const double y = EvaluateExplained(p, one, [&](int) { return r.input_name + " = " + ValueText(d, x); })(0, 0);
    ++r.evaluations;
    return seen[x] = y - goal.target;
  };
  auto met = [&](double fx) { return s * fx >= 0; };
  r.kpi_own = f(r.own_value) + goal.target;
  r.kpi_value = r.kpi_own;

  auto finish = [&](GoalSeekStatus st, std::string msg) {
    r.status = st;
    r.message = std::move(msg);
    if (st == GoalSeekStatus::kSolved) {
      r.kpi_value = seen.at(r.value) + goal.target;
      r.overrides = {DriverOverride{d.name, r.value, input.period}};
    } else {
      r.value = r.own_value;
      r.kpi_value = r.kpi_own;
    }
    return r;
  };
  auto no_bracket_text = [&]() { return "[" + ValueText(d, r.low) + ", " + ValueText(d, r.high) + "]"; };

  if (r.low == r.high) {  // a fixed driver (bounds [v, v])
    if (met(seen.at(r.own_value)) && std::fabs(seen.at(r.own_value)) <= r.tolerance) {
      r.value = r.own_value;
      return finish(GoalSeekStatus::kSolved, "the driver is fixed at a value that meets the target");
    }
    r.met_throughout = met(seen.at(r.own_value));
    return finish(GoalSeekStatus::kNoSolutionInBracket, "no solution within " + no_bracket_text() + ": driver '" +
                                                            d.name + "' is fixed by its bounds (" +
                                                            (r.met_throughout ? "met" : "missed") + " there)");
  }

  // 1. Scan the bracket in one batch for sign changes of KPI - target.
  const int N = o.scan_intervals;
  BatchMatrix xs(1, N + 1);
  for (int k = 0; k <= N; ++k) xs(0, k) = k == N ? r.high : r.low + (r.high - r.low) * k / N;
  const BatchMatrix ys = EvaluateExplained(p, xs, [&](int c) { return r.input_name + " = " + ValueText(d, xs(0, c)); });
  r.evaluations += N + 1;
  double fmin = kInf, fmax = -kInf;
  for (int k = 0; k <= N; ++k) {
    seen[xs(0, k)] = ys(0, k) - goal.target;
    fmin = std::min(fmin, ys(0, k));
    fmax = std::max(fmax, ys(0, k));
  }
  // The sign change nearest the driver's own value.
  int best = -1;
  double best_dist = kInf;
  for (int k = 0; k < N; ++k) {
    const double fa = seen[xs(0, k)], fb = seen[xs(0, k + 1)];
    if (!(fa == 0 || fb == 0 || (fa < 0) != (fb < 0))) continue;
    const double a = xs(0, k), b = xs(0, k + 1);
    const double dist = r.own_value < a ? a - r.own_value : (r.own_value > b ? r.own_value - b : 0.0);
    if (dist < best_dist) {
      best_dist = dist;
      best = k;
    }
  }
  if (best < 0) {
    // No sign change at any scanned point: the goal is met at all of them or at none.
    r.met_throughout = met(seen[xs(0, 0)]);
    return finish(GoalSeekStatus::kNoSolutionInBracket,
                  "no solution within " + no_bracket_text() + ": " + goal.kpi.name + " stays between " +
                      internal::Amount(fmin) + " and " + internal::Amount(fmax) + " there (target " +
                      internal::Amount(goal.target) + "): " + (r.met_throughout ? "met" : "missed") + " throughout");
  }

  // 2. TOMS748 on that interval. It stops when a point on the met side is within tolerance
  // (every evaluation is recorded), or when the bracket is a few ulps wide.
  double a = xs(0, best), b = xs(0, best + 1);
  double found = kNaN;
  auto consider = [&](double x, double fx) {
    if (met(fx) && std::fabs(fx) <= r.tolerance && (std::isnan(found) || std::fabs(fx) < std::fabs(seen.at(found))))
      found = x;
  };
  consider(a, seen[a]);
  consider(b, seen[b]);
  auto g = [&](double x) {
    const double fx = f(x);
    consider(x, fx);
    return fx;
  };
  auto tol = [&](double lo, double hi) {
    return !std::isnan(found) || std::fabs(hi - lo) <= 4 * DBL_EPSILON * std::max(std::fabs(lo), std::fabs(hi));
  };
  std::uintmax_t iters = static_cast<std::uintmax_t>(o.max_iterations);
  std::pair<double, double> last{a, b};
  if (std::isnan(found))
    last = boost::math::tools::toms748_solve(g, a, b, seen[a], seen[b], tol, iters);
  else
    iters = 0;
  r.iterations = static_cast<int>(iters);
  r.bracket_width = last.second - last.first;

  if (std::isnan(found)) {
    const bool out_of_iterations = r.iterations >= o.max_iterations;
    const double fa = seen.count(last.first) ? seen[last.first] : kNaN;
    const double fb = seen.count(last.second) ? seen[last.second] : kNaN;
    if (out_of_iterations)
      return finish(GoalSeekStatus::kNotConverged, "no convergence in " + std::to_string(o.max_iterations) +
                                                       " iterations; the root lies in [" + ValueText(d, last.first) +
                                                       ", " + ValueText(d, last.second) + "]");
    return finish(GoalSeekStatus::kNotConverged, "no root: " + goal.kpi.name + " jumps across the target at " +
                                                     r.input_name + " = " + ValueText(d, last.first) + " (from " +
                                                     internal::Amount(fa + goal.target) + " to " +
                                                     internal::Amount(fb + goal.target) + ")");
  }
  r.value = found;

  // 3. A date is a whole day: the day on the met side next to the root.
  if (d.is_date) {
    double chosen = kNaN;
    for (double day : {std::floor(found), std::ceil(found)}) {
      if (day < r.low || day > r.high) continue;
      const double fx = f(day);
      if (met(fx) && (std::isnan(chosen) || std::fabs(fx) < std::fabs(seen.at(chosen)))) chosen = day;
    }
    if (std::isnan(chosen))
      return finish(GoalSeekStatus::kNotConverged, "the root lies inside a day (" + r.input_name + " near " +
                                                       ValueText(d, found) +
                                                       "), and neither whole day next to it meets the target");
    r.value = chosen;
    return finish(GoalSeekStatus::kSolved,
                  r.input_name + " = " + ValueText(d, chosen) + " meets the target (rounded to the whole day)");
  }
  return finish(GoalSeekStatus::kSolved, r.input_name + " = " + FormatNumber(found) + " meets the target");
}

// ---------------------------------------------------------------------------------------
// Several drivers

void MultiGoalSeekOptions::Validate() const {
  if (!(tolerance >= 1e-15 && tolerance <= 0.1))
    OptionFail("MultiGoalSeekOptions::tolerance", FormatNumber(tolerance), "must be in [1e-15, 0.1]");
  if (max_iterations < 1)
    OptionFail("MultiGoalSeekOptions::max_iterations", std::to_string(max_iterations), "must be at least 1");
}

namespace {

// Every target of `m` before and after `overrides`; `goals` marks which were goals.
std::vector<TargetChange> TargetChanges(const Model& m, const std::vector<DriverOverride>& overrides,
                                        const std::vector<Goal>& goals) {
  const std::vector<TargetVerdict> before = Verdicts(Run(m));
  const std::vector<TargetVerdict> after = overrides.empty() ? before : Verdicts(Run(m.WithOverrides(overrides)));
  std::vector<TargetChange> out;
  for (size_t t = 0; t < m.targets().size(); ++t) {
    const Target& target = m.targets()[t];
    TargetChange c;
    c.name = target.name;
    c.span = before[t].span;
    c.target = target.value;
    c.high = target.is_range() ? target.high : target.value;
    c.direction = target.direction;
    c.before = before[t].forecast;
    c.after = after[t].forecast;
    c.met_before = before[t].met;
    c.met_after = after[t].met;
    // A range target is a goal when a goal aims at a point of it.
    c.goal = std::any_of(goals.begin(), goals.end(), [&](const Goal& g) {
      if (g.kpi.cell.line != target.line || g.kpi.cell.column != target.column) return false;
      if (target.is_range()) return g.range && g.range->first == target.value && g.range->second == target.high;
      return g.target == target.value && g.direction == target.direction;
    });
    out.push_back(c);
  }
  return out;
}

}  // namespace

MultiGoalSeekResult MultiGoalSeek(const Model& m, const std::vector<Goal>& user_goals, const std::vector<Input>& inputs,
                                  const MultiGoalSeekOptions& o) {
  o.Validate();
  if (user_goals.empty()) throw UsageError("goal seek needs at least one goal");
  std::vector<Goal> goals = user_goals;
  std::vector<std::string> kept;
  if (o.keep_met) {
    const std::vector<TargetVerdict> start = Verdicts(Run(m));
    for (const Goal& g : OpenTargetGoals(m)) {
      const bool is_goal = std::any_of(user_goals.begin(), user_goals.end(), [&](const Goal& u) {
        return u.kpi.cell.line == g.kpi.cell.line && u.kpi.cell.column == g.kpi.cell.column;
      });
      if (!is_goal && start[g.kpi.target].met) {
        if (g.range) {
          // A range kept met is kept within both edges.
          goals.push_back(TargetGoal(m, g.kpi.target, Aim{Aim::Kind::kLow, 0}));
          goals.push_back(TargetGoal(m, g.kpi.target, Aim{Aim::Kind::kHigh, 0}));
        } else {
          goals.push_back(g);
        }
        kept.push_back(g.kpi.name);
      }
    }
  }
  const size_t first_kept = user_goals.size();
  if (inputs.empty()) throw UsageError("goal seek needs at least one driver");
  for (const Goal& g : goals)
    if (!std::isfinite(g.target)) throw UsageError("goal seek: the target of '" + g.kpi.name + "' must be finite");
  for (const Input& in : inputs) {
    CheckInput(m, in);
    if (m.drivers()[in.driver].is_date)
      throw UsageError("goal seek on several drivers takes numeric drivers; solve date driver '" +
                       m.drivers()[in.driver].name + "' on its own");
  }
  MultiGoalSeekResult r;
  r.goals = goals;
  r.kept = kept;
  r.inputs = inputs;
  r.input_names = NamesOf(m, inputs);
  const int n = static_cast<int>(inputs.size()), G = static_cast<int>(goals.size());
  std::vector<Cell> cells;
  for (const Goal& g : goals) cells.push_back(g.kpi.cell);
  const Program p(m, inputs, cells);
  const Vector x0 = p.BaseInputs();
  r.own_values = x0;

  // Bounds and weights: z = W (x - x0) measures a change in fractions of each range.
  Vector lo(n), hi(n);
  r.weights.resize(n);
  for (int j = 0; j < n; ++j) {
    const Driver& d = m.drivers()[inputs[j].driver];
    lo[j] = d.bounds ? d.bounds->first : -kInf;
    hi[j] = d.bounds ? d.bounds->second : kInf;
    const double width = hi[j] - lo[j];
    r.weights[j] = (std::isfinite(width) && width > 0) ? 1 / width : (x0[j] != 0 ? 1 / std::fabs(x0[j]) : 1.0);
  }
  // Aim inside the met side by half the tolerance: a goal held at its aim lies between the
  // target and target + tolerance (on the met side) once the linearization error is below
  // half the tolerance.
  Vector tol(G), aim(G), side(G);
  std::vector<char> equal(G);  // an equation; kept goals are inequalities
  for (int i = 0; i < G; ++i) {
    equal[i] = o.equality && static_cast<size_t>(i) < first_kept;
    tol[i] = o.tolerance * std::max(1.0, std::fabs(goals[i].target));
    side[i] = goals[i].direction == Direction::kAtLeast ? 1.0 : -1.0;
    aim[i] = goals[i].target + side[i] * tol[i] / 2;
  }
  auto met = [&](int i, double y) {
    return side[i] * (y - goals[i].target) >= 0 && (!equal[i] || std::fabs(y - aim[i]) <= tol[i] / 2);
  };

  // Constraints of the linearized problem at x, as rows of C z >= h (each row scaled to unit
  // norm): side_i (y_i + J_i (x' - x)) >= side_i aim_i with x' = x0 + W^-1 z (both ways for
  // equality goals), and the bounds.
  auto constraints = [&](const Matrix& J, const Vector& y, const Vector& x, Matrix* C, Vector* h,
                         std::vector<std::string>* unmoved) {
    std::vector<Eigen::RowVectorXd> rows;
    std::vector<double> rhs;
    auto add = [&](Eigen::RowVectorXd row, double b) {
      const double norm = row.norm();
      if (norm == 0) return b <= 0;  // 0 >= b
      rows.push_back(row / norm);
      rhs.push_back(b / norm);
      return true;
    };
    for (int i = 0; i < G; ++i) {
      Eigen::RowVectorXd a(n);
      for (int j = 0; j < n; ++j) a[j] = J(i, j) / r.weights[j];
      const double b = aim[i] - y[i] + J.row(i).dot(x - x0);
      bool ok = add(side[i] * a, side[i] * b);
      if (equal[i]) ok = add(-side[i] * a, -side[i] * b) && ok;
      if (!ok) unmoved->push_back(goals[i].kpi.name);
    }
    for (int j = 0; j < n; ++j) {
      Eigen::RowVectorXd e = Eigen::RowVectorXd::Zero(n);
      e[j] = 1;
      if (std::isfinite(lo[j])) add(e, r.weights[j] * (lo[j] - x0[j]));
      if (std::isfinite(hi[j])) add(-e, -r.weights[j] * (hi[j] - x0[j]));
    }
    C->resize(static_cast<Eigen::Index>(rows.size()), n);
    h->resize(static_cast<Eigen::Index>(rows.size()));
    for (size_t k = 0; k < rows.size(); ++k) {
      C->row(static_cast<Eigen::Index>(k)) = rows[k];
      (*h)[static_cast<Eigen::Index>(k)] = rhs[k];
    }
  };

  Vector x = x0, y;
  Matrix J = p.Jacobian(x, &y);
  r.kpi_own = y;
  bool solved = false, infeasible = false;
  double last_step = kInf;
  std::vector<std::string> unmoved;
  for (r.iterations = 0;; ++r.iterations) {
    bool all_met = true;
    for (int i = 0; i < G; ++i) all_met = all_met && met(i, y[i]);
    // Done when every goal is met and the last step no longer moved the solution (it was
    // at the minimum of the linearized problem); a start that meets every goal is its own
    // minimum in inequality mode.
    if (all_met && (last_step <= 1e-12 || (r.iterations == 0 && !o.equality))) {
      solved = true;
      break;
    }
    if (r.iterations >= o.max_iterations) break;
    Matrix C;
    Vector h;
    unmoved.clear();
    constraints(J, y, x, &C, &h, &unmoved);
    if (!unmoved.empty()) {
      infeasible = true;
      break;
    }
    Vector z;
    if (!LeastDistance(C, h, &z)) {
      infeasible = true;
      break;
    }
    Vector next = x0 + (z.array() / r.weights.array()).matrix();
    for (int j = 0; j < n; ++j) {
      // A value within rounding of a bound is on it (the LDP solution is exact to ~1e-15).
      const double snap = 1e-12 * (std::isfinite(hi[j] - lo[j]) ? hi[j] - lo[j] : std::max(1.0, std::fabs(x0[j])));
      if (std::fabs(next[j] - lo[j]) <= snap) next[j] = lo[j];
      if (std::fabs(next[j] - hi[j]) <= snap) next[j] = hi[j];
      next[j] = std::clamp(next[j], lo[j], hi[j]);
    }
    last_step = (r.weights.array() * (next - x).array()).matrix().norm() / std::max(1.0, z.norm());
    x = next;
    J = p.Jacobian(x, &y);
  }

  r.values = x;
  r.kpi_values = y;
  r.weighted_change = (r.weights.array() * (x - x0).array()).matrix().norm();
  r.at_bound.resize(n);
  for (int j = 0; j < n; ++j) r.at_bound[j] = x[j] == lo[j] || x[j] == hi[j];
  std::vector<DriverOverride> at_x;
  for (int j = 0; j < n; ++j)
    if (x[j] != x0[j]) at_x.push_back({m.drivers()[inputs[j].driver].name, x[j], inputs[j].period});
  r.targets = TargetChanges(m, at_x, goals);
  if (solved) {
    r.overrides = at_x;
    r.status = GoalSeekStatus::kSolved;
    r.message = r.weighted_change == 0 ? "every goal is already met"
                                       : "every goal is met; weighted change " + FormatNumber(r.weighted_change);
    return r;
  }
  if (!unmoved.empty()) {
    r.status = GoalSeekStatus::kNoSolutionInBracket;
    r.message = "no solution: no driver given moves " + internal::JoinList(unmoved, true);
  } else if (infeasible) {
    r.status = GoalSeekStatus::kNoSolutionInBracket;
    r.message = "no solution within the drivers' bounds: the goals cannot all be met by moving " +
                internal::JoinList(r.input_names);
  } else {
    r.status = GoalSeekStatus::kNotConverged;
    r.message = "no convergence in " + std::to_string(o.max_iterations) + " iterations";
  }
  return r;
}

// ---------------------------------------------------------------------------------------
// Break-even

void BreakEvenOptions::Validate() const {
  if (top < 1) OptionFail("BreakEvenOptions::top", std::to_string(top), "must be at least 1");
  swing.Validate();
  seek.Validate();
}

BreakEvenResult BreakEven(const Model& m, const std::vector<Goal>& goals, const BreakEvenOptions& o) {
  o.Validate();
  BreakEvenResult r;
  r.goals = goals;
  if (!o.drivers.empty()) {
    for (const std::string& s : o.drivers) r.inputs.push_back(FindInput(m, s));
  } else if (!goals.empty()) {
    std::vector<Kpi> kpis;
    for (const Goal& g : goals) kpis.push_back(g.kpi);
    const TornadoResult t = TornadoOn(m, kpis, o.include_dates, o.swing);
    for (int j = 0; j < std::min<int>(o.top, static_cast<int>(t.top.size())); ++j)
      r.inputs.push_back(t.inputs[t.top[j]]);
  }
  r.input_names = NamesOf(m, r.inputs);
  r.own_values.resize(static_cast<Eigen::Index>(r.inputs.size()));
  for (size_t j = 0; j < r.inputs.size(); ++j) r.own_values[static_cast<Eigen::Index>(j)] = InputValue(m, r.inputs[j]);
  for (const Goal& g : goals)
    for (const Input& in : r.inputs) r.cells.push_back(GoalSeek(m, g, in, o.seek));
  return r;
}

}  // namespace outturn
