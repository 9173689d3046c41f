// SPDX-License-Identifier: MIT
// The _outturn extension module: only the module definition; each engine module's bindings
// live in bind_<module>.cpp. The friendly API (pandas DataFrames, Dask) is the pure-Python
// package around it (bindings/python/outturn/).
#include "bind.h"
#include "outturn/base/version.h"

PYBIND11_MODULE(_outturn, m) {
  m.doc() =
      "outturn's C++ engine: models, compiled programs, verdicts, reports, sweeps and\n"
      "sensitivities. Use the `outturn` package, which wraps this module with pandas and Dask.";
  m.attr("__version__") = OUTTURN_VERSION_STRING;
  using namespace outturn::python;
  BindErrors(m);
  BindModel(m);
  BindDistributions(m);
  BindProgram(m);
  BindVerdict(m);
  BindSweep(m);
  BindSensitivity(m);
  BindStress(m);
  BindVintage(m);
  BindReport(m);  // after every type its functions take
}
