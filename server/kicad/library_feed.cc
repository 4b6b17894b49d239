// The owner of the store's rows for a Library's renderers (declared at the end of library.h):
// reads the parts and streams them in, so the Library itself never reads the store.
#include "server/kicad/library.h"
#include "server/kicad/part_renderer.h"

namespace kibridge::kicad {

namespace {

// Parts per batch of a listing scan: bounds the rows held at once (a batch of 2,000 demo parts
// is a few MB) while keeping the per-batch queries few (50 for 100,000 parts).
constexpr size_t kBatch = 2000;

// Streams every part of the categories `category_id`'s listing covers into `visit`, in
// ascending id, from one consistent scan.
void scan_listing(const storage::Store& store, const Library& library, int64_t category_id,
                  const std::function<void(const storage::PartDetails&)>& visit) {
  store.mirror().scan_part_details_in_categories(library.listing_dependencies(category_id), kBatch,
                                                 [&](std::vector<storage::PartDetails>& batch) {
                                                   for (const auto& d : batch) visit(d);
                                                 });
}

}  // namespace

bool render_listing(const storage::Store& store, const Library& library, int64_t category_id,
                    const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings) {
  auto listing = library.begin_listing(category_id, out, warnings);
  if (!listing) return false;
  scan_listing(store, library, category_id, [&](const storage::PartDetails& d) { listing->add(d); });
  listing->finish();
  return true;
}

std::optional<RenderedJson> render_part(const storage::Store& store, const Library& library, int64_t part_id,
                                        const std::function<bool(const storage::PartRecord&)>& serves) {
  auto d = store.mirror().part_details(part_id);
  if (!d || (serves && !serves(d->part))) return std::nullopt;
  return library.render_part(*d);
}

const LibraryHealth& library_health(const storage::Store& store, const Library& library) {
  return library.health([&] {
    const LibraryConfig& config = library.config();
    std::vector<KicadCategoryUse> uses;
    for (const auto& k : config.kicad_categories()) {
      KicadCategoryUse use;
      use.category_id = k.category_id;
      const auto* c = config.category(k.category_id);
      use.name = c == nullptr ? "#" + std::to_string(k.category_id) : (c->pathstring.empty() ? c->name : c->pathstring);
      auto served = std::make_shared<ServedLibraryNames>();
      scan_listing(store, library, k.category_id, [&](const storage::PartDetails& d) {
        if (!library.lists(k.category_id, d.part)) return;
        ++use.parts;
        const ServedIds ids = served_ids(d, config);
        if (ids.symbol.empty()) ++use.empty_symbol;
        // The distinct names, for the installed-library check (library_health.h).
        if (!ids.symbol.empty()) ++served->symbols[ids.symbol];
        if (!ids.footprint.empty()) ++served->footprints[ids.footprint];
      });
      use.served = std::move(served);
      uses.push_back(std::move(use));
    }
    return summarise_health(std::move(uses));
  });
}

}  // namespace kibridge::kicad
