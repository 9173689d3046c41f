// SPDX-License-Identifier: MIT
// report.h: the CLI's renderings (table, csv, json), so that Python prints exactly what
// `outturn run|compare|sweep|check` prints; and atomic file writes.
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/report/report.h"

namespace outturn::python {
namespace {

Format ParseFormat(const std::string& s) {
  return EnumFromString(s, &FormatFromString, "format", "table, csv or json");
}

}  // namespace

void BindReport(py::module_& m) {
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
      "render_sweep", [](const SweepResult& r, const std::string& format) { return RenderSweep(r, ParseFormat(format)); },
      py::arg("result"), py::arg("format") = "table", "`outturn sweep`'s output.");
  m.def(
      "render_check", [](const Model& model, const std::string& format) { return RenderCheck(model, ParseFormat(format)); },
      py::arg("model"), py::arg("format") = "table", "`outturn check`'s summary of a model.");
  m.def("format_amount", &FormatAmount, py::arg("value"),
        "An amount as tables show it: thousands separators, rounded to the unit; small ratios with 4 digits.");
  m.def("write_file_atomic", &WriteFileAtomic, py::arg("path"), py::arg("text"),
        "Writes text to path atomically (a temporary file in the same folder, then rename).");
}

}  // namespace outturn::python
