// The values the store takes and returns for official results: a commission's per-station rows and their versions.
#pragma once

#include "daemon/store/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw::store {

// One station's official values for one results form, as imported (values_json as for reports:
// {"A":312,"B":148,...}, written by the caller).
struct OfficialEntry {
    std::string station{};
    std::string values_json = "{}";
};

// Where a batch of official rows came from: the file's name (as given) and the SHA-256 of its bytes.
struct OfficialSource {
    std::string form{};
    std::string file{};
    std::string sha256{};
};

// One stored version of a station's official row. version counts per (form, station); only the
// latest is current, earlier ones are kept (a corrected table replaces values, never deletes them).
struct StoredOfficial {
    std::int64_t id = 0;
    std::string form{};
    std::string station{};
    int version = 0;
    bool current = false;
    std::string values_json = "{}";
    SystemTime imported_at{};
    std::string source_file{};
    std::string source_sha256{};
};

// What one import did, per station: a first row, a changed row (new version), or the same values
// again (nothing written).
struct OfficialImportOutcome {
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
};

}  // namespace smsgw::store
