// smsgw-export.xlsx as libxlsxwriter wrote it, read back from the zip: every table a sheet with the
// CSV's columns and rows, every cell typed by its column's declared kind, header frozen and filtered.
#include "test_export_fixture.hpp"
#include "xlsx_reader.hpp"

#include "codebooks/csv.hpp"
#include "daemon/export/export_tables.hpp"
#include "daemon/export/sha256.hpp"
#include "daemon/export/xlsx_workbook.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cmath>

using namespace export_test;
using exports::ColumnKind;
using xlsx_reader::Cell;

namespace {

struct Exported {
    TempDir tmp;
    exports::ExportResult result;
    xlsx_reader::Workbook book;
    explicit Exported(exports::ExportOptions opts = {}) {
        fill_store((tmp.path / "s.db").string());
        result = export_store((tmp.path / "s.db").string(), tmp.path / "out", opts);
        REQUIRE_MESSAGE(result.ok, result.error);
        book = xlsx_reader::read(slurp(result.path / exports::workbook_file));
    }
    CsvDocument csv(const std::string& name) const {
        CsvDocument doc = parse_csv(slurp(result.path / name));
        REQUIRE(doc.errors.empty());
        return doc;
    }
};

std::string stem(const std::string& file) { return file.substr(0, file.rfind(".csv")); }

std::string column_letters(std::size_t col) {
    std::string s;
    for (++col; col; col = (col - 1) / 26) s.insert(s.begin(), char('A' + (col - 1) % 26));
    return s;
}

// 2026-11-27T15:00:00Z plus `minutes`, as a spreadsheet counts: days since 1899-12-30.
double serial(int minutes) { return 25569.0 + (1795791600.0 + 60.0 * minutes) / 86400.0; }

const std::string date_format = "yyyy-mm-dd hh:mm:ss \"UTC\"";

}  // namespace

TEST_CASE("every column of every table declares its kind, and every declaration names a column") {
    Exported e;
    const CodebookPtr cb = tiny_codebook();
    for (const exports::ExportTable& t : exports::export_tables) {
        CAPTURE(t.file);
        const auto header = e.csv(t.file).records.at(0).fields;
        for (const std::string& h : header) {
            CAPTURE(h);
            const exports::ColumnSpec* spec = exports::find_column(t.columns, h);
            REQUIRE(spec != nullptr);
            if (spec->name != "*") continue;
            // The catch-all is for the form columns of reports.csv ("<form>_<tag>") only.
            bool form_column = false;
            for (const Form& f : cb->forms) form_column = form_column || h.rfind(f.code + "_", 0) == 0;
            CHECK(form_column);
        }
        for (const exports::ColumnSpec& s : t.columns) {
            if (s.name.front() == '*') continue;
            CAPTURE(s.name);
            CHECK(std::find(header.begin(), header.end(), std::string(s.name)) != header.end());
        }
    }
}

TEST_CASE("one sheet per table, named after it, with its header and rows, frozen below the header and filtered") {
    Exported e;
    REQUIRE(e.book.sheets.size() == std::size(exports::export_tables));
    for (std::size_t i = 0; i < e.book.sheets.size(); ++i) {
        const auto& t = exports::export_tables[i];
        const auto& sheet = e.book.sheets[i];
        CAPTURE(t.file);
        CHECK(sheet.name == stem(t.file));
        const CsvDocument doc = e.csv(t.file);
        REQUIRE(sheet.rows.size() == doc.records.size());
        const auto& header = doc.records[0].fields;
        for (std::size_t c = 0; c < header.size(); ++c) {
            CHECK(sheet.rows[0][c].text == header[c]);
            CHECK(sheet.rows[0][c].type == Cell::string);
        }
        CHECK(sheet.pane == "frozen 1");
        // No green "number stored as text" mark on every station code and phone in Excel.
        CHECK(e.book.parts.at("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml")
                  .find("<ignoredError sqref=\"A1:XFD1048576\" numberStoredAsText=\"1\"/>") != std::string::npos);
        CHECK(sheet.autofilter == "A1:" + column_letters(header.size() - 1) + std::to_string(doc.records.size()));
        REQUIRE(sheet.widths.size() == header.size());
        for (double w : sheet.widths) CHECK((w >= 6 && w <= 61));
    }
    // A wide column for the incidents' comment, a narrow one for a 0/1 flag.
    const auto& inc = e.book.sheet("incidents");
    CHECK(inc.widths[15] > inc.widths[12]);
}

TEST_CASE("every cell has the type and format its column's kind declares, and the CSV's value") {
    Exported e;
    std::size_t strings = 0, numbers = 0, dates = 0, shares = 0;
    for (std::size_t i = 0; i < e.book.sheets.size(); ++i) {
        const auto& t = exports::export_tables[i];
        const auto& sheet = e.book.sheets[i];
        const CsvDocument doc = e.csv(t.file);
        const auto& header = doc.records[0].fields;
        for (std::size_t r = 1; r < doc.records.size(); ++r)
            for (std::size_t c = 0; c < header.size(); ++c) {
                const std::string& v = doc.records[r].fields[c];
                const Cell& cell = c < sheet.rows[r].size() ? sheet.rows[r][c] : Cell{};
                CAPTURE(t.file);
                CAPTURE(header[c]);
                CAPTURE(v);
                if (v.empty()) {
                    CHECK(cell.type == Cell::blank);
                    continue;
                }
                const ColumnKind kind = exports::column_kind(t.columns, header[c]);
                const bool integral = v.find_first_not_of("-0123456789") == std::string::npos;
                if (kind == ColumnKind::text || (kind == ColumnKind::field && !integral)) {
                    REQUIRE(cell.type == Cell::string);
                    CHECK(cell.format == "@");
                    CHECK(cell.text == exports::CsvWriter::unguarded(v));
                    ++strings;
                } else if (kind == ColumnKind::utc_time) {
                    REQUIRE(cell.type == Cell::number);
                    CHECK(cell.format == date_format);
                    ++dates;
                } else {
                    REQUIRE(cell.type == Cell::number);
                    CHECK(std::fabs(cell.value - std::stod(v)) < 1e-9);
                    const char* format = kind == ColumnKind::share ? "0.00%" : kind == ColumnKind::percent ? "0.00" : "0";
                    CHECK(cell.format == format);
                    ++numbers;
                    shares += kind == ColumnKind::share;
                }
            }
    }
    CHECK(strings > 100);
    CHECK(numbers > 100);
    CHECK(dates > 20);
    CHECK(shares > 20);
}

TEST_CASE("codes and phones stay text, shares are fractions shown in percent, times are dates, Cyrillic intact") {
    Exported e;
    const auto& reports = e.book.sheet("reports");
    CHECK(reports.at(1, "station").text == "01001");
    CHECK(reports.at(1, "region").text == "01");
    CHECK(reports.at(1, "sender").text == "+77010000001");
    CHECK(reports.at(1, "reference").text == "#1A01");
    CHECK(reports.at(1, "S_A").text == "07:30");  // a time field
    CHECK(reports.at(1, "S_D").value == 135);
    CHECK(reports.at(1, "received_utc").value == doctest::Approx(serial(0)).epsilon(1e-12));

    const auto& estimates = e.book.sheet("estimates");
    CHECK(estimates.at(1, "share").type == Cell::number);
    CHECK(estimates.at(1, "share").value == doctest::Approx(0.5));
    CHECK(estimates.at(1, "share").format == "0.00%");
    CHECK(estimates.at(1, "share_percent").value == doctest::Approx(50));
    CHECK(estimates.at(1, "reported").value == 3);

    const auto& incidents = e.book.sheet("incidents");
    CHECK(incidents.at(1, "comment").text == "Вбросы, \"карусель\"\nвторой ряд");
    CHECK(incidents.at(1, "codes").text == "1;12");
    const auto& missing = e.book.sheet("missing");
    CHECK(missing.at(missing.row_where("station", "01004"), "monitor_name").text == "Монитор Үш");
    CHECK(missing.at(missing.row_where("station", "01004"), "monitor_phone").text == "+77010000003");
    CHECK(e.book.sheet("quarantined").at(1, "imei").text == "356938035643809");
    CHECK(e.book.sheet("quarantined").at(1, "detected_at").value == doctest::Approx(serial(45)).epsilon(1e-12));
}

TEST_CASE("a sender that looks like a formula is a string cell, never a formula") {
    Exported e;
    const auto& messages = e.book.sheet("messages");
    bool seen = false;
    for (std::size_t r = 1; r < messages.rows.size(); ++r)
        if (messages.at(r, "sender").text == "=cmd|' /C calc'!A0") {
            seen = true;
            CHECK(messages.at(r, "text").text == "=HYPERLINK(\"http://x\")");
        }
    CHECK(seen);
    for (const auto& named_part : e.book.parts) {
        const auto& name = named_part.first;  // not a binding: Clang 14 cannot capture one (CAPTURE)
        CAPTURE(name);
        CHECK(named_part.second.find("<f>") == std::string::npos);
    }
}

TEST_CASE("privacy: without phones the sheets hold the CSVs' columns, so no phone outside the call-back list") {
    exports::ExportOptions opts;
    opts.phones = false;
    Exported e(opts);
    for (const auto& sheet : e.book.sheets) {
        CAPTURE(sheet.name);
        const CsvDocument doc = e.csv(sheet.name + ".csv");
        CHECK(sheet.rows[0].size() == doc.records[0].fields.size());
        if (sheet.name == "missing") continue;
        for (const auto& row : sheet.rows)
            for (const Cell& c : row)
                for (const char* digits : {"7010000001", "7010000002", "7010000007", "7019990000", "7710000000F1"})
                    CHECK(c.text.find(digits) == std::string::npos);
    }
    const auto& missing = e.book.sheet("missing");
    CHECK(missing.at(missing.row_where("station", "01004"), "monitor_phone").text == "+77010000003");
}

TEST_CASE("the manifest lists the workbook: its SHA-256, size and the rows of all its sheets") {
    Exported e;
    boost::system::error_code ec;
    auto v = boost::json::parse(slurp(e.result.path / exports::manifest_file), ec);
    REQUIRE(!ec);
    const auto& files = v.as_object().at("files").as_array();
    REQUIRE(files.size() == std::size(exports::export_files) + 2);  // the workbook, then report.html
    const auto& f = files.at(std::size(exports::export_files)).as_object();
    const std::string bytes = slurp(e.result.path / exports::workbook_file);
    CHECK(f.at("name").as_string() == exports::workbook_file);
    CHECK(f.at("bytes").as_int64() == static_cast<std::int64_t>(bytes.size()));
    CHECK(f.at("sha256").as_string() == exports::Sha256::hex_of(bytes));
    std::int64_t rows = 0;
    for (std::size_t i = 0; i < std::size(exports::export_files); ++i) rows += files[i].as_object().at("rows").as_int64();
    CHECK(f.at("rows").as_int64() == rows);
    CHECK(e.result.files.at(std::size(exports::export_files)).name == exports::workbook_file);
    CHECK(bytes.rfind("PK\x03\x04", 0) == 0);
}

TEST_CASE("write_workbook: a value its kind cannot read stays as text, bad bytes become U+FFFD") {
    TempDir tmp;
    exports::CsvWriter csv;
    csv.header({"code", "count", "note", "when"});
    csv.row({"007", "x12", std::string("bad\xFF\x01 end"), "yesterday"});
    csv.row({"-5", "-5", "'=1+1", "2026-11-27T15:00:00Z"});
    static constexpr exports::ColumnSpec columns[] = {{"code", ColumnKind::text},
                                                      {"count", ColumnKind::integer},
                                                      {"when", ColumnKind::utc_time}};
    REQUIRE(!exports::write_workbook(tmp.path / "t.xlsx", tmp.path, "t", export_now(), {{"t", &csv, columns}}));
    const auto book = xlsx_reader::read(slurp(tmp.path / "t.xlsx"));
    const auto& s = book.sheet("t");
    CHECK(s.at(1, "code").text == "007");
    CHECK(s.at(1, "count").type == Cell::string);
    CHECK(s.at(1, "count").text == "x12");
    CHECK(s.at(1, "note").text == "bad\xEF\xBF\xBD\xEF\xBF\xBD end");  // undeclared: text
    CHECK(s.at(1, "when").text == "yesterday");
    CHECK(s.at(2, "code").text == "-5");
    CHECK(s.at(2, "count").value == -5);
    CHECK(s.at(2, "note").text == "=1+1");
    CHECK(s.at(2, "when").value == doctest::Approx(serial(0)).epsilon(1e-12));
    // Nothing of libxlsxwriter's scratch files is left behind.
    std::size_t entries = 0;
    for ([[maybe_unused]] auto& d : fs::directory_iterator(tmp.path)) ++entries;
    CHECK(entries == 1);
}

TEST_CASE("write_workbook: a sheet libxlsxwriter refuses is an error that names it, and no file is left") {
    TempDir tmp;
    exports::CsvWriter csv;
    csv.header({"a"});
    auto error = exports::write_workbook(tmp.path / "t.xlsx", tmp.path, "t", export_now(), {{"bad/name", &csv, {}}});
    REQUIRE(error);
    CHECK(error->find("bad/name") != std::string::npos);
    CHECK(!fs::exists(tmp.path / "t.xlsx"));
}

TEST_CASE("xlsx_text: valid UTF-8, tab and line ends kept, other control characters replaced, cut at 32767 bytes") {
    CHECK(exports::xlsx_text("Школа №14\tа\r\nб") == "Школа №14\tа\r\nб");
    CHECK(exports::xlsx_text(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
    CHECK(exports::xlsx_text("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong "/"
    CHECK(exports::xlsx_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    std::string long_text;
    for (int i = 0; i < 20000; ++i) long_text += "я";
    const std::string cut = exports::xlsx_text(long_text);
    CHECK(cut.size() == 32766);  // whole characters only
    CHECK(cut == long_text.substr(0, 32766));
}
