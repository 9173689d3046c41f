// SPDX-License-Identifier: MIT
#pragma once
/// \file program.h
/// A model compiled into a flat instruction tape that evaluates a batch of scenarios at
/// once. Compile once, evaluate many times.
///
/// What varies across the scenarios of a batch is chosen at compile time (`inputs`: drivers,
/// or one period of a driver); everything else is folded into constants. What is read back
/// is chosen too (`outputs`: cells, a line in a period or span); instructions that do not
/// feed an output are dropped and workspace rows are reused, so a sweep that asks for four
/// KPIs carries four rows per scenario, not the whole P&L.
///
/// Each instruction runs over a contiguous block of scenarios (Eigen arrays, vectorized);
/// there is no allocation, string lookup or virtual call per cell. The same tape runs on
/// dual numbers (value and tangent) for exact forward-mode derivatives.

#include <memory>
#include <vector>

#include "outturn/base/eigen_types.h"
#include "outturn/model/model.h"

namespace outturn {

namespace internal {
struct Tape;
}

/// A varying quantity: a driver's value (period = -1: its `value`, which applies in every
/// period without a by_period entry), or its value in one period.
struct Input {
  int driver = -1;
  int period = -1;
  bool operator==(const Input& o) const { return driver == o.driver && period == o.period; }
};

/// A result cell: a line in a calendar column (period or span).
struct Cell {
  int line = -1;
  int column = -1;
  bool operator==(const Cell& o) const { return line == o.line && column == o.column; }
};

struct ProgramOptions {
  /// Scenarios per block. Must be in [1, 4096]. Larger blocks amortize the dispatch of each
  /// instruction over more lanes; smaller ones keep the workspace in L1/L2. 256 suits IIJ.
  int block_size = 256;
  /// Check every line cell for NaN/inf (a NumericalError names the first one). Costs about
  /// one multiply-add per line cell per scenario.
  bool check_finite = true;
  /// Throws OptionsError naming the field, value and rule.
  void Validate() const;
};

/// Reusable scratch memory for Program::Evaluate, one per thread.
class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class Program {
 public:
  /// Compiles `model`. `outputs` empty means every cell (lines x columns, line-major).
  /// Throws UsageError for out-of-range inputs or outputs.
  explicit Program(const Model& model, std::vector<Input> inputs = {}, std::vector<Cell> outputs = {},
                   ProgramOptions options = {});
  ~Program();
  Program(Program&&) noexcept;
  Program& operator=(Program&&) noexcept;
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;

  const Model& model() const;
  const std::vector<Input>& inputs() const;
  const std::vector<Cell>& outputs() const;
  const ProgramOptions& options() const;
  int num_inputs() const;
  int num_outputs() const;
  /// Instructions on the tape, and workspace rows per lane (for benchmarks and tests).
  int num_instructions() const;
  int num_slots() const;

  /// The model's own values of the inputs: the column that reproduces the model.
  Vector BaseInputs() const;
  /// True if output o does not depend on any input (folded to a constant).
  bool OutputIsConstant(int o) const;
  /// Row index of an output cell, or -1.
  int OutputIndex(Cell cell) const;

  /// Evaluates a batch: `inputs` is num_inputs x B (one column per scenario), `out` must be
  /// num_outputs x B. Throws NumericalError on the first non-finite line cell (evaluation
  /// order) of the first scenario that has one. Thread-safe; each thread passes its own
  /// Workspace (the overload without one allocates it).
  void Evaluate(ConstBatchRef inputs, BatchRef out, Workspace& ws) const;
  void Evaluate(ConstBatchRef inputs, BatchRef out) const;
  BatchMatrix Evaluate(ConstBatchRef inputs) const;

  /// Low-level block interface, for callers that generate inputs in place (sweeps): no
  /// allocation and no copies. PrepareWorkspace once per thread and program; then for each
  /// block of n <= options().block_size scenarios write input k into InputRow(ws, k)[0..n),
  /// call RunBlock(ws, n, first) (`first`: the batch index of lane 0, for error messages),
  /// and read output o from OutputRow(ws, o)[0..n).
  void PrepareWorkspace(Workspace& ws) const;
  double* InputRow(Workspace& ws, int k) const;
  void RunBlock(Workspace& ws, int n, long long first) const;
  const double* OutputRow(const Workspace& ws, int o) const;

  /// Exact Jacobian d outputs / d inputs at the point `x` (num_inputs), by forward-mode
  /// automatic differentiation through the same tape: num_outputs x num_inputs. `values`, if
  /// given, receives the outputs at x.
  Matrix Jacobian(ConstVectorRef x, Vector* values = nullptr) const;

 private:
  std::unique_ptr<internal::Tape> tape_;
};

/// The model's full projection for one scenario: every line in every column.
class Results {
 public:
  Results(const Model& model, Vector values);
  const Model& model() const { return model_; }
  double at(int line, int column) const { return values_[line * columns_ + column]; }
  const Vector& values() const { return values_; }

 private:
  Model model_;
  int columns_;
  Vector values_;
};

/// Evaluates the model as loaded (its own driver values): one scenario, every cell.
Results Run(const Model& model);

}  // namespace outturn
