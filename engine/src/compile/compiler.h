// SPDX-License-Identifier: MIT
#pragma once
// The compiler: a resolved model, the inputs that vary and the cells to read back, lowered
// to a flat tape of primitive operations over workspace rows ("slots").
//
//  1. lower every cell in dependency order, folding whatever does not depend on an input
//     into a constant (actual periods, fixed drivers, calendar facts);
//  2. drop instructions that feed no output;
//  3. add a guard (acc += x * 0) after each instruction that produces a line cell, so that
//     one check per block finds any NaN/inf;
//  4. assign slots by linear scan, reusing a row once its last reader has run, so that the
//     workspace holds only the values alive at once, not the whole P&L.

#include <cstdint>
#include <vector>

#include "base/ops.h"
#include "outturn/compile/program.h"

namespace outturn::internal {

struct Instr {
  Op op;
  std::int32_t dst, a, b, c;
};

struct Tape {
  explicit Tape(const Model& m) : model(m) {}
  Model model;
  std::vector<Input> inputs;
  std::vector<Cell> outputs;
  ProgramOptions options;

  std::vector<Instr> code;
  int num_slots = 0;
  std::vector<std::pair<int, double>> constants;  // slot, value: filled once per workspace
  std::vector<int> input_slots;                   // per input; -1 if no cell reads it
  std::vector<int> output_slots;                  // per output; -1: constant
  std::vector<double> output_constants;
  int guard_slot = -1;
};

/// Builds the tape. Throws UsageError for bad inputs/outputs, NumericalError when a cell
/// that does not depend on any input is NaN or infinite.
void Compile(Tape* tape);

}  // namespace outturn::internal
