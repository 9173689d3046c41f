// SPDX-License-Identifier: MIT
// `outturn sensitivity`: derivatives, elasticities, ranges and effects by KPI.
#include "outturn/report/sensitivity.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::DriverValueText;
using internal::Heading;
using internal::InputJson;
using internal::JsonNumber;
using internal::KpiJson;
using internal::KpiTitle;
using internal::kTableIndent;
using internal::Sig;
using json = nlohmann::json;

}  // namespace

std::string RenderSensitivity(const Model& m, const SensitivityResult& r, Format fmt, int top) {
  const int K = static_cast<int>(r.kpis.size()), n = static_cast<int>(r.inputs.size());
  if (fmt == Format::kJson) {
    json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    j["overrides"] = internal::OverridesJson(m);
    j["method"] = "forward-mode automatic differentiation";
    for (int i = 0; i < K; ++i) j["kpis"].push_back(KpiJson(m, r.kpis[i], r.values[i]));
    for (int k = 0; k < n; ++k) j["inputs"].push_back(InputJson(m, r.inputs[k], r.input_values[k], &r.ranges[k]));
    for (int i = 0; i < K; ++i) {
      json jr = json::array(), er = json::array(), fr = json::array(), rank = json::array();
      for (int k = 0; k < n; ++k) {
        jr.push_back(JsonNumber(r.jacobian(i, k)));
        er.push_back(JsonNumber(r.elasticities(i, k)));
        fr.push_back(JsonNumber(r.effects(i, k)));
      }
      for (int k : r.ranking[i])
        if (r.effects(i, k) != 0) rank.push_back(r.input_names[k]);
      j["jacobian"].push_back(jr);
      j["elasticities"].push_back(er);
      j["effects"].push_back(fr);
      j["ranking"].push_back(rank);
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,line,column,kpi_value,input,driver,period,input_value,derivative,elasticity,low,high,range,effect,"
          "rank\n";
    for (int i = 0; i < K; ++i) {
      std::vector<int> rank(n);
      for (int p = 0; p < n; ++p) rank[r.ranking[i][p]] = p + 1;
      for (int k = 0; k < n; ++k) {
        const Input& in = r.inputs[k];
        os << CsvField(r.kpis[i].name) << ',' << CsvField(m.lines()[r.kpis[i].cell.line].name) << ','
           << m.calendar().ColumnLabel(r.kpis[i].cell.column) << ',' << CsvNumber(r.values[i]) << ','
           << CsvField(r.input_names[k]) << ',' << CsvField(m.drivers()[in.driver].name) << ','
           << (in.period < 0 ? "" : m.calendar().periods()[in.period].label) << ',' << CsvNumber(r.input_values[k])
           << ',' << CsvNumber(r.jacobian(i, k)) << ',' << CsvNumber(r.elasticities(i, k)) << ','
           << CsvNumber(r.ranges[k].low) << ',' << CsvNumber(r.ranges[k].high) << ',' << CsvField(r.ranges[k].source)
           << ',' << CsvNumber(r.effects(i, k)) << ',' << rank[k] << '\n';
      }
    }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "exact sensitivities at the model's own values");
  os << "derivative: d KPI / d driver (forward-mode automatic differentiation, not finite differences)\n"
        "elasticity: % change of the KPI per 1% change of the driver\n"
        "effect: derivative x (high - low), the first-order change across the driver's range\n";
  for (int i = 0; i < K; ++i) {
    os << '\n' << KpiTitle(m, r.kpis[i]) << " = " << FormatAmount(r.values[i]) << '\n';
    TextTable t;
    t.Row({"driver", "value", "derivative", "elasticity", "low", "high", "range", "effect"});
    int shown = 0, zero = 0;
    for (int k : r.ranking[i]) {
      if (r.jacobian(i, k) == 0) {
        ++zero;
        continue;
      }
      if (top > 0 && shown >= top) continue;
      ++shown;
      t.Row({r.input_names[k], DriverValueText(m, r.inputs[k], r.input_values[k]), FormatAmount(r.jacobian(i, k)),
             Sig(r.elasticities(i, k)), DriverValueText(m, r.inputs[k], r.ranges[k].low),
             DriverValueText(m, r.inputs[k], r.ranges[k].high), r.ranges[k].source, FormatAmount(r.effects(i, k))});
    }
    if (shown) os << t.Render(kTableIndent);
    const int more = n - zero - shown;
    if (more > 0) os << "  (" << more << " more; --top 0 shows all)\n";
    if (zero) os << "  (" << zero << " of " << n << " inputs do not move it)\n";
  }
  return os.str();
}

}  // namespace outturn
