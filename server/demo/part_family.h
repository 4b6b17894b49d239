// A demo part family: one kind of part (resistors, ceramic capacitors, op-amps, ...) as an
// ordered, finite list of distinct parts that look like a real InvenTree database's. The
// most common parts come first, so a small catalogue holds the parts a small lab would
// stock and a large one adds more values, packages, tolerances and manufacturers.
//
// Every family is immutable and deterministic: emit(n) always adds the same n parts.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "server/demo/catalog_builder.h"

namespace kibridge::demo {

// A value of the Package parameter and the KiCad footprint it stands for.
struct PackageFootprint {
  std::string package;
  std::string footprint;
};

class PartFamily {
 public:
  virtual ~PartFamily() = default;
  // The InvenTree category (see demo_ids.h) every part of the family goes to.
  virtual int64_t category_id() const = 0;
  // For families whose KiCad category takes the footprint from the Package parameter: every
  // package the family uses, with its footprint. Empty when parts name their footprint.
  virtual std::vector<PackageFootprint> package_footprints() const { return {}; }
  // How many distinct parts the family can make.
  virtual int capacity() const = 0;
  // Adds the family's first `count` parts (0 <= count <= capacity()) to `out`.
  virtual void emit(int count, CatalogBuilder& out) const = 0;
};

// A family defined by an enumeration of small specifications (value, package, line, ...)
// and a function that turns one specification into records. Counting walks the
// enumeration without building anything, so capacity() is cheap.
template <typename Spec>
class SpecFamily : public PartFamily {
 public:
  int capacity() const override {
    int count = 0;
    enumerate([&count](const Spec&) {
      ++count;
      return true;
    });
    return count;
  }

  void emit(int count, CatalogBuilder& out) const override {
    if (count <= 0) return;
    int left = count;
    enumerate([&](const Spec& spec) {
      build(spec, out);
      return --left > 0;
    });
  }

 protected:
  // Calls `visit` with every specification in order until it returns false.
  virtual void enumerate(const std::function<bool(const Spec&)>& visit) const = 0;
  virtual void build(const Spec& spec, CatalogBuilder& out) const = 0;
};

// A family whose parts are the rows of a fixed table, in table order.
template <typename Row>
class TableFamily : public SpecFamily<const Row*> {
 public:
  TableFamily(int64_t category_id, std::span<const Row> rows) : category_id_(category_id), rows_(rows) {}
  int64_t category_id() const override { return category_id_; }

 protected:
  void enumerate(const std::function<bool(const Row* const&)>& visit) const override {
    for (const Row& row : rows_) {
      if (!visit(&row)) return;
    }
  }

 private:
  int64_t category_id_;
  std::span<const Row> rows_;
};

// A family with its share of the catalogue (shares are relative weights).
struct WeightedFamily {
  std::unique_ptr<PartFamily> family;
  int weight = 0;
};

// The demo's families in catalogue order (which is also the order leftover parts are
// handed out when a family runs out).
std::vector<WeightedFamily> demo_part_families();

std::unique_ptr<PartFamily> make_resistor_family();
std::unique_ptr<PartFamily> make_ceramic_capacitor_family();
std::unique_ptr<PartFamily> make_electrolytic_capacitor_family();
std::unique_ptr<PartFamily> make_led_family();
std::unique_ptr<PartFamily> make_diode_family();
std::unique_ptr<PartFamily> make_voltage_regulator_family();
std::unique_ptr<PartFamily> make_op_amp_family();
std::unique_ptr<PartFamily> make_microcontroller_family();
std::unique_ptr<PartFamily> make_pin_header_family();
std::unique_ptr<PartFamily> make_usb_connector_family();
std::unique_ptr<PartFamily> make_screw_family();

}  // namespace kibridge::demo
