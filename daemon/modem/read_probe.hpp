// What a modem's process is reading right now, kept in memory shared with the daemon, so that
// after the process died inside libgammu the daemon knows which SIM location killed it, and its bytes.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

enum class ReadPhase : std::uint32_t {
    idle,     // not inside a read: a death here says nothing about a record
    listing,  // GSM_GetNextSMS after `location` (0: from the start): the culprit is not known yet
    one,      // GSM_GetSMS of exactly `location`, traced: a death here names the record
};

// The shared page's layout. Written by the child only, read by the parent only after the child died
// (or from the child itself): lock-free atomics for the small fields, the trace is plain bytes.
struct ReadProbeArea {
    static constexpr std::size_t trace_capacity = 60 * 1024;
    std::atomic<std::uint32_t> phase{0};
    std::atomic<std::int32_t> location{0};
    std::atomic<std::uint32_t> trace_length{0};
    std::atomic<std::int32_t> forbidden_syscall{-1};  // the call the sandbox stopped, for the console
    char trace[trace_capacity];
};
inline constexpr std::size_t read_probe_size = sizeof(ReadProbeArea);

// The child's side: marks each read and collects libgammu's debug text of a traced one.
class ReadProbe {
public:
    // Private memory: nobody outlives the process to read it (in-process workers, tests).
    ReadProbe();
    // The area the daemon created (an inherited memfd); falls back to private memory if mapping fails.
    explicit ReadProbe(int fd);
    ~ReadProbe();
    ReadProbe(const ReadProbe&) = delete;
    ReadProbe& operator=(const ReadProbe&) = delete;

    void begin(ReadPhase phase, int location);
    void end() { area_->phase.store(static_cast<std::uint32_t>(ReadPhase::idle)); }
    void clear_trace() { area_->trace_length.store(0); }
    // libgammu's debug callback appends here; text beyond the capacity is dropped.
    void append(std::string_view text) noexcept;
    std::string trace() const;
    // The sandbox's SIGSYS handler notes the forbidden call here before the process dies.
    ReadProbeArea* area() { return area_; }

private:
    ReadProbeArea* area_ = nullptr;
    bool mapped_ = false;
};

// What the parent reads from the area of a dead child.
struct ReadProbeSnapshot {
    ReadPhase phase = ReadPhase::idle;
    int location = 0;
    int forbidden_syscall = -1;
    std::string trace;
};
ReadProbeSnapshot read_probe_snapshot(const ReadProbeArea& area);

// The line after the last `+CMGR:` reply line in libgammu's AT debug trace (where the modem puts
// the record's PDU), or nullopt when the trace holds none. Pure.
std::optional<std::string> record_line_from_trace(std::string_view trace);
bool is_hex_pdu(std::string_view line);
// That line as upper-case hex: the PDU itself (SMSC field included) when the line is hex, else the
// hex of the line's characters (a garbled record is kept whole); "" when there is none.
std::string pdu_from_trace(std::string_view trace);

}  // namespace smsgw
