// Builds the call-back list once for missing.csv, smsgw callback and smsgw watch.
#include "daemon/export/callback_list.hpp"

#include <algorithm>
#include <map>

namespace smsgw::exports {

std::string_view to_string(SilenceReason r) {
    switch (r) {
        case SilenceReason::no_report: return "no report";
        case SilenceReason::rejected: return "rejected";
        case SilenceReason::conflict: return "conflict";
        case SilenceReason::not_counted: return "not counted";
    }
    return "?";
}

std::string_view to_string(MonitorRole r) { return r == MonitorRole::station ? "station" : "district team"; }

namespace {

double reported_fraction(const ProgressRow& r) { return r.sampled ? double(r.reported) / r.sampled : 1.0; }

}  // namespace

std::string results_form_of(const Codebook& cb, const std::string& contest) {
    if (const Contest* c = cb.find_contest(contest); c && !c->form.empty()) return c->form;
    for (const Form& f : cb.forms)
        if (f.kind == FormKind::results && f.contest == contest) return f.code;
    return "";
}

SilenceReason silence_reason(std::span<const store::StoredReport* const> versions) {
    if (versions.empty()) return SilenceReason::no_report;
    bool any_counted_status = false;
    for (const auto* r : versions) {
        if (r->record.current && r->record.conflict) return SilenceReason::conflict;
        any_counted_status = any_counted_status || r->record.status != Status::rejected;
    }
    return any_counted_status ? SilenceReason::not_counted : SilenceReason::rejected;
}

VersionsOf versions_in(const std::vector<store::StoredReport>& all) {
    using Key = std::pair<std::string, std::string>;
    auto index = std::make_shared<std::map<Key, std::vector<const store::StoredReport*>>>();
    for (const auto& r : all) (*index)[{r.record.form, r.record.station}].push_back(&r);
    return [index](const std::string& form, const std::string& station) {
        auto it = index->find({form, station});
        return it == index->end() ? std::vector<const store::StoredReport*>{} : it->second;
    };
}

CallbackList callback_list(const Codebook& cb, const QuickCount& quick_count, const VersionsOf& versions_of) {
    CallbackList out;
    for (const ContestProgress& p : quick_count.progress()) {
        const std::string form = results_form_of(cb, p.contest);
        // Regions ranked least reported first; a station's rank is its region's.
        std::vector<ProgressRow> regions = p.regions;
        std::stable_sort(regions.begin(), regions.end(), [](const ProgressRow& a, const ProgressRow& b) {
            return reported_fraction(a) < reported_fraction(b);
        });
        std::map<std::string, std::size_t, std::less<>> rank;
        for (std::size_t i = 0; i < regions.size(); ++i) {
            rank.emplace(regions[i].id, i);
            if (regions[i].missing() > 0) out.regions.push_back({p.contest, p.district, regions[i]});
        }
        std::vector<std::uint32_t> missing = quick_count.missing_stations(p.contest, p.district);
        auto rank_of = [&](std::uint32_t index) {
            auto it = rank.find(cb.stations.at(index).region);
            return it == rank.end() ? regions.size() : it->second;
        };
        std::stable_sort(missing.begin(), missing.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return rank_of(a) < rank_of(b); });
        for (std::uint32_t index : missing) {
            const Station& s = cb.stations.at(index);
            CallbackStation row{p.contest, p.district, form, &s, silence_reason(versions_of(form, s.code)), {}};
            for (const Monitor& m : cb.monitors)
                if (std::find(m.stations.begin(), m.stations.end(), index) != m.stations.end())
                    row.contacts.push_back({&m, MonitorRole::station});
            for (const Monitor& m : cb.monitors)
                if (std::find(m.districts.begin(), m.districts.end(), s.district) != m.districts.end())
                    row.contacts.push_back({&m, MonitorRole::district_team});
            out.stations.push_back(std::move(row));
        }
    }
    return out;
}

}  // namespace smsgw::exports
