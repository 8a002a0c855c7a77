// The fake modem's SIM message memory, plus the counters that must survive a restart (--state FILE).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fake_modem {

struct StoredSms {
    int index = 0;
    int stat = 0;  // 27.005 <stat>: 0 REC UNREAD, 1 REC READ, 2 STO UNSENT, 3 STO SENT
    std::string pdu;
};

class SimCard {
public:
    explicit SimCard(int capacity = 30) : capacity_(capacity) {}

    int capacity() const { return capacity_; }
    void set_capacity(int capacity) { capacity_ = capacity; }
    int used() const { return static_cast<int>(slots_.size()); }

    // Lowest free location, like a SIM; nullopt when full.
    std::optional<int> store(std::string pdu, int stat = 0);
    const StoredSms* find(int index) const;
    bool erase(int index);
    void mark_read(int index);
    // stat 4 = all (AT+CMGL=4), in location order.
    std::vector<StoredSms> list(int stat) const;

    // Delivered by the network while the SIM was full; stored as locations free up.
    std::vector<std::string> pending;
    // Script messages already handed to the SIM; a restarted modem skips that many.
    int delivered = 0;
    // TP-MR the next accepted AT+CMGS reports.
    int next_mr = 0;
    int pin_attempts = 3;

    // Returns false with error set if the file exists but is unreadable; a missing file is fine.
    bool load(const std::string& path, std::string& error);
    // Written to a temporary name and renamed, so a kill never leaves half a file. False on I/O error.
    bool save(const std::string& path) const;

private:
    int capacity_;
    std::map<int, StoredSms> slots_;
};

}  // namespace fake_modem
