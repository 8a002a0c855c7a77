// Matching a CSV header against a table's column declarations (exact names before patterns).
#include "daemon/export/column_kind.hpp"

namespace smsgw::exports {

const ColumnSpec* find_column(std::span<const ColumnSpec> specs, std::string_view column) {
    for (const ColumnSpec& s : specs)
        if (s.name == column) return &s;
    for (const ColumnSpec& s : specs) {
        if (s.name.empty() || s.name.front() != '*') continue;
        const std::string_view suffix = s.name.substr(1);
        if (column.size() > suffix.size() && column.substr(column.size() - suffix.size()) == suffix) return &s;
    }
    return nullptr;
}

ColumnKind column_kind(std::span<const ColumnSpec> specs, std::string_view column) {
    const ColumnSpec* s = find_column(specs, column);
    return s ? s->kind : ColumnKind::text;
}

}  // namespace smsgw::exports
