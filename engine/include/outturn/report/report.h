// SPDX-License-Identifier: MIT
#pragma once
/// \file report.h
/// Every report the CLI prints, rendered for people (aligned tables) and programs (CSV,
/// JSON): one header per command, all included here, and atomic file writes. Include the
/// one you need instead where compile time matters.

#include "outturn/base/atomic_file.h"
#include "outturn/report/actuals.h"
#include "outturn/report/bridge.h"
#include "outturn/report/check.h"
#include "outturn/report/compare.h"
#include "outturn/report/goalseek.h"
#include "outturn/report/html.h"
#include "outturn/report/output.h"
#include "outturn/report/run.h"
#include "outturn/report/sensitivity.h"
#include "outturn/report/stress.h"
#include "outturn/report/sweep.h"
#include "outturn/report/tables.h"
#include "outturn/report/tornado.h"
