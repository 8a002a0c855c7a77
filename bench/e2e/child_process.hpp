// A program under measurement: started with its output in a file, stopped by signal, its peak RSS and CPU time read at exit.
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace smsgw::bench {

struct ChildExit {
    bool exited = false;       // false: still running after the grace time, then SIGKILLed
    int status = -1;           // exit status, or 128 + signal
    long peak_rss_kb = 0;      // ru_maxrss from wait4: what /usr/bin/time -v reports
    double cpu_seconds = 0;    // user + system
};

class ChildProcess {
public:
    // Starts argv[0] (searched in PATH) with stdin from /dev/null and stdout + stderr appended to
    // `output`. Throws std::runtime_error if it cannot start.
    ChildProcess(const std::vector<std::string>& argv, const std::string& output);
    ~ChildProcess();  // SIGKILLs and reaps a child still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();  // reaps it (keeping its usage) when it has exited
    // VmHWM from /proc/PID/status in kB, 0 when gone: a cross-check of ru_maxrss while it runs.
    long vm_hwm_kb() const;
    // Sends `sig`, waits up to `grace` for the exit, then SIGKILLs.
    ChildExit stop(int sig, std::chrono::milliseconds grace);

private:
    bool reap(int options);

    pid_t pid_ = -1;
    bool reaped_ = false;
    ChildExit exit_;
};

}  // namespace smsgw::bench
