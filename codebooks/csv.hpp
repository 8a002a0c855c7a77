// RFC 4180 CSV reading (pure): records with the line they start on, and errors with their line.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

struct CsvRecord {
    int line = 0;                     // 1-based line the record starts on
    std::vector<std::string> fields;  // unquoted values
};

struct CsvError {
    int line = 0;
    std::string message;
};

struct CsvDocument {
    std::vector<CsvRecord> records;  // header included; blank lines skipped; bad records dropped
    std::vector<CsvError> errors;
};

// Splits `text` into records. Accepts LF, CRLF and lone CR line ends and a leading UTF-8 BOM;
// quoted fields may hold commas, doubled quotes and line breaks (kept as LF). A record with a
// syntax error (stray quote, text after a closing quote, unterminated quote) is dropped and
// reported; reading resumes on the next line. Invalid UTF-8 is reported once per file.
CsvDocument parse_csv(std::string_view text);

// A CSV file with a required header naming exactly the expected columns (in any order).
struct CsvTable {
    std::vector<CsvRecord> rows;  // data rows; fields[k] is expected column k, trimmed
    std::vector<CsvError> errors;
    // True when every expected column is present, so `rows` can be interpreted. Unexpected
    // columns are still errors but do not stop the rows from being read.
    bool header_ok = false;
};

// parse_csv + header check + field-count check against the header.
CsvTable read_csv_table(std::string_view text, std::span<const std::string_view> expected);

// Strips ASCII spaces and tabs at both ends.
std::string_view trim(std::string_view s);

}  // namespace smsgw
