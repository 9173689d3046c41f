// SPDX-License-Identifier: MIT
// The outturn command line: argv -> options -> library call -> exit code.
// Exit codes: 0 success; 1 bad input (the message on stderr names the file, line, column,
// key and rule); 2 bad usage; 70 an internal error (a bug: please report it).
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "outturn/calendar.h"
#include "outturn/model.h"
#include "outturn/program.h"
#include "outturn/report.h"
#include "outturn/version.h"

namespace po = boost::program_options;

namespace {

constexpr int kOk = 0, kBadInput = 1, kBadUsage = 2, kInternal = 70;

struct Usage : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* const kMainHelp =
    "outturn " OUTTURN_VERSION_STRING " -- driver-based forecasts against full-year targets\n"
    "\n"
    "usage: outturn <command> [options]\n"
    "\n"
    "commands:\n"
    "  check FILE      validate a model or scenario file and summarise it\n"
    "  run FILE        project the open periods and give the target verdict\n"
    "  compare FILE... scenarios side by side: targets, KPIs, drivers that differ\n"
    "\n"
    "Run 'outturn <command> --help' for a command's options. Exit status: 0 ok, 1 bad\n"
    "input, 2 bad usage.\n";

// Output either to stdout or, atomically, to a file.
void Emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  outturn::WriteFileAtomic(path, text);
}

outturn::Format ParseFormat(const std::string& s) {
  auto f = outturn::FormatFromString(s);
  if (!f) throw Usage("--format must be table, csv or json (got '" + s + "')");
  return *f;
}

// DRIVER=VALUE or DRIVER@PERIOD=VALUE; VALUE a number, a percentage or a date.
std::vector<outturn::DriverOverride> ParseSets(const outturn::Model& m, const std::vector<std::string>& sets) {
  std::vector<outturn::DriverOverride> out;
  for (const std::string& s : sets) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      throw Usage("--set takes DRIVER=VALUE or DRIVER@PERIOD=VALUE (got '" + s + "')");
    std::string name = s.substr(0, eq), period;
    const std::string value = s.substr(eq + 1);
    if (auto at = name.find('@'); at != std::string::npos) {
      period = name.substr(at + 1);
      name = name.substr(0, at);
    }
    outturn::DriverOverride o;
    o.driver = name;
    const int d = m.FindDriver(name);
    const bool date = d >= 0 && m.drivers()[d].is_date;
    auto v = outturn::ParseValue(value, date);
    if (!v) throw Usage("--set " + name + ": '" + value + "' is not " + (date ? "a date YYYY-MM-DD" : "a number"));
    o.value = *v;
    if (!period.empty()) {
      o.period = -1;
      for (const auto& p : m.calendar().periods())
        if (p.label == period) o.period = p.index;
      if (o.period < 0) throw Usage("--set " + name + ": unknown period '" + period + "'");
    }
    out.push_back(o);
  }
  return out;
}

bool ParseArgs(const std::vector<std::string>& args, const po::options_description& visible,
               const po::positional_options_description& pos, po::variables_map& vm,
               const std::string& usage) {
  po::options_description all;
  all.add(visible);
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n" << visible;
    return false;
  }
  po::notify(vm);
  return true;
}

int Check(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::vector<std::string> files;
  std::string format = "table";
  opts.add_options()("help,h", "show this help")
      ("file", po::value(&files)->required()->multitoken(), "model or scenario files")
      ("format,f", po::value(&format), "table or json")
      ("all-scenarios", "also validate every scenario the model file defines");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm, "usage: outturn check FILE... [--format table|json]")) return kOk;
  const auto fmt = ParseFormat(format);
  if (fmt == outturn::Format::kCsv) throw Usage("check: --format must be table or json");
  for (const std::string& f : files) {
    auto model = outturn::Model::Load(f);
    for (const std::string& s : model.scenario_names()) model.WithScenario(s);  // each must load
    std::cout << outturn::RenderCheck(model, fmt);
  }
  return kOk;
}

int Run(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::string file, scenario, format = "table", output;
  std::vector<std::string> sets;
  opts.add_options()("help,h", "show this help")
      ("file", po::value(&file)->required(), "model or scenario file")
      ("scenario,s", po::value(&scenario), "a scenario defined in the model file (default: base)")
      ("set", po::value(&sets)->composing(), "DRIVER=VALUE or DRIVER@PERIOD=VALUE (repeatable)")
      ("format,f", po::value(&format), "table (default), csv or json")
      ("output,o", po::value(&output), "write to this file (atomically) instead of stdout");
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn run FILE [--scenario NAME] [--set DRIVER=VALUE ...]\n"
                 "                   [--format table|csv|json] [-o PATH]"))
    return kOk;
  const auto fmt = ParseFormat(format);
  auto model = outturn::Model::Load(file);
  if (!scenario.empty()) model = model.WithScenario(scenario);
  if (!sets.empty()) model = model.WithOverrides(ParseSets(model, sets));
  Emit(outturn::RenderRun(outturn::Run(model), fmt), output);
  return kOk;
}

int Compare(const std::vector<std::string>& args) {
  po::options_description opts("options");
  std::vector<std::string> files, scenarios;
  std::string format = "table", output;
  opts.add_options()("help,h", "show this help")
      ("file", po::value(&files)->required()->multitoken(), "model or scenario files")
      ("scenario,s", po::value(&scenarios)->composing(),
       "a scenario of the (first) model file to add (repeatable); 'all' adds every one")
      ("format,f", po::value(&format), "table (default), csv or json")
      ("output,o", po::value(&output), "write to this file (atomically) instead of stdout");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!ParseArgs(args, opts, pos, vm,
                 "usage: outturn compare FILE... [--scenario NAME|all ...] [--format table|csv|json] [-o PATH]\n"
                 "Puts scenarios side by side: each target and KPI, and the drivers that differ.\n"
                 "The first file is the reference."))
    return kOk;
  const auto fmt = ParseFormat(format);
  std::vector<outturn::Model> models;
  for (const std::string& f : files) models.push_back(outturn::Model::Load(f));
  for (const std::string& s : scenarios) {
    if (s == "all") {
      for (const std::string& n : models[0].scenario_names())
        if (n != models[0].scenario()) models.push_back(models[0].WithScenario(n));
    } else {
      models.push_back(models[0].WithScenario(s));
    }
  }
  Emit(outturn::RenderCompare(models, fmt), output);
  return kOk;
}

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
        {"check", Check}, {"run", Run}, {"compare", Compare}};
    auto it = commands.find(cmd);
    if (it == commands.end()) throw Usage("unknown command '" + cmd + "' (see 'outturn --help')");
    return it->second(args);
  } catch (const Usage& e) {
    std::cerr << "outturn: error: " << e.what() << "\n";
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
