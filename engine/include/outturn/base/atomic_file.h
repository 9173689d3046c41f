// SPDX-License-Identifier: MIT
#pragma once
/// \file atomic_file.h
/// Writing files atomically: a temporary file in the same folder, flushed, then renamed
/// over the target, so that a reader never sees half a file.

#include <string>

namespace outturn {

/// A file written piece by piece and put in place atomically by Commit(); destroyed
/// without Commit(), it leaves nothing behind (nor any older file of that name changed).
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);  ///< throws Error if the folder is not writable
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void Write(const std::string& text);
  void Commit();

 private:
  std::string path_, tmp_;
  int fd_ = -1;
};

/// Writes `text` to `path` atomically: a temporary file in the same folder, flushed, then
/// renamed over `path`. An interrupted run leaves the old file (or none), never half a
/// file. Throws outturn::Error on failure (and removes the temporary file).
void WriteFileAtomic(const std::string& path, const std::string& text);

}  // namespace outturn
