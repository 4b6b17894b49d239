#include "server/inventree/json_scanner.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace kibridge::inventree {

namespace {

constexpr int kMaxDepth = 256;

class Scanner {
 public:
  Scanner(std::string_view text, JsonHandler& handler)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), h_(handler) {}

  std::string run() {
    if (!value(0, /*emit=*/true)) return error_;
    skip_whitespace();
    if (p_ != end_) return at("unexpected characters after the JSON value");
    return "";
  }

 private:
  std::string at(const char* what) const {
    return std::string(what) + " at byte " + std::to_string(p_ - begin_);
  }
  bool fail(const char* what) {
    error_ = at(what);
    return false;
  }
  bool handler(bool ok) {
    if (!ok && error_.empty()) error_ = at("the handler stopped");
    return ok;
  }

  void skip_whitespace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // One value; with emit false nothing reaches the handler (a skipped member).
  bool value(int depth, bool emit) {
    if (depth > kMaxDepth) return fail("JSON nested too deeply");
    skip_whitespace();
    if (p_ == end_) return fail("unexpected end of JSON");
    switch (*p_) {
      case '{':
        return object(depth, emit);
      case '[':
        return array(depth, emit);
      case '"':
        if (!string(buffer_, emit)) return false;
        return !emit || handler(h_.string(buffer_));
      case 't':
        return literal("true", 4) && (!emit || handler(h_.boolean(true)));
      case 'f':
        return literal("false", 5) && (!emit || handler(h_.boolean(false)));
      case 'n':
        return literal("null", 4) && (!emit || handler(h_.null()));
      default:
        return number(emit);
    }
  }

  bool object(int depth, bool emit) {
    ++p_;
    if (emit && !handler(h_.start_object())) return false;
    skip_whitespace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return !emit || handler(h_.end_object());
    }
    for (;;) {
      skip_whitespace();
      if (p_ == end_ || *p_ != '"') return fail("expected a member name");
      if (!string(key_, emit)) return false;
      skip_whitespace();
      if (p_ == end_ || *p_ != ':') return fail("expected ':'");
      ++p_;
      bool emit_value = emit;
      if (emit) {
        switch (h_.key(key_)) {
          case JsonHandler::KeyAction::kValue:
            break;
          case JsonHandler::KeyAction::kSkipValue:
            emit_value = false;
            break;
          case JsonHandler::KeyAction::kAbort:
            return handler(false);
        }
      }
      if (!value(depth + 1, emit_value)) return false;
      skip_whitespace();
      if (p_ == end_) return fail("unexpected end of JSON in an object");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == '}') {
        ++p_;
        return !emit || handler(h_.end_object());
      }
      return fail("expected ',' or '}'");
    }
  }

  bool array(int depth, bool emit) {
    ++p_;
    if (emit && !handler(h_.start_array())) return false;
    skip_whitespace();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return !emit || handler(h_.end_array());
    }
    for (;;) {
      if (!value(depth + 1, emit)) return false;
      skip_whitespace();
      if (p_ == end_) return fail("unexpected end of JSON in an array");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == ']') {
        ++p_;
        return !emit || handler(h_.end_array());
      }
      return fail("expected ',' or ']'");
    }
  }

  bool literal(const char* word, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return fail("invalid literal");
    p_ += n;
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(unsigned* out) {
    if (end_ - p_ < 4) return fail("truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      int d = hex(p_[i]);
      if (d < 0) return fail("invalid \\u escape");
      v = v * 16 + static_cast<unsigned>(d);
    }
    p_ += 4;
    *out = v;
    return true;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // p_ at the opening quote. With keep false the text is only checked, not collected.
  bool string(std::string& out, bool keep) {
    ++p_;
    if (keep) out.clear();
    for (;;) {
      const char* run = p_;
      while (p_ < end_) {
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++p_;
      }
      if (keep) out.append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return fail("unterminated string");
      const char c = *p_;
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c != '\\') return fail("control character in a string");
      ++p_;
      if (p_ == end_) return fail("unterminated string");
      const char e = *p_++;
      char plain = 0;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return fail("unpaired surrogate in \\u escape");
            p_ += 2;
            if (!hex4(&low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return fail("unpaired surrogate in \\u escape");
          }
          if (keep) append_utf8(out, cp);
          continue;
        }
        default:
          return fail("invalid escape in a string");
      }
      if (keep) out += plain;
    }
  }

  bool number(bool emit) {
    const char* start = p_;
    bool integral = true;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ == end_) return fail("invalid number");
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return fail("invalid value");
    }
    if (p_ < end_ && *p_ == '.') {
      integral = false;
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("invalid number");
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integral = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail("invalid number");
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (!emit) return true;
    if (integral) {
      if (*start == '-') {
        int64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) return handler(h_.integer(v));
      } else {
        uint64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          return handler(v <= static_cast<uint64_t>(INT64_MAX) ? h_.integer(static_cast<int64_t>(v))
                                                               : h_.unsigned_integer(v));
        }
      }
      // Too large for 64 bits: as a double, like JSON parsers generally do.
    }
    double d = 0;
    auto r = std::from_chars(start, p_, d);
    if (r.ptr != p_) return fail("invalid number");
    // Out of double's range: strtod's infinity (or zero), as other parsers give.
    if (r.ec == std::errc::result_out_of_range) d = std::strtod(std::string(start, p_).c_str(), nullptr);
    return handler(h_.floating(d));
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  JsonHandler& h_;
  std::string buffer_;
  std::string key_;
  std::string error_;
};

}  // namespace

std::string scan_json(std::string_view text, JsonHandler& handler) { return Scanner(text, handler).run(); }

}  // namespace kibridge::inventree
