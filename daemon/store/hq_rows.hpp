// The rows HQ's PostgreSQL gets from each gateway: per kind, the local table and the columns sent.
#pragma once

#include <span>
#include <string_view>

namespace smsgw::store {

// One column as SQLite names it and PostgreSQL stores it ("text", "bigint", "integer", "boolean").
struct HqColumn {
    std::string_view name;
    std::string_view pg_type;
};

// A kind of row: the hq_outbox kind, the local table, and its columns after the id (which HQ
// calls local_id and keys, with the gateway, every table on).
struct HqKind {
    std::string_view kind;
    std::string_view table;
    std::string_view id_column;  // "id", or "rowid" for a table keyed by text
    std::span<const HqColumn> columns;
};

// In push order within a batch: the codebook first, so HQ never has reports without one.
std::span<const HqKind> hq_kinds();

}  // namespace smsgw::store
