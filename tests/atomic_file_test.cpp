// SPDX-License-Identifier: MIT
// Output files (AtomicFile, WriteFileAtomic): devices and FIFOs written through, symbolic links
// followed, modes kept, read-only files refused, stale temporary files cleaned.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "outturn/base/atomic_file.h"
#include "outturn/base/errors.h"
#include "support/test_util.h"

namespace outturn::internal {
extern int (*atomic_file_fsync)(int);  // atomic_file.cpp's, replaced to make fsync fail
}

using namespace outturn;

namespace {

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* e = readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
    closedir(d);
  }
  return out;
}

int OpenFds() { return static_cast<int>(Entries("/proc/self/fd").size()); }

std::string ErrorOf(const std::string& path, const std::string& text) {
  try {
    WriteFileAtomic(path, text);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

bool Contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A pid that is not running: a child's, reaped.
pid_t DeadPid() {
  const pid_t pid = fork();
  if (pid == 0) _exit(0);
  int status = 0;
  waitpid(pid, &status, 0);
  return pid;
}

void Age(const std::string& path, int seconds) {
  struct timeval tv[2];
  gettimeofday(&tv[0], nullptr);
  tv[0].tv_sec -= seconds;
  tv[1] = tv[0];
  utimes(path.c_str(), tv);
}

}  // namespace

TEST_SUITE("atomic_file") {
  TEST_CASE("a device is written through: /dev/full is ENOSPC and stays a character device") {
    struct stat st;
    REQUIRE(stat("/dev/full", &st) == 0);
    REQUIRE(S_ISCHR(st.st_mode));
    const std::string e = ErrorOf("/dev/full", std::string(10000, 'x'));
    CHECK(e == "/dev/full: error: cannot write: " + std::string(std::strerror(ENOSPC)));
    REQUIRE(stat("/dev/full", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(major(st.st_rdev) == 1);
    CHECK(minor(st.st_rdev) == 7);
    // Nothing was created in /dev.
    for (const std::string& n : Entries("/dev")) CHECK(n.find("full.") == std::string::npos);
    // /dev/null takes it, and stays a device too.
    WriteFileAtomic("/dev/null", "x\n");
    REQUIRE(stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
  }

  TEST_CASE("a device node of our own is written through, not replaced") {
    test::TempDir d;
    const std::string p = d.path() + "/full";
    if (mknod(p.c_str(), S_IFCHR | 0666, makedev(1, 7)) != 0) return;  // not allowed here (not root)
    CHECK(Contains(ErrorOf(p, "x"), std::strerror(ENOSPC)));
    struct stat st;
    REQUIRE(lstat(p.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(Entries(d.path()).size() == 1);
  }

  TEST_CASE("a FIFO is streamed to its reader and stays a FIFO") {
    test::TempDir d;
    const std::string p = d.path() + "/fifo";
    REQUIRE(mkfifo(p.c_str(), 0600) == 0);
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";  // beyond a pipe's buffer
    std::string got;
    std::thread reader([&] { got = test::ReadFile(p); });
    WriteFileAtomic(p, text);
    reader.join();
    CHECK(got == text);
    struct stat st;
    REQUIRE(lstat(p.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(Entries(d.path()).size() == 1);
  }

  TEST_CASE("a FIFO whose reader has gone is an error (EPIPE), not SIGPIPE") {
    test::TempDir d;
    const std::string p = d.path() + "/fifo";
    REQUIRE(mkfifo(p.c_str(), 0600) == 0);
    std::thread reader([&] {
      const int fd = open(p.c_str(), O_RDONLY);  // waits for the writer, then goes away
      if (fd >= 0) close(fd);
    });
    const std::string e = ErrorOf(p, std::string(1 << 20, 'x'));  // more than the pipe holds
    reader.join();
    CHECK(e == p + ": error: cannot write: " + std::strerror(EPIPE));
  }

  TEST_CASE("a symbolic link is followed: the link stays a link, its target gets the text") {
    test::TempDir d;
    const std::string sub = d.path() + "/sub";
    REQUIRE(mkdir(sub.c_str(), 0755) == 0);
    d.Write("sub/real.txt", "old\n");
    const std::string link = d.path() + "/link.txt", chain = d.path() + "/chain.txt";
    REQUIRE(symlink("sub/real.txt", link.c_str()) == 0);  // relative, to another folder
    REQUIRE(symlink(link.c_str(), chain.c_str()) == 0);   // a link to the link
    WriteFileAtomic(chain, "new\n");
    struct stat st;
    REQUIRE(lstat(link.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    REQUIRE(lstat(chain.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(test::ReadFile(sub + "/real.txt") == "new\n");
    CHECK(Entries(d.path()).size() == 3);
    CHECK(Entries(sub).size() == 1);

    // A dangling link: the file it names is created.
    const std::string dangling = d.path() + "/dangling.txt";
    REQUIRE(symlink("sub/made.txt", dangling.c_str()) == 0);
    WriteFileAtomic(dangling, "made\n");
    REQUIRE(lstat(dangling.c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    CHECK(test::ReadFile(sub + "/made.txt") == "made\n");

    // A loop is an error.
    const std::string a = d.path() + "/a", b = d.path() + "/b";
    REQUIRE(symlink(b.c_str(), a.c_str()) == 0);
    REQUIRE(symlink(a.c_str(), b.c_str()) == 0);
    CHECK(Contains(ErrorOf(a, "x"), std::strerror(ELOOP)));
  }

  TEST_CASE("a replaced file keeps its mode; a new one is 0644") {
    test::TempDir d;
    for (mode_t mode : {0640, 0600, 0664, 0755}) {
      const std::string p = d.Write("out.txt", "old\n");
      REQUIRE(chmod(p.c_str(), mode) == 0);
      WriteFileAtomic(p, "new\n");
      struct stat st;
      REQUIRE(stat(p.c_str(), &st) == 0);
      CHECK((st.st_mode & 07777) == mode);
      CHECK(test::ReadFile(p) == "new\n");
    }
    const std::string fresh = d.path() + "/fresh.txt";
    WriteFileAtomic(fresh, "x");
    struct stat st;
    REQUIRE(stat(fresh.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
    CHECK(Entries(d.path()).size() == 2);
  }

  TEST_CASE("a read-only file is refused and left unchanged, root or not") {
    test::TempDir d;
    const std::string p = d.Write("ro.txt", "keep\n");
    REQUIRE(chmod(p.c_str(), 0444) == 0);
    CHECK(ErrorOf(p, "new\n") == p + ": error: cannot write: the file is read-only (mode 0444); left unchanged");
    CHECK(test::ReadFile(p) == "keep\n");
    struct stat st;
    REQUIRE(stat(p.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0444);
    CHECK(Entries(d.path()).size() == 1);
    // Through a link, the message names both.
    const std::string link = d.path() + "/link.txt";
    REQUIRE(symlink("ro.txt", link.c_str()) == 0);
    CHECK(Contains(ErrorOf(link, "new\n"), link + " -> " + d.path() + "/ro.txt: error: cannot write: the file is"));
    CHECK(test::ReadFile(p) == "keep\n");
  }

  TEST_CASE("a directory is an error") {
    test::TempDir d;
    CHECK(ErrorOf(d.path(), "x") == d.path() + ": error: cannot write: it is a directory");
    CHECK(ErrorOf(d.path() + "/", "x") == d.path() + "/: error: cannot write: it is a directory");
    CHECK(Entries(d.path()).empty());
  }

  TEST_CASE("temporary files are hidden, named after the target and this process, and removed") {
    test::TempDir d;
    const std::string p = d.path() + "/out.csv";
    {
      AtomicFile f(p);
      f.Write("a,b\n");
      const std::vector<std::string> e = Entries(d.path());
      REQUIRE(e.size() == 1);
      const std::string prefix = ".out.csv.outturn-tmp." + std::to_string(getpid()) + ".";
      CHECK(e[0].rfind(prefix, 0) == 0);
      CHECK(e[0].size() == prefix.size() + 6);
    }  // not committed
    CHECK(Entries(d.path()).empty());
  }

  TEST_CASE("stale temporary files of the target are cleaned; live ones are not") {
    test::TempDir d;
    const std::string p = d.path() + "/out.csv";
    const std::string tag = ".out.csv.outturn-tmp.";
    const std::string dead = d.Write(tag + std::to_string(DeadPid()) + ".aaaaaa", "half");
    const std::string ours = d.Write(tag + std::to_string(getpid()) + ".bbbbbb", "a sibling's");
    const std::string init_fresh = d.Write(tag + "1.cccccc", "pid 1 is running");
    const std::string init_old = d.Write(tag + "1.dddddd", "pid 1, an hour old: its pid was reused");
    Age(init_old, 3600);
    const std::string locked = d.Write(tag + std::to_string(DeadPid()) + ".eeeeee", "held by a writer");
    const int lock_fd = open(locked.c_str(), O_RDONLY);
    REQUIRE(lock_fd >= 0);
    REQUIRE(flock(lock_fd, LOCK_EX) == 0);
    const std::string other_target = d.Write(".other.csv.outturn-tmp." + std::to_string(DeadPid()) + ".ffffff", "");
    const std::string not_ours = d.Write(".out.csv.outturn-tmp.x.gggggg", "");

    WriteFileAtomic(p, "done\n");
    close(lock_fd);
    CHECK(test::ReadFile(p) == "done\n");
    auto exists = [](const std::string& f) { return access(f.c_str(), F_OK) == 0; };
    CHECK_FALSE(exists(dead));
    CHECK_FALSE(exists(init_old));
    CHECK(exists(ours));
    CHECK(exists(init_fresh));
    CHECK(exists(locked));
    CHECK(exists(other_target));
    CHECK(exists(not_ours));
  }

  TEST_CASE("a failed fsync closes the file, removes the temporary one and leaves the target") {
    test::TempDir d;
    const std::string p = d.Write("out.txt", "old\n");
    const int before = OpenFds();
    internal::atomic_file_fsync = [](int) {
      errno = EIO;
      return -1;
    };
    const std::string e = ErrorOf(p, "new\n");
    internal::atomic_file_fsync = ::fsync;
    CHECK(e == p + ": error: cannot flush: " + std::strerror(EIO));
    CHECK(OpenFds() == before);
    CHECK(test::ReadFile(p) == "old\n");
    CHECK(Entries(d.path()).size() == 1);
  }

  TEST_CASE("a folder that cannot take the temporary file is an error naming the target") {
    test::TempDir d;
    const std::string e = ErrorOf(d.path() + "/missing/out.txt", "x");
    CHECK(e.rfind(d.path() + "/missing/out.txt: error: cannot create a temporary file in '", 0) == 0);
    CHECK(Contains(e, std::strerror(ENOENT)));
  }
}
