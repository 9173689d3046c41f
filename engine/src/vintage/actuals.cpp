// SPDX-License-Identifier: MIT
// outturn actuals: a results CSV checked against a model and written into its next vintage.
#include "outturn/vintage/actuals.h"

#include <unistd.h>
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

namespace outturn {
namespace {

using internal::FormatNumber;
using internal::JoinList;
using internal::UnknownName;

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

struct Field {
  std::string text;
  int column = 1;  // 1-based column where the field starts
};

// One CSV record per text line: fields split at commas, a field in double quotes may hold
// commas and "" for a quote. Surrounding blanks are trimmed.
std::vector<Field> SplitCsv(const std::string& line) {
  std::vector<Field> out;
  size_t i = 0;
  while (true) {
    Field f;
    f.column = static_cast<int>(i) + 1;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (i < line.size()) {
        if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          f.text += '"';
          i += 2;
        } else if (line[i] == '"') {
          ++i;
          break;
        } else {
          f.text += line[i++];
        }
      }
      while (i < line.size() && line[i] != ',') ++i;
    } else {
      while (i < line.size() && line[i] != ',') f.text += line[i++];
      while (!f.text.empty() && (f.text.back() == ' ' || f.text.back() == '\r')) f.text.pop_back();
    }
    out.push_back(f);
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return out;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": error: cannot read the file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

ActualsResult ApplyActuals(const std::string& model_path, const ActualsOptions& options) {
  const Model model = Model::Load(model_path);
  if (model.source_files().size() != 1)
    throw UsageError("actuals: " + model_path + " is a scenario file; give the model file it extends");
  const Calendar& cal = model.calendar();
  const std::string csv = options.csv_path;
  const std::string text = ReadText(csv);
  std::vector<std::string> rows;
  {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      rows.push_back(l);
    }
  }
  auto fail = [&](int row, int col, const std::string& key, const std::string& msg) {
    throw ModelError({csv, row, col}, key, msg, row >= 1 && row <= static_cast<int>(rows.size()) ? rows[row - 1] : "");
  };
  if (rows.empty())
    fail(1, 1, "header", "empty file; the first line names the columns: line, period, value[, unit, source]");

  // Header.
  const std::vector<std::string> known = {"line", "period", "value", "unit", "source"};
  std::map<std::string, int> index;
  const auto header = SplitCsv(rows[0]);
  for (size_t k = 0; k < header.size(); ++k) {
    const Field& h = header[k];
    if (std::find(known.begin(), known.end(), h.text) == known.end())
      fail(1, h.column, "header",
           UnknownName("column", h.text, known) + " (the columns are line, period, value, unit, source)");
    if (index.count(h.text)) fail(1, h.column, "header", "column '" + h.text + "' is given twice");
    index[h.text] = static_cast<int>(k);
  }
  for (const char* need : {"line", "period", "value"})
    if (!index.count(need))
      fail(1, 1, "header",
           std::string("missing column '") + need + "' (the columns are line, period, value, unit, source)");

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

  std::vector<std::string> line_names;
  for (const auto& l : model.lines()) line_names.push_back(l.name);
  ActualsResult result;
  result.old_through = old_actual > 0 ? cal.ColumnLabel(old_actual - 1) : "";
  std::map<std::pair<int, int>, int> seen;  // (line, column) -> CSV line
  std::set<std::string> sources;
  int last_end = old_actual - 1;
  for (size_t r = 1; r < rows.size(); ++r) {
    const int row = static_cast<int>(r) + 1;
    if (rows[r].find_first_not_of(" \t") == std::string::npos) continue;  // blank lines
    const auto fields = SplitCsv(rows[r]);
    if (fields.size() != header.size())
      fail(row, 1, "row", std::to_string(fields.size()) + " fields; the header has " + std::to_string(header.size()));
    const Field& fl = fields[index["line"]];
    const Field& fp = fields[index["period"]];
    const Field& fv = fields[index["value"]];
    ReportedFigure fig;
    fig.csv_line = row;
    fig.line = fl.text;
    fig.period = fp.text;
    const int li = model.FindLine(fl.text);
    if (li < 0) fail(row, fl.column, "line", UnknownName("line", fl.text, line_names));
    const Line& line = model.lines()[li];
    const int col = cal.FindColumn(fp.text);
    if (col < 0) fail(row, fp.column, "period", UnknownName("period", fp.text, cal.ColumnLabels()));
    const auto v = ParseValue(fv.text, false);
    if (!v) fail(row, fv.column, "value", "must be a number (got '" + fv.text + "')");
    fig.value = *v;
    if (index.count("unit")) {
      const Field& fu = fields[index["unit"]];
      const std::string& want = line.unit.empty() ? model.unit() : line.unit;
      if (!fu.text.empty() && !want.empty() && fu.text != want)
        fail(
            row, fu.column, "unit",
            "'" + fu.text + "' is not the unit of line '" + line.name + "' ('" + want + "'); convert the figure first");
    }
    if (index.count("source")) {
      fig.source = fields[index["source"]].text;
      if (!fig.source.empty()) sources.insert(fig.source);
    }
    const auto [first, last] = cal.ColumnRange(col);
    if (through >= 0 && last > through)
      fail(row, fp.column, "period", "'" + fp.text + "' ends after --through " + options.through);
    if (last < old_actual)
      fail(row, fp.column, "period",
           "'" + fp.text + "' is already reported (actuals_through is " + result.old_through + ")");
    if (auto [it, fresh] = seen.emplace(std::make_pair(li, col), row); !fresh)
      fail(
          row, fl.column, "line",
          "'" + line.name + "' in '" + fp.text + "' is given twice (first on line " + std::to_string(it->second) + ")");
    fig.reported = !line.has_actuals() && !line.formula.empty();
    last_end = std::max(last_end, last);
    result.figures.push_back(fig);
  }
  if (result.figures.empty()) fail(1, 1, "row", "no figures: the file has a header only");
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
  YAML::Emitter out;
  out << root;
  result.text = "# next vintage of " + std::filesystem::path(model_path).filename().string() + ", actuals through " +
                result.new_through + " from " + std::filesystem::path(csv).filename().string() + "\n" + out.c_str() +
                "\n";

  // Load it once: a reported subtotal that does not reconcile is an error at its CSV row.
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  std::string tmpl = (dir / "outturn-vintage-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) throw Error("actuals: cannot create a temporary file in " + dir.string());
  close(fd);
  {
    std::ofstream o(tmpl, std::ios::binary);
    o << result.text;
  }
  try {
    Model::Load(tmpl);
  } catch (const ModelError& e) {
    std::remove(tmpl.c_str());
    int row = result.figures.front().csv_line;
    for (const ReportedFigure& fig : result.figures)
      if (e.key_path().rfind("lines." + fig.line + ".", 0) == 0) row = fig.csv_line;
    fail(row, 1, "row", "the next vintage does not load: " + e.key_path() + ": " + e.message());
  }
  std::remove(tmpl.c_str());
  return result;
}

}  // namespace outturn
