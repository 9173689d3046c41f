// SPDX-License-Identifier: MIT
#pragma once
// Reading YAML strictly: every node keeps its file position; mappings are checked for
// duplicate and unknown keys (yaml-cpp accepts both silently); nesting depth and node count
// are bounded before anything recurses; scalars are typed with errors that name the key
// path and the rule.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "outturn/base/errors.h"

namespace outturn::internal {

class YamlDoc;

/// A file's name and text: what diagnostics need (the source line under a caret) once
/// parsing is over. What is read from a file keeps this, not the YAML tree.
class YamlFile {
 public:
  YamlFile(std::string path, std::string text);

  /// Reads and parses `path`. Throws ModelError on I/O failure, a path that is not a regular
  /// file (never opened so that it blocks), invalid YAML, nesting deeper than kMaxDepth, more
  /// than kMaxNodes nodes (counted while parsing, before a tree is built), a file larger than
  /// kMaxBytes, or memory running out. The limits are listed in scenarios/README.md.
  static std::unique_ptr<const YamlDoc> Load(const std::string& path);
  /// Same, from text (tests); `path` is only used in messages.
  static std::unique_ptr<const YamlDoc> Parse(const std::string& path, const std::string& text);

  static constexpr int kMaxDepth = 64;
  static constexpr long kMaxNodes = 250'000;
  static constexpr long kMaxBytes = 4L << 20;

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// 1-based line text ("" if out of range).
  std::string SourceLine(int line) const;
  /// Throws ModelError at `where`, with its source line.
  [[noreturn]] void Fail(const SourceLocation& where, const std::string& key_path, const std::string& message) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

/// A parsed YAML file: the tree and the positions of its nodes, over the file's text. Lives
/// while the loader reads it (load/schema.cpp); the text (file()) outlives it.
class YamlDoc {
 public:
  const std::shared_ptr<const YamlFile>& file() const { return file_; }
  const std::string& path() const { return file_->path(); }
  const std::string& text() const { return file_->text(); }
  std::string SourceLine(int line) const { return file_->SourceLine(line); }
  const YAML::Node& root() const { return root_; }
  SourceLocation Location(const YAML::Mark& mark) const;
  /// Where a node is; an empty value (`key:` then the next line) is placed at its key, not at
  /// whatever follows it.
  SourceLocation Location(const YAML::Node& node) const;
  /// Throws ModelError at `node`.
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& key_path, const std::string& message) const;
  [[noreturn]] void Fail(const SourceLocation& where, const std::string& key_path, const std::string& message) const {
    file_->Fail(where, key_path, message);
  }

 private:
  friend class YamlFile;
  std::shared_ptr<const YamlFile> file_;
  YAML::Node root_;
  /// Empty mapping values that yaml-cpp marks past their key's line, with their key's mark.
  std::vector<std::pair<YAML::Node, YAML::Mark>> empty_values_;
};

/// One key of a mapping, in file order.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

/// Checks that `node` is a mapping with scalar, unique keys and returns its entries in file
/// order. `allowed` empty: any key; otherwise an unknown key is an error listing the allowed
/// ones (and the closest).
std::vector<Entry> ReadMap(const YamlDoc& f, const YAML::Node& node, const std::string& path,
                           std::initializer_list<const char*> allowed = {});

/// Finds a key among entries (nullptr if absent).
const Entry* FindKey(const std::vector<Entry>& entries, const char* key);
/// The entry or an error "missing required key 'x'" at the mapping.
const Entry& RequireKey(const YamlDoc& f, const YAML::Node& map, const std::vector<Entry>& entries,
                        const std::string& path, const char* key);

/// Joins a key path: Join("lines", "revenue") == "lines.revenue".
std::string Join(const std::string& path, const std::string& key);

/// A scalar as text. Errors if the node is a sequence or mapping, or an unterminated quote.
std::string ReadScalar(const YamlDoc& f, const YAML::Node& node, const std::string& path);
/// A string (any scalar).
std::string ReadString(const YamlDoc& f, const YAML::Node& node, const std::string& path);
/// A finite number: "12.5", "1_250", "-3e2", "5%" (= 0.05). Errors name the rule.
double ReadNumber(const YamlDoc& f, const YAML::Node& node, const std::string& path);
/// An integer in [lo, hi].
int ReadInt(const YamlDoc& f, const YAML::Node& node, const std::string& path, int lo, int hi);
/// true/false.
bool ReadBool(const YamlDoc& f, const YAML::Node& node, const std::string& path);
/// A sequence's items.
std::vector<YAML::Node> ReadSeq(const YamlDoc& f, const YAML::Node& node, const std::string& path);
/// Parses a number from text; false if not a finite number in outturn's syntax.
bool ParseNumberText(const std::string& text, double* out);

/// Column (0-based, in the source line) where a scalar's content begins: after an opening
/// quote; -1 for block scalars (content starts on a later line).
int ScalarContentColumn(const YamlDoc& f, const YAML::Node& node);

}  // namespace outturn::internal
