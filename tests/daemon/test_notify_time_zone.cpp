// The codebook's time zone from its TZif file: offsets, DST gaps and overlaps, the footer rule beyond the table.
#include "daemon/notify/time_zone.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace smsgw::notify;
using namespace std::chrono;

namespace {

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min};
}
local_seconds local(int y, unsigned m, unsigned d, int h, int min = 0) {
    return local_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min};
}

void be32(std::string& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
}

// A version-2 TZif with no transitions, one local time type and `footer`: every answer comes from
// the footer rule.
std::string tzif_with_footer(std::int32_t offset, const std::string& footer) {
    std::string block;
    auto header = [&] {
        block += "TZif2";
        block += std::string(15, '\0');
        for (std::uint32_t c : {0u, 0u, 0u, 0u, 1u, 4u}) be32(block, c);  // isut isstd leap time type char
        be32(block, static_cast<std::uint32_t>(offset));
        block += '\0';
        block += '\0';
        block += std::string("XXX", 4);
    };
    header();
    header();
    block += "\n" + footer + "\n";
    return block;
}

}  // namespace

TEST_CASE("Asia/Almaty: UTC+5 since March 2024, UTC+6 before") {
    TimeZone tz = TimeZone::load("Asia/Almaty");
    CHECK(tz.offset_at(utc(2026, 3, 1, 12)) == hours{5});
    CHECK(tz.offset_at(utc(2020, 3, 1, 12)) == hours{6});
    CHECK(tz.to_utc(local(2026, 3, 1, 22, 30)) == utc(2026, 3, 1, 17, 30));
    CHECK(tz.to_local(utc(2026, 3, 1, 17, 30)) == local(2026, 3, 1, 22, 30));
}

TEST_CASE("Europe/Berlin: a time in the spring gap is after the jump, one in the autumn overlap the earlier") {
    TimeZone tz = TimeZone::load("Europe/Berlin");
    CHECK(tz.to_utc(local(2026, 1, 10, 22, 30)) == utc(2026, 1, 10, 21, 30));
    CHECK(tz.to_utc(local(2026, 7, 10, 22, 30)) == utc(2026, 7, 10, 20, 30));
    // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist; 03:30 CEST is meant.
    CHECK(tz.to_utc(local(2026, 3, 29, 2, 30)) == utc(2026, 3, 29, 1, 30));
    // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens twice, first at 00:30 UTC.
    CHECK(tz.to_utc(local(2026, 10, 25, 2, 30)) == utc(2026, 10, 25, 0, 30));
    // Far beyond any transition table: the footer rule.
    CHECK(tz.offset_at(utc(2061, 7, 1, 12)) == hours{2});
    CHECK(tz.offset_at(utc(2061, 1, 1, 12)) == hours{1});
}

TEST_CASE("footer rules: Mm.w.d with times, southern hemisphere, fixed offsets, Jn") {
    auto berlin = TimeZone::from_tzif(tzif_with_footer(3600, "CET-1CEST,M3.5.0,M10.5.0/3"));
    REQUIRE(berlin);
    CHECK(berlin->offset_at(utc(2030, 3, 31, 0, 59)) == hours{1});  // last Sunday of March 2030 is the 31st
    CHECK(berlin->offset_at(utc(2030, 3, 31, 1, 0)) == hours{2});
    CHECK(berlin->offset_at(utc(2030, 10, 27, 0, 59)) == hours{2});
    CHECK(berlin->offset_at(utc(2030, 10, 27, 1, 0)) == hours{1});

    auto sydney = TimeZone::from_tzif(tzif_with_footer(36000, "AEST-10AEDT,M10.1.0,M4.1.0/3"));
    REQUIRE(sydney);
    CHECK(sydney->offset_at(utc(2030, 1, 15, 0)) == hours{11});
    CHECK(sydney->offset_at(utc(2030, 7, 15, 0)) == hours{10});

    auto almaty = TimeZone::from_tzif(tzif_with_footer(18000, "<+05>-5"));
    REQUIRE(almaty);
    CHECK(almaty->offset_at(utc(2050, 7, 1, 0)) == hours{5});

    auto julian = TimeZone::from_tzif(tzif_with_footer(-18000, "EST5EDT,J60/2,J300/2"));
    REQUIRE(julian);
    CHECK(julian->offset_at(utc(2030, 6, 1, 12)) == hours{-4});
    CHECK(julian->offset_at(utc(2030, 12, 1, 12)) == hours{-5});
}

TEST_CASE("not a zone: garbage bytes, a missing or unsafe name") {
    CHECK_FALSE(TimeZone::from_tzif("not a tzif file at all, really not"));
    CHECK_FALSE(TimeZone::from_tzif(tzif_with_footer(0, "UTC0").substr(0, 50)));
    CHECK_THROWS(TimeZone::load("Nowhere/Atlantis"));
    CHECK_THROWS(TimeZone::load("../../etc/passwd"));
    CHECK(TimeZone().offset_at(utc(2026, 3, 1, 0)) == seconds{0});
}
