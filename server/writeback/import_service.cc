#include "server/writeback/import_service.h"

#include "server/kicad/library.h"
#include "server/kicad/settings.h"
#include "server/netlist/import_plan.h"
#include "server/netlist/import_report_format.h"
#include "server/netlist/netlist_reader.h"
#include "server/util/sha256.h"
#include "server/writeback/mirror_part_directory.h"
#include "server/writeback/writeback_targets.h"
#include "storage/utc_time.h"

namespace kibridge::writeback {

ImportOutcome import_netlist(storage::Store& store, const ImportRequest& request, const ImportLimits& limits) {
  if (request.xml.size() > limits.max_bytes) {
    throw ImportError(ImportError::Kind::kTooLarge, "the netlist is " + std::to_string(request.xml.size()) +
                                                        " bytes; the limit is " + std::to_string(limits.max_bytes));
  }
  netlist::ReadResult read = netlist::read_netlist(request.xml, netlist::ReadLimits{limits.max_bytes, limits.max_components});
  if (!read.ok()) throw ImportError(ImportError::Kind::kInvalidNetlist, read.error);

  // The plan reads one snapshot of the store: settings, templates, categories and every part
  // it looks up agree, whatever a pull or another import commits meanwhile.
  const auto snapshot = store.snapshot();
  // What decides where KiCad reads a part's footprint (its KiCad category, mappings).
  const kicad::LibraryConfig config = kicad::read_library_config(*snapshot);
  const kicad::KicadSettings& settings = config.settings();
  const WritebackTargets targets = writeback_targets(settings, snapshot->mirror().parameter_templates());
  netlist::ImportSettings plan_settings;
  plan_settings.id_field_prefix = settings.import_id_identifier;
  plan_settings.name_fallback = settings.import_id_fallback;
  plan_settings.override_existing = settings.import_override_parameters;
  plan_settings.http_library_nicknames = settings.import_http_library_names;
  plan_settings.fields = field_rules(targets);

  const MirrorPartDirectory directory(*snapshot, targets, config);
  ImportOutcome outcome;
  std::shared_ptr<const kicad::InstalledNames> installed;
  netlist::InstalledLibraryNames installed_names;
  if (request.installed_libraries != nullptr) {
    installed = request.installed_libraries->get(kicad::library_roots(settings.symbol_dirs, settings.footprint_dirs));
    installed_names = {installed->symbols(), installed->footprints()};
  }
  outcome.report = netlist::plan_import(*read.netlist, plan_settings, directory, installed_names);
  std::vector<storage::OutboxChange> changes = queue_changes(outcome.report, targets, directory.footprint_targets());

  storage::ImportRecord record;
  record.created_at = storage::Clock::now();
  record.actor = request.actor;
  record.file_name = request.file_name;
  record.content_sha256 = util::sha256_hex(request.xml);
  record.dry_run = request.dry_run;
  record.design_source = outcome.report.design.source;
  record.summary_json = netlist::to_json(outcome.report)["summary"].dump();
  storage::WritebackStore::RecordedImport recorded = store.writeback().record_import(record, changes);
  outcome.record = std::move(recorded.record);
  outcome.outbox_ids = std::move(recorded.outbox_ids);
  outcome.changes = std::move(recorded.changes);
  return outcome;
}

nlohmann::json import_record_json(const storage::ImportRecord& r) {
  nlohmann::json summary = nlohmann::json::parse(r.summary_json, nullptr, false);
  if (summary.is_discarded()) summary = nullptr;
  return nlohmann::json{{"id", r.id},
                        {"created_at", storage::format_utc(r.created_at)},
                        {"actor", r.actor},
                        {"file_name", r.file_name},
                        {"sha256", r.content_sha256},
                        {"dry_run", r.dry_run},
                        {"design_source", r.design_source},
                        {"queued", r.queued},
                        {"summary", std::move(summary)}};
}

nlohmann::json outcome_json(const ImportOutcome& outcome) {
  nlohmann::json body = netlist::to_json(outcome.report);
  nlohmann::json import = import_record_json(outcome.record);
  import.erase("summary");  // the report carries it
  import["outbox_ids"] = outcome.outbox_ids;
  body["import"] = std::move(import);
  return body;
}

std::string outcome_text(const ImportOutcome& outcome) {
  const auto& r = outcome.record;
  std::string head = "kibridge import " + std::to_string(r.id) + " at " + storage::format_utc(r.created_at) + " by " +
                     r.actor + (r.file_name.empty() ? "" : " of " + r.file_name) + "\n";
  if (r.dry_run) {
    head += "Dry run: nothing was queued or changed.\n";
  } else {
    head += std::to_string(r.queued) + " change(s) queued for InvenTree" +
            (r.queued > 0 ? " and shown to KiCad now" : "") + ".\n";
  }
  return head + "\n" + netlist::to_text(outcome.report);
}

}  // namespace kibridge::writeback
