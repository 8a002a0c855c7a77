// Joins stored SMS parts into whole messages: per (modem, sender, reference, total), any number at once, even several messages sharing that key.
#pragma once

#include "daemon/clock/clock.hpp"
#include "daemon/ingest/assembled_message.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

namespace smsgw::ingest {

// Only parts the store has committed go in, so the linker's whole state can be rebuilt from the
// store's unlinked parts after a restart or after a commit that failed (restore()).
//
// One sender may send two messages with the same reference and total while the first is still
// incomplete (an 8-bit counter wraps, a phone restarts it, some phones use a constant one). So a
// key holds a list of pending messages, and a new part
// 1. is ignored if it is a copy (see is_copy) of the part with its number in a pending message: a
//    redelivery; its id travels with that message;
// 2. else joins the pending message that lacks its number and was sent closest to it (SMSC time,
//    else receive time; same coding preferred; on a tie the oldest), but never one with a part sent
//    more than `sent_gap` away from it;
// 3. else starts a new message.
// When a message completes, older pending messages of its key made only of copies of its texts
// (a phone resending the whole message after a part was lost) go with it rather than time out as
// fragments. When a message times out, a pending message of its key holding exactly its missing
// parts completes it (the parts of one message sent further apart than `sent_gap`).
class MultipartLinker {
public:
    struct Options {
        std::chrono::seconds timeout{600};  // measured from a message's earliest received_at
        std::string placeholder = "[...]";  // stands for each missing part in a released text
        // A phone sends the parts of one message seconds apart; two messages sharing a reference
        // are most often minutes apart.
        std::chrono::seconds sent_gap{120};
    };

    explicit MultipartLinker(WallClock clock);
    MultipartLinker(WallClock clock, Options options);

    // A newly stored part. Returns the message it completes: a single-part SMS, the last missing
    // part of a message, or a part whose header cannot be placed (released alone as malformed).
    std::optional<AssembledMessage> add(const StoredPart& part);

    // Messages whose timeout has passed: released with the parts they have, flagged timed_out, or
    // complete when another pending message of their key holds exactly the parts they lack.
    std::vector<AssembledMessage> expire();

    // Forgets everything and rebuilds from the store's unlinked parts, which must come in the order
    // they were stored (by id), so that the same choices are made again. Returns the messages that
    // are already complete (the process stopped between storing a last part and recording its
    // message); call expire() afterwards for the messages that timed out while it was down.
    std::vector<AssembledMessage> restore(std::span<const StoredPart> unlinked);

    // When expire() next has something to release; empty when nothing is waiting.
    std::optional<SystemTime> next_deadline() const;
    std::size_t pending_groups() const;
    std::size_t pending_parts() const;

private:
    // Total is part of the key: parts that disagree about it are different messages, never merged.
    using Key = std::tuple<std::string, std::string, int, int>;  // modem, sender, reference, total

    struct Group {
        std::map<int, StoredPart> parts;        // by part number
        std::vector<std::int64_t> ignored_ids;  // copies of parts held, and absorbed copies of the message
        SystemTime first_received{};
    };
    using Groups = std::vector<Group>;  // oldest first

    // Index of the pending message in `groups` that part `p` joins, or -1 for a new one.
    int choose(const Groups& groups, const Part& p) const;
    static void absorb(Group& into, Group&& from);
    AssembledMessage release(const Key& key, const Group& group, Assembly assembly) const;
    static AssembledMessage single(const StoredPart& part, Assembly assembly);

    WallClock clock_;
    Options options_;
    std::map<Key, Groups> groups_;  // never an empty list
};

}  // namespace smsgw::ingest
