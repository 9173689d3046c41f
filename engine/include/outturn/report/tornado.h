// SPDX-License-Identifier: MIT
#pragma once
/// \file tornado.h
/// `outturn tornado`: one driver at a time between its low and high, and spider data.

#include <string>

#include "outturn/analysis/tornado.h"
#include "outturn/report/output.h"

namespace outturn {

/// The bars the table shows per KPI unless told otherwise (`outturn tornado --top`).
inline constexpr int kTornadoTop = 10;

/// The bars of each KPI's tornado, ranked by swing, then the spider series when `spider` is
/// given. `model`: the model the results were computed on. Table: `top` bars per KPI (0:
/// all; drivers that do not move it are counted, not listed).
std::string RenderTornado(const Model& model, const TornadoResult& tornado, const SpiderResult* spider, Format format,
                          int top = kTornadoTop);

}  // namespace outturn
