// SPDX-License-Identifier: MIT
// model.h and calendar.h: loading a model, its scenarios, drivers, lines, targets and
// calendar. Every struct is read-only from Python (a Model is immutable); enums are their
// YAML spellings ("at_least", "revenue", "normal").
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/base/calendar.h"
#include "outturn/model/model.h"

namespace outturn::python {
namespace {

std::string SpanKindName(SpanKind k) {
  switch (k) {
    case SpanKind::kQuarter: return "quarter";
    case SpanKind::kFirstHalf: return "first_half";
    case SpanKind::kSecondHalf: return "second_half";
    case SpanKind::kNineMonths: return "nine_months";
    case SpanKind::kFiscalYear: return "fiscal_year";
  }
  return "?";
}

}  // namespace

void BindModel(py::module_& m) {
  py::class_<SourceLocation>(m, "SourceLocation", "A place in an input file; line and column are 1-based (0: unknown).")
      .def_readonly("file", &SourceLocation::file)
      .def_readonly("line", &SourceLocation::line)
      .def_readonly("column", &SourceLocation::column)
      .def("__repr__", [](const SourceLocation& l) {
        return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
      });

  // Calendar ------------------------------------------------------------------------------
  py::class_<Period>(m, "Period", "One period of the horizon (a month or a quarter).")
      .def_readonly("label", &Period::label, "'1Q10' (quarters) or '2010-04' (months)")
      .def_readonly("index", &Period::index, "0-based position in the horizon")
      .def_readonly("fiscal_year", &Period::fiscal_year, "fiscal-year label, e.g. 2010")
      .def_readonly("fy_quarter", &Period::fy_quarter, "1..4, quarter of the fiscal year")
      .def_readonly("fy_month", &Period::fy_month, "1..12, month of the fiscal year of the first month")
      .def_readonly("months", &Period::months, "calendar months in the period (1 or 3)")
      .def_readonly("start_day", &Period::start_day, "day number (days since 1970-01-01) of the first day")
      .def_readonly("end_day", &Period::end_day, "day number of the day after the last")
      .def_readonly("actual", &Period::actual, "reported (locked) period")
      .def_property_readonly("days", &Period::days, "days in the period")
      .def("__repr__", [](const Period& p) { return "<Period " + p.label + (p.actual ? " A>" : " F>"); });
  py::class_<Span>(m, "Span", "A rollup over consecutive periods [first, last] (inclusive).")
      .def_readonly("label", &Span::label, "'1H10', '2H10', '9M10', 'FY10', or '1Q10' over months")
      .def_property_readonly(
          "kind", [](const Span& s) { return SpanKindName(s.kind); },
          "quarter, first_half, second_half, nine_months or fiscal_year")
      .def_readonly("fiscal_year", &Span::fiscal_year)
      .def_readonly("first", &Span::first, "index of the first period")
      .def_readonly("last", &Span::last, "index of the last period (inclusive)")
      .def("__repr__", [](const Span& s) { return "<Span " + s.label + ">"; });
  py::class_<Calendar>(m, "Calendar",
                       "The period grid: periods, then spans. A column index c < num_periods is a period,\n"
                       "otherwise span c - num_periods.")
      .def_property_readonly("periods", &Calendar::periods)
      .def_property_readonly("spans", &Calendar::spans)
      .def_property_readonly("num_periods", &Calendar::num_periods)
      .def_property_readonly("num_columns", &Calendar::num_columns)
      .def_property_readonly("num_actual", &Calendar::num_actual, "number of leading reported periods")
      .def_property_readonly("periodicity", [](const Calendar& c) { return ToString(c.spec().periodicity); })
      .def("column_label", &Calendar::ColumnLabel, py::arg("column"), "label of a column (period or span)")
      .def("find_column", &Calendar::FindColumn, py::arg("label"), "column index of a label, or -1")
      .def("column_range", &Calendar::ColumnRange, py::arg("column"),
           "(first, last) period indices covered by a column, inclusive")
      .def("column_labels", &Calendar::ColumnLabels, "every column label: periods, then spans");
  m.def("parse_date", &ParseDate, py::arg("text"), "'YYYY-MM-DD' as a day number (days since 1970-01-01), or None");
  m.def("format_date", &FormatDate, py::arg("day_number"), "a day number as 'YYYY-MM-DD'");

  // Model parts ---------------------------------------------------------------------------
  py::class_<Distribution>(m, "Distribution",
                           "The uncertainty of a driver's value, for sweeps. Fields by type: normal {mean, sd};\n"
                           "truncated_normal {mean, sd, low, high}; lognormal {mean, sd}; uniform {low, high};\n"
                           "triangular and pert {low, mode, high}; discrete {values, weights}; empirical {values}.")
      .def(py::init<>())
      .def_property(
          "type", [](const Distribution& d) { return ToString(d.type); },
          [](Distribution& d, const std::string& s) {
            d.type = EnumFromString(s, &DistributionTypeFromString, "Distribution.type",
                                    "none, normal, truncated_normal, lognormal, uniform, triangular, "
                                    "pert, discrete or empirical");
          })
      .def_readwrite("mean", &Distribution::mean)
      .def_readwrite("sd", &Distribution::sd)
      .def_readwrite("low", &Distribution::low)
      .def_readwrite("high", &Distribution::high)
      .def_readwrite("mode", &Distribution::mode)
      .def_readwrite("values", &Distribution::values)
      .def_readwrite("weights", &Distribution::weights)
      .def("__repr__", [](const Distribution& d) { return "<Distribution " + ToString(d.type) + ">"; });
  py::class_<Shocks>(m, "Shocks",
                     "Per-period shocks of a driver in sweeps: a stationary AR(1) process added to the\n"
                     "sampled value in each forecast period, with marginal standard deviation sd.")
      .def_readonly("sd", &Shocks::sd, "0: no shocks")
      .def_readonly("ar1", &Shocks::ar1, "autocorrelation, in (-1, 1)");
  py::class_<Correlation>(m, "Correlation",
                          "Correlation between uncertain drivers in sweeps (a valid correlation matrix).")
      .def_readonly("drivers", &Correlation::drivers, "indices into Model.drivers")
      .def_property_readonly(
          "matrix",
          [](const Correlation& c) {
            const auto n = static_cast<py::ssize_t>(c.drivers.size());
            py::array_t<double> a({n, n});
            std::copy(c.matrix.begin(), c.matrix.end(), a.mutable_data());
            return a;
          },
          "drivers x drivers (a new array)")
      .def_readonly("adjusted", &Correlation::adjusted, "the file's matrix was replaced by the nearest valid one");
  py::class_<Driver>(m, "Driver", "A named parameter; `value` applies in every period without a by_period entry.")
      .def_readonly("name", &Driver::name)
      .def_readonly("unit", &Driver::unit)
      .def_readonly("description", &Driver::description)
      .def_readonly("source", &Driver::source)
      .def_readonly("is_date", &Driver::is_date, "unit 'date': values are day numbers")
      .def_readonly("bounds", &Driver::bounds, "(low, high) or None")
      .def_readonly("value", &Driver::value, "base value")
      .def_readonly("by_period", &Driver::by_period, "period index -> value")
      .def_readonly("distribution", &Driver::distribution)
      .def_readonly("shocks", &Driver::shocks, "per-period shocks in sweeps")
      .def_readonly("location", &Driver::location, "where the driver's key is")
      .def("value_at", &Driver::ValueAt, py::arg("period"), "value in period index `period`")
      .def("__repr__", [](const Driver& d) { return "<Driver " + d.name + ">"; });
  py::class_<Line>(m, "Line", "A line of the model: actuals where reported, a formula elsewhere.")
      .def_readonly("name", &Line::name)
      .def_property_readonly(
          "kind", [](const Line& l) { return ToString(l.kind); },
          "revenue, cost, expense, other, subtotal, kpi or memo")
      .def_readonly("description", &Line::description)
      .def_readonly("unit", &Line::unit)
      .def_property_readonly(
          "rollup", [](const Line& l) { return ToString(l.rollup); }, "sum, last, average or formula")
      .def_readonly("formula", &Line::formula, "source text; '' if none")
      .def_readonly("actuals", &Line::actuals, "per period: the reported value (de-cumulated) or None")
      .def_readonly("history", &Line::history,
                    "values before the horizon (history: or opening:), most recent first: history[0] is the "
                    "period just before the first")
      .def_readonly("reported", &Line::reported, "column -> reported value (checked)")
      .def_readonly("component", &Line::component, "the component it belongs to, or ''")
      .def_readonly("location", &Line::location)
      .def_property_readonly("has_actuals", &Line::has_actuals)
      .def("__repr__", [](const Line& l) { return "<Line " + l.name + ">"; });
  py::class_<Target>(m, "Target", "A full-year (or span) figure to meet.")
      .def_readonly("name", &Target::name)
      .def_readonly("line", &Target::line, "index into Model.lines")
      .def_readonly("column", &Target::column, "calendar column (period or span)")
      .def_readonly("value", &Target::value, "the target; a range: its low edge")
      .def_readonly("high", &Target::high, "a range (direction 'between'): its high edge")
      .def_property_readonly(
          "direction", [](const Target& t) { return ToString(t.direction); }, "at_least, at_most or between")
      .def_readonly("description", &Target::description)
      .def_readonly("source", &Target::source)
      .def("__repr__", [](const Target& t) { return "<Target " + t.name + ">"; });
  py::class_<Dimension>(m, "Dimension", "A dimension: its items; drivers and lines over it are NAME[ITEM].")
      .def_readonly("name", &Dimension::name)
      .def_readonly("items", &Dimension::items);
  py::class_<Component>(m, "Component", "A named group of component lines.")
      .def_readonly("name", &Component::name)
      .def_readonly("description", &Component::description);
  py::class_<DriverOverride>(
      m, "DriverOverride", "A value for a driver applied on top of a model (the CLI's --set); period -1: every period.")
      .def(py::init([](std::string driver, double value, int period) {
             return DriverOverride{std::move(driver), value, period};
           }),
           py::arg("driver"), py::arg("value"), py::arg("period") = -1)
      .def_readwrite("driver", &DriverOverride::driver)
      .def_readwrite("value", &DriverOverride::value)
      .def_readwrite("period", &DriverOverride::period)
      .def("__repr__", [](const DriverOverride& o) {
        return "DriverOverride('" + o.driver + "', " + py::repr(py::float_(o.value)).cast<std::string>() + ", " +
               std::to_string(o.period) + ")";
      });
  m.def("parse_value", &ParseValue, py::arg("text"), py::arg("is_date") = false,
        "A value as model files write it: '12.5', '1_250', '2.9%' (0.029), or for a date driver\n"
        "'YYYY-MM-DD' (a day number). None if malformed.");
  // Model ---------------------------------------------------------------------------------
  py::class_<Model>(m, "Model",
                    "A validated driver-based model: calendar, drivers, lines, targets, scenarios. Immutable\n"
                    "and cheap to copy; safe to use from several threads.")
      .def_static("load", &Model::Load, py::arg("path"), py::call_guard<py::gil_scoped_release>(),
                  "Loads a model file, or a scenario file (the model it extends, with the scenario applied).\n"
                  "Raises ModelError (file:line:col) on invalid input, NumericalError when the model's own\n"
                  "values produce NaN or infinity.")
      .def("with_scenario", &Model::WithScenario, py::arg("name"), py::call_guard<py::gil_scoped_release>(),
           "The same model under a scenario its file defines ('base' is the model). UsageError if unknown.")
      .def("with_overrides", &Model::WithOverrides, py::arg("overrides"), py::call_guard<py::gil_scoped_release>(),
           "The same model with driver values replaced (a list of DriverOverride). UsageError for unknown\n"
           "drivers or periods and values out of bounds.")
      .def_property_readonly("name", &Model::name)
      .def_property_readonly("description", &Model::description)
      .def_property_readonly("currency", &Model::currency)
      .def_property_readonly("unit", &Model::unit)
      .def_property_readonly("source", &Model::source, "model.source: where the model's figures come from")
      .def_property_readonly("as_of", &Model::as_of, "model.as_of: the date of the model's vintage ('' if not given)")
      .def_property_readonly("actuals_source", &Model::actuals_source,
                             "model.actuals_source: where its actuals came from")
      .def_property_readonly("overrides", &Model::overrides, "the driver overrides applied on top of the scenario")
      .def_property_readonly("path", &Model::path, "path of the file that was loaded")
      .def_property_readonly("scenario", &Model::scenario, "'base', or the scenario applied")
      .def_property_readonly("scenario_description", &Model::scenario_description)
      .def_property_readonly("scenario_names", &Model::scenario_names,
                             "scenarios the model's file chain defines, in file order ('base' first)")
      .def_property_readonly(
          "source_files",
          [](const Model& model) {
            // File names as os.fsdecode gives them: a name that is not UTF-8 round-trips.
            std::vector<py::str> out;
            for (const std::string& f : model.source_files()) {
              PyObject* o = PyUnicode_DecodeFSDefaultAndSize(f.data(), static_cast<Py_ssize_t>(f.size()));
              if (!o) throw py::error_already_set();
              out.push_back(py::reinterpret_steal<py::str>(o));
            }
            return out;
          },
          "the files the model was read from, in load order: the file loaded, then each file its\n"
          "extends: chain names, the model file last (normalized; relative ones are relative to\n"
          "the working directory at load time)")
      .def_property_readonly("calendar", &Model::calendar, py::return_value_policy::reference_internal)
      .def_property_readonly("drivers", &Model::drivers)
      .def_property_readonly("lines", &Model::lines)
      .def_property_readonly("targets", &Model::targets)
      .def_property_readonly("components", &Model::components)
      .def_property_readonly("dimensions", &Model::dimensions, "dimensions and their items, in file order")
      .def_property_readonly("correlations", &Model::correlations, "correlations between uncertain drivers")
      .def("find_driver", &Model::FindDriver, py::arg("name"), "index of a driver by name, or -1")
      .def("find_line", &Model::FindLine, py::arg("name"), "index of a line by name, or -1")
      .def("__repr__", [](const Model& mo) { return "<Model '" + mo.name() + "' scenario " + mo.scenario() + ">"; });

  m.def(
      "parse_driver_ref",
      [](const Model& model, const std::string& spec, const std::string& context) {
        const DriverRef r = ParseDriverRef(model, spec, context);
        return std::make_pair(r.driver, r.period);
      },
      py::arg("model"), py::arg("spec"), py::arg("context") = "",
      "Resolves 'DRIVER' or 'DRIVER@PERIOD' to (driver index, period index or -1), as the CLI\n"
      "does. Raises UsageError (unknown driver with a suggestion, unknown period).");
  m.def("parse_override",
        py::overload_cast<const Model&, const std::string&, const std::string&, const std::string&>(&ParseOverride),
        py::arg("model"), py::arg("spec"), py::arg("value"), py::arg("context") = "set",
        "The DriverOverride for 'DRIVER[@PERIOD]' set to a value as written ('12', '3%',\n"
        "'2011-01-15'): the CLI's --set parser. Raises UsageError.");
}

}  // namespace outturn::python
