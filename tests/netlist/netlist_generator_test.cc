// The benchmark's netlist generator (tools/netlist-bench): what it writes must be read back by
// read_netlist() and planned by plan_import() exactly as its counts say, or the benchmark
// measures something other than a realistic import.

#include "tools/netlist-bench/netlist_generator.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server/netlist/import_plan.h"
#include "server/netlist/netlist_reader.h"
#include "tools/netlist-bench/catalogue_directory.h"

namespace kibridge::netlist_bench {
namespace {

using netlist::ComponentStatus;
using netlist::MatchMethod;

constexpr std::size_t kComponents = 3000;

const GeneratedNetlist& generated() {
  static const GeneratedNetlist netlist = generate_netlist(GeneratorOptions{kComponents, 7});
  return netlist;
}

const netlist::Netlist& read_back() {
  static const netlist::ReadResult result = netlist::read_netlist(generated().xml);
  return *result.netlist;
}

TEST(NetlistGenerator, CountsAddUpToTheComponents) {
  const GeneratedCounts& c = generated().counts;
  EXPECT_EQ(c.components, kComponents);
  EXPECT_EQ(c.power + c.by_id + c.by_ipn + c.unknown_id + c.unknown_ipn + c.no_identifier, kComponents);
  // Every kind the benchmark is meant to exercise is present.
  EXPECT_GT(c.power, 0u);
  EXPECT_GT(c.by_ipn, 0u);
  EXPECT_GT(c.unknown_id, 0u);
  EXPECT_GT(c.unknown_ipn, 0u);
  EXPECT_GT(c.no_identifier, 0u);
  EXPECT_GT(c.http_library, 0u);
  EXPECT_GT(c.multi_unit, 0u);
  EXPECT_GT(c.dnp, 0u);
}

TEST(NetlistGenerator, ReadBackAsGenerated) {
  const netlist::ReadResult result = netlist::read_netlist(generated().xml);
  ASSERT_TRUE(result.ok()) << result.error;
  const netlist::Netlist& netlist = *result.netlist;
  const GeneratedCounts& c = generated().counts;
  EXPECT_EQ(netlist.export_version, "E");
  EXPECT_EQ(netlist.design.tool, "Eeschema 9.0.7");
  ASSERT_EQ(netlist.components.size(), kComponents);
  EXPECT_EQ(netlist.libparts.size(), c.libparts);

  std::size_t power = 0, http = 0, multi_unit = 0, dnp = 0;
  std::set<std::string> refs;
  for (const netlist::Component& component : netlist.components) {
    refs.insert(component.ref);
    if (component.ref.rfind("#PWR", 0) == 0) ++power;
    if (component.libsource && component.libsource->lib == "InvenTree") ++http;
    if (component.tstamps.size() > 1) ++multi_unit;
    if (component.flags.dnp) ++dnp;
  }
  EXPECT_EQ(refs.size(), kComponents) << "references repeat";
  EXPECT_EQ(power, c.power);
  EXPECT_EQ(http, c.http_library);
  EXPECT_EQ(multi_unit, c.multi_unit);
  EXPECT_EQ(dnp, c.dnp);
}

TEST(NetlistGenerator, PlansAsTheCountsSay) {
  const GeneratedCounts& c = generated().counts;
  const CatalogueDirectory directory(generated_catalogue(kComponents));
  const netlist::ImportReport report = netlist::plan_import(read_back(), netlist::ImportSettings{}, directory);

  EXPECT_EQ(report.summary.components, kComponents);
  EXPECT_EQ(report.summary.skipped, c.power);
  EXPECT_EQ(report.summary.matched, c.by_id + c.by_ipn);
  EXPECT_EQ(report.summary.unmatched, c.unknown_id + c.unknown_ipn + c.no_identifier);
  EXPECT_EQ(report.summary.parts, c.distinct_parts);
  // Parts whose catalogue values are absent, equal or different give each kind of outcome.
  EXPECT_GT(report.summary.changes, 0u);
  EXPECT_GT(report.summary.up_to_date, 0u);
  EXPECT_GT(report.summary.kept_existing, 0u);
  EXPECT_GT(report.summary.conflicts, 0u);

  std::size_t by_id = 0, by_ipn = 0;
  for (const netlist::ComponentReport& component : report.components) {
    if (component.method == MatchMethod::kId) ++by_id;
    if (component.method == MatchMethod::kIpn) ++by_ipn;
  }
  EXPECT_EQ(by_id, c.by_id);
  EXPECT_EQ(by_ipn, c.by_ipn);

  // Symbols placed from the HTTP library are never proposed as the part's symbol.
  std::size_t http_refs = 0;
  for (const netlist::PartReport& part : report.parts) {
    for (const netlist::IgnoredValue& ignored : part.ignored) {
      if (ignored.field == netlist::WritableField::kSymbol &&
          ignored.reason.find("HTTP library") != std::string::npos) {
        http_refs += ignored.refs.size();
      }
    }
  }
  EXPECT_EQ(http_refs, c.http_library);
}

TEST(NetlistGenerator, SameSeedSameBytes) {
  EXPECT_EQ(generate_netlist(GeneratorOptions{200, 3}).xml, generate_netlist(GeneratorOptions{200, 3}).xml);
  EXPECT_NE(generate_netlist(GeneratorOptions{200, 3}).xml, generate_netlist(GeneratorOptions{200, 4}).xml);
}

TEST(NetlistGenerator, CatalogueIsIndexedByIdAndIpn) {
  const CatalogueDirectory directory(generated_catalogue(kComponents));
  EXPECT_EQ(directory.size(), catalogue_size(kComponents));
  const std::optional<netlist::KnownPart> part = directory.find_by_id(42);
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->ipn, "IPN-000042");
  ASSERT_EQ(directory.find_by_ipn("IPN-000042").size(), 1u);
  EXPECT_EQ(directory.find_by_ipn("IPN-000042").front().id, 42);
  ASSERT_EQ(directory.find_by_name(part->name).size(), 1u);
  EXPECT_FALSE(directory.find_by_id(static_cast<std::int64_t>(catalogue_size(kComponents)) + 1).has_value());
  EXPECT_TRUE(directory.find_by_ipn("").empty());
}

}  // namespace
}  // namespace kibridge::netlist_bench
