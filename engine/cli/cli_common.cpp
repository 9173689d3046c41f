// SPDX-License-Identifier: MIT
#include "cli_common.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>

#include "outturn/base/atomic_file.h"
#include "outturn/report/xlsx.h"

namespace outturn::cli {

// Output either to stdout or to a file (AtomicFile: atomically, or through to a device or
// FIFO). A failed write either way is an Error (exit 1).
void Emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    errno = 0;
    std::cout << text;
    std::cout.flush();
    if (!std::cout) {
      const int e = errno;
      std::cout.clear();
      throw Error(std::string("outturn: error: cannot write to standard output") +
                  (e != 0 ? std::string(": ") + std::strerror(e) : std::string()));
    }
    return;
  }
  WriteFileAtomic(path, text);
}

void AddTableOptions(po::options_description& o, std::string& table, bool& tidy) {
  o.add_options()("table", po::value(&table), "CSV or workbook: only this table (lines, targets, ...)")(
      "tidy", po::bool_switch(&tidy), "CSV: the long form, one row per value (keys, column, value, unit)");
}

namespace {

// Whether `path` names a regular file or nothing (after symbolic links): only then does a
// CSV of several tables become one file per table; a device or FIFO gets the whole CSV.
bool SplitsIntoFiles(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return errno == ENOENT;
  return S_ISREG(st.st_mode);
}

std::string TablePath(const std::string& path, const std::string& table) {
  const std::string ext = ".csv";
  const bool has = path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  return (has ? path.substr(0, path.size() - ext.size()) : path) + "." + table + ext;
}

}  // namespace

void CheckOutput(const OutputArgs& out) {
  const bool to_stdout = out.output.empty() || out.output == "-";
  if (out.format == "xlsx") {
    if (to_stdout) throw UsageError("--format xlsx writes a binary workbook: give the file with -o PATH.xlsx");
    if (out.tidy) throw UsageError("--tidy is for --format csv");
    return;
  }
  const auto f = FormatFromString(out.format);
  if (!f) throw UsageError("--format must be table, csv, json or xlsx (got '" + out.format + "')");
  if (*f != Format::kCsv && (out.tidy || !out.table.empty()))
    throw UsageError("--table and --tidy are for --format csv or xlsx");
}

void EmitReport(const OutputArgs& out, const std::function<std::string(Format)>& render,
                const std::function<std::vector<Table>()>& tables, const Model& model) {
  const bool to_stdout = out.output.empty() || out.output == "-";
  auto pick = [&](std::vector<Table> ts) {
    if (out.table.empty()) return ts;
    std::vector<std::string> names;
    for (const Table& t : ts) {
      if (t.name == out.table) return std::vector<Table>{t};
      names.push_back(t.name);
    }
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    throw UsageError("--table: this report has no table '" + out.table + "' (its tables: " + list + ")");
  };
  CheckOutput(out);
  if (out.format == "xlsx") {
    WriteXlsx(pick(tables()), AboutRows(model), out.output);
    return;
  }
  const auto f = FormatFromString(out.format);
  if (*f != Format::kCsv) {
    Emit(render(*f), out.output);
    return;
  }
  if (!out.tidy && out.table.empty() && (to_stdout || !SplitsIntoFiles(out.output))) {
    Emit(render(*f), out.output);  // the whole CSV, its tables a blank line apart
    return;
  }
  const std::vector<Table> ts = pick(tables());
  auto text = [&](const Table& t) { return out.tidy ? TidyCsv(t) : TableCsv(t); };
  if (ts.size() == 1 || to_stdout || !SplitsIntoFiles(out.output)) {
    std::string all;
    for (size_t i = 0; i < ts.size(); ++i) all += (i ? "\n" : "") + text(ts[i]);
    Emit(all, out.output);
    return;
  }
  for (const Table& t : ts) Emit(text(t), TablePath(out.output, t.name));
}

std::uint64_t ParseSeed(const std::string& text) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  errno = 0;
  const unsigned long long v = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
  if (!digits || errno == ERANGE) throw UsageError("--seed must be a whole number in [0, 2^64) (got '" + text + "')");
  return v;
}

Format ParseFormat(const std::string& s) {
  auto f = FormatFromString(s);
  if (!f) throw UsageError("--format must be table, csv or json (got '" + s + "')");
  return *f;
}

std::vector<DriverOverride> ParseSets(const Model& m, const std::vector<std::string>& sets) {
  std::vector<DriverOverride> out;
  for (const std::string& s : sets) out.push_back(ParseOverride(m, s, "--set"));
  return out;
}

std::string FlagFor(const std::string& option) {
  static const std::map<std::string, std::string> flags = {
      {"SweepOptions::samples", "--samples"},
      {"SweepOptions::path_lines", "--path"},
      {"HtmlReportOptions::samples", "--samples"},
      {"HtmlReportOptions::threads", "--threads"},
      {"HtmlReportOptions::bridge_drivers", "--bridge-drivers"},
      {"StressOptions::starts", "--starts"},
      {"StressOptions::max_iterations", "--max-iterations"},
      {"SweepOptions::threads", "--threads"},
      {"SweepOptions::chunk", "--chunk"},
      {"SweepOptions::until_ci", "--until-ci"},
      {"SweepOptions::confidence", "--confidence"},
      {"SweepOptions::lhs_block", "--lhs-block"},
      {"SweepOptions::grid_points", "--grid-points"},
      {"SweepOptions::histogram_bins", "--bins"},
      {"SweepOptions::dump_limit", "--dump-limit"},
      {"SweepOptions::sobol_index_samples", "--sobol-indices"},
      {"SwingOptions::percent", "--percent"},
      {"SwingOptions::date_days", "--date-days"},
      {"SpiderOptions::top", "--spider"},
      {"SpiderOptions::steps", "--steps"},
      {"GoalSeekOptions::tolerance", "--tolerance"},
      {"GoalSeekOptions::max_iterations", "--max-iterations"},
      {"GoalSeekOptions::bracket", "--bracket"},
      {"GoalSeekOptions::date_days", "--date-days"},
      {"MultiGoalSeekOptions::tolerance", "--tolerance"},
      {"MultiGoalSeekOptions::max_iterations", "--max-iterations"},
      {"BreakEvenOptions::top", "--top"},
      {"BridgeOptions::max_shapley_drivers", "--max-shapley"},
  };
  auto it = flags.find(option);
  return it == flags.end() ? std::string() : it->second;
}

bool ParseArgs(const std::vector<std::string>& args, const po::options_description& visible,
               const po::positional_options_description& pos, po::variables_map& vm, const std::string& usage) {
  po::options_description all;
  all.add(visible);
  // A negative number after an option is its value, not an option ("-n -5", "--seed -1"):
  // joined to it, so the option's own rule reports it ("--samples must be at least 1").
  std::vector<std::string> joined;
  for (const std::string& t : args) {
    const bool negative_number =
        t.size() > 1 && t[0] == '-' && (std::isdigit(static_cast<unsigned char>(t[1])) || t[1] == '.');
    if (negative_number && !joined.empty() && joined.back().size() > 1 && joined.back()[0] == '-' &&
        joined.back().find('=') == std::string::npos && !std::isdigit(static_cast<unsigned char>(joined.back()[1]))) {
      joined.back() += (joined.back()[1] == '-' ? "=" : "") + t;
      continue;
    }
    joined.push_back(t);
  }
  po::store(po::command_line_parser(joined).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n" << visible;
    return false;
  }
  po::notify(vm);
  return true;
}

Model LoadModel(const std::string& file, const std::string& scenario, const std::vector<std::string>& sets) {
  Model model = Model::Load(file);
  if (!scenario.empty()) model = model.WithScenario(scenario);
  if (!sets.empty()) model = model.WithOverrides(ParseSets(model, sets));
  return model;
}

void ModelArgs::Add(po::options_description& o) {
  o.add_options()("help,h", "show this help")("file", po::value(&file)->required(), "model or scenario file")(
      "scenario,s", po::value(&scenario), "a scenario defined in the model file (default: base)")(
      "set", po::value(&sets)->composing(), "DRIVER=VALUE or DRIVER@PERIOD=VALUE (repeatable)")(
      "format,f", po::value(&format), "table (default), csv, json or xlsx (needs -o)")(
      "output,o", po::value(&output), "write to this file (atomically) instead of stdout");
  AddTableOptions(o, table, tidy);
}

}  // namespace outturn::cli
