// SPDX-License-Identifier: MIT
// Running the tape: over blocks of scenarios on doubles (Evaluate), and over dual numbers
// (value, tangent) with one derivative direction per lane (Jacobian). The block loop is
// compiled once per vector target (Highway's foreach_target includes this file again for
// each) and chosen at run time (base/simd.h); every target gives the scalar bits.
#include "outturn/compile/program.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "compile/program.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <cmath>
#include <cstdint>

#include "base/ops.h"
#include "base/vecmath-inl.h"
#include "compile/compiler.h"
#include "hwy/highway.h"

// ---------------------------------------------------------------------------------------
// Per-target block loop.
HWY_BEFORE_NAMESPACE();
namespace outturn::internal {
namespace HWY_NAMESPACE {

// One block: slot s lives at ws + s * W, W a multiple of 8 and ws 64-byte aligned, so every
// row holds whole vectors; nv (n rounded up to whole vectors, <= W) lanes are computed (the
// lanes past n are scratch, never read). Destination slots never alias operand slots (the
// allocator guarantees it), except the guard's accumulator, which is elementwise. Each op is
// ApplyScalar's expression over vectors.
void RunTapeK(const Instr* code, int ncode, double* ws, size_t W, int nv) {
  const DF d;
  const int N = static_cast<int>(hn::Lanes(d));
  const VF zero = hn::Zero(d), one = K(1.0);
  for (int k = 0; k < ncode; ++k) {
    const Instr& in = code[k];
    double* dst = ws + static_cast<size_t>(in.dst) * W;
    const double* pa = ws + static_cast<size_t>(in.a) * W;
    const double* pb = ws + static_cast<size_t>(in.b) * W;
    const double* pc = ws + static_cast<size_t>(in.c) * W;
#define OUTTURN_LANES(EXPR)           \
  for (int i = 0; i < nv; i += N) {   \
    const VF a = hn::Load(d, pa + i); \
    const VF b = hn::Load(d, pb + i); \
    (void)a;                          \
    (void)b;                          \
    hn::Store((EXPR), d, dst + i);    \
  }                                   \
  break
    switch (in.op) {
      case Op::kAdd: OUTTURN_LANES(hn::Add(a, b));
      case Op::kSub: OUTTURN_LANES(hn::Sub(a, b));
      case Op::kMul: OUTTURN_LANES(hn::Mul(a, b));
      case Op::kDiv: OUTTURN_LANES(hn::Div(a, b));
      case Op::kNeg: OUTTURN_LANES(hn::Neg(a));
      case Op::kMin: OUTTURN_LANES(Sel(hn::Lt(b, a), b, a));
      case Op::kMax: OUTTURN_LANES(Sel(hn::Lt(a, b), b, a));
      case Op::kAbs: OUTTURN_LANES(hn::Abs(a));
      case Op::kSqrt: OUTTURN_LANES(hn::Sqrt(a));
      case Op::kExp: OUTTURN_LANES(ExpV(a));
      case Op::kLog: OUTTURN_LANES(LogV(a));
      case Op::kCopy: OUTTURN_LANES(a);
      case Op::kGuard: OUTTURN_LANES(hn::Add(a, hn::Mul(b, zero)));
      case Op::kLt: OUTTURN_LANES(hn::IfThenElseZero(hn::Lt(a, b), one));
      case Op::kLe: OUTTURN_LANES(hn::IfThenElseZero(hn::Le(a, b), one));
      case Op::kGt: OUTTURN_LANES(hn::IfThenElseZero(hn::Gt(a, b), one));
      case Op::kGe: OUTTURN_LANES(hn::IfThenElseZero(hn::Ge(a, b), one));
      case Op::kEq: OUTTURN_LANES(hn::IfThenElseZero(hn::Eq(a, b), one));
      case Op::kNe: OUTTURN_LANES(hn::IfThenElseZero(hn::Ne(a, b), one));
      case Op::kAnd: OUTTURN_LANES(hn::IfThenElseZero(hn::And(hn::Ne(a, zero), hn::Ne(b, zero)), one));
      case Op::kOr: OUTTURN_LANES(hn::IfThenElseZero(hn::Or(hn::Ne(a, zero), hn::Ne(b, zero)), one));
      case Op::kNot: OUTTURN_LANES(hn::IfThenElseZero(hn::Eq(a, zero), one));
      case Op::kSelect:
        for (int i = 0; i < nv; i += N) {
          const VF a = hn::Load(d, pa + i);
          hn::Store(Sel(hn::Ne(a, zero), hn::Load(d, pb + i), hn::Load(d, pc + i)), d, dst + i);
        }
        break;
      case Op::kPow:
        // Pow's own path over every lane; std::pow for the lanes it does not cover (zero or
        // negative bases, infinities, NaN: rare, and the same call as the scalar Pow's).
        for (int i = 0; i < nv; i += N) {
          const VF a = hn::Load(d, pa + i), b = hn::Load(d, pb + i);
          hn::Store(PowFastV(a, b), d, dst + i);
          if (HWY_UNLIKELY(!hn::AllTrue(d, PowIsFastV(a, b))))
            for (int l = i; l < i + N; ++l)
              if (!PowIsFast(pa[l], pb[l])) dst[l] = std::pow(pa[l], pb[l]);
        }
        break;
    }
#undef OUTTURN_LANES
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace outturn::internal
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cstring>

#include "base/simd.h"
#include "base/text_util.h"
#include "hwy/aligned_allocator.h"
#include "model/model_data.h"

namespace outturn {
namespace internal {

HWY_EXPORT(RunTapeK);

[[noreturn]] void ThrowNonFinite(const ModelData& m, int cell, double value, long long scenario) {
  const int C = m.calendar.num_columns();
  const int line = cell / C, col = cell % C;
  const Line& l = m.lines[line];
  const std::string what = std::isnan(value) ? "NaN" : (value > 0 ? "+inf" : "-inf");
  const std::string cause =
      std::isnan(value) ? "0/0, inf - inf, or log/sqrt of a negative number?" : "a division by zero or an overflow?";
  // scenario < 0: the model as loaded, which may have a named scenario or overrides applied.
  std::string where;
  if (scenario >= 0) {
    where = "in scenario " + std::to_string(scenario) + " of the batch";
  } else {
    if (m.scenario != "base") where = "in scenario '" + m.scenario + "'";
    if (!m.overrides.empty()) where += std::string(where.empty() ? "" : " ") + "with overridden drivers";
    if (where.empty()) where = "with the model's own values";
  }
  std::string msg = "value is " + what + " in " + m.calendar.ColumnLabel(col) + " " + where + " (" + cause + ")";
  const FormulaSource& src = m.sources[line];
  const bool span_from_periods = col >= m.calendar.num_periods() && l.rollup != Rollup::kFormula;
  if (src.file && !span_from_periods) {
    const SourceLocation loc = src.LocationAt(0);
    throw NumericalError(loc, src.key_path, msg, src.file->SourceLine(loc.line), l.name, m.calendar.ColumnLabel(col),
                         scenario);
  }
  throw NumericalError(l.location, "lines." + l.name, msg, m.raw->file ? m.raw->file->SourceLine(l.location.line) : "",
                       l.name, m.calendar.ColumnLabel(col), scenario);
}

namespace {

// Workspace rows hold whole vectors of every target: a multiple of 8 doubles (one 512-bit
// vector), 64-byte aligned.
constexpr int kRowLanes = 8;
int RowStride(int width) { return (width + kRowLanes - 1) / kRowLanes * kRowLanes; }

// One block of n lanes (W the row stride) on the best (or forced) vector target.
void RunBlock(const Tape& t, double* ws, int W, int n) {
  SimdInit();
  const int nv = RowStride(n);
  HWY_DYNAMIC_DISPATCH(RunTapeK)(t.code.data(), static_cast<int>(t.code.size()), ws, static_cast<size_t>(W), nv);
}

// Dual numbers: value planes v and tangent planes g, same slot layout.
void RunBlockDual(const Tape& t, double* v, double* g, int W, int n) {
  for (const Instr& in : t.code) {
    const size_t D = static_cast<size_t>(in.dst) * W, A = static_cast<size_t>(in.a) * W,
                 B = static_cast<size_t>(in.b) * W, Cs = static_cast<size_t>(in.c) * W;
    for (int i = 0; i < n; ++i) {
      const double va = v[A + i], ga = g[A + i];
      const double vb = v[B + i], gb = g[B + i];
      double rv = 0, rg = 0;
      switch (in.op) {
        case Op::kAdd:
          rv = va + vb;
          rg = ga + gb;
          break;
        case Op::kSub:
          rv = va - vb;
          rg = ga - gb;
          break;
        case Op::kMul:
          rv = va * vb;
          rg = ga * vb + va * gb;
          break;
        case Op::kDiv:
          rv = va / vb;
          rg = (ga - rv * gb) / vb;
          break;
        case Op::kPow:
          rv = Pow(va, vb);
          rg = vb * Pow(va, vb - 1) * ga + (gb != 0 ? rv * Log(va) * gb : 0.0);
          break;
        case Op::kNeg:
          rv = -va;
          rg = -ga;
          break;
        case Op::kMin:
          if (vb < va) {
            rv = vb;
            rg = gb;
          } else {
            rv = va;
            rg = ga;
          }
          break;
        case Op::kMax:
          if (va < vb) {
            rv = vb;
            rg = gb;
          } else {
            rv = va;
            rg = ga;
          }
          break;
        case Op::kAbs:
          rv = std::fabs(va);
          rg = va < 0 ? -ga : ga;
          break;
        case Op::kSqrt:
          rv = std::sqrt(va);
          rg = ga / (2 * rv);
          break;
        case Op::kExp:
          rv = Exp(va);
          rg = rv * ga;
          break;
        case Op::kLog:
          rv = Log(va);
          rg = ga / va;
          break;
        case Op::kSelect:
          if (va != 0) {
            rv = vb;
            rg = gb;
          } else {
            rv = v[Cs + i];
            rg = g[Cs + i];
          }
          break;
        case Op::kCopy:
          rv = va;
          rg = ga;
          break;
        case Op::kGuard:
          rv = va + vb * 0.0;
          rg = 0;
          break;
        default:
          rv = ApplyScalar(in.op, va, vb, v[Cs + i]);
          rg = 0;
          break;  // comparisons, logic
      }
      v[D + i] = rv;
      g[D + i] = rg;
    }
  }
}

}  // namespace
}  // namespace internal

// ---------------------------------------------------------------------------------------

void ProgramOptions::Validate() const {
  if (block_size < 1 || block_size > 4096)
    throw OptionsError("ProgramOptions::block_size", "must be in [1, 4096]", std::to_string(block_size));
}

struct Workspace::Impl {
  const internal::Tape* tape = nullptr;
  int width = 0;   // lanes per block (the program's block size)
  int stride = 0;  // doubles per slot row: width rounded up to whole vectors
  hwy::AlignedFreeUniquePtr<double[]> buf;
  double* data() { return buf.get(); }
};

Workspace::Workspace() : impl_(std::make_unique<Impl>()) {}
Workspace::~Workspace() = default;
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;

Program::Program(const Model& model, std::vector<Input> inputs, std::vector<Cell> outputs, ProgramOptions options)
    : tape_(std::make_unique<internal::Tape>(model)) {
  options.Validate();
  tape_->inputs = std::move(inputs);
  tape_->outputs = std::move(outputs);
  tape_->options = options;
  internal::Compile(tape_.get());
}
Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;

const Model& Program::model() const { return tape_->model; }
const std::vector<Input>& Program::inputs() const { return tape_->inputs; }
const std::vector<Cell>& Program::outputs() const { return tape_->outputs; }
const ProgramOptions& Program::options() const { return tape_->options; }
int Program::num_inputs() const { return static_cast<int>(tape_->inputs.size()); }
int Program::num_outputs() const { return static_cast<int>(tape_->outputs.size()); }
int Program::num_instructions() const { return static_cast<int>(tape_->code.size()); }
int Program::num_slots() const { return tape_->num_slots; }

Vector Program::BaseInputs() const {
  Vector x(num_inputs());
  const auto& drivers = tape_->model.drivers();
  for (int k = 0; k < num_inputs(); ++k) {
    const Input& in = tape_->inputs[k];
    x[k] = in.period < 0 ? drivers[in.driver].value : drivers[in.driver].ValueAt(in.period);
  }
  return x;
}

bool Program::OutputIsConstant(int o) const { return tape_->output_slots.at(o) < 0; }

int Program::OutputIndex(Cell cell) const {
  for (int i = 0; i < num_outputs(); ++i)
    if (tape_->outputs[i] == cell) return i;
  return -1;
}

namespace {

[[noreturn]] void Diagnose(const internal::Tape& t, const Eigen::Ref<const Vector>& x, long long scenario) {
  for (int k = 0; k < x.size(); ++k)
    if (!std::isfinite(x[k]))
      throw UsageError("input " + std::to_string(k) + " (driver '" + t.model.drivers()[t.inputs[k].driver].name +
                       "') is not finite in scenario " + std::to_string(scenario));
  // Re-run this one scenario with every cell as an output and find the first bad cell in
  // evaluation order.
  ProgramOptions o = t.options;
  o.check_finite = false;
  Program full(t.model, t.inputs, {}, o);
  BatchMatrix in(x.size(), 1);
  in.col(0) = x;
  BatchMatrix out = full.Evaluate(in);
  const internal::ModelData& m = t.model.data();
  for (int cell : m.cell_order) {
    const double v = out(cell, 0);  // all-cells outputs are line-major: cell index == row
    if (!std::isfinite(v)) internal::ThrowNonFinite(m, cell, v, scenario);
  }
  OUTTURN_ASSERT(false && "non-finite guard without a non-finite cell");
}

}  // namespace

void Program::PrepareWorkspace(Workspace& wsp) const {
  const internal::Tape& t = *tape_;
  Workspace::Impl& ws = wsp.impl();
  const int W = t.options.block_size;
  if (ws.tape == &t && ws.width == W) return;
  ws.tape = &t;
  ws.width = W;
  ws.stride = internal::RowStride(W);
  const size_t S = static_cast<size_t>(ws.stride);
  // Rows: the tape's slots, then one row per constant output.
  const size_t rows = static_cast<size_t>(t.num_slots) + static_cast<size_t>(num_outputs());
  ws.buf = hwy::AllocateAligned<double>(std::max<size_t>(rows * S, 1));
  double* base = ws.data();
  std::fill(base, base + rows * S, 0.0);
  for (const auto& [slot, v] : t.constants) std::fill(base + slot * S, base + (slot + 1) * S, v);
  for (int o = 0; o < num_outputs(); ++o)
    if (t.output_slots[o] < 0) {
      double* row = base + (static_cast<size_t>(t.num_slots) + o) * S;
      std::fill(row, row + S, t.output_constants[o]);
    }
}

double* Program::InputRow(Workspace& wsp, int k) const {
  OUTTURN_ASSERT(wsp.impl().tape == tape_.get() && k >= 0 && k < num_inputs());
  return wsp.impl().data() + static_cast<size_t>(tape_->input_slots[k]) * wsp.impl().stride;
}

const double* Program::OutputRow(const Workspace& wsp, int o) const {
  Workspace::Impl& ws = const_cast<Workspace&>(wsp).impl();
  OUTTURN_ASSERT(ws.tape == tape_.get() && o >= 0 && o < num_outputs());
  const int slot = tape_->output_slots[o] >= 0 ? tape_->output_slots[o] : tape_->num_slots + o;
  return ws.data() + static_cast<size_t>(slot) * ws.stride;
}

void Program::RunBlock(Workspace& wsp, int n, long long first) const {
  const internal::Tape& t = *tape_;
  Workspace::Impl& ws = wsp.impl();
  OUTTURN_ASSERT(ws.tape == &t && n >= 0 && n <= ws.width);
  const size_t S = static_cast<size_t>(ws.stride);
  double* base = ws.data();
  double* guard = t.guard_slot >= 0 ? base + static_cast<size_t>(t.guard_slot) * S : nullptr;
  if (guard) {
    std::fill(guard, guard + n, 0.0);
    // Inputs count too: a NaN input is reported as such.
    for (int k = 0; k < num_inputs(); ++k) {
      const double* in = base + static_cast<size_t>(t.input_slots[k]) * S;
      for (int i = 0; i < n; ++i) guard[i] += in[i] * 0.0;
    }
  }
  internal::RunBlock(t, base, ws.stride, n);
  if (guard) {
    for (int i = 0; i < n; ++i) {
      if (std::isfinite(guard[i])) continue;
      Vector x(num_inputs());
      for (int k = 0; k < num_inputs(); ++k) x[k] = base[static_cast<size_t>(t.input_slots[k]) * S + i];
      Diagnose(t, x, first + i);
    }
  }
}

void Program::Evaluate(ConstBatchRef inputs, BatchRef out, Workspace& ws) const {
  if (inputs.rows() != num_inputs())
    throw UsageError("Evaluate: inputs has " + std::to_string(inputs.rows()) + " rows, the program " +
                     std::to_string(num_inputs()) + " inputs");
  if (out.rows() != num_outputs() || out.cols() != inputs.cols())
    throw UsageError("Evaluate: out must be " + std::to_string(num_outputs()) + " x " + std::to_string(inputs.cols()));
  PrepareWorkspace(ws);
  const Eigen::Index batch = inputs.cols();
  const int W = tape_->options.block_size;
  for (Eigen::Index start = 0; start < batch; start += W) {
    const int n = static_cast<int>(std::min<Eigen::Index>(W, batch - start));
    for (int k = 0; k < num_inputs(); ++k)
      std::memcpy(InputRow(ws, k), inputs.data() + k * inputs.outerStride() + start, n * sizeof(double));
    RunBlock(ws, n, start);
    for (int o = 0; o < num_outputs(); ++o)
      std::memcpy(out.data() + o * out.outerStride() + start, OutputRow(ws, o), n * sizeof(double));
  }
}

void Program::Evaluate(ConstBatchRef inputs, BatchRef out) const {
  Workspace ws;
  Evaluate(inputs, out, ws);
}

BatchMatrix Program::Evaluate(ConstBatchRef inputs) const {
  BatchMatrix out(num_outputs(), inputs.cols());
  Evaluate(inputs, out);
  return out;
}

Matrix Program::Jacobian(ConstVectorRef x, Vector* values) const {
  const internal::Tape& t = *tape_;
  const int K = num_inputs();
  if (x.size() != K)
    throw UsageError("Jacobian: x has " + std::to_string(x.size()) + " entries, the program " + std::to_string(K) +
                     " inputs");
  for (int k = 0; k < K; ++k)
    if (!std::isfinite(x[k])) throw UsageError("Jacobian: input " + std::to_string(k) + " is not finite");
  const int W = std::max(K, 1);
  const size_t size = static_cast<size_t>(t.num_slots) * W;
  std::vector<double> v(size, 0.0), g(size, 0.0);
  for (const auto& [slot, c] : t.constants)
    std::fill(v.begin() + static_cast<size_t>(slot) * W, v.begin() + static_cast<size_t>(slot + 1) * W, c);
  for (int k = 0; k < K; ++k) {
    if (t.input_slots[k] < 0) continue;
    const size_t s = static_cast<size_t>(t.input_slots[k]) * W;
    std::fill(v.begin() + s, v.begin() + s + W, x[k]);
    g[s + k] = 1.0;  // lane k carries d/d input k
  }
  internal::RunBlockDual(t, v.data(), g.data(), W, W);
  if (t.guard_slot >= 0 && !std::isfinite(v[static_cast<size_t>(t.guard_slot) * W])) Diagnose(t, x, 0);
  Matrix J = Matrix::Zero(num_outputs(), K);
  if (values) values->resize(num_outputs());
  for (int o = 0; o < num_outputs(); ++o) {
    const int s = t.output_slots[o];
    if (s >= 0) {
      for (int k = 0; k < K; ++k) J(o, k) = g[static_cast<size_t>(s) * W + k];
      if (values) (*values)[o] = v[static_cast<size_t>(s) * W];
    } else if (values) {
      (*values)[o] = t.output_constants[o];
    }
  }
  return J;
}

Results::Results(const Model& model, Vector values)
    : model_(model), columns_(model.calendar().num_columns()), values_(std::move(values)) {}

Results Run(const Model& model) {
  Program p(model);
  BatchMatrix in(0, 1);
  BatchMatrix out = p.Evaluate(in);
  return Results(model, out.col(0));
}

}  // namespace outturn
#endif  // HWY_ONCE
