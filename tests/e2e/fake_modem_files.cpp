// Reads the fake AT modem's state, sent-PDU record and log (tests/fake_modem/README.md).
#include "fake_modem_files.hpp"

#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/json.hpp>

#include <sstream>

namespace smsgw::e2e {

using namespace smsgw::test;

FakeModemFiles::FakeModemFiles(const std::filesystem::path& dir, const std::string& name)
    : script_(dir / (name + ".script")), state_(dir / (name + ".state")), sent_(dir / (name + ".sent")),
      log_(dir / (name + ".log")) {}

void FakeModemFiles::write_script(const std::string& script) const { write_file(script_, script); }

std::string FakeModemFiles::command() const {
    return std::string(FAKE_MODEM_BINARY) + " --script " + script_.string() + " --state " + state_.string() + " --sent " +
           sent_.string() + " --log " + log_.string();
}

std::vector<SentPdu> FakeModemFiles::sent() const {
    std::vector<SentPdu> out;
    std::istringstream in(slurp(sent_));
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        boost::system::error_code ec;
        auto v = boost::json::parse(line, ec);
        if (ec || !v.is_object()) continue;  // a line being written
        const auto& o = v.as_object();
        SentPdu p;
        if (auto* x = o.if_contains("to"); x && x->is_string()) p.to = x->as_string();
        if (auto* x = o.if_contains("text"); x && x->is_string()) p.text = x->as_string();
        if (auto* x = o.if_contains("coding"); x && x->is_string()) p.coding = x->as_string();
        if (auto* x = o.if_contains("accepted"); x && x->is_bool()) p.accepted = x->as_bool();
        if (auto* x = o.if_contains("mr"); x && x->is_int64()) p.mr = static_cast<int>(x->as_int64());
        if (auto* x = o.if_contains("t_ms"); x && x->is_int64()) p.t_ms = x->as_int64();
        out.push_back(std::move(p));
    }
    return out;
}

pid_t FakeModemFiles::modem_pid() const {
    const std::string log = slurp(log_);
    const std::string key = " ev start pid ";
    auto pos = log.rfind(key);
    if (pos == std::string::npos) return -1;
    return static_cast<pid_t>(std::stol(log.substr(pos + key.size())));
}

int FakeModemFiles::starts() const {
    const std::string log = slurp(log_);
    int n = 0;
    for (auto pos = log.find(" ev start pid "); pos != std::string::npos; pos = log.find(" ev start pid ", pos + 1)) ++n;
    return n;
}

int FakeModemFiles::sim_messages() const {
    std::istringstream in(slurp(state_));
    int n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("slot ", 0) == 0) ++n;
    return n;
}

int FakeModemFiles::delivered() const {
    std::istringstream in(slurp(state_));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("delivered ", 0) == 0) return std::stoi(line.substr(10));
    return 0;
}

std::string FakeModemFiles::log() const { return slurp(log_); }

}  // namespace smsgw::e2e
