// The clues that tell apart two messages from one sender sharing a concatenation reference: when a part was sent, and whether it is a copy of another.
#include "daemon/ingest/part_match.hpp"

#include <charconv>

namespace smsgw::ingest {

namespace {

// The unsigned decimal of exactly `width` digits at s[at], or -1.
int digits(std::string_view s, std::size_t at, std::size_t width) {
    if (at + width > s.size()) return -1;
    int v = 0;
    const char* first = s.data() + at;
    const auto [end, ec] = std::from_chars(first, first + width, v);
    return ec == std::errc{} && end == first + width ? v : -1;
}

std::chrono::seconds abs(std::chrono::seconds d) { return d < d.zero() ? -d : d; }

}  // namespace

std::optional<SystemTime> sent_time(std::string_view s) {
    using namespace std::chrono;
    if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return {};
    const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    const int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
    if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60) return {};
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return {};
    seconds offset{0};
    const std::string_view zone = s.substr(19);
    if (zone == "Z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        const int zh = digits(zone, 1, 2), zm = digits(zone, 4, 2);
        if (zh < 0 || zh > 23 || zm < 0 || zm > 59) return {};
        offset = hours(zh) + minutes(zm);
        if (zone[0] == '-') offset = -offset;
    } else if (!zone.empty()) {
        return {};
    }
    return SystemTime(sys_days(date) + hours(h) + minutes(mi) + seconds(sec) - offset);
}

bool is_copy(const Part& a, const Part& b) {
    if (a.concat_part != b.concat_part || a.coding != b.coding || a.text != b.text) return false;
    const auto ta = sent_time(a.smsc_time), tb = sent_time(b.smsc_time);
    return !ta || !tb || *ta == *tb;
}

std::chrono::seconds sent_apart(const Part& a, const Part& b) {
    using std::chrono::duration_cast;
    if (const auto ta = sent_time(a.smsc_time), tb = sent_time(b.smsc_time); ta && tb)
        return abs(duration_cast<std::chrono::seconds>(*ta - *tb));
    return abs(duration_cast<std::chrono::seconds>(a.received_at - b.received_at));
}

bool sent_further_than(const Part& a, const Part& b, std::chrono::seconds gap) {
    const auto ta = sent_time(a.smsc_time), tb = sent_time(b.smsc_time);
    return ta && tb && abs(std::chrono::duration_cast<std::chrono::seconds>(*ta - *tb)) > gap;
}

}  // namespace smsgw::ingest
