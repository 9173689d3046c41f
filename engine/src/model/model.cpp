// SPDX-License-Identifier: MIT
// Turning parsed files into a resolved model: scenarios applied, names resolved, actuals
// de-cumulated, cells ordered. Reconciling reported subtotals needs an evaluation, so it
// happens one stage later (main/model_api.cpp).
#include "outturn/model/model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <unordered_set>

#include <Eigen/Eigenvalues>

#include "model/model_data.h"
#include "base/text_util.h"

namespace outturn {
namespace internal {
namespace {

[[noreturn]] void FailAt(const std::shared_ptr<const YamlFile>& f, const SourceLocation& loc,
                         const std::string& key_path, const std::string& msg) {
  throw ModelError(loc, key_path, msg, f ? f->SourceLine(loc.line) : "");
}


// ---------------------------------------------------------------------------------------
// Scenarios

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
    FailAt(f, s.loc, s.key_path, d.is_date ? "must be a date YYYY-MM-DD (got '" + s.text + "')"
                                           : "must be a number (got '" + s.text + "')");
  if (d.bounds && (v < d.bounds->first || v > d.bounds->second))
    FailAt(f, s.loc, s.key_path, "value " + FormatNumber(v) + " is out of bounds [" +
                                     FormatNumber(d.bounds->first) + ", " + FormatNumber(d.bounds->second) + "]");
  if (s.period.empty()) {
    d.value = v;  // periods with their own value keep it
    return;
  }
  for (const Period& p : cal.periods()) {
    if (p.label == s.period) {
      d.by_period[p.index] = v;
      return;
    }
  }
  std::vector<std::string> labels;
  for (const Period& p : cal.periods()) labels.push_back(p.label);
  FailAt(f, s.driver_loc, s.key_path, "unknown period '" + s.period + "'" + Suggest(s.period, labels));
}

void ApplyScenario(const RawScenario& s, const Calendar& cal, std::vector<Driver>& drivers,
                   std::vector<RawLine>& lines) {
  for (const RawSet& set : s.sets) ApplySet(set, s.file, cal, drivers);
  for (const RawFormula& rf : s.formulas) {
    auto it = std::find_if(lines.begin(), lines.end(), [&](const RawLine& l) { return l.line.name == rf.line; });
    if (it == lines.end()) {
      std::vector<std::string> names;
      for (const RawLine& l : lines) names.push_back(l.line.name);
      FailAt(s.file, rf.line_loc, rf.src.key_path, "unknown line '" + rf.line + "'" + Suggest(rf.line, names));
    }
    it->formula = rf.expr;
    it->formula_src = rf.src;
    it->line.formula = rf.src.text;
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
    it->value = o.value;  // periods with their own value keep it
  } else {
    if (o.period >= cal.num_periods()) throw UsageError("driver '" + o.driver + "': period out of range");
    it->by_period[o.period] = o.value;
  }
}

// ---------------------------------------------------------------------------------------
// Name resolution

const char* const kFunctions[] = {"min", "max", "clamp", "abs", "sqrt", "exp", "log", "if", "prev",
                                  "lag", "at", "sum", "date", "after", "months_after", "ramp"};
const std::pair<const char*, Fact> kFacts[] = {
    {"period.index", Fact::kIndex}, {"period.quarter", Fact::kQuarter}, {"period.month", Fact::kMonth},
    {"period.months", Fact::kMonths}, {"period.days", Fact::kDays},     {"period.start", Fact::kStart},
    {"period.end", Fact::kEnd},       {"period.year", Fact::kYear},     {"period.actual", Fact::kActual}};

class Resolver {
 public:
  Resolver(const ModelData& m, const FormulaSource& src, int self, bool span_mode)
      : m_(m), src_(src), self_(self), span_mode_(span_mode) {}

  RExpr Resolve(const Expr& e) {
    RExpr r;
    r.offset = e.offset;
    switch (e.kind) {
      case Expr::Kind::kNumber:
        r.k = RExpr::K::kConst;
        r.value = e.number;
        return r;
      case Expr::Kind::kWord:
        src_.Fail(e.offset, "unexpected '" + e.text + "' (period labels go in at(x, 2Q10), dates in date(2010-09-01))");
      case Expr::Kind::kName:
        return ResolveName(e);
      case Expr::Kind::kUnary:
        r.k = RExpr::K::kOp;
        r.op = e.text == "-" ? Op::kNeg : Op::kNot;
        r.args.push_back(Resolve(*e.args[0]));
        return r;
      case Expr::Kind::kBinary: {
        static const std::pair<const char*, Op> ops[] = {
            {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}, {"/", Op::kDiv}, {"^", Op::kPow},
            {"<", Op::kLt},  {"<=", Op::kLe}, {">", Op::kGt},  {">=", Op::kGe}, {"==", Op::kEq},
            {"!=", Op::kNe}, {"and", Op::kAnd}, {"or", Op::kOr}};
        r.k = RExpr::K::kOp;
        for (const auto& [t, op] : ops) if (e.text == t) r.op = op;
        r.args.push_back(Resolve(*e.args[0]));
        r.args.push_back(Resolve(*e.args[1]));
        return r;
      }
      case Expr::Kind::kCall:
        return ResolveCall(e);
    }
    return r;
  }

 private:
  [[noreturn]] void NotInSpan(int offset, const std::string& what) {
    src_.Fail(offset, what + " cannot be used by a line with 'rollup: formula' (its formula is "
                             "recomputed from span totals)");
  }

  std::vector<std::string> AllNames() const {
    std::vector<std::string> names;
    for (const Driver& d : m_.drivers) names.push_back(d.name);
    for (const Line& l : m_.lines) names.push_back(l.name);
    for (const auto& [n, f] : kFacts) names.push_back(n);
    return names;
  }

  RExpr ResolveName(const Expr& e) {
    RExpr r;
    r.offset = e.offset;
    const std::string& n = e.text;
    if (n.rfind("period.", 0) == 0 || n == "period") {
      for (const auto& [fname, fact] : kFacts) {
        if (n == fname) {
          if (span_mode_) NotInSpan(e.offset, "a calendar fact");
          r.k = RExpr::K::kFact;
          r.fact = fact;
          return r;
        }
      }
      std::vector<std::string> names;
      for (const auto& [fname, fact] : kFacts) names.push_back(fname);
      src_.Fail(e.offset, "unknown calendar fact '" + n + "'" + Suggest(n, names));
    }
    if (auto it = m_.driver_index.find(n); it != m_.driver_index.end()) {
      if (span_mode_) NotInSpan(e.offset, "a driver");
      r.k = RExpr::K::kDriver;
      r.index = it->second;
      return r;
    }
    if (auto it = m_.line_index.find(n); it != m_.line_index.end()) {
      r.k = RExpr::K::kLine;
      r.index = it->second;
      return r;
    }
    for (const Line& l : m_.lines)
      if (l.name.rfind(n + ".", 0) == 0)
        src_.Fail(e.offset, "'" + n + "' is a group of lines, not a line; use sum(" + n + ")");
    src_.Fail(e.offset, "unknown name '" + n + "'" + Suggest(n, AllNames()));
  }

  void Arity(const Expr& e, size_t lo, size_t hi, const char* usage) {
    if (e.args.size() < lo || e.args.size() > hi)
      src_.Fail(e.offset, e.text + "() takes " + usage + " (got " + std::to_string(e.args.size()) +
                              " argument" + (e.args.size() == 1 ? "" : "s") + ")");
  }

  // The driver or line a prev/lag/at refers to.
  void Ref(const Expr& arg, const std::string& fn, RExpr* r) {
    if (arg.kind != Expr::Kind::kName)
      src_.Fail(arg.offset, fn + "() takes the name of a line or driver as its first argument");
    if (auto it = m_.driver_index.find(arg.text); it != m_.driver_index.end()) {
      r->ref_driver = true;
      r->index = it->second;
      return;
    }
    if (auto it = m_.line_index.find(arg.text); it != m_.line_index.end()) {
      r->ref_driver = false;
      r->index = it->second;
      return;
    }
    std::vector<std::string> names;
    for (const Driver& d : m_.drivers) names.push_back(d.name);
    for (const Line& l : m_.lines) names.push_back(l.name);
    src_.Fail(arg.offset, "unknown name '" + arg.text + "'" + Suggest(arg.text, names));
  }

  RExpr ResolveCall(const Expr& e) {
    RExpr r;
    r.offset = e.offset;
    const std::string& fn = e.text;
    auto args = [&]() {
      for (const auto& a : e.args) r.args.push_back(Resolve(*a));
    };
    auto unary = [&](Op op) {
      Arity(e, 1, 1, "one argument");
      r.k = RExpr::K::kOp;
      r.op = op;
      args();
      return r;
    };
    if (fn == "min" || fn == "max") {
      Arity(e, 2, 64, "two or more arguments");
      r.k = RExpr::K::kOp;
      r.op = fn == "min" ? Op::kMin : Op::kMax;
      // Fold the list into a left-nested chain.
      RExpr acc = Resolve(*e.args[0]);
      for (size_t i = 1; i < e.args.size(); ++i) {
        RExpr n;
        n.k = RExpr::K::kOp;
        n.op = r.op;
        n.offset = e.offset;
        n.args = {acc, Resolve(*e.args[i])};
        acc = n;
      }
      return acc;
    }
    if (fn == "clamp") {
      Arity(e, 3, 3, "three arguments (x, low, high)");
      RExpr mx;
      mx.k = RExpr::K::kOp;
      mx.op = Op::kMax;
      mx.offset = e.offset;
      mx.args = {Resolve(*e.args[0]), Resolve(*e.args[1])};
      r.k = RExpr::K::kOp;
      r.op = Op::kMin;
      r.args = {mx, Resolve(*e.args[2])};
      return r;
    }
    if (fn == "abs") return unary(Op::kAbs);
    if (fn == "sqrt") return unary(Op::kSqrt);
    if (fn == "exp") return unary(Op::kExp);
    if (fn == "log") return unary(Op::kLog);
    if (fn == "if") {
      Arity(e, 3, 3, "three arguments (condition, then, else)");
      r.k = RExpr::K::kIf;
      args();
      return r;
    }
    if (fn == "prev" || fn == "lag") {
      if (span_mode_) NotInSpan(e.offset, fn + "()");
      r.k = RExpr::K::kLag;
      size_t next = 1;
      if (fn == "prev") {
        Arity(e, 1, 2, "one or two arguments (name[, default])");
        r.lag = 1;
      } else {
        Arity(e, 2, 3, "two or three arguments (name, periods[, default])");
        const Expr& k = *e.args[1];
        if (k.kind != Expr::Kind::kNumber || k.number != std::floor(k.number) || k.number < 1 || k.number > 600)
          src_.Fail(k.offset, "lag() needs a whole number of periods from 1 to 600 as its second argument");
        r.lag = static_cast<int>(k.number);
        next = 2;
      }
      Ref(*e.args[0], fn, &r);
      if (e.args.size() > next) r.args.push_back(Resolve(*e.args[next]));
      return r;
    }
    if (fn == "at") {
      if (span_mode_) NotInSpan(e.offset, "at()");
      Arity(e, 2, 2, "two arguments (name, period)");
      r.k = RExpr::K::kAt;
      Ref(*e.args[0], fn, &r);
      const Expr& p = *e.args[1];
      if (p.kind != Expr::Kind::kWord && p.kind != Expr::Kind::kName)
        src_.Fail(p.offset, "at() needs a period or span label such as 2Q10 as its second argument");
      r.column = m_.calendar.FindColumn(p.text);
      if (r.column < 0) {
        auto labels = m_.calendar.ColumnLabels();
        src_.Fail(p.offset, "unknown period or span '" + p.text + "'" + Suggest(p.text, labels));
      }
      if (r.ref_driver && r.column >= m_.calendar.num_periods())
        src_.Fail(p.offset, "a driver has values per period, not per span");
      return r;
    }
    if (fn == "sum") {
      Arity(e, 1, 1, "one argument (a group of lines)");
      const Expr& g = *e.args[0];
      if (g.kind != Expr::Kind::kName) src_.Fail(g.offset, "sum() takes the name of a group of lines");
      r.k = RExpr::K::kSum;
      const std::string prefix = g.text + ".";
      // Lines with lines below them (linear in the lines, not quadratic: models may be big).
      std::unordered_set<std::string> parents;
      for (const Line& l : m_.lines)
        if (l.name.rfind(prefix, 0) == 0)
          for (size_t p = l.name.find('.', prefix.size()); p != std::string::npos; p = l.name.find('.', p + 1))
            parents.insert(l.name.substr(0, p));
      for (int i = 0; i < static_cast<int>(m_.lines.size()); ++i) {
        const std::string& n = m_.lines[i].name;
        if (i == self_ || n.rfind(prefix, 0) != 0) continue;
        if (!parents.count(n)) r.members.push_back(i);
      }
      if (r.members.empty()) {
        std::vector<std::string> groups;
        for (const Line& l : m_.lines)
          for (size_t p = l.name.find('.'); p != std::string::npos; p = l.name.find('.', p + 1))
            groups.push_back(l.name.substr(0, p));
        src_.Fail(g.offset, "no lines below '" + g.text + "'" + Suggest(g.text, groups));
      }
      return r;
    }
    if (fn == "date") {
      Arity(e, 1, 1, "one argument (YYYY-MM-DD)");
      const Expr& a = *e.args[0];
      auto d = a.kind == Expr::Kind::kWord ? ParseDate(a.text) : std::nullopt;
      if (!d) {
        const bool literal = a.kind == Expr::Kind::kWord || a.kind == Expr::Kind::kName ||
                             a.kind == Expr::Kind::kNumber;
        src_.Fail(a.offset, "date() needs a valid date YYYY-MM-DD" +
                                (literal ? " (got '" + a.text + "')" : std::string()));
      }
      r.k = RExpr::K::kConst;
      r.value = *d;
      return r;
    }
    if (fn == "after" || fn == "months_after") {
      if (span_mode_) NotInSpan(e.offset, fn + "()");
      Arity(e, 1, 1, "one argument (a date)");
      r.k = fn == "after" ? RExpr::K::kAfter : RExpr::K::kMonthsAfter;
      args();
      return r;
    }
    if (fn == "ramp") {
      if (span_mode_) NotInSpan(e.offset, "ramp()");
      Arity(e, 2, 2, "two arguments (start date, end date)");
      r.k = RExpr::K::kRamp;
      args();
      return r;
    }
    src_.Fail(e.offset, "unknown function '" + fn + "'" +
                            Suggest(fn, std::vector<std::string>(std::begin(kFunctions), std::end(kFunctions))));
  }

  const ModelData& m_;
  const FormulaSource& src_;
  int self_;
  bool span_mode_;
};

// ---------------------------------------------------------------------------------------
// Actuals

std::vector<std::optional<double>> Decumulate(const RawLine& rl, const Calendar& cal,
                                              const std::shared_ptr<const YamlFile>& f) {
  const int T = cal.num_periods(), A = cal.num_actual();
  std::vector<std::optional<double>> v(T);
  struct Given { int first, last; double value; const RawValue* raw; };
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
        if (v[t]) known += *v[t];
        else { unknown = t; ++n_unknown; }
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
      } else if (!r.args.empty()) {
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

// prev/lag without a default must not reach before the horizon in a period the formula runs.
void CheckReach(const ModelData& m, const RExpr& r, int t, const FormulaSource& src) {
  if (r.k == RExpr::K::kLag && t - r.lag < 0) {
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

// ---------------------------------------------------------------------------------------
// Scenario chains

// Higham (2002), "Computing the nearest correlation matrix -- a problem from finance",
// IMA J. Numer. Anal. 22: alternating projections onto the positive semi-definite matrices
// and the unit-diagonal matrices, with Dykstra's correction.
Eigen::MatrixXd NearestCorrelation(const Eigen::MatrixXd& a) {
  const int n = static_cast<int>(a.rows());
  Eigen::MatrixXd y = a, ds = Eigen::MatrixXd::Zero(n, n), x = a;
  for (int it = 0; it < 1000; ++it) {
    const Eigen::MatrixXd r = y - ds;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(r);
    x = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).asDiagonal() * es.eigenvectors().transpose();
    ds = x - r;
    Eigen::MatrixXd next = x;
    next.diagonal().setOnes();
    const double change = (next - y).norm();
    y = next;
    if (change < 1e-12 * n) break;
  }
  // Clip what rounding left below zero, and rescale to a unit diagonal.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(y);
  y = es.eigenvectors() * es.eigenvalues().cwiseMax(1e-12).asDiagonal() * es.eigenvectors().transpose();
  const Eigen::VectorXd d = y.diagonal().cwiseSqrt().cwiseInverse();
  return d.asDiagonal() * y * d.asDiagonal();
}

std::vector<Correlation> ResolveCorrelations(const RawModel& raw, const std::vector<Driver>& drivers) {
  std::vector<Correlation> out;
  std::vector<int> owner(drivers.size(), -1);
  for (size_t g = 0; g < raw.correlations.size(); ++g) {
    const RawCorrelation& rc = raw.correlations[g];
    Correlation c;
    for (size_t i = 0; i < rc.drivers.size(); ++i) {
      const std::string& n = rc.drivers[i];
      int d = -1;
      for (size_t k = 0; k < drivers.size(); ++k) if (drivers[k].name == n) d = static_cast<int>(k);
      if (d < 0) {
        std::vector<std::string> names;
        for (const Driver& x : drivers) names.push_back(x.name);
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers", UnknownName("driver", n, names));
      }
      if (drivers[d].distribution.type == DistributionType::kNone)
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers", "driver '" + n + "' has no distribution to correlate");
      if (owner[d] >= 0)
        FailAt(raw.file, rc.driver_locs[i], rc.key_path + ".drivers",
               "driver '" + n + "' is already in correlations[" + std::to_string(owner[d]) + "]");
      owner[d] = static_cast<int>(g);
      c.drivers.push_back(d);
    }
    const int k = static_cast<int>(c.drivers.size());
    Eigen::MatrixXd m = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(rc.matrix.data(), k, k);
    const double smallest = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m).eigenvalues().minCoeff();
    if (smallest < -1e-10) {
      if (!rc.nearest)
        FailAt(raw.file, rc.loc, rc.key_path + ".matrix",
               "not positive semi-definite (smallest eigenvalue " + FormatNumber(smallest) +
                   "); fix the matrix, or set 'nearest: true' to use the nearest correlation matrix (Higham 2002)");
      m = NearestCorrelation(m);
      c.adjusted = true;
    }
    for (int r = 0; r < k; ++r)
      for (int col = 0; col < k; ++col) c.matrix.push_back(m(r, col));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

std::shared_ptr<const ModelData> Finalize(std::shared_ptr<const RawModel> raw,
                                          std::vector<std::shared_ptr<const RawScenario>> applied,
                                          std::vector<DriverOverride> overrides,
                                          const std::string& path) {
  auto m = std::make_shared<ModelData>();
  m->raw = raw;
  m->applied = applied;
  m->overrides = overrides;
  m->path = path;
  m->calendar = raw->calendar;
  const Calendar& cal = m->calendar;
  const int T = cal.num_periods(), C = cal.num_columns(), A = cal.num_actual();
  const auto& f = raw->file;

  // 1. Scenarios and overrides.
  m->drivers = raw->drivers;
  std::vector<RawLine> lines = raw->lines;
  for (const auto& s : applied) {
    ApplyScenario(*s, cal, m->drivers, lines);
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
        FailAt(f, rv.loc, rv.key_path, "reported values are for reported periods only (last: " +
                                           (A ? cal.periods()[A - 1].label : std::string("none")) + ")");
      l.reported[col] = rv.value;
    }
  }

  // 4. Formulas.
  m->formulas.resize(lines.size());
  m->span_formulas.resize(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!lines[i].formula) continue;
    m->formulas[i] = Resolver(*m, m->sources[i], static_cast<int>(i), false).Resolve(*lines[i].formula);
    if (m->lines[i].rollup == Rollup::kFormula)
      m->span_formulas[i] = Resolver(*m, m->sources[i], static_cast<int>(i), true).Resolve(*lines[i].formula);
  }

  // 5. Targets.
  for (const RawTarget& rt : raw->targets) {
    Target t = rt.target;
    auto it = m->line_index.find(rt.line_name);
    if (it == m->line_index.end()) {
      std::vector<std::string> names;
      for (const Line& l : m->lines) names.push_back(l.name);
      FailAt(f, rt.line_loc, rt.key_path + ".line", "unknown line '" + rt.line_name + "'" + Suggest(rt.line_name, names));
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
    for (const auto& [col, rv] : lines[i].reported)
      m->reported_checks.push_back({static_cast<int>(i), col, rv});
  return m;
}

}  // namespace internal

// ---------------------------------------------------------------------------------------
// Model

const std::string& Model::name() const { return data_->raw->name; }
const std::string& Model::description() const { return data_->raw->description; }
const std::string& Model::currency() const { return data_->raw->currency; }
const std::string& Model::unit() const { return data_->raw->unit; }
const std::string& Model::path() const { return data_->path; }
const std::string& Model::scenario() const { return data_->scenario; }
const std::string& Model::scenario_description() const { return data_->scenario_description; }
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
