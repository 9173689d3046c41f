// SPDX-License-Identifier: MIT
// Name resolution: a parsed formula (load/formula.h) becomes an RExpr whose every name is an
// index (driver, line, calendar fact, period or span), with the function arities and the
// rules of span formulas checked.
#include "model/resolve.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/text_util.h"

namespace outturn::internal {
namespace {

const char* const kFunctions[] = {"min",  "max", "clamp", "abs", "sqrt", "exp",   "log",          "if",
                                  "prev", "lag", "at",    "sum", "date", "after", "months_after", "ramp"};
const std::pair<const char*, Fact> kFacts[] = {
    {"period.index", Fact::kIndex},   {"period.quarter", Fact::kQuarter}, {"period.month", Fact::kMonth},
    {"period.months", Fact::kMonths}, {"period.days", Fact::kDays},       {"period.start", Fact::kStart},
    {"period.end", Fact::kEnd},       {"period.year", Fact::kYear},       {"period.actual", Fact::kActual}};

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
      case Expr::Kind::kName: return ResolveName(e);
      case Expr::Kind::kUnary:
        r.k = RExpr::K::kOp;
        r.op = e.text == "-" ? Op::kNeg : Op::kNot;
        r.args.push_back(Resolve(*e.args[0]));
        return r;
      case Expr::Kind::kBinary: {
        static const std::pair<const char*, Op> ops[] = {
            {"+", Op::kAdd}, {"-", Op::kSub},   {"*", Op::kMul}, {"/", Op::kDiv}, {"^", Op::kPow},
            {"<", Op::kLt},  {"<=", Op::kLe},   {">", Op::kGt},  {">=", Op::kGe}, {"==", Op::kEq},
            {"!=", Op::kNe}, {"and", Op::kAnd}, {"or", Op::kOr}};
        r.k = RExpr::K::kOp;
        for (const auto& [t, op] : ops)
          if (e.text == t) r.op = op;
        r.args.push_back(Resolve(*e.args[0]));
        r.args.push_back(Resolve(*e.args[1]));
        return r;
      }
      case Expr::Kind::kCall: return ResolveCall(e);
    }
    return r;
  }

 private:
  [[noreturn]] void NotInSpan(int offset, const std::string& what) {
    src_.Fail(offset, what +
                          " cannot be used by a line with 'rollup: formula' (its formula is "
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
      src_.Fail(e.offset, UnknownName("calendar fact", n, names));
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
    src_.Fail(e.offset, UnknownName("name", n, AllNames()));
  }

  void Arity(const Expr& e, size_t lo, size_t hi, const char* usage) {
    if (e.args.size() < lo || e.args.size() > hi)
      src_.Fail(e.offset, e.text + "() takes " + usage + " (got " + std::to_string(e.args.size()) + " argument" +
                              (e.args.size() == 1 ? "" : "s") + ")");
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
    src_.Fail(arg.offset, UnknownName("name", arg.text, names));
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
      if (e.args.size() > next) {
        // The default stands for the values before the horizon (those no history covers); an
        // expression would be computed in the period being computed, not the one reached.
        const Expr& d = *e.args[next];
        const bool number = d.kind == Expr::Kind::kNumber ||
                            (d.kind == Expr::Kind::kUnary && d.text == "-" && d.args[0]->kind == Expr::Kind::kNumber);
        if (!number)
          src_.Fail(d.offset, "the default of " + fn +
                                  "() must be a number (it is the value before the horizon; an expression would be "
                                  "computed in the current period, not the one reached): give the line history: "
                                  "or opening:, or write if(period.index < " +
                                  std::to_string(r.lag) + ", ..., " + fn + "(...))");
        r.args.push_back(Resolve(d));
      }
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
      if (const int back = r.column < 0 ? m_.calendar.FindBefore(p.text, 600) : 0; back > 0) {
        // A period before the horizon: the line's history, a constant.
        if (r.ref_driver) src_.Fail(p.offset, "a driver has no values before the horizon (" + p.text + ")");
        const Line& l = m_.lines[r.index];
        if (back > static_cast<int>(l.history.size()))
          src_.Fail(p.offset, p.text + " is before the horizon and '" + l.name + "' has " +
                                  (l.history.empty()
                                       ? std::string("no history")
                                       : "history back to " +
                                             m_.calendar.LabelBefore(static_cast<int>(l.history.size())) + " only") +
                                  "; give it lines." + l.name + ".history");
        r.k = RExpr::K::kConst;
        r.value = l.history[back - 1];
        return r;
      }
      if (r.column < 0) {
        auto labels = m_.calendar.ColumnLabels();
        src_.Fail(p.offset, UnknownName("period or span", p.text, labels));
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
        const bool literal =
            a.kind == Expr::Kind::kWord || a.kind == Expr::Kind::kName || a.kind == Expr::Kind::kNumber;
        src_.Fail(a.offset,
                  "date() needs a valid date YYYY-MM-DD" + (literal ? " (got '" + a.text + "')" : std::string()));
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
    src_.Fail(e.offset,
              UnknownName("function", fn, std::vector<std::string>(std::begin(kFunctions), std::end(kFunctions))));
  }

  const ModelData& m_;
  const FormulaSource& src_;
  int self_;
  bool span_mode_;
};

}  // namespace

RExpr ResolveFormula(const ModelData& m, const FormulaSource& src, int self, bool span_mode, const Expr& e) {
  return Resolver(m, src, self, span_mode).Resolve(e);
}

}  // namespace outturn::internal
