// Writing the workbook with libxlsxwriter: one format per column kind, cells streamed row by row.
#include "daemon/export/xlsx_workbook.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>

namespace smsgw::exports {

namespace {

constexpr std::size_t max_cell_bytes = 32767;  // Excel's limit for one cell's text
constexpr double min_width = 6, max_width = 60;

// One UTF-8 sequence at s[i]: its length, or 0 when it is not valid (overlong, surrogate, > U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
    return n;
}

// Characters as a spreadsheet shows them (code points), for the column widths.
std::size_t display_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::optional<std::int64_t> integer_of(std::string_view v) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return n;
}

std::optional<double> number_of(std::string_view v) {
    double x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x, std::chars_format::fixed);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return x;
}

// "2026-11-27T20:15:00Z", exactly as utc_time() writes it.
std::optional<lxw_datetime> utc_of(std::string_view v) {
    if (v.size() != 20 || v[4] != '-' || v[7] != '-' || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z')
        return std::nullopt;
    auto part = [&](std::size_t at, std::size_t len) { return integer_of(v.substr(at, len)); };
    auto y = part(0, 4), mo = part(5, 2), d = part(8, 2), h = part(11, 2), mi = part(14, 2), s = part(17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 || *mi > 59 ||
        *s > 60)
        return std::nullopt;
    return lxw_datetime{int(*y), int(*mo), int(*d), int(*h), int(*mi), double(*s)};
}

}  // namespace

struct XlsxWorkbook::Formats {
    lxw_format* header;
    lxw_format* text;
    lxw_format* integer;
    lxw_format* share;
    lxw_format* percent;
    lxw_format* utc_time;

    explicit Formats(lxw_workbook* wb)
        : header(workbook_add_format(wb)), text(workbook_add_format(wb)), integer(workbook_add_format(wb)),
          share(workbook_add_format(wb)), percent(workbook_add_format(wb)), utc_time(workbook_add_format(wb)) {
        format_set_bold(header);
        format_set_bottom(header, LXW_BORDER_THIN);
        format_set_num_format(text, "@");  // a value typed into the cell later stays text too
        format_set_num_format(integer, "0");
        format_set_num_format(share, "0.00%");
        format_set_num_format(percent, "0.00");
        format_set_num_format(utc_time, "yyyy-mm-dd hh:mm:ss \"UTC\"");
    }
};

namespace {

using Formats = XlsxWorkbook::Formats;

std::string error_text(const std::string& where, lxw_error e) { return where + ": " + lxw_strerror(e); }

lxw_error write_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, ColumnKind kind, std::string_view value,
                     const Formats& f) {
    if (value.empty()) return LXW_NO_ERROR;
    switch (kind) {
        case ColumnKind::integer:
        case ColumnKind::field:
            if (auto n = integer_of(value)) return worksheet_write_number(ws, row, col, double(*n), f.integer);
            break;
        case ColumnKind::share:
        case ColumnKind::percent:
            if (auto x = number_of(value))
                return worksheet_write_number(ws, row, col, *x, kind == ColumnKind::share ? f.share : f.percent);
            break;
        case ColumnKind::utc_time:
            if (auto t = utc_of(value)) return worksheet_write_datetime(ws, row, col, &*t, f.utc_time);
            break;
        case ColumnKind::text: break;
    }
    // In a workbook a string cell is never a formula: the CSV's guard apostrophe is not needed.
    const std::string s = xlsx_text(CsvWriter::unguarded(value));
    return worksheet_write_string(ws, row, col, s.c_str(), f.text);
}

// Wide enough for the header with its filter button and the longest value, within limits.
double column_width(const WorkbookSheet& sheet, std::size_t col, ColumnKind kind) {
    std::size_t chars = display_length(sheet.table->header_fields()[col]) + 3;
    switch (kind) {
        case ColumnKind::utc_time: chars = std::max<std::size_t>(chars, 24); break;
        case ColumnKind::share: chars = std::max<std::size_t>(chars, 8); break;
        default:
            for (std::size_t r = 0; r < sheet.table->rows(); ++r)
                chars = std::max(chars, display_length(sheet.table->field_at(r, col)) + 1);
    }
    return std::clamp(static_cast<double>(chars), min_width, max_width);
}

std::optional<std::string> write_sheet(lxw_workbook* wb, const WorkbookSheet& sheet, const Formats& f) {
    const auto& header = sheet.table->header_fields();
    const std::size_t rows = sheet.table->rows();
    if (header.empty() || header.size() > LXW_COL_MAX) return "sheet " + sheet.name + ": no header or too many columns";
    if (rows >= LXW_ROW_MAX)
        return "sheet " + sheet.name + ": " + std::to_string(rows) + " rows, a sheet holds at most " +
               std::to_string(LXW_ROW_MAX - 1);
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (!ws) return "sheet " + sheet.name + ": libxlsxwriter refused the sheet (name invalid or taken)";

    std::vector<ColumnKind> kinds;
    for (std::size_t c = 0; c < header.size(); ++c) {
        kinds.push_back(column_kind(sheet.columns, header[c]));
        const auto col = static_cast<lxw_col_t>(c);
        worksheet_set_column(ws, col, col, column_width(sheet, c, kinds.back()), nullptr);
    }
    const auto last_col = static_cast<lxw_col_t>(header.size() - 1);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows), last_col);
    // Station codes and phones are text on purpose: no "number stored as text" marks on each in Excel.
    worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");

    // constant_memory: a row is flushed when the next begins, so rows go strictly in order.
    for (std::size_t c = 0; c < header.size(); ++c)
        if (lxw_error e = worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), xlsx_text(header[c]).c_str(),
                                                 f.header))
            return error_text("sheet " + sheet.name + " header", e);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < header.size(); ++c)
            if (lxw_error e = write_cell(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), kinds[c],
                                         sheet.table->field_at(r, c), f))
                return error_text("sheet " + sheet.name + " row " + std::to_string(r + 1) + " " + header[c], e);
    return std::nullopt;
}

}  // namespace

std::string xlsx_text(std::string_view v) {
    static constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size();) {
        char32_t cp = 0;
        std::size_t n = utf8_length(v, i, cp);
        const bool allowed = n != 0 && (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') && cp != 0xFFFE &&
                             cp != 0xFFFF;
        const std::string_view piece = allowed ? v.substr(i, n) : replacement;
        if (out.size() + piece.size() > max_cell_bytes) break;
        out += piece;
        i += n ? n : 1;
    }
    return out;
}

XlsxWorkbook::XlsxWorkbook(const std::filesystem::path& path, const std::filesystem::path& tmpdir,
                           const std::string& title, SystemTime created)
    : path_(path), scratch_(tmpdir.string()) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = scratch_.data();
    options.use_zip64 = LXW_FALSE;
    book_ = workbook_new_opt(path.c_str(), &options);
    if (!book_) {
        error_ = "cannot create workbook " + path.string();
        return;
    }
    std::string title_copy = title;  // libxlsxwriter copies it
    lxw_doc_properties properties{};
    properties.title = title_copy.data();
    properties.created = std::chrono::system_clock::to_time_t(created);
    workbook_set_properties(book_, &properties);
    formats_ = std::make_unique<Formats>(book_);
}

XlsxWorkbook::~XlsxWorkbook() {
    if (!book_) return;
    // Closing frees the workbook; what it wrote is incomplete, so it goes.
    workbook_close(book_);
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

std::optional<std::string> XlsxWorkbook::add(const WorkbookSheet& sheet) {
    if (!book_) return error_.empty() ? "workbook " + path_.string() + " already closed" : error_;
    return write_sheet(book_, sheet, *formats_);
}

std::optional<std::string> XlsxWorkbook::close() {
    if (!book_) return error_.empty() ? "workbook " + path_.string() + " already closed" : error_;
    lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e == LXW_NO_ERROR) return std::nullopt;
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    return error_text("writing " + path_.string(), e);
}

std::optional<std::string> write_workbook(const std::filesystem::path& path, const std::filesystem::path& tmpdir,
                                          const std::string& title, SystemTime created,
                                          const std::vector<WorkbookSheet>& sheets) {
    XlsxWorkbook book(path, tmpdir, title, created);
    if (!book.error().empty()) return book.error();
    for (const WorkbookSheet& s : sheets)
        if (auto e = book.add(s)) return e;
    return book.close();
}

}  // namespace smsgw::exports
