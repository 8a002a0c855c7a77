// Joins stored SMS parts into whole messages: per (modem, sender, reference, total), any number at once, even several messages sharing that key.
#include "daemon/ingest/multipart_linker.hpp"

#include "daemon/ingest/part_match.hpp"

#include <algorithm>
#include <utility>

namespace smsgw::ingest {

namespace {

// Every part `older` holds has the same text and coding as the part with its number in `done`.
bool only_copies_of(const std::map<int, StoredPart>& older, const std::map<int, StoredPart>& done) {
    return std::all_of(older.begin(), older.end(), [&](const auto& held) {
        const auto twin = done.find(held.first);
        return twin != done.end() && twin->second.part.text == held.second.part.text &&
               twin->second.part.coding == held.second.part.coding;
    });
}

// `a` and `b` hold different part numbers and together all `total` of them.
bool complete_together(const std::map<int, StoredPart>& a, const std::map<int, StoredPart>& b, int total) {
    if (static_cast<int>(a.size() + b.size()) != total) return false;
    return std::none_of(b.begin(), b.end(), [&](const auto& held) { return a.count(held.first) > 0; });
}

}  // namespace

MultipartLinker::MultipartLinker(WallClock clock) : MultipartLinker(std::move(clock), Options{}) {}

MultipartLinker::MultipartLinker(WallClock clock, Options options)
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

    const Key key{p.modem, p.sender, p.concat_ref, p.concat_total};
    Groups& groups = groups_[key];
    for (Group& g : groups) {
        const auto held = g.parts.find(p.concat_part);
        if (held != g.parts.end() && is_copy(held->second.part, p)) {
            g.ignored_ids.push_back(sp.id);
            g.first_received = std::min(g.first_received, p.received_at);
            return std::nullopt;
        }
    }
    int at = choose(groups, p);
    if (at < 0) {
        groups.push_back(Group{{}, {}, p.received_at});
        at = static_cast<int>(groups.size()) - 1;
    }
    Group& g = groups[static_cast<std::size_t>(at)];
    g.first_received = std::min(g.first_received, p.received_at);
    g.parts.emplace(p.concat_part, sp);
    if (static_cast<int>(g.parts.size()) < p.concat_total) return std::nullopt;

    Group done = std::move(g);
    groups.erase(groups.begin() + at);
    for (int i = at - 1; i >= 0; --i) {  // only older ones: a younger copy may be a correction still arriving
        const auto older = groups.begin() + i;
        if (!only_copies_of(older->parts, done.parts)) continue;
        absorb(done, std::move(*older));
        groups.erase(older);
    }
    auto m = release(key, done, Assembly::complete);
    if (groups.empty()) groups_.erase(key);
    return m;
}

int MultipartLinker::choose(const Groups& groups, const Part& p) const {
    int best = -1;
    std::pair<std::chrono::seconds, bool> best_score{};  // (nearest part sent, coding differs)
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const auto& parts = groups[i].parts;
        if (parts.count(p.concat_part)) continue;
        bool too_far = false;
        auto nearest = std::chrono::seconds::max();
        for (const auto& [n, held] : parts) {
            too_far = too_far || sent_further_than(held.part, p, options_.sent_gap);
            nearest = std::min(nearest, sent_apart(held.part, p));
        }
        if (too_far) continue;
        const std::pair score{nearest, parts.begin()->second.part.coding != p.coding};
        if (best < 0 || score < best_score) {  // strict: the oldest wins a tie
            best = static_cast<int>(i);
            best_score = score;
        }
    }
    return best;
}

void MultipartLinker::absorb(Group& into, Group&& from) {
    for (const auto& [n, held] : from.parts) into.ignored_ids.push_back(held.id);
    into.ignored_ids.insert(into.ignored_ids.end(), from.ignored_ids.begin(), from.ignored_ids.end());
    into.first_received = std::min(into.first_received, from.first_received);
}

AssembledMessage MultipartLinker::release(const Key& key, const Group& g, Assembly assembly) const {
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
        const Key& key = it->first;
        Groups& groups = it->second;
        for (std::size_t i = 0; i < groups.size();) {
            if (groups[i].first_received + options_.timeout > now) {
                ++i;
                continue;
            }
            Group g = std::move(groups[i]);
            groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(i));
            const auto rest = std::find_if(groups.begin(), groups.end(), [&](const Group& other) {
                return complete_together(g.parts, other.parts, std::get<3>(key));
            });
            if (rest == groups.end()) {
                out.push_back(release(key, g, Assembly::timed_out));
            } else {
                g.parts.insert(rest->parts.begin(), rest->parts.end());
                g.ignored_ids.insert(g.ignored_ids.end(), rest->ignored_ids.begin(), rest->ignored_ids.end());
                g.first_received = std::min(g.first_received, rest->first_received);
                groups.erase(rest);
                out.push_back(release(key, g, Assembly::complete));
            }
            i = 0;  // two may have gone: look again from the oldest
        }
        it = groups.empty() ? groups_.erase(it) : std::next(it);
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
    for (const auto& [key, groups] : groups_)
        for (const Group& g : groups) {
            const SystemTime d = g.first_received + options_.timeout;
            if (!next || d < *next) next = d;
        }
    return next;
}

std::size_t MultipartLinker::pending_groups() const {
    std::size_t n = 0;
    for (const auto& [key, groups] : groups_) n += groups.size();
    return n;
}

std::size_t MultipartLinker::pending_parts() const {
    std::size_t n = 0;
    for (const auto& [key, groups] : groups_)
        for (const Group& g : groups) n += g.parts.size() + g.ignored_ids.size();
    return n;
}

}  // namespace smsgw::ingest
