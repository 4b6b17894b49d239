// InvenTree's validation errors as one line for a person: Django REST framework's JSON error
// bodies ({"data": ["This field may not be blank."]}, {"non_field_errors": ["..."]},
// {"detail": "..."}; the fake InvenTree's fake_writes.cc answers the same shapes) flattened to
// "data: This field may not be blank.". Pure.
#pragma once

#include <string>

namespace kibridge::inventree {

// Field errors become "field: message" (several messages of one field joined by a space),
// "non_field_errors" and "detail" give their message alone, nested objects name their path
// ("template.name: ..."), and the parts are joined by "; " in the body's order. A body that is
// not JSON is returned as its first line (at most 200 characters); an empty body gives "".
std::string inventree_error_text(const std::string& body);

}  // namespace kibridge::inventree
