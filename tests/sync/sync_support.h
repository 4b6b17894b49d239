// Shared by the sync tests: a small InvenTree content, client options that retry fast and
// record their pauses, and snapshot comparison.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "server/inventree/client.h"
#include "storage/records.h"
#include "tools/fake-inventree/fake_inventree.h"

// Readable failure output for the mirror records.
namespace kibridge::storage {
inline void PrintTo(const CategoryRecord& r, std::ostream* os) {
  *os << "{category " << r.id << " parent " << (r.parent_id ? std::to_string(*r.parent_id) : "-") << " '" << r.pathstring
      << "' '" << r.description << "' structural=" << r.structural << "}";
}
inline void PrintTo(const ParameterTemplateRecord& r, std::ostream* os) {
  *os << "{template " << r.id << " '" << r.name << "' [" << r.units << "] '" << r.description << "'}";
}
inline void PrintTo(const PartRecord& r, std::ostream* os) {
  *os << "{part " << r.id << " cat " << (r.category_id ? std::to_string(*r.category_id) : "-") << " '" << r.name << "' ipn '"
      << r.ipn << "' '" << r.description << "' kw '" << r.keywords << "' rev '" << r.revision << "' units '" << r.units
      << "' link '" << r.link << "' active=" << r.active << " template=" << r.is_template << " stock " << r.total_in_stock
      << "/" << r.unallocated_stock << "}";
}
inline void PrintTo(const PartParameterRecord& r, std::ostream* os) {
  *os << "{parameter " << r.id << " part " << r.part_id << " template " << r.template_id << " '" << r.data << "'}";
}
inline void PrintTo(const PartAttachmentRecord& r, std::ostream* os) {
  *os << "{attachment " << r.id << " part " << r.part_id << " '" << r.link << "' '" << r.comment << "'}";
}
inline void PrintTo(const ManufacturerPartRecord& r, std::ostream* os) {
  *os << "{manufacturer part " << r.id << " part " << r.part_id << " '" << r.manufacturer << "' '" << r.mpn << "'}";
}
inline void PrintTo(const CategoryParameterRecord& r, std::ostream* os) {
  *os << "{category parameter " << r.id << " category " << r.category_id << " template " << r.template_id << " '"
      << r.template_name << "' '" << r.data << "'}";
}
inline void PrintTo(const SupplierPartRecord& r, std::ostream* os) {
  *os << "{supplier part " << r.id << " part " << r.part_id << " mp "
      << (r.manufacturer_part_id ? std::to_string(*r.manufacturer_part_id) : "-") << " '" << r.supplier << "' '" << r.sku
      << "'}";
}
}  // namespace kibridge::storage

namespace kibridge::testing {

inline constexpr const char* kFakeToken = "fake-inventree-token";

// Two category levels, four templates, parts with parameters, datasheet and other attachments,
// manufacturer and supplier parts, and (served from API 505) category parameters: a KiCad
// symbol on Resistors, a reference on their parent, and one kibridge does not read.
inline storage::MirrorSnapshot small_inventree() {
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "Electronics", "Electronics", "Electronic parts", true},
                  {2, 1, "Resistors", "Electronics/Resistors", "", false},
                  {3, 1, "Capacitors", "Electronics/Capacitors", "MLCC and electrolytics", false},
                  {4, std::nullopt, "Mechanical", "Mechanical", "", false}};
  s.templates = {{1, "Resistance", "ohm", "Resistance value"},
                 {2, "Package", "", ""},
                 {3, "Capacitance", "F", ""},
                 {4, "KiCad Footprint", "", "lib:footprint"}};
  for (int i = 1; i <= 12; ++i) {
    storage::PartRecord p;
    p.id = 100 + i;
    p.category_id = i <= 6 ? 2 : (i <= 10 ? 3 : 4);
    p.name = (i <= 6 ? "R_" : "C_") + std::to_string(i);
    p.ipn = "IPN-" + std::to_string(i);
    p.description = "part " + std::to_string(i);
    p.keywords = i % 2 ? "smd" : "";
    p.revision = i == 3 ? "B" : "";
    p.units = "";
    p.link = i == 4 ? "https://example.com/p4" : "";
    p.active = i != 5;
    p.is_template = i == 6;
    p.total_in_stock = i * 10.0;
    p.unallocated_stock = i * 10.0 - (i % 3);
    s.parts.push_back(p);
  }
  int64_t pid = 1000;
  for (const auto& p : s.parts) {
    if (p.category_id == 2) s.parameters.push_back({pid++, p.id, 1, std::to_string(p.id) + "k"});
    if (p.category_id == 3) s.parameters.push_back({pid++, p.id, 3, "100n"});
    s.parameters.push_back({pid++, p.id, 2, "0603"});
  }
  s.parameters.push_back({pid++, 101, 4, "Resistor_SMD:R_0603_1608Metric"});
  s.attachments = {{1, 101, "https://example.com/r1.pdf", "datasheet"},
                   {2, 102, "https://example.com/r2.pdf", " Datasheet "},
                   {3, 103, "https://example.com/photo.jpg", "photo"},
                   {4, 104, "", "datasheet"}};  // a file attachment: not a link
  s.manufacturer_parts = {{1, 101, "Yageo", "RC0603FR-0710KL"}, {2, 107, "Murata", "GRM188R71H104KA93D"}};
  s.supplier_parts = {{1, 101, 1, "DigiKey", "311-10.0KHRCT-ND"},
                      {2, 101, std::nullopt, "Mouser", "603-RC0603FR-0710KL"},
                      {3, 107, 2, "LCSC", "C14663"}};
  s.category_parameters = {{5001, 2, 901, "KiCad Symbol", "Device:R"},
                           {5002, 1, 902, "KiCad Reference", "RX"},
                           {5003, 4, 903, "Material", "steel"}};
  return s;
}

// What a pull of `s` from API `api_version` yields: everything, with only the datasheet link
// attachments, the manufacturer data only when asked for, category parameters from API 505.
inline storage::MirrorSnapshot expected_pull(storage::MirrorSnapshot s, bool manufacturer_data, int api_version = 534) {
  auto& a = s.attachments;
  a.erase(std::remove_if(a.begin(), a.end(),
                         [](const storage::PartAttachmentRecord& r) {
                           std::string c = r.comment;
                           c.erase(0, c.find_first_not_of(' '));
                           c.erase(c.find_last_not_of(' ') + 1);
                           std::transform(c.begin(), c.end(), c.begin(), ::tolower);
                           return r.link.empty() || c != "datasheet";
                         }),
          a.end());
  if (!manufacturer_data) {
    s.manufacturer_parts.clear();
    s.supplier_parts.clear();
  }
  if (api_version < 505) s.category_parameters.clear();
  auto by_id = [](auto& v) { std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) { return x.id < y.id; }); };
  by_id(s.categories);
  by_id(s.templates);
  by_id(s.parts);
  by_id(s.parameters);
  by_id(s.attachments);
  by_id(s.manufacturer_parts);
  by_id(s.supplier_parts);
  by_id(s.category_parameters);
  return s;
}

inline void expect_same_snapshot(const storage::MirrorSnapshot& actual, const storage::MirrorSnapshot& expected) {
  EXPECT_EQ(actual.categories, expected.categories);
  EXPECT_EQ(actual.templates, expected.templates);
  EXPECT_EQ(actual.parts, expected.parts);
  EXPECT_EQ(actual.parameters, expected.parameters);
  EXPECT_EQ(actual.attachments, expected.attachments);
  EXPECT_EQ(actual.manufacturer_parts, expected.manufacturer_parts);
  EXPECT_EQ(actual.supplier_parts, expected.supplier_parts);
  EXPECT_EQ(actual.category_parameters, expected.category_parameters);
}

// Pauses a client took, recorded instead of slept.
struct RecordedPauses {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> pauses;
  std::vector<inventree::RetryNotice> notices;
  size_t count() {
    std::lock_guard<std::mutex> lock(mutex);
    return pauses.size();
  }
};

// Options for a client of `fake` that retries at once (pauses are recorded, not slept).
inline inventree::ClientOptions fast_client_options(const fake_inventree::FakeInvenTree& fake,
                                                    std::shared_ptr<RecordedPauses> recorded = nullptr,
                                                    const std::string& token = kFakeToken) {
  inventree::ClientOptions o;
  o.url = fake.url();
  o.token = token;
  o.connect_timeout = std::chrono::milliseconds(1000);
  o.read_timeout = std::chrono::milliseconds(3000);
  o.retry.max_attempts = 4;
  o.retry.base_delay = std::chrono::milliseconds(100);
  o.retry.max_delay = std::chrono::milliseconds(1000);
  o.random01 = [] { return 0.5; };
  if (!recorded) recorded = std::make_shared<RecordedPauses>();
  o.sleep = [recorded](std::chrono::milliseconds d) {
    std::lock_guard<std::mutex> lock(recorded->mutex);
    recorded->pauses.push_back(d);
  };
  o.on_retry = [recorded](const inventree::RetryNotice& n) {
    std::lock_guard<std::mutex> lock(recorded->mutex);
    recorded->notices.push_back(n);
  };
  return o;
}

// A fake InvenTree serving small_inventree(), started on an ephemeral port.
inline std::unique_ptr<fake_inventree::FakeInvenTree> started_fake(int api_version = 534,
                                                                   fake_inventree::FakeOptions options = {}) {
  options.api_version = api_version;
  if (options.forbidden_tokens.empty()) options.forbidden_tokens = {"forbidden-token"};
  if (options.revoked_tokens.empty()) options.revoked_tokens = {"revoked-token"};
  if (options.expired_tokens.empty()) options.expired_tokens = {"expired-token"};
  auto fake = std::make_unique<fake_inventree::FakeInvenTree>(options);
  fake->set_data(small_inventree());
  fake->start();
  return fake;
}

}  // namespace kibridge::testing
