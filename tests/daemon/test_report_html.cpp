// report.html as HQ gets it: well-formed, self-contained (no script, no URL), every text escaped, official parts or their absence.
#include "daemon/report/report_html.hpp"
#include "report_fixture.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <vector>

using namespace report_test;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
    return n;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Well-formed enough for every browser to read it as written: each element closed in order (void
// elements and "/>" aside), every attribute value quoted, one <html>, <head> and <body>. Returns
// the first problem, or "".
std::string structure_problem(const std::string& html) {
    static const std::set<std::string> void_elements = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"};
    std::vector<std::string> open;
    const std::regex tag(R"(<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*(?:="[^"]*")?)*)\s*(/?)>)");
    std::size_t pos = html.find('>', html.find("<!DOCTYPE html>")) + 1;
    for (std::sregex_iterator it(html.begin() + static_cast<long>(pos), html.end(), tag), end; it != end; ++it) {
        const std::string name = (*it)[2], closing = (*it)[1], self = (*it)[4];
        if (name == "style") {  // skip the stylesheet's text
            if (closing.empty()) open.push_back(name);
            else if (open.empty() || open.back() != name) return "stray </style>";
            else open.pop_back();
            continue;
        }
        if (!closing.empty()) {
            if (open.empty() || open.back() != name)
                return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
            open.pop_back();
        } else if (self.empty() && !void_elements.count(name)) {
            open.push_back(name);
        }
    }
    if (!open.empty()) return "<" + open.back() + "> never closed";
    // Every '<' starts a tag we matched (text has its '<' escaped): count both ways.
    const std::size_t tags = static_cast<std::size_t>(std::distance(
        std::sregex_iterator(html.begin() + static_cast<long>(pos), html.end(), tag), std::sregex_iterator()));
    if (occurrences(html.substr(pos), "<") != tags) return "a '<' that starts no well-formed tag";
    return "";
}

}  // namespace

TEST_CASE("the page is one well-formed HTML document, UTF-8, with every section") {
    const std::string html = report::render_report(input());
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(structure_problem(html) == "");
    for (const char* id : {"id=\"glance\"", "id=\"c-PL-0\"", "id=\"districts\"", "id=\"c-DM-3\"", "id=\"completeness\"",
                           "id=\"stations\"", "id=\"anomalies\""})
        CHECK_MESSAGE(html.find(id) != std::string::npos, id);
    CHECK(occurrences(html, "<html") == 1);
    CHECK(occurrences(html, "<body>") == 1);
    CHECK(html == report::render_report(input()));  // a pure function: same input, same bytes
}

TEST_CASE("self-contained: no script, no URL to fetch, links only within the page") {
    report::ReportInput in = input();
    const official::VerifyResult v = verify();
    in.verify = &v;
    const std::string html = lower(report::render_report(in));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("http:") == std::string::npos);  // not even an xmlns: inline SVG needs none in HTML
    CHECK(html.find("https:") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(html.find("@font-face") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find(" src=") == std::string::npos);
    const std::regex handler(R"(<[^>]*\son[a-z]+=)");
    CHECK_FALSE(std::regex_search(html, handler));  // no event handler attributes either
    const std::regex href(R"(href="([^"]*)\")");
    for (std::sregex_iterator it(html.begin(), html.end(), href), end; it != end; ++it)
        CHECK_MESSAGE((*it)[1].str().rfind('#', 0) == 0, (*it)[1].str());
    const std::regex url(R"(url\(([^)]*)\))");
    for (std::sregex_iterator it(html.begin(), html.end(), url), end; it != end; ++it)
        CHECK_MESSAGE((*it)[1].str().rfind('#', 0) == 0, (*it)[1].str());
}

TEST_CASE("every text is escaped; Cyrillic names stay as they are") {
    const std::string html = report::render_report(input());
    CHECK(html.find("<script>alert(1)") == std::string::npos);
    CHECK(html.find("O&#39;Brien &amp; &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("Партия «Степь»") != std::string::npos);
    CHECK(html.find("Северная область") != std::string::npos);
    CHECK(html.find("<title>Quick count — Республика Тест — выборы &lt;2026&gt;</title>") != std::string::npos);
    CHECK(html.find("merged &lt;fewer than 2 reports&gt;") != std::string::npos);
}

TEST_CASE("per contest: bars with 95% intervals, the convergence over the takes, the point of stability") {
    const std::string html = report::render_report(input());
    CHECK(html.find("49.5%") != std::string::npos);  // A's estimate beside its bar
    CHECK(html.find("±1.2") != std::string::npos);   // and its margin in points
    CHECK(html.find("95% interval 48.33% to 50.75%") != std::string::npos);  // the bar's tooltip
    CHECK(occurrences(html, "class=\"whisker\"") == 5);                     // 3 parties + 2 candidates
    CHECK(occurrences(html, "<polyline class=\"cline\"") == 3 + 2);          // the leading options over the takes
    CHECK(html.find("take 3: A 49.54%") != std::string::npos);
    CHECK(html.find("stable since take 2") != std::string::npos);            // A 50.0, B 30.0, C 20.0 inside take 3's
    CHECK(html.find("Invalid ballots <b>2.09%</b> ±0.04") != std::string::npos);  // hundredths where they matter
    CHECK(html.find("Lead of A over B <b>12.0 points</b>") != std::string::npos);
    CHECK(html.find("run-off") != std::string::npos);
}

TEST_CASE("completeness per region and per district, names from the codebook") {
    const std::string html = report::render_report(input());
    const std::size_t at = html.find("id=\"completeness\"");
    REQUIRE(at != std::string::npos);
    const std::string part = html.substr(at, html.find("id=\"stations\"") - at);
    CHECK(part.find("Северная область") != std::string::npos);
    CHECK(part.find("500 of 600") != std::string::npos);
    CHECK(part.find("312 of 400") != std::string::npos);
    CHECK(part.find("not sampled") != std::string::npos);  // a region without sampled stations
    CHECK(part.find("9 of 12") != std::string::npos);      // the district
}

TEST_CASE("without official results the page says so where they would be, and marks nothing") {
    const std::string html = report::render_report(input());
    CHECK(html.find("No official results imported") != std::string::npos);
    const std::size_t stations = html.find("id=\"stations\""), anomalies = html.find("id=\"anomalies\"");
    CHECK(html.find("no official results imported", stations) < anomalies);
    CHECK(html.find("no official results imported", anomalies) != std::string::npos);
    CHECK(html.find("class=\"official\"") == std::string::npos);
    CHECK(html.find("<table class=\"verdicts\"") == std::string::npos);
}

TEST_CASE("with official results: marks coloured by verdict, verdicts, calls, the station diff, the anomalies") {
    report::ReportInput in = input();
    const official::VerifyResult v = verify();
    in.verify = &v;
    const std::string html = report::render_report(in);
    CHECK(structure_problem(html) == "");
    CHECK(html.find("No official results imported") == std::string::npos);
    CHECK(html.find("no official results imported") == std::string::npos);
    // The diamonds: A inside 95% (green), B outside (red), C inside 99% only (amber), the district's A.
    CHECK(occurrences(html, "class=\"official\"") == 4);
    CHECK(html.find("fill=\"#2e7d32\"") != std::string::npos);
    CHECK(html.find("fill=\"#c62828\"") != std::string::npos);
    CHECK(html.find("fill=\"#b26a00\"") != std::string::npos);
    CHECK(html.find("official 27.90%, outside the 99% interval") != std::string::npos);
    CHECK(occurrences(html, "<table class=\"verdicts\"") == 2 + 1);  // PL, DM, PL's regions
    CHECK(html.find("Official call: <b>first-round win A</b> · PVT call: <b>run-off</b>") != std::string::npos);
    CHECK(html.find("the calls differ") != std::string::npos);
    CHECK(html.find("Turnout <b>63.1%</b> ±0.8 · official 64.0%") != std::string::npos);
    // The station diff: what differs or is missing, ranked as verify ranked it; the match only counted.
    const std::size_t first = html.find("02017</b>"), second = html.find("01002</b>"), third = html.find("01009</b>");
    REQUIRE(first != std::string::npos);
    CHECK(first < second);
    CHECK(second < third);
    CHECK(html.find("01001</b>") == std::string::npos);
    CHECK(html.find("<b>1</b> match the monitor") != std::string::npos);
    CHECK(html.find("<b>A</b> 312 → 462") != std::string::npos);
    CHECK(html.find("<td>Capital</td><td>R</td>") != std::string::npos);  // the region by its name
    CHECK(html.find("no official row") != std::string::npos);
    // Anomalies: screen, source, escaped detail, the numbers.
    CHECK(html.find("<code>turnout_over_100</code>") != std::string::npos);
    CHECK(html.find("turnout 104.2% (&lt;check&gt; the protocol)") != std::string::npos);
    CHECK(html.find("turnout 1.042") != std::string::npos);
}

TEST_CASE("one take, or none: the convergence chart says what it needs instead of drawing a dot") {
    report::ReportInput in = input();
    in.takes.resize(1);
    std::string html = report::render_report(in);
    CHECK(html.find("needs two takes with data; there is 1 so far") != std::string::npos);
    CHECK(html.find("<polyline") == std::string::npos);
    in.takes.clear();
    html = report::render_report(in);
    CHECK(html.find("there are 0 so far") != std::string::npos);
    CHECK(structure_problem(html) == "");
}
