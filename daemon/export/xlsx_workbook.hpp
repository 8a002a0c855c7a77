// smsgw-export.xlsx: the export's tables as one workbook with typed cells, written with libxlsxwriter.
#pragma once

#include "daemon/export/column_kind.hpp"
#include "daemon/export/csv_writer.hpp"
#include "daemon/store/records.hpp"

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smsgw::exports {

// One sheet: a table as its CSV builder made it, and the kinds of its columns.
struct WorkbookSheet {
    std::string name;  // at most 31 characters, none of []:*?/\ (Excel's rules)
    const CsvWriter* table;
    std::span<const ColumnSpec> columns;
};

// A CSV opened in a Russian or Kazakh Excel is one column (it splits on ";"), and LibreOffice turns
// station 01002 into 1002; a workbook carries the type of every cell, so neither can happen.
// Each sheet has exactly its CSV's columns and rows, its header row frozen and filtered, columns
// sized to their content. Cells by ColumnKind; a value its kind cannot read (a count that is not a
// number) is written as text rather than lost; empty values are empty cells. Strings are made
// valid for XML (bad UTF-8 and control characters become U+FFFD) and cut at Excel's 32767.
struct WorkbookWriter {
    std::string title;          // the document's title (file properties)
    store::SystemTime created;  // the document's creation time: the export's time

    // Writes PATH (replacing it); libxlsxwriter's scratch files go to TMPDIR, so a sandbox with a
    // private or read-only /tmp does not matter. Rows are streamed (constant memory). Returns an
    // error text, or nullopt when the file is complete.
    std::optional<std::string> write(const std::filesystem::path& path, const std::filesystem::path& tmpdir,
                                     const std::vector<WorkbookSheet>& sheets) const;
};

// The text a string cell holds: valid UTF-8 without control characters other than tab and line
// ends, at most 32767 bytes.
std::string xlsx_text(std::string_view value);

}  // namespace smsgw::exports
