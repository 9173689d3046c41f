// SPDX-License-Identifier: MIT
#pragma once
/// \file tables.h
/// A report as named tables, for the outputs that need one table at a time: a CSV file per
/// table (`-o name.csv` writes name.lines.csv, name.targets.csv, ...), the long (tidy) form
/// (`--tidy`), and workbooks (`-f xlsx`, one sheet per table). The tables are read from the
/// report's own CSV (`Format::kCsv`), so a table file, a tidy file and a sheet cannot disagree
/// with `-f csv`: every cell's text is the CSV field, and a cell is a number exactly when that
/// field reads back whole as one (strtod).

#include <string>
#include <vector>

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"
#include "outturn/sweep/sweep.h"
#include "outturn/vintage/backtest.h"

namespace outturn {

/// One cell: the CSV field, and its value when it is a number.
struct TableCell {
  std::string text;        ///< the CSV field, unquoted
  bool is_number = false;  ///< `text` reads back whole as a number (never for key or text columns)
  double number = 0;       ///< the value when is_number
  bool reported = false;   ///< a reported (locked) figure, not a forecast
};

/// One table of a report.
struct Table {
  std::string name;                          ///< file suffix and sheet name: "lines", "targets"
  std::vector<std::string> columns;          ///< the CSV header
  std::vector<std::string> units;            ///< per column: "JPY million" for amounts, else ""
  std::vector<int> keys;                     ///< the columns that identify a row (long form)
  std::vector<std::vector<TableCell>> rows;  ///< rows x columns
  bool verdict = false;                      ///< the table that answers "does the target hold?"
};

/// How a report's CSV splits into tables: per table, in CSV order, its name, its key columns,
/// the columns that hold amounts in the model's unit (by index; `amounts_from` >= 0 adds every
/// column from that index on) and columns kept as text even when they look like numbers.
struct TableSpec {
  std::string name;
  std::vector<int> keys;
  std::vector<int> amounts;
  int amounts_from = -1;
  std::vector<int> text;
  bool verdict = false;
};

/// Splits `csv` at its blank lines into tables named by `specs` (one per table, in order; a
/// table without a spec is an error: OUTTURN_ASSERT). `unit`: the units of amount columns.
std::vector<Table> CsvTables(const std::string& csv, const std::vector<TableSpec>& specs, const std::string& unit);

/// The table as CSV: its header and rows, the same bytes as its section of the report's CSV.
std::string TableCsv(const Table& table);
/// The long (tidy) form: the key columns, then `column,value` (and `unit`, and `reported`
/// when any cell of the table is reported), one row per non-key cell, in row-major order.
std::string TidyCsv(const Table& table);

/// The model's unit as table headers show it: "JPY million" (currency, unit), or "".
std::string UnitLabel(const Model& model);

/// Each report as tables (see the Render functions for their contents):
/// run: "targets" (the verdict), "lines" (period cells of reported periods marked reported).
std::vector<Table> RunTables(const Results& results);
/// compare: "rows" (targets and KPIs), "drivers" (values per period as text).
std::vector<Table> CompareTables(const std::vector<Model>& models);
/// sensitivity: "sensitivity".
std::vector<Table> SensitivityTables(const Model& model, const SensitivityResult& result);
/// tornado: "tornado", and "spider" when `spider` is given.
std::vector<Table> TornadoTables(const Model& model, const TornadoResult& tornado, const SpiderResult* spider);
/// bridge: "bridge".
std::vector<Table> BridgeTables(const Model& from, const Model& to, const BridgeResult& result,
                                const MultiGoalSeekResult* seek = nullptr);
/// sweep: "targets" (the verdict, with samples, seed, method, partial and P(all) on every
/// row), and "src" and "sobol" when computed; grid and one-at-a-time designs: "design".
/// `model`: for the unit.
std::vector<Table> SweepTables(const SweepResult& result, const Model& model);

/// backtest: "scores" (one row per vintage and target), "coverage". `model`: for the unit.
std::vector<Table> BacktestTables(const BacktestResult& result, const Model& model);
/// The "about" rows of a model's workbook: model, source, scenario, the overrides applied
/// (as `--set` takes them, DRIVER[@PERIOD]=VALUE), currency and unit, engine version.
std::vector<std::pair<std::string, std::string>> AboutRows(const Model& model);

}  // namespace outturn
