// SPDX-License-Identifier: MIT
#pragma once
/// \file outturn.h
/// Every public header of the engine, in pipeline order. Include the one you need instead
/// where compile time matters.

#include "outturn/analysis/bridge.h"
#include "outturn/analysis/goalseek.h"
#include "outturn/analysis/kpi.h"
#include "outturn/analysis/sensitivity.h"
#include "outturn/analysis/tornado.h"
#include "outturn/analysis/verdict.h"
#include "outturn/base/calendar.h"
#include "outturn/base/eigen_types.h"
#include "outturn/base/errors.h"
#include "outturn/base/simd.h"
#include "outturn/base/version.h"
#include "outturn/compile/program.h"
#include "outturn/model/distributions.h"
#include "outturn/model/model.h"
#include "outturn/report/report.h"
#include "outturn/sweep/stress.h"
#include "outturn/sweep/sweep.h"
#include "outturn/vintage/actuals.h"
