// The puller against the fake InvenTree: complete and exact snapshots for both API
// generations, the requests it makes, and what happens when InvenTree changes mid-pull.
#include <gtest/gtest.h>

#include <atomic>

#include "server/sync/puller.h"
#include "tests/sync/sync_support.h"

namespace kibridge::sync {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using testing::expect_same_snapshot;
using testing::expected_pull;
using testing::fast_client_options;
using testing::small_inventree;
using testing::started_fake;

struct ApiCase {
  int api_version;
  bool embed;
};

class PullerApi : public ::testing::TestWithParam<ApiCase> {};

TEST_P(PullerApi, ReadsEverythingExactly) {
  auto fake = started_fake(GetParam().api_version);
  inventree::Client client(fast_client_options(*fake));
  PullOptions options;
  options.page_size = 5;  // several pages per list
  options.list_page_size = 3;
  options.page_overlap = 2;
  options.embed_parameters = GetParam().embed;
  options.manufacturer_data = true;
  auto result = Puller(client, options).pull();
  expect_same_snapshot(result.snapshot, expected_pull(small_inventree(), true, GetParam().api_version));
  EXPECT_EQ(result.stats.server.api_version, GetParam().api_version);
  EXPECT_EQ(result.stats.left_out, 0);
  EXPECT_EQ(result.stats.list_rereads, 0);
}

TEST_P(PullerApi, UsesTheEndpointsOfItsApiVersionAndAlwaysALimit) {
  const int api = GetParam().api_version;
  auto fake = started_fake(api);
  inventree::Client client(fast_client_options(*fake));
  PullOptions options;
  options.embed_parameters = GetParam().embed;
  Puller(client, options).pull();
  auto counters = fake->counters();
  const bool generic = api >= 430;
  if (!GetParam().embed) {
    EXPECT_EQ(counters.requests_by_path.count(generic ? "/api/parameter/" : "/api/part/parameter/"), 1u);
  }
  EXPECT_EQ(counters.requests_by_path.count(generic ? "/api/parameter/template/" : "/api/part/parameter/template/"), 1u);
  EXPECT_EQ(counters.requests_by_path.count(api >= 207 ? "/api/attachment/" : "/api/part/attachment/"), 1u);
  EXPECT_EQ(counters.requests_by_path.count("/api/company/part/"), 0u);  // manufacturer data off
  // Category parameters are asked for exactly where InvenTree has them (API 505).
  const auto category_parameter_lists =
      std::count_if(counters.targets.begin(), counters.targets.end(),
                    [](const std::string& t) { return t.find("model_type=part.partcategory") != std::string::npos; });
  EXPECT_EQ(category_parameter_lists, api >= 505 ? 1 : 0);
  for (const auto& target : counters.targets) {
    if (target.rfind("/api/?", 0) == 0 || target == "/api/") continue;
    EXPECT_NE(target.find("limit="), std::string::npos) << target;
    if (target.rfind("/api/part/?", 0) == 0) {
      EXPECT_EQ(target.find("ordering=id") != std::string::npos, api >= 482) << target;
      EXPECT_EQ(target.find("parameters=true") != std::string::npos, GetParam().embed) << target;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, PullerApi,
                         ::testing::Values(ApiCase{534, false}, ApiCase{534, true}, ApiCase{482, false},
                                           ApiCase{481, false}, ApiCase{430, true}, ApiCase{429, false},
                                           ApiCase{429, true}, ApiCase{206, false}),
                         [](const auto& info) {
                           return "Api" + std::to_string(info.param.api_version) + (info.param.embed ? "Embedded" : "");
                         });

// A category parameter without its template's name (InvenTree 1.5+ leaves out a detail block
// the user may not view) is left out, never stored under an empty name; one of a category
// outside the pass too.
TEST(Puller, CategoryParametersWithoutTemplateNameOrCategoryAreLeftOut) {
  auto fake = started_fake(534);
  fake->edit([](storage::MirrorSnapshot& s) {
    s.category_parameters.push_back({5004, 2, 904, "", "nameless"});
    s.category_parameters.push_back({5005, 77, 901, "KiCad Symbol", "Device:C"});
  });
  inventree::Client client(fast_client_options(*fake));
  auto result = Puller(client, PullOptions{}).pull();
  EXPECT_EQ(result.snapshot.category_parameters, expected_pull(small_inventree(), false).category_parameters);
  EXPECT_EQ(result.stats.left_out, 1);  // category 77; the nameless one is not decoded at all
}

TEST(Puller, RefusesServersOlderThanItSupports) {
  auto fake = started_fake(150);
  inventree::Client client(fast_client_options(*fake));
  try {
    Puller(client, PullOptions{}).pull();
    FAIL() << "pulled from API 150";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kConfig);
  }
}

TEST(Puller, ReportsProgressPerStage) {
  auto fake = started_fake();
  inventree::Client client(fast_client_options(*fake));
  std::vector<PullProgress> seen;
  PullOptions options;
  options.page_size = 5;
  Puller(client, options, [&](const PullProgress& p) { seen.push_back(p); }).pull();
  std::vector<std::string> stages;
  for (const auto& p : seen) {
    if (stages.empty() || stages.back() != p.stage) stages.push_back(p.stage);
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"server", "categories", "parameter templates", "parts", "parameters",
                                              "attachments", "category parameters"}));
  auto last_parts = std::find_if(seen.rbegin(), seen.rend(), [](const PullProgress& p) { return p.stage == "parts"; });
  ASSERT_NE(last_parts, seen.rend());
  EXPECT_EQ(last_parts->done, 12);
  EXPECT_EQ(last_parts->total, 12);
}

// A part deleted while the parts are paged shifts every later one page back; the pass notices
// (the count changed) and reads the list again, so no surviving part goes missing.
TEST(Puller, DeletionDuringPagingIsReadAgainNotLost) {
  auto fake = started_fake();
  std::atomic<int> part_pages{0};
  fake->set_request_hook([&](const std::string& path) {
    if (path == "/api/part/" && ++part_pages == 2) {
      fake->edit([](storage::MirrorSnapshot& s) {
        s.parts.erase(s.parts.begin());  // part 101, already read
        auto of_101 = [](const auto& r) { return r.part_id == 101; };
        s.parameters.erase(std::remove_if(s.parameters.begin(), s.parameters.end(), of_101), s.parameters.end());
        s.attachments.erase(std::remove_if(s.attachments.begin(), s.attachments.end(), of_101), s.attachments.end());
      });
    }
  });
  inventree::Client client(fast_client_options(*fake));
  PullOptions options;
  options.page_size = 4;
  options.page_overlap = 0;  // without overlap a shift would skip a part silently
  auto result = Puller(client, options).pull();
  fake->set_request_hook(nullptr);
  EXPECT_EQ(result.stats.list_rereads, 1);
  expect_same_snapshot(result.snapshot, expected_pull(fake->data(), false));
}

TEST(Puller, InvenTreeThatKeepsChangingFailsThePull) {
  auto fake = started_fake();
  std::atomic<int64_t> next_id{500};
  fake->set_request_hook([&](const std::string& path) {
    if (path != "/api/part/") return;
    fake->edit([&](storage::MirrorSnapshot& s) {
      storage::PartRecord p;
      p.id = next_id++;
      p.name = "new";
      s.parts.push_back(p);
    });
  });
  inventree::Client client(fast_client_options(*fake));
  PullOptions options;
  options.page_size = 5;
  try {
    Puller(client, options).pull();
    FAIL() << "an inconsistent pass was accepted";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kInconsistent);
  }
  fake->set_request_hook(nullptr);
}

// A parameter whose part appeared after the parts were read is left for the next pull.
TEST(Puller, RowsPointingOutsideThePassAreLeftOut) {
  auto fake = started_fake();
  fake->set_request_hook([&](const std::string& path) {
    if (path != "/api/parameter/") return;
    fake->edit([](storage::MirrorSnapshot& s) {
      if (s.parts.size() > 12) return;
      storage::PartRecord p;
      p.id = 999;
      p.name = "late";
      s.parts.push_back(p);
      s.parameters.push_back({9999, 999, 2, "0805"});
    });
  });
  inventree::Client client(fast_client_options(*fake));
  auto result = Puller(client, PullOptions{}).pull();
  fake->set_request_hook(nullptr);
  EXPECT_EQ(result.stats.left_out, 1);
  expect_same_snapshot(result.snapshot, expected_pull(small_inventree(), false));
}

TEST(Puller, FailsWithoutPartialResultWhenTheServerGoesDown) {
  auto fake = started_fake();
  fake->add_fault(Fault{FaultKind::kGoDown, "/api/part/", 1});
  inventree::Client client(fast_client_options(*fake));
  PullOptions options;
  options.page_size = 5;
  try {
    Puller(client, options).pull();
    FAIL() << "pull succeeded with the server down";
  } catch (const inventree::InvenTreeError& e) {
    EXPECT_EQ(e.kind(), inventree::ErrorKind::kConnection) << e.what();
  }
}

}  // namespace
}  // namespace kibridge::sync
