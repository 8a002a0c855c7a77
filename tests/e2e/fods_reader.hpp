// Reads a flat OpenDocument spreadsheet (.fods) as LibreOffice writes it: per sheet the cells with
// their value type, value and displayed text, and the ranges with filter buttons.
#pragma once

#include "../daemon/xml_scan.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fods {

struct Cell {
    std::string type;   // office:value-type: "string", "float", "percentage", "date", ... ("" when empty)
    std::string value;  // office:value, or office:date-value for a date
    std::string text;   // what the cell shows (paragraphs joined by "\n")
};

struct Sheet {
    std::string name;
    std::vector<std::vector<Cell>> rows;  // trailing empty rows and cells left out
    std::string filter_range;             // the range with filter buttons ("reports.A1:reports.AO10")

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

struct Document {
    std::vector<Sheet> sheets;
    const Sheet& sheet(const std::string& name) const {
        for (const Sheet& s : sheets)
            if (s.name == name) return s;
        throw std::runtime_error("no sheet " + name);
    }
};

inline std::size_t repeated(const xml_scan::Event& e, const char* attr) {
    auto it = e.attrs.find(attr);
    // LibreOffice repeats empty rows and cells to the end of the sheet; a test needs none of those.
    return it == e.attrs.end() ? 1 : std::min<std::size_t>(std::stoul(it->second), 1000);
}

inline Document read(const std::string& xml) {
    using xml_scan::Event;
    Document doc;
    xml_scan::Scanner s(xml);
    Sheet* sheet = nullptr;
    std::vector<Cell> row;
    std::size_t row_repeat = 1, empty_rows = 0, cell_repeat = 1;
    Cell cell;
    int in_p = 0;
    bool in_cell = false, first_p = true;
    for (Event e = s.next(); e.kind != Event::done; e = s.next()) {
        if (e.kind == Event::start) {
            if (e.name == "table:table") {
                doc.sheets.push_back(Sheet{e.attrs["table:name"], {}, {}});
                sheet = &doc.sheets.back();
                empty_rows = 0;
            } else if (e.name == "table:table-row") {
                row.clear();
                row_repeat = repeated(e, "table:number-rows-repeated");
            } else if (e.name == "table:table-cell" || e.name == "table:covered-table-cell") {
                cell = Cell{e.attrs["office:value-type"], {}, {}};
                cell.value = e.attrs.count("office:date-value") ? e.attrs["office:date-value"] : e.attrs["office:value"];
                cell_repeat = repeated(e, "table:number-columns-repeated");
                in_cell = !e.empty;
                first_p = true;
                if (e.empty) row.insert(row.end(), cell_repeat, cell);
            } else if (e.name == "text:p" && in_cell) {
                if (!first_p) cell.text += '\n';
                first_p = false;
                in_p += !e.empty;
            } else if (e.name == "text:s" && in_p) {
                cell.text.append(e.attrs.count("text:c") ? std::stoul(e.attrs["text:c"]) : 1, ' ');
            } else if (e.name == "text:line-break" && in_p) {
                cell.text += '\n';
            } else if (e.name == "text:tab" && in_p) {
                cell.text += '\t';
            } else if (e.name == "table:database-range" && e.attrs["table:display-filter-buttons"] == "true") {
                const std::string range = e.attrs["table:target-range-address"];
                for (Sheet& sh : doc.sheets)
                    if (range.rfind(sh.name + ".", 0) == 0 || range.rfind("'" + sh.name + "'.", 0) == 0)
                        sh.filter_range = range;
            }
        } else if (e.kind == Event::text) {
            if (in_p) cell.text += e.value;
        } else {  // end
            if (e.name == "text:p") {
                in_p = in_p > 0 ? in_p - 1 : 0;
            } else if (e.name == "table:table-cell" || e.name == "table:covered-table-cell") {
                row.insert(row.end(), cell_repeat, cell);
                in_cell = false;
            } else if (e.name == "table:table-row" && sheet) {
                while (!row.empty() && row.back().type.empty() && row.back().text.empty()) row.pop_back();
                if (row.empty()) {
                    empty_rows += row_repeat;
                    continue;
                }
                sheet->rows.insert(sheet->rows.end(), empty_rows, std::vector<Cell>{});
                empty_rows = 0;
                sheet->rows.insert(sheet->rows.end(), row_repeat, row);
            } else if (e.name == "table:table") {
                sheet = nullptr;
            }
        }
    }
    return doc;
}

}  // namespace fods
