// SPDX-License-Identifier: MIT
#pragma once
// What the loader parses: a model file or a scenario file, into Raw* structures that keep
// every value's source location. Nothing past this stage reads YAML.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "load/dimensions.h"
#include "load/formula.h"
#include "load/yaml_source.h"
#include "outturn/model/model.h"

namespace outturn::internal {

/// A value given in a file, with where it was given.
struct RawValue {
  double value = 0;
  SourceLocation loc;
  std::string key_path;
  // A reported value's precision: `tolerance` (in the model's unit), or the `unit` it was
  // published in (a scale word: the check is to half of that unit). Neither: 0.5.
  double tolerance = 0.5;
  std::string unit;
  SourceLocation precision_loc;
  std::string precision_key_path;
  /// A value at `loc` with the default precision.
  static RawValue At(double value, SourceLocation loc, std::string key_path) {
    RawValue r;
    r.value = value;
    r.loc = loc;
    r.key_path = std::move(key_path);
    return r;
  }
};

struct RawSet {
  std::string driver;
  std::string period;         // "" for every period
  std::string text;           // the value as written (a number, a percentage or a date)
  SourceLocation loc;         // of the value
  SourceLocation driver_loc;  // of the driver key
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
  std::string as_of, actuals_source;  // the vintage: its as-of date and where its actuals came from
  Calendar calendar;
  Dimensions dims;  // drivers and lines over a dimension are expanded below, one per item
  std::vector<Driver> drivers;
  std::vector<RawLine> lines;
  std::vector<RawTarget> targets;
  std::vector<Component> components;
  std::vector<RawScenario> scenarios;  // defined in the model file
  std::vector<RawCorrelation> correlations;
};

/// Parses a model file (the whole schema, scenarios included). Throws ModelError. What it
/// returns keeps the file's text (for diagnostics), not its YAML tree.
std::shared_ptr<const RawModel> ParseModelFile(const YamlDoc& doc);
/// Parses a scenario file; `extends` receives the file it extends (as written).
std::shared_ptr<const RawScenario> ParseScenarioFile(const YamlDoc& doc, std::string* extends,
                                                     SourceLocation* extends_loc);
/// Parses a driver value as written (number, percentage, or date for date drivers).
bool ParseDriverValue(const std::string& text, bool is_date, double* out);

/// The in-file scenario `name` of `raw` and the scenarios it extends, outermost first.
std::vector<std::shared_ptr<const RawScenario>> ModelScenarioChain(const RawModel& raw, const std::string& name);

/// A model file and the scenarios applied to it, in order: the chain of `extends:` from a
/// scenario file down to its model file, with in-file scenarios (`model.yaml#bull`) expanded.
struct Chain {
  std::shared_ptr<const RawModel> raw;
  std::vector<std::shared_ptr<const RawScenario>> applied;
  /// The files read, in load order: the one loaded, then each file it extends, the model file
  /// last. Lexically normalized; relative ones are relative to the working directory.
  std::vector<std::string> files;
};
/// Loads `path` and every file it extends. `stack` holds the files being loaded (cycles).
Chain LoadChain(const std::string& path, std::vector<std::string>& stack);
/// `p` lexically normalized ("a/../b.yaml" is "b.yaml").
std::string NormalPath(const std::string& p);

}  // namespace outturn::internal
