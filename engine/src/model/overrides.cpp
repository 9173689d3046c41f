// SPDX-License-Identifier: MIT
// Driver values as people write them (ParseValue, ParseDriverRef, ParseOverride): one
// parser for the CLI's --set, Python's set= and every DRIVER@PERIOD an analysis takes.
#include <cmath>
#include <string>
#include <vector>

#include "base/text_util.h"
#include "load/raw_model.h"
#include "model/model_data.h"
#include "outturn/model/model.h"

namespace outturn {

std::optional<double> ParseValue(const std::string& text, bool is_date) {
  double v;
  if (!internal::ParseDriverValue(text, is_date, &v)) return std::nullopt;
  return v;
}

DriverRef ParseDriverRef(const Model& model, const std::string& spec, const std::string& context) {
  std::string name = spec, period;
  if (auto at = spec.find('@'); at != std::string::npos) {
    name = spec.substr(0, at);
    period = spec.substr(at + 1);
  }
  const std::string prefix = context.empty() ? std::string() : context + " ";
  DriverRef ref;
  ref.driver = model.FindDriver(name);
  if (ref.driver < 0) {
    std::vector<std::string> names;
    for (const Driver& d : model.drivers()) names.push_back(d.name);
    throw UsageError(internal::UnknownName("driver", name, names));
  }
  if (period.empty()) return ref;
  std::vector<std::string> labels;
  for (const Period& p : model.calendar().periods()) {
    if (p.label == period) {
      if (p.actual)
        throw UsageError(prefix + name + "@" + period + ": " + internal::LockedPeriod(model.calendar(), p.index));
      ref.period = p.index;
      return ref;
    }
    labels.push_back(p.label);
  }
  throw UsageError(prefix + name + ": unknown period '" + period + "'" + internal::Suggest(period, labels));
}

DriverOverride ParseOverride(const Model& model, const std::string& spec, const std::string& value,
                             const std::string& context) {
  const DriverRef ref = ParseDriverRef(model, spec, context);
  const Driver& d = model.drivers()[ref.driver];
  auto v = ParseValue(value, d.is_date);
  if (!v)
    throw UsageError((context.empty() ? std::string() : context + " ") + d.name + ": '" + value + "' is not " +
                     (d.is_date ? "a date YYYY-MM-DD" : "a number"));
  return DriverOverride{d.name, *v, ref.period};
}

DriverOverride ParseOverride(const Model& model, const std::string& assignment, const std::string& context) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == assignment.size())
    throw UsageError(context + " takes DRIVER=VALUE or DRIVER@PERIOD=VALUE (got '" + assignment + "')");
  return ParseOverride(model, assignment.substr(0, eq), assignment.substr(eq + 1), context);
}

std::string OverrideText(const Model& model, const DriverOverride& o) {
  std::string s = o.driver;
  if (o.period >= 0) s += "@" + model.calendar().periods()[o.period].label;
  const int d = model.FindDriver(o.driver);
  const bool is_date = d >= 0 && model.drivers()[d].is_date;
  return s + "=" + (is_date ? FormatDate(static_cast<int>(std::lround(o.value))) : internal::FormatNumber(o.value));
}

std::string ScenarioLabel(const Model& model) {
  std::string s = model.scenario();
  const auto& all = model.overrides();
  for (size_t i = 0; i < all.size(); ++i) s += (i ? ", " : " with ") + OverrideText(model, all[i]);
  return s;
}

}  // namespace outturn
