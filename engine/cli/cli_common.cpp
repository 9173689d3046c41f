// SPDX-License-Identifier: MIT
#include "cli_common.h"

#include <iostream>

namespace outturn::cli {

// Output either to stdout or, atomically, to a file.
void Emit(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  WriteFileAtomic(path, text);
}

Format ParseFormat(const std::string& s) {
  auto f = FormatFromString(s);
  if (!f) throw Usage("--format must be table, csv or json (got '" + s + "')");
  return *f;
}

// DRIVER=VALUE or DRIVER@PERIOD=VALUE; VALUE a number, a percentage or a date.
std::vector<DriverOverride> ParseSets(const Model& m, const std::vector<std::string>& sets) {
  std::vector<DriverOverride> out;
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
    DriverOverride o;
    o.driver = name;
    const int d = m.FindDriver(name);
    const bool date = d >= 0 && m.drivers()[d].is_date;
    auto v = ParseValue(value, date);
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

Model LoadModel(const std::string& file, const std::string& scenario, const std::vector<std::string>& sets) {
  Model model = Model::Load(file);
  if (!scenario.empty()) model = model.WithScenario(scenario);
  if (!sets.empty()) model = model.WithOverrides(ParseSets(model, sets));
  return model;
}

void ModelArgs::Add(po::options_description& o) {
  o.add_options()("help,h", "show this help")
      ("file", po::value(&file)->required(), "model or scenario file")
      ("scenario,s", po::value(&scenario), "a scenario defined in the model file (default: base)")
      ("set", po::value(&sets)->composing(), "DRIVER=VALUE or DRIVER@PERIOD=VALUE (repeatable)")
      ("format,f", po::value(&format), "table (default), csv or json")
      ("output,o", po::value(&output), "write to this file (atomically) instead of stdout");
}

}  // namespace outturn::cli
