// SIM message memory of the fake modem and its line-based state file.
#include "sim_card.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace fake_modem {

std::optional<int> SimCard::store(std::string pdu, int stat) {
    for (int i = 1; i <= capacity_; ++i) {
        if (slots_.count(i) == 0) {
            slots_[i] = StoredSms{i, stat, std::move(pdu)};
            return i;
        }
    }
    return std::nullopt;
}

const StoredSms* SimCard::find(int index) const {
    auto it = slots_.find(index);
    return it == slots_.end() ? nullptr : &it->second;
}

bool SimCard::erase(int index) { return slots_.erase(index) > 0; }

void SimCard::mark_read(int index) {
    auto it = slots_.find(index);
    if (it != slots_.end() && it->second.stat == 0) it->second.stat = 1;
}

std::vector<StoredSms> SimCard::list(int stat) const {
    std::vector<StoredSms> out;
    for (const auto& [index, sms] : slots_)
        if (stat == 4 || sms.stat == stat) out.push_back(sms);
    return out;
}

bool SimCard::load(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) return true;
    std::map<int, StoredSms> slots;
    std::vector<std::string> pend;
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        std::istringstream ls(line);
        std::string key;
        ls >> key;
        bool ok = true;
        if (key.empty() || key == "fake-modem-state") {
        } else if (key == "capacity") {
            ok = static_cast<bool>(ls >> capacity_);
        } else if (key == "delivered") {
            ok = static_cast<bool>(ls >> delivered);
        } else if (key == "next-mr") {
            ok = static_cast<bool>(ls >> next_mr);
        } else if (key == "pin-attempts") {
            ok = static_cast<bool>(ls >> pin_attempts);
        } else if (key == "slot") {
            StoredSms s;
            ok = static_cast<bool>(ls >> s.index >> s.stat >> s.pdu);
            if (ok) slots[s.index] = s;
        } else if (key == "pending") {
            std::string pdu;
            ok = static_cast<bool>(ls >> pdu);
            if (ok) pend.push_back(pdu);
        } else {
            ok = false;
        }
        if (!ok) {
            error = path + ":" + std::to_string(lineno) + ": bad state line";
            return false;
        }
    }
    slots_ = std::move(slots);
    pending = std::move(pend);
    return true;
}

bool SimCard::save(const std::string& path) const {
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << "fake-modem-state 1\ncapacity " << capacity_ << "\ndelivered " << delivered << "\nnext-mr "
            << next_mr << "\npin-attempts " << pin_attempts << "\n";
        for (const auto& [index, sms] : slots_) out << "slot " << index << ' ' << sms.stat << ' ' << sms.pdu << "\n";
        for (const auto& pdu : pending) out << "pending " << pdu << "\n";
        out.flush();
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

}  // namespace fake_modem
