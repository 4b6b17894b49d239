// InvenTree's error bodies as one line of text (inventree/error_text.h).
#include <gtest/gtest.h>

#include "server/inventree/error_text.h"

namespace kibridge::inventree {
namespace {

TEST(InvenTreeErrorText, FlattensInvenTreeValidationErrors) {
  EXPECT_EQ(inventree_error_text(R"({"data": ["This field may not be blank."]})"), "data: This field may not be blank.");
  EXPECT_EQ(inventree_error_text(R"({"non_field_errors": ["Cannot modify parameters of a locked part"]})"),
            "Cannot modify parameters of a locked part");
  EXPECT_EQ(inventree_error_text(R"({"detail": "No Part matches the given query."})"),
            "No Part matches the given query.");
  // Several fields keep the server's order; several messages of one field are joined.
  EXPECT_EQ(inventree_error_text(R"({"template": ["This field is required."], "data": ["A", "B"]})"),
            "template: This field is required.; data: A B");
  EXPECT_EQ(inventree_error_text(R"({"template_detail": {"name": ["Too long."]}})"), "template_detail.name: Too long.");
  // Bulk answers: one entry per item, [] for the valid ones.
  EXPECT_EQ(inventree_error_text(R"([[], {"data": ["Invalid choice for parameter value"]}])"),
            "data: Invalid choice for parameter value");
  EXPECT_EQ(inventree_error_text("<html>\n<body>Bad Request</body></html>"), "an HTML page (38 bytes) without a title");
  EXPECT_EQ(inventree_error_text(""), "");
}

}  // namespace
}  // namespace kibridge::inventree
