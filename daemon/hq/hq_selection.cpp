// The replay of decide() across gateways: grouping, arrival order, and applying each decision.
#include "daemon/hq/hq_selection.hpp"

#include "codebooks/phone.hpp"
#include "daemon/pipeline/report_policy.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace smsgw::hq {

namespace {

// As the pipeline compares an earlier version's sender with a new one (Pipeline::same_phone).
bool same_phone(const Codebook& cb, const std::string& a, const std::string& b) {
    if (a == b) return true;
    auto ea = normalize_phone(a, cb.election.phones);
    auto eb = normalize_phone(b, cb.election.phones);
    return ea && eb && *ea == *eb;
}

// As the pipeline's directly_assigned: the monitor lists the station by its code.
bool assigned(const Codebook& cb, const std::string& sender, const std::string& station_code) {
    auto e164 = normalize_phone(sender, cb.election.phones);
    const Monitor* m = e164 ? cb.find_monitor(*e164) : nullptr;
    const Station* s = cb.find_station(station_code);
    return m && s && std::find(m->stations.begin(), m->stations.end(), s->index) != m->stations.end();
}

struct Version {
    std::size_t index;  // into `all`
    bool current = false;
    bool conflict = false;
};

// One (form, station): every version in arrival order through decide().
void replay(const Codebook& cb, const std::vector<HqReport>& all, std::vector<std::size_t> order,
            std::vector<Version>& out) {
    std::vector<Version*> current;  // in the order they became current, as the store's id order
    std::vector<Version> versions;
    versions.reserve(order.size());
    for (std::size_t i : order) versions.push_back({i});
    for (Version& v : versions) {
        const store::ReportRecord& rec = all[v.index].record;
        std::vector<EarlierReport> earlier;
        for (const Version* c : current) {
            const store::ReportRecord& e = all[c->index].record;
            earlier.push_back({static_cast<std::int64_t>(c->index), e.normalized, e.comment, e.status, c->conflict,
                               same_phone(cb, e.sender, rec.sender)});
        }
        PolicyInput in;
        in.status = rec.status;
        in.kind = FormKind::results;  // checklist forms follow the same rules; incidents never reach here
        in.assigned = assigned(cb, rec.sender, rec.station);
        in.normalized = rec.normalized;
        in.comment = rec.comment;
        in.earlier = earlier;
        const PolicyDecision d = decide(in);
        auto find = [&](std::int64_t index) {
            return std::find_if(current.begin(), current.end(),
                                [&](const Version* c) { return static_cast<std::int64_t>(c->index) == index; });
        };
        for (std::int64_t id : d.flag_conflict)
            if (auto it = find(id); it != current.end()) (*it)->conflict = true;
        for (std::int64_t id : d.clear_conflict)
            if (auto it = find(id); it != current.end()) (*it)->conflict = false;
        for (std::int64_t id : d.supersede)
            if (auto it = find(id); it != current.end()) {
                (*it)->current = false;
                current.erase(it);
            }
        if (d.current) {
            v.current = true;
            v.conflict = d.conflict;
            current.push_back(&v);
        }
    }
    for (const Version& v : versions) out.push_back(v);
}

}  // namespace

std::vector<store::StoredReport> hq_current_reports(const Codebook& cb, const std::vector<HqReport>& all) {
    // (form, station) -> gateway -> its versions in local id order.
    std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const store::ReportRecord& r = all[i].record;
        const Form* form = cb.find_form(r.form);
        if (!form || form->kind == FormKind::incident || r.status == Status::rejected) continue;
        groups[{r.form, r.station}][all[i].gateway_id].push_back(i);
    }
    std::vector<Version> decided;
    for (auto& [key, by_gateway] : groups) {
        std::vector<std::pair<std::vector<std::size_t>*, std::size_t>> heads;  // list, next position
        for (auto& [gw, list] : by_gateway) {
            std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) { return all[a].local_id < all[b].local_id; });
            heads.push_back({&list, 0});
        }
        // Merged by arrival: the earliest head next (a gateway's own order is never changed, even
        // where its clock stepped back).
        std::vector<std::size_t> order;
        for (;;) {
            std::optional<std::size_t> best;
            for (std::size_t h = 0; h < heads.size(); ++h) {
                auto& [list, pos] = heads[h];
                if (pos == list->size()) continue;
                if (!best) {
                    best = h;
                    continue;
                }
                const HqReport& a = all[(*list)[pos]];
                const HqReport& b = all[(*heads[*best].first)[heads[*best].second]];
                if (std::tie(a.sent_at, a.record.created_at, a.gateway_id) <
                    std::tie(b.sent_at, b.record.created_at, b.gateway_id))
                    best = h;
            }
            if (!best) break;
            order.push_back((*heads[*best].first)[heads[*best].second++]);
        }
        replay(cb, all, std::move(order), decided);
    }
    std::vector<store::StoredReport> out;
    out.reserve(decided.size());
    for (const Version& v : decided) {
        if (!v.current) continue;
        store::StoredReport r;
        r.id = static_cast<std::int64_t>(v.index);
        r.record = all[v.index].record;
        r.record.current = true;
        r.record.conflict = v.conflict;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace smsgw::hq
