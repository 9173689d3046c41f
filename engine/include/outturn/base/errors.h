// SPDX-License-Identifier: MIT
#pragma once
/// \file errors.h
/// The error hierarchy. Three tiers (see README "Errors"):
///  1. bad user input throws a subclass of outturn::Error, whose what() is the full
///     user-facing message (for model files: `file:line:col: error: key.path: rule`);
///  2. expected outcomes (a missed target, an unbracketed root) are results, not errors;
///  3. programmer errors are OUTTURN_ASSERT failures, never reachable from input.

#include <stdexcept>
#include <string>

namespace outturn {

/// Root of every error outturn throws on bad input.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A place in an input file. Line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// A model or scenario file breaks a rule. what() is rendered like a compiler diagnostic:
///
///     model.yaml:14:19: error: drivers.price.value: must be a number (got 'abc')
///        14 |     value: abc
///           |            ^
class ModelError : public Error {
 public:
  /// `key_path` names the offending key ("lines.revenue.formula"); `message` the rule broken.
  /// `source_line` is the text of the offending line, shown with a caret (empty: not shown).
  ModelError(SourceLocation where, std::string key_path, std::string message, std::string source_line = {});
  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  /// The rule broken, without location or key path.
  const std::string& message() const { return message_; }
  /// First line of what(): "file:line:col: error: key.path: message".
  std::string Headline() const;

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string message_;
};

/// Evaluation produced NaN or infinity. Names the line, the period and the scenario where
/// the first non-finite value appeared (in evaluation order), and where its formula is.
class NumericalError : public ModelError {
 public:
  NumericalError(SourceLocation where, std::string key_path, std::string message, std::string source_line,
                 std::string line, std::string column, long long scenario);
  const std::string& line() const { return line_; }
  const std::string& column() const { return column_; }
  /// Index of the scenario within the batch that was evaluated.
  long long scenario() const { return scenario_; }

 private:
  std::string line_;
  std::string column_;
  long long scenario_;
};

/// Bad use of an API or the command line (an unknown scenario name, a malformed --set).
/// The CLI exits 2 on it.
class UsageError : public Error {
 public:
  using Error::Error;
};

/// An Options struct holds a value outside its valid range: a usage error that names the
/// field, the rule and the value, e.g. "SweepOptions::samples must be at least 1 (got 0)".
/// The CLI says the same with the flag the user typed ("--samples must be at least 1 (got
/// 0)").
class OptionsError : public UsageError {
 public:
  /// `option` as "Struct::field"; `rule` as a predicate ("must be at least 1"); `value` as
  /// given.
  OptionsError(std::string option, std::string rule, std::string value);
  const std::string& option() const { return option_; }
  const std::string& rule() const { return rule_; }
  const std::string& value() const { return value_; }
  /// The same message with `name` (a flag, a keyword argument) for the option.
  std::string Renamed(const std::string& name) const;

 private:
  std::string option_, rule_, value_;
};

}  // namespace outturn

/// Internal invariant check; a failure is a bug in outturn, never a user error.
#define OUTTURN_ASSERT(cond)                                                                             \
  do {                                                                                                   \
    if (!(cond))                                                                                         \
      throw std::logic_error(std::string("outturn internal error: ") + #cond + " at " + __FILE__ + ":" + \
                             std::to_string(__LINE__));                                                  \
  } while (0)
