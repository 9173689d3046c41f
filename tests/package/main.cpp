// SPDX-License-Identifier: MIT
// Loads a model through the installed package, runs it and prints each target's verdict:
// "NAME FORECAST met|missed", FORECAST in the shortest form that reads back exactly (as the
// CLI's CSV writes it).
#include <charconv>
#include <cstdio>
#include <string>

#include "outturn/outturn.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: outturn_consumer MODEL.yaml\n");
    return 2;
  }
  try {
    const outturn::Model model = outturn::Model::Load(argv[1]);
    for (const outturn::TargetVerdict& v : outturn::Verdicts(outturn::Run(model))) {
      char number[64];
      const auto end = std::to_chars(number, number + sizeof number, v.forecast).ptr;
      std::printf("%s %s %s\n", v.name.c_str(), std::string(number, end).c_str(), v.met ? "met" : "missed");
    }
  } catch (const outturn::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
