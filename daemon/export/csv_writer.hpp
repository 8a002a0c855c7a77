// RFC 4180 CSV output for the exports: quoted where needed, CRLF line ends, optional UTF-8 BOM for Excel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::exports {

// Builds one CSV file in memory (exports are small: a few MB on election night). The first row is
// the header; rows() counts the data rows after it. The fields are kept as given too, so the
// workbook can show the same table with typed cells (xlsx_workbook.hpp).
class CsvWriter {
public:
    explicit CsvWriter(bool bom = true);

    void header(const std::vector<std::string>& names);
    void row(const std::vector<std::string>& fields);

    // A field is quoted when it holds a comma, a double quote, CR or LF, or starts or ends with a
    // space (Excel would otherwise trim it); quotes inside are doubled.
    static std::string field(std::string_view value);

    // Free text typed by monitors is untrusted: a value Excel would read as a formula (starting with
    // = + - @, or a tab or CR) gets a leading apostrophe, as OWASP advises against CSV injection;
    // signed numbers such as phone numbers ("+77011234567") are left as they are.
    static std::string text(std::string_view value);
    // The value text() was given: its apostrophe removed again, for a file whose cells are typed
    // (in a workbook a string cell is never a formula). A value that itself began with an
    // apostrophe followed by = + - @ loses that apostrophe: harmless, and nothing else changes.
    static std::string_view unguarded(std::string_view value);

    const std::string& str() const { return out_; }
    std::size_t rows() const { return rows_; }
    std::size_t columns() const { return columns_; }
    const std::vector<std::string>& header_fields() const { return header_fields_; }
    // Data row ROW's field COL (both from 0) as it was given, before CSV quoting.
    std::string_view field_at(std::size_t row, std::size_t col) const {
        const std::size_t i = row * columns_ + col;
        return std::string_view(fields_).substr(i ? ends_[i - 1] : 0, ends_[i] - (i ? ends_[i - 1] : 0));
    }

private:
    void line(const std::vector<std::string>& fields);

    std::string out_;
    std::vector<std::string> header_fields_;
    // Every data field back to back, and where each ends: far less memory than a string per field.
    std::string fields_;
    std::vector<std::size_t> ends_;
    std::size_t rows_ = 0;
    std::size_t columns_ = 0;
    bool has_header_ = false;
};

}  // namespace smsgw::exports
