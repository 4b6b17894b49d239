#include "server/kicad/library.h"

#include <algorithm>

#include "server/kicad/part_renderer.h"
#include "server/kicad/served_names.h"
#include "storage/sync_state_store.h"

namespace kibridge::kicad {

namespace {
std::string dump(const nlohmann::ordered_json& j) {
  // Invalid UTF-8 from the mirror is replaced rather than failing the whole response.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// The InvenTree server the mirror was last pulled from ("" when never): the base of the "Part
// URL" field when INVENTREE_URL is not set.
std::string pulled_from(const storage::Store& store) {
  try {
    storage::SyncStateStore history(store);
    if (auto run = history.last_success()) return run->inventree_url;
  } catch (const storage::StorageError&) {
    // No history to read: the field is left out, as without any URL.
  }
  return "";
}

}  // namespace

std::shared_ptr<const Library> Library::load(const storage::Store& store) {
  KicadSettings settings = parse_settings(store.settings());
  if (settings.inventree_url.empty()) settings.inventree_url = pulled_from(store);
  LibraryConfig config(std::move(settings), store.parameter_templates(), store.categories(),
                       store.kicad_categories(), store.footprint_mappings());
  return std::make_shared<const Library>(std::move(config), store.parts());
}

Library::Library(LibraryConfig config, const std::vector<storage::PartRecord>& parts) : config_(std::move(config)) {
  std::vector<const storage::PartRecord*> listed;
  listed.reserve(parts.size());
  for (const auto& p : parts) {
    if (config_.is_listed(p)) listed.push_back(&p);
  }
  served_names_ = assign_served_names(listed, config_.settings().use_ipn_as_name);
}

std::string Library::served_name(const storage::PartRecord& part) const {
  auto it = served_names_.find(part.id);
  if (it != served_names_.end()) return it->second;
  return base_part_name(part, config_.settings().use_ipn_as_name);
}

RenderedJson Library::render_categories() const {
  std::vector<const storage::CategoryRecord*> selected;
  for (const auto& k : config_.kicad_categories()) {
    if (const auto* c = config_.category(k.category_id)) selected.push_back(c);
  }
  std::sort(selected.begin(), selected.end(), [](auto* a, auto* b) { return a->pathstring < b->pathstring; });
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto* c : selected) {
    out.push_back({{"id", std::to_string(c->id)},
                   {"name", c->pathstring.empty() ? c->name : c->pathstring},
                   {"description", c->description}});
  }
  return {dump(out), {}};
}

std::vector<int64_t> Library::listing_dependencies(int64_t category_id) const {
  const auto* k = config_.kicad_category_of(category_id);
  if (k == nullptr) return {};
  return config_.categories_listed_by(*k);
}

bool Library::for_each_listed_part(const storage::Store& store, int64_t category_id,
                                   const std::function<void(const storage::PartDetails&)>& visit) const {
  const auto* k = config_.kicad_category_of(category_id);
  if (k == nullptr) return false;
  constexpr size_t kBatch = 2000;
  store.scan_part_details_in_categories(config_.categories_listed_by(*k), kBatch,
                                        [&](std::vector<storage::PartDetails>& batch) {
                                          for (const auto& d : batch) {
                                            if (config_.is_listed(d.part) && config_.listing_for(d.part.category_id) == k) {
                                              visit(d);
                                            }
                                          }
                                        });
  return true;
}

bool Library::render_listing(const storage::Store& store, int64_t category_id,
                             const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings) const {
  if (config_.kicad_category_of(category_id) == nullptr) return false;
  // Flushed per ~64 KiB so memory stays bounded however large the category.
  constexpr size_t kChunk = 64 * 1024;
  out("[");
  std::string chunk;
  bool first = true;
  for_each_listed_part(store, category_id, [&](const storage::PartDetails& d) {
    if (!first) chunk += ',';
    first = false;
    chunk += dump(render_listing_entry(d, config_, served_name(d.part), warnings));
    if (chunk.size() >= kChunk) {
      out(chunk);
      chunk.clear();
    }
  });
  if (!chunk.empty()) out(chunk);
  out("]");
  return true;
}

const LibraryHealth& Library::health(const storage::Store& store) const {
  std::call_once(health_once_, [&] {
    std::vector<KicadCategoryUse> uses;
    for (const auto& k : config_.kicad_categories()) {
      KicadCategoryUse use;
      use.category_id = k.category_id;
      const auto* c = config_.category(k.category_id);
      use.name = c == nullptr ? "#" + std::to_string(k.category_id) : (c->pathstring.empty() ? c->name : c->pathstring);
      for_each_listed_part(store, k.category_id, [&](const storage::PartDetails& d) {
        ++use.parts;
        if (served_symbol(d, config_).empty()) ++use.empty_symbol;
      });
      uses.push_back(std::move(use));
    }
    health_ = summarise_health(std::move(uses));
  });
  return health_;
}

std::optional<RenderedJson> Library::render_part(const storage::Store& store, int64_t part_id) const {
  auto d = store.part_details(part_id);
  if (!d) return std::nullopt;
  RenderedJson out;
  out.body = dump(render_part_detail(*d, config_, served_name(d->part), out.warnings));
  return out;
}

}  // namespace kibridge::kicad
