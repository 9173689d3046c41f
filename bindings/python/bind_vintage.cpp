// SPDX-License-Identifier: MIT
// vintage/: a model's next vintage from a results CSV (actuals.h), how the forecast moved
// between two vintages (evolution.h), past vintages scored against the outcome (backtest.h).
#include <pybind11/stl.h>

#include "bind.h"
#include "outturn/vintage/actuals.h"
#include "outturn/vintage/backtest.h"
#include "outturn/vintage/evolution.h"

namespace outturn::python {

void BindVintage(py::module_& m) {
  py::class_<ReportedFigure>(m, "ReportedFigure", "One figure of a results CSV, as it went into the vintage.")
      .def_readonly("csv_line", &ReportedFigure::csv_line)
      .def_readonly("line", &ReportedFigure::line)
      .def_readonly("period", &ReportedFigure::period)
      .def_readonly("value", &ReportedFigure::value)
      .def_readonly("source", &ReportedFigure::source)
      .def_readonly("reported", &ReportedFigure::reported, "a computed line: written to reported: (checked)")
      .def_readonly("scaled", &ReportedFigure::scaled, "not in the CSV: the forecast scaled to a reported total");
  py::class_<ActualsResult>(m, "ActualsResult", "The next vintage: its YAML text and what went into it.")
      .def_readonly("text", &ActualsResult::text)
      .def_readonly("old_through", &ActualsResult::old_through)
      .def_readonly("new_through", &ActualsResult::new_through)
      .def_readonly("figures", &ActualsResult::figures)
      .def_readonly("notes", &ActualsResult::notes);
  m.def(
      "apply_actuals",
      [](const std::string& model_path, const std::string& csv, const std::string& through, const std::string& as_of) {
        ActualsOptions o;
        o.csv_path = csv;
        o.through = through;
        o.as_of = as_of;
        py::gil_scoped_release release;
        return ApplyActuals(model_path, o);
      },
      py::arg("model_path"), py::arg("csv"), py::arg("through") = "", py::arg("as_of") = "",
      "`outturn actuals`: the model file's next vintage from a results CSV (the text; write it yourself).");

  py::class_<EvolutionBand>(m, "EvolutionBand", "A vintage's sweep of one target.")
      .def_readonly("p5", &EvolutionBand::p5)
      .def_readonly("p50", &EvolutionBand::p50)
      .def_readonly("p95", &EvolutionBand::p95)
      .def_readonly("p_meet", &EvolutionBand::p_meet)
      .def_readonly("p_meet_low", &EvolutionBand::p_meet_low)
      .def_readonly("p_meet_high", &EvolutionBand::p_meet_high);
  py::class_<EvolutionTarget>(m, "EvolutionTarget", "One target in both vintages, and the bridge between them.")
      .def_readonly("target", &EvolutionTarget::target)
      .def_readonly("line", &EvolutionTarget::line)
      .def_readonly("span", &EvolutionTarget::span)
      .def_property_readonly("direction", [](const EvolutionTarget& e) { return ToString(e.direction); })
      .def_readonly("old_target", &EvolutionTarget::old_target)
      .def_readonly("new_target", &EvolutionTarget::new_target)
      .def_readonly("old_forecast", &EvolutionTarget::old_forecast)
      .def_readonly("new_forecast", &EvolutionTarget::new_forecast)
      .def_readonly("old_gap", &EvolutionTarget::old_gap)
      .def_readonly("new_gap", &EvolutionTarget::new_gap)
      .def_readonly("old_met", &EvolutionTarget::old_met)
      .def_readonly("new_met", &EvolutionTarget::new_met)
      .def_readonly("steps", &EvolutionTarget::steps, "contributions, in EvolutionResult.steps order")
      .def_readonly("exact", &EvolutionTarget::exact, "the steps add up exactly to new - old")
      .def_readonly("surprise_split", &EvolutionTarget::surprise_split)
      .def_readonly("old_band", &EvolutionTarget::old_band)
      .def_readonly("new_band", &EvolutionTarget::new_band);
  py::class_<Surprise>(m, "Surprise", "A newly reported figure against the old forecast.")
      .def_readonly("line", &Surprise::line)
      .def_readonly("period", &Surprise::period)
      .def_readonly("actual", &Surprise::actual)
      .def_readonly("old_forecast", &Surprise::old_forecast);
  py::class_<EvolutionResult>(m, "EvolutionResult", "outturn evolution: how the forecast moved, and why.")
      .def_readonly("old_path", &EvolutionResult::old_path)
      .def_readonly("new_path", &EvolutionResult::new_path)
      .def_readonly("old_as_of", &EvolutionResult::old_as_of)
      .def_readonly("new_as_of", &EvolutionResult::new_as_of)
      .def_readonly("old_through", &EvolutionResult::old_through)
      .def_readonly("new_through", &EvolutionResult::new_through)
      .def_readonly("steps", &EvolutionResult::steps, "'surprise', 'carried', then each changed driver")
      .def_readonly("targets", &EvolutionResult::targets)
      .def_readonly("surprises", &EvolutionResult::surprises)
      .def_readonly("samples", &EvolutionResult::samples)
      .def_readonly("seed", &EvolutionResult::seed)
      .def_readonly("notes", &EvolutionResult::notes);
  m.def(
      "evolution",
      [](const std::string& old_path, const std::string& new_path, long long samples, std::uint64_t seed, int threads) {
        EvolutionOptions o;
        o.samples = samples;
        o.seed = seed;
        o.threads = threads;
        py::gil_scoped_release release;
        return Evolution(old_path, new_path, o);
      },
      py::arg("old_path"), py::arg("new_path"), py::arg("samples") = 0, py::arg("seed") = 1, py::arg("threads") = 0,
      "`outturn evolution`: each target's move between two vintages, as a bridge that adds up exactly.");

  py::class_<BacktestScore>(m, "BacktestScore", "One target of one vintage against its outcome.")
      .def_readonly("vintage", &BacktestScore::vintage)
      .def_readonly("as_of", &BacktestScore::as_of)
      .def_readonly("through", &BacktestScore::through)
      .def_readonly("target", &BacktestScore::target)
      .def_readonly("line", &BacktestScore::line)
      .def_readonly("span", &BacktestScore::span)
      .def_property_readonly("direction", [](const BacktestScore& s) { return ToString(s.direction); })
      .def_readonly("target_value", &BacktestScore::target_value)
      .def_readonly("target_high", &BacktestScore::target_high)
      .def_readonly("forecast", &BacktestScore::forecast)
      .def_readonly("p5", &BacktestScore::p5)
      .def_readonly("p25", &BacktestScore::p25)
      .def_readonly("p50", &BacktestScore::p50)
      .def_readonly("p75", &BacktestScore::p75)
      .def_readonly("p95", &BacktestScore::p95)
      .def_readonly("p_meet", &BacktestScore::p_meet)
      .def_readonly("p_meet_low", &BacktestScore::p_meet_low)
      .def_readonly("p_meet_high", &BacktestScore::p_meet_high)
      .def_readonly("outcome", &BacktestScore::outcome)
      .def_readonly("percentile", &BacktestScore::percentile)
      .def_readonly("outcome_meets", &BacktestScore::outcome_meets)
      .def_readonly("forecast_meets", &BacktestScore::forecast_meets)
      .def_readonly("verdict_right", &BacktestScore::verdict_right)
      .def_readonly("brier", &BacktestScore::brier)
      .def_readonly("crps", &BacktestScore::crps)
      .def_readonly("in50", &BacktestScore::in50)
      .def_readonly("in90", &BacktestScore::in90)
      .def_readonly("stretch90", &BacktestScore::stretch90)
      .def_readonly("stretch50", &BacktestScore::stretch50);
  py::class_<BacktestResult>(m, "BacktestResult", "outturn backtest: scores, coverage and width multipliers.")
      .def_readonly("outcome_path", &BacktestResult::outcome_path)
      .def_readonly("samples", &BacktestResult::samples)
      .def_readonly("seed", &BacktestResult::seed)
      .def_readonly("scores", &BacktestResult::scores)
      .def_readonly("n", &BacktestResult::n)
      .def_readonly("in50", &BacktestResult::in50)
      .def_readonly("in90", &BacktestResult::in90)
      .def_readonly("in50_low", &BacktestResult::in50_low)
      .def_readonly("in50_high", &BacktestResult::in50_high)
      .def_readonly("in90_low", &BacktestResult::in90_low)
      .def_readonly("in90_high", &BacktestResult::in90_high)
      .def_readonly("mean_brier", &BacktestResult::mean_brier)
      .def_readonly("verdicts_right", &BacktestResult::verdicts_right)
      .def_readonly("multiplier90", &BacktestResult::multiplier90)
      .def_readonly("multiplier50", &BacktestResult::multiplier50)
      .def_readonly("notes", &BacktestResult::notes);
  m.def(
      "backtest",
      [](const std::vector<std::string>& vintages, const std::string& outcome, long long samples, std::uint64_t seed,
         int threads) {
        BacktestOptions o;
        o.outcome_path = outcome;
        o.samples = samples;
        o.seed = seed;
        o.threads = threads;
        py::gil_scoped_release release;
        return Backtest(vintages, o);
      },
      py::arg("vintages"), py::arg("outcome"), py::arg("samples") = 100'000, py::arg("seed") = 1,
      py::arg("threads") = 0, "`outturn backtest`: each vintage's targets scored against the outcome CSV.");
  m.def(
      "calibrate_model",
      [](const std::string& model_path, double multiplier) {
        std::vector<std::string> notes;
        std::string text;
        {
          py::gil_scoped_release release;
          text = CalibrateModel(model_path, multiplier, &notes);
        }
        return py::make_tuple(text, notes);
      },
      py::arg("model_path"), py::arg("multiplier"),
      "`outturn backtest --calibrate`: (the model's YAML with every spread multiplied, the notes).");
}

}  // namespace outturn::python
