// Fuzz target: kibridge's extraction of an uploaded netlist (read_uploaded_netlist) on top of
// httplib's multipart parser. httplib parses the multipart encoding; what kibridge adds is the
// choice of the part, the size bound and the status, and that is what is fuzzed here: the
// input is decoded into a request (multipart or raw, take_raw_body, a small max_bytes) and a
// sequence of reader events (part headers, data chunks, a failed or refused read), fed
// through an httplib::ContentReader, and the result must equal what the header contract of
// netlist_upload.h says, computed here by a plain model.
//
// Input: byte 0 = flags (bit 0 multipart, bit 1 take_raw_body, bit 2 the read fails at the
// end, bit 3 httplib refused the body with 413, bits 4-7 max_bytes / 4); then events, each an
// opcode byte (even: part header with a length-prefixed name and filename; odd: data chunk
// with a length-prefixed payload). Part headers of a raw body are dropped.

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/netlist_upload.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using kibridge::fuzz::check;
using kibridge::http::UploadedNetlist;

struct Event {
  bool header = false;
  std::string name, filename, data;
};

class Input {
 public:
  Input(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ == end_; }
  uint8_t byte() { return p_ == end_ ? 0 : *p_++; }
  std::string bytes() {
    size_t n = byte();
    n = std::min<size_t>(n, static_cast<size_t>(end_ - p_));
    std::string out(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return out;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

// The contract of read_uploaded_netlist(), written out as a model.
UploadedNetlist expected(const std::vector<Event>& events, bool multipart, bool take_raw, bool read_ok,
                         int res_status, size_t max_bytes) {
  UploadedNetlist out;
  bool found = !multipart && take_raw;
  bool in_file = false;
  bool too_large = false;
  for (const auto& e : events) {
    if (e.header) {
      in_file = !found && e.name == "file";
      if (in_file) {
        found = true;
        out.file_name = e.filename;
      }
    } else if ((multipart ? in_file : found) && !too_large) {
      if (out.xml.size() + e.data.size() > max_bytes) {
        too_large = true;
      } else {
        out.xml += e.data;
      }
    }
  }
  if (too_large || (!read_ok && res_status == 413)) {
    out.status = UploadedNetlist::Status::kTooLarge;
  } else if (!read_ok) {
    out.status = UploadedNetlist::Status::kUnreadable;
  } else if (!found || out.xml.empty()) {
    out.status = UploadedNetlist::Status::kMissing;
  } else {
    out.status = UploadedNetlist::Status::kOk;
  }
  if (out.status != UploadedNetlist::Status::kOk) out.xml.clear();
  return out;
}

// httplib's multipart reader (0.41, the version every build compiles in): the part-header
// callback and the part header it takes.
using PartCallback = httplib::FormDataHeader;
using PartHeader = httplib::FormData;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  const uint8_t flags = in.byte();
  const bool multipart = flags & 1;
  const bool take_raw = flags & 2;
  const bool fail_read = flags & 4;
  const int res_status = (flags & 8) ? 413 : -1;
  const size_t max_bytes = static_cast<size_t>(flags >> 4) * 4;
  std::vector<Event> events;
  while (!in.empty()) {
    Event e;
    e.header = in.byte() % 2 == 0;
    if (e.header) {
      e.name = in.bytes();
      e.filename = in.bytes();
      if (!multipart) continue;
    } else {
      e.data = in.bytes();
    }
    events.push_back(std::move(e));
  }

  httplib::Request req;
  req.headers.emplace("Content-Type", multipart ? "multipart/form-data; boundary=fuzz" : "application/xml");
  httplib::Response res;
  res.status = res_status;
  auto feed = [&](const PartCallback* on_header, const httplib::ContentReceiver& on_data) {
    for (const auto& e : events) {
      if (e.header) {
        PartHeader part;
        part.name = e.name;
        part.filename = e.filename;
        if (!(*on_header)(part)) return false;
      } else if (!on_data(e.data.data(), e.data.size())) {
        return false;
      }
    }
    return !fail_read;
  };
  const httplib::ContentReader reader(
      [&](const httplib::ContentReceiver& on_data) { return feed(nullptr, on_data); },
      [&](const PartCallback& on_header, const httplib::ContentReceiver& on_data) { return feed(&on_header, on_data); });
  const UploadedNetlist got = kibridge::http::read_uploaded_netlist(req, res, reader, max_bytes, take_raw);

  const UploadedNetlist want = expected(events, multipart, take_raw, !fail_read, res_status, max_bytes);
  check(got.status == want.status, "status " + std::to_string(static_cast<int>(got.status)) + ", expected " +
                                       std::to_string(static_cast<int>(want.status)));
  check(got.xml == want.xml, "a different netlist text was kept");
  check(got.file_name == want.file_name, "a different file name: '" + got.file_name + "'");
  return 0;
}
