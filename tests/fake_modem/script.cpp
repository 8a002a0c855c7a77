// Parser for fake modem scripts (see README.md in this directory for the language).
#include "script.hpp"

#include "text_codec.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <stdexcept>

namespace fake_modem {
namespace {

constexpr std::array<std::string_view, 20> kSettings = {
    "imei", "imsi", "pin", "manufacturer", "model", "revision", "smsc", "signal", "battery", "network",
    "operator", "operator-code", "lac", "cid", "sim-size", "charsets", "cmgr-empty", "echo", "cnmi", "gprs"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Splits off the first whitespace-separated word.
std::string_view next_word(std::string_view& rest) {
    rest = trim(rest);
    auto end = rest.find_first_of(" \t");
    std::string_view word = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return word;
}

long to_number(std::string_view s, const std::string& where) {
    std::string str(s);
    char* end = nullptr;
    long v = std::strtol(str.c_str(), &end, 10);
    if (str.empty() || *end != '\0') throw std::runtime_error(where + "expected a number, got '" + str + "'");
    return v;
}

MessageSpec parse_message(std::string_view verb, std::string_view rest, const std::string& where) {
    MessageSpec m;
    if (verb == "pdu" || verb == "pdu-line") {
        // pdu-line: the line as a broken phone sent it (captures with non-hex characters), unchecked.
        std::string hex(next_word(rest));
        if (hex.empty() || (verb == "pdu" && !from_hex(hex)))
            throw std::runtime_error(where + (verb == "pdu" ? "pdu needs a hex PDU" : "pdu-line needs a line"));
        m.raw_pdu = hex;
        if (auto st = next_word(rest); !st.empty()) m.stat = static_cast<int>(to_number(st, where));
        return m;
    }
    if (verb == "sms-gsm") m.coding = Coding::gsm7;
    if (verb == "sms-ucs2") m.coding = Coding::ucs2;
    m.multipart = verb == "multipart";
    while (true) {
        std::string_view save = rest;
        std::string_view w = next_word(rest);
        if (w.empty()) throw std::runtime_error(where + "missing sender");
        auto eq = w.find('=');
        std::string_view key = w.substr(0, eq), val = eq == std::string_view::npos ? "" : w.substr(eq + 1);
        if (w == "ucs2") m.coding = Coding::ucs2;
        else if (w == "gsm") m.coding = Coding::gsm7;
        else if (w == "read") m.stat = 1;
        else if (w == "ref16") m.ref16 = true;
        else if (key == "ref") m.ref = static_cast<int>(to_number(val, where));
        else if (key == "per-part") m.per_part = static_cast<int>(to_number(val, where));
        else if (key == "smsc") m.smsc = std::string(val);
        else if (key == "time") {
            m.time = parse_timestamp(val);
            if (!m.time) throw std::runtime_error(where + "bad time, want 2024-09-20T20:15:00+06:00");
        } else if (key == "only") {
            std::string_view list = val;
            while (!list.empty()) {
                auto comma = list.find(',');
                m.only.push_back(static_cast<int>(to_number(list.substr(0, comma), where)));
                list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            }
        } else {
            rest = save;
            break;
        }
    }
    m.sender = std::string(next_word(rest));
    m.text = unescape_text(rest);
    if (m.only.size() || m.per_part > 0 || m.ref >= 0) m.multipart = true;
    return m;
}

}  // namespace

std::u32string unescape_text(std::string_view text) {
    std::u32string raw = utf8_to_u32(text);
    std::u32string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != U'\\' || i + 1 == raw.size()) {
            out.push_back(raw[i]);
            continue;
        }
        char32_t e = raw[++i];
        if (e == U'n') out.push_back(U'\n');
        else if (e == U'r') out.push_back(U'\r');
        else if (e == U't') out.push_back(U'\t');
        else if (e == U'u' && i + 4 < raw.size()) {
            std::string hex = u32_to_utf8(raw.substr(i + 1, 4));
            char* end = nullptr;
            long v = std::strtol(hex.c_str(), &end, 16);
            if (hex.size() == 4 && *end == '\0') {
                out.push_back(static_cast<char32_t>(v));
                i += 4;
            } else {
                out += U"\\u";
            }
        } else out.push_back(e);
    }
    return out;
}

std::vector<Directive> parse_script(std::string_view source, const std::string& origin) {
    std::vector<Directive> out;
    int lineno = 0;
    while (!source.empty()) {
        auto nl = source.find('\n');
        std::string_view line = source.substr(0, nl);
        source = nl == std::string_view::npos ? std::string_view{} : source.substr(nl + 1);
        ++lineno;
        std::string where = origin + ":" + std::to_string(lineno) + ": ";
        std::string_view rest = trim(line);
        if (rest.empty() || rest.front() == '#') continue;
        std::string verb(next_word(rest));
        rest = trim(rest);
        Directive d;
        d.line = lineno;
        using K = Directive::Kind;
        if (std::find(kSettings.begin(), kSettings.end(), verb) != kSettings.end()) {
            d.kind = K::set;
            d.key = verb;
            d.value = std::string(rest);
            if (d.value.empty()) throw std::runtime_error(where + verb + " needs a value");
        } else if (verb == "sms" || verb == "sms-gsm" || verb == "sms-ucs2" || verb == "multipart" || verb == "pdu" ||
                   verb == "pdu-line") {
            d.kind = K::message;
            d.message = parse_message(verb, rest, where);
            if (d.message.raw_pdu.empty() && d.message.sender.empty())
                throw std::runtime_error(where + "missing sender");
        } else if (verb == "wait-ms") {
            d.kind = K::wait_ms;
            d.number = to_number(rest, where);
        } else if (verb == "wait-for") {
            d.kind = K::wait_for;
            d.text = std::string(next_word(rest));
            d.number = rest.empty() ? 1 : to_number(trim(rest), where);
            if (d.text.empty()) throw std::runtime_error(where + "wait-for needs a command prefix");
        } else if (verb == "announce") {
            d.kind = K::announce;
        } else if (verb == "notify") {
            d.kind = K::notify;
            if (rest != "on" && rest != "off") throw std::runtime_error(where + "notify on|off");
            d.flag = rest == "on";
        } else if (verb == "silent") {
            d.kind = K::silent;
        } else if (verb == "silent-after") {
            d.kind = K::silent_after;
            d.number = to_number(rest, where);
        } else if (verb == "silent-on") {
            d.kind = K::silent_on;
            d.text = std::string(rest);
        } else if (verb == "wake") {
            d.kind = K::wake;
        } else if (verb == "exit") {
            d.kind = K::exit_now;
            d.number = rest.empty() ? 0 : to_number(rest, where);
        } else if (verb == "exit-after-commands") {
            d.kind = K::exit_after;
            d.number = to_number(rest, where);
        } else if (verb == "exit-on") {
            d.kind = K::exit_on;
            d.text = std::string(rest);
        } else if (verb == "error-on") {
            d.kind = K::error_on;
            d.text = std::string(next_word(rest));
            d.value = rest.empty() ? "ERROR" : std::string(trim(rest));
        } else if (verb == "clear-errors") {
            d.kind = K::clear_errors;
        } else if (verb == "send-fail") {
            d.kind = K::send_fail;
            d.value = rest.empty() ? "+CMS ERROR: 38" : std::string(rest);
        } else if (verb == "send-ok") {
            d.kind = K::send_fail;
        } else if (verb == "log") {
            d.kind = K::log;
            d.value = std::string(rest);
        } else {
            throw std::runtime_error(where + "unknown directive '" + verb + "'");
        }
        if ((d.kind == K::silent_on || d.kind == K::exit_on) && d.text.empty())
            throw std::runtime_error(where + verb + " needs a command prefix");
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace fake_modem
