// SPDX-License-Identifier: MIT
// Running the tape: over blocks of scenarios on doubles (Evaluate), and over dual numbers
// (value, tangent) with one derivative direction per lane (Jacobian).
#include "outturn/compile/program.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/text_util.h"
#include "compile/compiler.h"
#include "model/model_data.h"

namespace outturn {
namespace internal {

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

// One block of n lanes; slot s lives at ws + s * W. Destination slots never alias operand
// slots (the allocator guarantees it), except the guard's accumulator, which is elementwise.
// Aligned: every slot row starts on a 64-byte boundary (W a multiple of 8 and the workspace
// aligned), so Eigen needs no peeling loop per instruction.
template <int Alignment>
void RunBlockT(const Tape& t, double* ws, int W, int n) {
  using Arr = Eigen::Map<Eigen::ArrayXd, Alignment>;
  using CArr = Eigen::Map<const Eigen::ArrayXd, Alignment>;
  for (const Instr& in : t.code) {
    double* d = ws + static_cast<size_t>(in.dst) * W;
    const double* pa = ws + static_cast<size_t>(in.a) * W;
    const double* pb = ws + static_cast<size_t>(in.b) * W;
    const double* pc = ws + static_cast<size_t>(in.c) * W;
    Arr D(d, n);
    CArr A(pa, n), B(pb, n);
    switch (in.op) {
      case Op::kAdd: D = A + B; break;
      case Op::kSub: D = A - B; break;
      case Op::kMul: D = A * B; break;
      case Op::kDiv: D = A / B; break;
      case Op::kNeg: D = -A; break;
      case Op::kMin: D = (B < A).select(B, A); break;
      case Op::kMax: D = (A < B).select(B, A); break;
      case Op::kAbs: D = A.abs(); break;
      case Op::kCopy: D = A; break;
      case Op::kGuard: D = A + B * 0.0; break;
      case Op::kSelect: {
        CArr Cc(pc, n);
        D = (A != 0.0).select(B, Cc);
        break;
      }
      // Transcendental ops are the one definition in vecmath.h, written to vectorize: every
      // lane (vector body or tail) and every folded constant agree to the bit.
      case Op::kExp:
        for (int i = 0; i < n; ++i) d[i] = Exp(pa[i]);
        break;
      case Op::kLog:
        for (int i = 0; i < n; ++i) d[i] = Log(pa[i]);
        break;
      case Op::kSqrt: D = A.sqrt(); break;
      case Op::kPow:
        // Pow's own path over every lane, then std::pow for the lanes it does not cover.
        for (int i = 0; i < n; ++i) d[i] = PowFast(pa[i], pb[i]);
        for (int i = 0; i < n; ++i)
          if (!PowIsFast(pa[i], pb[i])) d[i] = std::pow(pa[i], pb[i]);
        break;
      // The logical ops go through the one scalar definition.
      default:
        for (int i = 0; i < n; ++i) d[i] = ApplyScalar(in.op, pa[i], pb[i], pc[i]);
        break;
    }
  }
}

void RunBlock(const Tape& t, double* ws, int W, int n) {
  if (W % 8 == 0 && reinterpret_cast<std::uintptr_t>(ws) % 64 == 0)
    RunBlockT<Eigen::Aligned64>(t, ws, W, n);
  else
    RunBlockT<Eigen::Unaligned>(t, ws, W, n);
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
  int width = 0;
  Eigen::ArrayXd buf;
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
  // Rows: the tape's slots, then one row per constant output.
  const Eigen::Index rows = t.num_slots + num_outputs();
  ws.buf.setZero(rows * W);
  for (const auto& [slot, v] : t.constants) ws.buf.segment(static_cast<Eigen::Index>(slot) * W, W).setConstant(v);
  for (int o = 0; o < num_outputs(); ++o)
    if (t.output_slots[o] < 0)
      ws.buf.segment(static_cast<Eigen::Index>(t.num_slots + o) * W, W).setConstant(t.output_constants[o]);
}

double* Program::InputRow(Workspace& wsp, int k) const {
  OUTTURN_ASSERT(wsp.impl().tape == tape_.get() && k >= 0 && k < num_inputs());
  return wsp.impl().buf.data() + static_cast<size_t>(tape_->input_slots[k]) * wsp.impl().width;
}

const double* Program::OutputRow(const Workspace& wsp, int o) const {
  const Workspace::Impl& ws = const_cast<Workspace&>(wsp).impl();
  OUTTURN_ASSERT(ws.tape == tape_.get() && o >= 0 && o < num_outputs());
  const int slot = tape_->output_slots[o] >= 0 ? tape_->output_slots[o] : tape_->num_slots + o;
  return ws.buf.data() + static_cast<size_t>(slot) * ws.width;
}

void Program::RunBlock(Workspace& wsp, int n, long long first) const {
  const internal::Tape& t = *tape_;
  Workspace::Impl& ws = wsp.impl();
  OUTTURN_ASSERT(ws.tape == &t && n >= 0 && n <= ws.width);
  const int W = ws.width;
  double* base = ws.buf.data();
  double* guard = t.guard_slot >= 0 ? base + static_cast<size_t>(t.guard_slot) * W : nullptr;
  if (guard) {
    std::fill(guard, guard + n, 0.0);
    // Inputs count too: a NaN input is reported as such.
    for (int k = 0; k < num_inputs(); ++k)
      Eigen::Map<Eigen::ArrayXd>(guard, n) +=
          Eigen::Map<const Eigen::ArrayXd>(base + static_cast<size_t>(t.input_slots[k]) * W, n) * 0.0;
  }
  internal::RunBlock(t, base, W, n);
  if (guard) {
    for (int i = 0; i < n; ++i) {
      if (std::isfinite(guard[i])) continue;
      Vector x(num_inputs());
      for (int k = 0; k < num_inputs(); ++k) x[k] = base[static_cast<size_t>(t.input_slots[k]) * W + i];
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
