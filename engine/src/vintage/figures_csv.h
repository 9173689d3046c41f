// SPDX-License-Identifier: MIT
#pragma once
// The reported-figures CSV that `outturn actuals` reads (a quarter's results) and `outturn
// backtest` reads (the outcome): columns line, period, value, and optionally unit and source.

#include <string>
#include <vector>

#include "outturn/model/model.h"

namespace outturn::internal {

/// One row of the file, checked against the model.
struct CsvFigure {
  int row = 0;         ///< 1-based line of the file
  int line_index = 0;  ///< into Model::lines()
  int column = 0;      ///< calendar column (a period or a span)
  std::string line, period, source;
  double value = 0;
  int line_col = 1, period_col = 1, value_col = 1;  ///< 1-based columns of those fields
};

struct FiguresCsv {
  std::string path;
  std::vector<std::string> rows;  ///< the file's text lines (for the caret of a diagnostic)
  std::vector<CsvFigure> figures;
  /// Throws ModelError at `path`:row:col naming `key` (header, row, line, period, value, unit).
  [[noreturn]] void Fail(int row, int col, const std::string& key, const std::string& message) const;
};

/// Reads `path` and checks each row against `model`: the header names known columns, each
/// once, and has line, period and value; every row has the header's number of fields, a line
/// and a period (or span) of the model, a number, the line's unit when a unit is given; no
/// (line, period) twice. Blank lines are skipped. A file with a header only is an error.
FiguresCsv ReadFiguresCsv(const Model& model, const std::string& path);

}  // namespace outturn::internal
