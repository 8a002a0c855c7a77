// An IANA time zone read from its TZif file, so reminder windows in the codebook's local time become UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::notify {

// libstdc++ 12 has no std::chrono::tzdb, and TZ + mktime would change the whole process's local
// time from several threads. Debian 12's Howard Hinnant date/tz (libhowardhinnant-date-dev 3.0.1,
// USE_OS_TZDB) was tried and rejected: it ignores the TZif footer rule, so Europe/Berlin is CET in
// July 2038 and after, and its first lookup scans all of /usr/share/zoneinfo (0.4 s for every
// smsgw status). So: the zone's own TZif file (RFC 8536), its transitions and its footer rule for
// times after the last one. Immutable once built.
class TimeZone {
public:
    // UTC, no transitions.
    TimeZone() = default;
    // A TZif file's bytes; nullopt when they are not one.
    static std::optional<TimeZone> from_tzif(std::string_view bytes);
    // $TZDIR or /usr/share/zoneinfo, then NAME. Throws std::runtime_error (start-up only).
    static TimeZone load(const std::string& name);

    const std::string& name() const { return name_; }  // "Asia/Almaty"; "UTC" for the default

    std::chrono::seconds offset_at(std::chrono::sys_seconds t) const;  // local = utc + offset
    std::chrono::local_seconds to_local(std::chrono::sys_seconds t) const;
    // In a gap (clocks jump forward) the time after the jump; in an overlap the earlier one.
    std::chrono::sys_seconds to_utc(std::chrono::local_seconds t) const;

private:
    struct Footer {
        std::int32_t std_offset = 0;
        bool has_dst = false;
        std::int32_t dst_offset = 0;
        // Mm.w.d, Jn or n; kind 'M', 'J' or 'n'; time: seconds after local midnight
        struct Date {
            char kind = 'M';
            int month = 0, week = 0, day = 0;
            std::int32_t time = 7200;
        } start, end;
    };
    static std::optional<Footer> parse_footer(std::string_view s);
    static std::int64_t transition_in(int year, const Footer::Date& d, std::int32_t offset_before);
    std::int32_t footer_offset(std::int64_t t) const;

    std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
    std::vector<std::uint8_t> types_;        // per transition: index in offsets_
    std::vector<std::int32_t> offsets_;      // per local time type: UTC offset in seconds
    std::optional<Footer> footer_;
    std::string name_ = "UTC";
};

// The one time base people read (console, status, watch): the election's local time.
// "20:15:03"
std::string clock_text(const TimeZone& zone, std::chrono::system_clock::time_point t);
// "2026-03-01 20:15:03 +05:00"
std::string local_time_text(const TimeZone& zone, std::chrono::system_clock::time_point t);
// "Asia/Almaty (UTC+05:00)"
std::string zone_text(const TimeZone& zone, std::chrono::system_clock::time_point t);

}  // namespace smsgw::notify
