// CSV writing: RFC 4180 quoting, CRLF, BOM, and a round trip through the codebooks' CSV reader.
#include "daemon/export/csv_writer.hpp"

#include "codebooks/csv.hpp"

#include <doctest/doctest.h>

using smsgw::exports::CsvWriter;

namespace {

std::string crlf_to_lf(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
    return out;
}

}  // namespace

TEST_CASE("fields are quoted only when needed, quotes doubled") {
    CHECK(CsvWriter::field("plain") == "plain");
    CHECK(CsvWriter::field("") == "");
    CHECK(CsvWriter::field("a,b") == "\"a,b\"");
    CHECK(CsvWriter::field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(CsvWriter::field("two\nlines") == "\"two\nlines\"");
    CHECK(CsvWriter::field("cr\rhere") == "\"cr\rhere\"");
    CHECK(CsvWriter::field(" padded ") == "\" padded \"");
    CHECK(CsvWriter::field("Школа №14") == "Школа №14");
}

TEST_CASE("rows end with CRLF, the BOM comes first, and rows must match the header") {
    CsvWriter w(true);
    w.header({"a", "b"});
    w.row({"1", "x,y"});
    CHECK(w.str() == "\xEF\xBB\xBF" "a,b\r\n1,\"x,y\"\r\n");
    CHECK(w.rows() == 1);
    CHECK(w.columns() == 2);
    CHECK_THROWS(w.row({"only one"}));
    CsvWriter plain(false);
    plain.header({"a"});
    CHECK(plain.str() == "a\r\n");
}

TEST_CASE("round trip: quotes, commas, CR/LF, Cyrillic and Kazakh survive the reader") {
    const std::vector<std::vector<std::string>> rows = {
        {"01001", "School No. 1, North", "Вбросы, \"карусель\"\nвторой ряд"},
        {"02005", "Школа №14", "Қазақ тілі: әңғүұқөһі"},
        {"x", "\"\"", "line1\r\nline2"},
        {"", "", ""},
        {" lead", "trail ", "a\"b\"c,\"d\""},
    };
    for (bool bom : {true, false}) {
        CsvWriter w(bom);
        w.header({"code", "name", "comment"});
        for (const auto& r : rows) w.row(r);
        smsgw::CsvDocument doc = smsgw::parse_csv(w.str());
        REQUIRE(doc.errors.empty());
        // The reader skips blank lines; an all-empty row is written as ",," and so is kept.
        REQUIRE(doc.records.size() == rows.size() + 1);
        CHECK(doc.records[0].fields == std::vector<std::string>{"code", "name", "comment"});
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto expected = rows[i];
            // The reader keeps line breaks inside quotes as LF.
            for (auto& f : expected) f = crlf_to_lf(f);
            CHECK(doc.records[i + 1].fields == expected);
        }
    }
}

TEST_CASE("text a spreadsheet would run as a formula is defused; phone numbers are not") {
    CHECK(CsvWriter::text("=1+1") == "'=1+1");
    CHECK(CsvWriter::text("@SUM(A1)") == "'@SUM(A1)");
    CHECK(CsvWriter::text("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
    CHECK(CsvWriter::text("-2+3") == "'-2+3");
    CHECK(CsvWriter::text("\tx") == "'\tx");
    CHECK(CsvWriter::text("+77011234567") == "+77011234567");
    CHECK(CsvWriter::text("+7 701 123 45 67") == "+7 701 123 45 67");
    CHECK(CsvWriter::text("R 01001 A1") == "R 01001 A1");
    CHECK(CsvWriter::text("") == "");
}
