// Reads monitors.csv: phones normalized and unique, station assignments resolved, languages checked.
#include "codebooks/load_monitors.hpp"

#include "codebooks/csv.hpp"

#include <algorithm>
#include <array>

namespace smsgw {

namespace {

constexpr std::array<std::string_view, 4> kColumns = {"phone", "name", "stations", "language"};
enum Column { c_phone, c_name, c_stations, c_language };

constexpr std::string_view kAssignmentHelp = "station codes separated by ';', district:NN or *";

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void assign_district(LoadContext& ctx, int line, std::string_view item, Monitor& m) {
    std::string_view number = trim(item.substr(item.find(':') + 1));
    auto n = parse_int(number);
    if (!n || *n <= 0) {
        ctx.error(kMonitorsFile, line, quote(item) + " is not district:NN with a district number");
        return;
    }
    int d = static_cast<int>(*n);
    if (ctx.districts_declared && !ctx.district(d)) {
        ctx.error(kMonitorsFile, line, "monitor assigned to unknown district " + std::string(number));
        return;
    }
    if (std::find(m.districts.begin(), m.districts.end(), d) != m.districts.end()) {
        ctx.warning(kMonitorsFile, line, "district " + std::string(number) + " is listed twice");
        return;
    }
    m.districts.push_back(d);
}

void assign_station(LoadContext& ctx, int line, std::string_view code, Monitor& m) {
    if (!ctx.stations_read) return;  // stations.csv's own errors say why
    auto it = ctx.station_index.find(code);
    if (it == ctx.station_index.end()) {
        std::string msg = "monitor assigned to unknown station " + quote(code);
        if (code.find_first_of(", \t") != std::string_view::npos) msg += " (separate stations with ';')";
        else if (all_digits(code) && ctx.code_width_known &&
                 static_cast<int>(code.size()) != ctx.cb->election.station_code_width)
            msg += " (station codes have " + std::to_string(ctx.cb->election.station_code_width) + " digits)";
        ctx.error(kMonitorsFile, line, std::move(msg));
        return;
    }
    if (std::find(m.stations.begin(), m.stations.end(), it->second) != m.stations.end()) {
        ctx.warning(kMonitorsFile, line, "station " + std::string(code) + " is listed twice");
        return;
    }
    m.stations.push_back(it->second);
}

void read_assignment(LoadContext& ctx, int line, std::string_view list, Monitor& m) {
    std::size_t items = 0;
    while (!list.empty()) {
        auto semi = list.find(';');
        std::string_view item = trim(list.substr(0, semi));
        list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
        if (item.empty()) continue;  // "01001;" is a harmless trailing separator
        ++items;
        if (item == "*") m.any_station = true;
        else if (item.starts_with("district:")) assign_district(ctx, line, item, m);
        else assign_station(ctx, line, item, m);
    }
    if (items == 0) ctx.error(kMonitorsFile, line, "no stations assigned; use " + std::string(kAssignmentHelp));
    else if (m.any_station && items > 1)
        ctx.error(kMonitorsFile, line, "'*' already means every station; do not combine it with other stations");
}

std::string bad_phone_message(std::string_view raw) {
    if (raw.empty()) return "empty phone";
    std::string msg = "invalid phone " + quote(raw);
    if (raw.find("E+") != std::string_view::npos || raw.find("e+") != std::string_view::npos)
        msg += " (a spreadsheet turned it into a number; keep the column as text)";
    return msg;
}

}  // namespace

void load_monitors(LoadContext& ctx, std::string_view text) {
    CsvTable table = read_csv_table(text, kColumns);
    const bool unreadable = !table.errors.empty();
    for (auto& e : table.errors) ctx.error(kMonitorsFile, e.line, std::move(e.message));
    if (!table.header_ok) return;
    ctx.monitors_read = true;
    const PhoneRules& rules = ctx.cb->election.phones;
    StringMap<int> phone_lines;  // E.164 -> first line
    phone_lines.reserve(table.rows.size());
    ctx.cb->monitors.reserve(table.rows.size());
    for (CsvRecord& row : table.rows) {
        auto& f = row.fields;
        const int line = row.line;
        Monitor m;
        m.line = line;
        bool keep = true;
        if (ctx.phones_known) {
            if (auto e164 = normalize_phone(f[c_phone], rules)) {
                auto [it, fresh] = phone_lines.try_emplace(*e164, line);
                if (!fresh) {
                    ctx.error(kMonitorsFile, line, "duplicate phone " + *e164 + " (first on line " +
                                                       std::to_string(it->second) + ")");
                    keep = false;
                }
                m.phone = std::move(*e164);
            } else {
                ctx.error(kMonitorsFile, line, bad_phone_message(f[c_phone]));
                keep = false;
            }
        }
        if (f[c_name].empty()) ctx.error(kMonitorsFile, line, "empty monitor name");
        m.name = std::move(f[c_name]);
        read_assignment(ctx, line, f[c_stations], m);
        if (f[c_language].empty()) {
            m.language = ctx.cb->election.default_language;
        } else if (ctx.languages_known && !ctx.has_language(f[c_language])) {
            ctx.error(kMonitorsFile, line, "unknown language " + quote(f[c_language]) + " (election.languages: " +
                                               ctx.language_list() + ")");
        } else {
            m.language = std::move(f[c_language]);
        }
        if (keep) ctx.cb->monitors.push_back(std::move(m));
    }
    if (table.rows.empty() && !unreadable) ctx.error(kMonitorsFile, 1, "no monitors listed (only the header)");
}

}  // namespace smsgw
