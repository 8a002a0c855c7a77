// Plays a byte string as a sequence of stored SMS parts, whole messages sent and delivered in any order,
// clock steps, expiries and restarts against the MultipartLinker, checking its invariants against a
// model; shared by fuzz_multipart and test_ingest_random.
#pragma once

#include "daemon/ingest/multipart_linker.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace smsgw::fuzz {

using smsgw::SystemTime;

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
            if (op >= 0xE0) {  // whole messages from the phones that reuse references (seeds below 0xE0 keep their meaning)
                if (op < 0xF0) send_message(); else deliver();
                if (!failure_) check_state();
                continue;
            }
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
        if (!failure_) check_origins();
        return failure_;
    }

    std::size_t messages() const { return messages_; }
    // Messages sent whole by send_message() that the run could check came out whole and alone.
    std::size_t origins_checked() const { return origins_checked_; }
    // ... of which shared their key with another message pending at the same time.
    std::size_t origins_checked_beside_another() const { return origins_beside_; }

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
        // Sent when received, one second later per part stored: far apart when received far apart.
        if ((who >> 3 & 3) != 3) p.smsc_time = stamp(p.received_at + std::chrono::seconds(next_id_), who >> 5 & 1);
        submit(std::move(p), 0);
    }

    // A copy of a stored part (a redelivery, with its SMSC time), or with another text (another
    // message with the same header), or sent again later (the phone resending it).
    void add_duplicate() {
        const std::uint8_t b = next(), t = next();
        if (parts_.empty()) return;
        auto it = parts_.begin();
        std::advance(it, b % parts_.size());
        ingest::Part p = it->second;
        const int origin = origin_of_.count(it->first) ? origin_of_.at(it->first) : 0;
        if (t & 1) p.text = "conflicting " + std::to_string(t);
        if (t & 2) p.smsc_time = stamp(now_ + std::chrono::seconds(next_id_), false);
        // Another part with that header, sent now: no message of the key can be sure of its parts.
        if (t & 3) rivalled_.insert(Key{p.modem, p.sender, p.concat_ref, p.concat_total});
        p.received_at = now_;
        submit(std::move(p), origin);
    }

    // A whole message of 2-4 parts from one of two phones that reuse references 7 and 8, sent now
    // (its parts' SMSC times within 2 s), its parts handed to the network to deliver in any order.
    void send_message() {
        const std::uint8_t b = next();
        Origin o;
        o.key = Key{"m1", std::array{"+77013333333", "+77014444444"}[b & 1], 7 + (b >> 1 & 1), 2 + (b >> 2) % 3};
        o.sent = now_;
        const int id = static_cast<int>(origins_.size()) + 1;
        for (int n = 1; n <= std::get<3>(o.key); ++n) {
            ingest::Part p;
            p.modem = "m1";
            p.imei = "111";
            p.sender = std::get<1>(o.key);
            p.concat_ref = std::get<2>(o.key);
            p.concat_part = n;
            p.concat_total = std::get<3>(o.key);
            p.text = "o" + std::to_string(id) + "p" + std::to_string(n) + ";";
            p.coding = b & 0x80 ? "ucs2" : "gsm7";
            p.smsc_time = stamp(now_ + std::chrono::seconds((b >> 4 & 1) * (n - 1)), b >> 5 & 1);
            o.text += p.text;
            in_flight_.push_back({id, std::move(p)});
        }
        origins_.emplace(id, std::move(o));
    }

    // The network delivers one of the parts in flight, any one.
    void deliver() {
        const std::uint8_t b = next();
        if (in_flight_.empty()) return;
        const auto it = in_flight_.begin() + b % in_flight_.size();
        auto [origin, p] = std::move(*it);
        in_flight_.erase(it);
        p.received_at = now_;
        Origin& o = origins_.at(origin);
        if (o.ids.empty()) o.first_delivered = now_;
        o.last_delivered = now_;
        submit(std::move(p), origin);
        o.ids.push_back(next_id_ - 1);
    }

    // SMSC time stamp "YYYY-MM-DDTHH:MM:SSZ", or the same instant as "+06:00" local time.
    static std::string stamp(SystemTime t, bool plus6) {
        using namespace std::chrono;
        const auto s = floor<seconds>(t) + hours(plus6 ? 6 : 0);
        const auto day = floor<days>(s);
        const year_month_day ymd{day};
        const hh_mm_ss hms{s - day};
        char buf[40];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%s", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                      static_cast<int>(hms.seconds().count()), plus6 ? "+06:00" : "Z");
        return buf;
    }

    void submit(ingest::Part p, int origin) {
        ingest::StoredPart sp{next_id_++, std::move(p)};
        if (origin) origin_of_.emplace(sp.id, origin);
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
            if (out[i].assembly == ingest::Assembly::malformed) fail("expire() released a malformed message");
            if (out[i].received_at + timeout > now_) fail("expire() released a message before its timeout");
            if (i > 0 && out[i].received_at < out[i - 1].received_at) fail("expire() not oldest first");
            released(out[i], true);
        }
        // Nothing whose deadline has passed may still be waiting.
        if (const auto first = earliest_pending(); first && *first + timeout <= now_)
            fail("a group past its deadline survived expire()");
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

    // The earliest receive time of a part still waiting: every waiting group's deadline counts from
    // its earliest part, so the first deadline counts from this one.
    std::optional<SystemTime> earliest_pending() const {
        std::optional<SystemTime> first;
        for (auto id : unlinked_)
            if (!first || parts_.at(id).received_at < *first) first = parts_.at(id).received_at;
        return first;
    }

    // Per key and part number, the distinct (text, coding) among the waiting parts: one group can
    // hold only one of them, so a key needs at least as many groups as its most varied number.
    std::size_t fewest_groups() const {
        std::map<Key, std::map<int, std::set<std::pair<std::string, std::string>>>> texts;
        for (auto id : unlinked_) {
            const ingest::Part& p = parts_.at(id);
            texts[Key{p.modem, p.sender, p.concat_ref, p.concat_total}][p.concat_part].insert({p.text, p.coding});
        }
        std::size_t n = 0;
        for (const auto& [key, numbers] : texts) {
            std::size_t most = 0;
            for (const auto& [number, variants] : numbers) most = std::max(most, variants.size());
            n += most;
        }
        return n;
    }

    void released(const ingest::AssembledMessage& m, bool expired) {
        ++messages_;
        texts_[messages_] = m.text;
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

        // A group: every part shares the key, and all its parts with one number have one text (the
        // others were copies, or an earlier attempt of the same message).
        std::map<int, std::vector<std::int64_t>> by_number;
        SystemTime earliest = first.received_at;
        for (auto id : ids) {
            const ingest::Part& p = parts_.at(id);
            if (p.modem != first.modem || p.sender != first.sender || p.concat_ref != first.concat_ref ||
                p.concat_total != first.concat_total || !is_group_part(p))
                return fail("parts of different messages merged");
            auto& same = by_number[p.concat_part];
            if (!same.empty() && (parts_.at(same.front()).text != p.text || parts_.at(same.front()).coding != p.coding))
                return fail("two texts for one part number in one message");
            same.push_back(id);
            earliest = std::min(earliest, p.received_at);
        }
        std::string text;
        std::vector<int> missing;
        for (int n = 1; n <= first.concat_total; ++n) {
            auto w = by_number.find(n);
            if (w == by_number.end()) {
                text += placeholder;
                missing.push_back(n);
            } else {
                text += parts_.at(w->second.front()).text;
            }
        }
        if (m.text != text) return fail("text is not the parts' texts in order");
        if (m.missing != missing) return fail("missing parts listed wrongly");
        if (m.concat_ref != first.concat_ref || m.concat_total != first.concat_total) return fail("header not kept");
        if (m.received_at != earliest) return fail("received_at is not the earliest part's");
        const auto& lowest = by_number.begin()->second;
        if (std::none_of(lowest.begin(), lowest.end(), [&](std::int64_t id) {
                const ingest::Part& p = parts_.at(id);
                return m.smsc_time == p.smsc_time && m.coding == p.coding && m.imei == p.imei;
            }))
            return fail("fields not from the lowest-numbered part");
        if (missing.empty() != (m.assembly == ingest::Assembly::complete)) return fail("complete iff nothing missing");
        if (m.assembly == ingest::Assembly::timed_out) {
            if (!expired) return fail("timed out outside expire()");
            if (earliest + timeout > now_) return fail("released before its timeout");
        } else if (m.assembly != ingest::Assembly::complete) {
            return fail("a placeable group part released as malformed");
        }
        for (auto id : ids) message_of_[id] = messages_;
    }

    void check_state() {
        if (linker_.pending_parts() != unlinked_.size() || unlinked_.size() + linked_.size() != parts_.size())
            return fail("pending parts != accepted parts not yet in a message");
        if (linker_.pending_groups() < fewest_groups()) return fail("two texts for one part number in one pending group");
        if (linker_.pending_groups() > unlinked_.size()) return fail("more pending groups than pending parts");
        const auto first = earliest_pending();
        if (linker_.next_deadline() != (first ? std::optional(*first + timeout) : std::nullopt))
            return fail("next_deadline() wrong");
    }

    // A message sent whole comes out whole and alone when nothing could confuse it: every part
    // delivered before its timeout, no part with its header but another text or SMSC time copied
    // in, and every other message of its key sent more than the linker's sent_gap (plus 2 s of
    // sending) away and delivered whole in time too (see MultipartLinker: a message timing out
    // is completed by a pending one holding exactly its missing parts).
    void check_origins() {
        const auto gap = ingest::MultipartLinker::Options{}.sent_gap + std::chrono::seconds(4);
        for (const auto& [id, o] : origins_) {
            if (rivalled_.count(o.key) || o.ids.size() != static_cast<std::size_t>(std::get<3>(o.key))) continue;
            if (o.last_delivered >= o.first_delivered + timeout) continue;
            bool beside = false, apart = true;
            for (const auto& [other_id, other] : origins_) {
                if (other_id == id || other.key != o.key) continue;
                const auto d = other.sent > o.sent ? other.sent - o.sent : o.sent - other.sent;
                // A fragment of the other one left at its timeout may complete this one (expire()).
                const bool whole = other.ids.size() == static_cast<std::size_t>(std::get<3>(other.key)) &&
                                   other.last_delivered < other.first_delivered + timeout;
                apart = apart && d > gap && whole;
                beside = beside || (!other.ids.empty() && other.ids.front() < o.ids.back() &&
                                    o.ids.front() < other.ids.back());
            }
            if (!apart) continue;
            const std::size_t message = message_of_.at(o.ids.front());
            for (auto part : o.ids)
                if (message_of_.at(part) != message) return fail("a message sent whole was split");
            for (const auto& [part, m] : message_of_)
                if (m == message && (!origin_of_.count(part) || origin_of_.at(part) != id))
                    return fail("a message sent whole got another message's part");
            if (texts_.at(message) != o.text) return fail("a message sent whole came out with another text");
            ++origins_checked_;
            origins_beside_ += beside;
        }
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

    struct Origin {
        Key key;
        SystemTime sent{};
        std::string text;
        std::vector<std::int64_t> ids;  // as delivered
        SystemTime first_delivered{}, last_delivered{};
    };
    std::map<int, Origin> origins_;                             // by number, from 1
    std::vector<std::pair<int, ingest::Part>> in_flight_;       // sent, not yet delivered
    std::map<std::int64_t, int> origin_of_;                     // part id -> the message it was sent in
    std::map<std::int64_t, std::size_t> message_of_;            // part id -> the last release naming it
    std::map<std::size_t, std::string> texts_;                  // release number -> its text
    std::set<Key> rivalled_;  // keys given a copy of a part with another text or SMSC time
    std::size_t origins_checked_ = 0, origins_beside_ = 0;
};

}  // namespace smsgw::fuzz
