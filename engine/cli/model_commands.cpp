// SPDX-License-Identifier: MIT
// check, run, compare: loading a model and reading its projection and verdict; actuals: its
// next vintage.
#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "outturn/compile/program.h"
#include "outturn/report/actuals.h"
#include "outturn/report/check.h"
#include "outturn/report/compare.h"
#include "outturn/report/run.h"
#include "outturn/report/tables.h"

namespace outturn::cli {

int Check(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::vector<std::string> files;
  std::string format = "table";
  opts.add_options()("help,h", "show this help")("file", po::value(&files)->required()->multitoken(),
                                                 "model or scenario files")("format,f", po::value(&format),
                                                                            "table or json");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn check FILE... [--format table|json]\nValidates each file and every scenario its model "
                 "defines."))
    return kOk;
  const auto fmt = ParseFormat(format);
  if (fmt == Format::kCsv) throw UsageError("check: --format must be table or json");
  for (const std::string& f : files) {
    auto model = Model::Load(f);
    for (const std::string& s : model.scenario_names()) model.WithScenario(s);  // each must load
    std::cout << RenderCheck(model, fmt);
  }
  return kOk;
}

int Run(const std::vector<std::string>& args) {
  po::options_description opts("options");
  ModelArgs a;
  a.Add(opts);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn run FILE [--scenario NAME] [--set DRIVER=VALUE ...]\n"
                 "                   [--format table|csv|json|xlsx] [-o PATH] [--table NAME] [--tidy]\n"
                 "Tables (CSV, xlsx): lines, targets."))
    return kOk;
  const Model model = a.Load();
  const Results results = outturn::Run(model);
  EmitReport(
      Outputs(a), [&](Format f) { return RenderRun(results, f); }, [&] { return RunTables(results); }, model);
  return kOk;
}

int Compare(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::vector<std::string> files, scenarios;
  std::string format = "table", output, table;
  bool tidy = false;
  opts.add_options()("help,h", "show this help")("file", po::value(&files)->required()->multitoken(),
                                                 "model or scenario files")(
      "scenario,s", po::value(&scenarios)->composing(),
      "a scenario of the (first) model file to add (repeatable); 'all' adds every one")(
      "format,f", po::value(&format), "table (default), csv, json or xlsx (needs -o)")(
      "output,o", po::value(&output), "write to this file (atomically) instead of stdout");
  AddTableOptions(opts, table, tidy);
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn compare FILE... [--scenario NAME|all ...] [--format table|csv|json|xlsx] [-o PATH]\n"
                 "                       [--table NAME] [--tidy]\n"
                 "Puts scenarios side by side: each target and KPI, and the drivers that differ.\n"
                 "The first file is the reference. Tables (CSV, xlsx): rows, drivers."))
    return kOk;
  std::vector<Model> models;
  for (const std::string& f : files) models.push_back(Model::Load(f));
  for (const std::string& s : scenarios) {
    if (s == "all") {
      for (const std::string& n : models[0].scenario_names())
        if (n != models[0].scenario()) models.push_back(models[0].WithScenario(n));
    } else {
      models.push_back(models[0].WithScenario(s));
    }
  }
  EmitReport(
      {format, output, table, tidy}, [&](Format f) { return RenderCompare(models, f); },
      [&] { return CompareTables(models); }, models[0]);
  return kOk;
}

}  // namespace outturn::cli

namespace outturn::cli {

int Actuals(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string file, from, through, as_of, output, format = "table";
  opts.add_options()("help,h", "show this help")("file", po::value(&file)->required(), "the model file")(
      "from", po::value(&from)->required(), "the results CSV: line, period, value[, unit, source]")(
      "through", po::value(&through), "the new actuals_through (default: the last period the figures reach)")(
      "as-of", po::value(&as_of), "the vintage's as-of date, YYYY-MM-DD (model.as_of)")(
      "output,o", po::value(&output), "write the next vintage here (default: to stdout)")(
      "format,f", po::value(&format), "the summary printed with -o: table, csv or json");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn actuals FILE --from results.csv [--through PERIOD] [--as-of DATE] [-o next.yaml]\n"
                 "Checks reported figures against the model and writes its next vintage (the old file is untouched)."))
    return kOk;
  const auto fmt = ParseFormat(format);
  if (!output.empty() && std::filesystem::exists(output) && std::filesystem::exists(file) &&
      std::filesystem::equivalent(output, file))
    throw UsageError("actuals: -o " + output + " is the model file itself; the next vintage is a new file");
  ActualsOptions o;
  o.csv_path = from;
  o.through = through;
  o.as_of = as_of;
  const ActualsResult r = ApplyActuals(file, o);
  if (output.empty() || output == "-") {
    std::cout << r.text;
    return kOk;
  }
  Emit(r.text, output);
  std::cout << RenderActuals(r, output, fmt);
  return kOk;
}

}  // namespace outturn::cli
