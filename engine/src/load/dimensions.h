// SPDX-License-Identifier: MIT
#pragma once
// Dimensions: a block of drivers and lines written once over a list of items (regions,
// segments, products) and expanded while loading into one ordinary driver or line per item,
// named NAME[ITEM]. Everything past the loader sees only the expanded entities.
//
//   dimensions: {region: [ucan, emea, latam, apac]}
//   drivers:
//     churn: {over: region, value: {ucan: 2%, emea: 3%, latam: 4%, apac: 3%}}
//   lines:
//     members: {over: region, formula: prev(members) * (1 - churn), actuals: {ucan: {...}, ...}}
//     members_total: {formula: sum(members[*])}
//
// A field of an entity over a dimension is either shared (written as usual) or per item (a
// mapping from every item to the field's usual value). Inside the formula of an entity over a
// dimension, a bare name of another entity over the same dimension is its same item; NAME[ITEM]
// names one item anywhere; sum(EXPR) adds EXPR over the items of the NAME[*] in it.

#include <map>
#include <string>
#include <vector>

#include "load/formula.h"
#include "load/yaml_source.h"
#include "outturn/base/calendar.h"

namespace outturn::internal {

struct RawDimension {
  std::string name;
  std::vector<std::string> items;
  SourceLocation loc;
};

/// The dimensions of a model file and which entity (driver or line, by its name as declared)
/// is over which dimension.
struct Dimensions {
  std::vector<RawDimension> list;
  std::map<std::string, std::string> over;  // entity -> dimension name

  const RawDimension* Find(const std::string& name) const;
  /// The dimension of `entity` (nullptr: none).
  const RawDimension* Of(const std::string& entity) const;
};

/// Parses `dimensions:` (a mapping from dimension names to lists of items). Items are names
/// (a letter or '_', then letters, digits, '_'), unique, and not period or span labels.
std::vector<RawDimension> ParseDimensions(const YamlDoc& f, const YAML::Node& node, const Calendar& cal);

/// The dimension named by `over:` in the mapping of entity `entry` (nullptr: no `over:`).
/// Errors: an unknown dimension, `over:` that is not a name.
const RawDimension* ReadOver(const YamlDoc& f, const Entry& entry, const Dimensions& dims, const std::string& path);

/// One item of an entity over a dimension: which fields' values are per item.
struct ItemPick {
  const RawDimension* dim = nullptr;
  std::string item;
  std::string base_path;  // the entity's key path as declared ("drivers.churn")
  /// The entries of the entity's mapping as the item sees them: each per-item field replaced
  /// by the item's value (or dropped where a per-item map of by_period, actuals or reported
  /// omits the item), `over` dropped. Checks every per-item map: unknown items, and every item
  /// given (except in by_period, actuals, reported).
  std::vector<Entry> Pick(const YamlDoc& f, const std::vector<Entry>& es, const Calendar& cal) const;
};

/// "churn[emea]".
std::string ItemName(const std::string& entity, const std::string& item);
/// NAME[*] of an entity over a dimension: NAME[ITEM] for every item; any other name: itself.
std::vector<std::string> ExpandItems(const Dimensions& dims, const std::string& name);

/// A formula with the dimensions written out: in the formula of `self` (an expanded name, or a
/// plain one), bare names of entities over self's dimension become the same item, NAME[ITEM]
/// is checked, and sum(EXPR) with NAME[*] inside becomes EXPR[item 1] + EXPR[item 2] + ...
/// Errors point into `src`.
ExprPtr ExpandFormula(const ExprPtr& e, const std::string& self, const Dimensions& dims, const FormulaSource& src);

}  // namespace outturn::internal
