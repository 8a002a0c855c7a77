// smsgw-export.xlsx: the export's tables as one workbook with typed cells, written with libxlsxwriter.
#pragma once

#include "daemon/export/column_kind.hpp"
#include "daemon/export/csv_writer.hpp"
#include "daemon/store/records.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct lxw_workbook;

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
//
// Sheets are added one at a time and streamed to scratch files (libxlsxwriter's constant_memory),
// so an export holds one table in memory, not all of them.
class XlsxWorkbook {
public:
    // Starts PATH (replaced when closed); libxlsxwriter's scratch files go to TMPDIR, so a sandbox
    // with a private or read-only /tmp does not matter. TITLE and CREATED are the document's
    // properties (and make the file reproducible). Check error() before use.
    XlsxWorkbook(const std::filesystem::path& path, const std::filesystem::path& tmpdir, const std::string& title,
                 SystemTime created);
    ~XlsxWorkbook();  // closes and removes the file when close() was not called or failed
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    const std::string& error() const { return error_; }
    // Writes SHEET (its table may be freed afterwards). Returns an error text; the workbook is then
    // unusable.
    std::optional<std::string> add(const WorkbookSheet& sheet);
    // Writes the file. Returns an error text, or nullopt when PATH is complete.
    std::optional<std::string> close();

    struct Formats;  // one cell format per column kind (xlsx_workbook.cpp)

private:
    lxw_workbook* book_ = nullptr;
    std::unique_ptr<Formats> formats_;
    std::filesystem::path path_;
    std::string scratch_;  // the tmpdir option: libxlsxwriter keeps the pointer
    std::string error_;
};

// All of SHEETS into PATH at once (tests, benchmarks).
std::optional<std::string> write_workbook(const std::filesystem::path& path, const std::filesystem::path& tmpdir,
                                          const std::string& title, SystemTime created,
                                          const std::vector<WorkbookSheet>& sheets);

// The text a string cell holds: valid UTF-8 without control characters other than tab and line
// ends, at most 32767 bytes.
std::string xlsx_text(std::string_view value);

}  // namespace smsgw::exports
