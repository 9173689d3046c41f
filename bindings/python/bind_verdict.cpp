// SPDX-License-Identifier: MIT
// verdict.h: does the target hold? Forecast against target, gap, what the open periods must
// deliver.
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/analysis/verdict.h"

namespace outturn::python {

void BindVerdict(py::module_& m) {
  py::class_<TargetVerdict>(m, "TargetVerdict", "The verdict on one target.")
      .def_readonly("name", &TargetVerdict::name, "target name")
      .def_readonly("line", &TargetVerdict::line, "line name")
      .def_readonly("span", &TargetVerdict::span, "column label, e.g. 'FY10'")
      .def_readonly("description", &TargetVerdict::description)
      .def_property_readonly("direction", [](const TargetVerdict& v) { return ToString(v.direction); })
      .def_readonly("target", &TargetVerdict::target, "the target; a range: its low edge")
      .def_readonly("high", &TargetVerdict::high, "a range: its high edge (otherwise the target)")
      .def_readonly("forecast", &TargetVerdict::forecast)
      .def_readonly("edge", &TargetVerdict::edge, "the target, or a range's edge nearest the forecast")
      .def_readonly("gap", &TargetVerdict::gap, "forecast - edge (positive: above it)")
      .def_readonly("gap_pct", &TargetVerdict::gap_pct, "gap / |edge| (0 when the edge is 0)")
      .def_property_readonly(
          "position", [](const TargetVerdict& v) { return ToString(v.position); },
          "below, within or above the target (within: met)")
      .def_readonly("met", &TargetVerdict::met, "forecast on the right side of target, or within the range")
      .def_readonly("reported", &TargetVerdict::reported, "every period of the span is reported")
      .def_readonly("has_open", &TargetVerdict::has_open, "a summed or ratio line with open periods in the span")
      .def_readonly("open_periods", &TargetVerdict::open_periods)
      .def_readonly("open_label", &TargetVerdict::open_label, "'3Q10..4Q10'")
      .def_readonly("reported_to_date", &TargetVerdict::reported_to_date, "sum over the span's reported periods")
      .def_readonly("open_forecast", &TargetVerdict::open_forecast, "forecast sum over the open periods")
      .def_readonly("open_required", &TargetVerdict::open_required,
                    "what the open periods must deliver to meet the target (a range: its low edge)")
      .def_readonly("open_required_high", &TargetVerdict::open_required_high,
                    "a range: the most the open periods may deliver")
      .def_readonly("open_ratio", &TargetVerdict::open_ratio,
                    "a ratio line N / D: the open figures are ratios, the open periods' D at its forecast")
      .def_readonly("reported_label", &TargetVerdict::reported_label, "'1Q10..2Q10' ('' when none reported)")
      .def("__repr__",
           [](const TargetVerdict& v) { return "<TargetVerdict " + v.name + (v.met ? " met>" : " missed>"); });
  m.def("verdicts", &Verdicts, py::arg("results"), "The verdict for each target of the model, from a projection.");
}

}  // namespace outturn::python
