// An IANA time zone read from its TZif file, so reminder windows in the codebook's local time become UTC.
#include "daemon/notify/time_zone.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smsgw::notify {

using namespace std::chrono;

namespace {

class Bytes {
public:
    explicit Bytes(std::string_view b) : b_(b) {}
    bool has(std::size_t n) const { return b_.size() - pos_ >= n; }
    std::int64_t be(std::size_t n) {  // big-endian, signed when n is 4 or 8
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(b_[pos_ + i]);
        pos_ += n;
        if (n == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        return static_cast<std::int64_t>(v);
    }
    void skip(std::size_t n) { pos_ += n; }
    std::size_t pos() const { return pos_; }
    std::string_view rest() const { return b_.substr(pos_); }

private:
    std::string_view b_;
    std::size_t pos_ = 0;
};

struct Counts {
    std::int64_t isut, isstd, leap, time, type, chars;
};

std::optional<Counts> header(Bytes& in, char& version) {
    if (!in.has(44) || in.rest().substr(0, 4) != "TZif") return std::nullopt;
    in.skip(4);
    version = in.rest()[0];
    in.skip(16);
    Counts c{in.be(4), in.be(4), in.be(4), in.be(4), in.be(4), in.be(4)};
    if (c.isut < 0 || c.isstd < 0 || c.leap < 0 || c.time < 0 || c.type < 1 || c.type > 256 || c.chars < 0)
        return std::nullopt;
    return c;
}

std::size_t block_size(const Counts& c, std::size_t time_size) {
    return std::size_t(c.time) * (time_size + 1) + std::size_t(c.type) * 6 + std::size_t(c.chars) +
           std::size_t(c.leap) * (time_size + 4) + std::size_t(c.isstd) + std::size_t(c.isut);
}

// [+-]hh[:mm[:ss]] at s[i...], as seconds.
std::optional<std::int32_t> parse_hms(std::string_view s, std::size_t& i) {
    int sign = 1;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
    std::int32_t total = 0;
    for (int part = 0; part < 3; ++part) {
        if (part > 0) {
            if (i >= s.size() || s[i] != ':') break;
            ++i;
        }
        std::size_t start = i;
        int v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) v = v * 10 + (s[i++] - '0');
        if (i == start) return std::nullopt;
        total += v * (part == 0 ? 3600 : part == 1 ? 60 : 1);
    }
    return sign * total;
}

bool skip_name(std::string_view s, std::size_t& i) {
    std::size_t start = i;
    if (i < s.size() && s[i] == '<') {
        auto close = s.find('>', i);
        if (close == std::string_view::npos) return false;
        i = close + 1;
        return true;
    }
    while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) ++i;
    return i - start >= 3;
}

int read_int(std::string_view s, std::size_t& i, bool& ok) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4) v = v * 10 + (s[i++] - '0');
    ok = ok && i > start;
    return v;
}

}  // namespace

std::optional<TimeZone::Footer> TimeZone::parse_footer(std::string_view s) {
    Footer f;
    std::size_t i = 0;
    if (!skip_name(s, i)) return std::nullopt;
    auto std_off = parse_hms(s, i);
    if (!std_off) return std::nullopt;
    f.std_offset = -*std_off;  // POSIX offsets are west-positive
    if (i == s.size()) return f;
    if (!skip_name(s, i)) return std::nullopt;
    f.has_dst = true;
    f.dst_offset = f.std_offset + 3600;
    if (i < s.size() && s[i] != ',') {
        auto dst_off = parse_hms(s, i);
        if (!dst_off) return std::nullopt;
        f.dst_offset = -*dst_off;
    }
    if (i == s.size()) {  // POSIX default rules
        f.start = {'M', 3, 2, 0, 7200};
        f.end = {'M', 11, 1, 0, 7200};
        return f;
    }
    bool ok = true;
    auto date = [&](Footer::Date& d) {
        if (i >= s.size() || s[i] != ',') return ok = false;
        ++i;
        if (i < s.size() && s[i] == 'M') {
            ++i;
            d.kind = 'M';
            d.month = read_int(s, i, ok);
            ok = ok && i < s.size() && s[i++] == '.';
            d.week = read_int(s, i, ok);
            ok = ok && i < s.size() && s[i++] == '.';
            d.day = read_int(s, i, ok);
            ok = ok && d.month >= 1 && d.month <= 12 && d.week >= 1 && d.week <= 5 && d.day >= 0 && d.day <= 6;
        } else if (i < s.size() && s[i] == 'J') {
            ++i;
            d.kind = 'J';
            d.day = read_int(s, i, ok);
            ok = ok && d.day >= 1 && d.day <= 365;
        } else {
            d.kind = 'n';
            d.day = read_int(s, i, ok);
            ok = ok && d.day <= 365;
        }
        d.time = 7200;
        if (ok && i < s.size() && s[i] == '/') {
            ++i;
            auto t = parse_hms(s, i);
            if (!t) return ok = false;
            d.time = *t;
        }
        return ok;
    };
    if (!date(f.start) || !date(f.end) || i != s.size()) return std::nullopt;
    return f;
}

// The UTC second at which a footer date's transition happens in `year`, the local clock then
// showing `offset_before`.
std::int64_t TimeZone::transition_in(int y, const Footer::Date& d, std::int32_t offset_before) {
    const year yr{y};
    sys_days day;
    if (d.kind == 'M') {
        const month m{static_cast<unsigned>(d.month)};
        const weekday wd{static_cast<unsigned>(d.day)};
        day = d.week == 5 ? sys_days{yr / m / wd[last]} : sys_days{yr / m / wd[static_cast<unsigned>(d.week)]};
    } else if (d.kind == 'J') {
        day = sys_days{yr / January / 1} + days{d.day - 1 + (yr.is_leap() && d.day >= 60 ? 1 : 0)};
    } else {
        day = sys_days{yr / January / 1} + days{d.day};
    }
    return day.time_since_epoch().count() * 86400 + d.time - offset_before;
}

std::int32_t TimeZone::footer_offset(std::int64_t t) const {
    const Footer& f = *footer_;
    if (!f.has_dst) return f.std_offset;
    const auto local_day = floor<days>(sys_seconds{seconds{t + f.std_offset}});
    const int y = static_cast<int>(year_month_day{local_day}.year());
    const std::int64_t start = transition_in(y, f.start, f.std_offset);
    const std::int64_t end = transition_in(y, f.end, f.dst_offset);
    const bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? f.dst_offset : f.std_offset;
}

std::optional<TimeZone> TimeZone::from_tzif(std::string_view bytes) {
    Bytes in(bytes);
    char version = 0;
    auto c = header(in, version);
    if (!c) return std::nullopt;
    std::size_t time_size = 4;
    if (version >= '2') {  // skip the 32-bit block: the 64-bit one follows with its own header
        if (!in.has(block_size(*c, 4))) return std::nullopt;
        in.skip(block_size(*c, 4));
        c = header(in, version);
        if (!c) return std::nullopt;
        time_size = 8;
    }
    if (!in.has(block_size(*c, time_size))) return std::nullopt;
    TimeZone tz;
    for (std::int64_t i = 0; i < c->time; ++i) tz.transitions_.push_back(in.be(time_size));
    for (std::int64_t i = 0; i < c->time; ++i) {
        auto type = static_cast<std::uint8_t>(in.be(1));
        if (type >= c->type) return std::nullopt;
        tz.types_.push_back(type);
    }
    for (std::int64_t i = 0; i < c->type; ++i) {
        tz.offsets_.push_back(static_cast<std::int32_t>(in.be(4)));
        in.skip(2);
    }
    if (!std::is_sorted(tz.transitions_.begin(), tz.transitions_.end())) return std::nullopt;
    in.skip(block_size(*c, time_size) - std::size_t(c->time) * (time_size + 1) - std::size_t(c->type) * 6);
    if (time_size == 8) {
        std::string_view rest = in.rest();
        if (rest.size() >= 2 && rest[0] == '\n') {
            auto end = rest.find('\n', 1);
            if (end != std::string_view::npos && end > 1) tz.footer_ = parse_footer(rest.substr(1, end - 1));
        }
    }
    return tz;
}

TimeZone TimeZone::load(const std::string& name) {
    if (name.empty() || name.find("..") != std::string::npos || name.front() == '/')
        throw std::runtime_error("time zone '" + name + "' is not an IANA name such as Asia/Almaty");
    const char* dir = std::getenv("TZDIR");
    const std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("time zone '" + name + "': cannot read " + path + " (is tzdata installed?)");
    std::ostringstream ss;
    ss << f.rdbuf();
    auto tz = from_tzif(ss.str());
    if (!tz) throw std::runtime_error("time zone '" + name + "': " + path + " is not a TZif file");
    tz->name_ = name;
    return *tz;
}

seconds TimeZone::offset_at(sys_seconds t) const {
    const std::int64_t s = t.time_since_epoch().count();
    if (!transitions_.empty() && s < transitions_.front()) return seconds{offsets_[0]};
    if ((transitions_.empty() || s >= transitions_.back()) && footer_) return seconds{footer_offset(s)};
    if (transitions_.empty()) return seconds{offsets_.empty() ? 0 : offsets_[0]};
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s);
    return seconds{offsets_[types_[static_cast<std::size_t>(it - transitions_.begin()) - 1]]};
}

local_seconds TimeZone::to_local(sys_seconds t) const { return local_seconds{t.time_since_epoch() + offset_at(t)}; }

sys_seconds TimeZone::to_utc(local_seconds t) const {
    const sys_seconds as_utc{t.time_since_epoch()};
    // Offsets change at most once within a day around t (for real zones): the offsets a day
    // before and after are the candidates; a reading that round-trips is exact.
    const seconds candidates[] = {offset_at(as_utc - days{1}), offset_at(as_utc + days{1}), offset_at(as_utc)};
    std::optional<sys_seconds> exact;
    sys_seconds latest = as_utc - candidates[0];
    for (seconds o : candidates) {
        const sys_seconds u = as_utc - o;
        if (to_local(u) == t && (!exact || u < *exact)) exact = u;  // an overlap: the earlier
        latest = std::max(latest, u);
    }
    return exact ? *exact : latest;  // a gap: the moment as far after the jump as t is into it
}

namespace {

std::string offset_text(seconds offset) {
    const auto s = offset.count();
    const auto a = s < 0 ? -s : s;
    return fmt::format("{}{:02}:{:02}", s < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
}

}  // namespace

std::string clock_text(const TimeZone& zone, system_clock::time_point t) {
    const auto local = zone.to_local(time_point_cast<seconds>(t)).time_since_epoch().count();
    const auto day = ((local % 86400) + 86400) % 86400;
    return fmt::format("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60);
}

std::string local_time_text(const TimeZone& zone, system_clock::time_point t) {
    const sys_seconds utc = time_point_cast<seconds>(t);
    const local_seconds local = zone.to_local(utc);
    const local_days day = floor<days>(local);
    const year_month_day ymd{day};
    return fmt::format("{:04}-{:02}-{:02} {} {}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()), clock_text(zone, t), offset_text(zone.offset_at(utc)));
}

std::string zone_text(const TimeZone& zone, system_clock::time_point t) {
    return zone.name() + " (UTC" + offset_text(zone.offset_at(time_point_cast<seconds>(t))) + ")";
}

}  // namespace smsgw::notify
