// Exports of a fixed store: the files against golden copies, the manifest recomputed, the privacy switch.
#include "test_export_fixture.hpp"
#include "tests/support/run_smsgw.hpp"

#include "codebooks/csv.hpp"
#include "daemon/export/sha256.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <cstdio>
#include <memory>

using namespace export_test;

namespace {

const fs::path golden_dir = fs::path(SMSGW_TEST_DATA) / "daemon" / "export_golden";

// SMSGW_REGENERATE_GOLDEN=1 rewrites the golden files from this run (review the diff!).
bool regenerate() {
    const char* v = std::getenv("SMSGW_REGENERATE_GOLDEN");
    return v && std::string(v) == "1";
}

struct Exported {
    TempDir tmp;
    exports::ExportResult result;
    explicit Exported(exports::ExportOptions opts = {}) {
        fill_store((tmp.path / "s.db").string());
        result = export_store((tmp.path / "s.db").string(), tmp.path / "out", opts);
        REQUIRE_MESSAGE(result.ok, result.error);
    }
    std::string file(const std::string& name) const { return slurp(result.path / name); }
};

CsvDocument parse(const std::string& text) {
    CsvDocument doc = parse_csv(text);
    REQUIRE(doc.errors.empty());
    REQUIRE(!doc.records.empty());
    return doc;
}

// Column values of the rows whose column `key` equals `value`.
std::vector<std::string> column(const CsvDocument& doc, const std::string& name) {
    const auto& h = doc.records.front().fields;
    auto it = std::find(h.begin(), h.end(), name);
    REQUIRE_MESSAGE(it != h.end(), name);
    std::size_t k = static_cast<std::size_t>(it - h.begin());
    std::vector<std::string> out;
    for (std::size_t i = 1; i < doc.records.size(); ++i) out.push_back(doc.records[i].fields.at(k));
    return out;
}

bool has_column(const CsvDocument& doc, const std::string& name) {
    const auto& h = doc.records.front().fields;
    return std::find(h.begin(), h.end(), name) != h.end();
}

std::string sha256sum_tool(const fs::path& p) {
    const smsgw::test::Run r = smsgw::test::run_program({"sha256sum", p.string()});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    REQUIRE(r.out.size() >= 64);
    return r.out.substr(0, 64);
}

}  // namespace

TEST_CASE("the export of a fixed store matches the golden files") {
    Exported e;
    CHECK(e.result.path.filename() == "smsgw-export-20261127T201500Z");
    std::vector<std::string> names(std::begin(exports::export_files), std::end(exports::export_files));
    names.push_back(exports::report_file);
    names.push_back(exports::manifest_file);
    for (const std::string& name : names) {
        CAPTURE(name);
        const std::string got = e.file(name);
        if (regenerate()) {
            std::ofstream(golden_dir / name, std::ios::binary) << got;
            continue;
        }
        REQUIRE_MESSAGE(fs::exists(golden_dir / name), "run with SMSGW_REGENERATE_GOLDEN=1 to create it");
        CHECK(got == slurp(golden_dir / name));
    }
    // The workbook is not kept as a golden file: its SHA-256 in the golden manifest pins it (the
    // file is reproducible, its time stamps are the export's), test_export_xlsx reads what is in it.
    CHECK(fs::exists(e.result.path / exports::workbook_file));
    std::size_t entries = 0;
    for ([[maybe_unused]] auto& d : fs::directory_iterator(e.result.path)) ++entries;
    CHECK(entries == names.size() + 1);
}

TEST_CASE("reports.csv: one row per current report, tags as columns, station attributes, versions") {
    Exported e;
    const std::string text = e.file("reports.csv");
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
    auto doc = parse(text);
    // S 01001, R 01001, R 01002, R 01003, R 02001 (v2), D 02002 x2 (conflict), N 01001.
    CHECK(doc.records.size() == 1 + 8);
    auto form = column(doc, "form"), station = column(doc, "station");
    auto versions = column(doc, "versions"), version = column(doc, "version"), conflict = column(doc, "conflict");
    auto r_a = column(doc, "R_A"), s_a = column(doc, "S_A"), n_codes = column(doc, "N_codes");
    auto name = column(doc, "station_name"), sampled = column(doc, "sampled");
    bool seen_correction = false, seen_conflict = false;
    for (std::size_t i = 0; i < form.size(); ++i) {
        if (form[i] == "R" && station[i] == "02001") {
            seen_correction = true;
            CHECK(versions[i] == "2");
            CHECK(version[i] == "2");
            CHECK(r_a[i] == "950");
        }
        if (form[i] == "R" && station[i] == "01001") {
            CHECK(name[i] == "School No. 1, North");
            CHECK(sampled[i] == "1");
        }
        if (form[i] == "R" && station[i] == "01003") CHECK(sampled[i] == "0");
        if (form[i] == "S") CHECK(s_a[i] == "07:30");
        if (form[i] == "N") CHECK(n_codes[i] == "1;12");
        if (form[i] == "D" && conflict[i] == "1") seen_conflict = true;
        if (form[i] != "R") CHECK(r_a[i] == "");
    }
    CHECK(seen_correction);
    CHECK(seen_conflict);
    CHECK(column(doc, "monitor_name").at(2) == "Монитор Два");  // R 01002, by the sender's E.164
}

TEST_CASE("messages.csv lists every message with its outcome; a formula-like sender is defused") {
    Exported e;
    auto doc = parse(e.file("messages.csv"));
    CHECK(doc.records.size() == 1 + 13 + 2);  // 13 messages, a reminder, an HQ summary
    auto state = column(doc, "state"), status = column(doc, "status"), sender = column(doc, "sender");
    auto text = column(doc, "text"), errors = column(doc, "errors"), kind = column(doc, "kind");
    CHECK(kind.at(12) == "reminder");
    CHECK(kind.at(13) == "in");
    CHECK(state.at(13) == "pending");
    CHECK(status.at(13) == "");
    CHECK(sender.at(11) == "'=cmd|' /C calc'!A0");
    CHECK(text.at(11) == "'=HYPERLINK(\"http://x\")");
    CHECK(errors.at(11) == "UNKNOWN_FORM");
    CHECK(sender.at(0) == "+77010000001");  // a phone number is left as it is
}

TEST_CASE("messages.csv: each message's reply with its send status, and the SMS that answer no message") {
    Exported e;
    auto doc = parse(e.file("messages.csv"));
    auto kind = column(doc, "kind"), id = column(doc, "message_id"), reply_id = column(doc, "reply_id");
    auto reply_text = column(doc, "reply_text"), reply_status = column(doc, "reply_status");
    auto attempts = column(doc, "reply_attempts"), modem = column(doc, "reply_modem");
    auto queued = column(doc, "reply_queued_utc"), sent = column(doc, "reply_sent_utc");
    auto error = column(doc, "reply_error"), dest = column(doc, "reply_destination");
    auto form = column(doc, "form"), station = column(doc, "station"), window = column(doc, "reminder_window");
    auto monitor = column(doc, "monitor_name"), received = column(doc, "received_utc");
    // Message 2: sent by m1 at minute 11.
    CHECK(id.at(1) == "2");
    CHECK(reply_id.at(1) == "2");
    CHECK(reply_text.at(1) == "R 01001 A500 B300 C100 X10 T910 OK #1A02");
    CHECK(reply_status.at(1) == "sent");
    CHECK(attempts.at(1) == "1");
    CHECK(modem.at(1) == "m1");
    CHECK(queued.at(1) == "2026-11-27T15:11:00Z");
    CHECK(sent.at(1) == "2026-11-27T15:11:00Z");
    CHECK(dest.at(1) == "+77010000001");
    // Message 3: still queued; message 7: given up.
    CHECK(reply_status.at(2) == "queued");
    CHECK(attempts.at(2) == "0");
    CHECK(sent.at(2) == "");
    CHECK(reply_text.at(2) == "R 01002 принято #1A03");
    CHECK(id.at(6) == "7");
    CHECK(reply_status.at(6) == "failed");
    CHECK(error.at(6) == "CMS ERROR 38: network out of order");
    // Message 4 got no reply: the reply columns are empty.
    CHECK(id.at(3) == "4");
    CHECK(reply_id.at(3) == "");
    CHECK(reply_status.at(3) == "");
    // The reminder, between the messages of minute 60 and 70, names what it asked for.
    CHECK(kind.at(12) == "reminder");
    CHECK(id.at(12) == "");
    CHECK(received.at(12) == "");
    CHECK(monitor.at(12) == "Monitor Seven");
    CHECK(form.at(12) == "R");
    CHECK(station.at(12) == "02002");
    CHECK(window.at(12) == "R@2026-11-27T16:05");
    CHECK(reply_text.at(12) == "Напоминание: пришлите R 02002");
    CHECK(reply_status.at(12) == "sent");
    CHECK(dest.at(12) == "+77010000007");
    // The HQ summary, last.
    CHECK(kind.back() == "hq_summary");
    CHECK(monitor.back() == "");
    CHECK(reply_status.back() == "queued");
    CHECK(dest.back() == "+77019990000");
    CHECK(queued.back() == "2026-11-27T16:15:00Z");
    for (const auto& r : doc.records) CHECK(r.fields.size() == doc.records.front().fields.size());
}

TEST_CASE("incidents.csv: codes with their labels, the comment intact, duplicates left out") {
    Exported e;
    auto doc = parse(e.file("incidents.csv"));
    REQUIRE(doc.records.size() == 1 + 1);
    CHECK(column(doc, "labels").at(0) == "Ballot stuffing; Pressure on voters");
    CHECK(column(doc, "comment").at(0) == "Вбросы, \"карусель\"\nвторой ряд");
    CHECK(column(doc, "monitor_name").at(0) == "Monitor One");
    CHECK(column(doc, "monitor_phone").at(0) == "+77010000001");
    CHECK(column(doc, "region_name").at(0) == "North");
    CHECK(column(doc, "received_utc").at(0) == "2026-11-27T15:20:00Z");
}

TEST_CASE("estimates.csv and missing.csv follow the quick count of the current reports") {
    Exported e;
    auto est = parse(e.file("estimates.csv"));
    auto contest = column(est, "contest"), measure = column(est, "measure"), reported = column(est, "reported");
    auto sampled = column(est, "sampled"), share = column(est, "share"), pct = column(est, "share_percent");
    bool pl = false;
    for (std::size_t i = 0; i < contest.size(); ++i) {
        if (contest[i] != "PL") continue;
        pl = true;
        CHECK(reported[i] == "3");  // 01001, 01002, 02001 (01003 is not sampled)
        CHECK(sampled[i] == "8");
        if (measure[i] == "option" && !share[i].empty()) CHECK(std::stod(pct[i]) == doctest::Approx(100 * std::stod(share[i])).epsilon(1e-3));
    }
    CHECK(pl);

    auto miss = parse(e.file("missing.csv"));
    auto mc = column(miss, "contest"), ms = column(miss, "station"), reason = column(miss, "reason");
    auto phone = column(miss, "monitor_phone"), lang = column(miss, "monitor_language");
    std::map<std::string, std::string> pl_reason;
    for (std::size_t i = 0; i < mc.size(); ++i)
        if (mc[i] == "PL") pl_reason[ms[i]] = reason[i];
    CHECK(pl_reason == std::map<std::string, std::string>{{"01004", "rejected"},
                                                          {"01005", "no report"},
                                                          {"02002", "no report"},
                                                          {"02003", "no report"},
                                                          {"02006", "no report"}});
    bool conflict = false;
    for (std::size_t i = 0; i < mc.size(); ++i)
        if (mc[i] == "DM" && ms[i] == "02002") {
            conflict = true;
            CHECK(reason[i] == "conflict");
            CHECK(phone[i] == "+77010000007");
            CHECK(lang[i] == "ru");
        }
    CHECK(conflict);
}

TEST_CASE("quarantined.csv: every SIM record the modems could not read, oldest first, raw bytes in hex") {
    Exported e;
    auto doc = parse(e.file("quarantined.csv"));
    CHECK(doc.records.front().fields == std::vector<std::string>{"id", "modem", "imei", "location", "error", "reason",
                                                                 "pdu_hex", "detected_at"});
    REQUIRE(doc.records.size() == 1 + 2);
    auto id = column(doc, "id"), location = column(doc, "location"), error = column(doc, "error");
    auto reason = column(doc, "reason"), pdu = column(doc, "pdu_hex"), detected = column(doc, "detected_at");
    // The undecodable record was stored second but met first.
    CHECK(id == std::vector<std::string>{"2", "1"});
    CHECK(location == std::vector<std::string>{"9", "12"});
    CHECK(error == std::vector<std::string>{"ERR_CORRUPTED", "SIGSEGV"});
    CHECK(reason.at(1) == "reading the record killed the modem process, twice");  // quoted: a comma
    CHECK(pdu.at(0) == "0791771000001000040B917710000000F100006211725100002105C8329BFD06");  // upper case
    CHECK(pdu.at(1) == "");  // the bytes died with the modem process
    CHECK(detected == std::vector<std::string>{"2026-11-27T15:45:00Z", "2026-11-27T15:47:00Z"});
    CHECK(column(doc, "modem").at(0) == "m1");
    CHECK(column(doc, "imei").at(0) == "356938035643809");
}

TEST_CASE("quarantined.csv of a store without quarantined records is its header alone") {
    TempDir tmp;
    const std::string db = (tmp.path / "empty.db").string();
    { store::Store st(db); }
    auto result = export_store(db, tmp.path / "out");
    REQUIRE_MESSAGE(result.ok, result.error);
    const std::string text = slurp(result.path / "quarantined.csv");
    CHECK(text == "\xEF\xBB\xBFid,modem,imei,location,error,reason,pdu_hex,detected_at\r\n");
    bool listed = false;
    for (const auto& f : result.files)
        if (f.name == "quarantined.csv") {
            listed = true;
            CHECK(f.rows == 0);
        }
    CHECK(listed);
    CHECK(slurp(result.path / exports::manifest_file).find("\"name\": \"quarantined.csv\", \"rows\": 0") !=
          std::string::npos);
}

TEST_CASE("the manifest lists every file with its SHA-256, size and row count") {
    Exported e;
    boost::system::error_code ec;
    auto v = boost::json::parse(e.file(exports::manifest_file), ec);
    REQUIRE(!ec);
    const auto& m = v.as_object();
    CHECK(m.at("format").as_string() == "smsgw-export");
    CHECK(m.at("created_utc").as_string() == "2026-11-27T20:15:00Z");
    // One time base for people: the election's local time beside the machine's UTC.
    CHECK(m.at("created_local").as_string() == "2026-11-28 01:15:00 +05:00");
    CHECK(m.at("timezone").as_string() == "Asia/Almaty");
    CHECK(e.file(exports::report_file).find("exported 2026-11-28 01:15:00 +05:00 Asia/Almaty") != std::string::npos);
    CHECK(m.at("election").as_string() == "tiny-2026");
    const auto& files = m.at("files").as_array();
    REQUIRE(files.size() == std::size(exports::export_files) + 2);  // then the workbook (test_export_xlsx), report.html
    // report.html last: not a table, so 0 rows and columns, but its digest and size like the others.
    const auto& page = files.back().as_object();
    CHECK(page.at("name").as_string() == exports::report_file);
    CHECK(page.at("rows").as_int64() == 0);
    CHECK(page.at("columns").as_int64() == 0);
    CHECK(page.at("sha256").as_string() == sha256sum_tool(e.result.path / exports::report_file));
    CHECK(page.at("bytes").as_int64() == static_cast<std::int64_t>(slurp(e.result.path / exports::report_file).size()));
    for (std::size_t i = 0; i < std::size(exports::export_files); ++i) {
        const auto& f = files[i].as_object();
        const std::string name(f.at("name").as_string());
        CAPTURE(name);
        CHECK(name == exports::export_files[i]);
        const fs::path p = e.result.path / name;
        const std::string text = slurp(p);
        CHECK(f.at("sha256").as_string() == sha256sum_tool(p));  // an independent implementation
        CHECK(f.at("sha256").as_string() == e.result.files[i].sha256);
        CHECK(f.at("bytes").as_int64() == static_cast<std::int64_t>(text.size()));
        auto doc = parse(text);
        CHECK(f.at("rows").as_int64() == static_cast<std::int64_t>(doc.records.size() - 1));
        CHECK(f.at("columns").as_int64() == static_cast<std::int64_t>(doc.records.front().fields.size()));
        CHECK(e.result.files[i].rows == doc.records.size() - 1);
    }
}

TEST_CASE("privacy: monitors' phone numbers only in the call-back list") {
    exports::ExportOptions opts;
    opts.phones = false;
    Exported e(opts);
    const char* phones[] = {"+77010000001", "87010000002", "+7 701 000 00 03", "+77010000005",
                            "77010000006",  "+77010000007", "+77010000004", "+77019990000"};
    for (const char* name :
         {"reports.csv", "messages.csv", "incidents.csv", "estimates.csv", "quarantined.csv", "estimate_history.csv",
          "report.html", "manifest.json"}) {
        CAPTURE(name);
        const std::string text = e.file(name);
        for (const char* p : phones) CHECK(text.find(p) == std::string::npos);
        for (const char* digits : {"7010000001", "7010000002", "7010000007", "7019990000"})
            CHECK(text.find(digits) == std::string::npos);
    }
    CHECK(!has_column(parse(e.file("reports.csv")), "sender"));
    CHECK(!has_column(parse(e.file("messages.csv")), "sender"));
    CHECK(!has_column(parse(e.file("messages.csv")), "reply_destination"));
    CHECK(has_column(parse(e.file("messages.csv")), "reply_text"));
    CHECK(!has_column(parse(e.file("incidents.csv")), "monitor_phone"));
    CHECK(has_column(parse(e.file("incidents.csv")), "monitor_name"));
    // A PDU holds the sender's number (semi-octets: +77010000001 is 7710000000F1).
    const auto quarantined = parse(e.file("quarantined.csv"));
    CHECK(!has_column(quarantined, "pdu_hex"));
    CHECK(quarantined.records.size() == 1 + 2);
    CHECK(e.file("quarantined.csv").find("7710000000F1") == std::string::npos);
    const std::string missing = e.file("missing.csv");
    CHECK(missing.find("+77010000007") != std::string::npos);
    CHECK(e.file("manifest.json").find("\"phones\": false") != std::string::npos);
}

TEST_CASE("--no-bom: the files start with their header") {
    exports::ExportOptions opts;
    opts.bom = false;
    Exported e(opts);
    for (const char* name : exports::export_files) CHECK(e.file(name).rfind("\xEF\xBB\xBF", 0) == std::string::npos);
    CHECK(e.file("reports.csv").rfind("report_id,", 0) == 0);
}
