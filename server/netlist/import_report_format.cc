#include "server/netlist/import_report_format.h"

#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/util/ascii_text.h"
#include "server/util/json_optional.h"

namespace kibridge::netlist {
namespace {

using nlohmann::json;
using util::in_quotes;


std::vector<std::string> flag_names(const ComponentFlags& flags) {
  std::vector<std::string> names;
  if (flags.dnp) names.emplace_back("dnp");
  if (flags.exclude_from_bom) names.emplace_back("exclude_from_bom");
  if (flags.exclude_from_board) names.emplace_back("exclude_from_board");
  if (flags.exclude_from_sim) names.emplace_back("exclude_from_sim");
  if (flags.exclude_from_pos_files) names.emplace_back("exclude_from_pos_files");
  return names;
}

json component_json(const ComponentReport& component) {
  return json{
      {"ref", component.ref},
      {"status", status_name(component.status)},
      {"matched_by", component.method == MatchMethod::kNone ? json(nullptr) : json(method_name(component.method))},
      {"part_id", util::json_or_null(component.part_id)},
      {"reason", component.reason.empty() ? json(nullptr) : json(component.reason)},
      {"flags", flag_names(component.flags)},
      {"notes", component.notes},
  };
}

json part_json(const PartReport& part) {
  json changes = json::array();
  for (const PlannedChange& change : part.changes) {
    changes.push_back({{"field", field_name(change.field)},
                       {"old", util::json_or_null(change.old_value)},
                       {"new", change.new_value},
                       {"kicad_value", change.kicad_value},
                       {"refs", change.refs}});
  }
  json conflicts = json::array();
  for (const FieldConflict& conflict : part.conflicts) {
    json values = json::array();
    for (const ValueSource& source : conflict.values)
      values.push_back({{"value", source.value}, {"refs", source.refs}});
    conflicts.push_back(
        {{"field", field_name(conflict.field)}, {"current", util::json_or_null(conflict.current)}, {"values", values}});
  }
  json up_to_date = json::array();
  for (const UpToDate& entry : part.up_to_date) {
    up_to_date.push_back({{"field", field_name(entry.field)}, {"value", entry.value}});
  }
  json kept = json::array();
  for (const KeptExisting& entry : part.kept_existing) {
    kept.push_back({{"field", field_name(entry.field)},
                    {"current", entry.current},
                    {"proposed", entry.proposed},
                    {"refs", entry.refs}});
  }
  json ignored = json::array();
  for (const IgnoredValue& entry : part.ignored) {
    ignored.push_back({{"field", field_name(entry.field)}, {"reason", entry.reason}, {"refs", entry.refs}});
  }
  return json{{"part_id", part.part_id},  {"name", part.name},     {"ipn", part.ipn},
              {"refs", part.refs},        {"changes", changes},    {"conflicts", conflicts},
              {"up_to_date", up_to_date}, {"kept_existing", kept}, {"ignored", ignored}};
}

// ---- text ----

std::string shown(const std::optional<std::string>& value) { return value ? in_quotes(*value) : "(none)"; }

std::string on_off(bool value) { return value ? "on" : "off"; }

std::string ref_list(const std::vector<std::string>& refs) {
  std::string text;
  for (const std::string& ref : refs) {
    if (!text.empty()) text += ", ";
    text += ref;
  }
  return text;
}

class TextWriter {
 public:
  explicit TextWriter(const ImportReport& report) : report_(report) {
    for (const ComponentReport& component : report.components) by_ref_.try_emplace(component.ref, &component);
  }

  std::string write() {
    header();
    not_installed();
    for (const PartReport& part : report_.parts) part_block(part);
    component_list(ComponentStatus::kUnmatched, "Unmatched components");
    component_list(ComponentStatus::kSkipped, "Skipped components");
    component_notes();
    drift();
    return std::move(out_);
  }

 private:
  void line(const std::string& text) {
    out_ += text;
    out_ += '\n';
  }

  void header() {
    const ImportSummary& s = report_.summary;
    line("KiCad netlist import plan");
    line("Design:     " + report_.design.source);
    line("Tool:       " + report_.design.tool + " (netlist version " + report_.export_version + ")");
    std::string libraries;
    for (const std::string& nickname : report_.settings.http_library_nicknames) {
      libraries += (libraries.empty() ? "" : ", ") + in_quotes(nickname);
    }
    line("Settings:   identifier field " + in_quotes(report_.settings.id_field_prefix) + ", name fallback " +
         on_off(report_.settings.name_fallback) + ", override existing " + on_off(report_.settings.override_existing) +
         ", HTTP library " + (libraries.empty() ? "(none)" : libraries));
    line("Components: " + std::to_string(s.components) + " (matched " + std::to_string(s.matched) + ", unmatched " +
         std::to_string(s.unmatched) + ", skipped " + std::to_string(s.skipped) + ")");
    line("Parts:      " + std::to_string(s.parts) + " (changes " + std::to_string(s.changes) + ", conflicts " +
         std::to_string(s.conflicts) + ", kept existing " + std::to_string(s.kept_existing) + ", up to date " +
         std::to_string(s.up_to_date) + ")");
  }

  std::string flagged_refs(const std::vector<std::string>& refs) const {
    std::string text;
    for (const std::string& ref : refs) {
      if (!text.empty()) text += ", ";
      text += ref;
      auto it = by_ref_.find(ref);
      if (it == by_ref_.end()) continue;
      std::string flags;
      for (const std::string& flag : flag_names(it->second->flags)) flags += (flags.empty() ? "" : ", ") + flag;
      if (!flags.empty()) text += " [" + flags + "]";
    }
    return text;
  }

  void part_block(const PartReport& part) {
    line("");
    std::string title = "Part " + std::to_string(part.part_id) + " " + in_quotes(part.name);
    if (!part.ipn.empty()) title += " (IPN " + in_quotes(part.ipn) + ")";
    line(title + ": " + flagged_refs(part.refs));
    for (const PlannedChange& change : part.changes) {
      // A mapped footprint is stored as its parameter value: say what KiCad will show.
      const std::string shows =
          change.kicad_value == change.new_value ? "" : "; KiCad will show " + in_quotes(change.kicad_value);
      line("  change    " + std::string(field_name(change.field)) + ": " + shown(change.old_value) + " -> " +
           in_quotes(change.new_value) + " (" + ref_list(change.refs) + ")" + shows);
    }
    for (const FieldConflict& conflict : part.conflicts) {
      std::string values;
      for (const ValueSource& source : conflict.values) {
        values += (values.empty() ? "" : ", ") + in_quotes(source.value) + " (" + ref_list(source.refs) + ")";
      }
      line("  conflict  " + std::string(field_name(conflict.field)) + ": InvenTree has " + shown(conflict.current) +
           "; the design gives " + values + "; nothing written");
    }
    for (const KeptExisting& kept : part.kept_existing) {
      line("  kept      " + std::string(field_name(kept.field)) + ": InvenTree keeps " + in_quotes(kept.current) +
           ", the design gives " + in_quotes(kept.proposed) + " (" + ref_list(kept.refs) + "); override is off");
    }
    for (const UpToDate& entry : part.up_to_date) {
      line("  same      " + std::string(field_name(entry.field)) + ": " + in_quotes(entry.value));
    }
    for (const IgnoredValue& entry : part.ignored) {
      line("  ignored   " + std::string(field_name(entry.field)) + ": " + entry.reason + " (" + ref_list(entry.refs) +
           ")");
    }
  }

  void component_list(ComponentStatus status, const std::string& title) {
    std::vector<const ComponentReport*> listed;
    for (const ComponentReport& component : report_.components) {
      if (component.status == status) listed.push_back(&component);
    }
    if (listed.empty()) return;
    line("");
    line(title + " (" + std::to_string(listed.size()) + ")");
    for (const ComponentReport* component : listed) {
      line("  " + flagged_refs({component->ref}) + ": " + component->reason);
    }
  }

  void component_notes() {
    bool any = false;
    for (const ComponentReport& component : report_.components) {
      for (const std::string& note : component.notes) {
        if (!any) {
          line("");
          line("Notes");
          any = true;
        }
        line("  " + component.ref + ": " + note);
      }
    }
  }

  // Before the parts: what KiCad here would not find decides whether the rest is worth applying.
  void not_installed() {
    const NotInstalled& n = report_.not_installed;
    const bool any = (n.symbols && !n.symbols->empty()) || (n.footprints && !n.footprints->empty());
    if (!any && n.symbols && n.footprints) return;
    line("");
    if (any) line("Not in the KiCad libraries installed here (reported only; KiCad would not find them):");
    for (const auto& [kind, names] : {std::pair{"symbol", &n.symbols}, std::pair{"footprint", &n.footprints}}) {
      if (!*names) {
        line(std::string("  ") + kind + "s not checked: no KiCad " + kind + " library installed here");
        continue;
      }
      for (const NotInstalledName& entry : **names) {
        line(std::string("  ") + kind + " " + entry.name + ": " + ref_list(entry.refs) +
             (entry.queued ? " (this import writes it to InvenTree)" : ""));
      }
    }
  }

  void drift() {
    if (report_.drift.empty()) return;
    line("");
    line("Drift: the schematic differs from what kibridge serves (" + std::to_string(report_.drift.size()) +
         "; reported only, nothing written)");
    for (const DriftEntry& d : report_.drift) {
      line("  " + d.ref + " (part " + std::to_string(d.part_id) + ") " + d.field + ": schematic " +
           in_quotes(d.schematic_value) + ", served " + in_quotes(d.served_value));
    }
  }

  const ImportReport& report_;
  std::unordered_map<std::string, const ComponentReport*> by_ref_;
  std::string out_;
};

}  // namespace

nlohmann::json to_json(const ImportReport& report) {
  const ImportSummary& s = report.summary;
  json components = json::array();
  for (const ComponentReport& component : report.components) components.push_back(component_json(component));
  json parts = json::array();
  for (const PartReport& part : report.parts) parts.push_back(part_json(part));
  auto names_json = [](const std::optional<std::vector<NotInstalledName>>& names) {
    return util::json_or_null(names, [](const std::vector<NotInstalledName>& list) {
      json out = json::array();
      for (const NotInstalledName& n : list) out.push_back(json{{"name", n.name}, {"refs", n.refs}, {"queued", n.queued}});
      return out;
    });
  };
  json drift = json::array();
  for (const DriftEntry& d : report.drift) {
    drift.push_back(json{{"component", d.ref},
                         {"part", d.part_id},
                         {"field", d.field},
                         {"schematic_value", d.schematic_value},
                         {"served_value", d.served_value}});
  }
  return json{
      {"export_version", report.export_version},
      {"design", {{"source", report.design.source}, {"date", report.design.date}, {"tool", report.design.tool}}},
      {"settings",
       {{"id_field_prefix", report.settings.id_field_prefix},
        {"name_fallback", report.settings.name_fallback},
        {"override_existing", report.settings.override_existing},
        {"http_library_nicknames", report.settings.http_library_nicknames}}},
      {"summary",
       {{"components", s.components},
        {"matched", s.matched},
        {"unmatched", s.unmatched},
        {"skipped", s.skipped},
        {"parts", s.parts},
        {"changes", s.changes},
        {"conflicts", s.conflicts},
        {"kept_existing", s.kept_existing},
        {"up_to_date", s.up_to_date},
        {"drift", s.drift},
        {"not_installed_symbols", util::json_or_null(s.not_installed_symbols)},
        {"not_installed_footprints", util::json_or_null(s.not_installed_footprints)}}},
      {"components", components},
      {"parts", parts},
      {"drift", drift},
      {"not_installed",
       {{"symbols", names_json(report.not_installed.symbols)},
        {"footprints", names_json(report.not_installed.footprints)}}},
  };
}

std::string to_text(const ImportReport& report) { return TextWriter(report).write(); }

}  // namespace kibridge::netlist
