// ChangeSet: what a write to the store touched, so that cached KiCad responses can be
// invalidated precisely (a part edit drops that part and the listings that show it, not the
// whole library). Every mutating Store method returns one.
#pragma once

#include <cstdint>
#include <set>

namespace kibridge::storage {

struct ChangeSet {
  // Settings, parameter templates, KiCad categories, footprint mappings or the category tree
  // changed: any response may differ.
  bool everything = false;
  // Parts whose own rendering may differ (their row, parameters, attachments, manufacturer
  // or supplier rows changed, they were added or deleted, or their served name may differ
  // because another part took or released the same name).
  std::set<int64_t> parts;
  // InvenTree categories whose membership changed (old and new category of every touched
  // part); listings covering any of them may differ.
  std::set<int64_t> categories;

  bool empty() const { return !everything && parts.empty() && categories.empty(); }
  void merge(const ChangeSet& other) {
    everything = everything || other.everything;
    parts.insert(other.parts.begin(), other.parts.end());
    categories.insert(other.categories.begin(), other.categories.end());
  }
};

}  // namespace kibridge::storage
