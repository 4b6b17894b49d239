#include "server/netlist/import_report.h"

namespace kibridge::netlist {

std::string_view field_name(WritableField field) {
  switch (field) {
    case WritableField::kFootprint:
      return "footprint";
    case WritableField::kSymbol:
      return "symbol";
    case WritableField::kReference:
      return "reference";
    case WritableField::kDatasheet:
      return "datasheet";
  }
  return "unknown";
}

std::string_view status_name(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::kMatched:
      return "matched";
    case ComponentStatus::kUnmatched:
      return "unmatched";
    case ComponentStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

std::string_view method_name(MatchMethod method) {
  switch (method) {
    case MatchMethod::kNone:
      return "none";
    case MatchMethod::kId:
      return "id";
    case MatchMethod::kIpn:
      return "ipn";
    case MatchMethod::kName:
      return "name";
  }
  return "unknown";
}

}  // namespace kibridge::netlist
