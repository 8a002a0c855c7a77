// smsgw export as an operator runs it: the golden files of the export tests, options, errors and --help.
#include "../daemon/test_export_fixture.hpp"

#include "codebooks/csv.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/codebook_io/codebook_store.hpp"
#include "tests/support/run_smsgw.hpp"
#include <sys/wait.h>

#include <thread>

using namespace export_test;
using smsgw::test::Run;
using smsgw::test::run_smsgw;

namespace {

const std::string tiny = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny";
const fs::path golden_dir = fs::path(SMSGW_TEST_DATA) / "daemon" / "export_golden";

// `smsgw export ARGS`.
Run smsgw_export(std::vector<std::string> args) {
    args.insert(args.begin(), "export");
    return run_smsgw(args);
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

fs::path printed_path(const Run& r) {
    REQUIRE(!r.out.empty());
    REQUIRE(r.out.back() == '\n');
    return fs::path(r.out.substr(0, r.out.size() - 1));
}

}  // namespace

TEST_CASE("--help explains the command") {
    TempDir tmp;
    Run r = smsgw_export({"--help"});
    CHECK(r.status == 0);
    for (const char* word : {"--db", "--out", "--no-bom", "--no-phones", "--keep", "manifest.json", "missing.csv",
                             "smsgw-export.xlsx"})
        CHECK(r.out.find(word) != std::string::npos);
}

TEST_CASE("one export now: the same files as the scheduled export, its path printed") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    Run r = smsgw_export({"--db", db, "--out", (tmp.path / "out").string(), "--codebook", tiny});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
    const fs::path dir = printed_path(r);
    CHECK(dir.parent_path() == tmp.path / "out");
    CHECK(dir.filename().string().rfind("smsgw-export-", 0) == 0);
    // Only the manifest depends on the time of the export (and the codebook version it names).
    for (const char* name : exports::export_files) {
        CAPTURE(name);
        CHECK(slurp(dir / name) == slurp(golden_dir / name));
    }
    const std::string manifest = slurp(dir / "manifest.json");
    CHECK(manifest.find("\"rows\": 15") != std::string::npos);  // messages.csv: 13 messages, a reminder, an HQ summary
}

TEST_CASE("without --codebook: the codebook the daemon saved in the database") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    const std::vector<std::string> args{"--db", db, "--out", (tmp.path / "out").string()};
    Run none = smsgw_export(args);
    CHECK(none.status == 1);
    CHECK(none.err.find("codebook") != std::string::npos);
    CHECK(none.err.find("--codebook DIR") != std::string::npos);

    const CodebookSources sources = read_codebook_dir(tiny);
    const std::string version = codebook_version(sources);
    {
        store::Store st(db);
        REQUIRE(st.save_codebook(version, sources).ok());
    }
    Run r = smsgw_export(args);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const fs::path dir = printed_path(r);
    for (const char* name : exports::export_files) CHECK(slurp(dir / name) == slurp(golden_dir / name));
    CHECK(slurp(dir / "manifest.json").find("\"codebook_version\": \"" + version + "\"") != std::string::npos);
}

TEST_CASE("--no-bom, --no-phones and --keep") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    const std::vector<std::string> base{"--db", db, "--out", (tmp.path / "out").string(), "--codebook", tiny};
    Run r = smsgw_export(base + std::vector<std::string>{"--no-bom", "--no-phones"});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const fs::path dir = printed_path(r);
    const std::string reports = slurp(dir / "reports.csv");
    CHECK(reports.rfind("report_id,", 0) == 0);
    CHECK(reports.find("+77010000001") == std::string::npos);
    CHECK(slurp(dir / "missing.csv").find("+77010000007") != std::string::npos);

    for (int i = 0; i < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a new second, a new name
        REQUIRE(smsgw_export(base).status == 0);
    }
    std::size_t before = 0;
    for ([[maybe_unused]] auto& e : fs::directory_iterator(tmp.path / "out")) ++before;
    CHECK(before == 3);  // default: keep all
    Run kept = smsgw_export(base + std::vector<std::string>{"--keep", "1"});
    REQUIRE(kept.status == 0);
    std::vector<fs::path> left;
    for (auto& e : fs::directory_iterator(tmp.path / "out")) left.push_back(e.path());
    REQUIRE(left.size() == 1);
    CHECK(left.front() == printed_path(kept));
}

TEST_CASE("errors: exit 1 with a message saying what is wrong; bad arguments exit 2") {
    TempDir tmp;
    Run missing_db = smsgw_export({"--db", (tmp.path / "none.db").string(), "--out", (tmp.path / "out").string(),
                                   "--codebook", tiny});
    CHECK(missing_db.status == 1);
    CHECK(missing_db.err.find("none.db") != std::string::npos);
    CHECK(missing_db.out.empty());
    CHECK(!fs::exists(tmp.path / "out"));

    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    std::ofstream(tmp.path / "file") << "x";
    Run blocked = smsgw_export({"--db", db, "--out", (tmp.path / "file").string(), "--codebook", tiny});
    CHECK(blocked.status == 1);
    CHECK(blocked.err.find((tmp.path / "file").string()) != std::string::npos);

    Run bad_codebook = smsgw_export({"--db", db, "--out", (tmp.path / "out").string(), "--codebook", tmp.path.string()});
    CHECK(bad_codebook.status == 1);
    CHECK(bad_codebook.err.find("check-codebook") != std::string::npos);

    CHECK(smsgw_export({"--out", "x"}).status == 2);
    CHECK(smsgw_export({"--db", "x"}).status == 2);
    CHECK(smsgw_export({"--db", "x", "--out", "y", "--keep", "-1"}).status == 2);
    CHECK(smsgw_export({"--db", "x", "--out", "y", "--bogus"}).status == 2);
}
