// gzip compression of response bodies (RFC 1952), done once when a response is rendered.
#pragma once

#include <string>
#include <string_view>

namespace kibridge::util {

// Compresses a body appended piece by piece, so a large response never exists uncompressed
// in one piece. Throws std::runtime_error only when zlib itself fails (out of memory). Not
// thread-safe; one writer per body.
class GzipWriter {
 public:
  explicit GzipWriter(int level = 6);
  ~GzipWriter();
  GzipWriter(const GzipWriter&) = delete;
  GzipWriter& operator=(const GzipWriter&) = delete;

  void append(std::string_view data);
  // Ends the stream and returns the gzip bytes; the writer is spent afterwards.
  std::string finish();

 private:
  void deflate_into(std::string_view data, int flush);
  struct State;
  State* state_;
  std::string out_;
};

// For tests and clients: inflates a gzip stream; throws std::runtime_error on corrupt input.
std::string gzip_decompress(std::string_view data);

}  // namespace kibridge::util
