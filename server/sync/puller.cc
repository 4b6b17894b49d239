#include "server/sync/puller.h"

#include <algorithm>
#include <tuple>

#include "server/inventree/decode.h"
#include "server/inventree/inventree_api.h"

namespace kibridge::sync {

using inventree::Collection;
using inventree::ErrorKind;
using inventree::InvenTreeError;
using nlohmann::json;

namespace {

// Sorts by id (in place: a 100,000-part snapshot has no room for a merge buffer) and keeps
// one of each id (pages overlap, so items repeat).
template <typename Record>
void sort_unique_by_id(std::vector<Record>& records) {
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) { return a.id < b.id; });
  records.erase(std::unique(records.begin(), records.end(), [](const Record& a, const Record& b) { return a.id == b.id; }),
                records.end());
}

template <typename Record, typename Keep>
int64_t keep_only(std::vector<Record>& records, Keep keep) {
  auto before = records.size();
  records.erase(std::remove_if(records.begin(), records.end(), [&](const Record& r) { return !keep(r); }), records.end());
  return static_cast<int64_t>(before - records.size());
}

// Whether `sorted` (sorted by id) has a record with this id.
template <typename Record>
bool has_id(const std::vector<Record>& sorted, int64_t id) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), id, [](const Record& r, int64_t v) { return r.id < v; });
  return it != sorted.end() && it->id == id;
}

// Decoders that always produce a record, in the shape of the ones that may not.
template <typename Record>
std::optional<Record> always(Record r) {
  return r;
}

}  // namespace

Puller::Puller(inventree::Client& client, PullOptions options, std::function<void(const PullProgress&)> on_progress)
    : client_(client), options_(options), on_progress_(std::move(on_progress)) {}

void Puller::read_list(inventree::InventreeApi& api, const std::string& stage, Collection collection, int page_size,
                       const std::function<void()>& begin_pass, const std::function<void(int64_t)>& reserve,
                       const std::function<int64_t(json&)>& take) {
  for (int pass = 1;; ++pass) {
    begin_pass();
    if (on_progress_) on_progress_(PullProgress{stage, 0, std::nullopt});
    std::vector<int64_t> seen;
    bool reserved = false;
    inventree::ListOptions list_options;
    list_options.page_size = page_size;
    list_options.overlap = options_.page_overlap;
    list_options.keep_keys = &inventree::decoded_keys_of(collection);
    list_options.prefetch = options_.prefetch;
    auto summary = api.list(
        collection, list_options, [&](json& item) { seen.push_back(take(item)); },
        [&](int64_t count) {
          if (!reserved) {
            reserved = true;
            // Room for every item and the repeats of the overlapping pages, once.
            const int64_t repeats = count / std::max(1, page_size) * options_.page_overlap;
            seen.reserve(static_cast<size_t>(count + repeats));
            reserve(count + repeats);
          }
          if (on_progress_) on_progress_(PullProgress{stage, static_cast<int64_t>(seen.size()), count});
        });
    std::sort(seen.begin(), seen.end());
    const auto distinct = static_cast<int64_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
    if (on_progress_) on_progress_(PullProgress{stage, distinct, summary.last_count.value_or(distinct)});
    const bool adds_up =
        !summary.paginated || (summary.first_count == summary.last_count && summary.last_count == distinct);
    if (adds_up) return;
    if (pass >= options_.list_attempts) {
      throw InvenTreeError(ErrorKind::kInconsistent,
                           "InvenTree kept changing while " + stage + " were read (" + std::to_string(distinct) +
                               " distinct items, count " + std::to_string(summary.first_count.value_or(0)) + " -> " +
                               std::to_string(summary.last_count.value_or(0)) + " after " + std::to_string(pass) +
                               " passes); the next pull will try again");
    }
    ++list_rereads_;
  }
}

template <typename Record, typename Decode>
void Puller::read_records(inventree::InventreeApi& api, const std::string& stage, Collection collection,
                          int page_size, std::vector<Record>& out, Decode decode) {
  read_list(
      api, stage, collection, page_size, [&] { out.clear(); }, [&](int64_t n) { out.reserve(static_cast<size_t>(n)); },
      [&](json& item) {
        const int64_t pk = inventree::decode_pk(item);
        if (std::optional<Record> record = decode(item)) out.push_back(std::move(*record));
        return pk;
      });
}

PullResult Puller::pull() {
  const auto started = std::chrono::steady_clock::now();
  const auto client_before = client_.stats();
  PullResult result;
  storage::MirrorSnapshot& snap = result.snapshot;
  // Write-back changes that reach InvenTree from now on may be missing from what this pass
  // reads; the store keeps showing them (Store::apply_mirror).
  snap.read_started_at = std::chrono::system_clock::now();
  list_rereads_ = 0;

  if (on_progress_) on_progress_(PullProgress{"server", 0, std::nullopt});
  inventree::InventreeApi api(client_);
  result.stats.server = api.server();
  inventree::check_supported(result.stats.server);
  const int lists = options_.list_page_size;

  read_records(api, "categories", Collection::kCategories, lists, snap.categories,
               [](const json& i) { return always(inventree::decode_category(i)); });
  read_records(api, "parameter templates", Collection::kParameterTemplates, lists, snap.templates,
               [](const json& i) { return always(inventree::decode_parameter_template(i)); });
  if (options_.embed_parameters) {
    read_list(
        api, "parts", Collection::kPartsWithParameters, options_.page_size,
        [&] {
          snap.parts.clear();
          snap.parameters.clear();
        },
        [&](int64_t n) { snap.parts.reserve(static_cast<size_t>(n)); },
        [&](json& item) {
          snap.parts.push_back(inventree::decode_part(item));
          for (auto& parameter : inventree::decode_embedded_parameters(item)) snap.parameters.push_back(std::move(parameter));
          return snap.parts.back().id;
        });
  } else {
    read_records(api, "parts", Collection::kParts, options_.page_size, snap.parts,
                 [](const json& i) { return always(inventree::decode_part(i)); });
    read_records(api, "parameters", Collection::kParameters, lists, snap.parameters,
                 [](const json& i) { return inventree::decode_part_parameter(i); });
  }
  read_records(api, "attachments", Collection::kDatasheetLinks, lists, snap.attachments,
               [](const json& i) { return inventree::decode_datasheet_attachment(i); });
  if (options_.manufacturer_data) {
    read_records(api, "manufacturer parts", Collection::kManufacturerParts, lists, snap.manufacturer_parts,
                 [](const json& i) { return always(inventree::decode_manufacturer_part(i)); });
    read_records(api, "supplier parts", Collection::kSupplierParts, lists, snap.supplier_parts,
                 [](const json& i) { return always(inventree::decode_supplier_part(i)); });
  }

  if (api.features().category_parameters) {
    read_records(api, "category parameters", Collection::kCategoryParameters, lists, snap.category_parameters,
                 [](const json& i) { return inventree::decode_category_parameter(i); });
  }

  // Overlapping pages repeat items; then drop rows pointing outside this pass.
  sort_unique_by_id(snap.categories);
  sort_unique_by_id(snap.templates);
  sort_unique_by_id(snap.parts);
  sort_unique_by_id(snap.parameters);
  sort_unique_by_id(snap.attachments);
  sort_unique_by_id(snap.manufacturer_parts);
  sort_unique_by_id(snap.supplier_parts);
  sort_unique_by_id(snap.category_parameters);

  int64_t left_out = 0;
  left_out += keep_only(snap.parameters, [&](const storage::PartParameterRecord& r) {
    return has_id(snap.parts, r.part_id) && has_id(snap.templates, r.template_id);
  });
  // One value per part and template (InvenTree's uniqueness rule); a duplicate can only be a
  // row deleted and re-created during the pass, and the newer (higher pk) one wins.
  {
    std::vector<uint32_t> order(snap.parameters.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const auto& x = snap.parameters[a];
      const auto& y = snap.parameters[b];
      return std::tie(x.part_id, x.template_id, y.id) < std::tie(y.part_id, y.template_id, x.id);
    });
    std::vector<bool> drop(snap.parameters.size(), false);
    for (size_t i = 1; i < order.size(); ++i) {
      const auto& prev = snap.parameters[order[i - 1]];
      const auto& cur = snap.parameters[order[i]];
      if (prev.part_id == cur.part_id && prev.template_id == cur.template_id) drop[order[i]] = true;
    }
    size_t w = 0;
    for (size_t i = 0; i < snap.parameters.size(); ++i) {
      if (drop[i]) continue;
      if (w != i) snap.parameters[w] = std::move(snap.parameters[i]);
      ++w;
    }
    left_out += static_cast<int64_t>(snap.parameters.size() - w);
    snap.parameters.resize(w);
  }
  left_out += keep_only(snap.category_parameters, [&](const auto& r) { return has_id(snap.categories, r.category_id); });
  left_out += keep_only(snap.attachments, [&](const auto& r) { return has_id(snap.parts, r.part_id); });
  left_out += keep_only(snap.manufacturer_parts, [&](const auto& r) { return has_id(snap.parts, r.part_id); });
  left_out += keep_only(snap.supplier_parts, [&](const auto& r) { return has_id(snap.parts, r.part_id); });
  for (auto& s : snap.supplier_parts) {
    if (s.manufacturer_part_id && !has_id(snap.manufacturer_parts, *s.manufacturer_part_id)) s.manufacturer_part_id.reset();
  }

  const auto client_after = client_.stats();
  result.stats.requests = client_after.requests - client_before.requests;
  result.stats.retries = client_after.retries - client_before.retries;
  result.stats.bytes_received = client_after.bytes_received - client_before.bytes_received;
  result.stats.left_out = left_out;
  result.stats.list_rereads = list_rereads_;
  result.stats.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace kibridge::sync
