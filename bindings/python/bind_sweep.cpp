// SPDX-License-Identifier: MIT
// sweep.h: scenario sweeps. Long calls run with the GIL released and stop on Ctrl-C (the
// sweep returns what it has; KeyboardInterrupt carries it as `.partial`). SweepPartial
// pickles (plain vectors), so that Dask can ship pieces between processes; raw samples come
// back as numpy arrays over the engine's own buffers (owned by a capsule, not copied).
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>

#include "bind.h"
#include "outturn/sweep/stress.h"
#include "outturn/sweep/sweep.h"

namespace outturn::python {
namespace {

// A read-only numpy view of a vector held by `owner` (a Python object that keeps it alive).
template <class T>
py::array_t<T> View(const std::vector<T>& v, py::handle owner) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()), v.data(), owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// A copy of a numpy array (any numeric dtype) into a vector.
template <class T>
std::vector<T> ToVector(const py::handle& h) {
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(h);
  if (!a) throw py::type_error("expected an array of numbers");
  return std::vector<T>(a.data(), a.data() + a.size());
}

// Moves a SweepSamples to the heap; numpy arrays view its matrices, a capsule owns it.
py::dict SamplesToPython(SweepSamples&& s) {
  auto* heap = new SweepSamples(std::move(s));
  py::capsule owner(heap, [](void* p) { delete static_cast<SweepSamples*>(p); });
  auto view = [&](BatchMatrix& m) {
    const py::ssize_t rows = m.rows(), cols = m.cols();
    if (rows == 0 || cols == 0) return py::array_t<double>({rows, cols});
    return py::array_t<double>(
        {rows, cols}, {static_cast<py::ssize_t>(sizeof(double)) * cols, static_cast<py::ssize_t>(sizeof(double))},
        m.data(), owner);
  };
  py::dict d;
  d["first"] = heap->first;
  d["drivers"] = heap->drivers;
  d["targets"] = heap->targets;
  d["driver_values"] = view(heap->driver_values);
  d["target_values"] = view(heap->target_values);
  return d;
}

// Ctrl-C: attach what the sweep had computed to the KeyboardInterrupt.
void AttachPartial(SweepResult* r, py::error_already_set& e) {
  if (r) e.value().attr("partial") = py::cast(*r);
}

SweepResult RunSweep(const Model& model, const SweepOptions& options, const py::object& progress) {
  std::optional<py::error_already_set> callback_error;
  SweepResult r = RunInterruptible(
      [&](std::atomic<bool>* stop) {
        ProgressFn fn;
        if (!progress.is_none())
          fn = [&](long long done, long long total) {
            py::gil_scoped_acquire gil;
            if (callback_error) return;
            try {
              progress(done, total);
            } catch (py::error_already_set& e) {  // stop, then raise it in the caller's thread
              callback_error = e;
              stop->store(true);
            }
          };
        return Sweep(model, options, stop, fn);
      },
      &AttachPartial);
  if (callback_error) throw *callback_error;
  return r;
}

}  // namespace

void BindSweep(py::module_& m) {
  m.attr("LEAF_SIZE") = kLeafSize;
  m.attr("SEGMENT_SIZE") = kSegmentSize;
  m.attr("QUANTILE_LEVELS") = kQuantileLevels;
  m.def(
      "sweep_methods",
      [] {
        std::vector<std::string> v;
        for (auto e : {SweepMethod::kGrid, SweepMethod::kOneAtATime, SweepMethod::kMonteCarlo,
                       SweepMethod::kLatinHypercube, SweepMethod::kSobol})
          v.push_back(ToString(e));
        return v;
      },
      "The sampling designs' names.");

  py::class_<SweepOptions>(m, "SweepOptions", "What a sweep samples and how (SweepOptions(**fields)).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<SweepOptions>(kw); }),
           "SweepOptions(**fields): any field by name, e.g. SweepOptions(method='lhs', samples=10**6).")
      .def_property(
          "method", [](const SweepOptions& o) { return ToString(o.method); },
          [](SweepOptions& o, const std::string& s) {
            o.method = EnumFromString(s, &SweepMethodFromString, "method", "grid, oat, mc, lhs or sobol");
          },
          "Sampling design: grid (the product of grid_points levels per driver, P5..P95), oat (one\n"
          "driver at a time over those levels), mc (Monte Carlo, default), lhs (Latin hypercube in\n"
          "blocks of lhs_block), sobol (Sobol points, shifted per driver by the seed).")
      .def_readwrite("samples", &SweepOptions::samples,
                     "Scenarios to evaluate, >= 1 (default 100,000). grid and oat cap it at the design's size.")
      .def_readwrite("seed", &SweepOptions::seed, "Seed of every random stream (default 1).")
      .def_readwrite("threads", &SweepOptions::threads, "Worker threads; 0: every core. Results do not depend on it.")
      .def_readwrite("chunk", &SweepOptions::chunk,
                     "Scenarios handed to a thread at a time (rounded to whole leaves). Results do not depend on it.")
      .def_readwrite("until_ci", &SweepOptions::until_ci,
                     "Stop once every target's P(meet) interval is narrower than this (0: off), checked at\n"
                     "65,536 x 2^k scenarios. In (0, 1).")
      .def_readwrite("confidence", &SweepOptions::confidence, "Confidence level of the intervals, in (0, 1).")
      .def_readwrite("lhs_block", &SweepOptions::lhs_block,
                     "Latin hypercube strata per block: a power of two in [2, 2^24]; 0: the largest power of\n"
                     "two <= min(samples, 2^20).")
      .def_readwrite("sobol_shift", &SweepOptions::sobol_shift,
                     "Sobol: shift each coordinate by a random offset keyed by the seed (default True).")
      .def_readwrite("grid_points", &SweepOptions::grid_points, "Levels per driver for grid and oat, in [2, 1000].")
      .def_readwrite("drivers", &SweepOptions::drivers,
                     "Names of the drivers the design varies; empty: every driver with a distribution.")
      .def_readwrite("regression", &SweepOptions::regression,
                     "Standardized regression coefficients of each KPI on the drivers.")
      .def_readwrite("sobol_index_samples", &SweepOptions::sobol_index_samples,
                     "Sobol sensitivity indices (first-order and total) of each target by driver, by the\n"
                     "Saltelli design: this many base samples x (drivers + 2) extra evaluations. 0: off.")
      .def_readwrite("histogram_bins", &SweepOptions::histogram_bins,
                     "Histogram bins per KPI (quantiles are read from them), in [16, 2^20].")
      .def_readwrite("dump_path", &SweepOptions::dump_path,
                     "Write the sampled drivers and the KPIs of the first dump_limit scenarios to this CSV.")
      .def_readwrite("dump_limit", &SweepOptions::dump_limit, "Scenarios in the dump (default 100,000).")
      .def_readwrite("path_lines", &SweepOptions::path_lines,
                     "Lines whose value in every period is histogrammed too: SweepResult.paths (fan charts).")
      .def("validate", &SweepOptions::Validate, "Raises OptionsError naming the field, value and rule.");

  py::class_<KpiStats>(m, "KpiStats", "Statistics of one target's cell over the scenarios of a sweep.")
      .def_readonly("name", &KpiStats::name, "target name")
      .def_readonly("line", &KpiStats::line)
      .def_readonly("span", &KpiStats::span)
      .def_readonly("target", &KpiStats::target, "the target; a range: its low edge")
      .def_readonly("high", &KpiStats::high, "a range: its high edge (otherwise the target)")
      .def_property_readonly("direction", [](const KpiStats& k) { return ToString(k.direction); })
      .def_readonly("base", &KpiStats::base, "the target's value in the model's own scenario (nothing sampled)")
      .def_readonly("mean", &KpiStats::mean)
      .def_readonly("sd", &KpiStats::sd)
      .def_readonly("min", &KpiStats::min)
      .def_readonly("max", &KpiStats::max)
      .def_readonly("quantiles", &KpiStats::quantiles, "at QUANTILE_LEVELS, from the histogram")
      .def_readonly("quantile_error", &KpiStats::quantile_error, "bound on each quantile's error (a bin width)")
      .def_readonly("hist_low", &KpiStats::hist_low)
      .def_readonly("hist_high", &KpiStats::hist_high)
      .def_property_readonly(
          "bins", [](py::object self) { return View(self.cast<const KpiStats&>().bins, self); },
          "histogram counts over [hist_low, hist_high) (a read-only view)")
      .def_readonly("below", &KpiStats::below, "scenarios below hist_low")
      .def_readonly("above", &KpiStats::above, "scenarios at or above hist_high")
      .def_readonly("p_meet", &KpiStats::p_meet)
      .def_readonly("p_low", &KpiStats::p_low, "Wilson interval at SweepOptions.confidence")
      .def_readonly("p_high", &KpiStats::p_high)
      .def_readonly("meets", &KpiStats::meets)
      .def_readonly("p_below", &KpiStats::p_below, "P(below the target, or a range's low edge)")
      .def_readonly("p_below_low", &KpiStats::p_below_low)
      .def_readonly("p_below_high", &KpiStats::p_below_high)
      .def_readonly("p_above", &KpiStats::p_above, "P(above the target, or a range's high edge)")
      .def_readonly("p_above_low", &KpiStats::p_above_low)
      .def_readonly("p_above_high", &KpiStats::p_above_high)
      .def_readonly("misses_below", &KpiStats::misses_below)
      .def_readonly("misses_above", &KpiStats::misses_above)
      .def_readonly("expected_shortfall", &KpiStats::expected_shortfall, "E[shortfall against the target]")
      .def_readonly("shortfall_given_miss", &KpiStats::shortfall_given_miss)
      .def_readonly("driver_mean_meet", &KpiStats::driver_mean_meet, "per driver: its mean among the meets")
      .def_readonly("driver_mean_miss", &KpiStats::driver_mean_miss, "per driver: its mean among the misses")
      .def_readonly("sobol_first", &KpiStats::sobol_first, "first-order Sobol index per driver (when requested)")
      .def_readonly("sobol_total", &KpiStats::sobol_total, "total Sobol index per driver (when requested)")
      .def_readonly("sobol_first_low", &KpiStats::sobol_first_low, "lower end of each first-order index's interval")
      .def_readonly("sobol_first_high", &KpiStats::sobol_first_high, "upper end of each first-order index's interval")
      .def_readonly("sobol_total_low", &KpiStats::sobol_total_low, "lower end of each total index's interval")
      .def_readonly("sobol_total_high", &KpiStats::sobol_total_high, "upper end of each total index's interval")
      .def_readonly("src", &KpiStats::src, "standardized regression coefficients (when requested)")
      .def_readonly("r_squared", &KpiStats::r_squared)
      .def("__repr__", [](const KpiStats& k) { return "<KpiStats " + k.name + ">"; });

  py::class_<PathStats>(m, "PathStats", "A line's quantiles in each period over a sweep (SweepOptions.path_lines).")
      .def_readonly("line", &PathStats::line)
      .def_readonly("periods", &PathStats::periods, "period labels")
      .def_readonly("quantiles", &PathStats::quantiles, "[period][QUANTILE_LEVELS]")
      .def_readonly("quantile_error", &PathStats::quantile_error, "per period: bound on each quantile's error")
      .def_readonly("min", &PathStats::min)
      .def_readonly("max", &PathStats::max)
      .def("__repr__", [](const PathStats& p) { return "<PathStats " + p.line + ">"; });

  py::class_<DesignDriver>(m, "DesignDriver",
                           "One driver of a grid or one-at-a-time design: its levels and each target's value at\n"
                           "each level (oat: the point, the others at their values; grid: the mean over the points\n"
                           "at that level), and each target's range over the levels.")
      .def_readonly("name", &DesignDriver::name)
      .def_readonly("levels", &DesignDriver::levels)
      .def_readonly("at_level", &DesignDriver::at_level, "[target][level]")
      .def_readonly("range", &DesignDriver::range, "[target]: max - min of at_level")
      .def("__repr__", [](const DesignDriver& d) { return "<DesignDriver " + d.name + ">"; });

  py::class_<SweepResult>(m, "SweepResult", "The statistics of a sweep.")
      .def_readonly("model", &SweepResult::model, "the model's name (or path)")
      .def_readonly("scenario", &SweepResult::scenario, "its scenario with every override applied")
      .def_readonly("overrides", &SweepResult::overrides, "the overrides applied, as --set takes them")
      .def_readonly("unit", &SweepResult::unit, "the unit of its amounts (currency and unit)")
      .def_property_readonly("method", [](const SweepResult& r) { return ToString(r.method); })
      .def_readonly("seed", &SweepResult::seed)
      .def_readonly("requested", &SweepResult::requested)
      .def_readonly("samples", &SweepResult::samples, "scenarios evaluated and counted")
      .def_readonly("partial", &SweepResult::partial, "stopped early (interrupted)")
      .def_readonly("stopped_by_ci", &SweepResult::stopped_by_ci)
      .def_readonly("drivers", &SweepResult::drivers, "the drivers varied, in design order")
      .def_readonly("driver_sd", &SweepResult::driver_sd, "the standard deviation of each driver's distribution")
      .def_readonly("kpis", &SweepResult::kpis, "one KpiStats per target")
      .def_readonly("paths", &SweepResult::paths, "one PathStats per SweepOptions.path_lines")
      .def_readonly("notes", &SweepResult::notes, "what the statistics simplify, one sentence each")
      .def_readonly("design", &SweepResult::design, "grid and oat: the design table, one DesignDriver each")
      .def_readonly("p_all", &SweepResult::p_all, "P(every target met)")
      .def_readonly("p_all_low", &SweepResult::p_all_low)
      .def_readonly("p_all_high", &SweepResult::p_all_high)
      .def_readonly("all_meets", &SweepResult::all_meets)
      .def_readwrite("threads_used", &SweepResult::threads_used)
      .def_readwrite("seconds", &SweepResult::seconds)
      .def_property_readonly("rate", &SweepResult::rate, "scenarios per second")
      .def("__repr__", [](const SweepResult& r) {
        return "<SweepResult " + ToString(r.method) + ": " + std::to_string(r.samples) + " scenarios>";
      });

  py::class_<SweepPartial>(m, "SweepPartial",
                           "The mergeable state of a sweep over scenarios [first, first + count): plain numbers,\n"
                           "picklable, combined by combine_sweep exactly as a local sweep would.")
      .def_readonly("first", &SweepPartial::first)
      .def_readonly("count", &SweepPartial::count)
      .def_property_readonly("segments",
                             [](py::object self) { return View(self.cast<const SweepPartial&>().segments, self); })
      .def_property_readonly("counts",
                             [](py::object self) { return View(self.cast<const SweepPartial&>().counts, self); })
      .def_property_readonly("extremes",
                             [](py::object self) { return View(self.cast<const SweepPartial&>().extremes, self); })
      .def("__repr__",
           [](const SweepPartial& p) {
             return "<SweepPartial [" + std::to_string(p.first) + ", " + std::to_string(p.first + p.count) + ")>";
           })
      .def(py::pickle(
          [](py::object self) {
            const auto& p = self.cast<const SweepPartial&>();
            return py::make_tuple(p.first, p.count, View(p.segments, self), View(p.counts, self),
                                  View(p.extremes, self));
          },
          [](const py::tuple& t) {
            if (t.size() != 5) throw py::value_error("SweepPartial: bad pickle state");
            SweepPartial p;
            p.first = t[0].cast<long long>();
            p.count = t[1].cast<long long>();
            p.segments = ToVector<double>(t[2]);
            p.counts = ToVector<long long>(t[3]);
            p.extremes = ToVector<double>(t[4]);
            return p;
          }));

  m.def("sweep", &RunSweep, py::arg("model"), py::arg("options"), py::arg("progress") = py::none(),
        "Runs a sweep of the model's targets with the GIL released. progress(done, total), if given,\n"
        "is called as chunks complete. Ctrl-C stops it: KeyboardInterrupt is raised with the statistics\n"
        "so far as its `partial` attribute.");
  m.def(
      "sweep_range",
      [](const Model& model, const SweepOptions& options, long long first, long long count) {
        return RunInterruptible(
            [&](std::atomic<bool>* stop) { return SweepRange(model, options, first, count, stop); });
      },
      py::arg("model"), py::arg("options"), py::arg("first"), py::arg("count"),
      "The piece [first, first + count) of a sweep (first a multiple of SEGMENT_SIZE; the piece ends\n"
      "at one or at the end of the sweep), on options.threads threads, with the GIL released.");
  m.def(
      "combine_sweep",
      [](const Model& model, const SweepOptions& options, std::vector<SweepPartial> parts) {
        py::gil_scoped_release release;
        return CombineSweep(model, options, std::move(parts));
      },
      py::arg("model"), py::arg("options"), py::arg("parts"),
      "Combines pieces that tile [0, N) into the statistics sweep() gives, bit for bit (seconds and\n"
      "threads_used are 0).");
  m.def(
      "sample_sweep",
      [](const Model& model, const SweepOptions& options, long long first, long long count) {
        return SamplesToPython(
            RunInterruptible([&](std::atomic<bool>* stop) { return SampleSweep(model, options, first, count, stop); }));
      },
      py::arg("model"), py::arg("options"), py::arg("first"), py::arg("count"),
      "Scenarios [first, first + count) of the sweep, exactly as sweep() samples and evaluates them,\n"
      "on one thread: a dict with first, drivers and targets (names), driver_values (drivers x count)\n"
      "and target_values (targets x count), numpy arrays over the engine's buffers (no copy).");
}

// After BindSensitivity: the stress test takes and returns its Goal.
void BindStress(py::module_& m) {
  // The reverse stress test ------------------------------------------------------------------
  py::class_<StressOptions>(m, "StressOptions", "StressOptions(**fields).")
      .def(py::init([](const py::kwargs& kw) { return FromKwargs<StressOptions>(kw); }))
      .def_readwrite("tolerance", &StressOptions::tolerance)
      .def_readwrite("max_iterations", &StressOptions::max_iterations)
      .def_readwrite("starts", &StressOptions::starts, "the origin and starts - 1 random ones")
      .def_readwrite("seed", &StressOptions::seed)
      .def("validate", &StressOptions::Validate);
  py::class_<DesignPoint>(m, "DesignPoint", "A FORM design point: the most probable point of the boundary.")
      .def_readonly("u", &DesignPoint::u, "independent standard normal scores (drivers, then shock terms)")
      .def_readonly("z", &DesignPoint::z, "the drivers' normal scores")
      .def_readonly("values", &DesignPoint::values, "the drivers' values at the point")
      .def_readonly("shock_values", &DesignPoint::shock_values)
      .def_readonly("beta", &DesignPoint::beta, "reliability index (negative when the median misses)")
      .def_readonly("p_miss", &DesignPoint::p_miss, "Phi(-beta), the first-order P(miss)")
      .def_readonly("percentiles", &DesignPoint::percentiles)
      .def_readonly("importance", &DesignPoint::importance, "each item's share of beta^2")
      .def_readonly("ranking", &DesignPoint::ranking)
      .def_readonly("kpi", &DesignPoint::kpi)
      .def_readonly("iterations", &DesignPoint::iterations)
      .def_readonly("cells", &DesignPoint::cells, "every line in every column at the point, line-major")
      .def_readonly("overrides", &DesignPoint::overrides);
  py::class_<StressTarget>(m, "StressTarget", "One goal's design points, nearest first.")
      .def_readonly("goal", &StressTarget::goal)
      .def_property_readonly("status", [](const StressTarget& t) { return ToString(t.status); })
      .def_readonly("message", &StressTarget::message)
      .def_readonly("kpi_own", &StressTarget::kpi_own)
      .def_readonly("kpi_median", &StressTarget::kpi_median)
      .def_readonly("met_median", &StressTarget::met_median)
      .def_readonly("points", &StressTarget::points)
      .def_readonly("starts_converged", &StressTarget::starts_converged);
  py::class_<StressResult>(m, "StressResult", "The reverse stress test of each goal.")
      .def_readonly("drivers", &StressResult::drivers)
      .def_readonly("driver_names", &StressResult::driver_names)
      .def_readonly("own_values", &StressResult::own_values)
      .def_readonly("own_cells", &StressResult::own_cells)
      .def_readonly("items", &StressResult::items)
      .def_readonly("targets", &StressResult::targets)
      .def_readonly("notes", &StressResult::notes);
  m.def("stress", &Stress, py::arg("model"), py::arg("goals"), py::arg("options") = StressOptions{},
        py::call_guard<py::gil_scoped_release>(),
        "The FORM design point of each goal: the most probable way to miss it (outturn stress).");
}

}  // namespace outturn::python
