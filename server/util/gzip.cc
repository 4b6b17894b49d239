#include "server/util/gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace kibridge::util {

namespace {
constexpr int kGzipWindowBits = 15 + 16;  // 16: gzip header and trailer instead of zlib's
}

struct GzipWriter::State {
  z_stream zs{};
};

GzipWriter::GzipWriter(int level) : state_(new State) {
  if (deflateInit2(&state_->zs, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    delete state_;
    throw std::runtime_error("deflateInit2 failed");
  }
}

GzipWriter::~GzipWriter() {
  deflateEnd(&state_->zs);
  delete state_;
}

void GzipWriter::deflate_into(std::string_view data, int flush) {
  z_stream& zs = state_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
    out_.append(buf, sizeof buf - zs.avail_out);
  } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

void GzipWriter::append(std::string_view data) {
  if (!data.empty()) deflate_into(data, Z_NO_FLUSH);
}

std::string GzipWriter::finish() {
  deflate_into({}, Z_FINISH);
  return std::move(out_);
}

std::string gzip_decompress(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("corrupt gzip data");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      throw std::runtime_error("truncated gzip data");
    }
  }
  inflateEnd(&zs);
  return out;
}

}  // namespace kibridge::util
