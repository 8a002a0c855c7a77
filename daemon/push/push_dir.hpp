// The push's own directory: which exports HQ has, each attempt's outcome for the daemon, the trigger and the lock.
#pragma once

#include "daemon/store/records.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::push {

namespace fs = std::filesystem;

// The only place `smsgw push` writes (its unit sees the exports read-only), and the hand-over to
// the daemon, which alone writes the database:
//   delivered/NAME    one file per export HQ has (verified), holding what was verified
//   outcomes/*.json   one file per attempt, written whole (rename), removed by the daemon once recorded
//   trigger           rewritten by the daemon after each export: smsgw-push.path starts the push on it
//   lock              one push at a time (the .path and the .timer may fire together)
class PushDir {
public:
    explicit PushDir(fs::path root) : root_(std::move(root)) {}
    const fs::path& root() const { return root_; }
    fs::path trigger() const { return root_ / "trigger"; }

    // Creates the directory and its subdirectories (0750). Returns an error text.
    std::optional<std::string> ensure() const;
    // An exclusive lock held until the returned descriptor is closed; -1 (and `error`) when another
    // push holds it or it cannot be taken.
    int lock(std::string& error) const;

    bool delivered(const std::string& name) const;
    std::optional<std::string> mark_delivered(const std::string& name, const std::string& what) const;
    // Forgets exports that are no longer on disk (retention removed them).
    void forget_missing(const std::vector<std::string>& present) const;

    // Written under a temporary name and renamed, so the daemon never reads half a file.
    std::optional<std::string> write_outcome(const store::DeliveryRecord& d) const;
    struct Found {
        fs::path file;
        std::optional<store::DeliveryRecord> record;  // empty: unreadable (kept aside, named in `error`)
        std::string error;
    };
    // Outcome files in the order they were written.
    std::vector<Found> outcomes() const;
    // The daemon's signal to the .path unit: the newest export's name.
    std::optional<std::string> touch_trigger(const std::string& newest) const;

private:
    fs::path root_;
};

// The outcome file's JSON (one object; times in ms since the epoch), and back.
std::string outcome_json(const store::DeliveryRecord& d);
std::optional<store::DeliveryRecord> parse_outcome(const std::string& text, std::string& error);

}  // namespace smsgw::push
