// SPDX-License-Identifier: MIT
#pragma once
// The primitive operations shared by resolved formulas, constant folding and the tape.
// ApplyScalar is the single scalar definition: the executor's lanes compute the same
// expressions, so a folded constant and an evaluated lane agree to the bit.

#include <cmath>
#include <cstdint>

#include "base/vecmath.h"

namespace outturn::internal {

enum class Op : std::uint8_t {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kNeg,
  kMin,
  kMax,
  kAbs,
  kSqrt,
  kExp,
  kLog,
  kLt,
  kLe,
  kGt,
  kGe,
  kEq,
  kNe,
  kAnd,
  kOr,
  kNot,
  kSelect,
  kCopy,
  kGuard,  // dst += a * 0: NaN/inf in a poisons the guard row
};

inline int Arity(Op op) {
  switch (op) {
    case Op::kNeg:
    case Op::kAbs:
    case Op::kSqrt:
    case Op::kExp:
    case Op::kLog:
    case Op::kNot:
    case Op::kCopy: return 1;
    case Op::kSelect: return 3;
    default: return 2;
  }
}

inline double ApplyScalar(Op op, double a, double b = 0, double c = 0) {
  switch (op) {
    case Op::kAdd: return a + b;
    case Op::kSub: return a - b;
    case Op::kMul: return a * b;
    case Op::kDiv: return a / b;
    case Op::kPow: return Pow(a, b);
    case Op::kNeg: return -a;
    case Op::kMin: return b < a ? b : a;
    case Op::kMax: return a < b ? b : a;
    case Op::kAbs: return std::fabs(a);
    case Op::kSqrt: return std::sqrt(a);
    case Op::kExp: return Exp(a);
    case Op::kLog: return Log(a);
    case Op::kLt: return a < b ? 1.0 : 0.0;
    case Op::kLe: return a <= b ? 1.0 : 0.0;
    case Op::kGt: return a > b ? 1.0 : 0.0;
    case Op::kGe: return a >= b ? 1.0 : 0.0;
    case Op::kEq: return a == b ? 1.0 : 0.0;
    case Op::kNe: return a != b ? 1.0 : 0.0;
    case Op::kAnd: return (a != 0 && b != 0) ? 1.0 : 0.0;
    case Op::kOr: return (a != 0 || b != 0) ? 1.0 : 0.0;
    case Op::kNot: return a == 0 ? 1.0 : 0.0;
    case Op::kSelect: return a != 0 ? b : c;
    case Op::kCopy: return a;
    case Op::kGuard: return a + b * 0.0;
  }
  return 0;
}

}  // namespace outturn::internal
