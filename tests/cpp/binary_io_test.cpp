// The byte writer/reader under the model file, and its CRC-32.
#include "base/binary_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "test_helpers.h"

namespace {

using lmp_test::ThrowsLmpError;

TEST(Crc32, StandardCheckValues) {
  // The published check value of CRC-32/ISO-HDLC, and two trivial cases.
  EXPECT_EQ(lmp::crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(lmp::crc32(""), 0x00000000u);
  EXPECT_EQ(lmp::crc32("a"), 0xE8B7BE43u);
  // `begin` skips a prefix.
  EXPECT_EQ(lmp::crc32("xyz123456789", 3), 0xCBF43926u);
}

TEST(ByteWriter, LittleEndianLayout) {
  lmp::ByteWriter out;
  out.u8(0xAB);
  out.u32(0x01020304u);
  out.u64(0x1122334455667788ull);
  out.f64(1.0);  // IEEE 754: 0x3FF0000000000000
  out.str("hi");
  const std::string expected("\xAB"
                             "\x04\x03\x02\x01"
                             "\x88\x77\x66\x55\x44\x33\x22\x11"
                             "\x00\x00\x00\x00\x00\x00\xF0\x3F"
                             "\x02\x00\x00\x00"
                             "hi",
                             1 + 4 + 8 + 8 + 4 + 2);
  EXPECT_EQ(out.bytes(), expected);
}

TEST(ByteReader, RoundTrip) {
  lmp::ByteWriter out;
  out.u8(7);
  out.u32(0xFFFFFFFFu);
  out.u64(0xFEDCBA9876543210ull);
  out.f64(-0.1);
  out.f64(std::numeric_limits<double>::infinity());
  out.str(std::string("a\0b", 3));
  out.str("");
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  EXPECT_EQ(in.u8(), 7);
  EXPECT_EQ(in.u32(), 0xFFFFFFFFu);
  EXPECT_EQ(in.u64(), 0xFEDCBA9876543210ull);
  EXPECT_EQ(in.f64(), -0.1);
  EXPECT_EQ(in.f64(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(in.str(), std::string("a\0b", 3));
  EXPECT_EQ(in.str(), "");
  EXPECT_TRUE(in.at_end());
}

TEST(ByteReader, ReadingPastTheEndIsACorruptModel) {
  lmp::ByteWriter out;
  out.u32(10);  // a string that announces 10 bytes
  out.bytes() += "short";
  const std::string& bytes = out.bytes();
  for (std::size_t end = 0; end < 4; ++end) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::ByteReader(bytes, 0, end).u32(); }, lmp::ErrorKind::kCorruptModel))
        << "end " << end;
  }
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::ByteReader(bytes, 0, 7).u64(); }, lmp::ErrorKind::kCorruptModel));
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::ByteReader(bytes, 0, 0).u8(); }, lmp::ErrorKind::kCorruptModel));
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::ByteReader(bytes, 0, bytes.size()).str(); }, lmp::ErrorKind::kCorruptModel));
  // The reader's end, not the string's, is the limit.
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::ByteReader(bytes, 2, 5).u32(); }, lmp::ErrorKind::kCorruptModel));
}

TEST(ByteReader, ExpectItemsChecksBeforeAllocating) {
  const std::string bytes(24, '\0');
  lmp::ByteReader in(bytes, 0, bytes.size());
  EXPECT_NO_THROW(in.expect_items(3, 8));
  EXPECT_NO_THROW(in.expect_items(0, 8));
  EXPECT_TRUE(ThrowsLmpError([&] { in.expect_items(4, 8); }, lmp::ErrorKind::kCorruptModel));
  EXPECT_TRUE(ThrowsLmpError([&] { in.expect_items(std::numeric_limits<std::uint64_t>::max(), 12); },
                             lmp::ErrorKind::kCorruptModel));
}

}  // namespace
