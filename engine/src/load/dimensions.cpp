// SPDX-License-Identifier: MIT
// Dimensions (load/dimensions.h): items declared once, entities expanded per item, formulas
// written out per item.
#include "load/dimensions.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "base/text_util.h"

namespace outturn::internal {
namespace {

constexpr size_t kMaxItems = 256;  // sum(x[*]) is a chain of additions, bounded by the parser's

bool ValidItem(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// "x[emea]" -> {"x", "emea"}; "x" -> {"x", ""}; "x[*]" -> {"x", "*"}.
std::pair<std::string, std::string> SplitItem(const std::string& name) {
  const auto b = name.find('[');
  if (b == std::string::npos || name.back() != ']') return {name, ""};
  return {name.substr(0, b), name.substr(b + 1, name.size() - b - 2)};
}

std::string Items(const RawDimension& d) { return " (items of " + d.name + ": " + JoinList(d.items) + ")"; }

std::string UnknownItem(const RawDimension& d, const std::string& item) {
  return "unknown item '" + item + "' of " + d.name + Suggest(item, d.items) + Items(d);
}

bool HasItem(const RawDimension& d, const std::string& item) {
  return std::find(d.items.begin(), d.items.end(), item) != d.items.end();
}

// How a field of an entity over a dimension is written per item.
enum class Form {
  kValue,    // never a mapping when shared (value, formula, bounds, unit, ...): a mapping is per item
  kParams,   // a mapping of parameters when shared (distribution, shocks)
  kPeriods,  // a mapping of periods or spans when shared (by_period, actuals, reported)
  kHistory   // a mapping of periods before the horizon when shared (history): per item when keyed by items
};

Form FormOf(const std::string& key) {
  if (key == "distribution" || key == "shocks") return Form::kParams;
  if (key == "by_period" || key == "actuals" || key == "reported") return Form::kPeriods;
  if (key == "history") return Form::kHistory;
  return Form::kValue;
}

bool IsParam(const std::string& field, const std::string& key) {
  static const std::set<std::string> dist{"type", "mean",   "sd",      "low",         "high",
                                          "mode", "values", "weights", "observations"};
  if (field == "shocks") return key == "sd" || key == "ar1";
  return dist.count(key) > 0;
}

}  // namespace

const RawDimension* Dimensions::Find(const std::string& name) const {
  for (const RawDimension& d : list)
    if (d.name == name) return &d;
  return nullptr;
}

const RawDimension* Dimensions::Of(const std::string& entity) const {
  auto it = over.find(entity);
  return it == over.end() ? nullptr : Find(it->second);
}

std::string ItemName(const std::string& entity, const std::string& item) { return entity + "[" + item + "]"; }

std::vector<std::string> ExpandItems(const Dimensions& dims, const std::string& name) {
  auto [base, sel] = SplitItem(name);
  const RawDimension* d = sel == "*" ? dims.Of(base) : nullptr;
  if (!d) return {name};
  std::vector<std::string> out;
  for (const std::string& item : d->items) out.push_back(ItemName(base, item));
  return out;
}

std::vector<RawDimension> ParseDimensions(const YamlDoc& f, const YAML::Node& node, const Calendar& cal) {
  std::vector<RawDimension> out;
  for (const Entry& e : ReadMap(f, node, "dimensions")) {
    const std::string P = "dimensions." + e.key;
    if (!ValidItem(e.key))
      f.Fail(e.key_node, P, "invalid dimension name (a letter or '_', then letters, digits and '_')");
    RawDimension d;
    d.name = e.key;
    d.loc = f.Location(e.key_node);
    const auto items = ReadSeq(f, e.value, P);
    if (items.empty()) f.Fail(e.value, P, "a dimension needs at least one item");
    if (items.size() > kMaxItems)
      f.Fail(
          e.value, P,
          "at most " + std::to_string(kMaxItems) + " items in a dimension (got " + std::to_string(items.size()) + ")");
    for (const auto& n : items) {
      const std::string item = ReadScalar(f, n, P);
      if (!ValidItem(item)) f.Fail(n, P, "invalid item '" + item + "' (a letter or '_', then letters, digits and '_')");
      if (cal.FindColumn(item) >= 0)
        f.Fail(n, P, "item '" + item + "' is also a period or span label; name it otherwise");
      if (HasItem(d, item)) f.Fail(n, P, "item '" + item + "' is listed twice");
      d.items.push_back(item);
    }
    out.push_back(std::move(d));
  }
  return out;
}

const RawDimension* ReadOver(const YamlDoc& f, const Entry& entry, const Dimensions& dims, const std::string& path) {
  if (!entry.value.IsMap()) return nullptr;
  for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
    if (!it->first.IsScalar() || it->first.Scalar() != "over") continue;
    const std::string kp = path + ".over";
    const std::string name = ReadScalar(f, it->second, kp);
    if (const RawDimension* d = dims.Find(name)) return d;
    std::vector<std::string> names;
    for (const RawDimension& d : dims.list) names.push_back(d.name);
    f.Fail(it->second, kp,
           UnknownName("dimension", name, names) +
               (names.empty() ? " (no dimensions are declared; declare them under dimensions:)"
                              : " (dimensions: " + JoinList(names) + ")"));
  }
  return nullptr;
}

std::vector<Entry> ItemPick::Pick(const YamlDoc& f, const std::vector<Entry>& es, const Calendar& cal) const {
  std::vector<Entry> out;
  for (const Entry& e : es) {
    if (e.key == "over") continue;
    const Form form = FormOf(e.key);
    bool per_item = false;
    if (e.value.IsMap() && e.value.size() > 0) {
      const std::string first = e.value.begin()->first.IsScalar() ? e.value.begin()->first.Scalar() : "";
      switch (form) {
        case Form::kValue: per_item = true; break;
        case Form::kParams: per_item = !IsParam(e.key, first); break;
        case Form::kPeriods:
          per_item = cal.FindColumn(first) < 0;
          if (per_item && !HasItem(*dim, first))
            f.Fail(e.value.begin()->first, Join(base_path, e.key) + "." + first,
                   "neither a period or span nor an item of " + dim->name + Suggest(first, dim->items) + Items(*dim));
          break;
        case Form::kHistory: per_item = HasItem(*dim, first); break;
      }
    }
    if (!per_item) {
      out.push_back(e);
      continue;
    }
    const std::string kp = Join(base_path, e.key);
    const Entry* mine = nullptr;
    const auto items = ReadMap(f, e.value, kp);
    for (const Entry& ie : items) {
      if (!HasItem(*dim, ie.key)) f.Fail(ie.key_node, kp + "." + ie.key, UnknownItem(*dim, ie.key));
      if (ie.key == item) mine = &ie;
    }
    if (!mine) {
      if (form == Form::kPeriods || form == Form::kHistory) continue;  // none of these for this item
      f.Fail(e.value, kp,
             "no " + e.key + " for item '" + item + "' (a per-item " + e.key + " gives every item of " + dim->name +
                 ": " + JoinList(dim->items) + ")");
    }
    out.push_back(Entry{e.key, e.key_node, mine->value});
  }
  return out;
}

namespace {

class Expander {
 public:
  Expander(const Dimensions& dims, const FormulaSource& src, const RawDimension* dim, std::string item)
      : dims_(dims), src_(src), dim_(dim), item_(std::move(item)) {}

  // `star`: the item that NAME[*] stands for inside a sum() being written out ("": none).
  ExprPtr Expand(const ExprPtr& e, const RawDimension* star_dim, const std::string& star) {
    switch (e->kind) {
      case Expr::Kind::kNumber:
      case Expr::Kind::kWord: return e;
      case Expr::Kind::kName: return Name(e, star_dim, star);
      case Expr::Kind::kCall:
        if (e->text == "sum" && e->args.size() == 1) {
          if (const RawDimension* d = StarDimension(*e->args[0])) return Sum(e, d);
          // sum(group): the group's name is not an entity's.
          return e;
        }
        [[fallthrough]];
      case Expr::Kind::kUnary:
      case Expr::Kind::kBinary: {
        std::vector<ExprPtr> args;
        bool changed = false;
        for (const ExprPtr& a : e->args) {
          args.push_back(Expand(a, star_dim, star));
          changed |= args.back() != a;
        }
        if (!changed) return e;
        return Make(*e, std::move(args));
      }
    }
    return e;
  }

 private:
  static ExprPtr Make(const Expr& like, std::vector<ExprPtr> args) {
    auto n = std::make_shared<Expr>(like);
    int h = 0;
    for (const ExprPtr& a : args) h = std::max(h, a->height);
    n->args = std::move(args);
    n->height = h + 1;
    return n;
  }

  static ExprPtr Renamed(const Expr& like, std::string text) {
    auto n = std::make_shared<Expr>(like);
    n->text = std::move(text);
    return n;
  }

  // The dimension of the NAME[*] in `e`, outside nested sums (nullptr: none).
  const RawDimension* StarDimension(const Expr& e) {
    if (e.kind == Expr::Kind::kName) {
      auto [base, sel] = SplitItem(e.text);
      if (sel != "*") return nullptr;
      const RawDimension* d = dims_.Of(base);
      if (!d) NotOver(e, base);
      return d;
    }
    if (e.kind == Expr::Kind::kCall && e.text == "sum") return nullptr;
    const RawDimension* found = nullptr;
    for (const ExprPtr& a : e.args) {
      const RawDimension* d = StarDimension(*a);
      if (d && found && d != found)
        src_.Fail(a->offset, "sum() adds over one dimension; this one mixes " + found->name + " and " + d->name);
      if (d) found = d;
    }
    return found;
  }

  ExprPtr Sum(const ExprPtr& e, const RawDimension* d) {
    ExprPtr acc;
    for (const std::string& it : d->items) {
      ExprPtr term = Expand(e->args[0], d, it);
      if (!acc) {
        acc = term;
        continue;
      }
      Expr plus;
      plus.kind = Expr::Kind::kBinary;
      plus.text = "+";
      plus.offset = e->offset;
      acc = Make(plus, {acc, term});
    }
    return acc;
  }

  [[noreturn]] void NotOver(const Expr& e, const std::string& base) {
    src_.Fail(e.offset, "'" + base + "' is not over a dimension (" + e.text +
                            " names an item of a driver or line declared with over:)");
  }

  ExprPtr Name(const ExprPtr& e, const RawDimension* star_dim, const std::string& star) {
    auto [base, sel] = SplitItem(e->text);
    const RawDimension* d = dims_.Of(base);
    if (sel.empty()) {
      if (!d) return e;  // shared (or not an entity: the resolver names it)
      if (d == dim_) return Renamed(*e, ItemName(base, item_));
      src_.Fail(e->offset, "'" + base + "' is over " + d->name + Items(*d) + "; name one item, " +
                               ItemName(base, d->items[0]) + ", or add them up, sum(" + ItemName(base, "*") + ")" +
                               (dim_ ? " (this formula is over " + dim_->name + ")" : ""));
    }
    if (!d) NotOver(*e, base);
    if (sel == "*") {
      if (d != star_dim)
        src_.Fail(e->offset, e->text + " (every item of " + d->name + ") is added up by sum(): sum(" + e->text + ")");
      return Renamed(*e, ItemName(base, star));
    }
    if (!HasItem(*d, sel)) src_.Fail(e->offset, UnknownItem(*d, sel));
    return e;
  }

  const Dimensions& dims_;
  const FormulaSource& src_;
  const RawDimension* dim_;
  std::string item_;
};

}  // namespace

ExprPtr ExpandFormula(const ExprPtr& e, const std::string& self, const Dimensions& dims, const FormulaSource& src) {
  auto [base, item] = SplitItem(self);
  const RawDimension* dim = item.empty() ? nullptr : dims.Of(base);
  return Expander(dims, src, dim, dim ? item : std::string()).Expand(e, nullptr, "");
}

}  // namespace outturn::internal
