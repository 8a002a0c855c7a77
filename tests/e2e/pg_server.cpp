// initdb, postgres and psql as child processes, dropped to `nobody` when run as root.
#include "pg_server.hpp"

#include "tests/support/files.hpp"
#include "tests/support/wait.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace smsgw::e2e {

namespace {

std::optional<uid_t> unprivileged() {
    if (::geteuid() != 0) return std::nullopt;
    const passwd* pw = ::getpwnam("nobody");
    if (!pw) throw std::runtime_error("running as root and there is no user 'nobody' to run PostgreSQL as");
    return pw->pw_uid;
}

void own(const std::filesystem::path& p, std::optional<uid_t> uid) {
    if (uid && ::chown(p.c_str(), *uid, *uid) != 0) throw std::runtime_error("chown " + p.string());
}

}  // namespace

std::filesystem::path PgServer::bin_dir() {
    std::filesystem::path best;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = e.path() / "bin";
        if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "postgres") &&
            (best.empty() || std::stoi(e.path().filename().string()) > std::stoi(best.parent_path().filename().string())))
            best = bin;
    }
    return best;
}

std::string PgServer::missing() {
    if (!bin_dir().empty()) return {};
    return "PostgreSQL is not installed (no /usr/lib/postgresql/N/bin/initdb; Debian: apt-get install postgresql-15)";
}

PgServer::PgServer() {
    char tmpl[] = "/tmp/smsgw-pg-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = tmpl;
    data_ = dir_ / "data";
    std::filesystem::permissions(dir_, std::filesystem::perms::all);  // the socket, for the tests' user and nobody
    std::mt19937 rng(std::random_device{}());
    port_ = 20000 + static_cast<int>(rng() % 30000);
}

PgServer::~PgServer() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void PgServer::start() {
    const auto bin = bin_dir();
    if (bin.empty()) throw std::runtime_error(missing());
    const auto uid = unprivileged();
    ChildProcess::Options o;
    o.run_as = uid;
    o.stdout_file = (dir_ / "server.log").string();
    if (!initialized_) {
        std::filesystem::create_directory(data_);
        own(data_, uid);
        own(dir_, uid);
        ChildProcess init;
        init.start({(bin / "initdb").string(), "-D", data_.string(), "-U", "smsgw", "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync", "--no-instructions"},
                   o);
        auto st = init.wait(std::chrono::seconds(120));
        if (describe_status(st) != "exit 0")
            throw std::runtime_error("initdb: " + describe_status(st) + "\n" + slurp(dir_ / "server.log"));
        initialized_ = true;
    }
    // fsync off: the tests kill gateways, never the machine; small buffers, no TCP at all.
    server_.start({(bin / "postgres").string(), "-D", data_.string(), "-k", dir_.string(), "-p", std::to_string(port_),
                   "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                   "full_page_writes=off", "-c", "shared_buffers=32MB", "-c", "max_connections=40"},
                  o);
    const auto socket = dir_ / (".s.PGSQL." + std::to_string(port_));
    if (!wait_until(std::chrono::seconds(60), [&] { return std::filesystem::exists(socket) || !server_.running(); }) ||
        !server_.running())
        throw std::runtime_error("postgres did not start:\n" + slurp(dir_ / "server.log"));
    // The socket appears before the server accepts connections.
    if (!wait_until(std::chrono::seconds(30), [&] {
            return run_command({(bin / "pg_isready").string(), "-h", dir_.string(), "-p", std::to_string(port_)}).exited_ok();
        }, std::chrono::milliseconds(100)))
        throw std::runtime_error("postgres does not accept connections:\n" + slurp(dir_ / "server.log"));
}

void PgServer::stop() {
    if (!server_.running()) return;
    server_.signal(SIGINT);  // fast shutdown
    if (!server_.wait(std::chrono::seconds(30))) {
        server_.signal(SIGKILL);
        (void)server_.wait(std::chrono::seconds(10));
    }
}

std::string PgServer::conninfo(const std::string& dbname) const {
    return "host=" + dir_.string() + " port=" + std::to_string(port_) + " dbname=" + dbname + " user=smsgw";
}

void PgServer::create_database(const std::string& dbname) { (void)query("CREATE DATABASE " + dbname); }

std::string PgServer::query(const std::string& sql, const std::string& dbname) const {
    const auto r = run_command({(bin_dir() / "psql").string(), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", conninfo(dbname),
                                "-c", sql},
                               {}, std::chrono::seconds(60), true);
    if (!r.exited_ok()) throw std::runtime_error("psql -c " + sql + ": " + r.out);
    std::string out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace smsgw::e2e
