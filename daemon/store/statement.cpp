// RAII owner of one prepared sqlite3_stmt: prepared once at open, bound, stepped and reset per use.
#include "daemon/store/statement.hpp"

#include <sqlite3.h>

#include <utility>

namespace smsgw::store {

Statement::~Statement() {
    // sqlite3_finalize only repeats the last step's error, which the caller already got.
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

int Statement::bind(int index, std::int64_t value) { return sqlite3_bind_int64(stmt_, index, value); }

int Statement::bind(int index, double value) { return sqlite3_bind_double(stmt_, index, value); }

int Statement::bind(int index, std::string_view value) {
    return sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int Statement::bind(int index, std::nullptr_t) { return sqlite3_bind_null(stmt_, index); }

int Statement::step() { return sqlite3_step(stmt_); }

void Statement::reset() noexcept {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

int Statement::integer(int column) const { return sqlite3_column_int(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
}

std::string_view Statement::sql() const {
    const char* s = stmt_ ? sqlite3_sql(stmt_) : nullptr;
    return s ? s : "";
}

}  // namespace smsgw::store
