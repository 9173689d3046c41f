// SPDX-License-Identifier: MIT
// sweep: how likely are the targets? Progress on stderr when it is a terminal; Ctrl-C
// stops cleanly and prints the statistics so far, marked partial.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "cli_common.h"
#include "outturn/report/sweep.h"
#include "outturn/sweep/sweep.h"

namespace outturn::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnInterrupt(int) {
  g_stop.store(true);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process
}

std::vector<std::string> SplitList(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& s : items) {
    size_t b = 0;
    for (size_t e; (e = s.find(',', b)) != std::string::npos; b = e + 1)
      if (e > b) out.push_back(s.substr(b, e - b));
    if (b < s.size()) out.push_back(s.substr(b));
  }
  return out;
}

}  // namespace

int Sweep(const std::vector<std::string>& args) {
  po::options_description opts("options");
  ModelArgs a;
  a.Add(opts);
  std::string method = "mc";
  std::vector<std::string> drivers;
  SweepOptions o;
  std::string seed = "1";
  opts.add_options()("method,m", po::value(&method), "grid | oat | mc (default) | lhs | sobol")(
      "samples,n", po::value(&o.samples), "scenarios to evaluate (default 100000)")(
      "seed", po::value(&seed), "seed of the random streams: a whole number in [0, 2^64) (default 1)")(
      "threads,t", po::value(&o.threads), "worker threads (default: every core)")(
      "chunk", po::value(&o.chunk), "scenarios per task (does not change results)")(
      "until-ci", po::value(&o.until_ci), "stop when every P(target) interval is narrower than this")(
      "confidence", po::value(&o.confidence), "confidence level of the intervals (default 0.95)")(
      "lhs-block", po::value(&o.lhs_block), "Latin hypercube strata per block (power of two)")(
      "grid-points", po::value(&o.grid_points), "levels per driver for grid and oat (default 5)")(
      "drivers", po::value(&drivers)->composing(),
      "drivers to vary, comma-separated (default: all with a distribution)")(
      "regression", po::bool_switch(&o.regression), "standardized regression coefficients")(
      "sobol-indices", po::value(&o.sobol_index_samples),
      "Sobol indices from N base samples (N x (drivers + 2) evaluations)")("bins", po::value(&o.histogram_bins),
                                                                           "histogram bins per target (default 8192)")(
      "dump", po::value(&o.dump_path), "write sampled drivers and targets of the first scenarios (CSV)")(
      "dump-limit", po::value(&o.dump_limit), "scenarios in the dump (default 100000)")(
      "path", po::value(&o.path_lines)->composing(),
      "a line whose quantiles by period to give too (repeatable; table 'paths')");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn sweep FILE [--method grid|oat|mc|lhs|sobol] [--samples N] [--seed S]\n"
                 "                     [--threads T] [--until-ci W] [--format table|csv|json|xlsx] [--dump PATH]\n"
                 "                     [-o PATH] [--table NAME] [--tidy]\n"
                 "Samples the drivers that have a distribution and measures the targets: distribution,\n"
                 "P(meet) with its interval, shortfall, what drives the misses. On a Dask cluster, with\n"
                 "the same statistics bit for bit: python3 -m outturn sweep FILE --dask ADDRESS|local:N\n"
                 "Tables (CSV, xlsx): targets, and src, sobol and paths when computed."))
    return kOk;
  CheckOutput(Outputs(a));
  auto m = SweepMethodFromString(method);
  if (!m) throw UsageError("--method must be grid, oat, mc, lhs or sobol (got '" + method + "')");
  o.method = *m;
  o.drivers = SplitList(drivers);
  o.seed = ParseSeed(seed);
  o.Validate();
  Model model = a.Load();

  const bool tty = isatty(STDERR_FILENO);
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  ProgressFn progress = [&](long long done, long long total) {
    if (!tty) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last < std::chrono::milliseconds(200)) return;
    last = now;
    std::cerr << RenderProgress(done, total, std::chrono::duration<double>(now - t0).count()) << std::flush;
  };
  g_stop.store(false);
  auto previous = std::signal(SIGINT, OnInterrupt);
  SweepResult r;
  try {
    r = outturn::Sweep(model, o, &g_stop, progress);
  } catch (...) {
    std::signal(SIGINT, previous);
    throw;
  }
  std::signal(SIGINT, previous);
  if (tty) std::cerr << "\n";
  EmitReport(
      Outputs(a), [&](Format f) { return RenderSweep(r, f); }, [&] { return SweepTables(r, model); }, model);
  if (r.partial) std::cerr << "outturn: interrupted: statistics cover the first " << r.samples << " scenarios\n";
  return r.partial ? 130 : kOk;
}

}  // namespace outturn::cli
