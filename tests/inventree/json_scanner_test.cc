// The JSON scanner against nlohmann's parser: same values for valid documents, rejection of
// invalid ones, and skipped members producing no events.
#include <gtest/gtest.h>

#include <vector>

#include <nlohmann/json.hpp>

#include "server/inventree/json_scanner.h"

namespace kibridge::inventree {
namespace {

using nlohmann::json;

// Builds a DOM from the events; members named in `skip` are skipped.
class DomBuilder : public JsonHandler {
 public:
  explicit DomBuilder(std::vector<std::string> skip = {}) : skip_(std::move(skip)) {}
  json result;

  bool null() override { return put(json(nullptr)); }
  bool boolean(bool v) override { return put(json(v)); }
  bool integer(int64_t v) override { return put(json(v)); }
  bool unsigned_integer(uint64_t v) override { return put(json(v)); }
  bool floating(double v) override { return put(json(v)); }
  bool string(std::string& v) override { return put(json(std::move(v))); }
  bool start_object() override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array() override { return open(json::array()); }
  bool end_array() override { return close(); }
  KeyAction key(std::string& name) override {
    for (const auto& s : skip_) {
      if (s == name) return KeyAction::kSkipValue;
    }
    keys_.push_back(name);
    return KeyAction::kValue;
  }

 private:
  json* place(json v) {
    if (stack_.empty()) {
      result = std::move(v);
      return &result;
    }
    json& parent = *stack_.back();
    if (parent.is_object()) {
      json& slot = parent[keys_.back()];
      keys_.pop_back();
      slot = std::move(v);
      return &slot;
    }
    parent.push_back(std::move(v));
    return &parent.back();
  }
  bool put(json v) {
    place(std::move(v));
    return true;
  }
  bool open(json v) {
    stack_.push_back(place(std::move(v)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  std::vector<std::string> skip_;
  std::vector<json*> stack_;
  std::vector<std::string> keys_;
};

TEST(JsonScanner, AgreesWithNlohmannOnValidDocuments) {
  for (const char* doc : {
           R"({"count": 2, "next": null, "results": [{"pk": 1, "data": "10k"}, {"pk": 2, "ok": true, "no": false}]})",
           R"([1, -2, 0, -0, 3.25, -1.5e3, 2E-2, 1e300, 9223372036854775807, -9223372036854775808,
               18446744073709551615, 18446744073709551616, 123456789012345678901234567890])",
           R"({"s": "plain", "e": "q\" b\\ s\/ \b\f\n\r\t", "u": "\u00b5 \u20ac \ud83d\ude00 \u0000", "raw": "µ€😀"})",
           R"(  { "nested" : [ [ [ ] ] , { } , { "a" : { "b" : [ null ] } } ] }  )",
           R"("just a string")", "42", "null", "[]", "{}"}) {
    DomBuilder b;
    ASSERT_EQ(scan_json(doc, b), "") << doc;
    EXPECT_EQ(b.result, json::parse(doc)) << doc;
  }
}

TEST(JsonScanner, RejectsInvalidDocumentsWithTheirPosition) {
  for (const char* doc :
       {"", " ", "{", "[1, 2", R"({"a" 1})", R"({"a": 1,})", "[1,]", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
        "NaN", R"("unterminated)", "\"tab\there\"", R"("\x")", R"("\u12")", R"("\ud800")", R"("\udc00 x")",
        R"("\ud800\u0041")", "[1] 2", R"({"a": 1} x)", "{1: 2}", "[1 2]"}) {
    DomBuilder b;
    const std::string error = scan_json(doc, b);
    EXPECT_NE(error, "") << "accepted: " << doc;
    EXPECT_NE(error.find("at byte"), std::string::npos) << error;
    EXPECT_TRUE(json::accept(doc) == false) << "nlohmann accepts: " << doc;
  }
}

TEST(JsonScanner, SkippedMembersProduceNoEventsButAreStillChecked) {
  DomBuilder b({"template_detail", "image"});
  ASSERT_EQ(scan_json(R"({"pk": 1, "image": "/x.png", "template_detail": {"pk": 3, "tags": [1, {"a": "b"}]}, "data": "x"})", b),
            "");
  EXPECT_EQ(b.result, json::parse(R"({"pk": 1, "data": "x"})"));
  DomBuilder broken({"template_detail"});
  EXPECT_NE(scan_json(R"({"pk": 1, "template_detail": {"pk": 3,, }})", broken), "");
}

TEST(JsonScanner, DeepNestingIsRefused) {
  const std::string deep(10000, '[');
  DomBuilder b;
  EXPECT_NE(scan_json(deep, b).find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace kibridge::inventree
