// Generates the end-to-end corpus from the example traffic generator and asks `smsgw parse` about it.
#include "corpus.hpp"

#include "../unit/example_traffic.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/modem/inject_sms.hpp"

#include <fmt/format.h>

#include <ctime>
#include <map>
#include <set>
#include <stdexcept>

namespace smsgw::e2e {

namespace {

constexpr const char* kUnregistered = "+77471234567";
constexpr const char* kAlphanumeric = "Kcell";
// A coordinator (stations "*") for the generator's "authorized anywhere" messages.
constexpr const char* kCoordinator = "+77058975420";

// Only what an SMS can carry: valid UTF-8, printable, within the BMP (UCS-2), no newline.
std::string sanitize(const std::string& in) {
    std::string out;
    for (std::size_t i = 0; i < in.size();) {
        const auto c = static_cast<unsigned char>(in[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > in.size()) {
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        bool ok = true;
        for (int k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(in[i + k]);
            if ((cc >> 6) != 2) ok = false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const bool printable = cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0) && cp <= 0xFFFF &&
                               !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFEFF;
        const bool shortest = (len == 1) || (len == 2 && cp >= 0x80) || (len == 3 && cp >= 0x800);
        if (ok && printable && shortest) out.append(in, i, static_cast<std::size_t>(len));
        i += ok ? static_cast<std::size_t>(len) : 1;
    }
    return out;
}

bool non_ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80) return true;
    return false;
}

// The example codebook with only `pool` single-station monitors, so ExampleTraffic draws its
// senders from a few dozen phones (one `smsgw parse` run per phone) instead of 1,800.
std::shared_ptr<Codebook> narrowed(const Codebook& cb, std::size_t pool) {
    auto out = std::make_shared<Codebook>(cb);
    std::vector<Monitor> kept;
    std::set<std::uint32_t> stations;
    const std::size_t step = std::max<std::size_t>(1, cb.monitors.size() / (pool * 2));
    for (std::size_t i = 0; i < cb.monitors.size() && kept.size() < pool; i += step) {
        const Monitor& m = cb.monitors[i];
        if (m.any_station || !m.districts.empty() || m.stations.size() != 1) continue;
        if (!stations.insert(m.stations.front()).second) continue;
        kept.push_back(m);
    }
    out->monitors = std::move(kept);
    out->build_indexes();
    return out;
}

std::string long_comment(std::uint64_t r) {
    if (r % 2 == 0)
        return "у входа стоят люди из штаба кандидата и что-то записывают, председатель говорит что так и надо, "
               "наблюдателя от партии не пустили в зал до восьми утра";
    return "a man in a grey coat has been standing next to the ballot box since opening and talks to every voter "
           "before they vote, the chairman says he is an observer but he has no badge";
}

// What parse says, one run per sender.
void ask_parse(const std::filesystem::path& codebook, std::vector<CorpusMessage>& messages) {
    std::map<std::string, std::vector<std::size_t>> by_sender;
    for (std::size_t i = 0; i < messages.size(); ++i) by_sender[messages[i].sender].push_back(i);
    for (const auto& [sender, idx] : by_sender) {
        std::vector<std::string> texts;
        for (auto i : idx) texts.push_back(messages[i].text);
        auto verdicts = parse_with_cli(codebook, sender, texts);
        for (std::size_t k = 0; k < idx.size(); ++k) messages[idx[k]].expected = verdicts[k];
    }
}

}  // namespace

Corpus Corpus::of(const std::filesystem::path& codebook, const std::vector<std::pair<std::string, std::string>>& messages) {
    Corpus out;
    out.codebook_ = codebook;
    for (const auto& [sender, text] : messages) out.messages_.push_back({sender, text, 1, false, {}});
    ask_parse(codebook, out.messages_);
    return out;
}

std::string smsc_time_at(std::int64_t seconds) {
    std::tm tm{};
    tm.tm_year = 2024 - 1900;
    tm.tm_mon = 8;
    tm.tm_mday = 20;
    tm.tm_hour = 6;
    const std::time_t t = ::timegm(&tm) + seconds;
    std::tm out{};
    ::gmtime_r(&t, &out);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday, out.tm_hour,
                       out.tm_min, out.tm_sec);
}

Corpus Corpus::generate(const std::filesystem::path& codebook, std::size_t count, std::uint64_t seed, bool order_free) {
    LoadResult loaded = load_codebook_dir(codebook);
    if (!loaded.ok()) throw std::runtime_error("cannot load codebook " + codebook.string());
    auto cb = narrowed(*loaded.codebook, order_free ? 150 : 40);
    test::ExampleTraffic traffic(*cb, seed);

    // Candidates: more than needed, as conflicts are dropped below.
    std::vector<CorpusMessage> candidates;
    const std::size_t want = count + count / (order_free ? 1 : 3) + 20;
    for (std::size_t i = 0; i < want; ++i) {
        CorpusMessage m;
        if (i % 50 == 49 && !candidates.empty()) {
            m = candidates[static_cast<std::size_t>(traffic.below(candidates.size()))];
            m.resend = true;
        } else {
            auto g = traffic.next();
            m.sender = g.sender.empty() ? kCoordinator : g.sender;
            if (i % 23 == 11) m.sender = kUnregistered;
            if (i % 37 == 19) m.sender = kAlphanumeric;
            m.text = sanitize(g.text);
            const bool plain = g.kind == test::ExampleTraffic::Kind::valid || g.kind == test::ExampleTraffic::Kind::cyrillic;
            if (plain && i % 15 == 3 && m.text.find('@') == std::string::npos) m.text += " @ " + long_comment(traffic.rand());
            m.resend = false;
        }
        m.folder = i % 10 == 7 ? 3 : 1;
        candidates.push_back(std::move(m));
    }

    ask_parse(codebook, candidates);

    // Two phones with different values for one form and station are a CONFLICT (the store's
    // business, not parse's): keep one phone per (form, station) among the reports not rejected.
    Corpus out;
    out.codebook_ = codebook;
    std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> owner;  // -> sender, values
    for (auto& m : candidates) {
        if (out.messages_.size() == count) break;
        if (m.expected.status != "rejected") {
            auto [it, fresh] = owner.emplace(std::make_pair(m.expected.form, m.expected.station),
                                             std::make_pair(m.sender, m.expected.values));
            if (!fresh && it->second.first != m.sender) continue;
            if (!fresh && order_free && m.expected.form != "N" && it->second.second != m.expected.values) continue;
        }
        out.messages_.push_back(std::move(m));
    }
    if (out.messages_.size() != count) throw std::runtime_error("corpus: too few candidates survive the conflict filter");
    return out;
}

int Corpus::inject(const std::filesystem::path& device, std::size_t begin, std::size_t end) const {
    int parts = 0;
    for (std::size_t i = begin; i < end && i < messages_.size(); ++i) {
        const auto& m = messages_[i];
        InjectOptions o;
        o.concat_ref = static_cast<int>(i % 256);
        o.folder = m.folder;
        o.smsc_time = smsc_time_at(static_cast<std::int64_t>(i));
        parts += static_cast<int>(inject_sms(device.string(), m.sender, m.text, o).size());
    }
    return parts;
}

std::string Corpus::summary() const {
    std::map<std::string, int> status;
    std::set<std::string> senders;
    int ascii = 0, resends = 0, folder3 = 0, replyable = 0;
    for (const auto& m : messages_) {
        ++status[m.expected.status];
        senders.insert(m.sender);
        ascii += non_ascii(m.text) ? 0 : 1;
        resends += m.resend ? 1 : 0;
        folder3 += m.folder == 3 ? 1 : 0;
        replyable += m.expected.replyable ? 1 : 0;
    }
    return fmt::format("{} messages: {} accepted, {} warning, {} rejected; {} non-ASCII, {} resends, {} in folder 3, "
                       "{} replyable, {} senders",
                       messages_.size(), status["accepted"], status["warning"], status["rejected"],
                       messages_.size() - static_cast<std::size_t>(ascii), resends, folder3, replyable, senders.size());
}

}  // namespace smsgw::e2e
