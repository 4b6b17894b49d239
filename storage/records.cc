#include "storage/records.h"

namespace kibridge::storage {

bool is_datasheet_comment(std::string_view comment) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!comment.empty() && blank(comment.front())) comment.remove_prefix(1);
  while (!comment.empty() && blank(comment.back())) comment.remove_suffix(1);
  constexpr std::string_view kWord = "datasheet";
  if (comment.size() != kWord.size()) return false;
  for (size_t i = 0; i < kWord.size(); ++i) {
    const char c = comment[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kWord[i]) return false;
  }
  return true;
}

}  // namespace kibridge::storage
