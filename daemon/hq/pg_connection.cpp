// libpq calls behind RAII handles: connect with a bounded wait, statements with text parameters.
#include "daemon/hq/pg_connection.hpp"

#include <libpq-fe.h>

#include <cstdlib>

namespace smsgw::hq {

namespace {

std::string trimmed(const char* message) {
    std::string s = message ? message : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

PgResult::PgResult(pg_result* r, std::string error) : r_(r), error_(std::move(error)) {}

void PgResult::Free::operator()(pg_result* r) const { PQclear(r); }

int PgResult::rows() const { return r_ ? PQntuples(r_.get()) : 0; }

std::string_view PgResult::text(int row, int column) const {
    return {PQgetvalue(r_.get(), row, column), static_cast<std::size_t>(PQgetlength(r_.get(), row, column))};
}

bool PgResult::is_null(int row, int column) const { return PQgetisnull(r_.get(), row, column) == 1; }

long long PgResult::int64(int row, int column) const {
    return is_null(row, column) ? 0 : std::strtoll(PQgetvalue(r_.get(), row, column), nullptr, 10);
}

std::string PgConnection::conninfo_problem(const std::string& conninfo) {
    char* err = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
    std::string problem = opts ? "" : (err ? trimmed(err) : "cannot be parsed");
    if (opts) PQconninfoFree(opts);
    if (err) PQfreemem(err);
    return problem;
}

void PgConnection::Finish::operator()(pg_conn* c) const { PQfinish(c); }

PgConnection::~PgConnection() { forget_cancel(); }

void PgConnection::forget_cancel() {
    std::lock_guard lock(cancel_mutex_);
    if (cancel_) PQfreeCancel(cancel_);
    cancel_ = nullptr;
}

void PgConnection::cancel() {
    std::lock_guard lock(cancel_mutex_);
    char err[256];
    if (cancel_) (void)PQcancel(cancel_, err, sizeof err);
}

bool PgConnection::connect() {
    forget_cancel();
    conn_.reset();
    // A link that is down must not hold the worker for TCP's minutes: 5 s to connect, and
    // keepalives that notice a dead peer in about 20 s. These come first and the conninfo last
    // (expanded from dbname), so whatever the conninfo says wins.
    const char* keys[] = {"connect_timeout", "keepalives",      "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "application_name", "dbname",          nullptr};
    const char* values[] = {"5", "1", "10", "5", "2", application_name_.c_str(), conninfo_.c_str(), nullptr};
    conn_.reset(PQconnectdbParams(keys, values, 1));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
        error_ = conn_ ? trimmed(PQerrorMessage(conn_.get())) : "out of memory";
        conn_.reset();
        return false;
    }
    error_.clear();
    // The server's NOTICEs (CREATE ... IF NOT EXISTS skipping) are not for the console.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
    std::lock_guard lock(cancel_mutex_);
    cancel_ = PQgetCancel(conn_.get());
    return true;
}

bool PgConnection::connected() const { return conn_ && PQstatus(conn_.get()) == CONNECTION_OK; }

void PgConnection::disconnect() {
    forget_cancel();
    conn_.reset();
}

PgResult PgConnection::result_of(pg_result* r) {
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return PgResult(r, "");
    std::string error = r ? trimmed(PQresultErrorMessage(r)) : "";
    if (error.empty()) error = trimmed(PQerrorMessage(conn_.get()));
    if (error.empty()) error = "no answer from the server";
    return PgResult(r, error);
}

PgResult PgConnection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    if (!conn_) return PgResult(nullptr, "not connected");
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    return result_of(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0));
}

PgResult PgConnection::exec_script(const std::string& sql) {
    if (!conn_) return PgResult(nullptr, "not connected");
    return result_of(PQexec(conn_.get(), sql.c_str()));
}

}  // namespace smsgw::hq
