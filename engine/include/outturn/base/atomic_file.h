// SPDX-License-Identifier: MIT
#pragma once
/// \file atomic_file.h
/// Writing output files (`-o`, `--dump`, `--save`) so that a reader never sees half a file,
/// and without replacing what is not a plain file. What happens depends on the target:
///
/// - **Absent or a regular file**: the text goes to a hidden temporary file in the same folder,
///   `.<name>.outturn-tmp.<pid>.XXXXXX`, is flushed (fsync), then renamed over the target. A
///   replaced file keeps its permission bits (and, where allowed, its owner and group); a new
///   one gets mode 0644. Other hard links to a replaced file keep the old content.
/// - **A read-only regular file** is refused (Error naming it; the file is left unchanged). It
///   is read-only when no write bit (owner, group or other) is set in its mode, which also
///   holds for root, whom permission checks do not stop, or when the effective user may not
///   write it (access(2)), or when it lies on a read-only file system.
/// - **A symbolic link is followed**, link by link, to the file it names (which may not exist
///   yet); that file is written as above, in its own folder, so the link stays a link.
/// - **Not a regular file** (a character or block device, a FIFO, `/dev/stdout`), or a file
///   reached through `/proc/` or `/dev/fd/` (`/dev/stdout` when standard output is a file;
///   those links are not followed by name but opened): it is written through, opened O_WRONLY
///   without O_CREAT or O_TRUNC (appending, to a regular file), and never replaced. A FIFO
///   waits for its reader. Write errors (ENOSPC on /dev/full, EPIPE when a FIFO's reader has
///   gone, without a SIGPIPE) throw Error.
/// - **A directory** is an Error.
///
/// Temporary files: a process killed between creating its temporary file and the rename (by
/// SIGKILL, say) leaves `.<name>.outturn-tmp.<pid>.XXXXXX` behind. The next write to the same
/// target removes such files when they are stale, and only then: no process holds the lock
/// that every writer keeps on its temporary file (flock, from creation to rename), and either
/// the pid in the name is not a running process or the file was last modified more than ten
/// minutes ago (the pid was reused). A temporary file of this process's pid is never removed
/// (another thread may be writing it).
///
/// Messages: every Error reads "PATH: error: ...", PATH as given, followed by " -> TARGET"
/// when it is a symbolic link.

#include <string>

namespace outturn {

/// A file written piece by piece and put in place atomically by Commit() (see the file's
/// comment for the kinds of target); destroyed without Commit(), it leaves nothing behind (nor
/// any older file of that name changed). A target written through (a device, a FIFO) gets
/// each Write() at once.
class AtomicFile {
 public:
  /// Throws Error if the target cannot be written (read-only, a directory, the folder not
  /// writable, a device that cannot be opened).
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void Write(const std::string& text);  ///< throws Error on a failed write (ENOSPC, EIO, EPIPE)
  void Commit();                        ///< throws Error on a failed flush or rename; the target is unchanged

 private:
  std::string path_;    // as given
  std::string target_;  // path_ with its symbolic links followed
  std::string name_;    // for messages
  std::string tmp_;     // the temporary file; empty when written through
  int fd_ = -1;
  unsigned mode_ = 0644;  // permission bits of the file put in place
  int uid_ = -1, gid_ = -1;
};

/// Writes `text` to `path` as AtomicFile does (atomically for a regular file; through, for a
/// device or FIFO). An interrupted run leaves the old file (or none), never half a file.
/// Throws outturn::Error on failure (and removes the temporary file).
void WriteFileAtomic(const std::string& path, const std::string& text);

}  // namespace outturn
