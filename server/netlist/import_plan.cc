#include "server/netlist/import_plan.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>

#include "server/util/ascii_text.h"
#include "server/util/decimal_id.h"
#include "server/util/utf8.h"

namespace kibridge::netlist {

using util::ascii_lower;
using util::equals_ignore_case;
using util::starts_with_ignore_case;
namespace {

using util::in_quotes;

// Report order of the fields.
constexpr std::array<WritableField, 4> kFields = {WritableField::kFootprint, WritableField::kSymbol,
                                                  WritableField::kReference, WritableField::kDatasheet};

std::size_t slot(WritableField field) { return static_cast<std::size_t>(field); }

// A positive id in its canonical decimal form (util::parse_decimal_id: no sign, no leading
// zero, fits int64).
std::optional<std::int64_t> parse_part_id(std::string_view text) {
  const auto id = util::parse_decimal_id(text);
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

// http://, https:// or ftp:// followed by a host, no whitespace or control characters.
bool is_remote_url(std::string_view text) {
  std::size_t after_scheme = 0;
  for (std::string_view scheme : {"http://", "https://", "ftp://"}) {
    if (starts_with_ignore_case(text, scheme)) {
      after_scheme = scheme.size();
      break;
    }
  }
  if (after_scheme == 0) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  std::string_view rest = text.substr(after_scheme);
  std::size_t host_end = rest.find_first_of("/?#");
  return (host_end == std::string_view::npos ? rest.size() : host_end) > 0;
}

// "R12" -> "R", "U1A" -> "U", "R?" -> "R".
std::string reference_prefix(std::string_view ref) {
  std::size_t end = 0;
  while (end < ref.size() && !(ref[end] >= '0' && ref[end] <= '9') && ref[end] != '?') ++end;
  return std::string(ref.substr(0, end));
}

// Memoises PartDirectory lookups so each distinct id/IPN/name is asked for once, however many
// components carry it. Returned pointers stay valid for the lifetime of this object.
class CachedDirectory {
 public:
  explicit CachedDirectory(const PartDirectory& directory) : directory_(directory) {}

  const KnownPart* by_id(std::int64_t id) {
    auto [it, inserted] = id_results_.try_emplace(id, nullptr);
    if (inserted) {
      if (std::optional<KnownPart> part = directory_.find_by_id(id)) it->second = remember(std::move(*part));
    }
    return it->second;
  }

  const std::vector<const KnownPart*>& by_ipn(const std::string& ipn) {
    return cached_search(ipn_results_, ipn, [&] { return directory_.find_by_ipn(ipn); });
  }

  const std::vector<const KnownPart*>& by_name(const std::string& name) {
    return cached_search(name_results_, name, [&] { return directory_.find_by_name(name); });
  }

 private:
  using SearchResults = std::unordered_map<std::string, std::vector<const KnownPart*>>;

  template <typename Search>
  const std::vector<const KnownPart*>& cached_search(SearchResults& cache, const std::string& key, Search search) {
    auto [it, inserted] = cache.try_emplace(key);
    if (inserted) {
      for (KnownPart& part : search()) it->second.push_back(remember(std::move(part)));
    }
    return it->second;
  }

  // One canonical copy per part id (unordered_map nodes do not move on rehash).
  const KnownPart* remember(KnownPart part) {
    auto [it, inserted] = parts_.try_emplace(part.id, std::move(part));
    return &it->second;
  }

  const PartDirectory& directory_;
  std::unordered_map<std::int64_t, KnownPart> parts_;
  std::unordered_map<std::int64_t, const KnownPart*> id_results_;
  SearchResults ipn_results_;
  SearchResults name_results_;
};

std::string describe_ids(const std::vector<const KnownPart*>& parts) {
  std::string ids;
  for (const KnownPart* part : parts) {
    if (!ids.empty()) ids += ", ";
    ids += std::to_string(part->id);
  }
  return ids;
}

struct Match {
  const KnownPart* part = nullptr;
  MatchMethod method = MatchMethod::kNone;
  std::vector<std::string> failed_attempts;  // why earlier rules did not match
  std::vector<std::string> notes;
};

// Applies a unique-result search; records why it failed otherwise.
bool take_unique(const std::vector<const KnownPart*>& found, const std::string& what, MatchMethod method,
                 Match& match) {
  if (found.size() == 1) {
    match.part = found.front();
    match.method = method;
    return true;
  }
  if (found.empty()) {
    match.failed_attempts.push_back("no part has " + what);
  } else {
    match.failed_attempts.push_back(std::to_string(found.size()) + " parts have " + what + " (ids " +
                                    describe_ids(found) + ")");
  }
  return false;
}

const Field* find_identifier_field(const Component& component, std::string_view prefix) {
  if (prefix.empty()) return nullptr;
  for (const Field& field : component.fields) {
    if (starts_with_ignore_case(field.name, prefix) && !util::trim_view(field.value).empty()) return &field;
  }
  return nullptr;
}

Match match_component(const Component& component, const ImportSettings& settings, CachedDirectory& directory) {
  Match match;
  const Field* id_field = find_identifier_field(component, settings.id_field_prefix);
  const Field* ipn_field = component.find_field("IPN");
  if (ipn_field != nullptr && util::trim_view(ipn_field->value).empty()) ipn_field = nullptr;

  if (id_field != nullptr) {
    std::string_view text = util::trim_view(id_field->value);
    if (std::optional<std::int64_t> id = parse_part_id(text)) {
      if (const KnownPart* part = directory.by_id(*id)) {
        match.part = part;
        match.method = MatchMethod::kId;
      } else {
        match.failed_attempts.push_back(id_field->name + " field " + in_quotes(text) + " is not a known part id");
      }
    } else {
      match.failed_attempts.push_back(id_field->name + " field " + in_quotes(text) + " is not a part id");
    }
  }
  if (match.part == nullptr && ipn_field != nullptr) {
    std::string ipn(util::trim_view(ipn_field->value));
    take_unique(directory.by_ipn(ipn), "IPN " + in_quotes(ipn), MatchMethod::kIpn, match);
  }
  if (match.part == nullptr && id_field != nullptr) {
    std::string name(util::trim_view(id_field->value));
    if (settings.name_fallback) {
      take_unique(directory.by_name(name), "the name " + in_quotes(name), MatchMethod::kName, match);
    } else {
      match.failed_attempts.push_back("matching by name is off");
    }
  }

  if (match.part != nullptr) {
    for (const std::string& attempt : match.failed_attempts) {
      match.notes.push_back(attempt + "; matched by " + std::string(method_name(match.method)) + " instead");
    }
    if (ipn_field != nullptr && match.method != MatchMethod::kIpn && util::trim_view(ipn_field->value) != match.part->ipn) {
      std::string part_ipn = match.part->ipn.empty() ? "no IPN" : "IPN " + in_quotes(match.part->ipn);
      match.notes.push_back("IPN field " + in_quotes(util::trim_view(ipn_field->value)) + " differs from part " +
                            std::to_string(match.part->id) + "'s " + part_ipn);
    }
  }
  return match;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

std::string unmatched_reason(const ImportSettings& settings, const Match& match) {
  if (!match.failed_attempts.empty()) return join(match.failed_attempts, "; ");
  if (settings.id_field_prefix.empty()) return "no IPN field";
  return "no " + in_quotes(settings.id_field_prefix) + " or IPN field";
}

// Why a component is a power or virtual symbol, or empty if it is not one.
std::string skip_reason(const Component& component) {
  if (!component.ref.empty() && component.ref.front() == '#') {
    return "power or virtual symbol (reference starts with '#')";
  }
  if (component.libsource && equals_ignore_case(component.libsource->lib, "power")) {
    return "power symbol (library \"power\")";
  }
  return {};
}

// The distinct values a design gives one field of one part, each with the refs giving it.
class ValueTally {
 public:
  void add(std::string value, const std::string& ref) {
    auto [it, inserted] = index_.try_emplace(value, values_.size());
    if (inserted) values_.push_back(ValueSource{std::move(value), {}});
    values_[it->second].refs.push_back(ref);
  }
  std::vector<ValueSource>& values() { return values_; }

 private:
  std::vector<ValueSource> values_;
  std::unordered_map<std::string, std::size_t> index_;
};

class IgnoredTally {
 public:
  void add(WritableField field, std::string reason, const std::string& ref) {
    auto [it, inserted] = index_.try_emplace({slot(field), reason}, ignored_.size());
    if (inserted) ignored_.push_back(IgnoredValue{field, std::move(reason), {}});
    ignored_[it->second].refs.push_back(ref);
  }
  std::vector<IgnoredValue>& ignored() { return ignored_; }

 private:
  std::vector<IgnoredValue> ignored_;
  std::map<std::pair<std::size_t, std::string>, std::size_t> index_;
};

struct PartAccumulator {
  const KnownPart* part = nullptr;
  std::vector<std::string> refs;
  std::array<ValueTally, kFields.size()> values;
  IgnoredTally ignored;
};

bool is_http_library(std::string_view lib, const ImportSettings& settings) {
  for (const std::string& nickname : settings.http_library_nicknames) {
    if (equals_ignore_case(lib, nickname)) return true;
  }
  return false;
}

void collect_values(const Component& component, const ImportSettings& settings, PartAccumulator& accumulator) {
  const std::string& ref = component.ref;
  accumulator.refs.push_back(ref);

  if (std::string_view footprint = util::trim_view(component.footprint); !footprint.empty()) {
    accumulator.values[slot(WritableField::kFootprint)].add(std::string(footprint), ref);
  }

  if (std::string prefix = reference_prefix(ref); !prefix.empty()) {
    accumulator.values[slot(WritableField::kReference)].add(std::move(prefix), ref);
  } else {
    accumulator.ignored.add(WritableField::kReference, "reference has no letter prefix", ref);
  }

  std::string_view datasheet = util::trim_view(component.datasheet);
  if (is_remote_url(datasheet)) {
    accumulator.values[slot(WritableField::kDatasheet)].add(std::string(datasheet), ref);
  } else if (!datasheet.empty() && datasheet != "~") {
    accumulator.ignored.add(WritableField::kDatasheet, in_quotes(datasheet) + " is not an http(s) or ftp URL", ref);
  }

  if (!component.libsource || component.libsource->part.empty()) {
    accumulator.ignored.add(WritableField::kSymbol, "no library symbol recorded", ref);
  } else if (component.libsource->lib.empty()) {
    accumulator.ignored.add(WritableField::kSymbol,
                            "symbol " + in_quotes(component.libsource->part) + " is not linked to a library", ref);
  } else if (is_http_library(component.libsource->lib, settings)) {
    accumulator.ignored.add(WritableField::kSymbol,
                            "placed from the HTTP library " + in_quotes(component.libsource->lib), ref);
  } else {
    accumulator.values[slot(WritableField::kSymbol)].add(component.libsource->lib + ":" + component.libsource->part,
                                                         ref);
  }
}

const std::optional<std::string>& current_value(const KnownPart& part, WritableField field) {
  switch (field) {
    case WritableField::kFootprint:
      return part.footprint;
    case WritableField::kSymbol:
      return part.symbol;
    case WritableField::kReference:
      return part.reference;
    case WritableField::kDatasheet:
      break;
  }
  return part.datasheet;
}

// The footprint KiCad is served for a stored value: through the part's footprint mappings.
std::string served_footprint(const KnownPart& part, const std::string& stored) {
  const auto it = part.footprint_mappings.find(stored);
  return it == part.footprint_mappings.end() ? stored : it->second;
}

// What to store so KiCad is served `footprint`: the first (in value order) mapped value that
// maps to it, else the footprint itself.
std::string stored_footprint(const KnownPart& part, const std::string& footprint) {
  for (const auto& [value, mapped] : part.footprint_mappings) {
    if (mapped == footprint) return value;
  }
  return footprint;
}

// Why `value` may not be written to `field` of `part` ("" when it may).
std::string refusal(const KnownPart& part, WritableField field, const std::string& value,
                    const ImportSettings& settings) {
  const FieldRule& rule = settings.fields[slot(field)];
  if (field == WritableField::kFootprint && part.footprint_refused) {
    if (!part.footprint_refused->empty()) return *part.footprint_refused;
  } else if (!rule.refused.empty()) {
    return rule.refused;
  }
  // Bytes bound characters from above: most values need no count. The value itself is not
  // repeated: it may be a megabyte.
  if (value.size() <= rule.max_characters) return "";
  const std::size_t characters = util::utf8_characters(value);
  if (characters <= rule.max_characters) return "";
  return "the value has " + std::to_string(characters) + " characters; InvenTree holds at most " +
         std::to_string(rule.max_characters) + " in " + rule.holder;
}

PartReport resolve(PartAccumulator& accumulator, const ImportSettings& settings) {
  const KnownPart& part = *accumulator.part;
  PartReport report;
  report.part_id = part.id;
  report.name = part.name;
  report.ipn = part.ipn;
  report.refs = std::move(accumulator.refs);
  report.ignored = std::move(accumulator.ignored.ignored());

  for (WritableField field : kFields) {
    std::vector<ValueSource>& values = accumulator.values[slot(field)].values();
    const std::optional<std::string>& stored = current_value(part, field);
    if (values.empty()) continue;
    // Compared as KiCad sees them: a design gives KiCad footprints, and a stored footprint
    // may be a mapped value ("0603").
    const std::optional<std::string> current =
        field == WritableField::kFootprint && stored ? std::optional<std::string>(served_footprint(part, *stored))
                                                     : stored;
    if (values.size() > 1) {
      report.conflicts.push_back(FieldConflict{field, current, std::move(values)});
      continue;
    }
    ValueSource& wanted = values.front();
    if (!current || current->empty() || (settings.override_existing && *current != wanted.value)) {
      std::string value = field == WritableField::kFootprint ? stored_footprint(part, wanted.value) : wanted.value;
      if (std::string refused = refusal(part, field, value, settings); !refused.empty()) {
        report.ignored.push_back(IgnoredValue{field, std::move(refused), std::move(wanted.refs)});
        continue;
      }
      std::string kicad_value = field == WritableField::kFootprint ? served_footprint(part, value) : value;
      report.changes.push_back(
          PlannedChange{field, stored, std::move(value), std::move(wanted.refs), std::move(kicad_value)});
    } else if (*current == wanted.value) {
      report.up_to_date.push_back(UpToDate{field, std::move(wanted.value)});
    } else {
      report.kept_existing.push_back(KeptExisting{field, *current, std::move(wanted.value), std::move(wanted.refs)});
    }
  }
  return report;
}

// KiCad writes "~" for an empty value or datasheet (before KiCad 10).
std::string schematic_text(const std::string& value) { return value == "~" ? std::string() : value; }

// A schematic value in a drift entry is cut to this many bytes (on a UTF-8 character
// boundary), with "..." appended: a megabyte-long field in a netlist must not make the report a
// megabyte. 500 is InvenTree's parameter limit, so no value KiCad is served is longer.
constexpr std::size_t kMaxDriftValueBytes = 500;

std::string bounded(std::string value) {
  if (value.size() <= kMaxDriftValueBytes) return value;
  std::size_t cut = kMaxDriftValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  value.resize(cut);
  return value + "...";
}

void collect_drift(const Component& component, const KnownPart& part, std::vector<DriftEntry>& out) {
  for (const auto& [name, served] : part.served_fields) {
    std::optional<std::string> schematic;
    if (name == "value") {
      schematic = schematic_text(component.value);
    } else if (name == "footprint") {
      schematic = component.footprint;
    } else if (name == "datasheet") {
      schematic = schematic_text(component.datasheet);
    } else if (name == "description") {
      if (!component.description.empty()) schematic = component.description;
    } else if (name == "reference") {
      continue;
    } else if (const Field* f = component.find_field(name)) {
      schematic = schematic_text(f->value);
    }
    if (schematic && *schematic != served) {
      out.push_back(DriftEntry{component.ref, part.id, name, bounded(std::move(*schematic)), served});
    }
  }
}

// Whether this import changes `field` for `ref`'s part: then the difference is being resolved.
bool changed_by_import(const ImportReport& report, const DriftEntry& drift) {
  for (const PartReport& part : report.parts) {
    if (part.part_id != drift.part_id) continue;
    for (const PlannedChange& change : part.changes) {
      if (field_name(change.field) == drift.field &&
          std::find(change.refs.begin(), change.refs.end(), drift.ref) != change.refs.end()) {
        return true;
      }
    }
  }
  return false;
}

// The names of one kind the installed libraries lack, in first-use order; nullopt when none
// of that kind are installed.
class MissingNames {
 public:
  explicit MissingNames(std::span<const std::string> installed) : installed_(installed) {}

  void add(const std::string& name, const std::string& ref) {
    if (installed_.empty() || std::binary_search(installed_.begin(), installed_.end(), name)) return;
    const auto [it, added] = index_.try_emplace(name, names_.size());
    if (added) names_.push_back(NotInstalledName{name, {}, false});
    names_[it->second].refs.push_back(ref);
  }
  void mark_queued(const std::string& name) {
    if (auto it = index_.find(name); it != index_.end()) names_[it->second].queued = true;
  }
  std::optional<std::vector<NotInstalledName>> result() && {
    if (installed_.empty()) return std::nullopt;
    return std::move(names_);
  }

 private:
  std::span<const std::string> installed_;
  std::vector<NotInstalledName> names_;
  std::unordered_map<std::string, std::size_t> index_;
};

NotInstalled find_not_installed(const Netlist& netlist, const ImportReport& report, const ImportSettings& settings,
                                const InstalledLibraryNames& installed) {
  MissingNames symbols(installed.symbols), footprints(installed.footprints);
  for (std::size_t i = 0; i < netlist.components.size(); ++i) {
    const Component& component = netlist.components[i];
    if (report.components[i].status == ComponentStatus::kSkipped) continue;
    if (const auto& source = component.libsource;
        source && !source->lib.empty() && !source->part.empty() && !is_http_library(source->lib, settings)) {
      symbols.add(source->lib + ":" + source->part, component.ref);
    }
    if (std::string_view footprint = util::trim_view(component.footprint); !footprint.empty()) {
      footprints.add(std::string(footprint), component.ref);
    }
  }
  for (const PartReport& part : report.parts) {
    for (const PlannedChange& change : part.changes) {
      if (change.field == WritableField::kSymbol) symbols.mark_queued(change.new_value);
      if (change.field == WritableField::kFootprint) footprints.mark_queued(change.kicad_value);
    }
  }
  return NotInstalled{std::move(symbols).result(), std::move(footprints).result()};
}

}  // namespace

ImportReport plan_import(const Netlist& netlist, const ImportSettings& settings, const PartDirectory& parts,
                         const InstalledLibraryNames& installed) {
  ImportReport report;
  report.export_version = netlist.export_version;
  report.design = netlist.design;
  report.settings = PlanSettingsEcho{settings.id_field_prefix, settings.name_fallback, settings.override_existing,
                                     settings.http_library_nicknames};

  CachedDirectory directory(parts);
  std::map<std::int64_t, PartAccumulator> by_part;  // ordered: the report lists parts by id

  report.components.reserve(netlist.components.size());
  for (const Component& component : netlist.components) {
    ComponentReport entry;
    entry.ref = component.ref;
    entry.flags = component.flags;

    if (std::string reason = skip_reason(component); !reason.empty()) {
      entry.status = ComponentStatus::kSkipped;
      entry.reason = std::move(reason);
      ++report.summary.skipped;
    } else {
      Match match = match_component(component, settings, directory);
      if (match.part == nullptr) {
        entry.status = ComponentStatus::kUnmatched;
        entry.reason = unmatched_reason(settings, match);
        ++report.summary.unmatched;
      } else {
        entry.status = ComponentStatus::kMatched;
        entry.method = match.method;
        entry.part_id = match.part->id;
        entry.notes = std::move(match.notes);
        ++report.summary.matched;
        PartAccumulator& accumulator = by_part[match.part->id];
        accumulator.part = match.part;
        collect_values(component, settings, accumulator);
        collect_drift(component, *match.part, report.drift);
      }
    }
    report.components.push_back(std::move(entry));
  }

  report.parts.reserve(by_part.size());
  for (auto& [id, accumulator] : by_part) {
    PartReport part = resolve(accumulator, settings);
    report.summary.changes += part.changes.size();
    report.summary.conflicts += part.conflicts.size();
    report.summary.kept_existing += part.kept_existing.size();
    report.summary.up_to_date += part.up_to_date.size();
    report.parts.push_back(std::move(part));
  }
  std::erase_if(report.drift, [&](const DriftEntry& d) { return changed_by_import(report, d); });
  report.summary.drift = report.drift.size();
  report.not_installed = find_not_installed(netlist, report, settings, installed);
  if (report.not_installed.symbols) report.summary.not_installed_symbols = report.not_installed.symbols->size();
  if (report.not_installed.footprints) report.summary.not_installed_footprints = report.not_installed.footprints->size();
  report.summary.components = netlist.components.size();
  report.summary.parts = report.parts.size();
  return report;
}

}  // namespace kibridge::netlist
