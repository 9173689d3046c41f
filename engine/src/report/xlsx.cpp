// SPDX-License-Identifier: MIT
// Workbooks (`-f xlsx`) with libxlsxwriter: one sheet per table, the verdict first.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "outturn/base/atomic_file.h"
#include "outturn/base/errors.h"
#include "outturn/report/tables.h"

namespace outturn {
namespace {

// A temporary file that libxlsxwriter writes (it wants a file name), removed on scope exit.
class TempPath {
 public:
  TempPath() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/outturn-xlsx-XXXXXX";
    const int fd = mkstemp(path_.data());
    if (fd < 0) throw Error("outturn: error: cannot create a temporary file for the workbook in " + path_);
    close(fd);
  }
  ~TempPath() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void Check(lxw_error e, const std::string& path) {
  if (e != LXW_NO_ERROR) throw Error(path + ": error: cannot write the workbook: " + lxw_strerror(e));
}

}  // namespace

void WriteXlsx(const std::vector<Table>& tables, const std::vector<std::pair<std::string, std::string>>& about,
               const std::string& path) {
  TempPath tmp;
  lxw_workbook* wb = workbook_new(tmp.path().c_str());
  if (!wb) throw Error(path + ": error: cannot start the workbook");
  // A fixed creation time: the same report gives the same bytes.
  lxw_doc_properties props{};
  props.created = 946684800;  // 2000-01-01T00:00:00Z
  workbook_set_properties(wb, &props);

  lxw_format* head = workbook_add_format(wb);
  format_set_bold(head);
  format_set_bottom(head, LXW_BORDER_THIN);
  format_set_text_wrap(head);
  lxw_format* amount = workbook_add_format(wb);
  format_set_num_format(amount, "#,##0");
  lxw_format* rep = workbook_add_format(wb);  // reported figures: shaded, italic
  format_set_bg_color(rep, 0xE7E6E6);
  format_set_italic(rep);
  lxw_format* rep_amount = workbook_add_format(wb);
  format_set_bg_color(rep_amount, 0xE7E6E6);
  format_set_italic(rep_amount);
  format_set_num_format(rep_amount, "#,##0");

  std::vector<const Table*> order;
  for (const Table& t : tables)
    if (t.verdict) order.push_back(&t);
  for (const Table& t : tables)
    if (!t.verdict) order.push_back(&t);
  for (const Table* t : order) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t->name.c_str());
    if (!ws) throw Error(path + ": error: cannot add the sheet '" + t->name + "'");
    std::vector<size_t> width(t->columns.size(), 8);
    for (size_t c = 0; c < t->columns.size(); ++c) {
      const std::string h = t->units[c].empty() ? t->columns[c] : t->columns[c] + " (" + t->units[c] + ")";
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), head);
      width[c] = std::max(width[c], std::min<size_t>(h.size(), 24));
    }
    for (size_t r = 0; r < t->rows.size(); ++r)
      for (size_t c = 0; c < t->rows[r].size(); ++c) {
        const TableCell& cell = t->rows[r][c];
        const bool amt = c < t->units.size() && !t->units[c].empty();
        lxw_format* f = cell.reported ? (amt ? rep_amount : rep) : (amt ? amount : nullptr);
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        if (cell.is_number)
          worksheet_write_number(ws, row, col, cell.number, f);
        else if (!cell.text.empty())
          worksheet_write_string(ws, row, col, cell.text.c_str(), f);
        else if (f)
          worksheet_write_blank(ws, row, col, f);
        width[c] = std::max(width[c], std::min<size_t>(cell.text.size() + 2, 40));
      }
    for (size_t c = 0; c < width.size(); ++c)
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), static_cast<double>(width[c]),
                           nullptr);
    worksheet_freeze_panes(ws, 1, 0);
  }
  if (!about.empty()) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "about");
    for (size_t r = 0; r < about.size(); ++r) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 0, about[r].first.c_str(), head);
      worksheet_write_string(ws, static_cast<lxw_row_t>(r), 1, about[r].second.c_str(), nullptr);
    }
    worksheet_set_column(ws, 0, 0, 12, nullptr);
    worksheet_set_column(ws, 1, 1, 60, nullptr);
  }
  Check(workbook_close(wb), path);
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw Error(path + ": error: cannot read back the workbook");
  WriteFileAtomic(path, bytes.str());
}

}  // namespace outturn
