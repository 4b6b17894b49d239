#include "server/inventree/list_stream.h"

#include <vector>

#include "server/inventree/errors.h"

namespace kibridge::inventree {

namespace {

using nlohmann::json;

// SAX events -> items. States: the root value, the envelope object's members, the items array,
// and an item being built. Values not wanted are skipped by counting container depth.
class ItemStream : public nlohmann::json_sax<json> {
 public:
  ItemStream(const std::unordered_set<std::string>* keep, const std::function<void(json&)>& on_item)
      : keep_(keep), on_item_(on_item) {}

  bool null() override { return scalar(json(nullptr)); }
  bool boolean(bool v) override { return scalar(json(v)); }
  bool number_integer(number_integer_t v) override {
    if (state_ == State::kEnvelope && skip_ == 0 && !skip_next_ && envelope_key_ == "count") count_ = v;
    return scalar(json(v));
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (state_ == State::kEnvelope && skip_ == 0 && !skip_next_ && envelope_key_ == "count") {
      count_ = static_cast<int64_t>(v);
    }
    return scalar(json(v));
  }
  bool number_float(number_float_t v, const string_t&) override { return scalar(json(v)); }
  bool string(string_t& v) override { return scalar(json(std::move(v))); }
  bool binary(binary_t&) override { return fail("unexpected binary value"); }

  bool start_object(std::size_t) override {
    if (skipping_value()) return true;
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

  bool start_array(std::size_t) override {
    if (skipping_value()) return true;
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

  bool key(string_t& k) override {
    if (skip_ > 0) return true;
    if (state_ == State::kEnvelope) {
      envelope_key_ = k;
      return true;
    }
    if (state_ == State::kItem) {
      if (keep_ != nullptr && keep_->count(k) == 0) {
        skip_next_ = true;
      } else {
        key_ = std::move(k);
      }
      return true;
    }
    return fail("unexpected key");
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_ = "invalid JSON at byte " + std::to_string(position) + " (" + e.what() + ")";
    return false;
  }

  ListStreamResult finish() const {
    if (!error_.empty()) throw InvenTreeError(ErrorKind::kMalformed, error_);
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

  // True (and the value swallowed) inside a skipped value, or for the value of a skipped key.
  bool skipping_value() {
    if (skip_ > 0) {
      ++skip_;
      return true;
    }
    if (skip_next_) {
      skip_next_ = false;
      skip_ = 1;
      return true;
    }
    return false;
  }

  bool scalar(json value) {
    if (skip_ > 0) return true;
    if (skip_next_) {
      skip_next_ = false;
      return true;
    }
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

  // Adds a value to the container being built and returns where it now lives.
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

  bool fail(const char* what) {
    error_ = what;
    return false;
  }

  const std::unordered_set<std::string>* keep_;
  const std::function<void(json&)>& on_item_;
  State state_ = State::kRoot;
  bool paginated_ = true;
  bool saw_results_ = false;
  int64_t count_ = -1;
  int64_t items_ = 0;
  std::string envelope_key_;
  std::string key_;
  int skip_ = 0;
  bool skip_next_ = false;
  json item_;
  std::vector<json*> stack_;
  std::string error_;
};

}  // namespace

ListStreamResult parse_list_stream(std::string_view body, const std::unordered_set<std::string>* keep,
                                   const std::function<void(json&)>& on_item) {
  ItemStream stream(keep, on_item);
  json::sax_parse(body.begin(), body.end(), &stream, nlohmann::json::input_format_t::json, /*strict=*/true);
  return stream.finish();
}

}  // namespace kibridge::inventree
