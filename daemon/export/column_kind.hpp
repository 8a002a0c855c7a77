// What each column of an export table holds, declared as data, so the workbook types its cells by declaration.
#pragma once

#include <span>
#include <string_view>

namespace smsgw::exports {

// A CSV cell is text; a spreadsheet cell has a type. The kind says which, per column, so that a
// station "01002" stays text and a share 0.4954 becomes a number, whatever the cell happens to hold.
enum class ColumnKind {
    text,      // codes, names, phones, references, free text: a string cell exactly as written
    integer,   // ids, counts, 0/1 flags, district numbers: a number cell (format 0)
    share,     // a fraction (0.495412): a number cell shown in percent (0.00%)
    percent,   // a value already in percent (49.54): a number cell (format 0.00)
    utc_time,  // "2026-11-27T20:15:00Z": a date-time cell in UTC (yyyy-mm-dd hh:mm:ss "UTC")
    field,     // a form field's value: the integer code a number cell, a time field (HH:MM) text
};

// One column's declaration. `name` is the CSV header, or a pattern for columns named at run time:
// "*_codes" (any name ending so) or "*" (any other column of the table).
struct ColumnSpec {
    std::string_view name;
    ColumnKind kind;
};

// The declaration COLUMN matches: an exact name first, then the patterns in their order; null when
// none does (the workbook then writes text, and test_export_xlsx fails: every column is declared).
const ColumnSpec* find_column(std::span<const ColumnSpec> specs, std::string_view column);
ColumnKind column_kind(std::span<const ColumnSpec> specs, std::string_view column);

}  // namespace smsgw::exports
