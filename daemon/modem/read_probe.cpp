// The shared read probe: marks, libgammu trace collection, and the PDU found in a trace.
#include "daemon/modem/read_probe.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <new>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace smsgw {

ReadProbe::ReadProbe() : area_(new ReadProbeArea()) {}

ReadProbe::ReadProbe(int fd) {
    void* p = ::mmap(nullptr, read_probe_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) {
        area_ = new ReadProbeArea();
        return;
    }
    area_ = static_cast<ReadProbeArea*>(p);
    mapped_ = true;
}

ReadProbe::~ReadProbe() {
    if (mapped_) ::munmap(area_, read_probe_size);
    else delete area_;
}

void ReadProbe::begin(ReadPhase phase, int location) {
    area_->location.store(location);
    area_->phase.store(static_cast<std::uint32_t>(phase));
}

void ReadProbe::append(std::string_view text) noexcept {
    const std::uint32_t used = area_->trace_length.load();
    const std::size_t n = std::min<std::size_t>(text.size(), ReadProbeArea::trace_capacity - used);
    std::memcpy(area_->trace + used, text.data(), n);
    area_->trace_length.store(static_cast<std::uint32_t>(used + n));
}

std::string ReadProbe::trace() const { return read_probe_snapshot(*area_).trace; }

ReadProbeSnapshot read_probe_snapshot(const ReadProbeArea& area) {
    ReadProbeSnapshot s;
    const auto phase = area.phase.load();
    s.phase = phase <= static_cast<std::uint32_t>(ReadPhase::one) ? static_cast<ReadPhase>(phase) : ReadPhase::idle;
    s.location = area.location.load();
    s.forbidden_syscall = area.forbidden_syscall.load();
    const std::uint32_t n = std::min<std::uint32_t>(area.trace_length.load(), ReadProbeArea::trace_capacity);
    s.trace.assign(area.trace, n);
    return s;
}

namespace {

// libgammu's AT trace shows each line of a reply as `N "text"` (N counts the reply's lines).
std::string_view reply_text(std::string_view line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    std::size_t i = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i;
    if (i > 0 && i + 1 < line.size() && line[i] == ' ' && line[i + 1] == '"' && line.back() == '"' && line.size() >= i + 3)
        return line.substr(i + 2, line.size() - i - 3);
    return line;
}

}  // namespace

std::optional<std::string> record_line_from_trace(std::string_view trace) {
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos <= trace.size();) {
        std::size_t end = trace.find('\n', pos);
        if (end == std::string_view::npos) end = trace.size();
        lines.push_back(trace.substr(pos, end - pos));
        pos = end + 1;
    }
    // The last +CMGR header that is a reply line (not libgammu's "Parsing +CMGR: ..." note).
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (reply_text(lines[i]).rfind("+CMGR:", 0) != 0) continue;
        for (std::size_t j = i + 1; j < lines.size(); ++j) {
            const std::string_view text = reply_text(lines[j]);
            if (text.empty()) continue;
            if (text == "OK" || text.rfind("ERROR", 0) == 0 || text.rfind("+CMS ERROR", 0) == 0) return std::nullopt;
            return std::string(text);
        }
        return std::nullopt;
    }
    return std::nullopt;
}

bool is_hex_pdu(std::string_view line) {
    return !line.empty() && line.size() % 2 == 0 &&
           std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isxdigit(c); });
}

std::string pdu_from_trace(std::string_view trace) {
    auto line = record_line_from_trace(trace);
    if (!line) return {};
    std::string hex;
    if (is_hex_pdu(*line)) {
        hex = *line;
        std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return std::toupper(c); });
        return hex;
    }
    // A garbled line (real phones do that): its characters' bytes, so nothing of it is lost.
    static constexpr char digits[] = "0123456789ABCDEF";
    for (unsigned char c : *line) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    return hex;
}

}  // namespace smsgw
