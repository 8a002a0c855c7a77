// Read-only look into a running daemon's SQLite store: how far it has got, without writing anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace smsgw::bench {

class StoreProbe {
public:
    explicit StoreProbe(std::string path) : path_(std::move(path)) {}
    ~StoreProbe();
    StoreProbe(const StoreProbe&) = delete;
    StoreProbe& operator=(const StoreProbe&) = delete;

    // Messages in state 'processed' (stored, parsed, validated, counted, reply queued); none while
    // the database or its schema does not exist yet.
    std::optional<std::int64_t> processed();
    // Any single-number query; none on error.
    std::optional<std::int64_t> number(const std::string& sql);

private:
    bool open();
    void close();

    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* processed_ = nullptr;
};

}  // namespace smsgw::bench
