// SPDX-License-Identifier: MIT
#pragma once
/// \file sweep.h
/// `outturn sweep`: the statistics of a sweep, and its progress bar.

#include <string>

#include "outturn/report/output.h"
#include "outturn/sweep/sweep.h"

namespace outturn {

/// The statistics of a sweep: per target its distribution (mean, sd, quantiles), P(meet)
/// with its interval, the expected shortfall, and the drivers' means among meets and misses.
std::string RenderSweep(const SweepResult& result, Format format);

/// The progress line a terminal shows while a sweep runs: "\r[####....]  12.5%  3.1e+06
/// scenarios/s  4 s left ", ending with a newline once `done` reaches `total`.
std::string RenderProgress(long long done, long long total, double seconds);

}  // namespace outturn
