// SPDX-License-Identifier: MIT
#include "compile/compiler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

#include "base/text_util.h"
#include "model/model_data.h"

namespace outturn::internal {

// Defined in program.cpp: the NumericalError for a non-finite cell.
[[noreturn]] void ThrowNonFinite(const ModelData& m, int cell, double value, long long scenario);

namespace {

struct Val {
  int vreg = -1;  // -1: constant
  double c = 0;
  bool is_const() const { return vreg < 0; }
  static Val Const(double v) {
    Val x;
    x.c = v;
    return x;
  }
  static Val Reg(int r) {
    Val x;
    x.vreg = r;
    return x;
  }
};

class Compiler {
 public:
  explicit Compiler(Tape* t) : t_(*t), m_(t->model.data()), cal_(m_.calendar) {}

  void Run() {
    const int L = static_cast<int>(m_.lines.size()), C = cal_.num_columns(), T = cal_.num_periods();
    // Inputs.
    for (const Input& in : t_.inputs) {
      if (in.driver < 0 || in.driver >= static_cast<int>(m_.drivers.size()))
        throw UsageError("input driver index " + std::to_string(in.driver) + " out of range");
      if (in.period < -1 || in.period >= T)
        throw UsageError("input period " + std::to_string(in.period) + " out of range for driver '" +
                         m_.drivers[in.driver].name + "'");
      for (const Input& o : t_.inputs)
        if (&o != &in && o == in) throw UsageError("driver '" + m_.drivers[in.driver].name + "' is an input twice");
      input_vreg_.push_back(NewReg());
    }
    // Outputs: all cells when none are given.
    if (t_.outputs.empty())
      for (int l = 0; l < L; ++l)
        for (int c = 0; c < C; ++c) t_.outputs.push_back({l, c});
    for (const Cell& o : t_.outputs)
      if (o.line < 0 || o.line >= L || o.column < 0 || o.column >= C)
        throw UsageError("output cell (" + std::to_string(o.line) + ", " + std::to_string(o.column) + ") out of range");

    // 1. Lower every cell in dependency order.
    cell_.assign(static_cast<size_t>(L) * C, Val());
    for (int cell : m_.cell_order) {
      const int line = cell / C, col = cell % C;
      Val v = LowerCell(line, col);
      if (v.is_const()) {
        if (!std::isfinite(v.c)) ThrowNonFinite(m_, cell, v.c, -1);
      } else if (t_.options.check_finite && !reg_cell_.count(v.vreg)) {
        reg_cell_[v.vreg] = cell;
      }
      cell_[cell] = v;
    }
    std::vector<Val> outs;
    for (const Cell& o : t_.outputs) outs.push_back(cell_[static_cast<size_t>(o.line) * C + o.column]);

    // 2. Dead code: keep what feeds an output.
    std::vector<char> live(nregs_, 0);
    for (const Val& v : outs)
      if (!v.is_const()) live[v.vreg] = 1;
    std::vector<Instr> kept;
    for (auto it = code_.rbegin(); it != code_.rend(); ++it) {
      if (!live[it->dst]) continue;
      kept.push_back(*it);
      const int n = Arity(it->op);
      live[it->a] = 1;
      if (n > 1) live[it->b] = 1;
      if (n > 2) live[it->c] = 1;
    }
    std::reverse(kept.begin(), kept.end());

    // 3. Guards. A NaN or infinity in a line cell must be caught. Outputs are guarded; a
    // value is "covered" when a non-finite value in it would make a covered value
    // non-finite too (it feeds an op that propagates NaN/inf from that operand: +, -, *,
    // the numerator of /, ...). Only line cells that are not covered get a guard of their
    // own: most cells feed a sum and cost nothing.
    int guard = -1;
    std::vector<Instr> code;
    if (t_.options.check_finite) {
      guard = NewReg();
      std::vector<char> covered(nregs_, 0);
      std::vector<int> extra;  // vregs guarded at the end (outputs)
      for (const Val& v : outs)
        if (!v.is_const() && !covered[v.vreg]) {
          covered[v.vreg] = 1;
          extra.push_back(v.vreg);
        }
      for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        if (!covered[it->dst]) continue;
        switch (it->op) {
          case Op::kAdd:
          case Op::kSub:
          case Op::kMul: covered[it->a] = covered[it->b] = 1; break;
          case Op::kDiv: covered[it->a] = 1; break;  // x / inf = 0: the denominator can mask
          case Op::kNeg:
          case Op::kAbs:
          case Op::kSqrt:
          case Op::kLog:
          case Op::kCopy: covered[it->a] = 1; break;
          default: break;  // min, max, select, comparisons, exp(-inf) = 0, pow: can mask
        }
      }
      for (const Instr& in : kept) {
        code.push_back(in);
        if (reg_cell_.count(in.dst) && !covered[in.dst]) code.push_back({Op::kGuard, guard, guard, in.dst, 0});
      }
      for (int r : extra) code.push_back({Op::kGuard, guard, guard, r, 0});
    } else {
      code = kept;
    }

    // 4. Slots. Constants and the guard are pinned; the rest are reused after last use.
    std::vector<int> last_use(nregs_, -1);
    for (int i = 0; i < static_cast<int>(code.size()); ++i) {
      const Instr& in = code[i];
      const int n = in.op == Op::kGuard ? 2 : Arity(in.op);
      last_use[in.a] = i;
      if (n > 1) last_use[in.b] = i;
      if (n > 2) last_use[in.c] = i;
    }
    const int kForever = 1 << 30;
    for (const Val& v : outs)
      if (!v.is_const()) last_use[v.vreg] = kForever;
    std::vector<int> slot(nregs_, -1);
    int next_slot = 0;
    for (const auto& [bits, reg] : const_reg_) {
      if (last_use[reg] < 0) continue;
      slot[reg] = next_slot++;
      double v;
      std::memcpy(&v, &bits, sizeof v);
      t_.constants.push_back({slot[reg], v});
      last_use[reg] = kForever;
    }
    if (guard >= 0) {
      slot[guard] = next_slot++;
      last_use[guard] = kForever;
      t_.guard_slot = slot[guard];
    }
    std::vector<int> free_slots;
    auto take = [&]() {
      if (!free_slots.empty()) {
        int s = free_slots.back();
        free_slots.pop_back();
        return s;
      }
      return next_slot++;
    };
    // Inputs keep their rows for the whole block (a failed guard re-reads them), and every
    // input has a row, used or not, so that callers may write all of them.
    for (size_t k = 0; k < input_vreg_.size(); ++k) {
      const int r = input_vreg_[k];
      slot[r] = next_slot++;
      last_use[r] = kForever;
      t_.input_slots.push_back(slot[r]);
    }
    for (int i = 0; i < static_cast<int>(code.size()); ++i) {
      Instr& in = code[i];
      const int n = in.op == Op::kGuard ? 2 : Arity(in.op);
      const int regs[3] = {in.a, in.b, in.c};
      if (slot[in.dst] < 0) slot[in.dst] = take();
      for (int j = 0; j < n; ++j) {
        const int r = regs[j];
        if (last_use[r] == i && r != in.dst) {
          free_slots.push_back(slot[r]);
          last_use[r] = -2;  // freed once
        }
      }
      in.dst = slot[in.dst];
      in.a = slot[regs[0]];
      in.b = n > 1 ? slot[regs[1]] : 0;
      in.c = n > 2 ? slot[regs[2]] : 0;
    }
    t_.code = std::move(code);
    t_.num_slots = std::max(next_slot, 1);
    for (const Val& v : outs) {
      t_.output_slots.push_back(v.is_const() ? -1 : slot[v.vreg]);
      t_.output_constants.push_back(v.is_const() ? v.c : 0.0);
    }
  }

 private:
  int NewReg() { return nregs_++; }

  int ConstReg(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof v);
    auto it = const_reg_.find(bits);
    if (it != const_reg_.end()) return it->second;
    const int r = NewReg();
    const_reg_[bits] = r;
    return r;
  }
  int RegOf(const Val& v) { return v.is_const() ? ConstReg(v.c) : v.vreg; }

  Val Emit(Op op, Val a, Val b = Val::Const(0), Val c = Val::Const(0)) {
    // x ^ k for a whole constant k in [0, 64] is a chain of multiplications (square and
    // multiply), folded or not alike, so a folded constant and a lane agree to the bit.
    if (op == Op::kPow && b.is_const() && b.c == std::floor(b.c) && b.c >= 0 && b.c <= 64) {
      int k = static_cast<int>(b.c);
      Val result = Val::Const(1), base = a;
      while (k > 0) {
        if (k & 1) result = Emit(Op::kMul, result, base);
        k >>= 1;
        if (k) base = Emit(Op::kMul, base, base);
      }
      return result;
    }
    const int n = Arity(op);
    const bool all_const = a.is_const() && (n < 2 || b.is_const()) && (n < 3 || c.is_const());
    if (all_const) return Val::Const(ApplyScalar(op, a.c, b.c, c.c));
    // Identities that hold for every finite and non-finite x alike.
    if (op == Op::kAdd && b.is_const() && b.c == 0 && !std::signbit(b.c)) return a;
    if (op == Op::kAdd && a.is_const() && a.c == 0 && !std::signbit(a.c)) return b;
    if (op == Op::kSub && b.is_const() && b.c == 0) return a;
    if (op == Op::kMul && b.is_const() && b.c == 1) return a;
    if (op == Op::kMul && a.is_const() && a.c == 1) return b;
    if (op == Op::kDiv && b.is_const() && b.c == 1) return a;
    if (op == Op::kCopy) return a;
    if (op == Op::kSelect && a.is_const()) return a.c != 0 ? b : c;
    int ra = RegOf(a), rb = n > 1 ? RegOf(b) : 0, rc = n > 2 ? RegOf(c) : 0;
    if ((op == Op::kAdd || op == Op::kMul) && rb < ra) std::swap(ra, rb);  // commutative in IEEE
    // Common subexpressions: the same op on the same registers is computed once.
    const std::uint64_t key = (static_cast<std::uint64_t>(op) << 60) ^ (static_cast<std::uint64_t>(ra) << 40) ^
                              (static_cast<std::uint64_t>(rb) << 20) ^ static_cast<std::uint64_t>(rc);
    auto [it, fresh] = cse_.try_emplace(key, -1);
    if (!fresh) {
      const Instr& prev = code_[it->second];
      if (prev.op == op && prev.a == ra && prev.b == rb && prev.c == rc) return Val::Reg(prev.dst);
    }
    Instr in{op, NewReg(), ra, rb, rc};
    it->second = static_cast<int>(code_.size());
    code_.push_back(in);
    return Val::Reg(in.dst);
  }

  Val CellVal(int line, int col) const { return cell_[static_cast<size_t>(line) * cal_.num_columns() + col]; }

  Val DriverAt(int d, int t) {
    for (size_t k = 0; k < t_.inputs.size(); ++k)
      if (t_.inputs[k].driver == d && t_.inputs[k].period == t) return Val::Reg(input_vreg_[k]);
    const Driver& drv = m_.drivers[d];
    // A driver's value input moves its forecast periods only: reported periods are locked.
    if (t < drv.num_reported) return Val::Const(drv.ValueAt(t));
    for (size_t k = 0; k < t_.inputs.size(); ++k) {
      if (t_.inputs[k].driver != d || t_.inputs[k].period != -1) continue;
      const Val x = Val::Reg(input_vreg_[k]);
      auto it = drv.by_period.find(t);
      if (it == drv.by_period.end()) return x;
      // A forecast period of its own follows the value as Driver::ProfileAt says, with the
      // same operations, so that x == value gives the profile's value exactly.
      if (drv.ScalesProfile()) return Emit(Op::kMul, Emit(Op::kDiv, x, Val::Const(drv.value)), Val::Const(it->second));
      return Emit(Op::kAdd, Val::Const(it->second), Emit(Op::kSub, x, Val::Const(drv.value)));
    }
    return Val::Const(drv.ValueAt(t));
  }

  Val LowerCell(int line, int col) {
    const Line& l = m_.lines[line];
    const int T = cal_.num_periods();
    if (col < T) {
      if (l.actuals[col]) return Val::Const(*l.actuals[col]);
      return Lower(*m_.formulas[line], col);
    }
    auto [a, b] = cal_.ColumnRange(col);
    switch (l.rollup) {
      case Rollup::kSum:
      case Rollup::kAverage: {
        Val s = CellVal(line, a);
        for (int t = a + 1; t <= b; ++t) s = Emit(Op::kAdd, s, CellVal(line, t));
        return l.rollup == Rollup::kSum ? s : Emit(Op::kDiv, s, Val::Const(b - a + 1));
      }
      case Rollup::kLast: return CellVal(line, b);
      case Rollup::kFormula: return Lower(*m_.span_formulas[line], col);
    }
    return Val::Const(0);
  }

  double FactValue(Fact f, int t) const {
    const Period& p = cal_.periods()[t];
    switch (f) {
      case Fact::kIndex: return p.index;
      case Fact::kQuarter: return p.fy_quarter;
      case Fact::kMonth: return p.fy_month;
      case Fact::kMonths: return p.months;
      case Fact::kDays: return p.days();
      case Fact::kStart: return p.start_day;
      case Fact::kEnd: return p.end_day;
      case Fact::kYear: return p.fiscal_year;
      case Fact::kActual: return p.actual ? 1 : 0;
    }
    return 0;
  }

  // clamp((end - d) / (end - start), 0, 1): the fraction of [start, end) on or after d.
  Val FractionAfter(Val d, double start, double end) {
    Val x = Emit(Op::kDiv, Emit(Op::kSub, Val::Const(end), d), Val::Const(end - start));
    return Emit(Op::kMin, Emit(Op::kMax, x, Val::Const(0)), Val::Const(1));
  }

  // Average over [s, e) of r(t) = clamp((t - d0) / w, 0, 1), w = max(d1 - d0, 1e-9), via
  // its primitive G(t) = (clamp(t, d0, d1) - d0)^2 / (2w) + max(t - d1, 0).
  Val Ramp(Val d0, Val d1, double s, double e) {
    Val w = Emit(Op::kMax, Emit(Op::kSub, d1, d0), Val::Const(1e-9));
    Val two_w = Emit(Op::kMul, Val::Const(2), w);
    auto G = [&](double t) {
      Val u = Emit(Op::kSub, Emit(Op::kMin, Emit(Op::kMax, Val::Const(t), d0), d1), d0);
      Val sq = Emit(Op::kDiv, Emit(Op::kMul, u, u), two_w);
      return Emit(Op::kAdd, sq, Emit(Op::kMax, Emit(Op::kSub, Val::Const(t), d1), Val::Const(0)));
    };
    return Emit(Op::kDiv, Emit(Op::kSub, G(e), G(s)), Val::Const(e - s));
  }

  Val Lower(const RExpr& r, int col) {
    switch (r.k) {
      case RExpr::K::kConst: return Val::Const(r.value);
      case RExpr::K::kDriver: return DriverAt(r.index, col);
      case RExpr::K::kLine: return CellVal(r.index, col);
      case RExpr::K::kFact: return Val::Const(FactValue(r.fact, col));
      case RExpr::K::kOp: {
        Val a = Lower(r.args[0], col);
        Val b = r.args.size() > 1 ? Lower(r.args[1], col) : Val::Const(0);
        return Emit(r.op, a, b);
      }
      case RExpr::K::kIf: {
        Val c = Lower(r.args[0], col);
        if (c.is_const()) return Lower(r.args[c.c != 0 ? 1 : 2], col);
        return Emit(Op::kSelect, c, Lower(r.args[1], col), Lower(r.args[2], col));
      }
      case RExpr::K::kLag: {
        const int t = col - r.lag;
        if (t < 0) {
          // History is a fact: a constant, never an input.
          if (HistoryCovers(m_, r, col)) return Val::Const(m_.lines[r.index].history[-t - 1]);
          return Lower(r.args.at(0), col);
        }
        return r.ref_driver ? DriverAt(r.index, t) : CellVal(r.index, t);
      }
      case RExpr::K::kAt: return r.ref_driver ? DriverAt(r.index, r.column) : CellVal(r.index, r.column);
      case RExpr::K::kSum: {
        Val s = CellVal(r.members[0], col);
        for (size_t i = 1; i < r.members.size(); ++i) s = Emit(Op::kAdd, s, CellVal(r.members[i], col));
        return s;
      }
      case RExpr::K::kAfter: {
        const Period& p = cal_.periods()[col];
        return FractionAfter(Lower(r.args[0], col), p.start_day, p.end_day);
      }
      case RExpr::K::kMonthsAfter: {
        const Period& p = cal_.periods()[col];
        Val d = Lower(r.args[0], col);
        Val s = FractionAfter(d, p.month_starts[0], p.month_starts[1]);
        for (int k = 1; k < p.months; ++k)
          s = Emit(Op::kAdd, s, FractionAfter(d, p.month_starts[k], p.month_starts[k + 1]));
        return s;
      }
      case RExpr::K::kRamp: {
        const Period& p = cal_.periods()[col];
        return Ramp(Lower(r.args[0], col), Lower(r.args[1], col), p.start_day, p.end_day);
      }
    }
    return Val::Const(0);
  }

  Tape& t_;
  const ModelData& m_;
  const Calendar& cal_;
  int nregs_ = 0;
  std::vector<Instr> code_;
  std::vector<Val> cell_;
  std::vector<int> input_vreg_;
  std::map<std::uint64_t, int> const_reg_;
  std::unordered_map<int, int> reg_cell_;       // vreg -> first line cell it is the value of
  std::unordered_map<std::uint64_t, int> cse_;  // (op, a, b, c) -> index in code_
};

}  // namespace

void Compile(Tape* tape) { Compiler(tape).Run(); }

}  // namespace outturn::internal
