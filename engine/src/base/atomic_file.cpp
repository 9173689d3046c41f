// SPDX-License-Identifier: MIT
#include "outturn/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "outturn/base/errors.h"

namespace outturn {

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  std::string tmpl = path + ".tmp.XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0) throw Error(path + ": error: cannot create a temporary file: " + std::strerror(errno));
  tmp_ = name.data();
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void AtomicFile::Write(const std::string& text) {
  OUTTURN_ASSERT(fd_ >= 0);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(path_ + ": error: write failed: " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
}

void AtomicFile::Commit() {
  OUTTURN_ASSERT(fd_ >= 0);
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": error: cannot flush: " + std::strerror(e));
  }
  fd_ = -1;
  ::chmod(tmp_.c_str(), 0644);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw Error(path_ + ": error: cannot rename the temporary file into place: " + std::strerror(e));
  }
}

void WriteFileAtomic(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.Write(text);
  f.Commit();
}

}  // namespace outturn
