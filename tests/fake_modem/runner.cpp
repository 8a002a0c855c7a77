// The fake modem process around the AT interpreter: options, timeline, deliveries, logs, poll loop.
#include "runner.hpp"

#include "text_codec.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <poll.h>
#include <unistd.h>

namespace fake_modem {
namespace {

long long now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string escape_bytes(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\\') out += "\\\\";
        else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else out += static_cast<char>(c);
    }
    return out + "\"";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read script " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool parse_on_off(const std::string& v, bool& out) {
    if (v == "on" || v == "yes" || v == "1") out = true;
    else if (v == "off" || v == "no" || v == "0") out = false;
    else return false;
    return true;
}

}  // namespace

const char* const kUsage =
    "usage: fake_modem [--script FILE]... [-e DIRECTIVE]... [--state FILE] [--sent FILE] [--log FILE]\n"
    "A fake GSM modem speaking AT on stdin/stdout, for libgammu's `connection = proxyat`.\n"
    "  --script FILE  directives, one per line (see tests/fake_modem/README.md)\n"
    "  -e DIRECTIVE   one more directive, run after the script files\n"
    "  --state FILE   keep SIM contents and counters here, so a restarted modem loses nothing\n"
    "  --sent FILE    append one JSON line per AT+CMGS PDU (hex, destination, decoded text)\n"
    "  --log FILE     append all AT traffic and events, with millisecond timestamps\n"
    "  --no-keeper    no line-keeping parent: if the modem exits, libgammu 1.42 spins forever in its\n"
    "                 next write (proxy_write retries EPIPE); only to reproduce that\n";

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value\n" + kUsage);
            return argv[++i];
        };
        if (a == "--script") o.scripts.push_back(value());
        else if (a == "-e") o.lines.push_back(value());
        else if (a == "--state") o.state_path = value();
        else if (a == "--sent") o.sent_path = value();
        else if (a == "--log") o.log_path = value();
        else if (a == "--no-keeper") o.keeper = false;
        else if (a == "-h" || a == "--help") throw std::runtime_error(kUsage);
        else throw std::runtime_error("unknown argument " + a + "\n" + kUsage);
    }
    return o;
}

Runner::Runner(const Options& options)
    : options_(options),
      modem_(settings_, sim_, faults_,
             ModemEvents{nullptr,
                         [this] {
                             pump_pending();
                             persist();
                         },
                         [this](const SentRecord& r) { record_sent(r); },
                         [this](const std::string& note) { log("ev", note); }}) {
    for (const auto& path : options_.scripts) {
        auto d = parse_script(read_file(path), path);
        script_.insert(script_.end(), d.begin(), d.end());
    }
    for (std::size_t i = 0; i < options_.lines.size(); ++i) {
        auto d = parse_script(options_.lines[i], "-e#" + std::to_string(i + 1));
        script_.insert(script_.end(), d.begin(), d.end());
    }
    if (!options_.log_path.empty() && !(log_ = std::fopen(options_.log_path.c_str(), "a")))
        throw std::runtime_error("cannot open log " + options_.log_path);
    if (!options_.sent_path.empty() && !(sent_ = std::fopen(options_.sent_path.c_str(), "a")))
        throw std::runtime_error("cannot open " + options_.sent_path);
    if (!options_.state_path.empty()) {
        std::string error;
        if (!sim_.load(options_.state_path, error)) throw std::runtime_error(error);
        skip_messages_ = sim_.delivered;
        next_auto_ref_ = 1 + sim_.delivered % 255;
    }
}

Runner::~Runner() {
    if (log_) std::fclose(log_);
    if (sent_) std::fclose(sent_);
}

void Runner::log(const char* tag, const std::string& text) {
    if (!log_) return;
    std::fprintf(log_, "%lld %s %s\n", now_ms(), tag, escape_bytes(text).c_str());
    std::fflush(log_);
}

void Runner::persist() {
    if (!options_.state_path.empty() && !sim_.save(options_.state_path))
        log("ev", "cannot write state file " + options_.state_path);
}

void Runner::fail(const Directive& d, const std::string& why) {
    std::fprintf(stderr, "fake_modem: script line %d: %s\n", d.line, why.c_str());
    std::exit(2);
}

void Runner::record_sent(const SentRecord& r) {
    log("ev", "AT+CMGS PDU " + r.pdu + " -> " + (r.reply.empty() ? "(no answer)" : r.reply));
    if (!sent_) return;
    std::string j = "{\"t_ms\":" + std::to_string(now_ms()) + ",\"accepted\":" + (r.message_ref >= 0 ? "true" : "false") +
                    ",\"mr\":" + std::to_string(r.message_ref) + ",\"reply\":" + json_string(r.reply) +
                    ",\"length\":" + std::to_string(r.declared_length) + ",\"pdu\":" + json_string(r.pdu);
    if (!r.problem.empty()) j += ",\"problem\":" + json_string(r.problem);
    if (const auto& s = r.decoded.submit) {
        j += ",\"smsc\":" + json_string(s->smsc) + ",\"to\":" + json_string(s->to) +
             ",\"coding\":" + json_string(coding_name(s->coding)) + ",\"dcs\":" + std::to_string(s->dcs) +
             ",\"udh\":" + json_string(to_hex(s->udh)) + ",\"status_report\":" + (s->status_report ? "true" : "false");
        if (s->validity) j += ",\"validity\":" + std::to_string(*s->validity);
        if (s->concat)
            j += ",\"concat\":{\"ref\":" + std::to_string(s->concat->ref) + ",\"total\":" +
                 std::to_string(s->concat->total) + ",\"seq\":" + std::to_string(s->concat->seq) + "}";
        j += ",\"text\":" + json_string(s->text);
    }
    std::fprintf(sent_, "%s}\n", j.c_str());
    std::fflush(sent_);
}

void Runner::apply_setting(const Directive& d) {
    const std::string& v = d.value;
    auto number = [&](const std::string& s) {
        char* end = nullptr;
        long x = std::strtol(s.c_str(), &end, 10);
        if (s.empty() || *end != '\0') fail(d, d.key + ": expected a number, got '" + s + "'");
        return static_cast<int>(x);
    };
    auto two = [&](int& a, int& b, bool second_optional) {
        std::istringstream in(v);
        std::string x, y;
        in >> x >> y;
        a = number(x);
        if (!y.empty() || !second_optional) b = number(y);
    };
    if (d.key == "imei") settings_.imei = v;
    else if (d.key == "imsi") settings_.imsi = v;
    else if (d.key == "pin") settings_.pin = v == "none" ? "" : v;
    else if (d.key == "manufacturer") settings_.manufacturer = v;
    else if (d.key == "model") settings_.model = v;
    else if (d.key == "revision") settings_.revision = v;
    else if (d.key == "smsc") settings_.smsc = v;
    else if (d.key == "lac") settings_.lac = v;
    else if (d.key == "cid") settings_.cid = v;
    else if (d.key == "operator") settings_.operator_name = v;
    else if (d.key == "operator-code") settings_.operator_code = v;
    else if (d.key == "signal") two(settings_.rssi, settings_.ber, true);
    else if (d.key == "battery") two(settings_.battery_state, settings_.battery_level, false);
    else if (d.key == "sim-size") {
        sim_.set_capacity(number(v));
        pump_pending();
    } else if (d.key == "network") {
        static const std::pair<const char*, int> kNames[] = {{"home", 1}, {"roaming", 5}, {"none", 0},
                                                             {"searching", 2}, {"denied", 3}, {"unknown", 4}};
        int state = -1;
        for (const auto& [name, value] : kNames)
            if (v == name) state = value;
        settings_.network_state = state >= 0 ? state : number(v);
    } else if (d.key == "charsets") {
        settings_.charsets.clear();
        std::istringstream in(v);
        for (std::string c; std::getline(in, c, ',');) settings_.charsets.push_back(c);
    } else if (d.key == "cmgr-empty") {
        if (v != "ok" && v != "error") fail(d, "cmgr-empty ok|error");
        settings_.cmgr_empty_error = v == "error";
    } else if (d.key == "echo") {
        if (!parse_on_off(v, settings_.echo)) fail(d, "echo on|off");
        modem_.reset();
    } else if (d.key == "gprs") {
        if (!parse_on_off(v, settings_.gprs_attached)) fail(d, "gprs on|off");
    } else if (d.key == "cnmi") {
        settings_.cnmi.clear();
        std::istringstream in(v);
        for (std::string c; std::getline(in, c, ',');) settings_.cnmi.push_back(number(c));
        settings_.cnmi.resize(5, 0);
        modem_.reset();
    }
}

void Runner::deliver(const MessageSpec& m) {
    ++message_seq_;
    if (message_seq_ <= skip_messages_) {
        log("ev", "message " + std::to_string(message_seq_) + " was delivered before the restart; skipped");
        return;
    }
    sim_.delivered = message_seq_;
    if (!m.raw_pdu.empty()) {
        store(m.raw_pdu, m.stat);
        return;
    }
    Coding coding = m.coding.value_or(choose_coding(m.text));
    if (coding == Coding::gsm7 && choose_coding(m.text) != Coding::gsm7)
        throw std::invalid_argument("text has characters outside the GSM-7 alphabet");
    auto parts = split_text(m.text, coding, m.per_part, m.multipart);
    DeliverSpec spec{m.smsc.value_or(settings_.smsc), m.sender, {}, coding, std::nullopt, m.time.value_or(timestamp_now())};
    if (parts.size() == 1 && !m.multipart) {
        spec.text = parts[0];
        store(encode_deliver(spec), m.stat);
        return;
    }
    int ref = m.ref >= 0 ? m.ref : next_auto_ref_++;
    if (next_auto_ref_ > 255) next_auto_ref_ = 1;
    std::vector<int> order = m.only;
    if (order.empty())
        for (std::size_t i = 1; i <= parts.size(); ++i) order.push_back(static_cast<int>(i));
    for (int seq : order) {
        if (seq < 1 || seq > static_cast<int>(parts.size()))
            throw std::invalid_argument("only= names part " + std::to_string(seq) + " of " + std::to_string(parts.size()));
        spec.text = parts[static_cast<std::size_t>(seq - 1)];
        spec.concat = Concat{ref, static_cast<int>(parts.size()), seq, m.ref16};
        store(encode_deliver(spec), m.stat);
    }
}

void Runner::store(const std::string& pdu, int stat) {
    if (auto index = sim_.store(pdu, stat)) {
        log("ev", "stored at " + std::to_string(*index) + ": " + pdu);
        notify_ ? queue_cmti(*index) : unannounced_.push_back(*index);
    } else {
        sim_.pending.push_back(pdu);
        log("ev", "SIM full, message waits in the network: " + pdu);
    }
    persist();
}

void Runner::pump_pending() {
    while (!sim_.pending.empty() && sim_.used() < sim_.capacity()) {
        std::string pdu = sim_.pending.front();
        sim_.pending.erase(sim_.pending.begin());
        if (auto index = sim_.store(pdu, 0)) {
            log("ev", "stored waiting message at " + std::to_string(*index));
            notify_ ? queue_cmti(*index) : unannounced_.push_back(*index);
        }
    }
}

void Runner::queue_cmti(int index) {
    std::string line = modem_.cmti(index);
    if (line.empty()) {
        log("ev", "no +CMTI for " + std::to_string(index) + " (AT+CNMI asked for none, or silent)");
        return;
    }
    unsolicited_ += line;
}

bool Runner::step_timeline() {
    using K = Directive::Kind;
    while (pc_ < script_.size()) {
        const Directive& d = script_[pc_];
        if (d.kind == K::wait_ms) {
            if (!wake_at_) wake_at_ = Clock::now() + std::chrono::milliseconds(d.number);
            if (Clock::now() < *wake_at_) return true;
            wake_at_.reset();
        } else if (d.kind == K::wait_for) {
            if (modem_.count(d.text) < d.number) return true;
        } else {
            switch (d.kind) {
                case K::set: apply_setting(d); break;
                case K::message:
                    try {
                        deliver(d.message);
                    } catch (const std::invalid_argument& e) {
                        fail(d, e.what());
                    }
                    break;
                case K::announce:
                    for (int index : unannounced_)
                        if (sim_.find(index)) queue_cmti(index);
                    unannounced_.clear();
                    break;
                case K::notify: notify_ = d.flag; break;
                case K::silent: faults_.silent = true; break;
                case K::silent_after: faults_.silent_after = modem_.commands() + d.number; break;
                case K::silent_on: faults_.silent_on = d.text; break;
                case K::wake:
                    faults_.silent = false;
                    faults_.silent_after = -1;
                    faults_.silent_on.clear();
                    break;
                case K::exit_now:
                    log("ev", "exit " + std::to_string(d.number) + " (script)");
                    exit_status_ = static_cast<int>(d.number);
                    return false;
                case K::exit_after:
                    if (d.number <= 0) {
                        log("ev", "exit (exit-after-commands 0)");
                        exit_status_ = 0;
                        return false;
                    }
                    faults_.exit_after = modem_.commands() + d.number;
                    break;
                case K::exit_on: faults_.exit_on = d.text; break;
                case K::error_on: faults_.errors.emplace_back(d.text, d.value); break;
                case K::clear_errors: faults_.errors.clear(); break;
                case K::send_fail: faults_.send_fail = d.value; break;
                case K::log: log("ev", d.value); break;
                default: break;
            }
        }
        ++pc_;
    }
    return true;
}

bool Runner::write_out(const std::string& bytes) {
    if (bytes.empty()) return true;
    log("tx", bytes);
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool Runner::flush_unsolicited() {
    if (unsolicited_.empty() || !modem_.idle()) return true;
    if (faults_.silent) {
        unsolicited_.clear();
        return true;
    }
    return write_out(std::exchange(unsolicited_, {}));
}

int Runner::run() {
    std::signal(SIGPIPE, SIG_IGN);
    log("ev", "start pid " + std::to_string(::getpid()) + ", SIM holds " + std::to_string(sim_.used()) +
                  ", already delivered " + std::to_string(skip_messages_));
    persist();
    char buf[4096];
    while (true) {
        if (!step_timeline()) return exit_status_;
        if (!flush_unsolicited()) return 0;
        int timeout = -1;
        if (wake_at_) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*wake_at_ - Clock::now()).count();
            timeout = static_cast<int>(std::max<long long>(0, left) + 1);
        }
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        int r = ::poll(&pfd, 1, timeout);
        if (r < 0 && errno != EINTR) return 1;
        if (r <= 0) continue;
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            log("ev", "host closed the line");
            return 0;
        }
        std::string in(buf, static_cast<std::size_t>(n));
        log("rx", in);
        if (!write_out(modem_.feed(in))) return 0;
        if (modem_.exit_requested()) {
            log("ev", "exit (exit-after-commands / exit-on)");
            return 0;
        }
    }
}

}  // namespace fake_modem
