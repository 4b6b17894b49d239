#include "server/netlist/netlist.h"

#include "server/util/ascii_text.h"

namespace kibridge::netlist {

using util::ascii_lower;
using util::equals_ignore_case;
using util::starts_with_ignore_case;

const Field* Component::find_field(std::string_view name) const {
  for (const Field& field : fields) {
    if (equals_ignore_case(field.name, name)) return &field;
  }
  return nullptr;
}

}  // namespace kibridge::netlist
