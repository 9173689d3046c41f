// SPDX-License-Identifier: MIT
#include "outturn/base/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "outturn/base/errors.h"

namespace outturn {
namespace internal {
// The fsync that Commit calls; tests replace it to make it fail.
int (*atomic_file_fsync)(int) = ::fsync;
}  // namespace internal

namespace {

constexpr const char* kTmpTag = ".outturn-tmp.";
constexpr time_t kStaleSeconds = 10 * 60;
constexpr size_t kMaxStem = 200;  // of the target's name in a temporary file's (NAME_MAX is 255)

std::string Errno(int e) { return std::strerror(e); }

std::string DirOf(const std::string& p) {
  const size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

std::string BaseOf(const std::string& p) {
  const size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Whether `p` lies where the kernel's own links are (/proc/self/fd/1, /dev/fd/1): their
// targets ("pipe:[1234]", a deleted file) are no paths, so they are opened as they are.
bool Magic(const std::string& p) { return StartsWith(p, "/proc/") || StartsWith(p, "/dev/fd/"); }

// `path` with its symbolic links followed, one after another, to a file that is not a link
// (or does not exist), or to a Magic one. Links in the folders above do not matter: the
// rename is in one folder.
std::string FollowLinks(const std::string& path, const std::string& name) {
  std::string p = path;
  for (int hops = 0;; ++hops) {
    struct stat st;
    if (Magic(p) || ::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p;
    if (hops == 40) throw Error(name + ": error: cannot write: " + Errno(ELOOP));
    std::vector<char> buf(static_cast<size_t>(st.st_size > 0 ? st.st_size : 255) + 1);
    const ssize_t n = ::readlink(p.c_str(), buf.data(), buf.size());
    if (n < 0) throw Error(name + ": error: cannot follow the symbolic link: " + Errno(errno));
    if (static_cast<size_t>(n) == buf.size()) continue;  // grew meanwhile: read it again
    const std::string to(buf.data(), static_cast<size_t>(n));
    p = (to[0] == '/' || p.find('/') == std::string::npos) ? to : DirOf(p) + "/" + to;
  }
}

std::string ModeString(mode_t m) {
  char s[8];
  std::snprintf(s, sizeof s, "%04o", static_cast<unsigned>(m & 07777));
  return s;
}

// Writes all of `data`; returns 0 or the errno of the failed write. SIGPIPE is blocked
// meanwhile (and an EPIPE's own SIGPIPE consumed), so that a FIFO whose reader has gone is
// an error, not the end of the process.
int WriteAll(int fd, const char* data, size_t size) {
  sigset_t pipe_set, old_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigemptyset(&pending);
  sigpending(&pending);
  const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  int err = 0;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    if (n == 0) {
      err = EIO;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (err == EPIPE && !was_pending) {
    const struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  return err;
}

// Whether `pid` is a running process (EPERM: it is, another user's).
bool Alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// Removes the stale temporary files of `stem` in `dir` (see the header); never throws.
void CleanStale(const std::string& dir, const std::string& stem) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  const std::string prefix = "." + stem + kTmpTag;
  const int dfd = ::dirfd(d);
  const time_t now = std::time(nullptr);
  while (const struct dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (!StartsWith(n, prefix.c_str())) continue;
    // <prefix><pid>.XXXXXX
    const std::string rest = n.substr(prefix.size());
    const size_t dot = rest.find('.');
    if (dot == 0 || dot == std::string::npos || rest.size() - dot - 1 != 6) continue;
    if (rest.find_first_not_of("0123456789") != dot || dot > 9) continue;
    const long pid = std::atol(rest.substr(0, dot).c_str());
    if (pid == static_cast<long>(::getpid())) continue;
    const int fd = ::openat(dfd, n.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat held, named;
    const bool stale = ::fstat(fd, &held) == 0 && S_ISREG(held.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
                       (!Alive(pid) || now - held.st_mtime > kStaleSeconds);
    // Still the same file under that name (not renamed into place and replaced meanwhile).
    if (stale && ::fstatat(dfd, n.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 && named.st_dev == held.st_dev &&
        named.st_ino == held.st_ino)
      ::unlinkat(dfd, n.c_str(), 0);
    ::close(fd);
  }
  ::closedir(d);
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path) : path_(path), name_(path) {
  if (path.empty()) throw Error("error: cannot write a file with no name");
  target_ = FollowLinks(path, name_);
  if (target_ != path_) name_ = path_ + " -> " + target_;
  struct stat st;
  bool exists = true;
  if (::stat(target_.c_str(), &st) != 0) {
    if (errno != ENOENT) throw Error(name_ + ": error: cannot write: " + Errno(errno));
    exists = false;
  }
  if (exists && S_ISDIR(st.st_mode)) throw Error(name_ + ": error: cannot write: it is a directory");
  if (exists && (!S_ISREG(st.st_mode) || Magic(target_))) {
    // Written through: a device, a FIFO, /dev/stdout. Never created, truncated or replaced.
    const int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISREG(st.st_mode) ? O_APPEND : 0);
    do fd_ = ::open(target_.c_str(), flags);
    while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) throw Error(name_ + ": error: cannot open for writing: " + Errno(errno));
    return;
  }
  const std::string base = BaseOf(target_);
  if (base.empty()) throw Error(name_ + ": error: cannot write: it names a folder, not a file");
  if (exists) {
    if ((st.st_mode & 0222) == 0)
      throw Error(name_ + ": error: cannot write: the file is read-only (mode " + ModeString(st.st_mode) +
                  "); left unchanged");
    if (::faccessat(AT_FDCWD, target_.c_str(), W_OK, AT_EACCESS) != 0)
      throw Error(name_ + ": error: cannot write: " + Errno(errno) + "; left unchanged");
    mode_ = st.st_mode & 07777;
    uid_ = static_cast<int>(st.st_uid);
    gid_ = static_cast<int>(st.st_gid);
  }
  const std::string dir = DirOf(target_);
  const std::string stem = base.substr(0, kMaxStem);
  CleanStale(dir, stem);
  std::string tmpl = dir + "/." + stem + kTmpTag + std::to_string(::getpid()) + ".XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) throw Error(name_ + ": error: cannot create a temporary file in '" + dir + "': " + Errno(errno));
  tmp_ = name.data();
  // Held until the rename: tells CleanStale that this temporary file is in use.
  ::flock(fd_, LOCK_EX | LOCK_NB);
}

AtomicFile::~AtomicFile() {
  if (fd_ < 0) return;
  ::close(fd_);
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFile::Write(const std::string& text) {
  OUTTURN_ASSERT(fd_ >= 0);
  if (const int e = WriteAll(fd_, text.data(), text.size())) throw Error(name_ + ": error: cannot write: " + Errno(e));
}

void AtomicFile::Commit() {
  OUTTURN_ASSERT(fd_ >= 0);
  const int fd = fd_;
  fd_ = -1;
  if (tmp_.empty()) {  // written through: flush what can be flushed (not a FIFO or a terminal)
    const int f = internal::atomic_file_fsync(fd);
    const int fe = errno;
    if (::close(fd) != 0 && errno != EINTR) throw Error(name_ + ": error: cannot write: " + Errno(errno));
    if (f != 0 && fe != EINVAL && fe != EROFS && fe != ENOTSUP)
      throw Error(name_ + ": error: cannot flush: " + Errno(fe));
    return;
  }
  // Fails: the temporary file closed and removed, the target unchanged.
  auto fail = [&](const std::string& what, int e) {
    ::close(fd);
    ::unlink(tmp_.c_str());
    throw Error(name_ + ": error: " + what + ": " + Errno(e));
  };
  if (uid_ >= 0 && (static_cast<uid_t>(uid_) != ::geteuid() || static_cast<gid_t>(gid_) != ::getegid()))
    (void)!::fchown(fd, static_cast<uid_t>(uid_), static_cast<gid_t>(gid_));  // where allowed
  if (::fchmod(fd, static_cast<mode_t>(mode_)) != 0) fail("cannot set the permissions", errno);
  if (internal::atomic_file_fsync(fd) != 0) fail("cannot flush", errno);
  if (std::rename(tmp_.c_str(), target_.c_str()) != 0) fail("cannot rename the temporary file into place", errno);
  // The data is on disk and in place; closing (which releases the lock) cannot lose it.
  ::close(fd);
}

void WriteFileAtomic(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.Write(text);
  f.Commit();
}

}  // namespace outturn
