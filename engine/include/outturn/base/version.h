// SPDX-License-Identifier: MIT
#pragma once
#define OUTTURN_VERSION_STRING "0.1.0"
