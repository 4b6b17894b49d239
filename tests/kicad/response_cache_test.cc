// ResponseCache on its own (no HTTP): what a lookup renders and keeps, what an apply() of a
// ChangeSet re-renders or drops, the bound on cached part details, gzip-only large bodies,
// and the typed keys its render hook sees.
#include "server/kicad/response_cache.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "server/util/gzip.h"
#include "storage/store.h"
#include "tests/http/sample_library.h"
#include "tests/support/temp_db.h"

namespace kibridge::kicad {
namespace {

namespace sample = testing::sample;
using nlohmann::json;

json body_json(const std::shared_ptr<const CachedBody>& body) { return json::parse(*identity_body(body)); }

// The names in a listing body.
std::set<std::string> listed_names(const std::shared_ptr<const CachedBody>& body) {
  std::set<std::string> names;
  for (const auto& item : body_json(body)) names.insert(item.value("name", ""));
  return names;
}

class ResponseCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<storage::Store>(db_.path());
    sample::seed(*store_);
  }
  // Renames part `id` in the mirror; returns the store's ChangeSet of that write.
  storage::ChangeSet rename(int64_t id, const std::string& name) {
    auto snapshot = sample::snapshot();
    for (auto& p : snapshot.parts) {
      if (p.id == id) p.name = name;
    }
    return store_->mirror().apply_mirror(snapshot);
  }

  testing::TempDb db_;
  std::unique_ptr<storage::Store> store_;
};

TEST(CacheKeyTest, KeysOfDifferentKindsOrIdsDiffer) {
  EXPECT_EQ(CacheKey::listing(2), CacheKey::listing(2));
  EXPECT_NE(CacheKey::listing(2), CacheKey::part(2));
  EXPECT_NE(CacheKey::listing(2), CacheKey::listing(3));
  EXPECT_NE(CacheKey::categories(), CacheKey::listing(0));
  EXPECT_EQ(CacheKey::categories().to_string(), "categories");
  EXPECT_EQ(CacheKey::listing(2).to_string(), "listing:2");
  EXPECT_EQ(CacheKey::part(101).to_string(), "part:101");
  // A named library's keys carry its id; the extremes of int64 fit the reserved length.
  EXPECT_EQ(CacheKey::categories(3).to_string(), "categories@3");
  EXPECT_EQ(CacheKey::listing(2, 7).to_string(), "listing:2@7");
  EXPECT_EQ(CacheKey::part(INT64_MIN, INT64_MAX).to_string(), "part:-9223372036854775808@9223372036854775807");
}

TEST_F(ResponseCacheTest, RendersOnceThenServesTheSameBody) {
  ResponseCache cache(*store_);
  auto first = cache.listing(sample::kResistors);
  ASSERT_TRUE(first);
  EXPECT_EQ(listed_names(first), (std::set<std::string>{"R_10k_0603", "R_1k_0603"}));
  const uint64_t renders = cache.stats().renders;
  EXPECT_EQ(cache.listing(sample::kResistors), first);  // the same buffer, not a re-render
  EXPECT_EQ(cache.stats().renders, renders);

  auto part = cache.part(sample::kR10k);
  ASSERT_TRUE(part);
  EXPECT_EQ(body_json(part).value("name", ""), "R_10k_0603");
  EXPECT_EQ(cache.part(sample::kR10k), part);
  ASSERT_TRUE(cache.categories());
  const CacheStats stats = cache.stats();
  EXPECT_EQ(stats.listings, 1u);
  EXPECT_EQ(stats.parts, 1u);
  EXPECT_GT(stats.bytes, 0u);
}

TEST_F(ResponseCacheTest, UnknownIdsAreNullAndNotKept) {
  ResponseCache cache(*store_);
  EXPECT_EQ(cache.listing(sample::kMechanical), nullptr);  // not a KiCad category
  EXPECT_EQ(cache.listing(999), nullptr);
  EXPECT_EQ(cache.part(999), nullptr);
  EXPECT_EQ(cache.stats().listings, 0u);
  EXPECT_EQ(cache.stats().parts, 0u);
}

TEST_F(ResponseCacheTest, WarmRendersCategoriesAndEveryListing) {
  std::vector<CacheKey> rendered;
  ResponseCache cache(*store_);
  cache.set_render_hook_for_testing([&](const CacheKey& key) { rendered.push_back(key); });
  cache.warm();
  EXPECT_EQ(std::set<CacheKey>(rendered.begin(), rendered.end()),
            (std::set<CacheKey>{CacheKey::categories(), CacheKey::listing(sample::kResistors),
                                CacheKey::listing(sample::kCapacitors)}));
  EXPECT_EQ(cache.stats().listings, 2u);
}

TEST_F(ResponseCacheTest, ApplyReRendersTheTouchedListingAndDropsTheTouchedPart) {
  ResponseCache cache(*store_);
  cache.warm();
  auto capacitors = cache.listing(sample::kCapacitors);
  auto r10k = cache.part(sample::kR10k);
  auto r1k = cache.part(sample::kR1k);

  std::vector<CacheKey> rendered;
  cache.set_render_hook_for_testing([&](const CacheKey& key) { rendered.push_back(key); });
  const storage::ChangeSet changes = rename(sample::kR10k, "R_10k_renamed");
  ASSERT_TRUE(changes.parts.count(sample::kR10k));
  cache.apply(changes);

  // The listing that shows the part was re-rendered during apply(), the part details were
  // dropped (rendered again on their next lookup), nothing else was touched.
  EXPECT_EQ(rendered, std::vector<CacheKey>{CacheKey::listing(sample::kResistors)});
  EXPECT_EQ(listed_names(cache.listing(sample::kResistors)), (std::set<std::string>{"R_10k_renamed", "R_1k_0603"}));
  EXPECT_EQ(cache.listing(sample::kCapacitors), capacitors);
  EXPECT_EQ(cache.part(sample::kR1k), r1k);
  auto renamed = cache.part(sample::kR10k);
  EXPECT_NE(renamed, r10k);
  EXPECT_EQ(body_json(renamed).value("name", ""), "R_10k_renamed");
  EXPECT_EQ(rendered.back(), CacheKey::part(sample::kR10k));
}

TEST_F(ResponseCacheTest, AChangeToEverythingReRendersCategoriesAndListings) {
  ResponseCache cache(*store_);
  cache.warm();
  auto categories = cache.categories();
  std::vector<CacheKey> rendered;
  cache.set_render_hook_for_testing([&](const CacheKey& key) { rendered.push_back(key); });
  storage::ChangeSet everything;
  everything.everything = true;
  cache.apply(everything);
  EXPECT_EQ(std::set<CacheKey>(rendered.begin(), rendered.end()),
            (std::set<CacheKey>{CacheKey::categories(), CacheKey::listing(sample::kResistors),
                                CacheKey::listing(sample::kCapacitors)}));
  EXPECT_NE(cache.categories(), categories);
}

TEST_F(ResponseCacheTest, AFailedReRenderDropsWhatTheChangeTouched) {
  ResponseCache cache(*store_);
  cache.warm();
  auto capacitors = cache.listing(sample::kCapacitors);
  bool fail = true;
  cache.set_render_hook_for_testing([&](const CacheKey&) {
    if (fail) throw std::runtime_error("render failed");
  });
  cache.apply(rename(sample::kR10k, "R_10k_renamed"));  // never throws
  fail = false;
  EXPECT_EQ(cache.stats().listings, 1u);  // the resistors listing went, capacitors stayed
  EXPECT_EQ(cache.listing(sample::kCapacitors), capacitors);
  EXPECT_EQ(listed_names(cache.listing(sample::kResistors)), (std::set<std::string>{"R_10k_renamed", "R_1k_0603"}));
}

TEST_F(ResponseCacheTest, PartDetailsAreKeptUpToTheBound) {
  ResponseCache cache(*store_, /*max_cached_parts=*/1);
  auto first = cache.part(sample::kR10k);
  auto second = cache.part(sample::kR1k);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(cache.stats().parts, 1u);
  EXPECT_EQ(cache.part(sample::kR10k), first);   // kept
  EXPECT_NE(cache.part(sample::kR1k), second);   // over the bound: rendered again
}

TEST_F(ResponseCacheTest, BodiesOverTheIdentityLimitKeepOnlyTheirGzipForm) {
  ResponseCache small(*store_, 20000, /*identity_limit=*/16);
  ResponseCache large(*store_);
  auto gzip_only = small.listing(sample::kResistors);
  auto both = large.listing(sample::kResistors);
  EXPECT_TRUE(gzip_only->json.empty());
  EXPECT_FALSE(both->json.empty());
  EXPECT_EQ(*identity_body(gzip_only), both->json);
  EXPECT_EQ(util::gzip_decompress(gzip_only->gzip), both->json);
}

}  // namespace
}  // namespace kibridge::kicad
