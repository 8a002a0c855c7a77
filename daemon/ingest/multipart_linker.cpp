// Joins stored SMS parts into whole messages: per (modem, sender, reference, total), any number at once.
#include "daemon/ingest/multipart_linker.hpp"

#include <algorithm>
#include <utility>

namespace smsgw::ingest {

MultipartLinker::MultipartLinker(Clock clock) : MultipartLinker(std::move(clock), Options{}) {}

MultipartLinker::MultipartLinker(Clock clock, Options options)
    : clock_(std::move(clock)), options_(std::move(options)) {}

AssembledMessage MultipartLinker::single(const StoredPart& sp, Assembly assembly) {
    const Part& p = sp.part;
    AssembledMessage m;
    m.modem = p.modem;
    m.imei = p.imei;
    m.sender = p.sender;
    m.smsc_time = p.smsc_time;
    m.received_at = p.received_at;
    m.concat_ref = p.concat_ref;
    m.concat_total = assembly == Assembly::malformed ? p.concat_total : 1;
    m.text = p.text;
    m.coding = p.coding;
    m.assembly = assembly;
    m.part_ids = {sp.id};
    return m;
}

std::optional<AssembledMessage> MultipartLinker::add(const StoredPart& sp) {
    const Part& p = sp.part;
    if (p.concat_ref < 0) return single(sp, Assembly::complete);
    if (p.concat_total < 1 || p.concat_part < 1 || p.concat_part > p.concat_total)
        return single(sp, Assembly::malformed);
    if (p.concat_total == 1) {
        auto m = single(sp, Assembly::complete);
        m.concat_ref = p.concat_ref;
        return m;
    }

    Key key{p.modem, p.sender, p.concat_ref, p.concat_total};
    auto [it, fresh] = groups_.try_emplace(key);
    Group& g = it->second;
    if (fresh || p.received_at < g.first_received) g.first_received = p.received_at;
    if (!g.parts.try_emplace(p.concat_part, sp).second) {
        g.ignored_ids.push_back(sp.id);
        return std::nullopt;
    }
    if (static_cast<int>(g.parts.size()) < p.concat_total) return std::nullopt;
    auto m = release(key, g, Assembly::complete);
    groups_.erase(it);
    return m;
}

AssembledMessage MultipartLinker::release(const Key& key, Group& g, Assembly assembly) const {
    const StoredPart& first = g.parts.begin()->second;
    AssembledMessage m;
    m.modem = std::get<0>(key);
    m.imei = first.part.imei;
    m.sender = std::get<1>(key);
    m.smsc_time = first.part.smsc_time;
    m.received_at = g.first_received;
    m.concat_ref = std::get<2>(key);
    m.concat_total = std::get<3>(key);
    m.coding = first.part.coding;
    m.assembly = assembly;
    for (int n = 1; n <= m.concat_total; ++n) {
        auto found = g.parts.find(n);
        if (found == g.parts.end()) {
            m.text += options_.placeholder;
            m.missing.push_back(n);
        } else {
            m.text += found->second.part.text;
            m.part_ids.push_back(found->second.id);
        }
    }
    m.part_ids.insert(m.part_ids.end(), g.ignored_ids.begin(), g.ignored_ids.end());
    std::sort(m.part_ids.begin(), m.part_ids.end());
    return m;
}

std::vector<AssembledMessage> MultipartLinker::expire() {
    const SystemTime now = clock_();
    std::vector<AssembledMessage> out;
    for (auto it = groups_.begin(); it != groups_.end();) {
        if (it->second.first_received + options_.timeout <= now) {
            out.push_back(release(it->first, it->second, Assembly::timed_out));
            it = groups_.erase(it);
        } else {
            ++it;
        }
    }
    // Oldest first, so the operator's log reads in arrival order.
    std::stable_sort(out.begin(), out.end(), [](const AssembledMessage& a, const AssembledMessage& b) {
        return a.received_at < b.received_at;
    });
    return out;
}

std::vector<AssembledMessage> MultipartLinker::restore(std::span<const StoredPart> unlinked) {
    groups_.clear();
    std::vector<AssembledMessage> out;
    for (const StoredPart& sp : unlinked)
        if (auto m = add(sp)) out.push_back(std::move(*m));
    return out;
}

std::optional<SystemTime> MultipartLinker::next_deadline() const {
    std::optional<SystemTime> next;
    for (const auto& [key, g] : groups_) {
        SystemTime d = g.first_received + options_.timeout;
        if (!next || d < *next) next = d;
    }
    return next;
}

std::size_t MultipartLinker::pending_parts() const {
    std::size_t n = 0;
    for (const auto& [key, g] : groups_) n += g.parts.size() + g.ignored_ids.size();
    return n;
}

}  // namespace smsgw::ingest
