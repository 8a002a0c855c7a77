// Checks made on a database before the daemon trusts it with SMS it will then delete from the SIMs.
#pragma once

#include "daemon/store/database.hpp"
#include "daemon/store/result_codes.hpp"

#include <string>
#include <vector>

namespace smsgw::store {

// PRAGMA quick_check's findings (at most `max_findings`), empty when the file is sound. It reads
// every page, so it finds pages zeroed or overwritten in the middle of the file, which SQLite
// itself only notices when a query happens to touch them. Throws StoreOpenError when the check
// cannot run at all (the file is not a database, or is locked).
std::vector<std::string> quick_check(Database& db, int max_findings = 10);

// Throws StoreOpenError (SQLITE_CORRUPT) naming the file, the findings and the way to recover
// (README, "A damaged database"), when quick_check finds anything.
void refuse_if_damaged(Database& db);
[[noreturn]] void throw_damaged(const std::string& path, const std::vector<std::string>& findings);

// Throws StoreOpenError when `path` exists and is 0 bytes long: an emptied database (a failed
// copy, a truncation) must not silently become a new, empty count. allow_empty: the operator asked
// for a new count in that file (smsgw run --new-count).
void refuse_if_empty_file(const std::string& path, bool allow_empty);

}  // namespace smsgw::store
