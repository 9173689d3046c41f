// SPDX-License-Identifier: MIT
// report: one self-contained HTML file of a model, its scenarios and (with --samples) a sweep.
#include "cli_common.h"
#include "outturn/report/html.h"

namespace outturn::cli {

int Report(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string file, scenario, output, seed = "1";
  std::vector<std::string> sets, compare;
  HtmlReportOptions ro;
  opts.add_options()("help,h", "show this help")("file", po::value(&file)->required(), "model or scenario file")(
      "scenario,s", po::value(&scenario), "a scenario defined in the model file (default: base)")(
      "set", po::value(&sets)->composing(), "DRIVER=VALUE or DRIVER@PERIOD=VALUE (repeatable)")(
      "compare,c", po::value(&compare)->composing(),
      "a scenario file of the same model to put beside it (repeatable; the model file's own scenarios are always "
      "added)")("output,o", po::value(&output), "write the HTML to this file (atomically) instead of stdout")(
      "samples,n", po::value(&ro.samples), "add a Monte Carlo sweep of N scenarios (default: none)")(
      "seed", po::value(&seed), "the sweep's seed (default 1)")(
      "threads,j", po::value(&ro.threads), "the sweep's threads (default 0: every core; the report is the same)")(
      "bridge-drivers", po::value(&ro.bridge_drivers),
      "drivers the bridge to each missed target moves, the tornado's top ones (default 3)");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn report FILE [--scenario NAME] [--set DRIVER=VALUE ...] [--compare FILE ...]\n"
                 "                      [--samples N] [--seed S] [-o report.html]\n"
                 "One self-contained HTML file (no scripts, no network): the verdict, the quarterly P&L, the\n"
                 "components, the scenarios, the tornado, the bridge to each missed target and, with\n"
                 "--samples, each target's distribution, fan charts and what drives the misses."))
    return kOk;
  ro.seed = ParseSeed(seed);
  ro.Validate();
  const Model model = LoadModel(file, scenario, sets);
  for (const std::string& f : compare) ro.compare.push_back(Model::Load(f));
  Emit(RenderHtmlReport(model, ro), output);
  return kOk;
}

}  // namespace outturn::cli
