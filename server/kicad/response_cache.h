// ResponseCache: KiCad responses rendered once per data change and served from memory, each
// with its gzip form ready.
//
// Listings and categories.json are rendered ahead (warm()) and re-rendered in place when a
// change touches them: until the new body is ready the previous one keeps being served, so a
// pull or an API write never makes KiCad wait or see half a change. Part details are rendered
// on first request and dropped when their part changes.
//
// Writes coalesce: apply() calls that arrive while a re-render runs are merged and brought in
// by one more re-render, so N concurrent writes cost about two renders instead of N (100
// parallel settings writes took 41-55 s when each re-rendered every listing in turn). Each
// apply() still returns only once a render that started after it was called has been swapped
// in, so a GET after a write's answer sees the write.
//
// Thread-safety: every method may be called from any thread; lookups never wait for a render
// other than their own.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/kicad/libraries.h"
#include "server/kicad/library.h"
#include "storage/change_set.h"
#include "storage/store.h"

namespace kibridge::kicad {

// A rendered body. Large bodies keep only their gzip form: KiCad always asks for gzip, and
// at 100,000 parts the identity forms alone would double the memory held. A client that does
// not accept gzip gets identity_body(), inflated on demand.
struct CachedBody {
  std::string json;  // empty when only the gzip form is kept
  std::string gzip;
};

// The identity form of `body`; shares its memory when kept, else inflates the gzip form.
std::shared_ptr<const std::string> identity_body(const std::shared_ptr<const CachedBody>& body);

// Which body an entry holds. Typed so a lookup builds no string and nothing is parsed back.
struct CacheKey {
  enum class Kind : uint8_t { kCategories, kListing, kPart };
  Kind kind = Kind::kCategories;
  int64_t id = 0;  // the KiCad category of a listing, the part of part details; 0 for categories
  int64_t library = 0;  // Libraries::kDefault, or a named library's id (kicad/libraries.h)

  static CacheKey categories(int64_t library = 0) { return {Kind::kCategories, 0, library}; }
  static CacheKey listing(int64_t category_id, int64_t library = 0) { return {Kind::kListing, category_id, library}; }
  static CacheKey part(int64_t part_id, int64_t library = 0) { return {Kind::kPart, part_id, library}; }

  // "categories", "listing:<id>", "part:<id>", with "@<library id>" for a named library: for
  // messages and tests.
  std::string to_string() const;
  auto operator<=>(const CacheKey&) const = default;
};

struct CacheStats {
  uint64_t renders = 0;     // bodies rendered since start
  size_t listings = 0;      // listings currently cached
  size_t parts = 0;         // part details currently cached
  size_t bytes = 0;         // json + gzip bytes held
  uint64_t listing_renders = 0;     // category listings rendered since start (of `renders`)
  uint64_t listing_render_ns = 0;   // their time in all (read, render, gzip), for /metrics
};

class ResponseCache {
 public:
  // `store` must outlive the cache. Nothing is read until the first call.
  // Bodies larger than `identity_limit` bytes are kept gzip-only.
  explicit ResponseCache(const storage::Store& store, size_t max_cached_parts = 20000,
                         size_t identity_limit = 256 * 1024);

  // Each lookup is for one library (`library`: Libraries::kDefault or a named library's id,
  // from library_id()); each library's bodies are cached and invalidated on their own.
  // nullptr (categories too): the library does not exist (any more).
  std::shared_ptr<const CachedBody> categories(int64_t library = Libraries::kDefault);
  // nullptr: `category_id` is not a KiCad category of the library.
  std::shared_ptr<const CachedBody> listing(int64_t category_id, int64_t library = Libraries::kDefault);
  // nullptr: no such part, or not one the library serves (Libraries::serves_part).
  std::shared_ptr<const CachedBody> part(int64_t part_id, int64_t library = Libraries::kDefault);
  // The id of the library named `name` ("default": Libraries::kDefault) in the current
  // libraries; nullopt when there is none. One map lookup under the lock once loaded.
  std::optional<int64_t> library_id(std::string_view name);

  // Renders categories.json and every listing of every library now (at start-up).
  void warm();
  // Brings the cache up to date after a store write: drops what `changes` touched and
  // re-renders the listings that were cached, before swapping them in. Never throws: the write
  // it follows has committed, and failing it now would report a committed write as failed.
  // When loading or rendering fails, what `changes` touched is dropped instead (everything,
  // for a change to everything), so the next lookup renders it from the store and reports the
  // failure to that request; the error goes to stderr.
  void apply(const storage::ChangeSet& changes) noexcept;

  // The libraries the cached bodies were rendered from (loaded on first use), and of them the
  // default library.
  std::shared_ptr<const Libraries> libraries();
  std::shared_ptr<const Library> library();

  // Data problems seen in the bodies currently cached (symbol without library, ...).
  std::vector<std::string> warnings() const;
  CacheStats stats() const;

  // Test-only: called with the key before every render, on the rendering thread (to slow
  // renders down or make them throw). Set before the cache is used concurrently.
  void set_render_hook_for_testing(std::function<void(const CacheKey& key)> hook) { render_hook_ = std::move(hook); }

 private:
  struct Entry {
    std::shared_ptr<const CachedBody> body;
    std::vector<int64_t> depends_on;  // listings: the categories they show
    std::vector<std::string> warnings;
  };
  // Renders one key from `lib`; nullopt when the id is unknown. The one render path, used by
  // lookups, warm() and apply().
  std::optional<Entry> render_key(const Libraries& libs, const CacheKey& key);
  // Installs freshly rendered entries; the caller holds mutex_. Replaced entries end up in
  // `fresh`, to be freed after the lock is released.
  void swap_in(std::shared_ptr<const Libraries> libs, const std::vector<CacheKey>& stale_listings,
               const std::vector<CacheKey>& stale_parts, bool everything, std::map<CacheKey, Entry>& fresh);
  std::shared_ptr<const CachedBody> lookup_or_render(const CacheKey& key);
  // One re-render for `changes` (apply()'s batch); throws what loading or rendering throws.
  void apply_batch(const storage::ChangeSet& changes);
  // Whether `changes` may alter the cached body `key`.
  static bool touched(const storage::ChangeSet& changes, const CacheKey& key, const Entry& entry);
  // apply_batch() failed: drops what `changes` touched so lookups render it afresh.
  void drop(const storage::ChangeSet& changes) noexcept;

  const storage::Store& store_;
  const size_t max_cached_parts_;
  const size_t identity_limit_;
  // apply()'s coalescing: changes not yet taken by a re-render, and tickets (one per apply()
  // call) so each caller knows when a re-render covering it has finished.
  std::mutex apply_mutex_;
  std::condition_variable applied_;
  storage::ChangeSet pending_;
  uint64_t tickets_issued_ = 0;
  uint64_t tickets_applied_ = 0;
  bool applying_ = false;
  std::function<void(const CacheKey&)> render_hook_;
  mutable std::mutex mutex_;      // guards everything below
  std::shared_ptr<const Libraries> libraries_;
  std::map<CacheKey, Entry> entries_;
  // Renders in progress: a second request for the same key waits for the first render
  // instead of doing it again (start-up warm-up racing KiCad's first load).
  std::map<CacheKey, std::shared_future<std::shared_ptr<const CachedBody>>> in_flight_;
  size_t cached_parts_ = 0;
  uint64_t generation_ = 0;       // bumped by apply(); a render from an older one is discarded
  std::atomic<uint64_t> renders_{0};
  std::atomic<uint64_t> listing_renders_{0};
  std::atomic<uint64_t> listing_render_ns_{0};
};

}  // namespace kibridge::kicad
