// Each hostile SIM record (tests/e2e/hostile_records.*) through libgammu 1.42's real AT driver and the fake modem, in a forked child: which give an error, which kill the reader, what GSM_DeleteSMS and GSM_GetNextSMS do around them, that the debug trace keeps the PDU, and that a U+0000 in a text cuts nothing.
#include "daemon/modem/sms_to_part.hpp"
#include "tests/e2e/hostile_records.hpp"
// tests/CMakeLists.txt builds a daemon test from its one source file: the table comes along this way.
#include "tests/e2e/hostile_records.cpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <gammu.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

// Exported by libgammu 1.42 but not declared in its public headers (libgammu/gsmstate.h): sends one
// command and dispatches the answer to the reply function registered for `request`.
extern "C" GSM_Error GSM_WaitFor(GSM_StateMachine* s, unsigned const char* buffer, size_t length, int type, int timeout,
                                 int request);

using namespace smsgw::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// GSM_Phone_RequestID (libgammu/gsmreply.h, 1.42.0: ID_None = 1 and consecutive), the requests the
// AT driver's reply table (atgen.c) registers for "AT+CMGD" (ATGEN_ReplyDeleteSMSMessage) and for
// "AT+CPMS" setting the memory (ATGEN_GenericReply).
constexpr int id_delete_sms_message_1_42 = 49;
constexpr int id_set_memory_type_1_42 = 91;

using smsgw::test::slurp;

using smsgw::test::TempDir;  // SMSGW_TEST_KEEP keeps it, with the fake modem's log

// A fake modem whose SIM holds `directives`' messages at locations 1, 2, ... every time libgammu
// starts it (no --state: each connection gets the same fresh SIM).
struct FakeSim {
    TempDir dir;
    fs::path script = dir.path / "script", log = dir.path / "at.log";
    explicit FakeSim(const std::vector<std::string>& directives) {
        std::ofstream s(script);
        s << "cmgr-empty ok\n";
        for (const auto& d : directives) s << d << "\n";
    }
    std::string device() const {
        return std::string(FAKE_MODEM_BINARY) + " --script " + script.string() + " --log " + log.string();
    }
    std::string at_log() const { return slurp(log); }
};

// What a forked child said ("key value" lines through a pipe, written at once so that a crash
// loses nothing said before it) and how it ended.
struct ChildResult {
    std::vector<std::pair<std::string, std::string>> said;
    int exit_status = -1;
    int signal = 0;
    bool timed_out = false;
    double ms = 0;
    std::string stderr_text;  // e.g. glibc's "*** stack smashing detected ***: terminated"

    std::string get(const std::string& key) const {
        for (auto it = said.rbegin(); it != said.rend(); ++it)
            if (it->first == key) return it->second;
        return "(not said)";
    }
    bool has(const std::string& key) const { return get(key) != "(not said)"; }
    // "exit 0", "SIGABRT", "timeout"
    std::string end() const {
        if (timed_out) return "timeout";
        if (signal) return std::string("SIG") + ::sigabbrev_np(signal);
        return "exit " + std::to_string(exit_status);
    }
    std::string transcript() const {
        std::string t;
        for (const auto& [k, v] : said) t += k + " " + v + "\n";
        return t + "end: " + end() + "\n" + (stderr_text.empty() ? "" : "stderr: " + stderr_text);
    }
};

class Say {
public:
    explicit Say(int fd) : fd_(fd) {}
    void operator()(const std::string& key, const std::string& value) const {
        const std::string line = key + " " + value + "\n";
        for (std::size_t done = 0; done < line.size();) {
            const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
            if (n <= 0) return;
            done += static_cast<std::size_t>(n);
        }
    }

private:
    int fd_;
};

// Runs `body` in a forked child, so that a crash inside libgammu is observed, not suffered.
ChildResult in_child(const std::function<void(const Say&)>& body, std::chrono::milliseconds limit = 20s) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);  // not held open by the fake modem libgammu starts
    FILE* err = std::tmpfile();
    REQUIRE(err != nullptr);
    std::fflush(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        ::signal(SIGPIPE, SIG_IGN);
        for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE}) ::signal(sig, SIG_DFL);  // not doctest's handlers
        ::setenv("LIBC_FATAL_STDERR_", "1", 1);  // glibc's fatal messages to stderr, not the terminal
        ::dup2(::fileno(err), STDERR_FILENO);
        Say say(fds[1]);
        try {
            body(say);
        } catch (const std::exception& e) {
            say("exception", e.what());
            ::_exit(3);
        }
        ::_exit(0);
    }
    ::close(fds[1]);
    ChildResult r;
    std::string text;
    const auto deadline = start + limit;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            r.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd p{fds[0], POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        char buf[4096];
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n <= 0) break;  // the child (and everything it forked that kept the pipe) is gone
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (WIFSIGNALED(status) && !r.timed_out) r.signal = WTERMSIG(status);
    if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
    std::rewind(err);
    for (int c; (c = std::fgetc(err)) != EOF;) r.stderr_text += static_cast<char>(c);
    std::fclose(err);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto sp = line.find(' ');
        r.said.emplace_back(line.substr(0, sp), sp == std::string::npos ? "" : line.substr(sp + 1));
    }
    return r;
}

// The enum's name: GSM_ErrorName says "UNKNOWN" for ERR_UNKNOWN.
std::string error_name(GSM_Error e) { return std::string("ERR_") + GSM_ErrorName(e); }

// libgammu's AT driver on the fake modem (`connection = proxyat`), as shared/LIBGAMMU.md says.
class AtPhone {
public:
    explicit AtPhone(const std::string& device) : sm_(GSM_AllocStateMachine()) {
        if (!sm_) throw std::runtime_error("GSM_AllocStateMachine failed");
        GSM_Config* cfg = GSM_GetConfig(sm_, 0);
        GSM_ReadConfig(nullptr, cfg, 0);  // defaults (ERR_USING_DEFAULTS)
        std::free(cfg->Device);
        cfg->Device = ::strdup(device.c_str());
        std::free(cfg->Connection);
        cfg->Connection = ::strdup("proxyat");
        std::strcpy(cfg->Model, "at");
        GSM_SetConfigNum(sm_, 1);
    }
    ~AtPhone() {
        if (GSM_IsConnected(sm_)) GSM_TerminateConnection(sm_);
        GSM_FreeStateMachine(sm_);
    }
    AtPhone(const AtPhone&) = delete;
    AtPhone& operator=(const AtPhone&) = delete;

    void connect() {
        const GSM_Error e = GSM_InitConnection(sm_, 1);
        if (e != ERR_NONE) throw std::runtime_error(std::string("GSM_InitConnection: ") + GSM_ErrorName(e));
    }
    // libgammu's own trace of this state machine (not the global one) into `f`. Only after
    // GSM_InitConnection, which resets the state machine's debug settings from its config.
    void trace_to(FILE* f) {
        GSM_Debug_Info* di = GSM_GetDebug(sm_);
        GSM_SetDebugGlobal(FALSE, di);
        GSM_SetDebugFileDescriptor(f, FALSE, di);
        GSM_SetDebugLevel("textall", di);
    }
    GSM_StateMachine* sm() { return sm_; }

    GSM_Error get_sms(int location, GSM_MultiSMSMessage& m) {
        std::memset(&m, 0, sizeof m);
        m.SMS[0].Folder = 0;
        m.SMS[0].Location = location;
        return GSM_GetSMS(sm_, &m);
    }
    GSM_Error delete_sms(int location) {
        auto sms = std::make_unique<GSM_SMSMessage>();
        std::memset(sms.get(), 0, sizeof *sms);
        sms->Folder = 0;
        sms->Location = location;
        return GSM_DeleteSMS(sm_, sms.get());
    }
    // AT+CMGD=n without reading the record first (which GSM_DeleteSMS does). The SIM memory first:
    // CMGD works on the memory selected last, and GSM_GetSMSStatus, for one, leaves "ME" selected
    // on a modem that has both.
    GSM_Error raw_delete(int location) {
        if (const GSM_Error e = raw(R"(AT+CPMS="SM")", id_set_memory_type_1_42); e != ERR_NONE) return e;
        return raw("AT+CMGD=" + std::to_string(location), id_delete_sms_message_1_42);
    }
    GSM_Error raw(const std::string& command, int request) {
        const std::string cmd = command + "\r";
        return GSM_WaitFor(sm_, reinterpret_cast<const unsigned char*>(cmd.data()), cmd.size(), 0x00, 5, request);
    }

private:
    GSM_StateMachine* sm_;
};

std::unique_ptr<GSM_MultiSMSMessage> new_multi() {
    auto m = std::make_unique<GSM_MultiSMSMessage>();
    std::memset(m.get(), 0, sizeof *m);
    return m;
}

std::string pdu_type(GSM_SMSMessageType t) {
    switch (t) {
        case SMS_Deliver: return "SMS_Deliver";
        case SMS_Status_Report: return "SMS_Status_Report";
        case SMS_Submit: return "SMS_Submit";
    }
    return "?";
}

std::string utf8(const unsigned char* gammu_unicode) {
    std::string buf(4 * UnicodeLength(gammu_unicode) + 1, '\0');
    EncodeUTF8(buf.data(), gammu_unicode);
    return buf.c_str();
}

// "ERR_NONE loc=1 type=SMS_Deliver text=..." for one GSM_GetNextSMS / GSM_GetSMS answer.
std::string describe(GSM_Error e, const GSM_MultiSMSMessage& m) {
    std::string s = error_name(e) + " loc=" + std::to_string(m.SMS[0].Location);
    if (e != ERR_NONE) return s;
    s += " type=" + pdu_type(m.SMS[0].PDU);
    s += m.SMS[0].Coding == SMS_Coding_8bit ? " 8-bit, " + std::to_string(m.SMS[0].Length) + " octets"
                                            : " text=" + utf8(m.SMS[0].Text);
    return s;
}

std::string first_word(const std::string& s) { return s.substr(0, s.find(' ')); }

using smsgw::test::occurrences;

// The command the fake modem received just before the last one starting with `command` (its --log
// writes each as "<ms> rx <bytes, \r escaped>").
std::string command_before(const std::string& log, const std::string& command) {
    std::vector<std::string> received;
    std::istringstream in(log);
    for (std::string l; std::getline(in, l);)
        if (const auto at = l.find(" rx "); at != std::string::npos) received.push_back(l.substr(at + 4));
    for (std::size_t i = received.size(); i-- > 1;)
        if (received[i].rfind(command, 0) == 0) return received[i - 1];
    return "(none)";
}

struct Locales {
    Locales() { GSM_InitLocales(nullptr); }
} const locales;

}  // namespace

TEST_CASE("every hostile record behaves through the AT driver as its table row says") {
    const auto t0 = std::chrono::steady_clock::now();
    std::string summary;
    for (const HostileRecord& r : hostile_records()) {
        INFO("record ", r.name, " (", r.source, "), expected ", std::string(expect_name(r.expected)), " ", r.outcome);
        FakeSim sim({fake_modem_directive(r)});

        // GSM_GetSMS of location 1 (AT+CMGR=1).
        const ChildResult got = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            auto m = new_multi();
            say("get", describe(p.get_sms(1, *m), *m));
        });
        INFO("GSM_GetSMS child:\n", got.transcript());
        // GSM_GetNextSMS from the start (AT+CMGL=4, then the PDU from its listing or AT+CMGR=1).
        const ChildResult next = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            auto m = new_multi();
            m->SMS[0].Folder = 0;
            say("next", describe(GSM_GetNextSMS(p.sm(), m.get(), TRUE), *m));
        });
        INFO("GSM_GetNextSMS child:\n", next.transcript());
        summary += std::string(r.name) + ": GetSMS " + (got.has("get") ? got.get("get") : got.end()) +
                   "; GetNextSMS " + (next.has("next") ? next.get("next") : next.end()) + "\n";

        switch (r.expected) {
            case HostileExpect::crash:
                CHECK(got.end() == r.outcome);
                CHECK(next.end() == r.outcome);
                CHECK_FALSE(got.has("get"));
                if (r.outcome == "SIGABRT") {  // the stack protector, not an assert
                    CHECK(got.stderr_text.find("*** stack smashing detected ***") != std::string::npos);
                    CHECK(next.stderr_text.find("*** stack smashing detected ***") != std::string::npos);
                }
                break;
            case HostileExpect::decode_error:
                CHECK(got.end() == "exit 0");
                CHECK(first_word(got.get("get")) == r.outcome);
                CHECK(next.end() == "exit 0");
                // GSM_GetNextSMS names the location of the record it failed on.
                CHECK(next.get("next") == std::string(r.outcome) + " loc=1");
                break;
            case HostileExpect::readable:
                CHECK(got.end() == "exit 0");
                CHECK(got.get("get").rfind("ERR_NONE loc=1 type=" + std::string(r.outcome), 0) == 0);
                CHECK(next.get("next").rfind("ERR_NONE loc=1 type=" + std::string(r.outcome), 0) == 0);
                break;
        }
    }
    const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE(summary, hostile_records().size(), " records read twice each in ", secs, " s");
}

TEST_CASE("GSM_DeleteSMS reads the record first; AT+CMGD through GSM_WaitFor deletes any record unread") {
    // libgammu 1.42's ATGEN_DeleteSMS calls ATGEN_GetSMS ("By reading SMS we check if it is really
    // inbox/outbox") and gives up on any error but ERR_CORRUPTED: so a record that fails to decode
    // otherwise cannot be deleted with GSM_DeleteSMS, and one that crashes the reader crashes it.
    for (const HostileRecord& r : hostile_records()) {
        INFO("record ", r.name, " (", r.source, "), expected ", std::string(expect_name(r.expected)), " ", r.outcome);
        FakeSim sim({fake_modem_directive(r)});
        const ChildResult del = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            say("delete", error_name(p.delete_sms(1)));
            auto m = new_multi();
            say("then", describe(p.get_sms(1, *m), *m));
        });
        INFO("GSM_DeleteSMS child:\n", del.transcript());
        const int cmgd_after_delete = occurrences(sim.at_log(), " rx AT+CMGD=1");

        const ChildResult raw = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            say("raw", error_name(p.raw_delete(1)));
            auto m = new_multi();
            say("then", describe(p.get_sms(1, *m), *m));
        });
        INFO("raw AT+CMGD child:\n", raw.transcript());
        // Whatever the record, AT+CPMS="SM" and AT+CMGD=1 went out and the location is empty afterwards.
        CHECK(command_before(sim.at_log(), "AT+CMGD=1") == R"(AT+CPMS="SM"\r)");
        CHECK(raw.end() == "exit 0");
        CHECK(raw.get("raw") == "ERR_NONE");
        CHECK(raw.get("then") == "ERR_EMPTY loc=1");
        CHECK(occurrences(sim.at_log(), " rx AT+CMGD=1") == cmgd_after_delete + 1);

        const bool deletable = r.expected == HostileExpect::readable || r.outcome == "ERR_CORRUPTED";
        if (deletable) {
            CHECK(del.end() == "exit 0");
            CHECK(del.get("delete") == "ERR_NONE");
            CHECK(del.get("then") == "ERR_EMPTY loc=1");
            CHECK(cmgd_after_delete == 1);
        } else if (r.expected == HostileExpect::decode_error) {
            CHECK(del.end() == "exit 0");
            CHECK(del.get("delete") == r.outcome);  // the read's error; nothing deleted
            CHECK(first_word(del.get("then")) == r.outcome);
            CHECK(cmgd_after_delete == 0);
        } else {
            CHECK(del.end() == r.outcome);  // GSM_DeleteSMS crashes on it too
            CHECK_FALSE(del.has("delete"));
            CHECK(cmgd_after_delete == 0);
        }
    }
}

namespace {

// libgammu's trace from 3 lines before the first line containing `needle`, at most `count` lines,
// without the hex dumps of frames ("41A|54T|2B+|..." lines).
std::string excerpt(const std::string& trace, const std::string& needle, int count) {
    std::vector<std::string> lines;
    std::istringstream in(trace);
    for (std::string l; std::getline(in, l);)
        if (!(l.size() > 3 && l[3] == '|')) lines.push_back(l);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].find(needle) == std::string::npos) continue;
        std::string out;
        for (std::size_t j = i >= 3 ? i - 3 : 0; j < lines.size() && count-- > 0; ++j) out += lines[j] + "\n";
        return out;
    }
    return "";
}

// The AT driver's "textall" trace shows each line of an answer as `N "line"`: the +CMGR: header
// as line 2 and the PDU as line 3 (line 1 is the echoed command).
void check_pdu_in_trace(const std::string& trace, const HostileRecord& r) {
    const std::string header = "\n2 \"+CMGR: " + std::to_string(r.stat) + ",,";
    const std::string pdu_line = "\n3 \"" + std::string(r.pdu_hex) + "\"\n";
    const auto at = trace.find("\n1 \"AT+CMGR=1\"\n");
    REQUIRE(at != std::string::npos);
    const auto h = trace.find(header, at);
    REQUIRE(h != std::string::npos);
    const auto line_end = trace.find('\n', h + 1);
    CHECK(trace.compare(line_end, pdu_line.size(), pdu_line) == 0);
}

}  // namespace

namespace {

// GSM_GetNextSMS from the start, `calls` times whatever it answers, each answer said at once.
void read_next(AtPhone& p, const Say& say, int calls) {
    auto m = new_multi();
    for (int i = 0; i < calls; ++i) {
        m->SMS[0].Folder = 0;
        say("next" + std::to_string(i), describe(GSM_GetNextSMS(p.sm(), m.get(), i == 0), *m));
    }
}

// What describe() says of valid report 0 at location 1 or valid report 1 at location 3.
std::string valid_line(std::size_t i) {
    return "ERR_NONE loc=" + std::to_string(i == 0 ? 1 : 3) + " type=SMS_Deliver text=" + std::string(valid_reports()[i].text);
}

}  // namespace

TEST_CASE("the state machine's debug trace keeps the PDU of a record that fails or crashes") {
    TempDir out;
    SUBCASE("decode error, traced into open_memstream") {
        const HostileRecord& r = hostile_record("failing_01");
        FakeSim sim({fake_modem_directive(r)});
        const fs::path copy = out.path / "trace.txt";
        const ChildResult c = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            char* buf = nullptr;
            std::size_t len = 0;
            FILE* mem = ::open_memstream(&buf, &len);
            p.trace_to(mem);
            auto m = new_multi();
            say("get", describe(p.get_sms(1, *m), *m));
            p.trace_to(nullptr);  // detach before closing: GSM_TerminateConnection logs too
            std::fclose(mem);
            std::ofstream(copy, std::ios::binary).write(buf, static_cast<std::streamsize>(len));
            std::free(buf);
        });
        REQUIRE(c.end() == "exit 0");
        CHECK(first_word(c.get("get")) == r.outcome);
        const std::string trace = slurp(copy);
        check_pdu_in_trace(trace, r);
        MESSAGE("trace of GSM_GetSMS on ", r.name, ":\n", excerpt(trace, "1 \"AT+CMGR=1\"", 24));
    }
    SUBCASE("GSM_GetNextSMS: the PDU in the +CMGL listing, and again after \"Getting message from cache\"") {
        const HostileRecord& r = hostile_record("failing_01");
        FakeSim sim({fake_modem_directive(valid_reports()[0]), fake_modem_directive(r)});
        const fs::path file = out.path / "trace.txt";
        const ChildResult c = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            p.trace_to(std::fopen(file.c_str(), "w"));
            read_next(p, say, 2);
        });
        REQUIRE(c.end() == "exit 0");
        CHECK(c.get("next1") == std::string(r.outcome) + " loc=2");
        const std::string trace = slurp(file);
        const std::string listed = "\n4 \"+CMGL: 2," + std::to_string(r.stat) + ",,";
        const auto l = trace.find(listed);
        REQUIRE(l != std::string::npos);
        CHECK(trace.compare(trace.find('\n', l + 1), r.pdu_hex.size() + 5, "\n5 \"" + std::string(r.pdu_hex) + "\"") == 0);
        const std::string cached = "Getting message from cache\n" + std::string(r.pdu_hex) + "\n";
        CHECK(occurrences(trace, cached) == 1);  // the valid one before it was taken from the cache too
        CHECK(occurrences(trace, "Getting message from cache\n") == 2);
        MESSAGE("trace of GSM_GetNextSMS on ", r.name, " at location 2:\n", excerpt(trace, "1 \"AT+CMGL=4\"", 12),
                "...\n", excerpt(trace, "Cache status: Found: 1", 16));
    }
    SUBCASE("crash, traced into a file: libgammu flushes after every line") {
        const HostileRecord& r = hostile_record("gammu_overflow_oa_digits");
        FakeSim sim({fake_modem_directive(r)});
        const fs::path file = out.path / "trace.txt";
        const ChildResult c = in_child([&](const Say&) {
            AtPhone p(sim.device());
            p.connect();
            p.trace_to(std::fopen(file.c_str(), "w"));
            auto m = new_multi();
            p.get_sms(1, *m);
        });
        CHECK(c.end() == r.outcome);
        const std::string trace = slurp(file);
        check_pdu_in_trace(trace, r);
        MESSAGE("trace of GSM_GetSMS on ", r.name, ":\n", excerpt(trace, "1 \"AT+CMGR=1\"", 24));
    }
}


TEST_CASE("GSM_GetNextSMS names the location it failed on and goes on behind it when called again") {
    for (const char* name : {"failing_01", "exploit_db_46913", "failing_35", "failing_13", "all_ff", "empty_00"}) {
        const HostileRecord& r = hostile_record(name);
        INFO("record ", r.name, " at location 2 between two valid reports");
        FakeSim sim({fake_modem_directive(valid_reports()[0]), fake_modem_directive(r), fake_modem_directive(valid_reports()[1])});
        const ChildResult c = in_child([&](const Say& say) {
            AtPhone p(sim.device());
            p.connect();
            read_next(p, say, 5);
        });
        INFO(c.transcript());
        REQUIRE(c.end() == "exit 0");
        CHECK(c.get("next0") == valid_line(0));
        CHECK(c.get("next1") == std::string(r.outcome) + " loc=2");  // an ERR_EMPTY here ends a naive loop early
        CHECK(c.get("next2") == valid_line(1));
        CHECK(c.get("next3") == "ERR_EMPTY loc=3");
        CHECK(c.get("next4") == "ERR_EMPTY loc=3");
    }
}

TEST_CASE("a record that crashes GSM_GetNextSMS: a new process goes on behind it only if it can skip it") {
    const HostileRecord& r = hostile_record("gammu_overflow_oa_digits");
    FakeSim sim({fake_modem_directive(valid_reports()[0]), fake_modem_directive(r), fake_modem_directive(valid_reports()[1])});
    const ChildResult first = in_child([&](const Say& say) {
        AtPhone p(sim.device());
        p.connect();
        read_next(p, say, 4);
    });
    INFO("first reader:\n", first.transcript());
    CHECK(first.end() == r.outcome);
    CHECK(first.get("next0") == valid_line(0));
    CHECK_FALSE(first.has("next1"));

    // A fresh state machine lists the SIM again (start = TRUE) and skips location 2 by naming it.
    const ChildResult skip = in_child([&](const Say& say) {
        AtPhone p(sim.device());
        p.connect();
        auto m = new_multi();
        m->SMS[0].Folder = 0;
        say("start", describe(GSM_GetNextSMS(p.sm(), m.get(), TRUE), *m));
        m->SMS[0].Location = 2;
        say("after2", describe(GSM_GetNextSMS(p.sm(), m.get(), FALSE), *m));
        say("end", describe(GSM_GetNextSMS(p.sm(), m.get(), FALSE), *m));
    });
    INFO("second reader:\n", skip.transcript());
    CHECK(skip.end() == "exit 0");
    CHECK(skip.get("start") == valid_line(0));
    CHECK(skip.get("after2") == valid_line(1));
    CHECK(skip.get("end") == "ERR_EMPTY loc=3");

    // Location by location (AT+CMGR=n) reads around it too.
    const ChildResult by_location = in_child([&](const Say& say) {
        AtPhone p(sim.device());
        p.connect();
        auto m = new_multi();
        say("get3", describe(p.get_sms(3, *m), *m));
        say("get1", describe(p.get_sms(1, *m), *m));
    });
    CHECK(by_location.get("get3") == valid_line(1));
    CHECK(by_location.get("get1") == valid_line(0));

    // Without a listing (a fresh state machine, start = FALSE) GSM_GetNextSMS falls back to probing
    // location after location: it finds 3, and then tries AT+CMGR on every location up to 99,999
    // (GSM_PHONE_MAXSMSINFOLDER) before it says ERR_EMPTY, because it counts only what it read itself
    // against the SIM's used count. That takes 1.3 s here with an instant modem (minutes to hours on a
    // real one); the child gets 4 s, and a busy machine may stop it half-way with the same lesson.
    FakeSim small({"sim-size 5", fake_modem_directive(valid_reports()[0]), fake_modem_directive(r),
                   fake_modem_directive(valid_reports()[1])});
    const ChildResult probe = in_child([&](const Say& say) {
        AtPhone p(small.device());
        p.connect();
        auto m = new_multi();
        m->SMS[0].Folder = 0;
        m->SMS[0].Location = 2;
        say("after2", describe(GSM_GetNextSMS(p.sm(), m.get(), FALSE), *m));
        say("then", describe(GSM_GetNextSMS(p.sm(), m.get(), FALSE), *m));
    }, 4s);
    INFO("fresh reader without a listing:\n", probe.transcript());
    CHECK(probe.get("after2") == valid_line(1));
    const int probes = occurrences(small.at_log(), " rx AT+CMGR=");
    if (probe.timed_out) {
        CHECK(probes > 5'000);  // far past the SIM's 5 locations
    } else {
        CHECK(probe.get("then") == "ERR_EMPTY loc=100000");
        CHECK(probes > 99'000);
    }
    MESSAGE("GSM_GetNextSMS(start = FALSE) in a fresh state machine: ", probes, " AT+CMGR in ", probe.ms, " ms",
            std::string(probe.timed_out ? " (stopped there)" : ""));
}

namespace {

// An SMS-DELIVER PDU (no SMSC field) from `digits` (international), sent 2026-11-29 20:15:00
// +06:00, with `text` as UCS-2: whatever units it holds, U+0000 too.
std::string ucs2_deliver_pdu(const std::string& digits, const std::u16string& text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    auto octet = [&](unsigned v) { return std::string{hex[v >> 4 & 15], hex[v & 15]}; };
    std::string number = digits + (digits.size() % 2 ? "F" : "");
    for (std::size_t i = 0; i < number.size(); i += 2) std::swap(number[i], number[i + 1]);
    std::string pdu = "00" "04" + octet(static_cast<unsigned>(digits.size())) + "91" + number + "00" "08" "62119202510042";
    pdu += octet(static_cast<unsigned>(text.size() * 2));
    for (char16_t u : text) pdu += octet(u >> 8) + octet(u & 0xFF);
    return pdu;
}

}  // namespace

TEST_CASE("a U+0000 in a UCS-2 text, through the AT driver's PDU decoder: read as a space, nothing after it lost") {
    using namespace std::string_literals;
    const std::u16string report = u"R 01001 A312\0B148 C57 X9 T526"s;
    const std::u16string tilde = u"@ ok~\0more"s;  // libgammu doubles the '~': the length must count it once
    FakeSim sim({"pdu " + ucs2_deliver_pdu("77010000001", report) + " 1",
                 "pdu " + ucs2_deliver_pdu("77010000001", tilde) + " 1"});
    const ChildResult c = in_child([&](const Say& say) {
        AtPhone p(sim.device());
        p.connect();
        auto m = new_multi();
        for (int loc : {1, 2}) {
            const GSM_Error e = p.get_sms(loc, *m);
            say("get" + std::to_string(loc), error_name(e) + " length=" + std::to_string(m->SMS[0].Length));
            const auto part = smsgw::sms_to_part(m->SMS[0], "m1", "", {}, smsgw::TextDecoder::pdu);
            say("text" + std::to_string(loc), "[" + part.text + "]");
        }
        m->SMS[0].Folder = 0;
        say("next", error_name(GSM_GetNextSMS(p.sm(), m.get(), TRUE)));
        say("nexttext", "[" + smsgw::sms_to_part(m->SMS[0], "m1", "", {}, smsgw::TextDecoder::pdu).text + "]");
    });
    INFO(c.transcript());
    REQUIRE(c.end() == "exit 0");
    // libgammu decodes every unit: Length counts the U+0000 (29 and 10 characters).
    CHECK(c.get("get1") == "ERR_NONE length=29");
    CHECK(c.get("get2") == "ERR_NONE length=10");
    CHECK(c.get("text1") == "[R 01001 A312 B148 C57 X9 T526]");
    CHECK(c.get("text2") == "[@ ok~~ more]");  // "~~": libgammu's doubling of '~', as before
    CHECK(c.get("next") == "ERR_NONE");
    CHECK(c.get("nexttext") == "[R 01001 A312 B148 C57 X9 T526]");
}

TEST_CASE("a U+0000 in the dummy driver's SMS file (libgammu's backup reader): read as a space, nothing after it lost") {
    TempDir dir;
    const fs::path file = dir.path / "sms";
    std::ofstream(file) << "[SMSBackup000]\nSMSC = \"+77010000000\"\nPDU = Deliver\nDateTime = 20261129T201500\n"
                           "State = UnRead\nNumber = \"+77010000001\"\nCoding = Unicode_No_Compression\nFolder = 1\n"
                           "Class = -1\nText00 = 00520020003000310030003000310000007E0041\n";
    auto backup = std::make_unique<GSM_SMS_Backup>();
    std::memset(backup.get(), 0, sizeof *backup);
    REQUIRE(GSM_ReadSMSBackupFile(file.c_str(), backup.get()) == ERR_NONE);
    REQUIRE(backup->SMS[0] != nullptr);
    const auto part = smsgw::sms_to_part(*backup->SMS[0], "m1", "", {}, smsgw::TextDecoder::backup_file);
    CHECK(part.text == "R 01001 ~A");  // the file's '~' is not doubled
    GSM_FreeSMSBackup(backup.get());
}
