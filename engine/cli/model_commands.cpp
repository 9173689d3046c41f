// SPDX-License-Identifier: MIT
// check, run, compare: loading a model and reading its projection and verdict.
#include <iostream>

#include "cli_common.h"
#include "outturn/compile/program.h"
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
