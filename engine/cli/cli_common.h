// SPDX-License-Identifier: MIT
#pragma once
// Shared by the outturn subcommands: argument parsing, output, exit codes. Each command
// group lives in its own <group>_commands.cpp and is listed in main.cpp's command table.
#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "outturn/model/model.h"
#include "outturn/report/output.h"
#include "outturn/report/tables.h"

namespace outturn::cli {

namespace po = boost::program_options;

constexpr int kOk = 0, kBadInput = 1, kBadUsage = 2, kInternal = 70;

/// The flag the user typed for an Options field ("SweepOptions::samples" -> "--samples"),
/// so that an OptionsError reads as bad usage of the command line; empty if none.
std::string FlagFor(const std::string& option);

/// Writes text to stdout, or atomically to `path` (unless empty or "-").
void Emit(const std::string& text, const std::string& path);
/// A --seed as typed: decimal digits only (no sign: "-1" is not 2^64 - 1), below 2^64; else
/// UsageError.
std::uint64_t ParseSeed(const std::string& text);
/// "table" | "csv" | "json", or UsageError.
Format ParseFormat(const std::string& s);
/// Each --set DRIVER=VALUE or DRIVER@PERIOD=VALUE (ParseOverride).
std::vector<DriverOverride> ParseSets(const Model& m, const std::vector<std::string>& sets);
/// Parses args with one positional spec; prints `usage` and the options and returns false
/// on --help.
bool ParseArgs(const std::vector<std::string>& args, const po::options_description& visible,
               const po::positional_options_description& pos, po::variables_map& vm, const std::string& usage);
/// Loads FILE, applies --scenario and --set (the options every analysis command takes).
Model LoadModel(const std::string& file, const std::string& scenario, const std::vector<std::string>& sets);

/// The options of every command that reads one model: FILE (positional), --scenario, --set,
/// --format, --output, and the table options of CSV and workbooks (--table, --tidy).
struct ModelArgs {
  std::string file, scenario, format = "table", output, table;
  std::vector<std::string> sets;
  bool tidy = false;
  void Add(po::options_description& o);
  Model Load() const { return LoadModel(file, scenario, sets); }
};

/// --format, --output, --table and --tidy, as a report is written (README "Machine outputs"):
/// table and JSON as `render` gives them; CSV to standard output whole (its tables one after
/// another, a blank line apart) unless --table picks one; CSV to a file with several tables
/// one file per table (name.lines.csv, name.targets.csv); --tidy writes the long form;
/// xlsx a workbook, which needs -o. `tables`: the report's tables, `model`: its "about" sheet.
struct OutputArgs {
  std::string format, output, table;
  bool tidy = false;
};
/// Throws UsageError for a bad --format, xlsx to standard output, or --table/--tidy with
/// table or JSON (EmitReport checks too; call it before long work).
void CheckOutput(const OutputArgs& out);
void EmitReport(const OutputArgs& out, const std::function<std::string(Format)>& render,
                const std::function<std::vector<Table>()>& tables, const Model& model);
inline OutputArgs Outputs(const ModelArgs& a) { return {a.format, a.output, a.table, a.tidy}; }
/// Adds --table and --tidy to a command that has no ModelArgs.
void AddTableOptions(po::options_description& o, std::string& table, bool& tidy);

// Commands: each takes the arguments after its name and returns the exit code.
int Check(const std::vector<std::string>& args);
int Run(const std::vector<std::string>& args);
int Compare(const std::vector<std::string>& args);
int Sweep(const std::vector<std::string>& args);
int Sensitivity(const std::vector<std::string>& args);
int Tornado(const std::vector<std::string>& args);
int GoalSeek(const std::vector<std::string>& args);
int Bridge(const std::vector<std::string>& args);
int Report(const std::vector<std::string>& args);
int Stress(const std::vector<std::string>& args);
int Actuals(const std::vector<std::string>& args);
int Backtest(const std::vector<std::string>& args);

}  // namespace outturn::cli
