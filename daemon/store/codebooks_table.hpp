// The `codebook` and `codebook_in_use` tables: every codebook the daemon ran with, and the current one.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/records.hpp"

#include <optional>
#include <string_view>

namespace smsgw::store {

class CodebooksTable {
public:
    explicit CodebooksTable(Database& db);

    // Saves the version's files unless that version is already saved (its contents are then the
    // same, the version being a hash of them), and makes it the one in use. Returns true when
    // that changed the codebook in use (none before, or another version).
    Result<bool> save(std::string_view version, const CodebookSources& sources, SystemTime at);
    Result<std::optional<SavedCodebook>> in_use();

private:
    Database& db_;
    Statement insert_, current_, mark_, in_use_;
};

}  // namespace smsgw::store
