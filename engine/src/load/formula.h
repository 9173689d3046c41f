// SPDX-License-Identifier: MIT
#pragma once
// Formulas: the expression language of model lines, parsed once into an immutable AST.
// Names are resolved later (model.cpp), against the model the formula ends up in.

#include <memory>
#include <string>
#include <vector>

#include "outturn/base/errors.h"

namespace outturn::internal {

class YamlFile;

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind {
    kNumber,  // number
    kWord,    // a raw argument such as a period label or a date: text
    kName,    // a driver, line, group or calendar fact: text
    kUnary,   // text: "-" or "not"; args[0]
    kBinary,  // text: operator; args[0], args[1]
    kCall,    // text: function name; args
  };
  Kind kind = Kind::kNumber;
  double number = 0;
  std::string text;
  std::vector<ExprPtr> args;
  int offset = 0;  // 0-based position of the node in the formula text
  int height = 1;  // levels from this node down to its deepest leaf (bounded by the parser)
};

/// Where a formula's text sits in its file, to turn an offset into file:line:col.
struct FormulaSource {
  std::shared_ptr<const YamlFile> file;
  std::string key_path;  // e.g. "lines.revenue.formula"
  int line = 0;          // 1-based line of the scalar
  int column = -1;       // 0-based column where the text begins; -1: unknown (block scalar)
  int node_column = 0;   // 0-based column of the scalar node
  std::string text;
  SourceLocation LocationAt(int offset) const;
  [[noreturn]] void Fail(int offset, const std::string& message) const;
};

/// Parses a formula. Throws ModelError pointing at the offending character.
ExprPtr ParseFormula(const FormulaSource& src);

}  // namespace outturn::internal
