// SPDX-License-Identifier: MIT
#pragma once
/// \file check.h
/// `outturn check`: a validated model in brief.

#include <string>

#include "outturn/model/model.h"
#include "outturn/report/output.h"

namespace outturn {

/// A summary of a validated model: periods, reported periods, drivers, lines, targets,
/// scenarios (table or JSON).
std::string RenderCheck(const Model& model, Format format);

}  // namespace outturn
