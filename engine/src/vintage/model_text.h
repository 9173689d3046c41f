// SPDX-License-Identifier: MIT
#pragma once
// A model built in memory as YAML (the next vintage, a calibrated copy, the evolution's
// hybrid of two vintages): emitted as text and loaded through the one loader, so it is
// checked by every rule a model file is.

#include <yaml-cpp/yaml.h>

#include <string>

#include "outturn/model/model.h"

namespace outturn::internal {

/// `root` as YAML text, after the comment line `header` ("# ..."; empty: none).
std::string EmitModel(const YAML::Node& root, const std::string& header);

/// Loads the model in `text` (written to a private temporary file, removed afterwards, also
/// when loading throws). `what` names the caller in the error for a temporary file that
/// cannot be created. Errors are the loader's (ModelError at the temporary file's line).
Model LoadModelText(const std::string& text, const std::string& what);

}  // namespace outturn::internal
