// Plays a byte string as a sequence of stored SMS parts, clock steps, expiries and restarts against the
// MultipartLinker, checking its invariants against a model; shared by fuzz_multipart and
// test_ingest_random.
#pragma once

#include "daemon/ingest/multipart_linker.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace smsgw::fuzz {

using ingest::SystemTime;

class MultipartCheck {
public:
    static constexpr std::chrono::seconds timeout{600};
    static constexpr const char* placeholder = "[...]";

    // The first broken invariant, or nothing.
    std::optional<std::string> run(const std::uint8_t* data, std::size_t size) {
        in_ = data;
        size_ = size;
        at_ = 0;
        while (at_ < size_ && !failure_) {
            const std::uint8_t op = next();
            switch (op % 8) {
                case 0: case 1: case 2: case 3: add_new(); break;
                case 4: add_duplicate(); break;
                case 5: now_ += std::chrono::seconds(next() * 10); expire(); break;
                case 6: expire(); break;
                default: restart(next() & 1); break;
            }
            if (!failure_) check_state();
        }
        if (failure_) return failure_;
        // Long after the last part, nothing may still be waiting.
        now_ += std::chrono::hours(24);
        expire();
        if (!failure_ && (linker_.pending_parts() != 0 || linker_.pending_groups() != 0))
            fail("parts still pending after every timeout passed");
        if (!failure_ && linked_.size() != parts_.size()) fail("an accepted part never reached a message");
        return failure_;
    }

    std::size_t messages() const { return messages_; }

private:
    using Key = std::tuple<std::string, std::string, int, int>;

    std::uint8_t next() { return at_ < size_ ? in_[at_++] : 0; }
    void fail(const std::string& what) {
        if (!failure_) failure_ = what;
    }

    static int pick_total(std::uint8_t b) {
        switch (b >> 6) {
            case 0: case 1: return (b & 3) + 1;
            case 2: return b & 0x3F;
            default: return std::array{0, 255, 254, 1}[b & 3];
        }
    }
    static int pick_part(std::uint8_t b, int total) {
        switch (b >> 6) {
            case 0: case 1: return (b & 3) + 1;
            case 2: return b & 0x3F;
            default: return std::array{0, 255, total, total + 1}[b & 3];
        }
    }

    void add_new() {
        const std::uint8_t who = next(), bref = next(), btot = next(), bpart = next(), bt = next();
        ingest::Part p;
        p.modem = who & 1 ? "m2" : "m1";
        p.imei = p.modem == "m1" ? "111" : "222";
        p.sender = std::array{"+77011111111", "+77012222222", "Beeline"}[(who >> 1) % 3];
        p.concat_ref = bref == 0xFF ? -1 : std::array{0, 1, 2, 255, 65535}[bref % 5];
        if (p.concat_ref >= 0) {
            p.concat_total = pick_total(btot);
            p.concat_part = pick_part(bpart, p.concat_total);
        }
        for (int n = bt & 3; n > 0; --n) p.text += static_cast<char>(next());
        p.coding = (who & 0x80) ? "ucs2" : "gsm7";
        p.received_at = now_ - std::chrono::seconds((bt >> 2) * 37);
        submit(std::move(p));
    }

    void add_duplicate() {
        const std::uint8_t b = next(), t = next();
        if (parts_.empty()) return;
        auto it = parts_.begin();
        std::advance(it, b % parts_.size());
        ingest::Part p = it->second;
        if (t & 1) p.text = "conflicting " + std::to_string(t);  // same header, other text: first one wins
        p.received_at = now_;
        submit(std::move(p));
    }

    void submit(ingest::Part p) {
        ingest::StoredPart sp{next_id_++, std::move(p)};
        sp.part.smsc_time = std::to_string(sp.id);  // tells which part a message took its fields from
        parts_.emplace(sp.id, sp.part);
        unlinked_.insert(sp.id);
        auto m = linker_.add(sp);
        if (m) {
            if (std::find(m->part_ids.begin(), m->part_ids.end(), sp.id) == m->part_ids.end())
                fail("add() released a message without the part just added");
            released(*m, false);
        } else if (!is_group_part(sp.part)) {
            fail("a single or malformed part was held back");
        }
    }

    void expire() {
        auto out = linker_.expire();
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (out[i].assembly != ingest::Assembly::timed_out) fail("expire() released a message not timed out");
            if (i > 0 && out[i].received_at < out[i - 1].received_at) fail("expire() not oldest first");
            released(out[i], true);
        }
        // Nothing whose deadline has passed may still be waiting.
        for (const auto& [key, g] : groups())
            if (g.first + timeout <= now_) fail("a group past its deadline survived expire()");
    }

    // A restart, optionally after the last message was released but never recorded.
    void restart(bool lose_last) {
        if (lose_last && !last_ids_.empty()) {
            for (auto id : last_ids_) {
                linked_.erase(id);
                unlinked_.insert(id);
            }
            last_ids_.clear();
        }
        std::vector<ingest::StoredPart> unlinked;
        for (auto id : unlinked_) unlinked.push_back({id, parts_.at(id)});
        for (const auto& m : linker_.restore(unlinked)) {
            if (m.assembly == ingest::Assembly::timed_out) fail("restore() released a timed-out message");
            released(m, false);
        }
    }

    static bool is_group_part(const ingest::Part& p) {
        return p.concat_ref >= 0 && p.concat_total >= 2 && p.concat_part >= 1 && p.concat_part <= p.concat_total;
    }

    struct GroupModel {
        SystemTime first{};
        std::set<int> numbers;
    };
    std::map<Key, GroupModel> groups() const {
        std::map<Key, GroupModel> out;
        for (auto id : unlinked_) {
            const ingest::Part& p = parts_.at(id);
            Key k{p.modem, p.sender, p.concat_ref, p.concat_total};
            auto [it, fresh] = out.try_emplace(k);
            if (fresh || p.received_at < it->second.first) it->second.first = p.received_at;
            it->second.numbers.insert(p.concat_part);
        }
        return out;
    }

    void released(const ingest::AssembledMessage& m, bool expired) {
        ++messages_;
        const auto& ids = m.part_ids;
        if (ids.empty()) return fail("message without parts");
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i > 0 && ids[i] <= ids[i - 1]) return fail("part_ids not strictly ascending");
            if (!parts_.count(ids[i])) return fail("message names a part never added");
            if (!linked_.insert(ids[i]).second) return fail("a part ended up in two messages");
            unlinked_.erase(ids[i]);
        }
        last_ids_ = ids;
        const ingest::Part& first = parts_.at(ids.front());
        if (m.modem != first.modem || m.sender != first.sender) return fail("modem/sender not the parts'");

        if (!is_group_part(first) || first.concat_total == 1) {
            if (ids.size() != 1) return fail("single or malformed message with several parts");
            if (m.text != first.text) return fail("single part's text changed");
            if (!m.missing.empty()) return fail("single message with missing parts");
            const bool malformed = first.concat_ref >= 0 && (first.concat_total < 1 || first.concat_part < 1 ||
                                                              first.concat_part > first.concat_total);
            if (malformed != (m.assembly == ingest::Assembly::malformed)) return fail("malformed verdict wrong");
            if (!malformed && m.assembly != ingest::Assembly::complete) return fail("single not complete");
            if (m.concat_ref != first.concat_ref) return fail("reference not kept");
            return;
        }

        // A group: every part shares the key; the first stored of each number wins.
        std::map<int, std::int64_t> winner;
        SystemTime earliest = first.received_at;
        for (auto id : ids) {
            const ingest::Part& p = parts_.at(id);
            if (p.modem != first.modem || p.sender != first.sender || p.concat_ref != first.concat_ref ||
                p.concat_total != first.concat_total || !is_group_part(p))
                return fail("parts of different messages merged");
            winner.try_emplace(p.concat_part, id);
            earliest = std::min(earliest, p.received_at);
        }
        std::string text;
        std::vector<int> missing;
        for (int n = 1; n <= first.concat_total; ++n) {
            auto w = winner.find(n);
            if (w == winner.end()) {
                text += placeholder;
                missing.push_back(n);
            } else {
                text += parts_.at(w->second).text;
            }
        }
        if (m.text != text) return fail("text is not the parts' texts in order");
        if (m.missing != missing) return fail("missing parts listed wrongly");
        if (m.concat_ref != first.concat_ref || m.concat_total != first.concat_total) return fail("header not kept");
        if (m.received_at != earliest) return fail("received_at is not the earliest part's");
        const ingest::Part& lowest = parts_.at(winner.begin()->second);
        if (m.smsc_time != lowest.smsc_time || m.coding != lowest.coding || m.imei != lowest.imei)
            return fail("fields not from the lowest-numbered part");
        if (missing.empty() != (m.assembly == ingest::Assembly::complete)) return fail("complete iff nothing missing");
        if (m.assembly == ingest::Assembly::timed_out) {
            if (!expired) return fail("timed out outside expire()");
            if (earliest + timeout > now_) return fail("released before its timeout");
        } else if (m.assembly != ingest::Assembly::complete) {
            return fail("a placeable group part released as malformed");
        }
    }

    void check_state() {
        if (linker_.pending_parts() != unlinked_.size() || unlinked_.size() + linked_.size() != parts_.size())
            return fail("pending parts != accepted parts not yet in a message");
        const auto model = groups();
        if (linker_.pending_groups() != model.size()) return fail("pending groups differ from the model");
        std::optional<SystemTime> deadline;
        for (const auto& [key, g] : model) {
            if (static_cast<int>(g.numbers.size()) >= std::get<3>(key)) return fail("a complete group is pending");
            if (!deadline || g.first + timeout < *deadline) deadline = g.first + timeout;
        }
        if (linker_.next_deadline() != deadline) return fail("next_deadline() wrong");
    }

    const std::uint8_t* in_ = nullptr;
    std::size_t size_ = 0, at_ = 0;
    SystemTime now_ = SystemTime{} + std::chrono::hours(24 * 365 * 50);
    ingest::MultipartLinker linker_{[this] { return now_; }, ingest::MultipartLinker::Options{timeout, placeholder}};
    std::map<std::int64_t, ingest::Part> parts_;  // every part accepted, by id
    std::set<std::int64_t> linked_;               // ids some released message consumed
    std::set<std::int64_t> unlinked_;             // the others: what the store would restore
    std::vector<std::int64_t> last_ids_;
    std::int64_t next_id_ = 1;
    std::size_t messages_ = 0;
    std::optional<std::string> failure_;
};

}  // namespace smsgw::fuzz
