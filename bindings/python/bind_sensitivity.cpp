// SPDX-License-Identifier: MIT
// sensitivity.h: exact sensitivities, tornado and spider, goal seek (one driver, several,
// break-even), and the bridge between two scenarios. Options structs take keyword arguments;
// results are read-only, their matrices numpy views of the result's own storage.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"

namespace outturn::python {

void BindSensitivity(py::module_& m) {
  const auto release = py::call_guard<py::gil_scoped_release>();

  // What is measured, and what varies -----------------------------------------------------
  py::class_<Kpi>(m, "Kpi", "A result cell with the name it is shown under.")
      .def_readonly("name", &Kpi::name, "the target's name, else 'line@COLUMN'")
      .def_readonly("cell", &Kpi::cell)
      .def_readonly("target", &Kpi::target, "index into Model.targets, or -1")
      .def("__repr__", [](const Kpi& k) { return "<Kpi " + k.name + ">"; });
  m.def("default_kpis", &DefaultKpis, py::arg("model"),
        "Each open target's cell, then every kpi line in each fiscal-year span.");
  m.def("all_cell_kpis", &AllCellKpis, py::arg("model"), "Every line in every column, named 'line@COLUMN'.");
  m.def("find_kpi", &FindKpi, py::arg("model"), py::arg("spec"),
        "A target's name or 'line@COLUMN'. UsageError naming the closest known name if unknown.");
  m.def("select_kpis", &SelectKpis, py::arg("model"), py::arg("specs"), "find_kpi for each; default_kpis if empty.");
  m.def("driver_inputs", &DriverInputs, py::arg("model"), py::arg("include_dates") = false,
        "Input(d, -1) for each driver, in file order (date drivers only when include_dates).");
  m.def("period_inputs", &PeriodInputs, py::arg("model"), py::arg("include_dates") = false,
        "Input(d, t) for every driver and forecast period.");
  m.def("input_name", &InputName, py::arg("model"), py::arg("input"), "'driver' or 'driver@3Q10'.");
  m.def("find_input", &FindInput, py::arg("model"), py::arg("spec"),
        "Resolves 'driver' or 'driver@PERIOD'. UsageError (with a suggestion) if unknown.");
  m.def("input_value", &InputValue, py::arg("model"), py::arg("input"), "The model's own value of an input.");

  // Ranges --------------------------------------------------------------------------------
  py::class_<SwingOptions>(m, "SwingOptions", "How far a driver plausibly moves (SwingOptions(**fields)).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<SwingOptions>(kw); }))
      .def_property(
          "kind", [](const SwingOptions& o) { return ToString(o.kind); },
          [](SwingOptions& o, const std::string& s) {
            o.kind = EnumFromString(s, &SwingKindFromString, "kind", "distribution, bounds or percent");
          },
          "distribution (P10/P90, default), bounds, or percent (value x (1 +/- percent))")
      .def_readwrite("percent", &SwingOptions::percent,
                     "Relative half-width of a percent swing and of the fallback, in (0, 10]. Default 0.1.")
      .def_readwrite("date_days", &SwingOptions::date_days, "Half-width in days for date drivers. Default 30.")
      .def_readwrite("low_quantile", &SwingOptions::low_quantile, "Default 0.1.")
      .def_readwrite("high_quantile", &SwingOptions::high_quantile, "Default 0.9.")
      .def("validate", &SwingOptions::Validate);
  py::class_<InputRange>(m, "InputRange", "A driver's low and high value.")
      .def_readonly("low", &InputRange::low)
      .def_readonly("high", &InputRange::high)
      .def_readonly("source", &InputRange::source, "'P10/P90', 'bounds', '±10%', '±30 days' (', clipped')")
      .def_property_readonly("width", &InputRange::width);
  m.def("swing_range", &SwingRange, py::arg("model"), py::arg("input"), py::arg("options") = SwingOptions{},
        "The range of an input under the swing options, clipped to its bounds.");

  // Sensitivities -------------------------------------------------------------------------
  py::class_<SensitivityOptions>(m, "SensitivityOptions", "SensitivityOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<SensitivityOptions>(kw); }))
      .def_readwrite("kpis", &SensitivityOptions::kpis, "target names or 'line@COLUMN'; empty: default_kpis")
      .def_readwrite("all_cells", &SensitivityOptions::all_cells, "every line in every column instead of kpis")
      .def_readwrite("per_period", &SensitivityOptions::per_period,
                     "add each driver's value in each forecast period as an input")
      .def_readwrite("include_dates", &SensitivityOptions::include_dates, "include date drivers (per day)")
      .def_readwrite("range", &SensitivityOptions::range, "the range each driver is ranked across")
      .def("validate", &SensitivityOptions::Validate);
  py::class_<SensitivityResult>(m, "SensitivityResult", "Exact derivatives of the KPIs at the model's own values.")
      .def_readonly("kpis", &SensitivityResult::kpis)
      .def_readonly("inputs", &SensitivityResult::inputs)
      .def_readonly("input_names", &SensitivityResult::input_names)
      .def_readonly("values", &SensitivityResult::values, "KPI values")
      .def_readonly("input_values", &SensitivityResult::input_values, "each input's own value")
      .def_readonly("jacobian", &SensitivityResult::jacobian, "kpis x inputs: d KPI / d input (forward-mode AD)")
      .def_readonly("elasticities", &SensitivityResult::elasticities, "kpis x inputs: J x / y (NaN where y is 0)")
      .def_readonly("ranges", &SensitivityResult::ranges)
      .def_readonly("effects", &SensitivityResult::effects, "kpis x inputs: J x (high - low)")
      .def_readonly("ranking", &SensitivityResult::ranking, "per KPI: input indices by |effect| descending");
  m.def("sensitivities", &Sensitivities, py::arg("model"), py::arg("options") = SensitivityOptions{}, release,
        "The exact Jacobian of the KPIs with respect to the drivers, elasticities, effects, ranking.");

  // Tornado and spider --------------------------------------------------------------------
  py::class_<TornadoOptions>(m, "TornadoOptions", "TornadoOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<TornadoOptions>(kw); }))
      .def_readwrite("kpis", &TornadoOptions::kpis, "target names or 'line@COLUMN'; empty: default_kpis")
      .def_readwrite("include_dates", &TornadoOptions::include_dates)
      .def_readwrite("swing", &TornadoOptions::swing, "low and high of each driver")
      .def("validate", &TornadoOptions::Validate);
  py::class_<TornadoBar>(m, "TornadoBar", "One driver's bar in a KPI's tornado.")
      .def_readonly("input", &TornadoBar::input, "index into TornadoResult.inputs")
      .def_readonly("kpi_low", &TornadoBar::kpi_low)
      .def_readonly("kpi_high", &TornadoBar::kpi_high)
      .def_readonly("swing", &TornadoBar::swing, "|kpi_high - kpi_low|");
  py::class_<TornadoResult>(m, "TornadoResult", "One-at-a-time swings of every driver.")
      .def_readonly("kpis", &TornadoResult::kpis)
      .def_readonly("inputs", &TornadoResult::inputs)
      .def_readonly("input_names", &TornadoResult::input_names)
      .def_readonly("ranges", &TornadoResult::ranges)
      .def_readonly("input_values", &TornadoResult::input_values)
      .def_readonly("base", &TornadoResult::base, "KPI values at the model's own values")
      .def_readonly("bars", &TornadoResult::bars, "per KPI: one bar per driver, by swing descending")
      .def_readonly("top", &TornadoResult::top, "input indices by their largest normalized swing");
  m.def("tornado", &Tornado, py::arg("model"), py::arg("options") = TornadoOptions{}, release,
        "Each driver alone at its low and its high, all in one batch.");
  py::class_<SpiderOptions>(m, "SpiderOptions", "SpiderOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<SpiderOptions>(kw); }))
      .def_readwrite("kpis", &SpiderOptions::kpis)
      .def_readwrite("drivers", &SpiderOptions::drivers, "'driver' or 'driver@PERIOD'; empty: the top ones")
      .def_readwrite("top", &SpiderOptions::top, "how many drivers when drivers is empty (>= 1)")
      .def_readwrite("steps", &SpiderOptions::steps, "points across each range (>= 2)")
      .def_readwrite("include_dates", &SpiderOptions::include_dates)
      .def_readwrite("swing", &SpiderOptions::swing)
      .def("validate", &SpiderOptions::Validate);
  py::class_<SpiderSeries>(m, "SpiderSeries", "Each KPI along one driver's range.")
      .def_readonly("input", &SpiderSeries::input)
      .def_readonly("x", &SpiderSeries::x, "the driver's values, low to high")
      .def_readonly("change", &SpiderSeries::change, "(x - own) / |own|")
      .def_readonly("y", &SpiderSeries::y, "kpis x steps");
  py::class_<SpiderResult>(m, "SpiderResult", "Spider data.")
      .def_readonly("kpis", &SpiderResult::kpis)
      .def_readonly("inputs", &SpiderResult::inputs)
      .def_readonly("input_names", &SpiderResult::input_names)
      .def_readonly("ranges", &SpiderResult::ranges)
      .def_readonly("input_values", &SpiderResult::input_values)
      .def_readonly("base", &SpiderResult::base)
      .def_readonly("series", &SpiderResult::series);
  m.def("spider", &Spider, py::arg("model"), py::arg("options") = SpiderOptions{}, release,
        "Each KPI over each chosen driver's range, in one batch.");

  // Goal seek -----------------------------------------------------------------------------
  py::class_<Goal>(m, "Goal", "A KPI and the value it should reach (met on `direction`'s side).")
      .def(py::init([](Kpi kpi, double target, const std::string& direction) {
             const Direction d = EnumFromString(direction, &DirectionFromString, "direction", "at_least or at_most");
             if (d == Direction::kBetween) throw UsageError("direction must be at_least or at_most (got 'between')");
             return Goal{std::move(kpi), target, d, std::nullopt};
           }),
           py::arg("kpi"), py::arg("target"), py::arg("direction") = "at_least")
      .def_readwrite("kpi", &Goal::kpi)
      .def_readwrite("target", &Goal::target)
      .def_property(
          "direction", [](const Goal& g) { return ToString(g.direction); },
          [](Goal& g, const std::string& s) {
            const Direction d = EnumFromString(s, &DirectionFromString, "direction", "at_least or at_most");
            if (d == Direction::kBetween) throw UsageError("direction must be at_least or at_most (got 'between')");
            g.direction = d;
          })
      .def_readonly("range", &Goal::range,
                    "a range target's (low, high) when the goal aims at a point of it, else None");
  m.def(
      "target_goal",
      [](const Model& model, int target, const std::string& aim) { return TargetGoal(model, target, ParseAim(aim)); },
      py::arg("model"), py::arg("target"), py::arg("aim") = "nearest",
      "The goal of target number `target`; a range target aims at `aim`: nearest (its edge nearest the "
      "forecast), low, high, mid or a value inside it.");
  m.def(
      "open_target_goals",
      [](const Model& model, const std::string& aim) { return OpenTargetGoals(model, ParseAim(aim)); },
      py::arg("model"), py::arg("aim") = "nearest",
      "The goals of every target with an open period (range targets aimed at `aim`).");
  py::class_<GoalSeekOptions>(m, "GoalSeekOptions", "GoalSeekOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<GoalSeekOptions>(kw); }))
      .def_readwrite("tolerance", &GoalSeekOptions::tolerance, "relative tolerance on the KPI, in [1e-15, 0.1]")
      .def_readwrite("max_iterations", &GoalSeekOptions::max_iterations)
      .def_readwrite("bracket", &GoalSeekOptions::bracket, "(low, high) to search; None: the driver's bounds")
      .def_readwrite("default_span", &GoalSeekOptions::default_span)
      .def_readwrite("date_days", &GoalSeekOptions::date_days)
      .def_readwrite("scan_intervals", &GoalSeekOptions::scan_intervals)
      .def("validate", &GoalSeekOptions::Validate);
  py::class_<GoalSeekResult>(m, "GoalSeekResult", "One driver's value that meets a goal, or why there is none.")
      .def_property_readonly(
          "status", [](const GoalSeekResult& r) { return ToString(r.status); },
          "solved, no solution in bracket, or not converged (ToString spelling)")
      .def_property_readonly("solved", [](const GoalSeekResult& r) { return r.status == GoalSeekStatus::kSolved; })
      .def_readonly("message", &GoalSeekResult::message)
      .def_readonly("goal", &GoalSeekResult::goal)
      .def_readonly("input", &GoalSeekResult::input)
      .def_readonly("input_name", &GoalSeekResult::input_name)
      .def_readonly("own_value", &GoalSeekResult::own_value)
      .def_readonly("value", &GoalSeekResult::value)
      .def_readonly("kpi_own", &GoalSeekResult::kpi_own)
      .def_readonly("kpi_value", &GoalSeekResult::kpi_value)
      .def_readonly("low", &GoalSeekResult::low)
      .def_readonly("high", &GoalSeekResult::high)
      .def_readonly("tolerance", &GoalSeekResult::tolerance)
      .def_readonly("bracket_width", &GoalSeekResult::bracket_width)
      .def_readonly("iterations", &GoalSeekResult::iterations)
      .def_readonly("evaluations", &GoalSeekResult::evaluations)
      .def_readonly("overrides", &GoalSeekResult::overrides, "the overrides that apply the solution")
      .def("__repr__", [](const GoalSeekResult& r) {
        return "<GoalSeekResult " + r.input_name + " " + ToString(r.status) + ": " + r.message + ">";
      });
  m.def("goal_seek", &GoalSeek, py::arg("model"), py::arg("goal"), py::arg("input"),
        py::arg("options") = GoalSeekOptions{}, release, "One driver's value that meets a goal (TOMS748).");
  py::class_<MultiGoalSeekOptions>(m, "MultiGoalSeekOptions", "MultiGoalSeekOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<MultiGoalSeekOptions>(kw); }))
      .def_readwrite("tolerance", &MultiGoalSeekOptions::tolerance)
      .def_readwrite("max_iterations", &MultiGoalSeekOptions::max_iterations)
      .def_readwrite("equality", &MultiGoalSeekOptions::equality, "drive each KPI to its target from either side")
      .def_readwrite("keep_met", &MultiGoalSeekOptions::keep_met,
                     "keep the open targets met at the start met (added as inequality goals)")
      .def("validate", &MultiGoalSeekOptions::Validate);
  py::class_<TargetChange>(m, "TargetChange", "A target of the model before and after a solution.")
      .def_readonly("name", &TargetChange::name)
      .def_readonly("span", &TargetChange::span)
      .def_readonly("target", &TargetChange::target, "the target; a range: its low edge")
      .def_readonly("high", &TargetChange::high, "a range: its high edge")
      .def_property_readonly("direction", [](const TargetChange& c) { return ToString(c.direction); })
      .def_readonly("before", &TargetChange::before)
      .def_readonly("after", &TargetChange::after)
      .def_readonly("met_before", &TargetChange::met_before)
      .def_readonly("met_after", &TargetChange::met_after)
      .def_readonly("goal", &TargetChange::goal, "one of the goals (kept ones included)")
      .def_property_readonly("broken", &TargetChange::broken, "met at the start, missed at the solution")
      .def("__repr__", [](const TargetChange& c) { return "<TargetChange " + c.name + ">"; });
  py::class_<MultiGoalSeekResult>(m, "MultiGoalSeekResult", "The least weighted change of several drivers.")
      .def_property_readonly("status", [](const MultiGoalSeekResult& r) { return ToString(r.status); })
      .def_property_readonly("solved", [](const MultiGoalSeekResult& r) { return r.status == GoalSeekStatus::kSolved; })
      .def_readonly("message", &MultiGoalSeekResult::message)
      .def_readonly("goals", &MultiGoalSeekResult::goals)
      .def_readonly("inputs", &MultiGoalSeekResult::inputs)
      .def_readonly("input_names", &MultiGoalSeekResult::input_names)
      .def_readonly("own_values", &MultiGoalSeekResult::own_values)
      .def_readonly("values", &MultiGoalSeekResult::values)
      .def_readonly("weights", &MultiGoalSeekResult::weights)
      .def_readonly("at_bound", &MultiGoalSeekResult::at_bound)
      .def_readonly("kpi_own", &MultiGoalSeekResult::kpi_own)
      .def_readonly("kpi_values", &MultiGoalSeekResult::kpi_values)
      .def_readonly("weighted_change", &MultiGoalSeekResult::weighted_change)
      .def_readonly("iterations", &MultiGoalSeekResult::iterations)
      .def_readonly("overrides", &MultiGoalSeekResult::overrides)
      .def_readonly("kept", &MultiGoalSeekResult::kept, "keep_met: the targets added as goals")
      .def_readonly("targets", &MultiGoalSeekResult::targets,
                    "every target of the model at the start and at the solution (TargetChange)")
      .def("__repr__", [](const MultiGoalSeekResult& r) {
        return "<MultiGoalSeekResult " + ToString(r.status) + ": " + r.message + ">";
      });
  m.def("multi_goal_seek", &MultiGoalSeek, py::arg("model"), py::arg("goals"), py::arg("inputs"),
        py::arg("options") = MultiGoalSeekOptions{}, release,
        "The smallest weighted change of several drivers that meets the goals, within bounds.");
  py::class_<BreakEvenOptions>(m, "BreakEvenOptions", "BreakEvenOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<BreakEvenOptions>(kw); }))
      .def_readwrite("top", &BreakEvenOptions::top)
      .def_readwrite("drivers", &BreakEvenOptions::drivers)
      .def_readwrite("include_dates", &BreakEvenOptions::include_dates)
      .def_readwrite("swing", &BreakEvenOptions::swing)
      .def_readwrite("seek", &BreakEvenOptions::seek)
      .def("validate", &BreakEvenOptions::Validate);
  py::class_<BreakEvenResult>(m, "BreakEvenResult", "For each goal, each top driver's break-even value alone.")
      .def_readonly("goals", &BreakEvenResult::goals)
      .def_readonly("inputs", &BreakEvenResult::inputs)
      .def_readonly("input_names", &BreakEvenResult::input_names)
      .def_readonly("own_values", &BreakEvenResult::own_values)
      .def_readonly("cells", &BreakEvenResult::cells, "goals x inputs, row-major")
      .def("at", &BreakEvenResult::at, py::arg("goal"), py::arg("input"), py::return_value_policy::copy);
  m.def("break_even", &BreakEven, py::arg("model"), py::arg("goals"), py::arg("options") = BreakEvenOptions{}, release,
        "Each top driver's break-even value, for each goal.");

  // Bridge --------------------------------------------------------------------------------
  py::class_<BridgeOptions>(m, "BridgeOptions", "BridgeOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<BridgeOptions>(kw); }))
      .def_readwrite("kpis", &BridgeOptions::kpis)
      .def_readwrite("max_shapley_drivers", &BridgeOptions::max_shapley_drivers, "in [0, 16]")
      .def("validate", &BridgeOptions::Validate);
  py::class_<BridgeResult>(m, "BridgeResult", "Each driver's contribution to the change of each KPI.")
      .def_readonly("kpis", &BridgeResult::kpis)
      .def_readonly("steps", &BridgeResult::steps)
      .def_readonly("from_", &BridgeResult::from, "KPI values of the 'from' model")
      .def_readonly("to", &BridgeResult::to)
      .def_readonly("total", &BridgeResult::total)
      .def_readonly("contributions", &BridgeResult::contributions, "steps x kpis; each column adds up to total")
      .def_property_readonly("method", [](const BridgeResult& r) { return ToString(r.method); })
      .def_readonly("exact", &BridgeResult::exact)
      .def_readonly("quantum", &BridgeResult::quantum);
  m.def("bridge", &Bridge, py::arg("from_"), py::arg("to"), py::arg("options") = BridgeOptions{}, release,
        "Each driver's contribution to the change of each KPI from one model to another.");
  m.def("scenario_file", &ScenarioFile, py::arg("parent"), py::arg("result"), py::arg("name"), py::arg("description"),
        py::arg("extends"), "A scenario file (YAML) extending `extends` that sets every driver whose values differ.");
}

}  // namespace outturn::python
