// RAII owner of one prepared sqlite3_stmt: prepared once at open, bound, stepped and reset per use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace smsgw::store {

class Statement {
public:
    Statement() = default;
    explicit Statement(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Each returns an SQLite result code (SQLITE_OK on success). Text is copied (SQLITE_TRANSIENT)
    // so a temporary argument cannot dangle before step().
    int bind(int index, std::int64_t value);
    int bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    int bind(int index, double value);
    int bind(int index, std::string_view value);
    int bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    int bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    int bind(int index, std::nullptr_t);
    template <class T>
    int bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }
    // Binds the arguments to ?1, ?2, ... in order; the first failure's code.
    template <class... A>
    int bind_all(const A&... args) {
        int index = 0, rc = 0;  // 0 == SQLITE_OK
        ((rc == 0 ? (rc = bind(++index, args)) : rc), ...);
        return rc;
    }

    int step();  // SQLITE_ROW, SQLITE_DONE or an extended error code
    // Back to its freshly prepared state, bindings cleared; what every use ends with.
    void reset() noexcept;

    std::int64_t int64(int column) const;
    int integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;

    explicit operator bool() const { return stmt_ != nullptr; }
    sqlite3_stmt* get() const { return stmt_; }
    std::string_view sql() const;

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when a use of it ends, on every return path.
class StatementUse {
public:
    explicit StatementUse(Statement& s) noexcept : s_(s) {}
    ~StatementUse() { s_.reset(); }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;
    Statement* operator->() { return &s_; }
    Statement& operator*() { return s_; }

private:
    Statement& s_;
};

}  // namespace smsgw::store
