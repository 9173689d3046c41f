// SPDX-License-Identifier: MIT
#include "cli_common.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>

#include "outturn/base/atomic_file.h"

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
      "format,f", po::value(&format), "table (default), csv or json")(
      "output,o", po::value(&output), "write to this file (atomically) instead of stdout");
}

}  // namespace outturn::cli
