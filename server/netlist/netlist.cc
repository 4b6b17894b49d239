#include "server/netlist/netlist.h"

#include "server/netlist/ascii_case.h"

namespace kibridge::netlist {

const Field* Component::find_field(std::string_view name) const {
  for (const Field& field : fields) {
    if (equals_ignore_case(field.name, name)) return &field;
  }
  return nullptr;
}

}  // namespace kibridge::netlist
