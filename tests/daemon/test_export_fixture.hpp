// Shared by the export tests: a temporary directory, the tiny codebook, and a fixed store to export.
#pragma once

#include "codebooks/codebook_loader.hpp"
#include "daemon/export/exporter.hpp"
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace export_test {

namespace fs = std::filesystem;
using namespace smsgw;
using smsgw::SystemTime;

using smsgw::test::TempDir;

using smsgw::test::slurp;

// The export tests link smsgw_export only, so the directory is read here rather than with
// daemon/codebook_dir.
inline CodebookPtr tiny_codebook() {
    const fs::path dir = fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny";
    CodebookSources src = smsgw::test::codebook_sources(dir);
    LoadResult r = load_codebook(src);
    REQUIRE(r.ok());
    return r.codebook;
}

// 2026-11-27T15:00:00Z plus `minutes`.
inline SystemTime at(int minutes) {
    return SystemTime(std::chrono::seconds(1795791600 + 60 * minutes));
}

// The fixed export time of the golden files: 2026-11-27T20:15:00Z.
inline SystemTime export_now() { return SystemTime(std::chrono::seconds(1795810500)); }

struct Entry {
    std::string sender, text;
    int minute = 0;
    bool processed = true;
    bool has_report = true;
    store::ReportRecord report{};
};

inline store::ReportRecord report(std::string form, std::string station, Status status, std::string disposition,
                                  std::string values, bool current, std::string reference) {
    store::ReportRecord r;
    r.form = std::move(form);
    r.station = std::move(station);
    r.status = status;
    r.disposition = std::move(disposition);
    r.values_json = std::move(values);
    r.current = current;
    r.reference = std::move(reference);
    r.codebook_version = "cb1";
    return r;
}

// A store with every case the exports distinguish: results (sampled and not, corrected, in conflict),
// a checklist, incidents (with a Cyrillic comment holding quotes, a comma and a newline, and its
// resent duplicate), rejected messages, a pending one, a spoofed sender that looks like a formula, and
// two quarantined SIM records (one undecodable, one that killed the modem process, its bytes lost).
inline void fill_store(const std::string& path) {
    int minute = 0;
    store::Store st(path, {.clock = [&minute] { return at(minute); }});

    std::vector<Entry> entries;
    auto add = [&](std::string sender, std::string text, int m, store::ReportRecord r) {
        Entry e{std::move(sender), std::move(text), m, true, true, std::move(r)};
        entries.push_back(std::move(e));
    };
    add("+77010000001", "S 01001 A0730 B1 C2 D135 E3", 0,
        report("S", "01001", Status::accepted, "new", R"({"A":730,"B":1,"C":2,"D":135,"E":3})", true, "1A01"));
    add("+77010000001", "R 01001 A500 B300 C100 X10 T910", 10,
        report("R", "01001", Status::accepted, "new", R"({"A":500,"B":300,"C":100,"X":10,"T":910})", true, "1A02"));
    add("87010000002", "R 01002 A400 B350 C150 X5 T905", 12,
        report("R", "01002", Status::accepted, "new", R"({"A":400,"B":350,"C":150,"X":5,"T":905})", true, "1A03"));
    add("87010000002", "R 01003 A300 B200 C100 X0 T600", 14,
        report("R", "01003", Status::accepted, "new", R"({"A":300,"B":200,"C":100,"X":0,"T":600})", true, "1A04"));
    {
        auto r = report("N", "01001", Status::accepted, "incident", "{}", true, "1A05");
        r.incidents_json = "[1,12]";
        r.comment = "Вбросы, \"карусель\"\nвторой ряд";
        add("+77010000001", "N 01001 1 12 @Вбросы, \"карусель\"\nвторой ряд", 20, r);
        auto dup = r;
        dup.disposition = "duplicate";
        dup.current = false;
        dup.reference = "1A06";
        add("+77010000001", "N 01001 1 12 @Вбросы, \"карусель\"\nвторой ряд", 21, dup);
    }
    {
        auto r = report("R", "01004", Status::rejected, "rejected", "{\"A\":1}", false, "1A07");
        r.errors_json = R"([{"code":"MISSING_TAGS","detail":"B C X T"}])";
        add("+7 701 000 00 03", "R 01004 A1", 30, r);
    }
    add("+77010000007", "D 02002 A700 B600 C100 X10 T1410", 40,
        report("D", "02002", Status::accepted, "new", R"({"A":700,"B":600,"C":100,"X":10,"T":1410})", true, "1A08"));
    {
        auto r = report("D", "02002", Status::accepted, "conflict", R"({"A":600,"B":700,"C":100,"X":10,"T":1410})",
                        true, "1A09");
        r.conflict = true;
        add("+77010000005", "D 02002 A600 B700 C100 X10 T1410", 41, r);
    }
    add("77010000006", "R 02001 A900 B700 C200 X20 T1820", 50,
        report("R", "02001", Status::accepted, "new", R"({"A":900,"B":700,"C":200,"X":20,"T":1820})", true, "1A10"));
    {
        auto r = report("R", "02001", Status::warning, "correction", R"({"A":950,"B":700,"C":250,"X":20,"T":1920})",
                        true, "1A11");
        r.warnings_json = R"([{"code":"CHECK_WARNING","detail":"high_turnout"}])";
        add("77010000006", "R 02001 A950 B700 C250 X20 T1920", 55, r);
    }
    {
        auto r = report("", "", Status::rejected, "unregistered", "{}", false, "1A12");
        r.errors_json = R"([{"code":"UNKNOWN_FORM","detail":"=cmd"}])";
        add("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", 60, r);
    }
    entries.push_back(Entry{"+77010000004", "R 01005 A10 B", 70, false, false, {}});

    std::int64_t previous_02001 = 0, first_02002 = 0;
    for (const Entry& e : entries) {
        minute = e.minute;
        auto r = st.write([&](store::Transaction& tx) -> store::Result<int> {
            ingest::AssembledMessage m;
            m.modem = "m1";
            m.imei = "356938035643809";
            m.sender = e.sender;
            m.smsc_time = "2026-11-27T15:00:00";
            m.received_at = at(e.minute);
            m.text = e.text;
            m.coding = "gsm7";
            auto id = tx.record_message(m);
            if (!id) return id.error();
            if (e.has_report) {
                auto rec = e.report;
                rec.message_id = *id;
                rec.sender = e.sender;
                auto sr = tx.record_report(rec);
                if (!sr) return sr.error();
                // A conflict withholds both versions until an operator resolves it.
                if (rec.form == "D" && rec.station == "02002") {
                    if (rec.conflict) (void)tx.set_report_conflict(first_02002, true);
                    first_02002 = sr->id;
                }
                if (rec.form == "R" && rec.station == "02001") {
                    if (previous_02001) (void)tx.supersede_report(previous_02001, sr->id);
                    previous_02001 = sr->id;
                }
            }
            if (e.processed) (void)tx.mark_processed(*id);
            return 0;
        });
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    }

    // What went out: replies sent, failed and still queued, a reminder, an HQ summary.
    enum class Fate { sent, failed, queued };
    auto send = [&](int m, store::ReplyRecord rec, Fate fate, const store::ReminderRecord* reminder = nullptr) {
        minute = m;
        auto r = st.write([&](store::Transaction& tx) -> store::Result<int> {
            auto id = tx.enqueue_reply(rec);
            if (!id) return id.error();
            if (reminder) {
                auto rem = *reminder;
                rem.reply_id = *id;
                if (auto x = tx.record_reminder(rem); !x) return x.error();
            }
            if (fate == Fate::queued) return 0;
            auto claimed = tx.claim_replies(1);
            if (!claimed) return claimed.error();
            REQUIRE(claimed->size() == 1);
            REQUIRE(claimed->front().id == *id);
            if (fate == Fate::sent) {
                if (auto x = tx.mark_reply_sent(*id, "m1", 17); !x) return x.error();
            } else if (auto x = tx.mark_reply_failed(*id, "m1", "CMS ERROR 38: network out of order",
                                                     store::RetryPolicy{.max_attempts = 1});
                       !x) {
                return x.error();
            }
            return 0;
        });
        REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    };
    send(1, {1, 1, "+77010000001", "S 01001 OK #1A01", "reply"}, Fate::sent);
    send(11, {2, 2, "+77010000001", "R 01001 A500 B300 C100 X10 T910 OK #1A02", "reply"}, Fate::sent);
    send(31, {7, 7, "+7 701 000 00 03", "R 01004: не хватает B C X T #1A07", "reply"}, Fate::failed);
    store::ReminderRecord reminder;
    reminder.window = "R@2026-11-27T16:05";
    reminder.form = "R";
    reminder.station = "02002";
    reminder.phone = "+77010000007";
    send(65, {std::nullopt, std::nullopt, "+77010000007", "Напоминание: пришлите R 02002", "reminder"}, Fate::sent,
         &reminder);
    // Queued ones last: a claim takes the oldest queued reply first.
    send(13, {3, 3, "87010000002", "R 01002 принято #1A03", "reply"}, Fate::queued);
    send(75, {std::nullopt, std::nullopt, "+77019990000", "PL 3/5: A 48.1+-3.2 B 35.0+-2.9; undetermined",
              "hq_summary"},
         Fate::queued);

    // Stored out of order: quarantined.csv lists them by the time the modem met them.
    store::QuarantineRecord crash;
    crash.modem = "m1";
    crash.imei = "356938035643809";
    crash.location = 12;
    crash.error = "SIGSEGV";
    crash.reason = "reading the record killed the modem process, twice";
    crash.detected_at = at(47);
    REQUIRE(st.quarantine(crash).ok());
    store::QuarantineRecord corrupt = crash;
    corrupt.location = 9;
    corrupt.error = "ERR_CORRUPTED";
    corrupt.reason = "libgammu cannot decode the record";
    corrupt.pdu_hex = "0791771000001000040b917710000000f100006211725100002105c8329bfd06";  // the sender is +77010000001
    corrupt.detected_at = at(45);
    REQUIRE(st.quarantine(corrupt).ok());
}

// Exports `db` with the tiny codebook at export_now().
inline exports::ExportResult export_store(const std::string& db, const fs::path& out, exports::ExportOptions opts = {}) {
    store::StoreReader reader(db);
    exports::ExportSource src{tiny_codebook(), "cb1"};
    return exports::write_export(reader, src, opts, out, export_now());
}

}  // namespace export_test
