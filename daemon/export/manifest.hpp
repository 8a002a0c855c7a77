// manifest.json: what an export holds, so HQ can check it arrived whole (SHA-256 and row counts per file).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace smsgw::exports {

struct ManifestEntry {
    std::string name;
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::size_t bytes = 0;
    std::string sha256;
};

struct Manifest {
    std::string created_utc;
    std::string created_local;  // "2026-11-28 01:15:00 +05:00": the election's time, for people
    std::string timezone;       // the codebook's, "Asia/Almaty"; UTC when it cannot be read
    std::string election;
    std::string election_name;
    std::string codebook_version;
    bool bom = true;
    bool phones = true;
    std::vector<ManifestEntry> files;
    // The operators' audit trail at the export: its last row's hash and its rows. Kept by HQ, it
    // shows later whether the trail was rewritten (smsgw audit verify prints the head it finds).
    std::string audit_head{};
    std::int64_t audit_rows = 0;
};

// {"format":"smsgw-export","format_version":1,"created_utc","created_local","timezone",...,"files":[{"name","rows","columns",
// "bytes","sha256"}]}, one key per line, LF line ends, UTF-8 without BOM.
std::string manifest_json(const Manifest& m);

}  // namespace smsgw::exports
