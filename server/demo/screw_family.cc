// Screws: metric machine screws in the Mechanical/Screws category, which is not a KiCad
// category, so the KiCad library must never show them.
#include <array>
#include <string>

#include "server/demo/demo_ids.h"
#include "server/demo/part_family.h"

namespace kibridge::demo {
namespace {

struct ScrewHead {
  const char* standard;  // "ISO 7380"
  const char* head;      // "button head hex socket"
};
constexpr std::array<ScrewHead, 4> kHeads = {{
    {"ISO 7380", "button head hex socket"},
    {"ISO 4762", "socket head cap"},
    {"ISO 7045", "pan head Phillips"},
    {"ISO 10642", "countersunk hex socket"},
}};
constexpr std::array<const char*, 6> kThreads = {"M3", "M2.5", "M4", "M2", "M5", "M6"};
constexpr std::array<int, 10> kLengths = {8, 10, 6, 12, 16, 5, 20, 4, 25, 30};

struct Material {
  const char* code;
  const char* text;
};
constexpr std::array<Material, 2> kMaterials = {{{"A2", "stainless steel A2"}, {"8.8", "steel 8.8, zinc plated"}}};

struct ScrewSpec {
  int material = 0;
  int head = 0;
  int thread = 0;
  int length = 0;
};

class ScrewFamily : public SpecFamily<ScrewSpec> {
 public:
  int64_t category_id() const override { return category::kScrews; }

 protected:
  void enumerate(const std::function<bool(const ScrewSpec&)>& visit) const override {
    for (int material = 0; material < static_cast<int>(kMaterials.size()); ++material) {
      for (int head = 0; head < static_cast<int>(kHeads.size()); ++head) {
        for (int thread = 0; thread < static_cast<int>(kThreads.size()); ++thread) {
          for (int length = 0; length < static_cast<int>(kLengths.size()); ++length) {
            if (!visit(ScrewSpec{material, head, thread, length})) return;
          }
        }
      }
    }
  }

  void build(const ScrewSpec& spec, CatalogBuilder& out) const override {
    const ScrewHead& head = kHeads[spec.head];
    const Material& material = kMaterials[spec.material];
    std::string thread = kThreads[spec.thread];
    std::string length = std::to_string(kLengths[spec.length]);
    std::string size = thread + "x" + length;

    PartDraft draft;
    draft.category_id = category_id();
    draft.name = std::string(head.standard) + " " + size + " " + material.code;
    draft.ipn = std::string("MECH-SCR-") + (head.standard + 4) + "-" + size + "-" + material.code;
    draft.description = size + " " + head.head + " screw, " + material.text;
    draft.keywords = std::string("screw ") + thread + " " + head.standard;
    draft.stock_step = 50;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kThread, thread);
    out.add_parameter(id, parameter::kLength, length);
  }
};

}  // namespace

std::unique_ptr<PartFamily> make_screw_family() { return std::make_unique<ScrewFamily>(); }

}  // namespace kibridge::demo
