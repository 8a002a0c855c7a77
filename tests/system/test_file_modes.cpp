// Under umask 000 the real daemon and `smsgw export` still create their files 0640 and directories 0750, and exports leave phones out unless the config asks for them.
#include "run_fixture.hpp"

#include <sys/stat.h>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;

namespace {

// The test process's umask for one test, which the daemon it spawns inherits.
class Umask {
public:
    explicit Umask(mode_t m) : old_(::umask(m)) {}
    ~Umask() { ::umask(old_); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t old_;
};

// "0640": the permission bits of `p`, or "missing".
std::string mode_of(const fs::path& p) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) return "missing";
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return buf;
}

// A published export (smsgw-export-*) under `root` whose reports.csv names `station`, or an empty path.
fs::path published(const fs::path& root, const std::string& station) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(root, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        if (it->path().filename().string().rfind("smsgw-export-", 0) == 0 &&
            slurp(it->path() / "reports.csv").find(station) != std::string::npos)
            return it->path();
    return {};
}

// Every file in an export is file_mode; it holds the files HQ expects.
void check_export(const fs::path& dir) {
    INFO("export ", dir);
    CHECK(mode_of(dir) == "0750");
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        INFO(e.path());
        CHECK(mode_of(e.path()) == "0640");
        ++files;
    }
    CHECK(files >= 8);  // reports, incidents, estimates, missing, messages, quarantined, workbook, manifest
    CHECK(fs::exists(dir / "smsgw-export.xlsx"));  // libxlsxwriter wrote it, the export gave it its mode
}

}  // namespace

TEST_CASE("under umask 000: database, -wal, -shm, lock file and exports 0640, their new directories 0750; no phones by default") {
    const Umask open_to_all(0);
    TempDir dir("modes");
    const fs::path db = dir / "smsgw.db", sim = dir / "sim1";
    const fs::path exports = dir / "exports" / "hq";  // neither exists yet: the daemon creates both
    fs::create_directories(sim / "sms" / "1");
    write_file(dir / "smsgw.toml",
               "[gateway]\ndatabase = \"" + db.string() + "\"\ncodebook = \"" + std::string(SMSGW_TEST_DATA) +
                   "/codebooks/tiny\"\nexport_dir = \"" + exports.string() + "\"\nexport_interval = \"1s\"\n"
                   "summary_interval = \"1h\"\n\n[modems.sim1]\ndevice = \"" + sim.string() +
                   "\"\nconnection = \"none\"\nmodel = \"dummy\"\npoll_interval = \"100ms\"\n");
    DaemonChild daemon(dir / "smsgw.toml", dir / "console.log");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_console("INFO  daemon ready", 20s), daemon.console());
    inject_sms(sim.string(), "+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return scalar(db, "SELECT count(*) FROM message") == 1; }), daemon.console());
    // An export taken after the report was stored (the first may have been empty).
    fs::path scheduled;
    REQUIRE_MESSAGE(wait_until(20s, [&] { return !(scheduled = published(exports, "01001")).empty(); }), daemon.console());

    CHECK(mode_of(db) == "0640");
    CHECK(mode_of(dir / "smsgw.db-wal") == "0640");
    CHECK(mode_of(dir / "smsgw.db-shm") == "0640");
    CHECK(mode_of(dir / "smsgw.db.lock") == "0640");
    CHECK(mode_of(dir / "exports") == "0750");
    CHECK(mode_of(exports) == "0750");
    check_export(scheduled);

    // export_phones is not in the config: the example config's false, so no sender column.
    const std::string manifest = slurp(scheduled / "manifest.json");
    CHECK(manifest.find("\"phones\": false") != std::string::npos);
    const std::string reports = slurp(scheduled / "reports.csv");
    CHECK(reports.find("7010000001") == std::string::npos);
    CHECK(reports.find("sender") == std::string::npos);
    CHECK(slurp(scheduled / "missing.csv").find("701000000") != std::string::npos);  // the call-back list keeps them

    // `smsgw export` beside the running daemon, under the same umask.
    const fs::path out = dir / "cli" / "out";
    const Run exported = run_smsgw_merged({"export", "--db", db.string(), "--out", out.string()});
    REQUIRE_MESSAGE(exported.status == 0, exported.out);
    CHECK(mode_of(dir / "cli") == "0750");
    CHECK(mode_of(out) == "0750");
    const fs::path manual = published(out, "01001");
    REQUIRE_FALSE(manual.empty());
    check_export(manual);

    daemon.signal(SIGTERM);
    CHECK(daemon.wait(20s).has_value());
}
