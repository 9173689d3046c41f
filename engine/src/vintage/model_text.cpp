// SPDX-License-Identifier: MIT
// Models built in memory: emitted as YAML and loaded through the loader.
#include "vintage/model_text.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "outturn/base/errors.h"

namespace outturn::internal {

std::string EmitModel(const YAML::Node& root, const std::string& header) {
  YAML::Emitter out;
  out << root;
  return (header.empty() ? std::string() : header + "\n") + out.c_str() + "\n";
}

Model LoadModelText(const std::string& text, const std::string& what) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  std::string path = (dir / "outturn-model-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) throw Error(what + ": cannot create a temporary file in " + dir.string());
  close(fd);
  struct Remove {
    const std::string& p;
    ~Remove() { std::remove(p.c_str()); }
  } remove{path};
  {
    std::ofstream o(path, std::ios::binary);
    o << text;
    if (!o) throw Error(what + ": cannot write a temporary file in " + dir.string());
  }
  return Model::Load(path);
}

}  // namespace outturn::internal
