// Golden console lines: one per outcome, reply, modem state change and summary, plain and journald styles.
// SMSGW_REGENERATE=1 rewrites tests/daemon/console_golden.expected from this run (review the diff!).
#include "daemon/console/console_lines.hpp"
#include "daemon/console/logger.hpp"
#include "tests/support/files.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

const std::string golden_path = std::string(SMSGW_TEST_DATA) + "/daemon/console_golden.expected";

// 2026-11-27 20:15:03 UTC: the lines' time stamps are local time, so the tests run in UTC.
std::chrono::system_clock::time_point fixed_clock() { return std::chrono::system_clock::from_time_t(1795810503); }

struct Case {
    std::string name;
    ConsoleLine line;
};

MessageEvent message(std::string_view text, Status status, std::string_view disposition, std::string_view code = "",
                     std::string_view ref = "#1A02") {
    MessageEvent e;
    e.modem = "sim1";
    e.sender = "+77010000001";
    e.text = text;
    e.status = status;
    e.disposition = disposition;
    e.code = code;
    e.reference = ref;
    return e;
}

std::vector<Case> cases() {
    std::vector<Case> out;
    out.push_back({"accepted", message_line(message("R 01001 A500 B300 C100 X10 T910", Status::accepted, "new"))});
    out.push_back({"warning", message_line(message("R 02001 A950 B700 C250 X20 T1920", Status::warning, "new",
                                                   "CHECK_WARNING", "#1A11"))});
    out.push_back({"rejected with its error code",
                   message_line(message("R 01004 A1", Status::rejected, "rejected", "MISSING_TAGS", "#1A07"))});
    out.push_back({"duplicate", message_line(message("R 01001 A500 B300 C100 X10 T910", Status::accepted, "duplicate",
                                                     "", "#1A03"))});
    out.push_back({"correction", message_line(message("R 01001 A510 B300 C100 X10 T920", Status::accepted,
                                                      "correction", "", "#1A04"))});
    out.push_back({"conflict", message_line(message("D 02002 A600 B700 C100 X10 T1410", Status::rejected, "conflict",
                                                    "CONFLICT", "#1A09"))});
    {
        MessageEvent e = message("R 01001 A1 B2", Status::rejected, "unregistered", "UNREGISTERED_SENDER", "#1A12");
        e.sender = "+79990000000";
        e.reply_skipped = "policy";
        out.push_back({"unregistered", message_line(e)});
    }
    out.push_back({"incident, Cyrillic comment shortened",
                   message_line(message("N 01001 1 12 @Вбросы, \"карусель\"\nвторой ряд у окна, наблюдателя выгнали",
                                        Status::accepted, "incident", "", "#1A05"))});
    {
        MessageEvent e = message("R 01005 A10 B", Status::rejected, "rejected", "MISSING_TAGS", "#1A13");
        e.incomplete = true;
        out.push_back({"incomplete multipart", message_line(e)});
    }
    {
        MessageEvent e = message("hello", Status::rejected, "rejected", "UNKNOWN_FORM", "");
        e.sender = "BEELINE";
        e.reply_skipped = "alphanumeric sender";
        out.push_back({"no reply to an alphanumeric sender", message_line(e)});
    }
    out.push_back({"could not be processed", message_line(message("R 01001 A1", Status::rejected, "error"))});
    out.push_back({"reply sent", reply_line({"sim1", 417, true, 1, 255, "", false})});
    out.push_back({"reply sent in two parts", reply_line({"sim2", 418, true, 2, -1, "", false})});
    out.push_back({"reply failed, to retry", reply_line({"at1", 419, false, 0, -1, "ERR_TIMEOUT", false})});
    out.push_back(
        {"reply failed, given up", reply_line({"at1", 420, false, 0, -1, "CMS ERROR 38: network out of order", true})});
    out.push_back({"modem connecting", modem_state_line("at1", "connecting", "")});
    out.push_back({"modem running", modem_state_line("at1", "running", "")});
    out.push_back({"modem backing off", modem_state_line("at1", "backing_off", "ERR_TIMEOUT: no response")});
    out.push_back({"modem PIN failed", modem_state_line("sim2", "pin_failed", "ERR_SECURITYERROR")});
    out.push_back({"modem stopped", modem_state_line("sim1", "stopped", "")});
    out.push_back({"summary", summary_line(41.25, 40.5, {{"sim1", "running"}, {"sim2", "running"}, {"at1", "backing_off"}})});
    out.push_back({"summary, no modems", summary_line(0, 0, {})});
    out.push_back({"contest summary", contest_line({"PL",
                                                    905,
                                                    1000,
                                                    {{"A", true, 0.39912, 0.0021},
                                                     {"B", true, 0.2093, 0.0152},
                                                     {"C", true, 0.1101, 0.0009},
                                                     {"D", true, 0.092, 0.0008},
                                                     {"E", true, 0.066, 0.0007}},
                                                    "run-off"})});
    out.push_back({"contest summary, no data", contest_line({"PL", 0, 1000, {{"A", false, 0, 0}}, "no data"})});
    return out;
}

std::string render(const std::vector<Case>& cs) {
    Logger plain(LogLevel::debug, stdout, LogStyle::plain, fixed_clock);
    Logger journal(LogLevel::debug, stdout, LogStyle::journal, fixed_clock);
    std::string out;
    for (const auto& c : cs) {
        out += "# " + c.name + "\n";
        out += plain.format_line(c.line.level, c.line.category, c.line.text) + "\n";
        out += journal.format_line(c.line.level, c.line.category, c.line.text) + "\n";
    }
    return out;
}

using smsgw::test::slurp;

struct Utc {
    Utc() {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};

}  // namespace

TEST_CASE("every console line matches the golden file, plain and journald") {
    Utc utc;
    const std::string got = render(cases());
    const char* regen = std::getenv("SMSGW_REGENERATE");
    if (regen && std::string(regen) == "1") {
        std::ofstream(golden_path, std::ios::binary) << got;
        MESSAGE("rewrote " << golden_path);
        return;
    }
    const std::string want = slurp(golden_path);
    REQUIRE_MESSAGE(!want.empty(), "missing " << golden_path << ": run with SMSGW_REGENERATE=1");
    // Line by line, so a difference names its case.
    std::vector<std::string> g, w;
    for (auto* v : {&g, &w}) v->clear();
    auto split = [](const std::string& s, std::vector<std::string>& out) {
        std::size_t at = 0;
        for (std::size_t nl; (nl = s.find('\n', at)) != std::string::npos; at = nl + 1) out.push_back(s.substr(at, nl - at));
    };
    split(got, g);
    split(want, w);
    CHECK(g.size() == w.size());
    for (std::size_t i = 0; i < g.size() && i < w.size(); ++i) CHECK_MESSAGE(g[i] == w[i], "line " << i + 1);
}

TEST_CASE("levels: rejections and conflicts warn, failures that lose something are errors") {
    CHECK(message_line(message("x", Status::accepted, "new")).level == LogLevel::info);
    CHECK(message_line(message("x", Status::accepted, "duplicate")).level == LogLevel::info);
    CHECK(message_line(message("x", Status::rejected, "rejected", "BAD_VALUE")).level == LogLevel::warning);
    CHECK(message_line(message("x", Status::rejected, "conflict", "CONFLICT")).level == LogLevel::warning);
    CHECK(message_line(message("x", Status::rejected, "error")).level == LogLevel::error);
    CHECK(reply_line({"m", 1, false, 0, -1, "e", false}).level == LogLevel::warning);
    CHECK(reply_line({"m", 1, false, 0, -1, "e", true}).level == LogLevel::error);
    CHECK(modem_state_line("m", "pin_needed", "").level == LogLevel::error);
    CHECK(modem_state_line("m", "running", "").level == LogLevel::info);
    CHECK(message_line(message("x", Status::accepted, "new")).category == LogCategory::parse);
    CHECK(reply_line({"m", 1, true, 1, 1, "", false}).category == LogCategory::reply);
    CHECK(contest_line({"PL", 0, 0, {}, "no data"}).category == LogCategory::quickcount);
}

TEST_CASE("a tired operator's log: sent replies are debug, summaries notice, no line wider than 100 columns") {
    CHECK(reply_line({"m", 1, true, 1, 1, "", false}).level == LogLevel::debug);
    CHECK(summary_line(1, 1, {}).level == LogLevel::notice);
    CHECK(contest_line({"PL", 0, 0, {}, "no data"}).level == LogLevel::notice);
    Logger plain(LogLevel::debug, stdout, LogStyle::plain, fixed_clock);
    for (const auto& c : cases()) {
        const std::string line = plain.format_line(c.line.level, c.line.category, c.line.text);
        // Why no reply went out is said whole, even past the width (a terminal wraps it).
        if (line.find("(no reply: ") != std::string::npos) continue;
        std::size_t at = 0;
        for (std::size_t nl;; at = nl + 1) {
            nl = line.find('\n', at);
            const std::string_view piece = std::string_view(line).substr(at, nl == std::string::npos ? nl : nl - at);
            CHECK_MESSAGE(console_length(piece) <= console_width, c.name << ": " << piece);
            if (nl == std::string::npos) break;
        }
    }
    // A long text: whole on one line into a file or a pipe (grep finds it), wrapped on a terminal
    // with every word still there.
    const std::string long_text =
        "the export command failed (exit 23): rsync: [sender] link_stat \"/var/lib/smsgw/exports/x\" failed: "
        "No such file or directory (2) and more words after it";
    CHECK(plain.format_line(LogLevel::error, LogCategory::export_, long_text) == "20:15:03 ERROR export " + long_text);
    CHECK(plain.format_line(LogLevel::error, LogCategory::store, "found:\nPage 1\tbad") ==
          "20:15:03 ERROR store  found: Page 1 bad");
    Logger terminal(LogLevel::debug, stdout, LogStyle::color, fixed_clock);
    std::string shown = terminal.format_line(LogLevel::error, LogCategory::export_, long_text);
    for (std::size_t at; (at = shown.find('\033')) != std::string::npos;) shown.erase(at, shown.find('m', at) - at + 1);
    CHECK(shown.find('\n') != std::string::npos);
    std::string unwrapped;
    std::size_t at = 0;
    for (std::size_t nl;; at = nl + 1) {
        nl = shown.find('\n', at);
        const std::string piece = shown.substr(at, nl == std::string::npos ? nl : nl - at);
        CHECK_MESSAGE(console_length(piece) <= console_width, piece);
        unwrapped += at == 0 ? piece : piece.substr(console_prefix_width);
        if (nl == std::string::npos) break;
    }
    CHECK(unwrapped == "20:15:03 ERROR export " + long_text);
}

TEST_CASE("the time column follows set_time_text: the election's local time once its zone is known") {
    Utc utc;
    Logger plain(LogLevel::debug, stdout, LogStyle::plain, fixed_clock);
    const std::string before = plain.format_line(LogLevel::info, LogCategory::daemon, "x");
    plain.set_time_text([](std::chrono::system_clock::time_point) { return std::string("01:15:03"); });
    const std::string after = plain.format_line(LogLevel::info, LogCategory::daemon, "x");
    CHECK(before.rfind("20:15:03 ", 0) == 0);
    CHECK(after.rfind("01:15:03 ", 0) == 0);
}

TEST_CASE("a line written through the logger is the golden line plus a newline") {
    Utc utc;
    char* buf = nullptr;
    std::size_t size = 0;
    std::FILE* f = ::open_memstream(&buf, &size);
    {
        Logger log(LogLevel::info, f, LogStyle::journal, fixed_clock);
        ConsoleLine sent = reply_line({"sim1", 417, true, 1, 255, "", false});
        log.write(sent.level, sent.category, sent.text);  // debug: below info, not written
        ConsoleLine l = reply_line({"at1", 419, false, 0, -1, "ERR_TIMEOUT", false});
        log.write(l.level, l.category, l.text);
    }
    std::fclose(f);
    CHECK(std::string(buf, size) == "<4>reply  at1    reply 419 failed: ERR_TIMEOUT; queued to retry\n");
    std::free(buf);
}
