// SPDX-License-Identifier: MIT
// outturn actuals: a results CSV checked against a model and written into its next vintage.
#include "outturn/vintage/actuals.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/text_util.h"
#include "outturn/base/errors.h"
#include "outturn/compile/program.h"
#include "outturn/model/model.h"
#include "vintage/figures_csv.h"
#include "vintage/model_text.h"

namespace outturn {

using internal::FormatNumber;
using internal::JoinList;
using internal::UnknownName;

namespace {

// The map of periods that a figure of NAME[ITEM] goes in, when NAME is a line over a dimension
// (scenarios/README.md#dimensions): `key` (actuals or reported) of NAME, per item. A shared
// map (periods as keys: every item the same) becomes per item, a copy for each item, first.
// Null for a line without a dimension.
YAML::Node ItemValues(YAML::Node& root, const Calendar& cal, const std::string& line, const char* key) {
  const auto open = line.find('[');
  if (open == std::string::npos || line.back() != ']') return YAML::Node(YAML::NodeType::Undefined);
  const std::string base = line.substr(0, open), item = line.substr(open + 1, line.size() - open - 2);
  YAML::Node entry = root["lines"][base];
  if (!entry.IsMap() || !entry["over"]) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node values = entry[key];
  const bool shared = values.IsMap() && values.size() > 0 && cal.FindColumn(values.begin()->first.Scalar()) >= 0;
  if (!values.IsMap() || shared) {
    YAML::Node per_item(YAML::NodeType::Map);
    for (const auto& it : root["dimensions"][entry["over"].Scalar()]) {
      YAML::Node copy(YAML::NodeType::Map);
      copy.SetStyle(YAML::EmitterStyle::Flow);
      if (shared)
        for (const auto& kv : values) copy[kv.first.Scalar()] = YAML::Clone(kv.second);
      per_item[it.Scalar()] = copy;
    }
    entry[key] = per_item;
    values = entry[key];
  }
  if (!values[item]) {
    YAML::Node m(YAML::NodeType::Map);
    m.SetStyle(YAML::EmitterStyle::Flow);
    values[item] = m;
  }
  return values[item];
}

}  // namespace

ActualsResult ApplyActuals(const std::string& model_path, const ActualsOptions& options) {
  const Model model = Model::Load(model_path);
  if (model.source_files().size() != 1)
    throw UsageError("actuals: " + model_path + " is a scenario file; give the model file it extends");
  const Calendar& cal = model.calendar();
  // A day, or a month when the release's day is not known.
  const std::string& as_of = options.as_of;
  if (!as_of.empty() && !ParseDate(as_of) && !(as_of.size() == 7 && ParseDate(as_of + "-01")))
    throw UsageError("--as-of must be a date YYYY-MM-DD, or a month YYYY-MM (got '" + as_of + "')");
  const std::string csv = options.csv_path;
  const internal::FiguresCsv file = internal::ReadFiguresCsv(model, csv);
  auto fail = [&](int row, int col, const std::string& key, const std::string& msg) { file.Fail(row, col, key, msg); };

  const int old_actual = cal.num_actual();
  int through = -1;  // period index, inclusive
  if (!options.through.empty()) {
    const int c = cal.FindColumn(options.through);
    if (c < 0 || c >= cal.num_periods())
      throw UsageError("--through: " + (c < 0 ? UnknownName("period", options.through, cal.ColumnLabels())
                                              : "'" + options.through + "' is a span, not a period"));
    through = c;
    if (through + 1 < old_actual)
      throw UsageError("--through: " + options.through + " is before actuals_through " +
                       cal.ColumnLabel(old_actual - 1));
  }

  ActualsResult result;
  result.old_through = cal.ActualsThrough();
  std::map<std::pair<int, int>, int> seen;  // (line, column) -> CSV line
  std::set<std::string> sources;
  int last_end = old_actual - 1;
  for (const internal::CsvFigure& f : file.figures) {
    const Line& line = model.lines()[f.line_index];
    ReportedFigure fig;
    fig.csv_line = f.row;
    fig.line = f.line;
    fig.period = f.period;
    fig.value = f.value;
    fig.source = f.source;
    if (!fig.source.empty()) sources.insert(fig.source);
    const auto [first, last] = cal.ColumnRange(f.column);
    if (through >= 0 && last > through)
      fail(f.row, f.period_col, "period", "'" + f.period + "' ends after --through " + options.through);
    if (last < old_actual)
      fail(f.row, f.period_col, "period",
           "'" + f.period + "' is already reported (actuals_through is " + result.old_through + ")");
    seen.emplace(std::make_pair(f.line_index, f.column), f.row);
    fig.reported = !line.has_actuals() && !line.formula.empty();
    last_end = std::max(last_end, last);
    result.figures.push_back(fig);
  }
  if (through < 0) through = last_end;
  if (through < old_actual)
    fail(1, 1, "row", "the figures reach no period after actuals_through " + result.old_through);
  result.new_through = cal.ColumnLabel(through);

  // A subtotal `sum(GROUP)` reported for a period in which some lines of GROUP are not: their
  // forecast is scaled so that the group adds up to the reported figure.
  const Results forecast = Run(model);
  const size_t reported_rows = result.figures.size();
  for (size_t k = 0; k < reported_rows; ++k) {
    const ReportedFigure total = result.figures[k];
    const int col = cal.FindColumn(total.period);
    std::string formula = model.lines()[model.FindLine(total.line)].formula;
    formula.erase(std::remove(formula.begin(), formula.end(), ' '), formula.end());
    if (!total.reported || col >= cal.num_periods() || formula.rfind("sum(", 0) != 0 || formula.back() != ')') continue;
    // sum(GROUP) adds the lines GROUP.*; sum(NAME[*]) the items NAME[...] of a dimension.
    std::string group = formula.substr(4, formula.size() - 5);
    const bool items = group.size() > 3 && group.compare(group.size() - 3, 3, "[*]") == 0;
    group = items ? group.substr(0, group.size() - 2) : group + ".";
    double known = 0, open = 0;
    std::vector<int> missing;
    for (size_t li = 0; li < model.lines().size(); ++li) {
      const Line& l = model.lines()[li];
      if (l.name.rfind(group, 0) != 0 || !l.has_actuals()) continue;
      auto it = seen.find({static_cast<int>(li), col});
      if (it != seen.end()) {
        for (const ReportedFigure& f : result.figures)
          if (f.csv_line == it->second) known += f.value;
      } else {
        missing.push_back(static_cast<int>(li));
        open += forecast.at(static_cast<int>(li), col);
      }
    }
    if (missing.empty()) continue;
    if (open == 0)
      fail(total.csv_line, 1, "line",
           "'" + total.line + "' is reported without its lines, whose forecast in " + total.period +
               " is zero, so it cannot be scaled to the figure");
    const double factor = (total.value - known) / open;
    std::vector<std::string> names;
    for (int li : missing) {
      ReportedFigure f;
      f.csv_line = total.csv_line;
      f.line = model.lines()[li].name;
      f.period = total.period;
      f.value = forecast.at(li, col) * factor;
      f.source = "forecast scaled to the reported " + total.line;
      f.scaled = true;
      seen.emplace(std::make_pair(li, col), total.csv_line);
      result.figures.push_back(f);
      names.push_back(f.line);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", factor);
    result.notes.push_back(total.line + " " + total.period + ": " + JoinList(names) +
                           " not reported; their forecast (" + internal::WithCommas(open) + ") scaled by " + buf +
                           " so that " + total.line + " is the reported " + internal::WithCommas(total.value));
  }

  // Every line with actuals must be reported up to the new actuals_through.
  for (size_t li = 0; li < model.lines().size(); ++li) {
    const Line& line = model.lines()[li];
    if (!line.has_actuals()) continue;
    bool covered = false;
    for (const auto& [key, row] : seen)
      if (key.first == static_cast<int>(li) && cal.ColumnRange(key.second).second >= through) covered = true;
    if (!covered)
      fail(1, 1, "row",
           "line '" + line.name + "' has actuals but no figure that reaches " + result.new_through +
               " (a line with actuals needs every period up to actuals_through)");
  }

  // The next vintage: the model file's tree with the figures added.
  YAML::Node root = YAML::LoadFile(model_path);
  root["calendar"]["actuals_through"] = result.new_through;
  if (!options.as_of.empty()) root["model"]["as_of"] = options.as_of;
  std::string src = std::filesystem::path(csv).filename().string();
  if (!sources.empty()) {
    std::vector<std::string> s(sources.begin(), sources.end());
    src += ": " + JoinList(s);
  }
  root["model"]["actuals_source"] = src;
  for (const ReportedFigure& fig : result.figures) {
    const char* key = fig.reported ? "reported" : "actuals";
    if (YAML::Node values = ItemValues(root, cal, fig.line, key)) {
      values[fig.period] = FormatNumber(fig.value);
      continue;
    }
    YAML::Node entry = root["lines"][fig.line];
    if (!entry[key]) {
      YAML::Node m(YAML::NodeType::Map);
      m.SetStyle(YAML::EmitterStyle::Flow);
      entry[key] = m;
    }
    entry[key][fig.period] = FormatNumber(fig.value);
  }
  result.text = internal::EmitModel(root, "# next vintage of " + std::filesystem::path(model_path).filename().string() +
                                              ", actuals through " + result.new_through + " from " +
                                              std::filesystem::path(csv).filename().string());

  // Load it once: a reported subtotal that does not reconcile is an error at its CSV row.
  try {
    internal::LoadModelText(result.text, "actuals");
  } catch (const ModelError& e) {
    int row = result.figures.front().csv_line;
    for (const ReportedFigure& fig : result.figures)
      if (e.key_path().rfind("lines." + fig.line + ".", 0) == 0) row = fig.csv_line;
    fail(row, 1, "row", "the next vintage does not load: " + e.key_path() + ": " + e.message());
  }
  return result;
}

}  // namespace outturn
