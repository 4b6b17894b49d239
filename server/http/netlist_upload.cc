#include "server/http/netlist_upload.h"

namespace kibridge::http {

namespace {

// Appends to `out` until it would pass `max_bytes`; then keeps reading and drops the rest.
class BoundedSink {
 public:
  BoundedSink(std::string& out, std::size_t max_bytes) : out_(out), max_bytes_(max_bytes) {}
  void add(const char* data, std::size_t n) {
    if (too_large_) return;
    if (out_.size() + n > max_bytes_) {
      too_large_ = true;
      std::string().swap(out_);  // release what was kept
      return;
    }
    out_.append(data, n);
  }
  bool too_large() const { return too_large_; }

 private:
  std::string& out_;
  std::size_t max_bytes_;
  bool too_large_ = false;
};

}  // namespace

UploadedNetlist read_uploaded_netlist(const httplib::Request& req, const httplib::Response& res,
                                      const httplib::ContentReader& reader, std::size_t max_bytes, bool take_raw_body) {
  UploadedNetlist out;
  BoundedSink sink(out.xml, max_bytes);
  bool found = false;
  bool read_ok;
  if (req.is_multipart_form_data()) {
    bool in_file = false;
    read_ok = reader(
        [&](const httplib::FormData& part) {
          in_file = !found && part.name == "file";
          if (in_file) {
            found = true;
            out.file_name = part.filename;
          }
          return true;
        },
        [&](const char* data, std::size_t n) {
          if (in_file) sink.add(data, n);
          return true;
        });
  } else {
    found = take_raw_body;
    read_ok = reader([&](const char* data, std::size_t n) {
      if (found) sink.add(data, n);
      return true;
    });
  }
  // A Content-Length over the server's payload limit makes httplib skip the body, fail the
  // read and set 413: too large as well.
  if (sink.too_large() || (!read_ok && res.status == 413)) {
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

}  // namespace kibridge::http
