// SPDX-License-Identifier: MIT
#include "load/yaml_source.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include "base/text_util.h"

namespace outturn::internal {
namespace {

// A flow collection's opening bracket, 1-based.
struct Bracket {
  char ch;
  int line, col;
};

// Bounds block indentation and flow nesting before yaml-cpp recurses into the text.
// Returns (line, col) 1-based of the first violation, or (0, 0). With `open`, records the
// flow brackets still open at the end of the text, or at the first closing bracket that does
// not match the innermost open one (where the scan stops).
std::pair<int, int> ScanDepth(const std::string& text, int max_depth, std::vector<Bracket>* open = nullptr) {
  int line = 1, col = 0, flow = 0;
  bool at_line_start = true;
  int indent = 0;
  char quote = 0;
  bool comment = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    ++col;
    if (ch == '\n') {
      ++line;
      col = 0;
      at_line_start = true;
      indent = 0;
      comment = false;
      if (quote == '\'') {
      }  // quoted scalars may span lines
      continue;
    }
    if (comment) continue;
    if (at_line_start) {
      if (ch == ' ') {
        if (++indent > 4 * max_depth) return {line, col};
        continue;
      }
      at_line_start = false;
    }
    if (quote) {
      if (quote == '"' && ch == '\\') {
        ++i;
        ++col;
        continue;
      }
      if (ch == quote) quote = 0;
      continue;
    }
    const char before = i > 0 ? text[i - 1] : '\n';
    if (ch == '#' && (before == ' ' || before == '\t' || before == '\n')) {
      comment = true;
      continue;
    }
    // A quote opens a quoted scalar only where a scalar begins, never inside a word: in a
    // flow collection [it's] is a plain scalar.
    if ((ch == '"' || ch == '\'') && std::string(" \t\n:-[{,").find(before) != std::string::npos) {
      quote = ch;
      continue;
    }
    if (ch == '[' || ch == '{') {
      if (++flow > max_depth) return {line, col};
      if (open) open->push_back({ch, line, col});
    } else if ((ch == ']' || ch == '}') && flow > 0) {
      if (open && open->back().ch != (ch == ']' ? '[' : '{')) return {0, 0};
      --flow;
      if (open) open->pop_back();
    }
  }
  return {0, 0};
}

// Length of the UTF-8 sequence starting at text[i] (1 for ASCII), or 0 if it is malformed.
size_t Utf8Length(const std::string& text, size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b >= 0xC2 && b <= 0xDF)
    n = 2;
  else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else
    return 0;
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return 0;
  }
  return n;
}

// An upper bound on the nodes yaml-cpp makes of `text`, in one pass over its bytes: the root
// is one node, and every other node follows one of the indicators ": ? , - [ {", none of which
// introduces more than two (a key and its value, an entry and the mapping it opens). Counted
// everywhere, in quotes and comments too, so that it is never less than the truth; only a '-'
// that no blank follows is passed over, as it is never an indicator (yaml-cpp's BlockEntry).
long NodeBound(const std::string& text) {
  long n = 1;
  const size_t size = text.size();
  for (size_t i = 0; i < size; ++i) {
    const char ch = text[i];
    if (ch == ':' || ch == '?' || ch == ',' || ch == '[' || ch == '{')
      n += 2;
    else if (ch == '-') {
      const char next = i + 1 < size ? text[i + 1] : ' ';
      if (next == ' ' || next == '\t' || next == '\n' || next == '\r') n += 2;
    }
  }
  return n;
}

// Counts the nodes of the first document as yaml-cpp's parser reports them, building nothing,
// and stops at the first one past YamlFile::kMaxNodes.
class NodeCounter : public YAML::EventHandler {
 public:
  struct TooMany {
    YAML::Mark mark;
  };
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Count(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Count(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string&) override { Count(m); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Count(m);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    Count(m);
  }
  void OnMapEnd() override {}

 private:
  void Count(const YAML::Mark& m) {
    if (++count_ > YamlFile::kMaxNodes) throw TooMany{m};
  }
  long count_ = 0;
};

std::string TooManyNodes() {
  return "more than " + std::to_string(YamlFile::kMaxNodes) + " YAML nodes: too large for a model";
}

// What a path names when it is not a regular file, for messages.
const char* Kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

void Walk(const YamlDoc& f, const YAML::Node& n, int depth, long* count,
          std::vector<std::pair<YAML::Node, YAML::Mark>>* empty_values) {
  if (++*count > YamlFile::kMaxNodes)
    f.Fail(n, "",
           "more than " + std::to_string(YamlFile::kMaxNodes) + " YAML nodes (aliases expanding without bound?)");
  if (depth > YamlFile::kMaxDepth)
    f.Fail(n, "", "nesting deeper than " + std::to_string(YamlFile::kMaxDepth) + " levels");
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      Walk(f, it->first, depth + 1, count, empty_values);
      Walk(f, it->second, depth + 1, count, empty_values);
      const YAML::Mark key = it->first.Mark(), value = it->second.Mark();
      if (it->second.IsNull() && (value.is_null() || value.line > key.line)) empty_values->push_back({it->second, key});
    }
  } else if (n.IsSequence()) {
    for (auto it = n.begin(); it != n.end(); ++it) Walk(f, *it, depth + 1, count, empty_values);
  }
}

}  // namespace

YamlFile::YamlFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::unique_ptr<const YamlDoc> YamlFile::Load(const std::string& path) {
  // Looked at before it is opened, and opened without blocking: a FIFO or a device is named
  // for what it is, never waited on or read from.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw ModelError({path, 0, 0}, "", "cannot open file");
  if (S_ISDIR(st.st_mode)) throw ModelError({path, 0, 0}, "", "is a directory, not a file");
  const auto not_regular = [&](mode_t mode) {
    return ModelError({path, 0, 0}, "", std::string("is not a regular file (") + Kind(mode) + ")");
  };
  if (!S_ISREG(st.st_mode)) throw not_regular(st.st_mode);
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw ModelError({path, 0, 0}, "", "cannot open file");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0) throw ModelError({path, 0, 0}, "", "cannot read file");
  if (S_ISDIR(st.st_mode)) throw ModelError({path, 0, 0}, "", "is a directory, not a file");
  if (!S_ISREG(st.st_mode)) throw not_regular(st.st_mode);
  const auto too_large = [&] {
    return ModelError({path, 0, 0}, "", "file larger than " + std::to_string(kMaxBytes >> 20) + " MiB");
  };
  if (st.st_size > kMaxBytes) throw too_large();
  // Read to the end, never past the cap: a file may grow, and /proc files say they are empty.
  std::string text;
  size_t got = 0;
  try {
    text.resize(static_cast<size_t>(st.st_size) + 1);
  } catch (const std::bad_alloc&) {
    throw ModelError({path, 0, 0}, "", "out of memory while loading the file");
  }
  for (;;) {
    if (got == text.size()) {
      if (static_cast<long>(got) > kMaxBytes) throw too_large();
      try {
        text.resize(std::min<size_t>(2 * text.size() + 4096, kMaxBytes + 1));
      } catch (const std::bad_alloc&) {
        throw ModelError({path, 0, 0}, "", "out of memory while loading the file");
      }
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw ModelError({path, 0, 0}, "", "cannot read file");
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  if (static_cast<long>(got) > kMaxBytes) throw too_large();
  // A regular file that says it is empty and is not: a /proc or /sys file, made as it is read.
  if (st.st_size == 0 && got > 0)
    throw ModelError({path, 0, 0}, "", "is not a regular file (a file of the kernel's, /proc or /sys)");
  text.resize(got);
  return Parse(path, text);
}

std::unique_ptr<const YamlDoc> YamlFile::Parse(const std::string& path, const std::string& text) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
    if (text[i] == '\0')
      throw ModelError({path, line, static_cast<int>(i - line_start) + 1}, "", "NUL byte in file: not a text file");
    if (const size_t n = Utf8Length(text, i); n == 0) {
      // Not echoed: the line is not text.
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[i]));
      throw ModelError({path, line, static_cast<int>(i - line_start) + 1}, "",
                       std::string("invalid UTF-8 (byte ") + byte + "): not a text file, or not saved as UTF-8");
    } else {
      i += n - 1;
    }
  }
  auto d = std::unique_ptr<YamlDoc>(new YamlDoc);
  d->file_ = std::make_shared<const YamlFile>(path, text);
  const YamlFile& file = *d->file_;
  auto [bl, bc] = ScanDepth(text, kMaxDepth);
  if (bl)
    throw ModelError({path, bl, bc}, "", "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
                     file.SourceLine(bl));
  try {
    // The tree is built only when it is known to be small enough: if the bound says it may
    // not be, yaml-cpp's parser counts the nodes first, building nothing, and the error points
    // at the first node past the limit.
    if (NodeBound(text) > kMaxNodes) {
      std::istringstream in(text);
      YAML::Parser parser(in);
      NodeCounter counter;
      try {
        parser.HandleNextDocument(counter);
      } catch (const NodeCounter::TooMany& e) {
        const SourceLocation where{path, e.mark.line + 1, e.mark.column + 1};
        throw ModelError(where, "", TooManyNodes(), file.SourceLine(where.line));
      }
    }
    d->root_ = YAML::Load(text);
  } catch (const std::bad_alloc&) {
    throw ModelError({path, 0, 0}, "", "out of memory while loading the file");
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own bound on nesting the scan above did not see (e.g. "- - - - x").
    SourceLocation where{path, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.is_null()) where = {path, 0, 0};
    throw ModelError(where, "", "nesting deeper than " + std::to_string(kMaxDepth) + " levels",
                     file.SourceLine(where.line));
  } catch (const YAML::Exception& e) {
    SourceLocation where{path, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.is_null()) where = {path, 0, 0};
    std::string msg = "invalid YAML: " + e.msg;
    // yaml-cpp's words, with the usual cause.
    if (e.msg == YAML::ErrorMsg::TAB_IN_INDENTATION)
      msg += " (indent with spaces)";
    else if (e.msg == YAML::ErrorMsg::END_OF_MAP)
      msg += " (is this line indented like the keys above it?)";
    else if (e.msg == YAML::ErrorMsg::END_OF_SEQ)
      msg += " (is this line indented like the items above it?)";
    else if (e.msg == YAML::ErrorMsg::MAP_VALUE)
      msg += " (': ' inside a value starts a mapping; quote the value)";
    // yaml-cpp reports an unclosed [ or { where it gave up (often the end of the file); point
    // at the bracket instead.
    const bool seq = e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
    if (seq || e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW) {
      std::vector<Bracket> open;
      ScanDepth(text, 1 << 20, &open);
      if (!open.empty() && open.back().ch == (seq ? '[' : '{')) {
        where = {path, open.back().line, open.back().col};
        msg =
            std::string("invalid YAML: this '") + open.back().ch + "' is never closed by a '" + (seq ? "]" : "}") + "'";
      }
    }
    throw ModelError(where, "", msg, file.SourceLine(where.line));
  }
  long count = 0;
  try {
    Walk(*d, d->root_, 0, &count, &d->empty_values_);
  } catch (const std::bad_alloc&) {
    throw ModelError({path, 0, 0}, "", "out of memory while loading the file");
  }
  return d;
}

std::string YamlFile::SourceLine(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size())) return "";
  const size_t b = line_starts_[line - 1];
  size_t e = text_.find('\n', b);
  if (e == std::string::npos) e = text_.size();
  std::string s = text_.substr(b, e - b);
  if (!s.empty() && s.back() == '\r') s.pop_back();
  return s;
}

void YamlFile::Fail(const SourceLocation& where, const std::string& key_path, const std::string& message) const {
  throw ModelError(where, key_path, message, SourceLine(where.line));
}

SourceLocation YamlDoc::Location(const YAML::Node& node) const {
  if (node.IsNull())
    for (const auto& [value, key] : empty_values_)
      if (value.is(node)) return Location(key);
  return Location(node.Mark());
}

SourceLocation YamlDoc::Location(const YAML::Mark& m) const {
  if (m.is_null()) return {path(), 0, 0};
  return {path(), m.line + 1, m.column + 1};
}

void YamlDoc::Fail(const YAML::Node& node, const std::string& key_path, const std::string& message) const {
  Fail(Location(node), key_path, message);
}

std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::vector<Entry> ReadMap(const YamlDoc& f, const YAML::Node& node, const std::string& path,
                           std::initializer_list<const char*> allowed) {
  if (!node.IsMap()) {
    if (node.IsNull()) f.Fail(node, path, "must be a mapping (got nothing)");
    f.Fail(node, path,
           node.IsSequence() ? "must be a mapping (got a list)" : "must be a mapping (got '" + node.Scalar() + "')");
  }
  std::vector<std::string> allow(allowed.begin(), allowed.end());
  std::vector<Entry> out;
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) f.Fail(it->first, path, "keys must be plain names");
    const std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      const Entry* first = nullptr;
      for (const auto& e : out)
        if (e.key == key) first = &e;
      f.Fail(
          it->first, Join(path, key),
          "duplicate key (first defined at line " + std::to_string(first ? first->key_node.Mark().line + 1 : 0) + ")");
    }
    if (!allow.empty() && std::find(allow.begin(), allow.end(), key) == allow.end())
      f.Fail(it->first, Join(path, key), "unknown key" + Suggest(key, allow) + " (allowed: " + JoinList(allow) + ")");
    out.push_back({key, it->first, it->second});
  }
  return out;
}

const Entry* FindKey(const std::vector<Entry>& entries, const char* key) {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

const Entry& RequireKey(const YamlDoc& f, const YAML::Node& map, const std::vector<Entry>& entries,
                        const std::string& path, const char* key) {
  if (const Entry* e = FindKey(entries, key)) return *e;
  f.Fail(map, path, std::string("missing required key '") + key + "'");
}

int ScalarContentColumn(const YamlDoc& f, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return -1;
  const std::string line = f.SourceLine(m.line + 1);
  if (m.column >= static_cast<int>(line.size())) return m.column;
  const char c = line[m.column];
  if (c == '"' || c == '\'') return m.column + 1;
  if (c == '|' || c == '>') return -1;
  return m.column;
}

std::string ReadScalar(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) f.Fail(node, path, "must be a single value (got a mapping)");
  if (node.IsSequence()) f.Fail(node, path, "must be a single value (got a list)");
  if (node.IsNull() && node.Tag() != "!") f.Fail(node, path, "must have a value (got nothing)");
  // yaml-cpp accepts a quoted scalar that runs to the end of the file; reject it.
  const YAML::Mark m = node.Mark();
  if (!m.is_null() && m.pos >= 0 && m.pos < static_cast<int>(f.text().size())) {
    const char q = f.text()[m.pos];
    if ((q == '"' || q == '\'') && node.Tag() == "!") {
      bool closed = false;
      const std::string& t = f.text();
      for (size_t i = m.pos + 1; i < t.size(); ++i) {
        if (q == '"' && t[i] == '\\') {
          ++i;
          continue;
        }
        if (t[i] == q) {
          if (q == '\'' && i + 1 < t.size() && t[i + 1] == '\'') {
            ++i;
            continue;
          }
          closed = true;
          break;
        }
      }
      if (!closed) f.Fail(node, path, "unterminated quoted string");
    }
  }
  return node.Scalar();
}

std::string ReadString(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  return ReadScalar(f, node, path);
}

bool ParseNumberText(const std::string& raw, double* out) {
  std::string s;
  for (char c : raw)
    if (c != '_') s += c;
  if (s.empty()) return false;
  bool percent = false;
  if (s.back() == '%') {
    percent = true;
    s.pop_back();
  }
  if (s.empty()) return false;
  // Only decimal syntax: no hex, inf, nan.
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  if (percent) {
    // "2.9%" is read as "2.9e-2", correctly rounded (2.9 / 100 would not be).
    if (s.find_first_of("eE") == std::string::npos)
      v = std::strtod((s + "e-2").c_str(), nullptr);
    else
      v /= 100.0;
  }
  *out = v;
  return true;
}

double ReadNumber(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  const std::string s = ReadScalar(f, node, path);
  double v;
  if (!ParseNumberText(s, &v)) f.Fail(node, path, "must be a number (got '" + s + "')");
  return v;
}

int ReadInt(const YamlDoc& f, const YAML::Node& node, const std::string& path, int lo, int hi) {
  const std::string s = ReadScalar(f, node, path);
  double v;
  if (!ParseNumberText(s, &v) || v != std::floor(v) || s.find('%') != std::string::npos)
    f.Fail(node, path, "must be a whole number (got '" + s + "')");
  if (v < lo || v > hi)
    f.Fail(node, path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " (got " + s + ")");
  return static_cast<int>(v);
}

bool ReadBool(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  const std::string s = ReadScalar(f, node, path);
  if (s == "true") return true;
  if (s == "false") return false;
  f.Fail(node, path, "must be true or false (got '" + s + "')");
}

std::vector<YAML::Node> ReadSeq(const YamlDoc& f, const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence()) f.Fail(node, path, "must be a list");
  std::vector<YAML::Node> out;
  for (auto it = node.begin(); it != node.end(); ++it) out.push_back(*it);
  return out;
}

}  // namespace outturn::internal
