// smsgw-export.xlsx opened by a real spreadsheet program: `smsgw export`, then LibreOffice headless
// converts the workbook to a flat ODF file, and the cells it read are checked (issue 13). Skipped,
// with a message saying so, where soffice is not installed (build.sh installs libreoffice-calc-nogui).
#include "../daemon/test_export_fixture.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/temp_dir.hpp"
#include "fods_reader.hpp"

#include "codebooks/csv.hpp"

#include <chrono>
#include <cstdlib>

using namespace export_test;

namespace {

const std::string tiny = std::string(SMSGW_TEST_DATA) + "/codebooks/tiny";

std::string find_soffice() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    for (std::size_t i = 0; i <= dirs.size();) {
        std::size_t j = dirs.find(':', i);
        if (j == std::string::npos) j = dirs.size();
        const fs::path p = fs::path(dirs.substr(i, j - i)) / "soffice";
        if (!p.parent_path().empty() && ::access(p.c_str(), X_OK) == 0) return p.string();
        i = j + 1;
    }
    return "";
}

// One export of the fixed store, its workbook converted once: every test case reads the same result.
struct Opened {
    TempDir tmp;
    fs::path export_dir;
    fods::Document doc;
    double seconds = 0;

    explicit Opened(const std::string& soffice) {
        const std::string db = (tmp.path / "s.db").string();
        fill_store(db);
        auto r = smsgw::test::run_command({SMSGW_BINARY, "export", "--db", db, "--out", (tmp.path / "out").string(),
                                          "--codebook", tiny});
        REQUIRE_MESSAGE(r.exited_ok(), r.out);
        export_dir = r.out.substr(0, r.out.find('\n'));
        REQUIRE(fs::exists(export_dir / exports::workbook_file));

        // A profile and HOME of its own: parallel runs (and a desktop session) never share one.
        const fs::path home = tmp.path / "home", converted = tmp.path / "converted";
        fs::create_directories(home);
        const auto t0 = std::chrono::steady_clock::now();
        auto c = smsgw::test::run_command(
            {"/usr/bin/env", "HOME=" + home.string(), soffice, "-env:UserInstallation=file://" + (home / "lo").string(),
             "--headless", "--norestore", "--convert-to", "fods", "--outdir", converted.string(),
             (export_dir / exports::workbook_file).string()},
            {}, std::chrono::seconds(120), true);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const fs::path fods_file = converted / "smsgw-export.fods";
        REQUIRE_MESSAGE(fs::exists(fods_file), "soffice: " << smsgw::test::describe_status(c.status) << "\n" << c.out);
        doc = fods::read(slurp(fods_file));
        if (smsgw::test::keep_temp_dirs()) {  // the export and what LibreOffice made of it, for a post-mortem
            const fs::path keep = fs::temp_directory_path() / ("smsgw-e2e-workbook-" + std::to_string(::getpid()));
            fs::create_directories(keep);
            fs::copy(export_dir, keep / "export");
            fs::copy_file(fods_file, keep / fods_file.filename());
            MESSAGE("kept in " << keep.string());
        }
    }

    CsvDocument csv(const std::string& name) const {
        CsvDocument d = parse_csv(slurp(export_dir / name));
        REQUIRE(d.errors.empty());
        return d;
    }
};

const Opened* opened() {
    static const std::string soffice = find_soffice();
    if (soffice.empty()) return nullptr;
    static const Opened o(soffice);
    return &o;
}

#define OPEN_OR_SKIP(o)                                                                              \
    const Opened* o = opened();                                                                      \
    if (!o) {                                                                                        \
        MESSAGE("SKIPPED: soffice not found on PATH (install libreoffice-calc-nogui: ./build.sh deps)"); \
        return;                                                                                      \
    }

}  // namespace

TEST_CASE("LibreOffice reads every sheet with the CSV's header and rows, filter buttons on all of it") {
    OPEN_OR_SKIP(o);
    MESSAGE("soffice converted the workbook in " << o->seconds << " s");
    REQUIRE(o->doc.sheets.size() == std::size(exports::export_tables));
    for (std::size_t i = 0; i < o->doc.sheets.size(); ++i) {
        const std::string file = exports::export_tables[i].file;
        const fods::Sheet& sheet = o->doc.sheets[i];
        CAPTURE(file);
        CHECK(sheet.name + ".csv" == file);
        const CsvDocument csv = o->csv(file);
        CHECK(sheet.rows.size() == csv.records.size());
        for (std::size_t c = 0; c < csv.records[0].fields.size(); ++c) CHECK(sheet.rows.at(0).at(c).text == csv.records[0].fields[c]);
        // Filter buttons over the header and every row. (A headless conversion has no view, so
        // LibreOffice writes no frozen panes back: test_export_xlsx checks the pane in the file.)
        std::string last;
        for (std::size_t n = csv.records[0].fields.size(); n; n = (n - 1) / 26) last.insert(last.begin(), char('A' + (n - 1) % 26));
        CHECK(sheet.filter_range == sheet.name + ".A1:" + sheet.name + "." + last + std::to_string(csv.records.size()));
    }
}

TEST_CASE("LibreOffice keeps codes and phones as text, shares as percent numbers, times as dates, Cyrillic") {
    OPEN_OR_SKIP(o);
    const fods::Sheet& reports = o->doc.sheet("reports");
    for (const char* col : {"station", "region", "sender", "reference", "form"}) {
        CAPTURE(col);
        CHECK(reports.at(1, col).type == "string");
    }
    CHECK(reports.at(1, "station").text == "01001");
    CHECK(reports.at(1, "region").text == "01");
    CHECK(reports.at(1, "sender").text == "+77010000001");
    CHECK(reports.at(1, "reference").text == "#1A01");
    CHECK(reports.at(1, "report_id").type == "float");
    CHECK(reports.at(1, "report_id").value == "1");
    CHECK(reports.at(1, "received_utc").type == "date");
    CHECK(reports.at(1, "received_utc").value == "2026-11-27T15:00:00");
    CHECK(reports.at(1, "received_utc").text == "2026-11-27 15:00:00 UTC");

    // Station 01002 (and every station) as written, in every sheet that names stations.
    const fods::Sheet& missing = o->doc.sheet("missing");
    bool seen_01002 = false;
    for (std::size_t r = 1; r < missing.rows.size(); ++r) {
        CHECK(missing.at(r, "station").type == "string");
        CHECK(missing.at(r, "station").text.size() == 5);
        seen_01002 = seen_01002 || missing.at(r, "station").text == "01002";
        if (!missing.at(r, "monitor_name").text.empty()) CHECK(missing.at(r, "monitor_phone").type == "string");
    }
    CHECK(seen_01002);
    CHECK(missing.at(missing.row_where("station", "01004"), "monitor_name").text == "Монитор Үш");
    CHECK(missing.at(missing.row_where("station", "01004"), "monitor_phone").text == "+77010000003");

    const fods::Sheet& estimates = o->doc.sheet("estimates");
    CHECK(estimates.at(1, "share").type == "percentage");
    CHECK(std::stod(estimates.at(1, "share").value) == doctest::Approx(0.5));
    CHECK(estimates.at(1, "share").text == "50.00%");
    CHECK(estimates.at(2, "share").type == "percentage");
    CHECK(std::stod(estimates.at(2, "share").value) == doctest::Approx(0.366071));
    CHECK(estimates.at(2, "share").text == "36.61%");
    CHECK(estimates.at(2, "share_percent").type == "float");
    CHECK(std::stod(estimates.at(2, "share_percent").value) == doctest::Approx(36.61));
    CHECK(estimates.at(1, "reported").type == "float");

    const fods::Sheet& incidents = o->doc.sheet("incidents");
    CHECK(incidents.at(1, "comment").text == "Вбросы, \"карусель\"\nвторой ряд");
    CHECK(incidents.at(1, "monitor_phone").text == "+77010000001");
    CHECK(o->doc.sheet("quarantined").at(1, "imei").type == "string");
    CHECK(o->doc.sheet("quarantined").at(1, "imei").text == "356938035643809");
}

TEST_CASE("LibreOffice reads every non-empty CSV value back, as the same text or the same number") {
    OPEN_OR_SKIP(o);
    std::size_t compared = 0;
    for (const auto& t : exports::export_tables) {
        const CsvDocument csv = o->csv(t.file);
        const fods::Sheet& sheet = o->doc.sheet(std::string(t.file).substr(0, std::string(t.file).rfind(".csv")));
        const auto& header = csv.records[0].fields;
        for (std::size_t r = 1; r < csv.records.size(); ++r)
            for (std::size_t c = 0; c < header.size(); ++c) {
                const std::string& v = csv.records[r].fields[c];
                const fods::Cell& cell = sheet.at(r, header[c]);
                CAPTURE(t.file);
                CAPTURE(header[c]);
                CAPTURE(v);
                if (v.empty()) {
                    CHECK(cell.type.empty());
                } else if (cell.type == "string") {
                    CHECK(cell.text == exports::CsvWriter::unguarded(v));
                } else if (cell.type == "date") {
                    CHECK(cell.value + "Z" == v);
                } else {
                    CHECK(std::stod(cell.value) == doctest::Approx(std::stod(v)).epsilon(1e-9));
                }
                ++compared;
            }
    }
    CHECK(compared > 500);
}
