// SMS commands of the fake modem (27.005 in PDU mode): memories, listing, reading, deleting, sending.
#include "modem.hpp"

#include <cstdlib>

namespace fake_modem {
namespace {

std::vector<std::string> split_args(const std::string& args) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (char c : args) {
        if (c == '"') quoted = !quoted;
        if (c == ',' && !quoted) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

bool to_int(const std::string& s, int& v) {
    if (s.empty()) return false;
    char* end = nullptr;
    long x = std::strtol(s.c_str(), &end, 10);
    if (*end != '\0') return false;
    v = static_cast<int>(x);
    return true;
}

std::string cms(int code) { return "+CMS ERROR: " + std::to_string(code); }

}  // namespace

Modem::Reply Modem::sms_command(const std::string& name, const std::string& op, const std::string& args) {
    if (name == "+CMGF") {
        if (op == "?") return {{"+CMGF: 0"}, "OK"};
        if (op == "=?") return {{"+CMGF: (0)"}, "OK"};
        if (op == "=" && args == "0") return {};
        if (events_.note) events_.note("text mode (AT+CMGF=1) is not emulated");
        return {{}, "ERROR"};
    }
    if (name == "+CNMI") {
        if (op == "=?") return {{"+CNMI: (0-2),(0-3),(0-3),(0-2),(0,1)"}, "OK"};
        if (op == "?") {
            std::string line = "+CNMI: ";
            for (std::size_t i = 0; i < cnmi_.size(); ++i) line += (i ? "," : "") + std::to_string(cnmi_[i]);
            return {{line}, "OK"};
        }
        if (op != "=") return {{}, "ERROR"};
        std::vector<int> values;
        for (const auto& a : split_args(args)) {
            int v = 0;
            if (!a.empty() && (!to_int(a, v) || v < 0 || v > 3)) return {{}, cms(303)};
            values.push_back(v);
        }
        values.resize(5, 0);
        cnmi_ = values;
        return {};
    }
    if (name == "+CMMS" || name == "+CSMP") return {};
    if (name == "+CSCA") {
        if (op == "=?") return {};
        if (sim_locked()) return {{}, cms(311)};
        if (op == "=") {
            settings_.smsc = split_args(args)[0];
            if (settings_.smsc.size() >= 2 && settings_.smsc.front() == '"')
                settings_.smsc = settings_.smsc.substr(1, settings_.smsc.size() - 2);
            return {};
        }
        bool intl = !settings_.smsc.empty() && settings_.smsc[0] == '+';
        return {{"+CSCA: \"" + encode_string(settings_.smsc) + "\"," + (intl ? "145" : "129")}, "OK"};
    }
    if (name == "+CPMS") {
        if (op == "=?") return {{"+CPMS: (\"SM\"),(\"SM\"),(\"SM\")"}, "OK"};
        if (sim_locked()) return {{}, cms(311)};
        std::string u = std::to_string(sim_.used()), t = std::to_string(sim_.capacity());
        if (op == "?") return {{"+CPMS: \"SM\"," + u + "," + t + ",\"SM\"," + u + "," + t + ",\"SM\"," + u + "," + t}, "OK"};
        if (op != "=") return {{}, "ERROR"};
        for (const auto& mem : split_args(args))
            if (mem != "\"SM\"" && mem != "\"sm\"") return {{}, cms(302)};
        return {{"+CPMS: " + u + "," + t + "," + u + "," + t + "," + u + "," + t}, "OK"};
    }
    // Everything below needs the SIM.
    if (op == "=?") {
        if (name == "+CMGL") return {{"+CMGL: (0-4)"}, "OK"};
        if (name == "+CMGD") {
            std::string used;
            for (const auto& s : sim_.list(4)) used += (used.empty() ? "" : ",") + std::to_string(s.index);
            return {{"+CMGD: (" + used + "),(0-4)"}, "OK"};
        }
        return {};
    }
    if (sim_locked()) return {{}, cms(311)};
    if (name == "+CMGL") {
        int stat = 0;
        if (op == "=" && (!to_int(args, stat) || stat < 0 || stat > 4)) return {{}, cms(302)};
        Reply r;
        bool changed = false;
        for (const auto& s : sim_.list(stat)) {
            r.lines.push_back("+CMGL: " + std::to_string(s.index) + "," + std::to_string(s.stat) + ",," +
                              std::to_string(tpdu_length(s.pdu)));
            r.lines.push_back(s.pdu);
            if (s.stat == 0) {
                sim_.mark_read(s.index);
                changed = true;
            }
        }
        if (changed) sim_changed();
        return r;
    }
    if (name == "+CMGR") {
        int index = 0;
        if (op != "=" || !to_int(args, index) || index < 1 || index > sim_.capacity()) return {{}, cms(321)};
        const StoredSms* s = sim_.find(index);
        if (s == nullptr) return settings_.cmgr_empty_error ? Reply{{}, cms(321)} : Reply{};
        Reply r{{"+CMGR: " + std::to_string(s->stat) + ",," + std::to_string(tpdu_length(s->pdu)), s->pdu}, "OK"};
        if (s->stat == 0) {
            sim_.mark_read(index);
            sim_changed();
        }
        return r;
    }
    if (name == "+CMGD") {
        auto a = split_args(args);
        int index = 0, flag = 0;
        if (op != "=" || !to_int(a[0], index) || (a.size() > 1 && !to_int(a[1], flag)) || flag < 0 || flag > 4)
            return {{}, cms(302)};
        if (flag == 0) {
            if (index < 1 || index > sim_.capacity()) return {{}, cms(321)};
            if (sim_.erase(index)) {
                if (events_.note) events_.note("deleted " + std::to_string(index));
                sim_changed();
            }
            return {};
        }
        // 1: read, 2: read and sent, 3: read, sent and unsent, 4: all.
        for (const auto& s : sim_.list(4)) {
            if (flag == 4 || s.stat == 1 || (flag >= 2 && s.stat == 3) || (flag == 3 && s.stat == 2)) sim_.erase(s.index);
        }
        if (events_.note) events_.note("deleted with flag " + std::to_string(flag));
        sim_changed();
        return {};
    }
    if (name == "+CMGS") {
        int length = 0;
        if (op != "=" || !to_int(args, length) || length < 7 || length > 164) return {{}, cms(304)};
        pdu_mode_ = true;
        pdu_.clear();
        pdu_length_ = length;
        return {{}, ""};  // the "> " prompt
    }
    return {{}, "ERROR"};
}

std::string Modem::process_pdu() {
    pdu_mode_ = false;
    SentRecord rec;
    rec.pdu = std::exchange(pdu_, {});
    rec.declared_length = pdu_length_;
    rec.decoded = decode_submit(rec.pdu);
    if (faults_.silent) {
        rec.problem = "modem silent";
    } else if (!rec.decoded.submit) {
        rec.problem = rec.decoded.error;
        rec.reply = cms(304);
    } else if (rec.decoded.submit->tpdu_length != rec.declared_length) {
        rec.problem = "AT+CMGS=" + std::to_string(rec.declared_length) + " but the TPDU has " +
                      std::to_string(rec.decoded.submit->tpdu_length) + " octets";
        rec.reply = cms(304);
    } else if (!registered()) {
        rec.problem = "not registered to a network";
        rec.reply = cms(331);
    } else if (!faults_.send_fail.empty()) {
        rec.problem = "send-fail";
        rec.reply = faults_.send_fail;
    } else {
        rec.message_ref = sim_.next_mr;
        sim_.next_mr = (sim_.next_mr + 1) % 256;
        rec.reply = "+CMGS: " + std::to_string(rec.message_ref);
        sim_changed();
    }
    if (events_.sent) events_.sent(rec);
    if (faults_.silent) return {};
    std::string out = echo_ ? rec.pdu : std::string{};
    if (rec.message_ref >= 0) return out + "\r\n" + rec.reply + "\r\n\r\nOK\r\n";
    return out + "\r\n" + rec.reply + "\r\n";
}

}  // namespace fake_modem
