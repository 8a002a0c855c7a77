// `smsgw official import`: a commission's table checked against the codebook in use, then stored whole or not at all.
#pragma once

#include "daemon/store/official_records.hpp"

#include <string>
#include <vector>

namespace smsgw {

struct OfficialImportRequest {
    std::string db;
    std::string form;      // results form code
    std::string csv;       // the table's path
    std::string map = {};  // --map FILE, optional
    std::string by = {};   // the operator, for the audit trail (default: the Unix user)
};

struct OfficialImportReport {
    bool ok = false;                    // stored (false: nothing of the file was kept)
    std::vector<std::string> errors;    // FILE:LINE: message, every problem found
    std::vector<std::string> warnings;  // FILE:LINE: message, rows kept all the same
    std::size_t rows = 0;               // rows in the file
    std::string sha256;                 // of the file's bytes
    store::OfficialImportOutcome outcome{};
};

// Loads the codebook in use from the database, reads and checks the table (official/official_csv.hpp)
// and, only if it has no error at all, stores every row in one transaction (new versions for changed
// rows, schema 7). Throws std::runtime_error when the database cannot be opened or has no codebook;
// problems of the files themselves are in the report.
OfficialImportReport import_official_file(const OfficialImportRequest& request);

}  // namespace smsgw
