// SPDX-License-Identifier: MIT
// distributions.h: quantiles, moments and CDFs of the distributions drivers carry.
#include "bind.h"
#include "outturn/model/distributions.h"

namespace outturn::python {

void BindDistributions(py::module_& m) {
  m.def("quantile", &Quantile, py::arg("distribution"), py::arg("p"),
        "The p-quantile (0 < p < 1) of a distribution, exact to double precision.");
  m.def("mean", &Mean, py::arg("distribution"), "Mean of a distribution.");
  m.def("std_dev", &StdDev, py::arg("distribution"), "Standard deviation of a distribution.");
  m.def("cdf", &Cdf, py::arg("distribution"), py::arg("x"), "P(X <= x).");
}

}  // namespace outturn::python
