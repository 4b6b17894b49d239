#include "server/kicad/response_cache.h"


#include <algorithm>
#include <iostream>
#include <set>

#include "server/platform/process_tuning.h"
#include "server/util/gzip.h"

namespace kibridge::kicad {

using KeyKind = CacheKey::Kind;

// Appended into one reserved string rather than built with operator+ chains: GCC 12 at -O3
// (the MinGW Release build) inlines `"@" + std::to_string(n)` into a memcpy it cannot prove
// disjoint and warns -Wrestrict there, a false positive that would hide real warnings.
std::string CacheKey::to_string() const {
  std::string out;
  out.reserve(64);  // the longest: "listing:" and "@", each with 20 characters of an int64
  switch (kind) {
    case KeyKind::kCategories: out.append("categories"); break;
    case KeyKind::kListing: out.append("listing:").append(std::to_string(id)); break;
    case KeyKind::kPart: out.append("part:").append(std::to_string(id)); break;
  }
  if (out.empty()) return "?";  // not a Kind (-Wswitch names a new one left out above)
  if (library != Libraries::kDefault) out.append("@").append(std::to_string(library));
  return out;
}

bool ResponseCache::touched(const storage::ChangeSet& changes, const CacheKey& key, const Entry& entry) {
  if (changes.everything) return true;
  switch (key.kind) {
    case KeyKind::kListing:
      return std::any_of(entry.depends_on.begin(), entry.depends_on.end(),
                         [&](int64_t c) { return changes.categories.count(c) != 0; });
    case KeyKind::kPart: return changes.parts.count(key.id) != 0;
    case KeyKind::kCategories: return false;
  }
  return true;
}

std::shared_ptr<const std::string> identity_body(const std::shared_ptr<const CachedBody>& body) {
  if (!body->json.empty() || body->gzip.empty()) return std::shared_ptr<const std::string>(body, &body->json);
  return std::make_shared<const std::string>(util::gzip_decompress(body->gzip));
}

ResponseCache::ResponseCache(const storage::Store& store, size_t max_cached_parts, size_t identity_limit)
    : store_(store), max_cached_parts_(max_cached_parts), identity_limit_(identity_limit) {}

std::shared_ptr<const Libraries> ResponseCache::libraries() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (libraries_) return libraries_;
  }
  auto fresh = Libraries::load(store_);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!libraries_) libraries_ = fresh;
  return libraries_;
}

std::shared_ptr<const Library> ResponseCache::library() { return libraries()->default_library(); }

std::optional<int64_t> ResponseCache::library_id(std::string_view name) { return libraries()->id_of(name); }

namespace {

// Collects a body as it is produced: always its gzip form, and the identity form while it
// stays under the limit.
class BodyBuilder {
 public:
  explicit BodyBuilder(size_t identity_limit) : identity_limit_(identity_limit) {}
  void append(std::string_view piece) {
    gzip_.append(piece);
    if (!keep_identity_) return;
    if (identity_.size() + piece.size() > identity_limit_) {
      keep_identity_ = false;
      std::string().swap(identity_);
    } else {
      identity_.append(piece);
    }
  }
  std::shared_ptr<const CachedBody> finish() {
    auto body = std::make_shared<CachedBody>();
    body->gzip = gzip_.finish();
    body->json = std::move(identity_);
    return body;
  }

 private:
  const size_t identity_limit_;
  util::GzipWriter gzip_;
  std::string identity_;
  bool keep_identity_ = true;
};

}  // namespace

std::optional<ResponseCache::Entry> ResponseCache::render_key(const Libraries& libs, const CacheKey& key) {
  const Libraries::Entry* library = libs.find(key.library);
  if (library == nullptr) return std::nullopt;
  const Library& lib = *library->library;
  if (render_hook_) render_hook_(key);
  const auto started = std::chrono::steady_clock::now();
  BodyBuilder builder(identity_limit_);
  Entry entry;
  switch (key.kind) {
    case KeyKind::kCategories: {
      auto rendered = lib.render_categories();
      builder.append(rendered.body);
      entry.warnings = std::move(rendered.warnings);
      break;
    }
    case KeyKind::kListing: {
      const auto out = [&builder](std::string_view piece) { builder.append(piece); };
      if (!render_listing(store_, lib, key.id, out, entry.warnings)) return std::nullopt;
      entry.depends_on = lib.listing_dependencies(key.id);
      break;
    }
    case KeyKind::kPart: {
      auto rendered = render_part(store_, lib, key.id, [&](const storage::PartRecord& p) {
        return libs.serves_part(key.library, p);
      });
      if (!rendered) return std::nullopt;
      builder.append(rendered->body);
      entry.warnings = std::move(rendered->warnings);
      break;
    }
  }
  ++renders_;
  entry.body = builder.finish();
  if (key.kind == KeyKind::kListing) {
    ++listing_renders_;
    listing_render_ns_ += static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count());
  }
  return entry;
}

std::shared_ptr<const CachedBody> ResponseCache::lookup_or_render(const CacheKey& key) {
  uint64_t generation;
  std::promise<std::shared_ptr<const CachedBody>> promise;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) return it->second.body;
    auto pending = in_flight_.find(key);
    if (pending != in_flight_.end()) {
      auto future = pending->second;
      lock.unlock();
      return future.get();
    }
    in_flight_.emplace(key, promise.get_future().share());
    generation = generation_;
  }
  std::optional<Entry> entry;
  try {
    entry = render_key(*libraries(), key);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_.erase(key);
    promise.set_exception(std::current_exception());
    throw;
  }
  std::shared_ptr<const CachedBody> body = entry ? entry->body : nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_flight_.erase(key);
    const bool is_part = key.kind == KeyKind::kPart;
    // A render from before a change is served to its own caller, never kept; part details
    // are kept up to a bound.
    if (entry && generation == generation_ && !(is_part && cached_parts_ >= max_cached_parts_)) {
      auto [it, inserted] = entries_.emplace(key, std::move(*entry));
      if (inserted && is_part) ++cached_parts_;
    }
  }
  promise.set_value(body);
  return body;
}

std::shared_ptr<const CachedBody> ResponseCache::categories(int64_t library) {
  return lookup_or_render(CacheKey::categories(library));
}
std::shared_ptr<const CachedBody> ResponseCache::listing(int64_t id, int64_t library) {
  return lookup_or_render(CacheKey::listing(id, library));
}
std::shared_ptr<const CachedBody> ResponseCache::part(int64_t id, int64_t library) {
  return lookup_or_render(CacheKey::part(id, library));
}

void ResponseCache::warm() {
  auto libs = libraries();
  for (const auto& e : libs->all()) {
    categories(e.id);
    for (const auto& k : e.library->config().kicad_categories()) listing(k.category_id, e.id);
  }
  // Rendering builds large transient strings; hand their pages back to the OS.
  platform::return_free_memory();
}

void ResponseCache::apply(const storage::ChangeSet& changes) noexcept {
  if (changes.empty()) return;
  std::unique_lock<std::mutex> lock(apply_mutex_);
  pending_.merge(changes);
  const uint64_t ticket = ++tickets_issued_;
  // Either a re-render that takes this change is started by this thread, or this thread waits
  // for the one that takes it: a re-render running now may have started before the change was
  // committed, so only one started after pending_ took it counts.
  while (tickets_applied_ < ticket) {
    if (applying_) {
      applied_.wait(lock);
      continue;
    }
    applying_ = true;
    storage::ChangeSet batch;
    std::swap(batch, pending_);
    const uint64_t covered = tickets_issued_;
    lock.unlock();
    try {
      apply_batch(batch);
    } catch (const std::exception& e) {
      std::cerr << "kibridge: re-rendering KiCad responses failed (" << e.what()
                << "); they are rendered again on the next request\n";
      drop(batch);
    } catch (...) {
      std::cerr << "kibridge: re-rendering KiCad responses failed; they are rendered again on the next request\n";
      drop(batch);
    }
    lock.lock();
    applying_ = false;
    tickets_applied_ = covered;
    applied_.notify_all();
  }
}

void ResponseCache::drop(const storage::ChangeSet& changes) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  ++generation_;      // renders that started before are not kept either
  libraries_.reset();  // reloaded from the store on the next lookup
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (!touched(changes, it->first, it->second)) {
      ++it;
      continue;
    }
    if (it->first.kind == KeyKind::kPart) --cached_parts_;
    it = entries_.erase(it);
  }
}

void ResponseCache::apply_batch(const storage::ChangeSet& changes) {
  auto libs = Libraries::load(store_);

  // Which cached keys the change touches.
  std::vector<CacheKey> stale_listings;
  std::vector<CacheKey> stale_parts;
  bool categories_stale = changes.everything;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [key, entry] : entries_) {
      if (key.kind == KeyKind::kCategories || !touched(changes, key, entry)) continue;
      (key.kind == KeyKind::kListing ? stale_listings : stale_parts).push_back(key);
    }
  }
  // With everything changed, the set of libraries and of their KiCad categories may differ:
  // render what the new libraries list, not what was cached.
  std::set<CacheKey> to_render(stale_listings.begin(), stale_listings.end());
  if (changes.everything) {
    for (const auto& e : libs->all()) {
      for (const auto& k : e.library->config().kicad_categories()) to_render.insert(CacheKey::listing(k.category_id, e.id));
      if (categories_stale) to_render.insert(CacheKey::categories(e.id));
    }
  }

  // Render outside the lock: lookups keep being answered from the old bodies meanwhile.
  std::map<CacheKey, Entry> fresh;
  for (const auto& key : to_render) {
    if (auto entry = render_key(*libs, key)) fresh.emplace(key, std::move(*entry));
  }

  {
    std::lock_guard<std::mutex> lock(mutex_);
    swap_in(libs, stale_listings, stale_parts, changes.everything, fresh);
  }
  // The replaced bodies are gone once `fresh` (now the old entries) goes; return their pages.
  fresh.clear();
  platform::return_free_memory();
}

void ResponseCache::swap_in(std::shared_ptr<const Libraries> libs, const std::vector<CacheKey>& stale_listings,
                            const std::vector<CacheKey>& stale_parts, bool everything,
                            std::map<CacheKey, Entry>& fresh) {
  ++generation_;
  libraries_ = std::move(libs);
  for (const auto& key : stale_listings) entries_.erase(key);
  for (const auto& key : stale_parts) {
    if (entries_.erase(key)) --cached_parts_;
  }
  if (everything) {
    // Every library's categories.json, those of removed libraries too.
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->first.kind == KeyKind::kCategories ? entries_.erase(it) : std::next(it);
    }
  }
  // Swap rather than assign, so the old bodies leave with `fresh` outside the lock.
  for (auto& [key, entry] : fresh) std::swap(entries_[key], entry);
}

std::vector<std::string> ResponseCache::warnings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::set<std::string> unique;
  for (const auto& [key, entry] : entries_) unique.insert(entry.warnings.begin(), entry.warnings.end());
  return {unique.begin(), unique.end()};
}

CacheStats ResponseCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  CacheStats s;
  s.renders = renders_.load();
  s.listing_renders = listing_renders_.load();
  s.listing_render_ns = listing_render_ns_.load();
  s.parts = cached_parts_;
  for (const auto& [key, entry] : entries_) {
    if (key.kind == KeyKind::kListing) ++s.listings;
    s.bytes += entry.body->json.size() + entry.body->gzip.size();
  }
  return s;
}

}  // namespace kibridge::kicad
