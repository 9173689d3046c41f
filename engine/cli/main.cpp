// SPDX-License-Identifier: MIT
// The outturn command line: argv -> options -> library call -> exit code.
// Exit codes: 0 success; 1 bad input (the message on stderr names the file, line, column,
// key and rule); 2 bad usage; 70 an internal error (a bug: please report it).
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_common.h"
#include "outturn/base/errors.h"
#include "outturn/base/simd.h"
#include "outturn/base/version.h"

namespace {

using namespace outturn::cli;

const char* const kMainHelp =
    "outturn " OUTTURN_VERSION_STRING
    " -- driver-based forecasts against full-year targets\n"
    "\n"
    "usage: outturn <command> [options]\n"
    "\n"
    "commands:\n"
    "  check FILE      validate a model or scenario file and summarise it\n"
    "  run FILE        project the open periods and give the target verdict\n"
    "  compare FILE... scenarios side by side: targets, KPIs, drivers that differ\n"
    "  sensitivity FILE exact derivatives of the KPIs by driver, elasticities, ranking\n"
    "  tornado FILE    each driver alone at its low and high, ranked by swing (--spider)\n"
    "  goalseek FILE   the driver value(s) that meet a target; break-even of the top drivers\n"
    "  bridge FILE     each driver's contribution to the change from one scenario to another\n"
    "  sweep FILE      sample the uncertain drivers: P(target), percentiles, what drives misses\n"
    "  stress FILE     reverse stress test: the most probable way to miss each target (FORM)\n"
    "  actuals FILE    reported figures from a CSV into the model's next vintage (a new file)\n"
    "  backtest FILE... past vintages scored against the outcome; --calibrate widens a model\n"
    "  report FILE     one self-contained HTML report: verdict, P&L, scenarios, charts (--samples)\n"
    "\n"
    "Run 'outturn <command> --help' for a command's options. Exit status: 0 ok, 1 bad\n"
    "input, 2 bad usage.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) {
      std::cerr << kMainHelp;
      return kBadUsage;
    }
    const std::string cmd = args[0];
    args.erase(args.begin());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << kMainHelp;
      return kOk;
    }
    if (cmd == "--version") {
      std::cout << "outturn " OUTTURN_VERSION_STRING "\n";
      return kOk;
    }
    static const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"check", Check},
        {"run", Run},
        {"compare", Compare},
        {"sweep", Sweep},
        {"sensitivity", Sensitivity},
        {"tornado", Tornado},
        {"goalseek", GoalSeek},
        {"bridge", Bridge},
        {"stress", Stress},
        {"actuals", Actuals},
        {"backtest", Backtest},
        {"report", Report}};
    auto it = commands.find(cmd);
    if (it == commands.end()) throw outturn::UsageError("unknown command '" + cmd + "' (see 'outturn --help')");
    outturn::SimdTarget();  // a bad OUTTURN_SIMD is a usage error (exit 2)
    return it->second(args);
  } catch (const outturn::OptionsError& e) {
    const std::string flag = FlagFor(e.option());
    std::cerr << "outturn: error: " << (flag.empty() ? std::string(e.what()) : e.Renamed(flag)) << "\n";
    return kBadUsage;
  } catch (const po::error& e) {
    std::cerr << "outturn: error: " << e.what() << " (see --help)\n";
    return kBadUsage;
  } catch (const outturn::UsageError& e) {
    std::cerr << "outturn: error: " << e.what() << "\n";
    return kBadUsage;
  } catch (const outturn::Error& e) {
    std::cerr << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "outturn: internal error: " << e.what() << "\n";
    return kInternal;
  }
}
