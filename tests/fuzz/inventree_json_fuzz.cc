// Fuzz target: InvenTree's JSON scanner and list-page decoding, differential against
// nlohmann-json (the reference parser).
//
//  1. scan_json() with a handler that builds a DOM must agree with nlohmann::json::parse():
//     both accept with equal values, or both refuse. Known, documented differences are
//     excluded (such text is only required not to crash): the scanner passes string bytes
//     through unchecked (text that is not valid UTF-8), reads a number beyond double's range
//     as infinity where nlohmann refuses it, and refuses nesting deeper than its limit;
//     nlohmann's lexer takes a NUL byte for the end of the input (so it accepts "0\0{"),
//     which the scanner rightly refuses.
//  2. parse_list_stream() must hand over exactly the items the page holds according to
//     nlohmann (objects of a bare array or of "results", with every key / only the decoded
//     keys at any depth), and its count; or refuse when the page is not a list page.
//     Duplicate member names are excluded (the streaming parser keeps every "results").
//  3. Every decoder takes every item: it may throw InvenTreeError, nothing else.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/inventree/decode.h"
#include "server/inventree/errors.h"
#include "server/inventree/json_scanner.h"
#include "server/inventree/list_stream.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using nlohmann::json;
using kibridge::fuzz::check;
namespace inv = kibridge::inventree;

// Builds the DOM of scanner events; notes duplicate member names.
class DomBuilder : public inv::JsonHandler {
 public:
  bool null() override { return add(json(nullptr)); }
  bool boolean(bool v) override { return add(json(v)); }
  bool integer(int64_t v) override { return add(json(v)); }
  bool unsigned_integer(uint64_t v) override {
    check(v > static_cast<uint64_t>(INT64_MAX), "unsigned_integer() for a value that fits int64");
    return add(json(v));
  }
  bool floating(double v) override { return add(json(v)); }
  bool string(std::string& v) override { return add(json(std::move(v))); }
  bool start_object() override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array() override { return open(json::array()); }
  bool end_array() override { return close(); }
  KeyAction key(std::string& name) override {
    if (stack_.back()->contains(name)) duplicate_keys = true;
    key_ = name;
    return KeyAction::kValue;
  }

  json root;
  bool duplicate_keys = false;

 private:
  json* place(json value) {
    if (stack_.empty()) {
      root = std::move(value);
      return &root;
    }
    json& parent = *stack_.back();
    if (parent.is_object()) {
      json& slot = parent[key_];
      slot = std::move(value);
      return &slot;
    }
    parent.push_back(std::move(value));
    return &parent.back();
  }
  bool add(json value) {
    place(std::move(value));
    return true;
  }
  bool open(json container) {
    stack_.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  std::vector<json*> stack_;
  std::string key_;
};

// RFC 3629 UTF-8: shortest forms only, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// `item` with only the members named in `keep`, at any depth (what parse_list_stream keeps).
json filtered(const json& item, const std::unordered_set<std::string>& keep) {
  if (item.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : item.items()) {
      if (keep.count(k) != 0) out[k] = filtered(v, keep);
    }
    return out;
  }
  if (item.is_array()) {
    json out = json::array();
    for (const auto& v : item) out.push_back(filtered(v, keep));
    return out;
  }
  return item;
}

// The list page according to the reference DOM: its items and count, or nullopt when it is
// not a list page.
struct Page {
  std::vector<json> items;
  int64_t count = 0;
};
std::optional<Page> reference_page(const json& doc) {
  const json* results = &doc;
  Page page;
  if (doc.is_object()) {
    auto r = doc.find("results");
    auto c = doc.find("count");
    if (r == doc.end() || !r->is_array() || c == doc.end()) return std::nullopt;
    // The scanner hands integers above INT64_MAX on as unsigned, which is no count.
    if (!c->is_number_integer() || (c->is_number_unsigned() && c->get<uint64_t>() > uint64_t(INT64_MAX))) {
      return std::nullopt;
    }
    if (c->get<int64_t>() < 0) return std::nullopt;
    page.count = c->get<int64_t>();
    results = &*r;
  } else if (!doc.is_array()) {
    return std::nullopt;
  }
  for (const auto& item : *results) {
    if (!item.is_object()) return std::nullopt;
    page.items.push_back(item);
  }
  if (!doc.is_object()) page.count = static_cast<int64_t>(page.items.size());
  return page;
}

void decode_everything(const json& item) {
  auto guarded = [&](auto decode) {
    try {
      decode(item);
    } catch (const inv::InvenTreeError&) {
    }
  };
  guarded([](const json& i) { inv::decode_category(i); });
  guarded([](const json& i) { inv::decode_part(i); });
  guarded([](const json& i) { inv::decode_parameter_template(i); });
  guarded([](const json& i) { inv::decode_part_parameter(i); });
  guarded([](const json& i) { inv::decode_datasheet_attachment(i); });
  guarded([](const json& i) { inv::decode_manufacturer_part(i); });
  guarded([](const json& i) { inv::decode_supplier_part(i); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  DomBuilder dom;
  const std::string scan_error = inv::scan_json(text, dom);
  std::optional<json> reference;
  bool number_overflow = false;
  try {
    reference = json::parse(text);
  } catch (const json::parse_error&) {
  } catch (const json::out_of_range&) {
    number_overflow = true;
  }
  const bool comparable =
      !number_overflow && valid_utf8(text) && text.find('\0') == std::string_view::npos &&
      scan_error.find("nested too deeply") == std::string::npos;
  if (comparable) {
    check(scan_error.empty() == reference.has_value(),
          scan_error.empty() ? "the scanner accepted what nlohmann refuses" : "the scanner refused valid JSON: " + scan_error);
    if (reference) check(dom.root == *reference, "the scanner and nlohmann read different values");
  }

  // Page decoding, with every key and with the decoders' keys.
  const auto& keep = inv::decoded_keys();
  for (const std::unordered_set<std::string>* filter : {static_cast<const std::unordered_set<std::string>*>(nullptr), &keep}) {
    std::vector<json> items;
    std::optional<inv::ListStreamResult> result;
    try {
      result = inv::parse_list_stream(text, filter, [&](json& item) { items.push_back(item); });
    } catch (const inv::InvenTreeError&) {
    }
    if (filter != nullptr) {
      for (const auto& item : items) decode_everything(item);
    }
    if (!comparable || dom.duplicate_keys) continue;
    std::optional<Page> expected = reference ? reference_page(*reference) : std::nullopt;
    check(result.has_value() == expected.has_value(),
          result ? "parse_list_stream accepted what is no list page" : "parse_list_stream refused a list page");
    if (!result) continue;
    check(result->items == static_cast<int64_t>(items.size()), "items counted differ from items handed over");
    check(result->count == expected->count, "parse_list_stream read a different count");
    check(items.size() == expected->items.size(), "parse_list_stream handed over a different number of items");
    for (size_t i = 0; i < items.size(); ++i) {
      const json want = filter ? filtered(expected->items[i], *filter) : expected->items[i];
      check(items[i] == want, "parse_list_stream built item " + std::to_string(i) + " differently");
    }
  }
  return 0;
}
