// Reading the netlist a client uploads to an import route, in bounded memory.
//
// httplib would buffer a chunked body of any size (its payload limit only checks
// Content-Length), so the import routes read through a ContentReader instead: at most
// `max_bytes` of the netlist are kept, anything beyond is read and discarded, so the client
// gets a proper 413 answer instead of a connection reset while it is still sending.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace kibridge::http {

struct UploadedNetlist {
  enum class Status {
    kOk,
    kMissing,     // no multipart part "file", or a raw body the route does not take
    kTooLarge,    // over max_bytes (the body was still read to its end)
    kUnreadable,  // the body broke off or the multipart encoding is malformed
  };
  Status status = Status::kMissing;
  std::string xml;
  std::string file_name;  // the multipart part's filename ("" for a raw body)
};

// Reads the whole request body through `reader` (`res` is only looked at for the status
// httplib sets when it refuses the body itself). A multipart/form-data body yields its first
// part named "file" (other parts are discarded). Any other body is the netlist itself when
// `take_raw_body`, otherwise it is read and dropped and the result is kMissing. An empty netlist is
// kMissing.
UploadedNetlist read_uploaded_netlist(const httplib::Request& req, const httplib::Response& res,
                                      const httplib::ContentReader& reader, std::size_t max_bytes, bool take_raw_body);

}  // namespace kibridge::http
