// A throwaway PostgreSQL server for the HQ tests and benchmark: initdb in a temporary directory, a Unix socket only.
#pragma once

#include "tests/support/child_process.hpp"

#include <chrono>
#include <filesystem>
#include <string>

namespace smsgw::e2e {

using namespace smsgw::test;

// Debian's postgresql package (/usr/lib/postgresql/N/bin). Postgres refuses to run as root, so as
// root (CI) initdb and the server run as `nobody`; otherwise as the caller. No TCP: the socket is
// in the temporary directory, trust authentication, user "smsgw".
class PgServer {
public:
    PgServer();
    ~PgServer();  // stops the server, removes the directory
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    // Where PostgreSQL's binaries are; empty (and why in missing()) when it is not installed.
    static std::filesystem::path bin_dir();
    static std::string missing();

    // initdb (once) and start; throws std::runtime_error with the server's log when it fails.
    void start();
    // Fast shutdown (SIGINT: open connections are cut); the data stays for start().
    void stop();
    bool running() { return server_.running(); }

    // A libpq conninfo for database `dbname` (created by create_database, or "postgres").
    std::string conninfo(const std::string& dbname = "postgres") const;
    void create_database(const std::string& dbname);
    // psql -Atc SQL: the output, trimmed; throws when psql fails.
    std::string query(const std::string& sql, const std::string& dbname = "postgres") const;

private:
    std::filesystem::path dir_, data_;
    int port_ = 0;
    bool initialized_ = false;
    ChildProcess server_;
};

}  // namespace smsgw::e2e
