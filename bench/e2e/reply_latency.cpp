// Scripts the fake modem to deliver messages one by one, runs smsgw on it, and reads the latencies from the modem's own logs.
#include "bench/e2e/reply_latency.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <fstream>
#include <map>
#include <optional>
#include <thread>

namespace smsgw::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct SentPart {
    long long t_ms = 0;  // when Ctrl-Z ended the PDU
    std::string to;
    bool first = true;   // not a second or later part of a concatenated reply
};

std::vector<SentPart> read_sent(const fs::path& path) {
    std::vector<SentPart> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        boost::system::error_code ec;
        auto v = boost::json::parse(line, ec);
        if (ec || !v.is_object()) continue;  // a line being written right now
        const auto& o = v.as_object();
        SentPart p;
        if (auto* t = o.if_contains("t_ms"); t && t->is_int64()) p.t_ms = t->as_int64();
        if (auto* to = o.if_contains("to"); to && to->is_string()) p.to = std::string(to->as_string());
        if (auto* c = o.if_contains("concat"); c && c->is_object())
            if (auto* seq = c->as_object().if_contains("seq"); seq && seq->is_int64()) p.first = seq->as_int64() == 1;
        out.push_back(std::move(p));
    }
    return out;
}

struct ModemLog {
    std::vector<std::pair<long long, int>> stored;  // time, SIM index
    std::vector<std::pair<long long, int>> cmti;    // time, SIM index announced
    std::vector<long long> cmgs;                    // time AT+CMGS= was received
};

ModemLog read_log(const fs::path& path) {
    ModemLog log;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto sp1 = line.find(' ');
        if (sp1 == std::string::npos || line.size() < sp1 + 4) continue;
        const long long t = std::atoll(line.c_str());
        const std::string tag = line.substr(sp1 + 1, 2);
        const std::string rest = line.substr(sp1 + 4);
        if (tag == "ev" && rest.rfind("stored at ", 0) == 0) {
            log.stored.emplace_back(t, std::atoi(rest.c_str() + 10));
        } else if (tag == "tx") {
            for (auto at = rest.find("+CMTI: \"SM\","); at != std::string::npos; at = rest.find("+CMTI: \"SM\",", at + 1))
                log.cmti.emplace_back(t, std::atoi(rest.c_str() + at + 12));
        } else if (tag == "rx" && rest.find("AT+CMGS=") != std::string::npos) {
            log.cmgs.push_back(t);
        }
    }
    return log;
}

std::size_t first_parts(const fs::path& sent) {
    auto parts = read_sent(sent);
    return static_cast<std::size_t>(std::count_if(parts.begin(), parts.end(), [](const SentPart& p) { return p.first; }));
}

}  // namespace

Percentiles percentiles(std::vector<double> ms) {
    Percentiles p;
    if (ms.empty()) return p;
    std::sort(ms.begin(), ms.end());
    auto rank = [&](double q) { return ms[static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(ms.size())))) - 1]; };
    p.p50 = rank(0.50);
    p.p90 = rank(0.90);
    p.p99 = rank(0.99);
    p.max = ms.back();
    return p;
}

LatencyRun run_reply_latency(const LatencySetup& setup, const std::vector<Sms>& traffic) {
    const fs::path dir = setup.work / "latency";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path script = dir / "script.txt", log_path = dir / "modem.log", sent = dir / "sent.jsonl";
    {
        std::ofstream s(script);
        // Messages start once smsgw has asked for +CMTI and had a moment to settle.
        s << "notify on\nwait-for AT+CNMI=2\nwait-ms 2000\n";
        for (const Sms& m : traffic) s << "sms " << m.sender << " " << m.text << "\nwait-ms " << setup.pace.count() << "\n";
    }
    const std::string device = fmt::format("{} --script {} --state {} --sent {} --log {}", setup.fake_modem, script.string(),
                                           (dir / "modem.state").string(), sent.string(), log_path.string());
    {
        std::ofstream c(dir / "smsgw.toml");
        c << fmt::format(R"([gateway]
database = "{0}/smsgw.db"
codebook = "{1}"
export_dir = "{0}/exports"
export_interval = "1h"
summary_interval = "1h"
replies_per_sender_per_hour = 10000

[modems.fake]
device = "{2}"
connection = "proxyat"
model = "at"
poll_interval = "{3}ms"
send = true
sends_per_minute = 6000
)",
                         dir.string(), setup.codebook, device, setup.poll_interval.count());
    }

    LatencyRun run;
    ChildProcess child({setup.smsgw, "run", "--config", (dir / "smsgw.toml").string()}, (dir / "output.txt").string());
    const auto deadline = Clock::now() + std::chrono::seconds(30) + setup.pace * static_cast<long>(traffic.size()) * 2;
    while (Clock::now() < deadline && child.running() && first_parts(sent) < traffic.size())
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (!child.running()) run.note = "smsgw exited during the run";
    run.tree = child.tree();
    run.exit = child.stop(SIGTERM, std::chrono::seconds(20));

    const ModemLog log = read_log(log_path);
    const std::vector<SentPart> parts = read_sent(sent);
    run.delivered = log.stored.size();
    std::vector<bool> used(parts.size(), false);
    std::size_t missing = 0;
    for (std::size_t i = 0; i < traffic.size() && i < log.stored.size(); ++i) {
        const auto [stored_at, index] = log.stored[i];
        std::optional<long long> cmti;
        for (const auto& [t, idx] : log.cmti)
            if (idx == index && t >= stored_at) {
                cmti = t;
                break;
            }
        std::optional<long long> cmgs;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            if (used[k] || !parts[k].first || parts[k].to != traffic[i].sender || parts[k].t_ms < stored_at) continue;
            used[k] = true;
            // Its AT+CMGS=<length> is the last one received before the PDU ended.
            for (long long t : log.cmgs)
                if (t <= parts[k].t_ms) cmgs = t;
            break;
        }
        if (!cmti || !cmgs) {
            ++missing;
            continue;
        }
        run.cmti_to_cmgs.push_back(static_cast<double>(*cmgs - *cmti));
        run.stored_to_cmgs.push_back(static_cast<double>(*cmgs - stored_at));
    }
    run.ok = missing == 0 && run.delivered == traffic.size() && run.exit.status == 0 && run.note.empty();
    if (run.delivered != traffic.size())
        run.note += fmt::format("{}{} of {} messages delivered", run.note.empty() ? "" : "; ", run.delivered, traffic.size());
    if (missing) run.note += fmt::format("{}{} messages without +CMTI or reply", run.note.empty() ? "" : "; ", missing);
    if (run.exit.status != 0) run.note += fmt::format("{}exit status {}", run.note.empty() ? "" : "; ", run.exit.status);
    return run;
}

}  // namespace smsgw::bench
