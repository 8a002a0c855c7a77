// Lookups over an immutable codebook: indexes built once after loading, O(1) finds afterwards.
#include "codebooks/codebook.hpp"

#include <algorithm>

namespace smsgw {

std::string_view to_string(FieldKind k) {
    switch (k) {
        case FieldKind::count: return "count";
        case FieldKind::yesno: return "yesno";
        case FieldKind::choice: return "choice";
        case FieldKind::multi: return "multi";
        case FieldKind::time: return "time";
    }
    return "?";
}

std::string_view to_string(FormKind k) {
    switch (k) {
        case FormKind::checklist: return "checklist";
        case FormKind::results: return "results";
        case FormKind::incident: return "incident";
    }
    return "?";
}

std::string_view to_string(Severity s) { return s == Severity::error ? "error" : "warning"; }

std::string_view to_string(ContestScope s) { return s == ContestScope::national ? "national" : "district"; }

int Form::field_index(std::string_view tag) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].tag == tag) return static_cast<int>(i);
    return -1;
}

const IncidentCode* Form::find_incident(int c) const {
    for (const auto& i : incidents)
        if (i.code == c) return &i;
    return nullptr;
}

void Codebook::build_indexes() {
    station_index_.clear();
    monitor_index_.clear();
    stratum_index_.clear();
    candidate_range_.clear();
    for (std::uint32_t i = 0; i < stations.size(); ++i) {
        stations[i].index = i;
        station_index_.try_emplace(stations[i].code, i);
    }
    for (std::uint32_t i = 0; i < monitors.size(); ++i) monitor_index_.try_emplace(monitors[i].phone, i);
    for (auto& s : strata) s.frame_size = s.sampled = 0;
    for (std::uint32_t i = 0; i < strata.size(); ++i) stratum_index_.try_emplace(strata[i].id, i);
    for (const auto& st : stations) {
        auto it = stratum_index_.find(st.stratum);
        if (it == stratum_index_.end()) continue;
        ++strata[it->second].frame_size;
        if (st.sampled) ++strata[it->second].sampled;
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.district != b.district ? a.district < b.district : a.tag < b.tag;
    });
    for (std::uint32_t i = 0; i < candidates.size(); ++i) {
        auto [it, fresh] = candidate_range_.try_emplace(candidates[i].district, i, i + 1);
        if (!fresh) it->second.second = i + 1;
    }
}

const Station* Codebook::find_station(std::string_view code) const {
    auto it = station_index_.find(code);
    return it == station_index_.end() ? nullptr : &stations[it->second];
}

const Monitor* Codebook::find_monitor(std::string_view e164) const {
    auto it = monitor_index_.find(e164);
    return it == monitor_index_.end() ? nullptr : &monitors[it->second];
}

const Form* Codebook::find_form(std::string_view code) const {
    for (const auto& f : forms)
        if (f.code == code) return &f;
    return nullptr;
}

const Contest* Codebook::find_contest(std::string_view id) const {
    for (const auto& c : contests)
        if (c.id == id) return &c;
    return nullptr;
}

const District* Codebook::find_district(int number) const {
    for (const auto& d : districts)
        if (d.number == number) return &d;
    return nullptr;
}

const Region* Codebook::find_region(std::string_view id) const {
    for (const auto& r : regions)
        if (r.id == id) return &r;
    return nullptr;
}

const Stratum* Codebook::find_stratum(std::string_view id) const {
    auto it = stratum_index_.find(id);
    return it == stratum_index_.end() ? nullptr : &strata[it->second];
}

std::span<const Candidate> Codebook::candidates_in(int district) const {
    auto it = candidate_range_.find(district);
    if (it == candidate_range_.end()) return {};
    return std::span<const Candidate>(candidates).subspan(it->second.first, it->second.second - it->second.first);
}

bool Codebook::monitor_covers(const Monitor& m, const Station& s) const {
    if (m.any_station) return true;
    if (std::find(m.stations.begin(), m.stations.end(), s.index) != m.stations.end()) return true;
    return std::find(m.districts.begin(), m.districts.end(), s.district) != m.districts.end();
}

const ReplyTemplates& Codebook::replies_for(std::string_view language) const {
    if (auto it = replies.find(language); it != replies.end()) return it->second;
    if (auto it = replies.find(election.default_language); it != replies.end()) return it->second;
    static const ReplyTemplates none{};
    return replies.empty() ? none : replies.begin()->second;
}

}  // namespace smsgw
