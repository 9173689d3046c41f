// SPDX-License-Identifier: MIT
// The standard normal quantile (AS241), CDF and density (base/normal.h).
#include "base/normal.h"

namespace outturn::internal {

double NormalQuantile(double p) { return std::fabs(p - 0.5) <= 0.425 ? NormalCentral(p) : NormalTail(p); }

double Phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double NormalPdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI); }

}  // namespace outturn::internal
