// The fake AT modem's files (script, --state, --sent, --log) and what a test reads back from them.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace smsgw::e2e {

struct SentPdu {
    std::string to, text, coding;
    bool accepted = false;
    int mr = -1;
    long long t_ms = 0;
};

class FakeModemFiles {
public:
    // Files named NAME.script, NAME.state, NAME.sent, NAME.log in `dir`.
    FakeModemFiles(const std::filesystem::path& dir, const std::string& name);

    void write_script(const std::string& script) const;
    // The command line libgammu runs (the `device` of a proxyat modem).
    std::string command() const;

    std::vector<SentPdu> sent() const;
    // Pid of the newest modem process (the log's last "start pid N" line), -1 if none yet.
    pid_t modem_pid() const;
    int starts() const;  // "start pid" lines so far
    int sim_messages() const;  // "slot" lines in the state file
    int delivered() const;     // script messages delivered so far (state "delivered N")
    std::string log() const;
    const std::filesystem::path& log_path() const { return log_; }

private:
    std::filesystem::path script_, state_, sent_, log_;
};

}  // namespace smsgw::e2e
