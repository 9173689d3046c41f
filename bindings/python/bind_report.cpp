// SPDX-License-Identifier: MIT
// outturn/report/*.h: every report the CLI prints (table, csv, json), so that Python prints
// exactly what `outturn run|compare|check|sweep|sensitivity|tornado|goalseek|bridge`
// prints; and atomic file writes.
#include <pybind11/stl.h>

#include <optional>

#include "bind.h"
#include "outturn/report/backtest.h"
#include "outturn/report/evolution.h"
#include "outturn/report/html.h"
#include "outturn/report/report.h"

namespace outturn::python {
namespace {

Format ParseFormat(const std::string& s) {
  return EnumFromString(s, &FormatFromString, "format", "table, csv or json");
}

}  // namespace

void BindReport(py::module_& m) {
  m.attr("SENSITIVITY_TOP") = kSensitivityTop;
  m.attr("TORNADO_TOP") = kTornadoTop;
  m.def(
      "render_run", [](const Results& r, const std::string& format) { return RenderRun(r, ParseFormat(format)); },
      py::arg("results"), py::arg("format") = "table",
      "`outturn run`'s output: the projection, components and the verdict (table, csv or json).");
  m.def(
      "render_compare",
      [](const std::vector<Model>& models, const std::string& format) {
        const Format f = ParseFormat(format);
        py::gil_scoped_release release;
        return RenderCompare(models, f);
      },
      py::arg("models"), py::arg("format") = "table", "`outturn compare`'s output: scenarios side by side.");
  m.def(
      "render_evolution",
      [](const EvolutionResult& r, const std::string& format) { return RenderEvolution(r, ParseFormat(format)); },
      py::arg("result"), py::arg("format") = "table", "`outturn evolution`'s output.");
  m.def(
      "render_backtest",
      [](const BacktestResult& r, const std::string& format) { return RenderBacktest(r, ParseFormat(format)); },
      py::arg("result"), py::arg("format") = "table", "`outturn backtest`'s output.");
  m.def(
      "render_sweep",
      [](const SweepResult& r, const std::string& format) { return RenderSweep(r, ParseFormat(format)); },
      py::arg("result"), py::arg("format") = "table", "`outturn sweep`'s output.");
  m.def(
      "render_check",
      [](const Model& model, const std::string& format) { return RenderCheck(model, ParseFormat(format)); },
      py::arg("model"), py::arg("format") = "table", "`outturn check`'s summary of a model.");
  m.def(
      "render_sensitivity",
      [](const Model& model, const SensitivityResult& r, const std::string& format, int top) {
        return RenderSensitivity(model, r, ParseFormat(format), top);
      },
      py::arg("model"), py::arg("result"), py::arg("format") = "table", py::arg("top") = kSensitivityTop,
      "`outturn sensitivity`'s output for sensitivities(model, ...); the table shows `top` drivers per KPI (0: all).");
  m.def(
      "render_tornado",
      [](const Model& model, const TornadoResult& t, const std::string& format,
         const std::optional<SpiderResult>& spider,
         int top) { return RenderTornado(model, t, spider ? &*spider : nullptr, ParseFormat(format), top); },
      py::arg("model"), py::arg("result"), py::arg("format") = "table", py::arg("spider") = py::none(),
      py::arg("top") = kTornadoTop,
      "`outturn tornado`'s output for tornado(model, ...), with the spider(model, ...) series when given (--spider); "
      "the table shows `top` bars per KPI (0: all).");
  m.def(
      "render_goal_seek",
      [](const Model& model, const GoalSeekResult& r, const std::string& format) {
        return RenderGoalSeek(model, r, ParseFormat(format));
      },
      py::arg("model"), py::arg("result"), py::arg("format") = "table",
      "`outturn goalseek`'s output for one driver: goal_seek(model, ...).");
  m.def(
      "render_multi_goal_seek",
      [](const Model& model, const MultiGoalSeekResult& r, const std::string& format) {
        return RenderMultiGoalSeek(model, r, ParseFormat(format));
      },
      py::arg("model"), py::arg("result"), py::arg("format") = "table",
      "`outturn goalseek`'s output for several drivers: multi_goal_seek(model, ...).");
  m.def(
      "render_break_even",
      [](const Model& model, const BreakEvenResult& r, const std::string& format) {
        return RenderBreakEven(model, r, ParseFormat(format));
      },
      py::arg("model"), py::arg("result"), py::arg("format") = "table",
      "`outturn goalseek`'s output without a driver: break_even(model, ...).");
  m.def(
      "render_bridge",
      [](const Model& from, const Model& to, const BridgeResult& r, const std::string& format,
         const std::optional<MultiGoalSeekResult>& seek) {
        return RenderBridge(from, to, r, ParseFormat(format), seek ? &*seek : nullptr);
      },
      py::arg("from_"), py::arg("to"), py::arg("result"), py::arg("format") = "table", py::arg("seek") = py::none(),
      "`outturn bridge`'s output for bridge(from_, to, ...); `seek`: the multi_goal_seek whose solution `to` is "
      "(--to-target).");
  m.def(
      "render_stress",
      [](const Model& model, const StressResult& r, const std::string& format, const std::optional<SweepResult>& sweep,
         int top) { return RenderStress(model, r, sweep ? &*sweep : nullptr, ParseFormat(format), top); },
      py::arg("model"), py::arg("result"), py::arg("format") = "table", py::arg("sweep") = py::none(),
      py::arg("top") = 10, "`outturn stress`'s output for stress(model, ...); `sweep`: a Monte Carlo sweep beside it.");
  m.def(
      "render_html_report",
      [](const Model& model, const std::vector<Model>& compare, long long samples, std::uint64_t seed, int threads,
         int bridge_drivers) {
        HtmlReportOptions o;
        o.compare = compare;
        o.samples = samples;
        o.seed = seed;
        o.threads = threads;
        o.bridge_drivers = bridge_drivers;
        py::gil_scoped_release release;
        return RenderHtmlReport(model, o);
      },
      py::arg("model"), py::arg("compare") = std::vector<Model>{}, py::arg("samples") = 0, py::arg("seed") = 1,
      py::arg("threads") = 0, py::arg("bridge_drivers") = 3,
      "`outturn report`'s self-contained HTML file; `samples` > 0 adds a Monte Carlo sweep.");
  m.def("distribution_svg", &DistributionSvg, py::arg("kpi"), py::arg("currency"), py::arg("unit"), py::arg("base"),
        py::arg("width") = 640, py::arg("height") = 220,
        "A target's distribution over a sweep as inline SVG (the report's chart); base: the model's own "
        "forecast, or nan.");
  m.def("format_amount", &FormatAmount, py::arg("value"),
        "An amount as tables show it: thousands separators, rounded to the unit; small ratios with 4 digits.");
  m.def("write_file_atomic", &WriteFileAtomic, py::arg("path"), py::arg("text"),
        "Writes text to path atomically (a temporary file in the same folder, then rename).");
}

}  // namespace outturn::python
