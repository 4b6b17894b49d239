// Library: the KiCad HTTP library at one moment — the configuration plus the served name of
// every listed part — and the pure renderers for categories.json, a category listing and a
// part. Immutable after load(); a change to the store means loading a new one.
//
// A Library never reads the store while rendering: whoever owns a read of the store streams
// the part rows into it (Library::Listing, render_part). The functions at the end of this
// header are that owner for the KiCad routes and the health report (library_feed.cc): each
// reads the parts it needs in one consistent read and hands them to the renderers.
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

// The configuration as one snapshot holds it (settings, templates, categories, KiCad
// categories of every library, footprint mappings, the named libraries). Throws
// storage::StorageError. What write-back and the category tree use: they concern every
// KiCad category, whichever library serves it.
LibraryConfig read_library_config(const storage::Snapshot& snapshot);

// The rows a LibraryConfig is made of, read once from one snapshot, so that several libraries
// (kicad/libraries.h) are built from one read.
struct LibraryConfigRows {
  KicadSettings settings;
  std::vector<storage::ParameterTemplateRecord> templates;
  std::vector<storage::CategoryRecord> categories;
  std::vector<storage::KicadCategoryRecord> kicad_categories;
  std::vector<storage::FootprintMappingRecord> footprint_mappings;
  std::vector<storage::CategoryParameterRecord> category_parameters;
  std::vector<storage::LibraryRecord> libraries;
};
LibraryConfigRows read_library_config_rows(const storage::Snapshot& snapshot);
// The configuration of one library ("" the default library): its own KiCad categories, every
// other row as read (LibraryConfig's constructor says how the other libraries' KiCad
// categories bound it). Its listings, served names and health are its own.
LibraryConfig library_config(const LibraryConfigRows& rows, const std::string& library);

class Library {
 public:
  // The default library (KiCad categories without a named library; kicad/libraries.h loads
  // every library). Reads configuration and part names from one snapshot of the store
  // (store.snapshot()), so the two always agree. Throws storage::StorageError. When the INVENTREE_URL setting is
  // empty, the "Part URL" field is based on the InvenTree server the mirror was last pulled
  // from (`--inventree-url` of `serve` or `sync`).
  static std::shared_ptr<const Library> load(const storage::Store& store);
  static std::shared_ptr<const Library> load(const storage::Snapshot& snapshot);
  Library(LibraryConfig config, const std::vector<storage::PartRecord>& parts);

  const LibraryConfig& config() const { return config_; }

  // categories.json: one entry per KiCad category (id = InvenTree category pk, name = its
  // path), ordered by path.
  RenderedJson render_categories() const;

  // parts/category/<id>.json, rendered from the rows of the categories
  // listing_dependencies(<id>) names, pushed in ascending part id with add(); the JSON goes to
  // `out` piece by piece (about 64 KiB each), so memory stays bounded by one piece however
  // large the category. add() skips parts the listing does not show (the one definition of
  // "listed under", shared with the health report). One thread; the Library must outlive it.
  class Listing {
   public:
    void add(const storage::PartDetails& part);
    void finish();  // writes the rest and the closing bracket

   private:
    friend class Library;
    Listing(const Library& library, const storage::KicadCategoryRecord& kicad_category,
            const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings);
    const Library& library_;
    const storage::KicadCategoryRecord& kicad_category_;
    const std::function<void(std::string_view)>& out_;
    std::vector<std::string>& warnings_;
    std::string chunk_;
    bool first_ = true;
  };
  // nullopt, writing nothing, when `category_id` is not a KiCad category.
  std::optional<Listing> begin_listing(int64_t category_id, const std::function<void(std::string_view)>& out,
                                       std::vector<std::string>& warnings) const;
  // Whether the listing of `category_id` shows `part` (Listing::add's rule).
  bool lists(int64_t category_id, const storage::PartRecord& part) const;

  // parts/<id>.json of `part`.
  RenderedJson render_part(const storage::PartDetails& part) const;

  // InvenTree categories whose parts the listing of `category_id` shows (empty when it is not
  // a KiCad category) — what to stream into a Listing, and what a cached listing depends on.
  std::vector<int64_t> listing_dependencies(int64_t category_id) const;

  std::string served_name(const storage::PartRecord& part) const;

  // What KiCad would see that needs fixing (library_health.h): computed by `compute` on the
  // first call and kept, since a Library stands for one state of the store. Use
  // kicad::library_health below.
  const LibraryHealth& health(const std::function<LibraryHealth()>& compute) const;

 private:
  // lists() for a KiCad category already looked up.
  bool shows(const storage::KicadCategoryRecord& kicad_category, const storage::PartRecord& part) const;

  LibraryConfig config_;
  std::unordered_map<int64_t, std::string> served_names_;  // listed parts only
  mutable std::once_flag health_once_;
  mutable LibraryHealth health_;
};

// ---- Rendering from the store (library_feed.cc) ----------------------------------------------
// Each reads the parts it needs from `store` and streams them into `library`'s renderers; each
// throws storage::StorageError. `library` should have been loaded from `store`.

// parts/category/<id>.json into `out`; false, writing nothing, when it is not a KiCad
// category. The parts come from one consistent scan in batches (bounded memory).
bool render_listing(const storage::Store& store, const Library& library, int64_t category_id,
                    const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings);
// parts/<id>.json; nullopt for an unknown part, or one `serves` (when given) refuses.
std::optional<RenderedJson> render_part(const storage::Store& store, const Library& library, int64_t part_id,
                                        const std::function<bool(const storage::PartRecord&)>& serves = {});
// The library's health report, computed on first call (scanning every listed part costs
// about as much as rendering the listings once) and kept with the library.
const LibraryHealth& library_health(const storage::Store& store, const Library& library);

}  // namespace kibridge::kicad
