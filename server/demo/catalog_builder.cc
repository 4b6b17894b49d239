#include "server/demo/catalog_builder.h"

#include <utility>

namespace kibridge::demo {
namespace {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a cheap bijective mix whose output bits
// all depend on every input bit, so consecutive part ids give unrelated draws.
uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

CatalogBuilder::CatalogBuilder(storage::MirrorSnapshot& snapshot) : snapshot_(snapshot) {}

uint64_t CatalogBuilder::draw(int64_t part_id, Draw purpose) const {
  return mix64(mix64(static_cast<uint64_t>(part_id)) ^ static_cast<uint64_t>(purpose));
}

bool CatalogBuilder::chance(int64_t part_id, Draw purpose, int percent) const {
  return static_cast<int>(draw(part_id, purpose) % 100) < percent;
}

int64_t CatalogBuilder::add_part(PartDraft draft) {
  storage::PartRecord part;
  part.id = static_cast<int64_t>(snapshot_.parts.size()) + 1;
  part.category_id = draft.category_id;
  part.name = std::move(draft.name);
  part.ipn = std::move(draft.ipn);
  part.description = std::move(draft.description);
  part.keywords = std::move(draft.keywords);
  part.is_template = draft.is_template;
  part.active = draft.active &&
                static_cast<int>(draw(part.id, Draw::kDiscontinued) % 1000) >= draft.discontinued_per_mille;

  // One part in seven is out of stock; the rest hold 1..40 steps, and for three in ten of
  // those a quarter to three quarters is allocated to builds or orders.
  if (!part.is_template && draw(part.id, Draw::kStock) % 7 != 0) {
    int64_t steps = 1 + static_cast<int64_t>(draw(part.id, Draw::kStock) / 7 % 40);
    part.total_in_stock = static_cast<double>(steps * draft.stock_step);
    uint64_t allocation = draw(part.id, Draw::kAllocated) % 10;
    int64_t allocated_steps = allocation < 7 ? 0 : steps * static_cast<int64_t>(allocation - 6) / 4;
    part.unallocated_stock = static_cast<double>((steps - allocated_steps) * draft.stock_step);
  }
  snapshot_.parts.push_back(std::move(part));
  return snapshot_.parts.back().id;
}

void CatalogBuilder::add_parameter(int64_t part_id, int64_t template_id, std::string data) {
  storage::PartParameterRecord parameter;
  parameter.id = static_cast<int64_t>(snapshot_.parameters.size()) + 1;
  parameter.part_id = part_id;
  parameter.template_id = template_id;
  parameter.data = std::move(data);
  snapshot_.parameters.push_back(std::move(parameter));
}

void CatalogBuilder::add_datasheet(int64_t part_id, std::string url) {
  storage::PartAttachmentRecord attachment;
  attachment.id = static_cast<int64_t>(snapshot_.attachments.size()) + 1;
  attachment.part_id = part_id;
  attachment.link = std::move(url);
  attachment.comment = "datasheet";
  snapshot_.attachments.push_back(std::move(attachment));
}

int64_t CatalogBuilder::add_manufacturer_part(int64_t part_id, std::string manufacturer,
                                              std::string mpn) {
  storage::ManufacturerPartRecord record;
  record.id = static_cast<int64_t>(snapshot_.manufacturer_parts.size()) + 1;
  record.part_id = part_id;
  record.manufacturer = std::move(manufacturer);
  record.mpn = std::move(mpn);
  snapshot_.manufacturer_parts.push_back(std::move(record));
  return snapshot_.manufacturer_parts.back().id;
}

void CatalogBuilder::add_supplier_part(int64_t part_id, int64_t manufacturer_part_id,
                                       std::string supplier, std::string sku) {
  storage::SupplierPartRecord record;
  record.id = static_cast<int64_t>(snapshot_.supplier_parts.size()) + 1;
  record.part_id = part_id;
  record.manufacturer_part_id = manufacturer_part_id;
  record.supplier = std::move(supplier);
  record.sku = std::move(sku);
  snapshot_.supplier_parts.push_back(std::move(record));
}

}  // namespace kibridge::demo
