#include "server/kicad/library.h"

#include <algorithm>

#include "server/kicad/part_renderer.h"
#include "server/kicad/served_names.h"

namespace kibridge::kicad {

namespace {
std::string dump(const nlohmann::ordered_json& j) {
  // Invalid UTF-8 from the mirror is replaced rather than failing the whole response.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

LibraryConfigRows read_library_config_rows(const storage::Snapshot& snapshot) {
  LibraryConfigRows rows;
  rows.settings = parse_settings(snapshot.configuration().settings());
  if (rows.settings.inventree_url.empty()) {
    // The InvenTree server the mirror was last pulled from ("" when never): the base of the
    // "Part URL" field when INVENTREE_URL is not set.
    if (auto run = snapshot.sync_state().last_success()) rows.settings.inventree_url = run->inventree_url;
  }
  rows.templates = snapshot.mirror().parameter_templates();
  rows.categories = snapshot.mirror().categories();
  rows.kicad_categories = snapshot.configuration().kicad_categories();
  rows.footprint_mappings = snapshot.configuration().footprint_mappings();
  rows.category_parameters = snapshot.mirror().category_parameters();
  rows.libraries = snapshot.configuration().libraries();
  return rows;
}

LibraryConfig read_library_config(const storage::Snapshot& snapshot) {
  LibraryConfigRows rows = read_library_config_rows(snapshot);
  return LibraryConfig(std::move(rows.settings), std::move(rows.templates), std::move(rows.categories),
                       std::move(rows.kicad_categories), std::move(rows.footprint_mappings), rows.category_parameters,
                       std::move(rows.libraries));
}

LibraryConfig library_config(const LibraryConfigRows& rows, const std::string& library) {
  return LibraryConfig(rows.settings, rows.templates, rows.categories, rows.kicad_categories, rows.footprint_mappings,
                       rows.category_parameters, rows.libraries, library);
}

std::shared_ptr<const Library> Library::load(const storage::Store& store) { return load(*store.snapshot()); }

std::shared_ptr<const Library> Library::load(const storage::Snapshot& snapshot) {
  return std::make_shared<const Library>(library_config(read_library_config_rows(snapshot), ""),
                                         snapshot.mirror().parts());
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

bool Library::lists(int64_t category_id, const storage::PartRecord& part) const {
  const auto* k = config_.kicad_category_of(category_id);
  return k != nullptr && shows(*k, part);
}

bool Library::shows(const storage::KicadCategoryRecord& kicad_category, const storage::PartRecord& part) const {
  return config_.is_listed(part) && config_.listing_for(part.category_id) == &kicad_category;
}

std::optional<Library::Listing> Library::begin_listing(int64_t category_id,
                                                       const std::function<void(std::string_view)>& out,
                                                       std::vector<std::string>& warnings) const {
  const auto* k = config_.kicad_category_of(category_id);
  if (k == nullptr) return std::nullopt;
  return Listing(*this, *k, out, warnings);
}

Library::Listing::Listing(const Library& library, const storage::KicadCategoryRecord& kicad_category,
                          const std::function<void(std::string_view)>& out, std::vector<std::string>& warnings)
    : library_(library), kicad_category_(kicad_category), out_(out), warnings_(warnings) {
  out_("[");
}

void Library::Listing::add(const storage::PartDetails& d) {
  // Flushed per ~64 KiB so memory stays bounded however large the category.
  constexpr size_t kChunk = 64 * 1024;
  if (!library_.shows(kicad_category_, d.part)) return;
  if (!first_) chunk_ += ',';
  first_ = false;
  chunk_ += dump(render_listing_entry(d, library_.config_, library_.served_name(d.part), warnings_));
  if (chunk_.size() >= kChunk) {
    out_(chunk_);
    chunk_.clear();
  }
}

void Library::Listing::finish() {
  if (!chunk_.empty()) out_(chunk_);
  chunk_.clear();
  out_("]");
}

const LibraryHealth& Library::health(const std::function<LibraryHealth()>& compute) const {
  std::call_once(health_once_, [&] { health_ = compute(); });
  return health_;
}

RenderedJson Library::render_part(const storage::PartDetails& d) const {
  RenderedJson out;
  out.body = dump(render_part_detail(d, config_, served_name(d.part), out.warnings));
  return out;
}

}  // namespace kibridge::kicad
