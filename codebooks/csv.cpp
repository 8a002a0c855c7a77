// RFC 4180 CSV reader: a single pass over the text, tracking the line each record starts on.
#include "codebooks/csv.hpp"

#include "codebooks/utf8.hpp"

#include <algorithm>

namespace smsgw {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

namespace {

// One error for the whole file: a file saved in a legacy code page is wrong on nearly every line.
void check_utf8(std::string_view text, std::vector<CsvError>& errors) {
    int line = 1, first = 0, bad_lines = 0, last_bad = 0;
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            ++i;
            continue;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        const Utf8Char u = decode_utf8(text, i);
        const std::size_t n = u.valid ? u.len : 0;
        if (n != 0) {
            i += n;
            continue;
        }
        if (first == 0) first = line;
        if (last_bad != line) ++bad_lines, last_bad = line;
        ++i;
    }
    if (first != 0)
        errors.push_back({first, "not valid UTF-8 (" + std::to_string(bad_lines) +
                                     (bad_lines == 1 ? " line" : " lines") + ", the first here); save the file as UTF-8"});
}

class Parser {
public:
    explicit Parser(std::string_view text) : s_(text) {}

    CsvDocument run() {
        CsvDocument doc;
        if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
        check_utf8(s_.substr(i_), doc.errors);
        while (i_ < s_.size()) {
            if (skip_blank_line()) continue;
            CsvRecord rec;
            rec.line = line_;
            rec.fields.reserve(width_);
            if (read_record(rec, doc.errors)) {
                width_ = rec.fields.size();
                doc.records.push_back(std::move(rec));
            }
        }
        return doc;
    }

private:
    bool at_eol() const { return i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\r'; }

    // Consumes one line end (LF, CRLF or lone CR) if there is one.
    void eat_eol() {
        if (i_ >= s_.size()) return;
        if (s_[i_] == '\r') {
            ++i_;
            if (i_ < s_.size() && s_[i_] == '\n') ++i_;
        } else if (s_[i_] == '\n') {
            ++i_;
        } else {
            return;
        }
        ++line_;
    }

    // Editors leave empty and whitespace-only lines, mostly at the end; they are not records.
    bool skip_blank_line() {
        std::size_t j = i_;
        while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
        if (j < s_.size() && s_[j] != '\n' && s_[j] != '\r') return false;
        i_ = j;
        eat_eol();
        return true;
    }

    void skip_rest_of_line() {
        while (!at_eol()) ++i_;
        eat_eol();
    }

    bool read_record(CsvRecord& rec, std::vector<CsvError>& errors) {
        for (;;) {
            std::string field;
            std::size_t column = rec.fields.size() + 1;
            if (s_[i_] == '"') {
                const int opened = line_;
                const std::size_t quote = i_;
                ++i_;
                const bool closed = read_quoted(field);
                if (closed && (at_eol() || s_[i_] == ',')) {
                    // a well-formed quoted field
                } else if (closed && line_ == opened) {
                    errors.push_back({rec.line, "unexpected text after the closing quote of column " +
                                                    std::to_string(column) + " (quotes inside a field must be doubled)"});
                    skip_rest_of_line();
                    return false;
                } else {
                    // Most likely a stray opening quote: rather than lose every line up to the next
                    // quote (or the end of the file), report it and resume on the following line.
                    errors.push_back({opened, "quote opened in column " + std::to_string(column) +
                                                  (closed ? " closes only on line " + std::to_string(line_) +
                                                                " and is followed by more text"
                                                          : " is never closed") +
                                                  " (a quote starting a field must end it; quotes inside a field "
                                                  "must be doubled)"});
                    i_ = quote;
                    line_ = opened;
                    skip_rest_of_line();
                    return false;
                }
            } else {
                std::size_t start = i_;
                while (!at_eol() && s_[i_] != ',' && s_[i_] != '"') ++i_;
                if (i_ < s_.size() && s_[i_] == '"') {
                    errors.push_back({rec.line, "stray quote in column " + std::to_string(column) +
                                                    " (a field with quotes must be quoted and its quotes doubled)"});
                    skip_rest_of_line();
                    return false;
                }
                field.assign(s_.substr(start, i_ - start));
            }
            rec.fields.push_back(std::move(field));
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
                if (i_ >= s_.size()) {  // trailing comma at end of file: one more empty field
                    rec.fields.emplace_back();
                    return true;
                }
                continue;
            }
            eat_eol();
            return true;
        }
    }

    // After the opening quote; stops after the closing quote. False at end of text.
    bool read_quoted(std::string& out) {
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == '"') {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
                    out += '"';
                    i_ += 2;
                    continue;
                }
                ++i_;
                return true;
            }
            if (c == '\r' || c == '\n') {
                eat_eol();
                out += '\n';
                continue;
            }
            std::size_t start = i_;
            while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\r' && s_[i_] != '\n') ++i_;
            out.append(s_.substr(start, i_ - start));
        }
        return false;
    }

    std::string_view s_;
    std::size_t i_ = 0;
    int line_ = 1;
    std::size_t width_ = 8;  // fields of the previous record, to size the next one
};

std::string quoted(std::string_view s) {
    std::string q(1, '\'');
    q += s;
    q += '\'';
    return q;
}

}  // namespace

CsvDocument parse_csv(std::string_view text) { return Parser(text).run(); }

CsvTable read_csv_table(std::string_view text, std::span<const std::string_view> expected) {
    CsvTable table;
    CsvDocument doc = parse_csv(text);
    table.errors = std::move(doc.errors);
    if (doc.records.empty()) {
        // A header that failed to parse was already reported; only an empty file needs saying.
        if (table.errors.empty()) table.errors.push_back({1, "empty file; the header line is missing"});
        return table;
    }
    const CsvRecord& header = doc.records.front();
    // If the real header line was dropped as malformed, the first data row must not pose as the header.
    for (const auto& e : table.errors)
        if (e.line < header.line) return table;
    std::string expected_list;
    for (auto e : expected) expected_list += (expected_list.empty() ? "" : ",") + std::string(e);

    // Spreadsheets in many locales save "CSV" with ';' or tabs; say so instead of listing every column.
    if (header.fields.size() == 1 && expected.size() > 1) {
        std::string_view h = header.fields[0];
        for (char sep : {';', '\t'}) {
            if (h.find(sep) == std::string_view::npos) continue;
            table.errors.push_back({header.line, std::string("columns are separated by ") +
                                                     (sep == ';' ? "';'" : "tabs") + "; use ',' (expected header: " +
                                                     expected_list + ")"});
            return table;
        }
    }

    std::vector<int> column_of(expected.size(), -1);  // expected index -> header column
    std::vector<std::string_view> names;
    names.reserve(header.fields.size());
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        std::string_view name = trim(header.fields[c]);
        names.push_back(name);
        auto it = std::find(expected.begin(), expected.end(), name);
        if (name.empty()) {
            table.errors.push_back({header.line, "column " + std::to_string(c + 1) +
                                                     " of the header has no name (a stray comma?)"});
            continue;
        }
        if (it == expected.end()) {
            table.errors.push_back({header.line, "unexpected column " + quoted(name) + " (expected header: " +
                                                     expected_list + ")"});
            continue;
        }
        int& slot = column_of[static_cast<std::size_t>(it - expected.begin())];
        if (slot >= 0) {
            table.errors.push_back({header.line, "column " + quoted(name) + " appears twice"});
            continue;
        }
        slot = static_cast<int>(c);
    }
    table.header_ok = true;
    for (std::size_t k = 0; k < expected.size(); ++k) {
        if (column_of[k] >= 0) continue;
        table.header_ok = false;
        table.errors.push_back({header.line, "missing column " + quoted(expected[k]) + " (expected header: " +
                                                 expected_list + ")"});
    }
    if (!table.header_ok) return table;

    const std::size_t width = header.fields.size();
    bool in_order = width == expected.size();
    for (std::size_t k = 0; k < expected.size(); ++k) in_order = in_order && column_of[k] == static_cast<int>(k);
    table.rows.reserve(doc.records.size() - 1);
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        CsvRecord& rec = doc.records[r];
        if (rec.fields.size() != width) {
            table.errors.push_back({rec.line, std::to_string(rec.fields.size()) + " fields, expected " +
                                                  std::to_string(width) + " (" + expected_list + ")"});
            continue;
        }
        for (std::string& f : rec.fields) {
            std::string_view t = trim(f);
            if (t.size() != f.size()) f = std::string(t);
        }
        if (in_order) {  // the usual case: no reshuffling needed
            table.rows.push_back(std::move(rec));
            continue;
        }
        CsvRecord row;
        row.line = rec.line;
        row.fields.reserve(expected.size());
        for (std::size_t k = 0; k < expected.size(); ++k)
            row.fields.push_back(std::move(rec.fields[static_cast<std::size_t>(column_of[k])]));
        table.rows.push_back(std::move(row));
    }
    return table;
}

}  // namespace smsgw
