// report.html in a real browser: headless Chromium renders it offline to a non-trivial PNG and a DOM with every section.
#include "daemon/report/report_html.hpp"
#include "report_fixture.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/files.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

using namespace report_test;
namespace fs = std::filesystem;

namespace {

// Chromium as Debian installs it (build.sh PACKAGES has `chromium`); empty when none is installed.
std::string find_chromium() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        std::size_t start = 0;
        while (start <= dirs.size()) {
            const std::size_t end = std::min(dirs.find(':', start), dirs.size());
            const fs::path p = fs::path(dirs.substr(start, end - start)) / name;
            if (!p.parent_path().empty() && access(p.c_str(), X_OK) == 0) return p.string();
            start = end + 1;
        }
    }
    return "";
}

// Runs argv, killed after 90 s (a wedged browser must not hang the suite), stdout to a file; the
// exit status, or -1.
int run(const std::vector<std::string>& argv, const fs::path& out) {
    const smsgw::test::CommandResult r = smsgw::test::run_command(argv, {}, std::chrono::seconds(90));
    smsgw::test::write_file(out, r.out);
    return r.exit_code();
}

std::vector<std::string> browser(const std::string& chromium, const takes_test::TempDir& tmp) {
    std::vector<std::string> a = {chromium, "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                  "--disable-extensions", "--user-data-dir=" + tmp.file("profile")};
    if (geteuid() == 0) a.push_back("--no-sandbox");  // Chromium refuses root otherwise (CI runs as root)
    return a;
}

std::uint32_t big_endian(const std::string& s, std::size_t at) {
    return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

}  // namespace

TEST_CASE("headless Chromium renders report.html offline: a full PNG and the DOM with every section") {
    const std::string chromium = find_chromium();
    if (chromium.empty()) {
        MESSAGE("Chromium is not installed (./build.sh deps installs it): this test has nothing to run");
        return;
    }
    takes_test::TempDir tmp;
    report::ReportInput in = input();
    const official::VerifyResult v = verify();
    in.verify = &v;
    const fs::path page = tmp.path / "report.html";
    std::ofstream(page, std::ios::binary) << report::render_report(in);
    const std::string url = "file://" + page.string();

    // The screenshot: a PNG of the window's size, far from blank (a white page of that size is ~10 KB).
    const fs::path png = tmp.path / "report.png";
    auto shot = browser(chromium, tmp);
    shot.insert(shot.end(), {"--window-size=1280,2400", "--screenshot=" + png.string(), url});
    CHECK(run(shot, tmp.path / "shot.log") == 0);
    const std::string image = takes_test::slurp(png);
    REQUIRE(image.size() > 24);
    CHECK(image.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CHECK(image.compare(12, 4, "IHDR") == 0);
    CHECK(big_endian(image, 16) == 1280);
    CHECK(big_endian(image, 20) == 2400);
    CHECK(image.size() > 60'000);
    // SMSGW_REPORT_SCREENSHOT=/tmp/r.png keeps the screenshot, and the page beside it (/tmp/r.png.html), to look at.
    if (const char* keep = std::getenv("SMSGW_REPORT_SCREENSHOT")) {
        fs::copy_file(png, keep, fs::copy_options::overwrite_existing);
        fs::copy_file(page, std::string(keep) + ".html", fs::copy_options::overwrite_existing);
    }

    // The DOM as the browser parsed it: the sections, the charts, the tables, the names intact.
    auto dump = browser(chromium, tmp);
    dump.insert(dump.end(), {"--dump-dom", url});
    CHECK(run(dump, tmp.path / "dom.html") == 0);
    const std::string dom = takes_test::slurp(tmp.path / "dom.html");
    for (const char* id : {"id=\"glance\"", "id=\"c-PL-0\"", "id=\"c-DM-3\"", "id=\"completeness\"", "id=\"stations\"",
                           "id=\"anomalies\""})
        CHECK_MESSAGE(dom.find(id) != std::string::npos, id);
    CHECK(dom.find("<svg") != std::string::npos);
    CHECK(dom.find("<polyline") != std::string::npos);
    CHECK(dom.find("Партия «Степь»") != std::string::npos);
    CHECK(dom.find("<script") == std::string::npos);  // the hostile name stayed text
    CHECK(dom.find("O'Brien &amp; &lt;script&gt;") != std::string::npos);
    CHECK(dom.find("02017") != std::string::npos);
    CHECK(dom.find("turnout_over_100") != std::string::npos);
}
