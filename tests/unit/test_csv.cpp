// The RFC 4180 CSV reader: quoting, line ends, BOM, line numbers of records, bad rows, header checks.
#include "codebooks/csv.hpp"

#include <doctest/doctest.h>

#include <array>

using namespace smsgw;

namespace {

constexpr std::array<std::string_view, 3> kCols = {"a", "b", "c"};

}  // namespace

TEST_CASE("plain records with their line numbers") {
    auto doc = parse_csv("a,b,c\n1,2,3\n4,5,6\n");
    CHECK(doc.errors.empty());
    REQUIRE(doc.records.size() == 3);
    CHECK(doc.records[0].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK(doc.records[2].fields == std::vector<std::string>{"4", "5", "6"});
    CHECK(doc.records[0].line == 1);
    CHECK(doc.records[2].line == 3);
}

TEST_CASE("quoted fields: commas, doubled quotes, empty quoted field") {
    auto doc = parse_csv("\"x, y\",\"say \"\"hi\"\"\",\"\"\n");
    CHECK(doc.errors.empty());
    REQUIRE(doc.records.size() == 1);
    CHECK(doc.records[0].fields == std::vector<std::string>{"x, y", "say \"hi\"", ""});
}

TEST_CASE("embedded newlines keep later line numbers right") {
    auto doc = parse_csv("h1,h2\n1,\"two\nlines\"\n2,\"three\r\nline\r\nfield\"\n3,x\n");
    CHECK(doc.errors.empty());
    REQUIRE(doc.records.size() == 4);
    CHECK(doc.records[1].line == 2);
    CHECK(doc.records[1].fields[1] == "two\nlines");
    CHECK(doc.records[2].line == 4);
    CHECK(doc.records[2].fields[1] == "three\nline\nfield");
    CHECK(doc.records[3].line == 7);
    CHECK(doc.records[3].fields == std::vector<std::string>{"3", "x"});
}

TEST_CASE("CRLF, lone CR and a missing final newline") {
    auto crlf = parse_csv("a,b\r\n1,2\r\n3,4");
    CHECK(crlf.errors.empty());
    REQUIRE(crlf.records.size() == 3);
    CHECK(crlf.records[1].fields == std::vector<std::string>{"1", "2"});
    CHECK(crlf.records[2].fields == std::vector<std::string>{"3", "4"});
    CHECK(crlf.records[2].line == 3);
    auto cr = parse_csv("a,b\r1,2\r");
    REQUIRE(cr.records.size() == 2);
    CHECK(cr.records[1].line == 2);
    CHECK(cr.records[1].fields[1] == "2");
}

TEST_CASE("UTF-8 byte-order mark is dropped") {
    auto doc = parse_csv("\xEF\xBB\xBF" "code,name\n1,\xD0\x90\n");
    CHECK(doc.errors.empty());
    REQUIRE(doc.records.size() == 2);
    CHECK(doc.records[0].fields[0] == "code");
    CHECK(doc.records[1].fields[1] == "\xD0\x90");
}

TEST_CASE("blank lines are skipped but counted") {
    auto doc = parse_csv("a\n\n  \n1\n\n");
    CHECK(doc.errors.empty());
    REQUIRE(doc.records.size() == 2);
    CHECK(doc.records[1].line == 4);
}

TEST_CASE("empty fields and trailing comma") {
    auto doc = parse_csv("a,,c,\n,");
    REQUIRE(doc.records.size() == 2);
    CHECK(doc.records[0].fields == std::vector<std::string>{"a", "", "c", ""});
    CHECK(doc.records[1].fields == std::vector<std::string>{"", ""});
}

TEST_CASE("stray quote in an unquoted field drops the record, reading resumes") {
    auto doc = parse_csv("a,b\n1,ab\"c\n2,ok\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].line == 2);
    CHECK(doc.errors[0].message.find("stray quote in column 2") != std::string::npos);
    REQUIRE(doc.records.size() == 2);
    CHECK(doc.records[1].fields[0] == "2");
    CHECK(doc.records[1].line == 3);
}

TEST_CASE("text after a closing quote is an error") {
    auto doc = parse_csv("a,b\n\"x\"y,1\n3,4\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].line == 2);
    CHECK(doc.errors[0].message.find("after the closing quote of column 1") != std::string::npos);
    CHECK(doc.records.size() == 2);
}

TEST_CASE("unterminated quote is reported at the line it opens; the following lines are still read") {
    auto doc = parse_csv("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].line == 3);
    CHECK(doc.errors[0].message.find("quote opened in column 2 is never closed") != std::string::npos);
    REQUIRE(doc.records.size() == 4);
    CHECK(doc.records[2].line == 4);
    CHECK(doc.records[3].fields == std::vector<std::string>{"6", "7"});
}

TEST_CASE("a stray opening quote does not swallow the lines up to the next quote") {
    auto doc = parse_csv("a,b\n\"1,2\n3,4\n5,\"x, y\"\n7,8\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].line == 2);
    CHECK(doc.errors[0].message.find("closes only on line 4") != std::string::npos);
    REQUIRE(doc.records.size() == 4);
    CHECK(doc.records[1].line == 3);
    CHECK(doc.records[2].fields == std::vector<std::string>{"5", "x, y"});
    CHECK(doc.records[3].line == 5);
}

TEST_CASE("invalid UTF-8 is one error at the first bad line, with a count") {
    auto doc = parse_csv("a,b\n1,ok\n2,\xC0\xC1\n3,\xE9t\xE9\n");
    REQUIRE(doc.errors.size() == 1);
    CHECK(doc.errors[0].line == 3);
    CHECK(doc.errors[0].message.find("not valid UTF-8 (2 lines") != std::string::npos);
    CHECK(parse_csv("a\n\xF0\x9F\x98\x80\n").errors.empty());  // 4-byte sequence is fine
    CHECK_FALSE(parse_csv("a\n\xED\xA0\x80\n").errors.empty());  // surrogate
}

TEST_CASE("table: columns in any order are mapped to the expected order and trimmed") {
    auto t = read_csv_table("c,a,b\n 3 ,1,\"2\"\n", kCols);
    CHECK(t.errors.empty());
    CHECK(t.header_ok);
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].fields == std::vector<std::string>{"1", "2", "3"});
    CHECK(t.rows[0].line == 2);
}

TEST_CASE("table: wrong field count is an error with the row's line; other rows survive") {
    auto t = read_csv_table("a,b,c\n1,2,3\n1,2\n1,2,3,4\n5,6,7\n", kCols);
    REQUIRE(t.errors.size() == 2);
    CHECK(t.errors[0].line == 3);
    CHECK(t.errors[0].message.find("2 fields, expected 3") != std::string::npos);
    CHECK(t.errors[1].line == 4);
    CHECK(t.errors[1].message.find("4 fields, expected 3") != std::string::npos);
    REQUIRE(t.rows.size() == 2);
    CHECK(t.rows[1].line == 5);
}

TEST_CASE("table: header names missing, unexpected and repeated columns") {
    auto t = read_csv_table("a,B,c,d\n1,2,3,4\n", kCols);
    CHECK_FALSE(t.header_ok);
    CHECK(t.rows.empty());
    bool missing = false, unexpected_b = false, unexpected_d = false;
    for (const auto& e : t.errors) {
        CHECK(e.line == 1);
        missing |= e.message.find("missing column 'b'") != std::string::npos;
        unexpected_b |= e.message.find("unexpected column 'B'") != std::string::npos;
        unexpected_d |= e.message.find("unexpected column 'd'") != std::string::npos;
    }
    CHECK(missing);
    CHECK(unexpected_b);
    CHECK(unexpected_d);

    auto trailing = read_csv_table("a,b,c,\n1,2,3,\n", kCols);
    REQUIRE(trailing.errors.size() == 1);
    CHECK(trailing.errors[0].message == "column 4 of the header has no name (a stray comma?)");
    CHECK(trailing.rows.size() == 1);

    auto twice = read_csv_table("a,b,c,a\n", kCols);
    REQUIRE(twice.errors.size() == 1);
    CHECK(twice.errors[0].message.find("column 'a' appears twice") != std::string::npos);

    // An extra column is an error, but the rows can still be read and checked.
    auto extra = read_csv_table("a,b,c,x\n1,2,3,4\n", kCols);
    CHECK(extra.header_ok);
    CHECK(extra.rows.size() == 1);
    CHECK(extra.errors.size() == 1);
}

TEST_CASE("table: semicolon-separated file is recognised") {
    auto t = read_csv_table("a;b;c\n1;2;3\n", kCols);
    REQUIRE(t.errors.size() == 1);
    CHECK(t.errors[0].message.find("separated by ';'") != std::string::npos);
    CHECK_FALSE(t.header_ok);
}

TEST_CASE("table: empty file and a broken header line") {
    auto empty = read_csv_table("", kCols);
    REQUIRE(empty.errors.size() == 1);
    CHECK(empty.errors[0].line == 1);
    CHECK(empty.errors[0].message.find("header") != std::string::npos);
    // The header line is malformed: the first data row must not be taken for the header.
    auto broken = read_csv_table("a,b\"x,c\n1,2,3\n", kCols);
    REQUIRE(broken.errors.size() == 1);
    CHECK(broken.errors[0].line == 1);
    CHECK_FALSE(broken.header_ok);
}

TEST_CASE("trim") {
    CHECK(trim("  a b \t") == "a b");
    CHECK(trim("   ").empty());
}
