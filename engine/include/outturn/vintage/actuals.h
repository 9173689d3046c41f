// SPDX-License-Identifier: MIT
#pragma once
/// \file actuals.h
/// The next vintage of a model: a quarter's reported figures read from a CSV, checked against
/// the model, and written into a copy of the model file with `actuals_through` moved forward
/// (`outturn actuals`). The old file is never touched.

#include <string>
#include <vector>

namespace outturn {

/// One row of the results CSV (columns line, period, value; optional unit, source).
struct ReportedFigure {
  int csv_line = 0;       ///< 1-based line of the CSV
  std::string line;       ///< the model's line
  std::string period;     ///< a period or span label as reported (3Q10, 9M10, FY10)
  double value = 0;       ///< in the model's unit
  std::string source;     ///< the row's source column, or ""
  bool reported = false;  ///< true: a computed line, written to `reported:` (checked, not used)
  bool scaled = false;    ///< true: not in the CSV; the forecast scaled to a reported `sum(GROUP)` total
};

struct ActualsOptions {
  std::string csv_path;  ///< the results CSV
  std::string through;   ///< --through: the new `actuals_through`; empty: the last period a row reaches
  std::string as_of;     ///< the vintage's `model.as_of` (YYYY-MM-DD); empty: left as it is
};

struct ActualsResult {
  std::string text;                      ///< the next vintage's YAML
  std::string old_through, new_through;  ///< "" when nothing was reported before
  std::vector<ReportedFigure> figures;   ///< in CSV order, then the scaled lines
  std::vector<std::string> notes;        ///< how each total reported without its lines was honoured
};

/// Reads the CSV, checks every row against the model file `model_path` (a model file, not a
/// scenario file) and builds the next vintage; the result is loaded once before it is
/// returned, so a reported subtotal that does not reconcile is an error. A subtotal whose
/// formula is `sum(GROUP)`, reported for a period in which some lines of GROUP with actuals
/// are not, is honoured by scaling those lines' forecast in that period by one factor so that
/// the group adds up to the figure (a note says so). Every error is a ModelError at the CSV's
/// row and column ("results.csv:3:1: error: line: unknown line ...").
ActualsResult ApplyActuals(const std::string& model_path, const ActualsOptions& options);

}  // namespace outturn
