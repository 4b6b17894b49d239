// A strict, fast JSON event scanner (RFC 8259) for InvenTree's list responses.
//
// Why not nlohmann's SAX parser: a pull reads 150-250 MB of JSON, and nlohmann's lexer
// (byte-at-a-time through an input adapter) was half of a pull's CPU time. This scanner works
// on a contiguous buffer, copies string runs in one go, and lets the handler skip a member's
// value without materialising it — the fields kibridge does not mirror cost only a scan.
//
// Strings are passed on decoded (escapes resolved, \u surrogate pairs joined into UTF-8);
// other bytes are passed through unchecked, as InvenTree only sends valid UTF-8. Integers
// that fit int64 (or uint64) arrive as integers, everything else as double.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kibridge::inventree {

class JsonHandler {
 public:
  enum class KeyAction { kValue, kSkipValue, kAbort };

  virtual ~JsonHandler() = default;
  // Each returns false to stop scanning (scan_json then fails with the handler's reason).
  virtual bool null() = 0;
  virtual bool boolean(bool value) = 0;
  virtual bool integer(int64_t value) = 0;
  virtual bool unsigned_integer(uint64_t value) = 0;  // only above INT64_MAX
  virtual bool floating(double value) = 0;
  virtual bool string(std::string& value) = 0;  // may be moved from
  virtual bool start_object() = 0;
  virtual bool end_object() = 0;
  virtual bool start_array() = 0;
  virtual bool end_array() = 0;
  // A member name; kSkipValue makes the scanner pass over the member's value with no events.
  virtual KeyAction key(std::string& name) = 0;
};

// Scans one JSON value filling the whole of `text` (surrounding whitespace allowed). Returns
// "" on success, else a description with the byte offset of the problem ("the handler
// stopped" when a handler call returned false).
std::string scan_json(std::string_view text, JsonHandler& handler);

}  // namespace kibridge::inventree
