// SPDX-License-Identifier: MIT
// actuals, evolution, backtest: a model's vintages (engine/src/vintage): the next one from a
// quarter's results, how the forecast moved between two, and past ones scored against the
// outcome.
#include <filesystem>
#include <iostream>

#include "cli_common.h"
#include "outturn/report/actuals.h"
#include "outturn/report/backtest.h"
#include "outturn/report/tables.h"

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

int Backtest(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::vector<std::string> files;
  std::string outcome, calibrate, output, format = "table", table;
  long long samples = 100'000;
  std::uint64_t seed = 1;
  int threads = 0;
  double multiplier = 0;
  bool tidy = false;
  opts.add_options()("help,h", "show this help")("file", po::value(&files)->required()->multitoken(),
                                                 "the vintages: model files, each a forecast made at its date")(
      "outcome", po::value(&outcome)->required(), "the outcome CSV: line, period, value[, unit, source]")(
      "samples,n", po::value(&samples), "Monte Carlo scenarios per vintage (default 100000)")(
      "seed", po::value(&seed), "seed of the sweeps (default 1)")("threads,t", po::value(&threads),
                                                                  "worker threads (0: every core)")(
      "calibrate", po::value(&calibrate),
      "write this model file with its distributions widened by the width multiplier (needs -o)")(
      "multiplier", po::value(&multiplier), "with --calibrate: this multiplier instead of the backtest's 90% one")(
      "format,f", po::value(&format), "table (default), csv, json or xlsx (needs -o)")(
      "output,o", po::value(&output), "with --calibrate: the calibrated model; else the report, atomically");
  AddTableOptions(opts, table, tidy);
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn backtest VINTAGE.yaml... --outcome outcome.csv [-n N] [--seed S] [-t T]\n"
                 "                        [--format table|csv|json|xlsx] [-o PATH]\n"
                 "       outturn backtest VINTAGE.yaml... --outcome outcome.csv --calibrate MODEL.yaml -o OUT.yaml\n"
                 "Scores each vintage's forecast of each target against the outcome: the band and where the outcome\n"
                 "fell in it, the Brier score of P(meet), the CRPS, the verdict; the coverage of the 50% and 90%\n"
                 "bands and the width multiplier that would have made them honest. Tables (CSV, xlsx): scores,\n"
                 "coverage."))
    return kOk;
  if (samples < 1) throw UsageError("backtest: --samples must be at least 1");
  if (vm.count("multiplier") && calibrate.empty()) throw UsageError("backtest: --multiplier needs --calibrate");
  if (vm.count("multiplier") && !(multiplier > 0)) throw UsageError("backtest: --multiplier must be positive");
  if (!calibrate.empty() && output.empty())
    throw UsageError("backtest: --calibrate writes a model file: give it with -o");
  if (!calibrate.empty() && std::filesystem::exists(output) && std::filesystem::exists(calibrate) &&
      std::filesystem::equivalent(output, calibrate))
    throw UsageError("backtest: -o " + output + " is the model file itself; the calibrated model is a new file");
  const OutputArgs out{format, calibrate.empty() ? output : std::string(), table, tidy};
  CheckOutput(out);
  BacktestOptions o;
  o.outcome_path = outcome;
  o.samples = samples;
  o.seed = seed;
  o.threads = threads;
  const BacktestResult r = outturn::Backtest(files, o);
  const Model first = Model::Load(files[0]);
  EmitReport(
      out, [&](Format f) { return RenderBacktest(r, f); }, [&] { return BacktestTables(r, first); }, first);
  if (!calibrate.empty()) {
    const double m = multiplier > 0 ? multiplier : r.multiplier90;
    if (!std::isfinite(m) || !(m > 0))
      throw UsageError("backtest: the width multiplier is " + std::to_string(m) + "; give one with --multiplier");
    std::vector<std::string> notes;
    const std::string text = CalibrateModel(calibrate, m, &notes);
    Emit(text, output);
    std::cerr << "outturn: wrote " << output << ": " << calibrate << " with every distribution's spread multiplied by "
              << m << "\n";
    for (const std::string& n : notes) std::cerr << "note: " << n << "\n";
  }
  return kOk;
}

}  // namespace outturn::cli
