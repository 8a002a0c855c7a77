// Field-by-field comparison of each counted observer report with the station's official row.
#include "daemon/official/station_diff.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

namespace smsgw::official {

namespace {

bool is_option(const Form& form, std::string_view tag) {
    if (form.options_from_candidates) return tag != form.invalid_tag && tag != form.cast_tag;
    return std::find(form.option_tags.begin(), form.option_tags.end(), tag) != form.option_tags.end();
}

int status_rank(StationStatus s) {
    switch (s) {
        case StationStatus::differs: return 0;
        case StationStatus::official_missing: return 1;
        case StationStatus::match: return 2;
    }
    return 3;
}

}  // namespace

std::vector<StationDiff> station_diff(const Codebook& cb, std::span<const StationValues> observer,
                                      std::span<const StationValues> official) {
    std::map<std::pair<const Form*, std::uint32_t>, const StationValues*> rows;
    std::set<const Form*> forms;
    for (const StationValues& o : official) {
        rows[{o.form, o.station}] = &o;
        forms.insert(o.form);
    }
    struct Ranked {
        StationDiff diff;
        std::int64_t total = 0;
    };
    std::vector<Ranked> ranked;
    for (const StationValues& obs : observer) {
        if (!obs.form || !forms.count(obs.form) || obs.station >= cb.stations.size()) continue;
        const Station& s = cb.stations[obs.station];
        Ranked r;
        r.diff.station = s.code;
        r.diff.station_name = s.name;
        r.diff.region = s.region;
        r.diff.form = obs.form->code;
        r.diff.observer_report_id = obs.id;
        auto it = rows.find({obs.form, obs.station});
        if (it == rows.end()) {
            r.diff.status = StationStatus::official_missing;
            ranked.push_back(std::move(r));
            continue;
        }
        const StationValues& off = *it->second;
        std::int64_t option_moves = 0;
        for (const Field& f : obs.form->fields) {
            auto a = obs.value(f.tag), b = off.value(f.tag);
            if (a == b) continue;
            r.diff.differences.push_back({f.tag, a, b});
            const std::int64_t d = std::llabs(a.value_or(0) - b.value_or(0));
            r.total += d;
            if (is_option(*obs.form, f.tag)) option_moves += d;
        }
        r.diff.shift = option_moves / 2;
        r.diff.status = r.diff.differences.empty() ? StationStatus::match : StationStatus::differs;
        ranked.push_back(std::move(r));
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        if (a.diff.shift != b.diff.shift) return a.diff.shift > b.diff.shift;
        if (a.total != b.total) return a.total > b.total;
        if (a.diff.status != b.diff.status) return status_rank(a.diff.status) < status_rank(b.diff.status);
        if (a.diff.station != b.diff.station) return a.diff.station < b.diff.station;
        return a.diff.form < b.diff.form;
    });
    std::vector<StationDiff> out;
    out.reserve(ranked.size());
    for (auto& r : ranked) out.push_back(std::move(r.diff));
    return out;
}

}  // namespace smsgw::official
