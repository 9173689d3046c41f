// SPDX-License-Identifier: MIT
// program.h: a model compiled for chosen inputs and outputs, evaluated on batches of
// scenarios. Batches are row-major (one row per input or output, one column per scenario),
// which is numpy's default C order: a float64 C-contiguous array is read without a copy, and
// results come back as numpy arrays that own the engine's buffer (no copy either).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/compile/program.h"

namespace outturn::python {

void BindProgram(py::module_& m) {
  py::class_<Input>(m, "Input",
                    "A varying quantity: a driver's value (period -1: its base value), or its value in one period.")
      .def(py::init([](int driver, int period) {
             return Input{driver, period};
           }),
           py::arg("driver"), py::arg("period") = -1)
      .def_readwrite("driver", &Input::driver, "index into Model.drivers")
      .def_readwrite("period", &Input::period, "period index, or -1")
      .def("__eq__", [](const Input& a, const Input& b) { return a == b; })
      .def("__hash__", [](const Input& a) { return py::hash(py::make_tuple(a.driver, a.period)); })
      .def("__repr__",
           [](const Input& a) { return "Input(" + std::to_string(a.driver) + ", " + std::to_string(a.period) + ")"; });
  py::class_<Cell>(m, "Cell", "A result cell: a line in a calendar column (period or span).")
      .def(py::init([](int line, int column) {
             return Cell{line, column};
           }),
           py::arg("line"), py::arg("column"))
      .def_readwrite("line", &Cell::line, "index into Model.lines")
      .def_readwrite("column", &Cell::column, "calendar column")
      .def("__eq__", [](const Cell& a, const Cell& b) { return a == b; })
      .def("__hash__", [](const Cell& a) { return py::hash(py::make_tuple(a.line, a.column)); })
      .def("__repr__",
           [](const Cell& c) { return "Cell(" + std::to_string(c.line) + ", " + std::to_string(c.column) + ")"; });
  py::class_<ProgramOptions>(m, "ProgramOptions", "How a Program evaluates.")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<ProgramOptions>(kw); }),
           "ProgramOptions(**fields): any field by name.")
      .def_readwrite("block_size", &ProgramOptions::block_size,
                     "Scenarios per block, in [1, 4096] (default 256). Larger blocks amortize each instruction's\n"
                     "dispatch over more lanes; smaller ones keep the workspace in L1/L2.")
      .def_readwrite("check_finite", &ProgramOptions::check_finite,
                     "Check every line cell for NaN/inf (NumericalError names the first). Default True.")
      .def("validate", &ProgramOptions::Validate, "Raises OptionsError naming the field, value and rule.");

  py::class_<Program>(m, "Program",
                      "A model compiled into a flat tape for chosen inputs (what varies across scenarios) and\n"
                      "outputs (cells read back). Compile once, evaluate many times; thread-safe.")
      .def(py::init<const Model&, std::vector<Input>, std::vector<Cell>, ProgramOptions>(), py::arg("model"),
           py::arg("inputs") = std::vector<Input>{}, py::arg("outputs") = std::vector<Cell>{},
           py::arg("options") = ProgramOptions{}, py::call_guard<py::gil_scoped_release>(),
           "Compiles `model`. outputs empty: every cell (lines x columns, line-major). UsageError for\n"
           "out-of-range inputs or outputs.")
      .def_property_readonly("model", &Program::model)
      .def_property_readonly("inputs", &Program::inputs)
      .def_property_readonly("outputs", &Program::outputs)
      .def_property_readonly("options", &Program::options)
      .def_property_readonly("num_inputs", &Program::num_inputs)
      .def_property_readonly("num_outputs", &Program::num_outputs)
      .def_property_readonly("num_instructions", &Program::num_instructions, "instructions on the tape")
      .def_property_readonly("num_slots", &Program::num_slots, "workspace rows per lane")
      .def("base_inputs", &Program::BaseInputs, "the model's own values of the inputs (the column that reproduces it)")
      .def("output_is_constant", &Program::OutputIsConstant, py::arg("output"),
           "True if output o does not depend on any input")
      .def("output_index", &Program::OutputIndex, py::arg("cell"), "row of an output cell, or -1")
      .def(
          "evaluate",
          [](const Program& p, ConstBatchRef inputs) {
            if (inputs.rows() != p.num_inputs())
              throw py::value_error("inputs must have " + std::to_string(p.num_inputs()) +
                                    " rows (one per input), got " + std::to_string(inputs.rows()));
            py::gil_scoped_release release;
            return p.Evaluate(inputs);
          },
          py::arg("inputs"),
          "Evaluates a batch: `inputs` is num_inputs x B (float64, C order: read without a copy); returns\n"
          "num_outputs x B. Raises NumericalError on the first non-finite line cell. Releases the GIL.")
      .def(
          "jacobian",
          [](const Program& p, const Vector& x) {
            if (x.size() != p.num_inputs())
              throw py::value_error("x must have " + std::to_string(p.num_inputs()) + " values");
            py::gil_scoped_release release;
            Vector values;
            Matrix j = p.Jacobian(x, &values);
            return std::make_pair(std::move(j), std::move(values));
          },
          py::arg("x"),
          "Exact Jacobian d outputs / d inputs at x by forward-mode automatic differentiation:\n"
          "(num_outputs x num_inputs matrix, outputs at x).");

  py::class_<Results>(m, "Results", "The model's full projection for one scenario: every line in every column.")
      .def_property_readonly("model", &Results::model)
      .def("at", &Results::at, py::arg("line"), py::arg("column"))
      .def_property_readonly(
          "values",
          [](const Results& r) {
            const auto rows = static_cast<py::ssize_t>(r.model().lines().size());
            const auto cols = static_cast<py::ssize_t>(r.model().calendar().num_columns());
            py::array_t<double> a({rows, cols});
            std::copy(r.values().data(), r.values().data() + rows * cols, a.mutable_data());
            return a;
          },
          "lines x columns (periods, then spans), a new array");
  m.def("run", &Run, py::arg("model"), py::call_guard<py::gil_scoped_release>(),
        "Evaluates the model as loaded (its own driver values): one scenario, every cell.");
}

}  // namespace outturn::python
