#include "server/kicad/libraries.h"

#include <algorithm>

#include "storage/limits.h"

namespace kibridge::kicad {

std::string library_path(const std::string& name) {
  if (name.empty() || name == storage::limits::kDefaultLibraryName) return std::string(kDefaultLibraryRoot) + "/";
  return std::string(kNamedLibrariesRoot) + name + "/v1/";
}

std::shared_ptr<const Libraries> Libraries::load(const storage::Store& store) { return load(*store.snapshot()); }

std::shared_ptr<const Libraries> Libraries::load(const storage::Snapshot& snapshot) {
  const LibraryConfigRows rows = read_library_config_rows(snapshot);
  const std::vector<storage::PartRecord> parts = snapshot.mirror().parts();
  auto out = std::make_shared<Libraries>();
  out->entries_.push_back(
      {kDefault, storage::limits::kDefaultLibraryName, "", std::make_shared<const Library>(library_config(rows, ""), parts)});
  for (const auto& l : rows.libraries) {
    out->entries_.push_back({l.id, l.name, l.description, std::make_shared<const Library>(library_config(rows, l.name), parts)});
  }
  for (const auto& e : out->entries_) out->ids_by_name_.emplace(e.name, e.id);
  return out;
}

const Libraries::Entry* Libraries::find(int64_t id) const {
  // A handful of libraries: a scan is as fast as a map and keeps the entries in order.
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::optional<int64_t> Libraries::id_of(std::string_view name) const {
  auto it = ids_by_name_.find(name);
  if (it == ids_by_name_.end()) return std::nullopt;
  return it->second;
}

bool Libraries::serves_part(int64_t id, const storage::PartRecord& part) const {
  const Entry* entry = find(id);
  if (entry == nullptr) return false;
  const auto claims = [&](const Entry& e) { return e.library->config().listing_for(part.category_id) != nullptr; };
  if (id != kDefault) return claims(*entry);
  if (claims(*entry)) return true;
  for (size_t i = 1; i < entries_.size(); ++i) {
    if (claims(entries_[i])) return false;
  }
  return true;
}

nlohmann::json library_list_json(const std::vector<storage::LibraryRecord>& libraries,
                                 const std::vector<storage::KicadCategoryRecord>& kicad_categories) {
  const auto one = [&](const std::string& name, const std::string& stored_as, const std::string& description) {
    const auto count = std::count_if(kicad_categories.begin(), kicad_categories.end(),
                                     [&](const auto& k) { return k.library == stored_as; });
    return nlohmann::json{{"name", name},
                          {"description", description},
                          {"default", stored_as.empty()},
                          {"path", library_path(name)},
                          {"kicad_categories", count}};
  };
  nlohmann::json out = nlohmann::json::array();
  out.push_back(one(storage::limits::kDefaultLibraryName, "", ""));
  for (const auto& l : libraries) out.push_back(one(l.name, l.name, l.description));
  return out;
}

LibraryHealth installed_checked_health(const storage::Store& store, const Library& library,
                                       InstalledLibraries& installed, InstalledIndex how) {
  const KicadSettings& s = library.config().settings();
  const LibraryRoots roots = library_roots(s.symbol_dirs, s.footprint_dirs);
  const auto index = how == InstalledIndex::kWait ? installed.get(roots) : installed.ready(roots);
  if (index == nullptr) return library_health(store, library);
  return check_installed(library_health(store, library), *index);
}

nlohmann::json libraries_health_json(const storage::Store& store, const Libraries& libraries,
                                     InstalledLibraries& installed, InstalledIndex how) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : libraries.all()) {
    nlohmann::json one{{"name", e.name},
                       {"description", e.description},
                       {"default", e.id == Libraries::kDefault},
                       {"path", library_path(e.name)}};
    one.update(health_json(installed_checked_health(store, *e.library, installed, how)));
    out.push_back(std::move(one));
  }
  return out;
}

}  // namespace kibridge::kicad
