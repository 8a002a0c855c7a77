// RAII around libpq's PGconn and PGresult: the only code that calls libpq.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace smsgw::hq {

// One statement's outcome: rows to read, or the server's (or the link's) error. Owns the PGresult.
class PgResult {
public:
    PgResult() = default;
    PgResult(pg_result* r, std::string error);
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    int rows() const;
    std::string_view text(int row, int column) const;
    bool is_null(int row, int column) const;
    long long int64(int row, int column) const;  // 0 for NULL

private:
    struct Free {
        void operator()(pg_result* r) const;
    };
    std::unique_ptr<pg_result, Free> r_;
    std::string error_;
};

class PgConnection {
public:
    // What is wrong with a conninfo string ("host=... dbname=..."), as libpq says it; empty when fine.
    static std::string conninfo_problem(const std::string& conninfo);

    // conninfo: "host=... dbname=..." or a postgresql:// URI; application_name shows in pg_stat_activity.
    explicit PgConnection(std::string conninfo, std::string application_name = "smsgw")
        : conninfo_(std::move(conninfo)), application_name_(std::move(application_name)) {}
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    // (Re)connects, waiting at most connect_timeout (5 s unless the conninfo says otherwise);
    // false with error() when the server cannot be reached or refuses.
    bool connect();
    bool connected() const;
    void disconnect();
    // From another thread: asks the server to abandon the statement in flight (it then fails).
    void cancel();
    const std::string& error() const { return error_; }

    // One statement with text parameters ($1, $2, ...; nullopt is NULL), results in text.
    PgResult exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
    // Several statements without parameters (DDL).
    PgResult exec_script(const std::string& sql);

private:
    struct Finish {
        void operator()(pg_conn* c) const;
    };
    PgResult result_of(pg_result* r);

    void forget_cancel();

    std::string conninfo_;
    std::string application_name_;
    std::unique_ptr<pg_conn, Finish> conn_;
    std::mutex cancel_mutex_;
    pg_cancel* cancel_ = nullptr;  // PQgetCancel's, for cancel() from another thread
    std::string error_;
};

}  // namespace smsgw::hq
