// SPDX-License-Identifier: MIT
#include "load/formula.h"

#include <algorithm>
#include <cctype>

#include "load/yaml_source.h"

namespace outturn::internal {

SourceLocation FormulaSource::LocationAt(int offset) const {
  const std::string path = file ? file->path() : std::string();
  if (line <= 0) return {path, 0, 0};
  if (column < 0) return {path, line, node_column + 1};
  // Plain and quoted scalars on one line map offset to column; past the line, the node.
  if (!file || column + offset <= static_cast<int>(file->SourceLine(line).size()))
    return {path, line, column + offset + 1};
  return {path, line, node_column + 1};
}

void FormulaSource::Fail(int offset, const std::string& message) const {
  const SourceLocation where = LocationAt(offset);
  throw ModelError(where, key_path, message, file ? file->SourceLine(where.line) : "");
}

namespace {

constexpr int kMaxNesting = 100;
// Left-associative chains (a + b + c ...) deepen the tree without recursing in the parser;
// everything downstream recurses over the tree, so its height is bounded too.
constexpr int kMaxChain = 500;  // operations from the root to the deepest leaf

enum class Tok { kEnd, kNumber, kName, kOp, kLParen, kRParen, kComma, kString };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  double number = 0;
  int offset = 0;
};

class Parser {
 public:
  explicit Parser(const FormulaSource& src) : src_(src), s_(src.text) { Next(); }

  ExprPtr Parse() {
    if (tok_.kind == Tok::kEnd) src_.Fail(0, "empty formula");
    ExprPtr e = ParseOr();
    if (tok_.kind != Tok::kEnd) src_.Fail(tok_.offset, "unexpected '" + tok_.text + "'");
    return e;
  }

 private:
  struct DepthGuard {
    explicit DepthGuard(Parser* p, int offset) : p_(p) {
      if (++p_->depth_ > kMaxNesting) p_->src_.Fail(offset, "formula nested too deeply");
    }
    ~DepthGuard() { --p_->depth_; }
    Parser* p_;
  };

  ExprPtr Make(Expr::Kind k, std::string text, int offset, std::vector<ExprPtr> args = {}, double number = 0) const {
    int height = 0;
    for (const ExprPtr& a : args) height = std::max(height, a->height);
    if (++height > kMaxChain + 1)
      src_.Fail(offset, "formula nested too deeply (more than " + std::to_string(kMaxChain) +
                            " operations in a chain; split it across lines)");
    auto e = std::make_shared<Expr>();
    e->height = height;
    e->kind = k;
    e->text = std::move(text);
    e->offset = offset;
    e->args = std::move(args);
    e->number = number;
    return e;
  }

  void Next() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.offset = static_cast<int>(pos_);
    if (pos_ >= s_.size()) {
      tok_.kind = Tok::kEnd;
      tok_.text = "end of formula";
      return;
    }
    const char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      size_t b = pos_;
      while (pos_ < s_.size() &&
             (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_' || s_[pos_] == '.'))
        ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
        size_t p = pos_ + 1;
        if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
        if (p < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p]))) {
          pos_ = p;
          while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        }
      }
      if (pos_ < s_.size() && s_[pos_] == '%') ++pos_;
      const bool date_like = pos_ - b == 4 && pos_ + 2 < s_.size() && s_[pos_] == '-' &&
                             std::isdigit(static_cast<unsigned char>(s_[pos_ + 1])) &&
                             std::isdigit(static_cast<unsigned char>(s_[pos_ + 2]));
      if (pos_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[pos_])) || date_like)) {
        // A period label (2Q10) or a date (2010-09-01): one word.
        while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-')) ++pos_;
        tok_.kind = Tok::kString;
        tok_.text = s_.substr(b, pos_ - b);
        return;
      }
      tok_.text = s_.substr(b, pos_ - b);
      if (!ParseNumberText(tok_.text, &tok_.number))
        src_.Fail(static_cast<int>(b), "malformed number '" + tok_.text + "'");
      tok_.kind = Tok::kNumber;
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t b = pos_;
      while (pos_ < s_.size()) {
        const char d = s_[pos_];
        if (std::isalnum(static_cast<unsigned char>(d)) || d == '_') {
          ++pos_;
          continue;
        }
        if (d == '.' && pos_ + 1 < s_.size() &&
            (std::isalnum(static_cast<unsigned char>(s_[pos_ + 1])) || s_[pos_ + 1] == '_')) {
          ++pos_;
          continue;
        }
        break;
      }
      // NAME[ITEM] or NAME[*]: one item of an entity over a dimension, or every item (in sum()).
      if (pos_ < s_.size() && s_[pos_] == '[') {
        const size_t open = pos_++;
        if (pos_ < s_.size() && s_[pos_] == '*') {
          ++pos_;
        } else {
          while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
        }
        if (pos_ == open + 1 || pos_ >= s_.size() || s_[pos_] != ']')
          src_.Fail(
              static_cast<int>(pos_ < s_.size() ? pos_ : open),
              "expected an item and ']' after '" + s_.substr(b, open + 1 - b) + "' (NAME[ITEM], or NAME[*] in sum())");
        ++pos_;
      }
      tok_.kind = Tok::kName;
      tok_.text = s_.substr(b, pos_ - b);
      return;
    }
    if (c == '"' || c == '\'') {
      size_t b = ++pos_;
      while (pos_ < s_.size() && s_[pos_] != c) ++pos_;
      if (pos_ >= s_.size()) src_.Fail(tok_.offset, "unterminated string");
      tok_.kind = Tok::kString;
      tok_.text = s_.substr(b, pos_ - b);
      ++pos_;
      return;
    }
    if (c == '(') {
      ++pos_;
      tok_.kind = Tok::kLParen;
      tok_.text = "(";
      return;
    }
    if (c == ')') {
      ++pos_;
      tok_.kind = Tok::kRParen;
      tok_.text = ")";
      return;
    }
    if (c == ',') {
      ++pos_;
      tok_.kind = Tok::kComma;
      tok_.text = ",";
      return;
    }
    static const char* two[] = {"<=", ">=", "==", "!="};
    for (const char* op : two)
      if (s_.compare(pos_, 2, op) == 0) {
        pos_ += 2;
        tok_.kind = Tok::kOp;
        tok_.text = op;
        return;
      }
    if (std::string("+-*/^<>").find(c) != std::string::npos) {
      ++pos_;
      tok_.kind = Tok::kOp;
      tok_.text = std::string(1, c);
      return;
    }
    src_.Fail(tok_.offset, std::string("unexpected character '") + c + "'");
  }

  bool IsOp(const char* op) const { return tok_.kind == Tok::kOp && tok_.text == op; }
  bool IsWord(const char* w) const { return tok_.kind == Tok::kName && tok_.text == w; }

  ExprPtr ParseOr() {
    DepthGuard g(this, tok_.offset);
    ExprPtr l = ParseAnd();
    while (IsWord("or")) {
      int o = tok_.offset;
      Next();
      l = Make(Expr::Kind::kBinary, "or", o, {l, ParseAnd()});
    }
    return l;
  }
  ExprPtr ParseAnd() {
    ExprPtr l = ParseNot();
    while (IsWord("and")) {
      int o = tok_.offset;
      Next();
      l = Make(Expr::Kind::kBinary, "and", o, {l, ParseNot()});
    }
    return l;
  }
  ExprPtr ParseNot() {
    if (IsWord("not")) {
      DepthGuard g(this, tok_.offset);
      int o = tok_.offset;
      Next();
      return Make(Expr::Kind::kUnary, "not", o, {ParseNot()});
    }
    return ParseCmp();
  }
  ExprPtr ParseCmp() {
    ExprPtr l = ParseAdd();
    for (const char* op : {"<", "<=", ">", ">=", "==", "!="}) {
      if (IsOp(op)) {
        int o = tok_.offset;
        std::string t = tok_.text;
        Next();
        ExprPtr r = ParseAdd();
        for (const char* op2 : {"<", "<=", ">", ">=", "==", "!="})
          if (IsOp(op2)) src_.Fail(tok_.offset, "comparisons do not chain; use 'and'");
        return Make(Expr::Kind::kBinary, t, o, {l, r});
      }
    }
    return l;
  }
  ExprPtr ParseAdd() {
    ExprPtr l = ParseMul();
    while (IsOp("+") || IsOp("-")) {
      int o = tok_.offset;
      std::string t = tok_.text;
      Next();
      l = Make(Expr::Kind::kBinary, t, o, {l, ParseMul()});
    }
    return l;
  }
  ExprPtr ParseMul() {
    ExprPtr l = ParseUnary();
    while (IsOp("*") || IsOp("/")) {
      int o = tok_.offset;
      std::string t = tok_.text;
      Next();
      l = Make(Expr::Kind::kBinary, t, o, {l, ParseUnary()});
    }
    return l;
  }
  ExprPtr ParseUnary() {
    if (IsOp("-") || IsOp("+")) {
      DepthGuard g(this, tok_.offset);
      int o = tok_.offset;
      std::string t = tok_.text;
      Next();
      ExprPtr e = ParseUnary();
      return t == "-" ? Make(Expr::Kind::kUnary, "-", o, {e}) : e;
    }
    return ParsePow();
  }
  ExprPtr ParsePow() {
    ExprPtr base = ParsePrimary();
    if (IsOp("^")) {
      DepthGuard g(this, tok_.offset);
      int o = tok_.offset;
      Next();
      return Make(Expr::Kind::kBinary, "^", o, {base, ParseUnary()});  // right-associative
    }
    return base;
  }
  ExprPtr ParsePrimary() {
    DepthGuard g(this, tok_.offset);
    const Token t = tok_;
    switch (t.kind) {
      case Tok::kNumber: Next(); return Make(Expr::Kind::kNumber, t.text, t.offset, {}, t.number);
      case Tok::kString: Next(); return Make(Expr::Kind::kWord, t.text, t.offset);
      case Tok::kLParen: {
        Next();
        ExprPtr e = ParseOr();
        if (tok_.kind != Tok::kRParen) src_.Fail(tok_.offset, "expected ')' (got '" + tok_.text + "')");
        Next();
        return e;
      }
      case Tok::kName: {
        if (t.text == "and" || t.text == "or" || t.text == "not") src_.Fail(t.offset, "unexpected '" + t.text + "'");
        Next();
        if (tok_.kind != Tok::kLParen) return Make(Expr::Kind::kName, t.text, t.offset);
        Next();
        std::vector<ExprPtr> args;
        if (tok_.kind != Tok::kRParen) {
          for (;;) {
            args.push_back(ParseOr());
            if (tok_.kind == Tok::kComma) {
              Next();
              continue;
            }
            if (tok_.kind == Tok::kRParen) break;
            src_.Fail(tok_.offset, "expected ',' or ')' in arguments of " + t.text + "() (got '" + tok_.text + "')");
          }
        }
        Next();
        return Make(Expr::Kind::kCall, t.text, t.offset, std::move(args));
      }
      case Tok::kEnd: src_.Fail(t.offset, "formula ends too early");
      default: src_.Fail(t.offset, "unexpected '" + t.text + "'");
    }
  }

  const FormulaSource& src_;
  const std::string& s_;
  size_t pos_ = 0;
  Token tok_;
  int depth_ = 0;
};

}  // namespace

ExprPtr ParseFormula(const FormulaSource& src) { return Parser(src).Parse(); }

}  // namespace outturn::internal
