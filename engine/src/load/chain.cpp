// SPDX-License-Identifier: MIT
// The chain of files a model is read from: a scenario file, the files it extends, and the
// model file at the end, with in-file scenarios expanded.
#include <algorithm>
#include <filesystem>

#include "base/text_util.h"
#include "load/raw_model.h"

namespace outturn::internal {
namespace {

[[noreturn]] void FailAt(const std::shared_ptr<const YamlFile>& f, const SourceLocation& loc,
                         const std::string& key_path, const std::string& msg) {
  throw ModelError(loc, key_path, msg, f ? f->SourceLine(loc.line) : "");
}

std::string DirName(const std::string& p) {
  const auto slash = p.rfind('/');
  return slash == std::string::npos ? "" : p.substr(0, slash + 1);
}

}  // namespace

std::vector<std::shared_ptr<const RawScenario>> ModelScenarioChain(const RawModel& raw, const std::string& name) {
  std::vector<std::shared_ptr<const RawScenario>> chain;
  std::string cur = name;
  while (!cur.empty() && cur != "base") {
    const RawScenario* s = nullptr;
    for (const RawScenario& o : raw.scenarios)
      if (o.name == cur) s = &o;
    OUTTURN_ASSERT(s != nullptr);  // validated when the model file was parsed
    chain.push_back(std::make_shared<RawScenario>(*s));
    cur = s->extends;
    OUTTURN_ASSERT(chain.size() <= raw.scenarios.size());
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::string NormalPath(const std::string& p) { return std::filesystem::path(p).lexically_normal().generic_string(); }

Chain LoadChain(const std::string& path, std::vector<std::string>& stack) {
  std::shared_ptr<const RawScenario> s;
  std::string extends;
  SourceLocation xloc;
  std::shared_ptr<const YamlFile> f;  // the text, for diagnostics; the tree ends here
  {
    const auto doc = YamlFile::Load(path);
    // A file named by `extends:` that is no model or scenario at all (/etc/passwd): said at
    // the `extends:` that asked for it (below), not as a model file's first error.
    if (stack.size() > 1 && !doc->root().IsMap())
      throw ModelError({path, 0, 0}, "",
                       doc->root().IsNull() ? "is empty, not a model or scenario file"
                                            : "is not a model or scenario file (not a YAML mapping)");
    const bool is_scenario = doc->root().IsMap() && doc->root()["scenario"].IsDefined();
    if (!is_scenario) return Chain{ParseModelFile(*doc), {}, {NormalPath(path)}};
    s = ParseScenarioFile(*doc, &extends, &xloc);
    f = doc->file();
  }
  std::string file = extends, name;
  if (auto hash = extends.find('#'); hash != std::string::npos) {
    file = extends.substr(0, hash);
    name = extends.substr(hash + 1);
  }
  if (file.empty())
    FailAt(f, xloc, "extends", "must name a file (model.yaml, or model.yaml#bull for a scenario of that model)");
  // Normalized ("a/../b.yaml" is "b.yaml") so that a cycle is seen, and messages are short.
  const std::string target = NormalPath((!file.empty() && file[0] == '/') ? file : DirName(path) + file);
  if (auto at = std::find(stack.begin(), stack.end(), target); at != stack.end()) {
    std::string cycle;
    for (; at != stack.end(); ++at) cycle += *at + " -> ";
    FailAt(f, xloc, "extends", "scenario files extend each other in a cycle: " + cycle + target);
  }
  if (stack.size() > 32) FailAt(f, xloc, "extends", "scenario files extend each other more than 32 deep");
  stack.push_back(target);
  Chain c;
  try {
    c = LoadChain(target, stack);
  } catch (const ModelError& e) {
    if (e.where().line == 0 && e.where().file == target && e.message() == "cannot open file")
      FailAt(f, xloc, "extends", "cannot open '" + target + "'");
    // Whatever is wrong with the file as a whole (not a regular file, too large, ...).
    if (e.where().line == 0 && e.where().file == target) {
      const std::string& m = e.message();
      FailAt(f, xloc, "extends", "'" + target + "'" + (m.rfind("is ", 0) == 0 ? " " + m : ": " + m));
    }
    throw;
  }
  stack.pop_back();
  c.files.insert(c.files.begin(), NormalPath(path));
  if (!name.empty() && !c.applied.empty())
    FailAt(f, xloc, "extends",
           "'" + file + "' is a scenario file; '#" + name + "' can only name a scenario of a model file");
  if (!name.empty()) {
    bool found = name == "base";
    for (const RawScenario& o : c.raw->scenarios) found |= o.name == name;
    if (!found) {
      std::vector<std::string> names{"base"};
      for (const RawScenario& o : c.raw->scenarios) names.push_back(o.name);
      FailAt(f, xloc, "extends", "'" + file + "' has no scenario '" + name + "'" + Suggest(name, names));
    }
    auto more = ModelScenarioChain(*c.raw, name);
    c.applied.insert(c.applied.end(), more.begin(), more.end());
  }
  c.applied.push_back(s);
  return c;
}

}  // namespace outturn::internal
