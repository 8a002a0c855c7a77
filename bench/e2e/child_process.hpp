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
    // ru_maxrss from wait4 (what /usr/bin/time -v reports). The kernel fills wait4's rusage as
    // RUSAGE_BOTH: the larger of the child's own peak and that of any process it reaped (a
    // modem process), never a sum. In these runs the daemon's own.
    long peak_rss_kb = 0;
    double cpu_seconds = 0;    // user + system, including the processes it reaped (its modem processes)
};

// A process and its descendants, read from /proc: what a program costs when it is several processes.
struct TreeMemory {
    int processes = 0;              // the root and its descendants running the same program
    long own_hwm_kb = 0, own_rss_kb = 0;                     // the root alone
    long total_hwm_kb = 0, total_rss_kb = 0, total_pss_kb = 0;  // sums over those processes
    // Each peak is taken on its own, so the VmHWM sum can exceed any moment's total; RSS counts a
    // page shared by two processes (libraries, the same binary) twice, PSS splits it between them.
    double descendants_cpu_seconds = 0;  // user + system of the counted descendants so far
    // What the counted descendants' VmRSS is made of: their own heaps and stacks, and file pages
    // (the binary and its libraries, the same pages the daemon maps).
    long descendants_anon_kb = 0, descendants_file_kb = 0;
    std::vector<std::string> others;     // descendants running something else (a proxyat fake modem): not counted
};

// `root` and, recursively, its children (/proc/PID/task/*/children, or every /proc/N/stat's
// parent when the kernel has no children files). Counted: the processes whose /proc/N/exe is the
// root's (a daemon's modem processes are /proc/self/exe of it). Zeros when `root` is gone.
TreeMemory sample_tree(pid_t root);

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
    // It and its descendants (its modem processes), zeros when gone.
    TreeMemory tree() const;
    // Sends `sig`, waits up to `grace` for the exit, then SIGKILLs.
    ChildExit stop(int sig, std::chrono::milliseconds grace);

private:
    bool reap(int options);

    pid_t pid_ = -1;
    bool reaped_ = false;
    ChildExit exit_;
};

}  // namespace smsgw::bench
