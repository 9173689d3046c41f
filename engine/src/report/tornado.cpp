// SPDX-License-Identifier: MIT
// `outturn tornado`: the bars of each KPI, and the spider series.
#include "outturn/report/tornado.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.h"

namespace outturn {
namespace {

using internal::CsvField;
using internal::CsvNumber;
using internal::DriverValueText;
using internal::Heading;
using internal::JsonNumber;
using internal::KpiJson;
using internal::KpiTitle;
using internal::kTableIndent;
using internal::Percent;
using json = nlohmann::json;

}  // namespace

std::string RenderTornado(const Model& m, const TornadoResult& t, const SpiderResult* sp, Format fmt, int top) {
  const int K = static_cast<int>(t.kpis.size());
  if (fmt == Format::kJson) {
    json j;
    j["model"] = m.name();
    j["scenario"] = m.scenario();
    j["overrides"] = internal::OverridesJson(m);
    for (int i = 0; i < K; ++i) {
      json k = KpiJson(m, t.kpis[i], t.base[i]);
      k["bars"] = json::array();
      for (const TornadoBar& b : t.bars[i])
        k["bars"].push_back({{"input", t.input_names[b.input]},
                             {"low", t.ranges[b.input].low},
                             {"high", t.ranges[b.input].high},
                             {"range", t.ranges[b.input].source},
                             {"kpi_low", b.kpi_low},
                             {"kpi_high", b.kpi_high},
                             {"swing", b.swing}});
      j["tornado"].push_back(k);
    }
    j["top"] = json::array();
    for (int k : t.top) j["top"].push_back(t.input_names[k]);
    if (sp) {
      j["spider"] = json::array();
      for (const SpiderSeries& s : sp->series) {
        json js = {{"input", sp->input_names[s.input]}, {"range", sp->ranges[s.input].source}};
        for (int p = 0; p < s.x.size(); ++p) {
          json pt = {{"value", s.x[p]}, {"change", JsonNumber(s.change[p])}};
          for (int i = 0; i < K; ++i) pt["kpis"][sp->kpis[i].name] = s.y(i, p);
          js["points"].push_back(pt);
        }
        j["spider"].push_back(js);
      }
    }
    return j.dump(2) + "\n";
  }
  if (fmt == Format::kCsv) {
    std::ostringstream os;
    os << "kpi,base,rank,input,low,high,range,kpi_low,kpi_high,swing\n";
    for (int i = 0; i < K; ++i) {
      int rank = 0;
      for (const TornadoBar& b : t.bars[i])
        os << CsvField(t.kpis[i].name) << ',' << CsvNumber(t.base[i]) << ',' << ++rank << ','
           << CsvField(t.input_names[b.input]) << ',' << CsvNumber(t.ranges[b.input].low) << ','
           << CsvNumber(t.ranges[b.input].high) << ',' << CsvField(t.ranges[b.input].source) << ','
           << CsvNumber(b.kpi_low) << ',' << CsvNumber(b.kpi_high) << ',' << CsvNumber(b.swing) << '\n';
    }
    if (sp) {
      os << "\ninput,step,value,change";
      for (const Kpi& k : sp->kpis) os << ',' << CsvField(k.name);
      os << '\n';
      for (const SpiderSeries& s : sp->series)
        for (int p = 0; p < s.x.size(); ++p) {
          os << CsvField(sp->input_names[s.input]) << ',' << p << ',' << CsvNumber(s.x[p]) << ','
             << CsvNumber(s.change[p]);
          for (int i = 0; i < K; ++i) os << ',' << CsvNumber(s.y(i, p));
          os << '\n';
        }
    }
    return os.str();
  }
  std::ostringstream os;
  os << Heading(m, "tornado, one driver at a time between its low and high");
  for (int i = 0; i < K; ++i) {
    os << '\n' << KpiTitle(m, t.kpis[i]) << ": " << FormatAmount(t.base[i]) << " at the model's own values\n";
    TextTable tb;
    tb.Row({"rank  driver", "low", "high", "range", "KPI at low", "KPI at high", "swing"});
    int rank = 0, zero = 0;
    for (const TornadoBar& b : t.bars[i]) {
      if (b.swing == 0) {
        ++zero;
        continue;
      }
      if (top > 0 && rank >= top) continue;
      const Input& in = t.inputs[b.input];
      std::string label = std::to_string(++rank);
      label += std::string(label.size() < 4 ? 6 - label.size() : 2, ' ') + t.input_names[b.input];
      tb.Row({label, DriverValueText(m, in, t.ranges[b.input].low), DriverValueText(m, in, t.ranges[b.input].high),
              t.ranges[b.input].source, FormatAmount(b.kpi_low), FormatAmount(b.kpi_high), FormatAmount(b.swing)});
    }
    os << tb.Render(kTableIndent);
    const int more = static_cast<int>(t.bars[i].size()) - zero - rank;
    if (more > 0) os << "  (" << more << " more; --top 0 shows all)\n";
    if (zero) os << "  (" << zero << " drivers do not move it)\n";
  }
  if (sp) {
    os << "\nSpider: each KPI across the range of the top drivers\n";
    for (const SpiderSeries& s : sp->series) {
      const Input& in = sp->inputs[s.input];
      os << '\n' << sp->input_names[s.input] << " (" << sp->ranges[s.input].source << ")\n";
      TextTable tb;
      std::vector<std::string> head{"value", "change"};
      for (const Kpi& k : sp->kpis) head.push_back(k.name);
      tb.Row(head);
      for (int p = 0; p < s.x.size(); ++p) {
        std::vector<std::string> row{DriverValueText(m, in, s.x[p]), Percent(s.change[p], 2)};
        for (int i = 0; i < K; ++i) row.push_back(FormatAmount(s.y(i, p)));
        tb.Row(row);
      }
      os << tb.Render(kTableIndent);
    }
  }
  return os.str();
}

}  // namespace outturn
