// SPDX-License-Identifier: MIT
#pragma once
// The internal representation of a model: what the loader parses (Raw*), and what a
// validated, resolved model holds (ModelData). Past the loader nothing reads YAML.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "formula.h"
#include "ops.h"
#include "outturn/model.h"
#include "yaml_source.h"

namespace outturn::internal {

/// Calendar facts a formula can read (`period.*`).
enum class Fact { kIndex, kQuarter, kMonth, kMonths, kDays, kStart, kEnd, kYear, kActual };

/// A formula with every name resolved to an index.
struct RExpr {
  enum class K : std::uint8_t {
    kConst,   // value
    kDriver,  // index: driver, same period
    kLine,    // index: line, same column
    kFact,    // fact
    kOp,      // op over args
    kIf,      // args: cond, a, b
    kLag,     // index (driver if ref_driver, else line), lag periods back; args[0] = default if any
    kAt,      // index, column
    kSum,     // members: lines
    kAfter,         // args[0]: day number
    kMonthsAfter,   // args[0]: day number
    kRamp,          // args[0], args[1]: day numbers
  };
  K k = K::kConst;
  Op op = Op::kAdd;
  Fact fact = Fact::kIndex;
  bool ref_driver = false;
  double value = 0;
  int index = -1;
  int lag = 0;
  int column = -1;
  int offset = 0;
  std::vector<int> members;
  std::vector<RExpr> args;
};

/// A value given in a file, with where it was given.
struct RawValue {
  double value = 0;
  SourceLocation loc;
  std::string key_path;
};

struct RawSet {
  std::string driver;
  std::string period;  // "" for every period
  std::string text;    // the value as written (a number, a percentage or a date)
  SourceLocation loc;        // of the value
  SourceLocation driver_loc; // of the driver key
  std::string key_path;
};

struct RawFormula {
  std::string line;
  SourceLocation line_loc;
  FormulaSource src;
  ExprPtr expr;
};

struct RawScenario {
  std::string name;
  std::string description;
  std::string extends;  // in-file: another scenario's name ("" or "base": the model)
  SourceLocation extends_loc;
  std::vector<RawSet> sets;
  std::vector<RawFormula> formulas;
  std::shared_ptr<const YamlFile> file;
  std::string key_path;
  SourceLocation loc;
};

struct RawLine {
  Line line;  // public fields; actuals filled at finalize
  ExprPtr formula;
  FormulaSource formula_src;
  std::vector<std::pair<int, RawValue>> actuals;   // column -> value, as given
  std::vector<std::pair<int, RawValue>> reported;  // column -> value
  SourceLocation actuals_loc;
  SourceLocation rollup_loc;
  std::string key_path;
};

struct RawTarget {
  Target target;  // line resolved at finalize
  std::string line_name;
  SourceLocation line_loc;
  std::string key_path;
};

struct RawCorrelation {
  std::vector<std::string> drivers;
  std::vector<SourceLocation> driver_locs;
  std::vector<double> matrix;
  bool nearest = false;
  SourceLocation loc;
  std::string key_path;
};

struct RawModel {
  std::shared_ptr<const YamlFile> file;
  std::string name, description, currency, unit, source;
  Calendar calendar;
  std::vector<Driver> drivers;
  std::vector<RawLine> lines;
  std::vector<RawTarget> targets;
  std::vector<Component> components;
  std::vector<RawScenario> scenarios;  // defined in the model file
  std::vector<RawCorrelation> correlations;
};

struct ModelData {
  std::shared_ptr<const RawModel> raw;
  /// Scenarios applied to raw, in order (model-file ones and scenario files).
  std::vector<std::shared_ptr<const RawScenario>> applied;
  std::vector<DriverOverride> overrides;
  std::string path;
  std::string scenario = "base";
  std::string scenario_description;

  Calendar calendar;
  std::vector<Driver> drivers;
  std::vector<Line> lines;
  std::vector<Target> targets;
  std::vector<Component> components;
  std::vector<Correlation> correlations;
  /// Per line: the resolved formula for periods, and (rollup: formula) for spans.
  std::vector<std::optional<RExpr>> formulas;
  std::vector<std::optional<RExpr>> span_formulas;
  std::vector<FormulaSource> sources;
  /// Cells (line * num_columns + column) in an order where every cell follows its inputs.
  std::vector<int> cell_order;
  std::unordered_map<std::string, int> driver_index;
  std::unordered_map<std::string, int> line_index;
};

/// Parses a model file (the whole schema, scenarios included). Throws ModelError.
std::shared_ptr<const RawModel> ParseModelFile(std::shared_ptr<const YamlFile> file);
/// Parses a scenario file; `extends` receives the file it extends (as written).
std::shared_ptr<const RawScenario> ParseScenarioFile(std::shared_ptr<const YamlFile> file,
                                                     std::string* extends,
                                                     SourceLocation* extends_loc);
/// Parses a driver value as written (number, percentage, or date for date drivers).
bool ParseDriverValue(const std::string& text, bool is_date, double* out);

/// Applies scenarios and overrides to `raw`, resolves and checks everything. Throws
/// ModelError / NumericalError / UsageError.
std::shared_ptr<const ModelData> Finalize(std::shared_ptr<const RawModel> raw,
                                          std::vector<std::shared_ptr<const RawScenario>> applied,
                                          std::vector<DriverOverride> overrides,
                                          const std::string& path);

}  // namespace outturn::internal
