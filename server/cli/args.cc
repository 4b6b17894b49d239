#include "server/cli/args.h"

#include <cstdlib>

namespace kibridge::cli {

namespace {
bool is_option_word(const std::string& w) { return w.size() > 2 && w.rfind("--", 0) == 0; }
}  // namespace

Args::Args(std::vector<std::string> words) : words_(std::move(words)), consumed_(words_.size(), false) {}

std::optional<std::string> Args::option(const std::string& name) {
  const std::string with_equals = name + "=";
  std::optional<std::string> value;
  for (size_t i = 0; i < words_.size(); ++i) {
    if (consumed_[i]) continue;
    if (words_[i] == name) {
      if (i + 1 >= words_.size()) throw UsageError(name + " needs a value");
      consumed_[i] = consumed_[i + 1] = true;
      value = words_[i + 1];
      ++i;
    } else if (words_[i].rfind(with_equals, 0) == 0) {
      consumed_[i] = true;
      value = words_[i].substr(with_equals.size());
    }
  }
  return value;
}

std::string Args::option_or(const std::string& name, const std::string& fallback, const char* env) {
  if (auto v = option(name)) return *v;
  if (env != nullptr) {
    if (const char* e = std::getenv(env); e != nullptr && *e != '\0') return e;
  }
  return fallback;
}

std::optional<long long> Args::int_option(const std::string& name, long long min, long long max) {
  auto text = option(name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno != 0) throw UsageError(name + " expects a whole number, got '" + *text + "'");
  if (v < min || v > max) {
    throw UsageError(name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return v;
}

bool Args::flag(const std::string& name) {
  bool found = false;
  for (size_t i = 0; i < words_.size(); ++i) {
    if (!consumed_[i] && words_[i] == name) {
      consumed_[i] = true;
      found = true;
    }
  }
  return found;
}

bool Args::help_requested() const {
  for (const auto& w : words_) {
    if (w == "-h" || w == "--help") return true;
  }
  return false;
}

const std::vector<std::string>& Args::positional() {
  if (!positional_ready_) {
    for (size_t i = 0; i < words_.size(); ++i) {
      if (!consumed_[i] && !is_option_word(words_[i]) && words_[i] != "-h") {
        consumed_[i] = true;
        positional_.push_back(words_[i]);
      }
    }
    positional_ready_ = true;
  }
  return positional_;
}

void Args::finish(size_t max_positional) {
  positional();
  for (size_t i = 0; i < words_.size(); ++i) {
    if (!consumed_[i]) throw UsageError("unknown option '" + words_[i] + "'");
  }
  if (positional_.size() > max_positional) throw UsageError("unexpected argument '" + positional_[max_positional] + "'");
}

}  // namespace kibridge::cli
