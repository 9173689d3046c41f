// SPDX-License-Identifier: MIT
// The entry points that run the whole front of the pipeline: load (the file chain), model
// (scenarios, names, cells), then one evaluation by compile: no NaN or infinity in any
// cell, and every reported value reconciled to the unit.
#include <cmath>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "base/text_util.h"
#include "load/raw_model.h"
#include "model/model_data.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"

namespace outturn {
namespace internal {
namespace {

// Evaluates the model once: Run throws NumericalError naming the first non-finite cell;
// each reported value must match the computed one to the model's unit. `m` is Finalize's
// result, not yet shared: it gets the files it was read from, which only the loader knows.
Model Checked(std::shared_ptr<ModelData> m, std::vector<std::string> source_files) {
  m->source_files = std::move(source_files);
  const Calendar& cal = m->calendar;
  Model model(m);
  const Results res = Run(model);
  for (const auto& [line, col, rv] : m->reported_checks) {
    const double got = res.at(line, col);
    if (std::fabs(got - rv.value) > 0.5)
      throw ModelError(rv.loc, rv.key_path,
                       "reported " + WithCommas(rv.value) + " in " + cal.ColumnLabel(col) + " but the model computes " +
                           WithCommas(got) + " (difference " + WithCommas(got - rv.value) + ")" +
                           (m->scenario != "base" ? " in scenario '" + m->scenario + "'" : std::string()),
                       m->raw->file ? m->raw->file->SourceLine(rv.loc.line) : "");
  }
  return model;
}

}  // namespace
}  // namespace internal

Model Model::Load(const std::string& path) {
  // Loading is bounded (load/yaml_source.h), but memory can still run out under a tighter
  // limit than the machine's (ulimit -v): that is said as an input error, not an internal one.
  try {
    std::vector<std::string> stack{internal::NormalPath(path)};
    internal::Chain c = internal::LoadChain(path, stack);
    return internal::Checked(internal::Finalize(c.raw, c.applied, {}, path), std::move(c.files));
  } catch (const std::bad_alloc&) {
    throw ModelError({path, 0, 0}, "", "out of memory while loading the file");
  }
}

Model Model::WithScenario(const std::string& name) const {
  if (name == "base") return *this;
  bool found = false;
  for (const auto& s : data_->raw->scenarios) found |= s.name == name;
  if (!found) {
    auto names = scenario_names();
    throw UsageError("unknown scenario '" + name + "'" + internal::Suggest(name, names) +
                     " (scenarios: " + internal::JoinList(names) + ")");
  }
  auto applied = data_->applied;
  auto more = internal::ModelScenarioChain(*data_->raw, name);
  applied.insert(applied.end(), more.begin(), more.end());
  return internal::Checked(internal::Finalize(data_->raw, applied, data_->overrides, data_->path), data_->source_files);
}

Model Model::WithOverrides(const std::vector<DriverOverride>& overrides) const {
  auto all = data_->overrides;
  all.insert(all.end(), overrides.begin(), overrides.end());
  return internal::Checked(internal::Finalize(data_->raw, data_->applied, all, data_->path), data_->source_files);
}

const std::vector<std::string>& Model::source_files() const { return data_->source_files; }

}  // namespace outturn
