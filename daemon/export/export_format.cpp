// Formatting and lookups shared by the export tables.
#include "daemon/export/export_format.hpp"

#include "codebooks/phone.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <exception>

#include <ctime>

namespace smsgw::exports {

namespace {

std::tm utc(SystemTime t) {
    std::time_t secs = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::seconds>(t));
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return tm;
}

boost::json::value parse_json(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    return ec ? boost::json::value() : v;
}

std::optional<std::int64_t> as_int(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_double()) return static_cast<std::int64_t>(v.get_double());
    return std::nullopt;
}

}  // namespace

std::string utc_time(SystemTime t) {
    if (t == SystemTime{}) return "";
    std::tm tm = utc(t);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec);
}

notify::TimeZone election_zone(const Codebook& cb) {
    try {
        return notify::TimeZone::load(cb.election.timezone);
    } catch (const std::exception&) {
        return notify::TimeZone();
    }
}

std::string utc_stamp(SystemTime t) {
    std::tm tm = utc(t);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

std::string fraction(double v) { return fmt::format("{:.6f}", v); }
std::string percent(double v) { return fmt::format("{:.2f}", 100 * v); }

std::string field_value(const Field& f, std::int64_t v) {
    if (f.kind == FieldKind::time && v >= 0) return fmt::format("{:02}:{:02}", v / 100, v % 100);
    return std::to_string(v);
}

std::vector<std::string> station_header() {
    return {"station_name", "region", "region_name", "district", "district_name", "registered", "stratum", "sampled"};
}

std::vector<std::string> station_columns(const Codebook& cb, std::string_view code) {
    const Station* s = cb.find_station(code);
    if (!s) return std::vector<std::string>(station_header().size());
    const Region* region = cb.find_region(s->region);
    const District* district = cb.find_district(s->district);
    return {s->name,
            s->region,
            region ? region->name : "",
            std::to_string(s->district),
            district ? district->name : "",
            std::to_string(s->registered),
            s->stratum,
            s->sampled ? "1" : "0"};
}

const Monitor* monitor_of_sender(const Codebook& cb, std::string_view sender) {
    auto e164 = normalize_phone(sender, cb.election.phones);
    return e164 ? cb.find_monitor(*e164) : nullptr;
}

std::vector<int> parse_incidents(const std::string& incidents_json) {
    std::vector<int> out;
    boost::json::value v = parse_json(incidents_json);
    if (!v.is_array()) return out;
    for (const auto& e : v.get_array())
        if (auto n = as_int(e)) out.push_back(static_cast<int>(*n));
    return out;
}

std::string issue_codes(const std::string& issues_json) {
    std::vector<std::string> codes;
    boost::json::value v = parse_json(issues_json);
    if (v.is_array())
        for (const auto& e : v.get_array())
            if (e.is_object())
                if (const auto* c = e.get_object().if_contains("code"); c && c->is_string())
                    codes.emplace_back(c->get_string());
    return join(codes, ";");
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) s += separator;
        s += parts[i];
    }
    return s;
}

std::string reference_text(const std::string& reference) {
    if (reference.empty() || reference.front() == '#') return reference;
    return "#" + reference;
}

}  // namespace smsgw::exports
