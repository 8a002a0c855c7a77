// RFC 4180 CSV writing: the quoting rules and Excel's expectations (CRLF, BOM, no formulas from text).
#include "daemon/export/csv_writer.hpp"

#include <stdexcept>

namespace smsgw::exports {

CsvWriter::CsvWriter(bool bom) {
    if (bom) out_ = "\xEF\xBB\xBF";
}

std::string CsvWriter::field(std::string_view v) {
    bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) return std::string(v);
    std::string s = "\"";
    for (char c : v) {
        if (c == '"') s += '"';
        s += c;
    }
    s += '"';
    return s;
}

std::string CsvWriter::text(std::string_view v) {
    if (v.empty() || std::string_view("=+-@\t\r").find(v.front()) == std::string_view::npos) return std::string(v);
    // A signed number ("+7 701 123 45 67", "-5") is only a number to Excel: phone numbers stay as typed.
    if (v.front() == '+' || v.front() == '-') {
        bool numeric = v.size() > 1;
        for (char c : v.substr(1)) numeric = numeric && ((c >= '0' && c <= '9') || c == ' ' || c == '.');
        if (numeric) return std::string(v);
    }
    std::string quoted(1, '\'');
    quoted += v;
    return quoted;
}

std::string_view CsvWriter::unguarded(std::string_view v) {
    if (v.size() >= 2 && v.front() == '\'' && std::string_view("=+-@\t\r").find(v[1]) != std::string_view::npos)
        v.remove_prefix(1);
    return v;
}

void CsvWriter::line(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out_ += ',';
        out_ += field(fields[i]);
    }
    out_ += "\r\n";
}

void CsvWriter::header(const std::vector<std::string>& names) {
    if (has_header_) throw std::logic_error("CsvWriter: header written twice");
    has_header_ = true;
    columns_ = names.size();
    line(names);
    header_fields_ = names;
}

void CsvWriter::row(const std::vector<std::string>& fields) {
    // A row of the wrong width is a defect in the export code, not a data condition.
    if (!has_header_ || fields.size() != columns_)
        throw std::logic_error("CsvWriter: row has " + std::to_string(fields.size()) + " fields, header " +
                               std::to_string(columns_));
    line(fields);
    for (const std::string& f : fields) {
        fields_ += f;
        ends_.push_back(fields_.size());
    }
    ++rows_;
}

}  // namespace smsgw::exports
