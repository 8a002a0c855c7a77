// The fake modem process: command line, script timeline, delivery of incoming SMS, logs and the
// poll loop that connects the AT interpreter to stdin/stdout.
#pragma once

#include "modem.hpp"
#include "script.hpp"
#include "sim_card.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace fake_modem {

struct Options {
    std::vector<std::string> scripts;  // files
    std::vector<std::string> lines;    // -e directives, after the files
    std::string state_path;
    std::string sent_path;
    std::string log_path;
    bool keeper = true;  // see main.cpp: a parent process keeps the line open if the modem dies
};

// Throws std::runtime_error with a usage message on a bad command line.
Options parse_options(int argc, char** argv);
extern const char* const kUsage;

class Runner {
public:
    explicit Runner(const Options& options);  // throws std::runtime_error on bad scripts or files
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Serves stdin/stdout until the host closes the pipe or the script exits; returns the exit status.
    int run();
    // A line in the --log file (tag "ev").
    void note(const std::string& text) { log("ev", text); }

private:
    using Clock = std::chrono::steady_clock;

    // Runs directives until one blocks; false if the script asked to exit.
    bool step_timeline();
    void apply_setting(const Directive& d);
    void deliver(const MessageSpec& m);
    void store(const std::string& pdu, int stat);
    void pump_pending();
    void queue_cmti(int index);
    void persist();
    bool flush_unsolicited();
    bool write_out(const std::string& bytes);
    void log(const char* tag, const std::string& text);
    void record_sent(const SentRecord& rec);
    [[noreturn]] void fail(const Directive& d, const std::string& why);

    Options options_;
    ModemSettings settings_;
    SimCard sim_;
    Faults faults_;
    Modem modem_;
    std::vector<Directive> script_;
    std::size_t pc_ = 0;
    std::optional<Clock::time_point> wake_at_;
    int exit_status_ = -1;
    int skip_messages_ = 0;  // already delivered before a restart
    int message_seq_ = 0;
    int next_auto_ref_ = 1;
    bool notify_ = false;
    std::vector<int> unannounced_;
    std::string unsolicited_;
    std::FILE* log_ = nullptr;
    std::FILE* sent_ = nullptr;
};

}  // namespace fake_modem
