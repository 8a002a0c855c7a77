// End to end on libgammu's real AT driver against the fake modem: replies on the wire, a modem that dies, a wrong PIN.
#include "rig.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <map>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

namespace {

const std::string latin_comment =
    "a man in a grey coat has been standing next to the ballot box since opening and talks to every voter before "
    "they vote, the chairman says he is an observer but has no badge";
const std::string cyrillic_comment =
    "у входа стоят люди из штаба кандидата и всё записывают, председатель говорит что так и надо";

// Stored replies as "destination\ttext" lines, sorted.
std::vector<std::string> stored_replies(const StoreProbe& store, const std::string& where = "1") {
    auto v = store.column("SELECT destination || char(9) || text FROM reply WHERE " + where + " ORDER BY 1");
    return v;
}

std::vector<std::string> captured_replies(const FakeModemFiles& modem) {
    std::vector<std::string> v;
    for (const auto& p : modem.sent())
        if (p.accepted) v.push_back(p.to + "\t" + p.text);
    std::sort(v.begin(), v.end());
    return v;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += "  " + x + "\n";
    return s;
}

}  // namespace

TEST_CASE("fake AT modem: incoming SMS processed, the replies it captured are the expected texts") {
    TempDir dir("fakeat");
    const auto m = example_monitors(example_codebook);
    REQUIRE(m.size() == 3);
    const auto &en = m[0], &ru = m[1], &kk = m[2];
    const std::string unregistered = "+77471234567";
    // (sender, text, announced later with +CMTI rather than waiting on the SIM at start)
    struct Sms {
        std::string directive, sender, text;
        bool later;
    };
    const std::vector<Sms> sms = {
        {"sms", en.phone, "R " + en.station + " A100 B50 C20 D10 E5 F5 G3 H2 X5 T200", false},
        {"sms", en.phone, "N " + en.station + " 1 2 @ " + latin_comment, false},  // GSM-7, 2 parts
        {"sms", ru.phone, "Ѕ " + ru.station + " А0730 В1 С1 D1 Е1 F3 Н1", false},  // lookalikes: UCS-2
        {"multipart ref=77 per-part=20", kk.phone, "N " + kk.station + " 3 @ " + cyrillic_comment, false},
        {"sms", unregistered, "R " + en.station + " A1", false},
        {"sms", "Kcell", "N " + en.station + " 1", false},  // alphanumeric: no reply
        {"sms", en.phone, "S " + en.station + " A0730 B1 C1 D1 E1 F3 H1", true},
        {"sms-ucs2", ru.phone, "R " + ru.station + " A1", true},
        {"sms", kk.phone, "hello", true},
    };
    FakeModemFiles modem(dir.path, "at1");
    std::string script = "imei 352099001761481\n";
    std::vector<std::pair<std::string, std::string>> expected;
    bool waited = false;
    for (const auto& s : sms) {
        if (s.later && !waited) {
            script += "wait-for AT+CNMI=2\nwait-ms 300\n";
            waited = true;
        }
        script += s.directive + " " + s.sender + " " + s.text + "\n";
        if (s.later) script += "announce\n";
        expected.emplace_back(s.sender, s.text);
    }
    modem.write_script(script);
    const Corpus corpus = Corpus::of(example_codebook, expected);

    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::proxyat("at1", modem.command(), "30s"));  // the late ones come by +CMTI
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    const auto t0 = std::chrono::steady_clock::now();
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    const bool processed = wait_processed(store, static_cast<std::int64_t>(sms.size()), 60s);
    CHECK_MESSAGE(processed, daemon.console());
    const double processed_s = seconds_since(t0);
    const bool all_sent = wait_until(90s, [&] { return store.scalar("SELECT count(*) FROM reply WHERE status = 'sent'") >= 8; });
    CHECK_MESSAGE(all_sent, daemon.console());
    CHECK(modem.sim_messages() == 0);
    CHECK(modem.delivered() == static_cast<int>(sms.size()));
    const auto modems = store.modems();
    CHECK(modems.count("at1") == 1);
    if (modems.count("at1")) {
        CHECK(modems.at("at1").state == "running");
        CHECK(modems.at("at1").imei == "352099001761481");
    }
    MESSAGE(fmt::format("{} messages processed in {:.1f} s, replies sent after {:.1f} s", sms.size(), processed_s, seconds_since(t0)));

    const auto status = daemon.terminate(60s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());

    const CorpusCheck check = check_store(store, corpus, -1);
    CHECK_MESSAGE(check.ok(), check.text());
    CHECK(check.replies == 8);
    // What went over the air is exactly what was stored: one PDU per reply, decoded to its text.
    const auto stored = stored_replies(store);
    const auto captured = captured_replies(modem);
    CHECK(stored.size() == 8);
    CHECK_MESSAGE(captured == stored, "captured:\n" << join(captured) << "stored:\n" << join(stored));
    for (const auto& p : modem.sent()) {
        const bool cyrillic = std::any_of(p.text.begin(), p.text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        CHECK_MESSAGE(p.coding == (cyrillic ? "ucs2" : "gsm7"), p.text);
        CHECK(p.to != "Kcell");
    }
    CHECK(error_lines(daemon.console()) == 0);
}

// Kills the fake modem `kills` times while SMS keep arriving; libgammu's reconnect starts it again on
// the same SIM state each time.
static void modem_kill_test(int kills) {
    TempDir dir("fakekill");
    const auto m = example_monitors(example_codebook);
    REQUIRE(m.size() == 3);
    FakeModemFiles modem(dir.path, "at1");
    std::vector<std::pair<std::string, std::string>> expected;
    std::string script = "sim-size 40\n";
    // 3 waiting on the SIM at start, then 3 more every 1.5 s, announced.
    int n = 0;
    auto add = [&](int count) {
        for (int i = 0; i < count; ++i, ++n) {
            const auto& mon = m[static_cast<std::size_t>(n) % m.size()];
            const std::string text = fmt::format("N {} {} @ message {}", mon.station, 1 + n % 12, n);
            script += "sms " + mon.phone + " " + text + "\n";
            expected.emplace_back(mon.phone, text);
        }
    };
    add(3);
    script += "wait-for AT+CNMI=2\n";
    for (int round = 0; round < 2 * kills + 2; ++round) {
        script += "wait-ms 1500\n";
        add(3);
        script += "announce\n";
    }
    modem.write_script(script);
    const Corpus corpus = Corpus::of(example_codebook, expected);

    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::proxyat("at1", modem.command(), "1s"));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    const auto t0 = std::chrono::steady_clock::now();
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    // Kill the modem (the child, never the keeper) while messages are still arriving; each time the
    // daemon must notice and reconnect, and libgammu start a new modem on the same SIM state.
    int killed_count = 0;
    std::vector<double> reconnect_s;
    for (int k = 0; k < kills; ++k) {
        REQUIRE_MESSAGE(wait_processed(store, 3 + 6 * k, 90s), daemon.console());
        const pid_t child = modem.modem_pid();
        const int starts = modem.starts();
        const int running = occurrences(daemon.console(), "at1    running");
        REQUIRE(child > 0);
        REQUIRE(::kill(child, SIGKILL) == 0);
        ++killed_count;
        const auto killed = std::chrono::steady_clock::now();
        const bool restarted = wait_until(90s, [&] { return modem.starts() > starts; }, 100ms);
        REQUIRE_MESSAGE(restarted, "no reconnect 90 s after killing the modem (kill " << killed_count << ")\n" << daemon.console());
        REQUIRE(wait_until(30s, [&] { return occurrences(daemon.console(), "at1    running") > running; }));
        reconnect_s.push_back(seconds_since(killed));
    }
    const bool processed = wait_processed(store, static_cast<std::int64_t>(expected.size()), 90s);
    CHECK_MESSAGE(processed, daemon.console());
    CHECK(wait_until(20s, [&] { return modem.sim_messages() == 0; }));
    const bool replied = wait_until(90s, [&] {
        return store.scalar("SELECT count(*) FROM reply WHERE status = 'sent'") == static_cast<std::int64_t>(expected.size());
    });
    CHECK_MESSAGE(replied, daemon.console());
    std::string figures = fmt::format("{} kills, {} modem starts, reconnects after", killed_count, modem.starts());
    for (double s : reconnect_s) figures += fmt::format(" {:.1f} s", s);
    MESSAGE(figures << "; all done in " << seconds_since(t0) << " s");

    const auto status = daemon.terminate(60s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());
    const CorpusCheck check = check_store(store, corpus, -1);
    CHECK_MESSAGE(check.ok(), check.text());
    // Every reply reached the modem; a send cut off by a kill may have gone out twice, never zero times.
    const auto captured = captured_replies(modem);
    for (const auto& r : stored_replies(store))
        CHECK_MESSAGE(std::count(captured.begin(), captured.end(), r) >= 1, "never sent: " << r);
    MESSAGE(fmt::format("{} replies stored, {} PDUs captured", stored_replies(store).size(), captured.size()));
}

TEST_CASE("fake AT modem killed mid-run: the daemon reconnects, nothing lost, nothing counted twice") { modem_kill_test(1); }

TEST_CASE("long: fake AT modem killed and restarted 10 times") { modem_kill_test(10); }

TEST_CASE("wrong PIN: that modem stops with a clear error, a dummy and a second AT modem keep working") {
    TempDir dir("pin");
    const auto device = dir.subdir("device");
    const auto m = example_monitors(example_codebook);
    REQUIRE(m.size() == 3);
    FakeModemFiles locked(dir.path, "locked"), good(dir.path, "good");
    locked.write_script("pin 1234\nimei 352099001761482\nsms " + m[0].phone + " N " + m[0].station + " 5 @ never read\n");
    std::vector<std::pair<std::string, std::string>> good_msgs;
    std::string good_script = "pin 4321\nimei 352099001761483\n";
    for (int i = 0; i < 3; ++i) {
        const std::string text = fmt::format("N {} {} @ good modem {}", m[1].station, 2 + i, i);
        good_script += "sms " + m[1].phone + " " + text + "\n";
        good_msgs.emplace_back(m[1].phone, text);
    }
    good.write_script(good_script);

    // The dummy carries 150 generated messages: 100 before start, 50 after the PIN failure.
    const Corpus generated = Corpus::generate(example_codebook, 150, 7);
    std::vector<std::pair<std::string, std::string>> all = good_msgs;
    for (const auto& msg : generated.messages()) all.emplace_back(msg.sender, msg.text);
    const Corpus corpus = Corpus::of(example_codebook, all);
    int parts = generated.inject(device, 0, 100);

    GatewayConfig cfg = basic_config(dir.path);
    cfg.modems.push_back(ModemSection::proxyat("locked", locked.command()).set("pin", "\"9999\""));
    cfg.modems.push_back(ModemSection::dummy("dummy", device));
    cfg.modems.push_back(ModemSection::proxyat("good", good.command()).set("pin", "\"4321\""));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    const bool failed = wait_until(30s, [&] {
        auto ms = store.modems();
        return ms.count("locked") && ms.at("locked").state == "pin-failed";
    });
    CHECK_MESSAGE(failed, daemon.console());
    const auto ms = store.modems();
    if (ms.count("locked")) CHECK_MESSAGE(ms.at("locked").last_error.find("PIN") != std::string::npos, ms.at("locked").last_error);
    // A clear error on the console, naming the modem and the PIN.
    const std::string console = daemon.console();
    bool clear = false;
    for (std::size_t pos = console.find(" ERROR "); pos != std::string::npos; pos = console.find(" ERROR ", pos + 1)) {
        const auto line = console.substr(pos, console.find('\n', pos) - pos);
        clear |= line.find("locked") != std::string::npos && line.find("PIN") != std::string::npos;
    }
    CHECK_MESSAGE(clear, console);

    parts += generated.inject(device, 100, 150);
    const bool processed = wait_processed(store, static_cast<std::int64_t>(corpus.size()), 90s);
    CHECK_MESSAGE(processed, daemon.console());
    CHECK(wait_until(30s, [&] { return inbox_files(device) == 0 && good.sim_messages() == 0; }));
    {
        const auto now = store.modems();
        CHECK(now.count("dummy") == 1);
        CHECK(now.count("good") == 1);
        if (now.count("dummy")) CHECK(now.at("dummy").state == "running");
        if (now.count("good")) CHECK(now.at("good").state == "running");
        if (now.count("locked")) CHECK(now.at("locked").state == "pin-failed");
    }
    const auto status = daemon.terminate(60s);
    CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());

    // The locked modem's message was never read; everything else exactly once.
    const CorpusCheck check = check_store(store, corpus, -1);
    CHECK_MESSAGE(check.ok(), check.text());
    // The PIN was tried once and never again, so the SIM is not locked for good.
    const std::string log = locked.log();
    int tries = 0;
    for (auto pos = log.find("rx AT+CPIN=\""); pos != std::string::npos; pos = log.find("rx AT+CPIN=\"", pos + 1)) ++tries;
    CHECK(tries == 1);
    CHECK(locked.sim_messages() == 1);
    CHECK(good.log().find("rx AT+CPIN=\"4321\"") != std::string::npos);
}
