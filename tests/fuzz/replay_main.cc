// Corpus replay for the fuzz targets of tests/fuzz/, built with the normal compiler (no
// libFuzzer): `fuzz_replay_<name> <dir-or-file>...` feeds every file (directories: every
// regular file in them, in name order) through the target's LLVMFuzzerTestOneInput once.
//
// A target reports a problem by aborting (a failed differential check, a sanitizer finding),
// which fails the ctest test. Exit status 1 when an argument names nothing readable or a
// directory holds no file, so a corpus that went missing cannot pass as "replayed nothing".

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool replay_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz replay: cannot read %s\n", path.c_str());
    return false;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy in its own allocation, so ASan catches a read past the end of the input.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.data(), data.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <corpus directory or file>...\n", argv[0]);
    return 2;
  }
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(arg)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      if (files.empty()) {
        std::fprintf(stderr, "fuzz replay: %s holds no corpus file\n", arg.c_str());
        return 1;
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (!replay_file(f)) return 1;
        ++replayed;
      }
    } else {
      if (!replay_file(arg)) return 1;
      ++replayed;
    }
  }
  std::printf("fuzz replay: %zu inputs, no problem found\n", replayed);
  return 0;
}
