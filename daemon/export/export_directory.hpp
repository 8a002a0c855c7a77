// One export directory on disk: written under a hidden temporary name, published by one rename, pruned.
#pragma once

#include "daemon/store/records.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::exports {

namespace fs = std::filesystem;

// HQ (or rsync) must never see half an export. Files are written and fsynced in
// ROOT/.smsgw-export-STAMP.tmp-PID-N, then the directory is renamed to ROOT/smsgw-export-STAMP
// (RENAME_NOREPLACE: a second export in the same second becomes smsgw-export-STAMP-2), and ROOT is
// fsynced. The rename is atomic on one file system, and the temporary lives in ROOT for that.
class ExportDirectory {
public:
    static constexpr std::string_view prefix = "smsgw-export-";

    // Creates ROOT if needed and the temporary directory. Check error() before use.
    ExportDirectory(fs::path root, SystemTime now);
    ~ExportDirectory();  // removes the temporary directory unless published
    ExportDirectory(const ExportDirectory&) = delete;
    ExportDirectory& operator=(const ExportDirectory&) = delete;

    const std::string& error() const { return error_; }
    const fs::path& temporary() const { return temp_; }

    // Writes NAME in the temporary directory and fsyncs it. Returns an error text.
    std::optional<std::string> write(const std::string& name, std::string_view content);
    // Fsyncs the directory and renames it to its final name. Returns the final path, or nullopt
    // with error() set.
    std::optional<fs::path> publish();

    // Published exports under ROOT, oldest first (by stamp, then suffix). Nothing else in ROOT is
    // ever listed, so nothing else is ever pruned.
    static std::vector<fs::path> list(const fs::path& root);
    // Removes all but the newest `keep` (keep <= 0: none). Returns what was removed; problems are
    // appended to `problems`.
    static std::vector<fs::path> prune(const fs::path& root, int keep, std::vector<std::string>& problems);
    // Removes temporary directories left by processes that no longer run (a crash mid-export).
    static void remove_stale(const fs::path& root);

private:
    fs::path root_;
    std::string stamp_;
    fs::path temp_;
    std::string error_;
    bool published_ = false;
};

}  // namespace smsgw::exports
