// Library: the KiCad HTTP library at one moment — the configuration plus the served name of
// every listed part — and the renderers for categories.json, a category listing and a part.
// Immutable after load(); a change to the store means loading a new one.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/kicad/library_config.h"
#include "server/kicad/library_health.h"
#include "storage/store.h"

namespace kibridge::kicad {

struct RenderedJson {
  std::string body;                   // compact JSON
  std::vector<std::string> warnings;  // data problems met while rendering
};

class Library {
 public:
  // Reads configuration and part names from the store. Throws storage::StorageError. When the
  // INVENTREE_URL setting is empty, the "Part URL" field is based on the InvenTree server the
  // mirror was last pulled from (`--inventree-url` of `serve` or `sync`).
  static std::shared_ptr<const Library> load(const storage::Store& store);
  Library(LibraryConfig config, const std::vector<storage::PartRecord>& parts);

  const LibraryConfig& config() const { return config_; }

  // categories.json: one entry per KiCad category (id = InvenTree category pk, name = its
  // path), ordered by path.
  RenderedJson render_categories() const;
  // parts/category/<id>.json for an InvenTree category id, streamed into `out` piece by piece
  // (memory stays bounded by one batch of parts however large the category). Returns false,
  // writing nothing, when it is not a KiCad category. `store` supplies the parts.
  bool render_listing(const storage::Store& store, int64_t category_id,
                      const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings) const;
  // parts/<id>.json; nullopt for an unknown part.
  std::optional<RenderedJson> render_part(const storage::Store& store, int64_t part_id) const;

  // InvenTree categories whose parts the listing of `category_id` shows (empty when it is not
  // a KiCad category) — what a cached listing depends on.
  std::vector<int64_t> listing_dependencies(int64_t category_id) const;

  std::string served_name(const storage::PartRecord& part) const;

  // Calls `visit` for every part the listing of `category_id` shows, in listing order; false
  // when it is not a KiCad category. The one definition of "listed under", shared by
  // render_listing and health.
  bool for_each_listed_part(const storage::Store& store, int64_t category_id,
                            const std::function<void(const storage::PartDetails&)>& visit) const;

  // What KiCad would see that needs fixing (library_health.h), computed on first call and kept:
  // a Library stands for one state of the store, so `store` must be the one it was loaded from.
  // Scanning every listed part costs about as much as rendering the listings once.
  const LibraryHealth& health(const storage::Store& store) const;

 private:
  LibraryConfig config_;
  std::unordered_map<int64_t, std::string> served_names_;  // listed parts only
  mutable std::once_flag health_once_;
  mutable LibraryHealth health_;
};

}  // namespace kibridge::kicad
