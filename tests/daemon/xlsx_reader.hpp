// Reads back what the exports' workbook holds (cells with their type and number format, panes,
// filters, widths) from the xlsx zip itself, so the writer is tested without a spreadsheet program.
#pragma once

#include "xml_scan.hpp"

#include <zlib.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace xlsx_reader {

// The members of a zip archive (stored or deflated), by name.
inline std::map<std::string, std::string> unzip(const std::string& zip) {
    auto u16 = [&](std::size_t at) { return std::uint32_t(std::uint8_t(zip.at(at))) | std::uint32_t(std::uint8_t(zip.at(at + 1))) << 8; };
    auto u32 = [&](std::size_t at) { return u16(at) | u16(at + 2) << 16; };
    std::size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
    if (eocd == std::string::npos) throw std::runtime_error("not a zip: no end of central directory");
    std::size_t entries = u16(eocd + 10), at = u32(eocd + 16);
    std::map<std::string, std::string> files;
    for (std::size_t n = 0; n < entries; ++n) {
        if (u32(at) != 0x02014b50) throw std::runtime_error("zip: bad central directory entry");
        const std::uint32_t method = u16(at + 10), csize = u32(at + 20), usize = u32(at + 24);
        const std::size_t name_len = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32), local = u32(at + 42);
        std::string name = zip.substr(at + 46, name_len);
        at += 46 + name_len + extra + comment;
        const std::size_t data = local + 30 + u16(local + 26) + u16(local + 28);
        std::string out(usize, '\0');
        if (method == 0) {
            out = zip.substr(data, csize);
        } else if (method == 8) {
            z_stream z{};
            if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: init");
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
            z.avail_in = csize;
            z.next_out = reinterpret_cast<Bytef*>(out.data());
            z.avail_out = usize;
            int rc = inflate(&z, Z_FINISH);
            inflateEnd(&z);
            if (rc != Z_STREAM_END) throw std::runtime_error("zlib: cannot inflate " + name);
        } else {
            throw std::runtime_error("zip: method " + std::to_string(method) + " for " + name);
        }
        files[name] = std::move(out);
    }
    return files;
}

struct Cell {
    enum Type { blank, string, number } type = blank;
    std::string text;    // a string cell's text
    double value = 0;    // a number cell's value (dates: days since 1899-12-30)
    std::string format;  // its number format code ("General", "@", "0.00%", ...)
};

struct Sheet {
    std::string name;
    std::vector<std::vector<Cell>> rows;  // rows[0] is the header
    std::string pane;                     // "frozen 1": frozen above row 2; "" without a pane
    std::string autofilter;               // the autoFilter ref ("A1:H16")
    std::vector<double> widths;           // per column, 0 where none is set

    const Cell& at(std::size_t row, const std::string& column) const {
        const auto& h = rows.at(0);
        for (std::size_t c = 0; c < h.size(); ++c)
            if (h[c].text == column) {
                static const Cell none{};
                return c < rows.at(row).size() ? rows.at(row)[c] : none;
            }
        throw std::runtime_error("sheet " + name + ": no column " + column);
    }
    // The first data row whose `column` reads `text`.
    std::size_t row_where(const std::string& column, const std::string& text) const {
        for (std::size_t r = 1; r < rows.size(); ++r)
            if (at(r, column).text == text) return r;
        throw std::runtime_error("sheet " + name + ": no row with " + column + " " + text);
    }
};

inline std::string builtin_format(int id) {
    switch (id) {
        case 0: return "General";
        case 1: return "0";
        case 2: return "0.00";
        case 9: return "0%";
        case 10: return "0.00%";
        case 14: return "m/d/yy";
        case 22: return "m/d/yy h:mm";
        case 49: return "@";
    }
    return "builtin " + std::to_string(id);
}

// "AB12" -> column 27 (0-based), row 11 (0-based).
inline std::pair<std::size_t, std::size_t> cell_ref(const std::string& ref) {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
    return {col - 1, std::stoul(ref.substr(i)) - 1};
}

struct Workbook {
    std::map<std::string, std::string> parts;
    std::vector<std::string> formats;  // per cellXfs index, the format code
    std::vector<Sheet> sheets;

    const Sheet& sheet(const std::string& name) const {
        for (const Sheet& s : sheets)
            if (s.name == name) return s;
        throw std::runtime_error("no sheet " + name);
    }
};

inline Workbook read(const std::string& xlsx) {
    Workbook wb;
    wb.parts = unzip(xlsx);
    std::map<int, std::string> custom;
    {
        xml_scan::Scanner s(wb.parts.at("xl/styles.xml"));
        bool in_xfs = false;
        for (auto e = s.next(); e.kind != xml_scan::Event::done; e = s.next()) {
            if (e.kind == xml_scan::Event::start && e.name == "numFmt")
                custom[std::stoi(e.attrs.at("numFmtId"))] = e.attrs.at("formatCode");
            if (e.name == "cellXfs") in_xfs = e.kind == xml_scan::Event::start;
            if (in_xfs && e.kind == xml_scan::Event::start && e.name == "xf") {
                int id = std::stoi(e.attrs.at("numFmtId"));
                wb.formats.push_back(custom.count(id) ? custom[id] : builtin_format(id));
            }
        }
    }
    std::vector<std::string> shared;
    if (wb.parts.count("xl/sharedStrings.xml")) {
        xml_scan::Scanner s(wb.parts.at("xl/sharedStrings.xml"));
        bool in_t = false;
        for (auto e = s.next(); e.kind != xml_scan::Event::done; e = s.next()) {
            if (e.name == "si" && e.kind == xml_scan::Event::start) shared.emplace_back();
            if (e.name == "t") in_t = e.kind == xml_scan::Event::start && !e.empty;
            if (e.kind == xml_scan::Event::text && in_t) shared.back() += e.value;
        }
    }
    {
        xml_scan::Scanner s(wb.parts.at("xl/workbook.xml"));
        for (auto e = s.next(); e.kind != xml_scan::Event::done; e = s.next())
            if (e.kind == xml_scan::Event::start && e.name == "sheet") wb.sheets.push_back(Sheet{e.attrs.at("name"), {}, {}, {}, {}});
    }
    for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
        Sheet& sh = wb.sheets[i];
        xml_scan::Scanner s(wb.parts.at("xl/worksheets/sheet" + std::to_string(i + 1) + ".xml"));
        Cell* cell = nullptr;
        std::string type;
        bool in_value = false;
        for (auto e = s.next(); e.kind != xml_scan::Event::done; e = s.next()) {
            if (e.kind == xml_scan::Event::start && e.name == "pane") sh.pane = e.attrs["state"] + " " + e.attrs["ySplit"];
            if (e.kind == xml_scan::Event::start && e.name == "autoFilter") sh.autofilter = e.attrs["ref"];
            if (e.kind == xml_scan::Event::start && e.name == "col") {
                std::size_t lo = std::stoul(e.attrs.at("min")), hi = std::stoul(e.attrs.at("max"));
                if (sh.widths.size() < hi) sh.widths.resize(hi);
                for (std::size_t c = lo; c <= hi; ++c) sh.widths[c - 1] = std::stod(e.attrs.at("width"));
            }
            if (e.kind == xml_scan::Event::start && e.name == "c") {
                auto [col, row] = cell_ref(e.attrs.at("r"));
                if (sh.rows.size() <= row) sh.rows.resize(row + 1);
                if (sh.rows[row].size() <= col) sh.rows[row].resize(col + 1);
                cell = &sh.rows[row][col];
                type = e.attrs.count("t") ? e.attrs.at("t") : "n";
                cell->format = wb.formats.at(e.attrs.count("s") ? std::stoul(e.attrs.at("s")) : 0);
                cell->type = type == "n" ? Cell::number : Cell::string;
            }
            if (e.name == "v" || e.name == "t") in_value = e.kind == xml_scan::Event::start && !e.empty;
            if (e.kind == xml_scan::Event::text && in_value && cell) {
                if (type == "n") cell->value = std::stod(e.value);
                else if (type == "s") cell->text = shared.at(std::stoul(e.value));
                else cell->text += e.value;
            }
            if (e.kind == xml_scan::Event::end && e.name == "c") cell = nullptr;
        }
    }
    return wb;
}

}  // namespace xlsx_reader
