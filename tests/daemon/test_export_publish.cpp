// Export directories: all-or-nothing publication seen by a concurrent reader, naming, retention, failures.
#include "test_export_fixture.hpp"

#include "daemon/export/export_directory.hpp"

#include <atomic>
#include <thread>

using namespace export_test;
using exports::ExportDirectory;

namespace {

std::vector<std::string> names(const std::vector<fs::path>& paths) {
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(p.filename().string());
    return out;
}

}  // namespace

TEST_CASE("a reader polling the export root never sees a published directory without all its files") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    const fs::path root = tmp.path / "out";
    fs::create_directories(root);

    std::atomic<bool> done{false};
    std::atomic<int> checks{0}, incomplete{0}, temporaries{0};
    std::thread reader([&] {
        while (!done.load()) {
            std::error_code ec;
            for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
                const std::string name = it->path().filename().string();
                if (name.front() == '.') {
                    ++temporaries;
                    continue;
                }
                ++checks;
                // Published: the manifest and every file are there, whole (the manifest's sizes).
                const std::string manifest = slurp(it->path() / "manifest.json");
                bool whole = manifest.find("\"files\"") != std::string::npos && manifest.back() == '\n';
                for (const char* f : exports::export_files) whole = whole && fs::exists(it->path() / f);
                // Pruned meanwhile (renamed away in one step): it was not there to read.
                if (!whole && fs::exists(it->path())) ++incomplete;
            }
        }
    });
    store::StoreReader r(db);
    exports::ExportSource src{tiny_codebook(), "cb1"};
    exports::ExportOptions opts;
    opts.keep = 3;
    for (int i = 0; i < 25; ++i) {
        auto res = exports::write_export(r, src, opts, root, export_now() + std::chrono::seconds(i));
        REQUIRE_MESSAGE(res.ok, res.error);
    }
    done = true;
    reader.join();
    CHECK(incomplete.load() == 0);
    CHECK(checks.load() > 0);
    // Nothing half written or half deleted is left behind either.
    for (auto& e : fs::directory_iterator(root)) CHECK(e.path().filename().string().front() != '.');
    INFO("temporary directories seen by the reader: " << temporaries.load());
    CHECK(names(ExportDirectory::list(root)) == std::vector<std::string>{"smsgw-export-20261127T201522Z",
                                                                         "smsgw-export-20261127T201523Z",
                                                                         "smsgw-export-20261127T201524Z"});
}

TEST_CASE("retention keeps the newest N and never touches anything else in the root") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    const fs::path root = tmp.path / "out";
    fs::create_directories(root / "smsgw-export-notes");        // not an export name
    fs::create_directories(root / "smsgw-export-20200101T000000"); // no Z: not ours
    std::ofstream(root / "smsgw-export-20200101T000000Z") << "a file, not a directory";
    fs::create_directories(root / "hq-inbox");

    store::StoreReader r(db);
    exports::ExportSource src{tiny_codebook(), "cb1"};
    exports::ExportOptions opts;
    opts.keep = 2;
    std::vector<std::string> pruned;
    for (int i = 0; i < 5; ++i) {
        auto res = exports::write_export(r, src, opts, root, export_now() + std::chrono::minutes(5 * i));
        REQUIRE(res.ok);
        for (auto& p : names(res.pruned)) pruned.push_back(p);
    }
    CHECK(pruned == std::vector<std::string>{"smsgw-export-20261127T201500Z", "smsgw-export-20261127T202000Z",
                                             "smsgw-export-20261127T202500Z"});
    CHECK(names(ExportDirectory::list(root)) ==
          std::vector<std::string>{"smsgw-export-20261127T203000Z", "smsgw-export-20261127T203500Z"});
    CHECK(fs::is_directory(root / "smsgw-export-notes"));
    CHECK(fs::is_directory(root / "smsgw-export-20200101T000000"));
    CHECK(fs::is_regular_file(root / "smsgw-export-20200101T000000Z"));
    CHECK(fs::is_directory(root / "hq-inbox"));

    opts.keep = 0;  // keep everything
    auto res = exports::write_export(r, src, opts, root, export_now() + std::chrono::hours(1));
    REQUIRE(res.ok);
    CHECK(res.pruned.empty());
    CHECK(ExportDirectory::list(root).size() == 3);
}

TEST_CASE("two exports in the same second get distinct names, ordered") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    std::vector<std::string> made;
    for (int i = 0; i < 11; ++i) {
        auto res = export_store(db, tmp.path / "out");
        REQUIRE(res.ok);
        made.push_back(res.path.filename().string());
    }
    CHECK(made.front() == "smsgw-export-20261127T201500Z");
    CHECK(made[1] == "smsgw-export-20261127T201500Z-2");
    CHECK(made.back() == "smsgw-export-20261127T201500Z-11");
    CHECK(names(ExportDirectory::list(tmp.path / "out")) == made);  // -11 sorts after -2
}

TEST_CASE("a temporary directory of a dead process is cleaned up; a failed export leaves nothing") {
    TempDir tmp;
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    const fs::path root = tmp.path / "out";
    fs::create_directories(root / ".smsgw-export-20261127T200000Z.tmp-999999999-0");  // no such pid
    auto res = export_store(db, root);
    REQUIRE(res.ok);
    CHECK(!fs::exists(root / ".smsgw-export-20261127T200000Z.tmp-999999999-0"));

    // The root is a file: no export, a clear error, nothing written.
    std::ofstream(tmp.path / "blocked") << "x";
    auto bad = export_store(db, tmp.path / "blocked");
    CHECK(!bad.ok);
    CHECK(bad.error.find("blocked") != std::string::npos);

    // Unwritable root (skipped as root, who may write anyway).
    if (::geteuid() != 0) {
        fs::create_directories(tmp.path / "ro");
        fs::permissions(tmp.path / "ro", fs::perms::owner_read | fs::perms::owner_exec);
        auto ro = export_store(db, tmp.path / "ro");
        CHECK(!ro.ok);
        fs::permissions(tmp.path / "ro", fs::perms::owner_all);
    }
}

TEST_CASE("ExportDirectory: an unpublished temporary disappears with the object") {
    TempDir tmp;
    fs::path temporary;
    {
        ExportDirectory dir(tmp.path, export_now());
        REQUIRE(dir.error().empty());
        temporary = dir.temporary();
        CHECK(!dir.write("a.csv", "x\r\n"));
        CHECK(fs::exists(temporary / "a.csv"));
        CHECK(temporary.filename().string().front() == '.');
    }
    CHECK(!fs::exists(temporary));
    CHECK(ExportDirectory::list(tmp.path).empty());
}

TEST_CASE("a missing store file is refused by the reader; a missing codebook is an error, not a crash") {
    TempDir tmp;
    CHECK_THROWS_AS(store::StoreReader((tmp.path / "none.db").string()), store::StoreOpenError);
    const std::string db = (tmp.path / "s.db").string();
    fill_store(db);
    store::StoreReader r(db);
    auto res = exports::write_export(r, exports::ExportSource{}, {}, tmp.path / "out", export_now());
    CHECK(!res.ok);
    CHECK(!fs::exists(tmp.path / "out"));
}
