// SPDX-License-Identifier: MIT
// The compiler (compile/compiler.h) on tiny models, tape by tape: constant folding,
// identities, common subexpressions, dead-code elimination, and slot reuse checked by
// interpreting the tape one scalar at a time.
#include "compile/compiler.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "support/test_util.h"

using namespace outturn;
using internal::Instr;
using internal::Op;
using internal::Tape;

namespace {

const char* const kTiny =
    "calendar: {start: 2010-04, fiscal_year_label: start, periods: 2}\n"
    "drivers:\n"
    "  a: {value: 2}\n"
    "  b: {value: 3}\n"
    "lines:\n"
    "  x: {formula: a * b + 1 / 3}\n"
    "  y: {formula: x * 2}\n"
    "  unused: {formula: exp(a) - b}\n"
    "  twice: {formula: a * b + b * a}\n"
    "  ident: {formula: (a + 0) * 1}\n"
    "  chain: {formula: ((((((((a + 1) * 2) + 3) * 4) + 5) * 6) + 7) * 8)}\n";

Tape CompileTape(const Model& m, std::vector<Input> inputs, std::vector<Cell> outputs, bool check_finite = false) {
  Tape t(m);
  t.inputs = std::move(inputs);
  t.outputs = std::move(outputs);
  t.options.check_finite = check_finite;
  internal::Compile(&t);
  return t;
}

Cell At(const Model& m, const char* line, int column = 0) { return {m.FindLine(line), column}; }

// The tape run on one scenario, a scalar at a time: constants and inputs in their rows
// (every other row NaN), each instruction as ApplyScalar, outputs read from their rows.
std::vector<double> Interpret(const Tape& t, const std::vector<double>& inputs) {
  std::vector<double> ws(t.num_slots, std::nan(""));
  for (const auto& [slot, v] : t.constants) ws[slot] = v;
  if (t.guard_slot >= 0) ws[t.guard_slot] = 0;
  for (size_t k = 0; k < inputs.size(); ++k) ws[t.input_slots[k]] = inputs[k];
  for (const Instr& in : t.code) {
    const int n = internal::Arity(in.op);
    ws[in.dst] = internal::ApplyScalar(in.op, ws[in.a], n > 1 ? ws[in.b] : 0, n > 2 ? ws[in.c] : 0);
  }
  std::vector<double> out;
  for (size_t o = 0; o < t.output_slots.size(); ++o)
    out.push_back(t.output_slots[o] >= 0 ? ws[t.output_slots[o]] : t.output_constants[o]);
  return out;
}

// How many instructions of each op the tape holds (guards not counted).
std::map<Op, int> Ops(const Tape& t) {
  std::map<Op, int> n;
  for (const Instr& in : t.code)
    if (in.op != Op::kGuard) ++n[in.op];
  return n;
}

}  // namespace

TEST_SUITE("compiler") {
  TEST_CASE("constant folding: cells that depend on no input are constants, with ApplyScalar's bits") {
    Model m = test::LoadText(kTiny);
    const Tape t = CompileTape(m, {}, {At(m, "x"), At(m, "y", 1), At(m, "chain")});
    CHECK(t.code.empty());
    CHECK(t.output_slots == std::vector<int>{-1, -1, -1});
    const double x = 2.0 * 3.0 + 1.0 / 3.0;
    CHECK(t.output_constants[0] == x);
    CHECK(t.output_constants[1] == x * 2);
    CHECK(t.output_constants[2] == ((((((((2.0 + 1) * 2) + 3) * 4) + 5) * 6) + 7) * 8));
  }

  TEST_CASE("constant folding around an input: fixed drivers and constant subexpressions fold") {
    Model m = test::LoadText(kTiny);
    const Tape t = CompileTape(m, {{m.FindDriver("a"), -1}}, {At(m, "x")});
    // a * 3 + (1 / 3): one multiply and one add; the division is folded, b is a constant.
    CHECK(Ops(t) == std::map<Op, int>{{Op::kMul, 1}, {Op::kAdd, 1}});
    std::vector<double> constants;
    for (const auto& c : t.constants) constants.push_back(c.second);
    std::sort(constants.begin(), constants.end());
    CHECK(constants == std::vector<double>{1.0 / 3.0, 3.0});
    CHECK(t.output_slots[0] >= 0);
    CHECK(Interpret(t, {5.0})[0] == 5.0 * 3.0 + 1.0 / 3.0);
  }

  TEST_CASE("identities (x + 0, x * 1) emit nothing: the output is the input's row") {
    Model m = test::LoadText(kTiny);
    const Tape t = CompileTape(m, {{m.FindDriver("a"), -1}}, {At(m, "ident")});
    CHECK(t.code.empty());
    CHECK(t.output_slots[0] == t.input_slots[0]);
    CHECK(Interpret(t, {-7.25})[0] == -7.25);
  }

  TEST_CASE("common subexpressions: a * b + b * a computes the product once") {
    Model m = test::LoadText(kTiny);
    const Tape t = CompileTape(m, {{m.FindDriver("a"), -1}, {m.FindDriver("b"), -1}}, {At(m, "twice")});
    CHECK(Ops(t) == std::map<Op, int>{{Op::kMul, 1}, {Op::kAdd, 1}});
    CHECK(Interpret(t, {1.5, -4.0})[0] == 1.5 * -4.0 + -4.0 * 1.5);
  }

  TEST_CASE("dead code: only instructions that feed an output are kept") {
    Model m = test::LoadText(kTiny);
    const std::vector<Input> ab = {{m.FindDriver("a"), -1}, {m.FindDriver("b"), -1}};
    const Tape x = CompileTape(m, ab, {At(m, "x")});
    CHECK(Ops(x).count(Op::kExp) == 0);
    CHECK(x.code.size() == 2);  // a * b, + 1/3
    const Tape unused = CompileTape(m, ab, {At(m, "unused", 1)});
    CHECK(Ops(unused) == std::map<Op, int>{{Op::kExp, 1}, {Op::kSub, 1}});
    CHECK(Interpret(unused, {0.5, 2.0})[0] == internal::Exp(0.5) - 2.0);
    // Every cell (no outputs given): the union, each product once.
    const Tape all = CompileTape(m, ab, {});
    CHECK(Ops(all).count(Op::kExp) == 1);
    CHECK(Ops(all)[Op::kMul] > 1);
    CHECK(all.output_slots.size() == m.lines().size() * static_cast<size_t>(m.calendar().num_columns()));
  }

  TEST_CASE("slot reuse: a chain of temporaries needs two rows, not one per instruction") {
    Model m = test::LoadText(kTiny);
    for (bool guards : {false, true}) {
      CAPTURE(guards);
      const Tape t = CompileTape(m, {{m.FindDriver("a"), -1}}, {At(m, "chain")}, guards);
      CHECK(Ops(t).size() == 2);
      CHECK(Ops(t)[Op::kAdd] == 4);
      CHECK(Ops(t)[Op::kMul] == 4);
      CHECK(t.constants.size() == 8);  // 1 .. 8, one row each
      const int pinned = static_cast<int>(t.constants.size()) + 1 /* input */ + (guards ? 1 : 0);
      CHECK(t.num_slots <= pinned + 2);
      CHECK((t.guard_slot >= 0) == guards);
      CHECK(Interpret(t, {0.3})[0] == ((((((((0.3 + 1) * 2) + 3) * 4) + 5) * 6) + 7) * 8));
    }
  }

  TEST_CASE("slot reuse on a real model: the interpreted tape equals the folded projection") {
    // Every driver an input at its own value: the tape must reproduce, bit for bit, the
    // projection where everything folds to constants (no rows at all).
    Model m = Model::Load(test::SourcePath("scenarios/iij_fy2010/model.yaml"));
    std::vector<Input> inputs;
    std::vector<double> values;
    for (int d = 0; d < static_cast<int>(m.drivers().size()); ++d) {
      inputs.push_back({d, -1});
      values.push_back(m.drivers()[d].value);
    }
    const Tape t = CompileTape(m, inputs, {}, /*check_finite=*/true);
    const Tape folded = CompileTape(m, {}, {});
    REQUIRE(folded.code.empty());
    const int instructions = static_cast<int>(t.code.size());
    // Rows are reused: besides the inputs' own rows (one each, kept for the block), fewer
    // rows than half the instructions.
    CHECK(t.num_slots - static_cast<int>(inputs.size()) < instructions / 2);
    const std::vector<double> got = Interpret(t, values);
    REQUIRE(got.size() == folded.output_constants.size());
    int differ = 0;
    for (size_t i = 0; i < got.size(); ++i) differ += !(got[i] == folded.output_constants[i]);
    CHECK(differ == 0);
  }

  TEST_CASE("inputs and outputs are checked") {
    Model m = test::LoadText(kTiny);
    const int a = m.FindDriver("a");
    CHECK_THROWS_WITH_AS(CompileTape(m, {{a, -1}, {a, -1}}, {}), "driver 'a' is an input twice", UsageError);
    CHECK_THROWS_AS(CompileTape(m, {{99, -1}}, {}), UsageError);
    CHECK_THROWS_AS(CompileTape(m, {{a, 5}}, {}), UsageError);
    CHECK_THROWS_AS(CompileTape(m, {}, {{0, 99}}), UsageError);
  }
}
