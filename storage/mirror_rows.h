// Private to storage/: the one row mapping of each mirror table — its name, and its columns
// each paired with the record member it holds. Reads (mirror_reads.cc) and apply_mirror
// (mirror_writer.cc) both use it, so adding a column is one edit here (and a migration in
// schema.sql).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <optional>
#include <string>

#include "storage/records.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace rows {

inline void get(const SQLite::Column& c, int64_t& v) { v = c.getInt64(); }
inline void get(const SQLite::Column& c, std::optional<int64_t>& v) { v = optional_int(c); }
inline void get(const SQLite::Column& c, std::string& v) { v = c.getString(); }
inline void get(const SQLite::Column& c, bool& v) { v = c.getInt() != 0; }
inline void get(const SQLite::Column& c, double& v) { v = c.getDouble(); }

inline void put(SQLite::Statement& st, int index, int64_t v) { st.bind(index, v); }
inline void put(SQLite::Statement& st, int index, const std::optional<int64_t>& v) { bind_optional(st, index, v); }
inline void put(SQLite::Statement& st, int index, const std::string& v) { st.bind(index, v); }
inline void put(SQLite::Statement& st, int index, bool v) { st.bind(index, v ? 1 : 0); }
inline void put(SQLite::Statement& st, int index, double v) { st.bind(index, v); }

// A table whose columns, in kColumns order, hold the record members `Members`.
template <typename Record, auto... Members>
struct Mapping {
  static Record from_row(SQLite::Statement& st) {
    Record r;
    int i = 0;
    (get(st.getColumn(i++), r.*Members), ...);
    return r;
  }
  static void bind(SQLite::Statement& st, const Record& r) {
    int i = 1;
    (put(st, i++, r.*Members), ...);
  }
};

}  // namespace rows

template <typename Record>
struct Rows;  // specialised per mirror table below

template <>
struct Rows<CategoryRecord>
    : rows::Mapping<CategoryRecord, &CategoryRecord::id, &CategoryRecord::parent_id, &CategoryRecord::name,
                    &CategoryRecord::pathstring, &CategoryRecord::description, &CategoryRecord::structural> {
  static constexpr const char* kTable = "category";
  static constexpr const char* kColumns = "id, parent_id, name, pathstring, description, structural";
};

template <>
struct Rows<ParameterTemplateRecord>
    : rows::Mapping<ParameterTemplateRecord, &ParameterTemplateRecord::id, &ParameterTemplateRecord::name,
                    &ParameterTemplateRecord::units, &ParameterTemplateRecord::description> {
  static constexpr const char* kTable = "parameter_template";
  static constexpr const char* kColumns = "id, name, units, description";
};

template <>
struct Rows<PartRecord>
    : rows::Mapping<PartRecord, &PartRecord::id, &PartRecord::category_id, &PartRecord::name, &PartRecord::ipn,
                    &PartRecord::description, &PartRecord::keywords, &PartRecord::revision, &PartRecord::units,
                    &PartRecord::link, &PartRecord::active, &PartRecord::is_template, &PartRecord::total_in_stock,
                    &PartRecord::unallocated_stock> {
  static constexpr const char* kTable = "part";
  static constexpr const char* kColumns =
      "id, category_id, name, ipn, description, keywords, revision, units, link, active, is_template, "
      "total_in_stock, unallocated_stock";
};

// The four child tables of a part have part_id as their second column (load_children in
// mirror_reads.cc relies on it).
template <>
struct Rows<PartParameterRecord>
    : rows::Mapping<PartParameterRecord, &PartParameterRecord::id, &PartParameterRecord::part_id,
                    &PartParameterRecord::template_id, &PartParameterRecord::data> {
  static constexpr const char* kTable = "part_parameter";
  static constexpr const char* kColumns = "id, part_id, template_id, data";
};

template <>
struct Rows<PartAttachmentRecord>
    : rows::Mapping<PartAttachmentRecord, &PartAttachmentRecord::id, &PartAttachmentRecord::part_id,
                    &PartAttachmentRecord::link, &PartAttachmentRecord::comment> {
  static constexpr const char* kTable = "part_attachment";
  static constexpr const char* kColumns = "id, part_id, link, comment";
};

template <>
struct Rows<ManufacturerPartRecord>
    : rows::Mapping<ManufacturerPartRecord, &ManufacturerPartRecord::id, &ManufacturerPartRecord::part_id,
                    &ManufacturerPartRecord::manufacturer, &ManufacturerPartRecord::mpn> {
  static constexpr const char* kTable = "manufacturer_part";
  static constexpr const char* kColumns = "id, part_id, manufacturer, mpn";
};

template <>
struct Rows<SupplierPartRecord>
    : rows::Mapping<SupplierPartRecord, &SupplierPartRecord::id, &SupplierPartRecord::part_id,
                    &SupplierPartRecord::manufacturer_part_id, &SupplierPartRecord::supplier,
                    &SupplierPartRecord::sku, &SupplierPartRecord::primary> {
  static constexpr const char* kTable = "supplier_part";
  static constexpr const char* kColumns = "id, part_id, manufacturer_part_id, supplier, sku, is_primary";
};

template <>
struct Rows<CategoryParameterRecord>
    : rows::Mapping<CategoryParameterRecord, &CategoryParameterRecord::id, &CategoryParameterRecord::category_id,
                    &CategoryParameterRecord::template_id, &CategoryParameterRecord::template_name,
                    &CategoryParameterRecord::data> {
  static constexpr const char* kTable = "category_parameter";
  static constexpr const char* kColumns = "id, category_id, template_id, template_name, data";
};

}  // namespace kibridge::storage
