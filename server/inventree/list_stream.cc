#include "server/inventree/list_stream.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "server/inventree/errors.h"
#include "server/inventree/json_scanner.h"

namespace kibridge::inventree {

namespace {

using nlohmann::json;

// Scanner events -> items. States: the root value, the envelope object's members, the items
// array, and an item being built. Unwanted members are skipped by the scanner itself;
// containers of the envelope other than "results" are skipped by counting depth.
class ItemStream : public JsonHandler {
 public:
  ItemStream(const std::unordered_set<std::string>* keep, const std::function<void(json&)>& on_item)
      : keep_(keep), on_item_(on_item) {}

  bool null() override { return scalar(json(nullptr)); }
  bool boolean(bool v) override { return scalar(json(v)); }
  bool integer(int64_t v) override {
    if (state_ == State::kEnvelope && skip_ == 0 && envelope_key_ == "count") count_ = v;
    return scalar(json(v));
  }
  bool unsigned_integer(uint64_t v) override { return scalar(json(v)); }
  bool floating(double v) override { return scalar(json(v)); }
  bool string(std::string& v) override { return scalar(json(std::move(v))); }

  bool start_object() override {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    switch (state_) {
      case State::kRoot:
        state_ = State::kEnvelope;
        return true;
      case State::kEnvelope:
        skip_ = 1;  // an object member of the envelope kibridge does not read
        return true;
      case State::kItems:
        item_ = json::object();
        stack_.assign(1, &item_);
        state_ = State::kItem;
        return true;
      case State::kItem:
        stack_.push_back(add(json::object()));
        return true;
      case State::kDone:
        break;
    }
    return fail("unexpected object");
  }

  bool end_object() override {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    if (state_ == State::kItem) {
      stack_.pop_back();
      if (stack_.empty()) {
        ++items_;
        on_item_(item_);
        item_ = nullptr;
        state_ = State::kItems;
      }
      return true;
    }
    if (state_ == State::kEnvelope) {
      state_ = State::kDone;
      return true;
    }
    return fail("unexpected end of object");
  }

  bool start_array() override {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    switch (state_) {
      case State::kRoot:
        paginated_ = false;
        state_ = State::kItems;
        return true;
      case State::kEnvelope:
        if (envelope_key_ == "results") {
          saw_results_ = true;
          state_ = State::kItems;
        } else {
          skip_ = 1;
        }
        return true;
      case State::kItem:
        stack_.push_back(add(json::array()));
        return true;
      default:
        break;
    }
    return fail("unexpected array");
  }

  bool end_array() override {
    if (skip_ > 0) {
      --skip_;
      return true;
    }
    if (state_ == State::kItem) {
      stack_.pop_back();
      return true;
    }
    if (state_ == State::kItems) {
      state_ = paginated_ ? State::kEnvelope : State::kDone;
      return true;
    }
    return fail("unexpected end of array");
  }

  // A member given twice in one object is malformed (RFC 8259 leaves its meaning open; nlohmann
  // keeps the last, this stream would hand over both "results" arrays): the page cannot be
  // read one way only. Checked for the envelope and for every kept member of an item.
  KeyAction key(std::string& k) override {
    if (skip_ > 0) return KeyAction::kSkipValue;
    if (state_ == State::kEnvelope) {
      if (!envelope_keys_.insert(k).second) return twice(k);
      envelope_key_ = k;
      return KeyAction::kValue;
    }
    if (state_ == State::kItem) {
      if (keep_ != nullptr && keep_->count(k) == 0) return KeyAction::kSkipValue;
      if (stack_.back()->contains(k)) return twice(k);
      key_ = std::move(k);
      return KeyAction::kValue;
    }
    fail("unexpected key");
    return KeyAction::kAbort;
  }

  ListStreamResult finish(const std::string& scan_error) const {
    if (!error_.empty()) throw InvenTreeError(ErrorKind::kMalformed, error_);
    if (!scan_error.empty()) throw InvenTreeError(ErrorKind::kMalformed, "invalid JSON: " + scan_error);
    if (state_ != State::kDone) throw InvenTreeError(ErrorKind::kMalformed, "incomplete list response");
    if (paginated_ && (!saw_results_ || count_ < 0)) {
      throw InvenTreeError(ErrorKind::kMalformed, "expected a list page {count, results: [...]} or an array");
    }
    ListStreamResult r;
    r.paginated = paginated_;
    r.items = items_;
    r.count = paginated_ ? count_ : items_;
    return r;
  }

 private:
  enum class State { kRoot, kEnvelope, kItems, kItem, kDone };

  bool scalar(json value) {
    if (skip_ > 0) return true;
    switch (state_) {
      case State::kItem:
        add(std::move(value));
        return true;
      case State::kEnvelope:
        return true;  // "count" was taken above; "next"/"previous" are not needed
      default:
        return fail("unexpected value");
    }
  }

  // Adds a value to the container being built and returns where it now lives. Containers
  // only grow at their end while their last child is complete, so the pointers on the
  // stack stay valid.
  json* add(json value) {
    json& parent = *stack_.back();
    if (parent.is_object()) {
      json& slot = parent[key_];
      slot = std::move(value);
      return &slot;
    }
    parent.push_back(std::move(value));
    return &parent.back();
  }

  bool fail(const std::string& what) {
    if (error_.empty()) error_ = what;
    return false;
  }

  KeyAction twice(const std::string& k) {
    fail("member \"" + k + "\" given twice in one object");
    return KeyAction::kAbort;
  }

  const std::unordered_set<std::string>* keep_;
  const std::function<void(json&)>& on_item_;
  State state_ = State::kRoot;
  bool paginated_ = true;
  bool saw_results_ = false;
  int64_t count_ = -1;
  int64_t items_ = 0;
  std::string envelope_key_;
  std::unordered_set<std::string> envelope_keys_;
  std::string key_;
  int skip_ = 0;
  json item_;
  std::vector<json*> stack_;
  std::string error_;
};

}  // namespace

ListStreamResult parse_list_stream(std::string_view body, const std::unordered_set<std::string>* keep,
                                   const std::function<void(json&)>& on_item) {
  ItemStream stream(keep, on_item);
  const std::string scan_error = scan_json(body, stream);
  return stream.finish(scan_error);
}

}  // namespace kibridge::inventree
