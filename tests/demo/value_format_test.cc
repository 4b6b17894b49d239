#include "server/demo/value_format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace kibridge::demo {
namespace {

std::vector<int> every_other(std::span<const int> series) {
  std::vector<int> result;
  for (size_t i = 0; i < series.size(); i += 2) result.push_back(series[i]);
  return result;
}

std::vector<int> as_vector(std::span<const int> series) { return {series.begin(), series.end()}; }

TEST(ESeriesTest, HaveTheirSizeAndAreAscendingThreeDigitMantissas) {
  for (auto [series, size] : {std::pair{e6_series(), 6}, {e12_series(), 12}, {e24_series(), 24},
                              {e96_series(), 96}, {e192_series(), 192}}) {
    ASSERT_EQ(series.size(), static_cast<size_t>(size));
    EXPECT_TRUE(std::is_sorted(series.begin(), series.end()));
    EXPECT_EQ(std::adjacent_find(series.begin(), series.end()), series.end()) << "duplicate in E" << size;
    EXPECT_EQ(series.front(), 100);
    EXPECT_LT(series.back(), 1000);
  }
}

// Each coarser series is every other value of the next finer one (E24 and E96 are not
// related that way: E24 predates the rule).
TEST(ESeriesTest, CoarserSeriesAreEveryOtherValueOfTheFinerOne) {
  EXPECT_EQ(every_other(e12_series()), as_vector(e6_series()));
  EXPECT_EQ(every_other(e24_series()), as_vector(e12_series()));
  EXPECT_EQ(every_other(e192_series()), as_vector(e96_series()));
}

TEST(SiTextTest, UsesEngineeringPrefixesAndDropsTrailingZeros) {
  EXPECT_EQ(si_text({100, -2}, 0), "1");
  EXPECT_EQ(si_text({499, -1}, 0), "49.9");
  EXPECT_EQ(si_text({100, 0}, 0), "100");
  EXPECT_EQ(si_text({102, 1}, 0), "1.02k");
  EXPECT_EQ(si_text({470, 1}, 0), "4.7k");
  EXPECT_EQ(si_text({100, 2}, 0), "10k");
  EXPECT_EQ(si_text({100, 4}, 0), "1M");
  EXPECT_EQ(si_text({976, 4}, 0), "9.76M");
}

TEST(SiTextTest, HonoursTheBaseUnitExponent) {
  EXPECT_EQ(si_text({100, -2}, -12), "1p");
  EXPECT_EQ(si_text({470, -1}, -12), "47p");
  EXPECT_EQ(si_text({100, 3}, -12), "100n");
  EXPECT_EQ(si_text({220, 4}, -12), "2.2u");
  EXPECT_EQ(si_text({220, 4}, -12, true), "2.2\u00b5");
  EXPECT_EQ(si_text({100, 0}, -6), "100u");
}

TEST(RkmCodeTest, PutsThePrefixLetterWhereTheDecimalPointWas) {
  EXPECT_EQ(rkm_code({100, 2}, 'R', true), "10K0");
  EXPECT_EQ(rkm_code({100, 2}, 'R', false), "10K");
  EXPECT_EQ(rkm_code({470, 1}, 'R', true), "4K70");
  EXPECT_EQ(rkm_code({470, 1}, 'R', false), "4K7");
  EXPECT_EQ(rkm_code({102, 1}, 'R', false), "1K02");
  EXPECT_EQ(rkm_code({100, 0}, 'R', false), "100R");
  EXPECT_EQ(rkm_code({499, -1}, 'R', false), "49R9");
  EXPECT_EQ(rkm_code({470, -2}, 'R', true), "4R70");
  EXPECT_EQ(rkm_code({100, 4}, 'R', true), "1M00");
  EXPECT_EQ(rkm_code({100, 4}, 'R', false), "1M");
}

TEST(EiaCodeTest, WritesSignificantDigitsAndAPowerOfTen) {
  EXPECT_EQ(eia_code({100, 2}, 3), "1002");
  EXPECT_EQ(eia_code({100, 2}, 2), "103");
  EXPECT_EQ(eia_code({100, 0}, 3), "1000");
  EXPECT_EQ(eia_code({100, -1}, 2), "100");
  EXPECT_EQ(eia_code({100, 3}, 2), "104");  // 100 nF in picofarads
  EXPECT_EQ(eia_code({100, 5}, 3), "1005");
}

TEST(EiaCodeTest, UsesRAsDecimalPointBelowTheSmallestCode) {
  EXPECT_EQ(eia_code({470, -2}, 2), "4R7");
  EXPECT_EQ(eia_code({100, -2}, 2), "1R0");
  EXPECT_EQ(eia_code({499, -1}, 3), "49R9");
  EXPECT_EQ(eia_code({100, -1}, 3), "10R0");
}

TEST(PlainTextTest, WritesAPlainDecimalNumber) {
  EXPECT_EQ(plain_text({100, 1}), "1000");
  EXPECT_EQ(plain_text({220, 2}), "22000");
  EXPECT_EQ(plain_text({100, 0}), "100");
  EXPECT_EQ(plain_text({220, -2}), "2.2");
  EXPECT_EQ(plain_text({100, -2}), "1");
  EXPECT_EQ(plain_text({470, -3}), "0.47");
  EXPECT_EQ(plain_text({470, -4}), "0.047");
}

}  // namespace
}  // namespace kibridge::demo
