// Reads stations.csv: codes, names, region/district/stratum references, registered voters, the sample flag.
#include "codebooks/load_stations.hpp"

#include "codebooks/csv.hpp"

#include <algorithm>
#include <array>

namespace smsgw {

namespace {

constexpr std::array<std::string_view, 7> kColumns = {"code",    "name",    "region", "district",
                                                      "registered", "stratum", "sampled"};
enum Column { c_code, c_name, c_region, c_district, c_registered, c_stratum, c_sampled };

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Returns whether the code may be indexed; says precisely what is wrong with it otherwise.
bool check_code(LoadContext& ctx, int line, std::string_view code) {
    const int width = ctx.cb->election.station_code_width;
    if (code.empty()) {
        ctx.error(kStationsFile, line, "empty station code");
        return false;
    }
    if (!all_digits(code)) {
        ctx.error(kStationsFile, line, "station code " + quote(code) + " must be digits only");
        return false;
    }
    if (ctx.code_width_known && static_cast<int>(code.size()) != width) {
        std::string msg = "station code " + quote(code) + " has " + std::to_string(code.size()) + " digits, expected " +
                          std::to_string(width);
        // Spreadsheets drop leading zeros when a code column is taken for numbers.
        if (static_cast<int>(code.size()) < width) msg += " (leading zeros lost? keep the column as text)";
        ctx.error(kStationsFile, line, std::move(msg));
        return false;
    }
    return true;
}

// "unknown region '1' (did you mean '01'? ...)": spreadsheets turn "01" into 1.
std::string region_hint(const LoadContext& ctx, std::string_view id) {
    if (!all_digits(id)) return {};
    for (const Region& r : ctx.cb->regions) {
        std::string_view known = r.id;
        if (known.size() <= id.size() || !known.ends_with(id)) continue;
        if (known.substr(0, known.size() - id.size()).find_first_not_of('0') == std::string_view::npos)
            return " (did you mean " + quote(known) + "? leading zeros lost; keep the column as text)";
    }
    return {};
}

void check_references(LoadContext& ctx, int line, Station& st, const std::vector<std::string>& f) {
    const Region* region = ctx.region(st.region);
    if (st.region.empty()) ctx.error(kStationsFile, line, "empty region");
    else if (!region && ctx.regions_declared) ctx.error(kStationsFile, line, "unknown region " + quote(st.region) + region_hint(ctx, st.region));

    auto district = parse_int(f[c_district]);
    if (!district) {
        ctx.error(kStationsFile, line, "district " + quote(f[c_district]) + " is not a district number");
    } else {
        st.district = static_cast<int>(*district);
        const District* d = ctx.district(st.district);
        if (!d && ctx.districts_declared)
            ctx.error(kStationsFile, line, "unknown district " + f[c_district]);
        else if (d && region && d->region != st.region)
            ctx.error(kStationsFile, line, "district " + f[c_district] + " is in region " + quote(d->region) +
                                               ", not in the station's region " + quote(st.region));
    }

    if (st.stratum.empty()) {
        ctx.error(kStationsFile, line, "empty stratum");
    } else if (const Stratum* s = ctx.stratum(st.stratum); !s) {
        if (ctx.strata_declared) ctx.error(kStationsFile, line, "unknown stratum " + quote(st.stratum));
    } else if (region && s->region != st.region) {
        ctx.error(kStationsFile, line, "stratum " + quote(st.stratum) + " is in region " + quote(s->region) +
                                           ", not in the station's region " + quote(st.region));
    }
}

}  // namespace

void load_stations(LoadContext& ctx, std::string_view text) {
    CsvTable table = read_csv_table(text, kColumns);
    const bool unreadable = !table.errors.empty();
    for (auto& e : table.errors) ctx.error(kStationsFile, e.line, std::move(e.message));
    if (!table.header_ok) return;
    ctx.stations_read = true;
    auto& stations = ctx.cb->stations;
    stations.reserve(table.rows.size());
    ctx.station_index.reserve(table.rows.size());
    for (CsvRecord& row : table.rows) {
        auto& f = row.fields;
        const int line = row.line;
        Station st;
        st.line = line;
        bool indexable = check_code(ctx, line, f[c_code]);
        if (indexable) {
            auto [it, fresh] = ctx.station_index.try_emplace(f[c_code], static_cast<std::uint32_t>(stations.size()));
            if (!fresh) {
                ctx.error(kStationsFile, line, "duplicate station code " + f[c_code] + " (first on line " +
                                                   std::to_string(stations[it->second].line) + ")");
                indexable = false;
            }
        }
        if (f[c_name].empty()) ctx.error(kStationsFile, line, "empty station name");
        st.region = std::move(f[c_region]);
        st.stratum = std::move(f[c_stratum]);
        if (ctx.election_parsed) {
            check_references(ctx, line, st, f);
        } else if (auto d = parse_int(f[c_district])) {
            st.district = static_cast<int>(*d);
        }
        auto registered = parse_int(f[c_registered]);
        if (!registered || *registered <= 0)
            ctx.error(kStationsFile, line, "registered must be a whole number above 0, not " + quote(f[c_registered]));
        else
            st.registered = *registered;
        if (f[c_sampled] == "1") st.sampled = true;
        else if (f[c_sampled] != "0") ctx.error(kStationsFile, line, "sampled must be 0 or 1, not " + quote(f[c_sampled]));
        if (!indexable) continue;
        st.code = std::move(f[c_code]);
        st.name = std::move(f[c_name]);
        st.index = static_cast<std::uint32_t>(stations.size());
        stations.push_back(std::move(st));
    }
    if (table.rows.empty() && !unreadable) ctx.error(kStationsFile, 1, "no stations listed (only the header)");
}

}  // namespace smsgw
