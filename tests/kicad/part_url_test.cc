// The hidden "Part URL" field: based on the INVENTREE_URL setting, else on the InvenTree server
// the mirror was pulled from (`--inventree-url`), else left out.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/kicad/library.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"
#include "tests/http/sample_library.h"
#include "tests/support/temp_db.h"

namespace kibridge::kicad {
namespace {

namespace sample = testing::sample;

std::optional<std::string> part_url(const storage::Store& store) {
  auto rendered = render_part(store, *Library::load(store), sample::kR10k);
  if (!rendered) return std::nullopt;
  const auto fields = nlohmann::json::parse(rendered->body)["fields"];
  if (!fields.contains("Part URL")) return std::nullopt;
  return fields["Part URL"]["value"].get<std::string>();
}

void record_pull(storage::Store& store, const std::string& url, bool succeeded) {
  storage::SyncStateStore& history = store.sync_state();
  storage::SyncRunRecord run;
  run.started_at = run.finished_at = std::chrono::system_clock::now();
  run.succeeded = succeeded;
  run.inventree_url = url;
  history.record_run(run);
}

TEST(PartUrl, FallsBackToTheServerTheMirrorWasPulledFrom) {
  testing::TempDb db;
  storage::Store store(db.path());
  sample::seed(store);
  store.configuration().delete_setting("INVENTREE_URL");
  EXPECT_EQ(part_url(store), std::nullopt);  // never pulled: no base known

  record_pull(store, "http://10.0.0.5:8000/inventree", true);
  record_pull(store, "http://elsewhere.example", false);  // a failed pull names no source
  EXPECT_EQ(part_url(store), "http://10.0.0.5:8000/inventree/web/part/101/");

  store.configuration().set_settings({{"INVENTREE_URL", "https://inventree.example.com"}});
  EXPECT_EQ(part_url(store), "https://inventree.example.com/web/part/101/");
}

}  // namespace
}  // namespace kibridge::kicad
