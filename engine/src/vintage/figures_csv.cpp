// SPDX-License-Identifier: MIT
// The reported-figures CSV (line, period, value[, unit, source]), checked against a model.
#include "vintage/figures_csv.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "base/text_util.h"
#include "outturn/base/errors.h"

namespace outturn::internal {
namespace {

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

void FiguresCsv::Fail(int row, int col, const std::string& key, const std::string& message) const {
  throw ModelError({path, row, col}, key, message,
                   row >= 1 && row <= static_cast<int>(rows.size()) ? rows[row - 1] : "");
}

FiguresCsv ReadFiguresCsv(const Model& model, const std::string& path) {
  FiguresCsv file;
  file.path = path;
  {
    std::istringstream in(ReadText(path));
    std::string l;
    while (std::getline(in, l)) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      file.rows.push_back(l);
    }
  }
  const auto& rows = file.rows;
  if (rows.empty())
    file.Fail(1, 1, "header", "empty file; the first line names the columns: line, period, value[, unit, source]");

  const std::vector<std::string> known = {"line", "period", "value", "unit", "source"};
  std::map<std::string, int> index;
  const auto header = SplitCsv(rows[0]);
  for (size_t k = 0; k < header.size(); ++k) {
    const Field& h = header[k];
    if (std::find(known.begin(), known.end(), h.text) == known.end())
      file.Fail(1, h.column, "header",
                UnknownName("column", h.text, known) + " (the columns are line, period, value, unit, source)");
    if (index.count(h.text)) file.Fail(1, h.column, "header", "column '" + h.text + "' is given twice");
    index[h.text] = static_cast<int>(k);
  }
  for (const char* need : {"line", "period", "value"})
    if (!index.count(need))
      file.Fail(1, 1, "header",
                std::string("missing column '") + need + "' (the columns are line, period, value, unit, source)");

  const Calendar& cal = model.calendar();
  std::vector<std::string> line_names;
  for (const auto& l : model.lines()) line_names.push_back(l.name);
  std::map<std::pair<int, int>, int> seen;  // (line, column) -> row
  for (size_t r = 1; r < rows.size(); ++r) {
    const int row = static_cast<int>(r) + 1;
    if (rows[r].find_first_not_of(" \t") == std::string::npos) continue;  // blank lines
    const auto fields = SplitCsv(rows[r]);
    if (fields.size() != header.size())
      file.Fail(row, 1, "row",
                std::to_string(fields.size()) + " fields; the header has " + std::to_string(header.size()));
    const Field& fl = fields[index["line"]];
    const Field& fp = fields[index["period"]];
    const Field& fv = fields[index["value"]];
    CsvFigure fig;
    fig.row = row;
    fig.line = fl.text;
    fig.period = fp.text;
    fig.line_col = fl.column;
    fig.period_col = fp.column;
    fig.value_col = fv.column;
    fig.line_index = model.FindLine(fl.text);
    if (fig.line_index < 0) file.Fail(row, fl.column, "line", UnknownName("line", fl.text, line_names));
    const Line& line = model.lines()[fig.line_index];
    fig.column = cal.FindColumn(fp.text);
    if (fig.column < 0) file.Fail(row, fp.column, "period", UnknownName("period", fp.text, cal.ColumnLabels()));
    const auto v = ParseValue(fv.text, false);
    if (!v) file.Fail(row, fv.column, "value", "must be a number (got '" + fv.text + "')");
    fig.value = *v;
    if (index.count("unit")) {
      const Field& fu = fields[index["unit"]];
      const std::string& want = line.unit.empty() ? model.unit() : line.unit;
      if (!fu.text.empty() && !want.empty() && fu.text != want)
        file.Fail(
            row, fu.column, "unit",
            "'" + fu.text + "' is not the unit of line '" + line.name + "' ('" + want + "'); convert the figure first");
    }
    if (index.count("source")) fig.source = fields[index["source"]].text;
    if (auto [it, fresh] = seen.emplace(std::make_pair(fig.line_index, fig.column), row); !fresh)
      file.Fail(
          row, fl.column, "line",
          "'" + line.name + "' in '" + fp.text + "' is given twice (first on line " + std::to_string(it->second) + ")");
    file.figures.push_back(fig);
  }
  if (file.figures.empty()) file.Fail(1, 1, "row", "no figures: the file has a header only");
  return file;
}

}  // namespace outturn::internal
