// Joins stored SMS parts into whole messages: per (modem, sender, reference, total), any number at once.
#pragma once

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
class MultipartLinker {
public:
    using Clock = std::function<SystemTime()>;

    struct Options {
        std::chrono::seconds timeout{600};  // measured from a group's earliest received_at
        std::string placeholder = "[...]";  // stands for each missing part in a released text
    };

    explicit MultipartLinker(Clock clock);
    MultipartLinker(Clock clock, Options options);

    // A newly stored part. Returns the message it completes: a single-part SMS, the last missing
    // part of a group, or a part whose header cannot be placed (released alone as malformed).
    // A second part with a number the group already has is ignored (first one wins) but its id is
    // carried in the message's part_ids.
    std::optional<AssembledMessage> add(const StoredPart& part);

    // Groups whose timeout has passed, released with the parts they have, flagged timed_out.
    std::vector<AssembledMessage> expire();

    // Forgets everything and rebuilds from the store's unlinked parts. Returns the messages that
    // are already complete (the process stopped between storing a last part and recording its
    // message); call expire() afterwards for the groups that timed out while it was down.
    std::vector<AssembledMessage> restore(std::span<const StoredPart> unlinked);

    // When expire() next has something to release; empty when no group is waiting.
    std::optional<SystemTime> next_deadline() const;
    std::size_t pending_groups() const { return groups_.size(); }
    std::size_t pending_parts() const;

private:
    // Total is part of the key: parts that disagree about it are different messages, never merged.
    using Key = std::tuple<std::string, std::string, int, int>;  // modem, sender, reference, total

    struct Group {
        std::map<int, StoredPart> parts;        // by part number
        std::vector<std::int64_t> ignored_ids;  // duplicates of a part number already held
        SystemTime first_received{};
    };

    AssembledMessage release(const Key& key, Group& group, Assembly assembly) const;
    static AssembledMessage single(const StoredPart& part, Assembly assembly);

    Clock clock_;
    Options options_;
    std::map<Key, Group> groups_;
};

}  // namespace smsgw::ingest
