// The fixed InvenTree primary keys of the demo catalogue's categories and parameter
// templates. They never change, so the demo's KiCad configuration and anything a user builds
// on it (schematics store part pks, KiCad categories store category pks) stay valid.
#pragma once

#include <cstdint>

namespace kibridge::demo {

namespace category {
inline constexpr int64_t kElectronics = 1;
inline constexpr int64_t kPassives = 2;
inline constexpr int64_t kResistors = 3;
inline constexpr int64_t kCapacitors = 4;
inline constexpr int64_t kCeramicCapacitors = 5;
inline constexpr int64_t kElectrolyticCapacitors = 6;
inline constexpr int64_t kSemiconductors = 7;
inline constexpr int64_t kLeds = 8;
inline constexpr int64_t kDiodes = 9;
inline constexpr int64_t kIntegratedCircuits = 10;
inline constexpr int64_t kVoltageRegulators = 11;
inline constexpr int64_t kOpAmps = 12;
inline constexpr int64_t kMicrocontrollers = 13;
inline constexpr int64_t kConnectors = 14;
inline constexpr int64_t kPinHeaders = 15;
inline constexpr int64_t kUsbConnectors = 16;
inline constexpr int64_t kMechanical = 17;
inline constexpr int64_t kScrews = 18;
}  // namespace category

namespace parameter {
inline constexpr int64_t kResistance = 1;
inline constexpr int64_t kCapacitance = 2;
inline constexpr int64_t kTolerance = 3;
inline constexpr int64_t kPower = 4;
inline constexpr int64_t kVoltage = 5;
inline constexpr int64_t kPackage = 6;
inline constexpr int64_t kKicadSymbol = 7;
inline constexpr int64_t kKicadFootprint = 8;
inline constexpr int64_t kKicadReference = 9;
inline constexpr int64_t kDielectric = 10;
inline constexpr int64_t kColour = 11;
inline constexpr int64_t kCurrent = 12;
inline constexpr int64_t kPins = 13;
inline constexpr int64_t kThread = 14;
inline constexpr int64_t kLength = 15;
}  // namespace parameter

}  // namespace kibridge::demo
