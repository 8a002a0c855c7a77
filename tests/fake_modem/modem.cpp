// AT interpreter of the fake modem: byte handling, echo, faults, result codes and the status commands.
// SMS commands live in modem_sms.cpp.
#include "modem.hpp"

#include "text_codec.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace fake_modem {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    if (prefix.size() > text.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(text[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string unquote(std::string s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
}

std::string reply_text(const std::string& final, const std::vector<std::string>& lines) {
    std::string out;
    if (!lines.empty()) {
        out += "\r\n";
        for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "\r\n" : "") + lines[i];
        out += "\r\n";
    }
    if (!final.empty()) out += "\r\n" + final + "\r\n";
    return out;
}

}  // namespace

Modem::Modem(ModemSettings& settings, SimCard& sim, Faults& faults, ModemEvents events)
    : settings_(settings), sim_(sim), faults_(faults), events_(std::move(events)) {
    reset();
}

void Modem::reset() {
    echo_ = settings_.echo;
    cmee_ = 0;
    charset_ = "GSM";
    creg_mode_ = cgreg_mode_ = cops_format_ = 0;
    cnmi_ = settings_.cnmi;
}

long Modem::count(std::string_view prefix) const {
    long n = 0;
    for (const auto& c : history_)
        if (starts_with_nocase(c, prefix)) ++n;
    return n;
}

std::string Modem::cmti(int index) const {
    if (faults_.silent || cnmi_.size() < 2 || cnmi_[0] == 0 || cnmi_[1] == 0) return {};
    return "\r\n+CMTI: \"SM\"," + std::to_string(index) + "\r\n";
}

std::string Modem::feed(std::string_view bytes) {
    std::string out;
    for (char c : bytes) {
        if (exit_requested_) break;
        if (pdu_mode_) {
            if (c == '\x1A') {
                out += process_pdu();
            } else if (c == '\x1B') {
                pdu_mode_ = false;
                pdu_.clear();
                if (events_.note) events_.note("PDU entry cancelled by ESC");
            } else if (c != '\r' && c != '\n') {
                pdu_ += c;
            }
            continue;
        }
        if (c == '\x1B') {
            line_.clear();  // ESC abandons a half-typed command
        } else if (c == '\r') {
            if (!line_.empty()) out += process_line(std::exchange(line_, {}));
        } else if (c == '\b') {
            if (!line_.empty()) line_.pop_back();
        } else if (c != '\n' && c != '\0') {
            line_ += c;
        }
    }
    return out;
}

std::string Modem::process_line(const std::string& line) {
    history_.push_back(upper(line));
    if (events_.command) events_.command(line);
    const long n = commands();
    if ((!faults_.exit_on.empty() && starts_with_nocase(line, faults_.exit_on))) {
        exit_requested_ = true;
        return {};
    }
    if (!faults_.silent && ((faults_.silent_after >= 0 && n > faults_.silent_after) ||
                            (!faults_.silent_on.empty() && starts_with_nocase(line, faults_.silent_on)))) {
        faults_.silent = true;
        if (events_.note) events_.note("silent from now on");
    }
    if (faults_.silent) return {};

    std::string out = echo_ ? line + "\r" : std::string{};
    bool faulted = false;
    for (const auto& [prefix, reply] : faults_.errors) {
        if (starts_with_nocase(line, prefix)) {
            out += reply_text(reply, {});
            faulted = true;
            break;
        }
    }
    if (!faulted) {
        Reply r = execute(line);
        out += reply_text(r.final, r.lines);
        if (r.final.empty() && r.lines.empty()) out += "\r\n> ";
    }
    if (faults_.exit_after >= 0 && n >= faults_.exit_after) exit_requested_ = true;
    return out;
}

std::string Modem::cme(int code) const {
    if (cmee_ == 0) return "ERROR";
    if (cmee_ == 1) return "+CME ERROR: " + std::to_string(code);
    switch (code) {
        case 3: return "+CME ERROR: operation not allowed";
        case 4: return "+CME ERROR: operation not supported";
        case 11: return "+CME ERROR: SIM PIN required";
        case 12: return "+CME ERROR: SIM PUK required";
        case 16: return "+CME ERROR: incorrect password";
        default: return "+CME ERROR: unknown";
    }
}

std::string Modem::encode_string(const std::string& text) const {
    if (charset_ == "UCS2") return to_hex(to_ucs2(utf8_to_u32(text)));
    if (charset_ == "HEX") {
        if (auto s = to_gsm7(utf8_to_u32(text))) return to_hex(*s);
        return to_hex(std::vector<std::uint8_t>(text.begin(), text.end()));
    }
    return text;
}

bool Modem::registered() const {
    return !sim_locked() && (settings_.network_state == 1 || settings_.network_state == 5);
}

void Modem::sim_changed() {
    if (events_.sim_changed) events_.sim_changed();
}

Modem::Reply Modem::execute(const std::string& cmd) {
    if (!starts_with_nocase(cmd, "AT")) return {{}, "ERROR"};
    const std::string body = upper(cmd.substr(2));
    if (body.empty()) return {};
    if (body == "E" || body == "E0" || body == "E1") {
        echo_ = body == "E1";
        return {};
    }
    if (body == "Z" || body == "&F") {
        reset();
        return {};
    }
    if (body == "I" || body == "I0") return {{settings_.manufacturer, settings_.model, settings_.revision}, "OK"};
    if (body[0] != '+') return {{}, "ERROR"};

    // Split "+NAME" from the operation: "" (execute), "?" (read), "=?" (test) or "=" (set, with args).
    std::size_t end = body.find_first_of("=?");
    std::string name = body.substr(0, end);
    std::string op, args;
    if (end != std::string::npos) {
        if (body.compare(end, 2, "=?") == 0) op = "=?";
        else if (body[end] == '?') op = "?";
        else {
            op = "=";
            args = cmd.substr(2 + end + 1);  // original case: quoted values keep theirs
        }
    }
    if (name == "+CMGS" || name == "+CMGL" || name == "+CMGR" || name == "+CMGD" || name == "+CPMS" ||
        name == "+CMGF" || name == "+CNMI" || name == "+CSCA" || name == "+CMMS" || name == "+CSMP")
        return sms_command(name, op, args);
    return status_command(name, op, args);
}

Modem::Reply Modem::status_command(const std::string& name, const std::string& op, const std::string& args) {
    auto value = [&](const std::string& v) -> Reply { return op == "=?" ? Reply{} : Reply{{v}, "OK"}; };
    if (name == "+CGMI" || name == "+GMI") return value(settings_.manufacturer);
    if (name == "+CGMM" || name == "+GMM") return value(settings_.model);
    if (name == "+CGMR" || name == "+GMR") return value(settings_.revision);
    if (name == "+CGSN" || name == "+GSN") return value(settings_.imei);
    if (name == "+CIMI") return sim_locked() ? Reply{{}, cme(11)} : value(settings_.imsi);
    if (name == "+CMEE") {
        if (op == "?") return {{"+CMEE: " + std::to_string(cmee_)}, "OK"};
        if (op == "=?") return {{"+CMEE: (0-2)"}, "OK"};
        if (op == "=" && (args == "0" || args == "1" || args == "2")) {
            cmee_ = args[0] - '0';
            return {};
        }
        return {{}, "ERROR"};
    }
    if (name == "+CSCS") {
        if (op == "?") return {{"+CSCS: \"" + charset_ + "\""}, "OK"};
        std::string list;
        for (const auto& c : settings_.charsets) list += (list.empty() ? "\"" : ",\"") + c + "\"";
        if (op == "=?") return {{"+CSCS: (" + list + ")"}, "OK"};
        std::string want = upper(unquote(args));
        for (const auto& c : settings_.charsets) {
            if (upper(c) == want) {
                charset_ = want;
                return {};
            }
        }
        return {{}, cme(4)};
    }
    if (name == "+CFUN") {
        if (op == "?") return {{"+CFUN: 1"}, "OK"};
        if (op == "=?") return {{"+CFUN: (0,1,4),(0,1)"}, "OK"};
        return {};
    }
    if (name == "+CPIN") {
        const bool puk = !settings_.pin.empty() && sim_.pin_attempts <= 0;
        if (op == "?") return {{std::string("+CPIN: ") + (!sim_locked() ? "READY" : puk ? "SIM PUK" : "SIM PIN")}, "OK"};
        if (op == "=?") return {};
        if (op != "=") return {{}, "ERROR"};
        if (!sim_locked()) return {{}, cme(3)};
        if (puk) return {{}, cme(12)};  // PUK entry is not emulated: the SIM stays blocked
        if (unquote(args.substr(0, args.find(','))) == settings_.pin) {
            unlocked_ = true;
            sim_.pin_attempts = 3;
            sim_changed();
            if (events_.note) events_.note("PIN accepted");
            return {};
        }
        --sim_.pin_attempts;
        sim_changed();
        if (events_.note) events_.note("wrong PIN, attempts left " + std::to_string(sim_.pin_attempts));
        return {{}, cme(16)};
    }
    if (name == "+CSQ") {
        if (op == "=?") return {{"+CSQ: (0-31,99),(0-7,99)"}, "OK"};
        return {{"+CSQ: " + std::to_string(settings_.rssi) + "," + std::to_string(settings_.ber)}, "OK"};
    }
    if (name == "+CBC") {
        if (op == "=?") return {};
        return {{"+CBC: " + std::to_string(settings_.battery_state) + "," + std::to_string(settings_.battery_level)}, "OK"};
    }
    if (name == "+CREG" || name == "+CGREG") {
        int& mode = name == "+CREG" ? creg_mode_ : cgreg_mode_;
        if (op == "=" && (args == "0" || args == "1" || args == "2")) {
            mode = args[0] - '0';
            return {};
        }
        if (op == "=?") return {{name + ": (0-2)"}, "OK"};
        if (op != "?") return {{}, "ERROR"};
        int stat = sim_locked() ? 0 : settings_.network_state;
        if (name == "+CGREG" && !settings_.gprs_attached) stat = 0;
        std::string line = name + ": " + std::to_string(mode) + "," + std::to_string(stat);
        if (mode == 2 && (stat == 1 || stat == 5)) line += ",\"" + settings_.lac + "\",\"" + settings_.cid + "\"";
        return {{line}, "OK"};
    }
    if (name == "+CGATT") {
        if (op == "?") return {{std::string("+CGATT: ") + (settings_.gprs_attached && registered() ? "1" : "0")}, "OK"};
        if (op == "=?") return {{"+CGATT: (0,1)"}, "OK"};
        return {};
    }
    if (name == "+COPS") {
        if (op == "=?")
            return {{"+COPS: (2,\"" + encode_string(settings_.operator_name) + "\",\"\",\"" + settings_.operator_code +
                     "\"),,(0-4),(0-2)"},
                    "OK"};
        if (op == "=") {
            // "3,<format>" only chooses how AT+COPS? answers; other modes (re)select the network.
            if (args.size() == 3 && args[0] == '3' && args[1] == ',' && args[2] >= '0' && args[2] <= '2')
                cops_format_ = args[2] - '0';
            return {};
        }
        if (!registered()) return {{"+COPS: 0"}, "OK"};
        std::string oper = cops_format_ == 2 ? settings_.operator_code : encode_string(settings_.operator_name);
        return {{"+COPS: 0," + std::to_string(cops_format_) + ",\"" + oper + "\""}, "OK"};
    }
    if (name == "+CCLK" && op == "?") {
        std::time_t now = std::time(nullptr);
        std::tm tm{};
        localtime_r(&now, &tm);
        char buf[64];
        std::snprintf(buf, sizeof buf, "+CCLK: \"%02d/%02d/%02d,%02d:%02d:%02d%+03ld\"", tm.tm_year % 100,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_gmtoff / 900);
        return {{buf}, "OK"};
    }
    if (name == "+CHUP") return {};
    return {{}, "ERROR"};
}

}  // namespace fake_modem
