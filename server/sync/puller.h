// Puller: one complete read of InvenTree into a MirrorSnapshot (the staging area). It writes
// nothing; applying the snapshot is the caller's single Store::apply_mirror.
//
// Order: the server's API version (which picks the endpoints: inventree/inventree_api.h, the
// only place that knows them), then categories, parameter templates, parts with their stock
// totals, part parameters (embedded in the part pages, or from the parameter list), datasheet
// link attachments and, when asked, manufacturer and supplier parts.
//
// Exactness: every list is paged with limit/offset (parts ordered by id where the API can), with
// pages overlapping by a few items so a deletion in InvenTree during the paging cannot make an
// item slip between two pages. Items are de-duplicated by pk; a list whose reported count
// changed during the paging, or whose distinct items do not add up to the count, is read
// again (up to PullOptions::list_attempts) and otherwise fails the pull with kInconsistent.
// Rows that point at something the pass did not see (a parameter of a part created after the
// parts were read) are left out; the next pull picks them up. Every vector of the snapshot
// comes sorted by id, without duplicate ids.
//
// Errors: throws inventree::InvenTreeError; no partial snapshot ever escapes.
// Thread-safety: a Puller is used by one thread; cancel the pull through Client::cancel().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/inventree/client.h"
#include "server/inventree/inventree_api.h"
#include "storage/records.h"

namespace kibridge::sync {

struct PullOptions {
  // Parts per request. InvenTree computes about 15 stock and pricing annotations per part
  // row, and its guidance is 100-500 per page; 500 halves the requests of 200 at the same
  // client cost (measurements in tools/sync-bench/README.md).
  int page_size = 500;
  // Items per request for the cheap lists (parameters, categories, templates, attachments,
  // manufacturer and supplier parts): plain rows of ~150 bytes, so bigger pages cost the
  // server little and save most of the requests of a pull.
  int list_page_size = 2000;
  // Items repeated at the start of each next page (see "Exactness" above).
  int page_overlap = 5;
  // Read parameters embedded in the part pages (Collection::kPartsWithParameters) instead of from the
  // parameter list. Off by measurement: embedded parameters carry their full template and
  // user objects (262 MB instead of 164 MB for 100,000 parts, and more CPU).
  bool embed_parameters = false;
  // Also read manufacturer and supplier parts (setting KICAD_ENABLE_MANUFACTURER_DATA).
  bool manufacturer_data = false;
  // Request the next page while the current one is decoded.
  bool prefetch = true;
  int list_attempts = 3;
};

struct PullProgress {
  std::string stage;             // "categories", "parts", ...
  int64_t done = 0;              // items of this stage read so far
  std::optional<int64_t> total;  // InvenTree's count, once known
};

struct PullStats {
  inventree::ServerInfo server;
  int64_t requests = 0;
  int64_t retries = 0;
  int64_t bytes_received = 0;
  int64_t left_out = 0;  // rows dropped because what they point at was not in the pass
  int list_rereads = 0;  // lists read again because InvenTree changed during the paging
  std::chrono::milliseconds duration{0};
};

struct PullResult {
  storage::MirrorSnapshot snapshot;
  PullStats stats;
};

class Puller {
 public:
  Puller(inventree::Client& client, PullOptions options,
         std::function<void(const PullProgress&)> on_progress = nullptr);

  PullResult pull();

 private:
  // Pages through one list endpoint until a pass adds up (see "Exactness"). begin_pass()
  // resets the caller's collection before each pass, reserve(n) announces the number of
  // items once it is known, and take(item) consumes one item and returns its pk.
  void read_list(inventree::InventreeApi& api, const std::string& stage, inventree::Collection collection, int page_size,
                 const std::function<void()>& begin_pass, const std::function<void(int64_t)>& reserve,
                 const std::function<int64_t(nlohmann::json&)>& take);
  // read_list into `out`, one record per item for which decode(item) gives one.
  template <typename Record, typename Decode>
  void read_records(inventree::InventreeApi& api, const std::string& stage, inventree::Collection collection,
                    int page_size, std::vector<Record>& out, Decode decode);

  inventree::Client& client_;
  PullOptions options_;
  std::function<void(const PullProgress&)> on_progress_;
  int list_rereads_ = 0;
};

}  // namespace kibridge::sync
