// SPDX-License-Identifier: MIT
// `outturn actuals`: the figures a results CSV added to the next vintage.
#include "outturn/report/actuals.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "base/text_util.h"
#include "report/format.h"

namespace outturn {

std::string RenderActuals(const ActualsResult& r, const std::string& written, Format fmt) {
  const std::string from = r.old_through.empty() ? "(none)" : r.old_through;
  if (fmt == Format::kJson) {
    nlohmann::json j = {{"file", written}, {"actuals_through", {{"from", r.old_through}, {"to", r.new_through}}}};
    j["figures"] = nlohmann::json::array();
    for (const ReportedFigure& f : r.figures)
      j["figures"].push_back({{"csv_line", f.csv_line},
                              {"line", f.line},
                              {"period", f.period},
                              {"value", f.value},
                              {"as", f.reported ? "reported"
                                     : f.scaled ? "scaled"
                                                : "actuals"},
                              {"source", f.source}});
    j["notes"] = r.notes;
    return j.dump(2) + "\n";
  }
  std::ostringstream os;
  if (fmt == Format::kCsv) {
    os << "csv_line,line,period,value,as,source\n";
    for (const ReportedFigure& f : r.figures)
      os << f.csv_line << ',' << internal::CsvField(f.line) << ',' << internal::CsvField(f.period) << ','
         << internal::CsvNumber(f.value) << ','
         << (f.reported ? "reported"
             : f.scaled ? "scaled"
                        : "actuals")
         << ',' << internal::CsvField(f.source) << '\n';
    return os.str();
  }
  os << "Next vintage: " << written << "\n  actuals_through " << from << " -> " << r.new_through << "\n\n";
  TextTable t;
  t.Row({"line", "period", "value", "as"});
  for (const ReportedFigure& f : r.figures)
    t.Row({f.line, f.period, internal::Amount(f.value),
           f.reported ? "reported (checked)"
           : f.scaled ? "actuals (scaled forecast)"
                      : "actuals"});
  os << t.Render("  ");
  for (const std::string& n : r.notes) os << "\nnote: " << n << "\n";
  return os.str();
}

}  // namespace outturn
