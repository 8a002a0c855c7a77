// Builds the benchmark's message mix from the codebook: what monitors really send on election night.
#include "bench/e2e/traffic.hpp"

#include "codebooks/gsm7.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <stdexcept>

namespace smsgw::bench {

namespace {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed * 2654435761u + 1) {}
    std::uint64_t below(std::uint64_t n) {
        state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
        return (state_ >> 33) % n;
    }

private:
    std::uint64_t state_;
};

struct Pair {
    const Monitor* monitor;
    const Station* station;
};

// Votes that pass every check: sum(options) + X == T <= registered, turnout under 90%.
std::string results(const std::string& form, const Station& st, const std::vector<std::string>& tags, Rng& rng,
                    bool cast_mismatch = false) {
    // One in twenty above 90% turnout: accepted with a warning.
    const auto turnout = rng.below(20) == 0 ? 91 + rng.below(8) : 45 + rng.below(40);
    const std::int64_t cast = st.registered * static_cast<std::int64_t>(turnout) / 100;
    const std::int64_t invalid = cast / 40;
    std::int64_t left = cast - invalid;
    std::string text = form + " " + st.code;
    for (std::size_t i = 0; i < tags.size(); ++i) {
        std::int64_t v = i + 1 == tags.size() ? left : left * static_cast<std::int64_t>(10 + rng.below(30)) / 100;
        left -= v;
        text += fmt::format(" {}{}", tags[i], v);
    }
    return text + fmt::format(" X{} T{}", invalid, cast + (cast_mismatch ? 7 : 0));
}

// Monitors type results on phones without a Latin layout: Cyrillic letters that look Latin.
std::string cyrillic_lookalikes(const std::string& latin) {
    static const std::map<char, const char*> map = {{'A', "А"}, {'B', "В"}, {'C', "С"}, {'E', "Е"}, {'H', "Н"},
                                                    {'K', "К"}, {'M', "М"}, {'P', "Р"}, {'T', "Т"}, {'X', "Х"}};
    std::string out;
    for (char c : latin) {
        auto it = map.find(c);
        out += it == map.end() ? std::string(1, c) : it->second;
    }
    return out;
}

std::string compact_lower(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ') out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return out;
}

const char* latin_incidents[] = {
    "queue of voters turned away at 10:40",
    "two men with bags near the ballot box",
    "observer from party C asked to leave the room",
    "bus brought voters from the factory, same people seen twice",
    "commission chair refused to show the empty box, protocol signed before counting, police called, "
    "three witnesses, photos taken, will send the full statement to HQ tonight with the names of all members",
};
const char* cyrillic_incidents[] = {
    "очередь, людей не пускают",
    "наблюдателя удалили из зала",
    "сайлау учаскесінде бақылаушыны кіргізбеді",
    "вброс бюллетеней около 14:00, председатель комиссии отказался составить акт, есть видео и двое свидетелей",
    "автобус привёз избирателей с завода, голосуют по спискам, видели одних и тех же людей дважды",
};

std::string smsc_time(std::size_t i) {
    // 2026-11-30 14:00:00 UTC plus 7 s per message: distinct, so neither daemon sees two alike.
    std::time_t t = 1'796'047'200 + static_cast<std::time_t>(i) * 7;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[20];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
    return buf;
}

}  // namespace

std::vector<Sms> make_traffic(const Codebook& cb, std::size_t count, const TrafficOptions& options) {
    Rng rng(options.seed);
    std::vector<Pair> pairs;
    for (const Monitor& m : cb.monitors)
        if (!m.stations.empty()) pairs.push_back({&m, &cb.stations[m.stations[rng.below(m.stations.size())]]});
    std::set<int> district_contests;
    for (const Contest& c : cb.contests)
        if (c.scope == ContestScope::district) district_contests.insert(c.districts.begin(), c.districts.end());
    if (options.distinct_senders && pairs.size() < count)
        throw std::runtime_error(fmt::format("{} monitors with stations, {} distinct senders asked", pairs.size(), count));
    // Shuffled, so consecutive messages come from all over the country.
    for (std::size_t i = pairs.size(); i > 1; --i) std::swap(pairs[i - 1], pairs[rng.below(i)]);

    const std::vector<std::string> party_tags = {"A", "B", "C", "D", "E", "F", "G", "H"};
    std::vector<Sms> out;
    std::map<std::string, std::string> last_text;  // per sender: what a resend repeats
    int next_ref = 1;
    for (std::size_t i = 0; out.size() < count; ++i) {
        if (i > 8 * (pairs.size() + count)) throw std::runtime_error("traffic: cannot find enough messages for the options");
        // Distinct: each monitor once. Otherwise a pool of about two messages per monitor, so
        // checklists, results, resends and corrections come from the same people.
        const std::size_t pool = std::min(pairs.size(), std::max<std::size_t>(1, count / 2));
        const Pair& p = options.distinct_senders ? pairs[i % pairs.size()] : pairs[rng.below(pool)];
        const Station& st = *p.station;
        std::string sender = p.monitor->phone;
        std::string text;
        const char* kind = "results";
        const auto r = rng.below(100);
        if (r < 20) {
            kind = "checklist";
            text = fmt::format("S {} A07{:02} B1 C1 D1 E1 F{} H1", st.code, 10 + rng.below(50), rng.below(6));
        } else if (r < 50) {
            text = results("R", st, party_tags, rng);
            if (r >= 45) text = compact_lower(text);
        } else if (r < 55) {
            std::vector<std::string> tags;
            for (const Candidate& c : cb.candidates_in(st.district)) tags.push_back(c.tag);
            text = district_contests.count(st.district) && !tags.empty() ? results("D", st, tags, rng)
                                                                          : results("R", st, party_tags, rng);
        } else if (r < 60) {
            kind = "results-cyrillic";
            text = cyrillic_lookalikes(results("R", st, party_tags, rng));
        } else if (r < 68) {
            kind = "incident";
            const std::size_t pick = rng.below(options.single_part_only ? 4 : 5);
            text = fmt::format("N {} {} @ {}", st.code, 1 + rng.below(15), latin_incidents[pick]);
        } else if (r < 75) {
            kind = "incident-cyrillic";
            const std::size_t pick = rng.below(options.single_part_only ? 3 : 5);
            text = fmt::format("N {} {} {} @ {}", st.code, 1 + rng.below(15), 1 + rng.below(15), cyrillic_incidents[pick]);
        } else if (r < 79 && !options.single_part_only) {
            kind = "results-comment";
            text = results("R", st, party_tags, rng) + " @ counting finished at 23:10, protocol copy received, "
                                                       "chair signed, two observers present, no complaints filed, "
                                                       "sending photo later";
        } else if (r < 86) {
            auto it = last_text.find(sender);
            const bool resend = it != last_text.end() && r < 83;
            kind = resend ? "resend" : "correction";
            text = resend ? it->second : results("R", st, party_tags, rng);
        } else if (r < 95) {
            kind = "invalid";
            switch (rng.below(6)) {
                case 0: text = results("R", st, party_tags, rng, true); break;  // sum does not add up
                case 1: text = "R 99999 A10 B20 X1 T31"; break;                // no such station
                case 2: text = fmt::format("R {} A312 B148", st.code); break;  // tags missing
                case 3: text = "Здравствуйте, как отправить результаты?"; break;
                case 4: text = fmt::format("S {} A0715 B1 C1 Q5", st.code); break;  // unknown tag
                default:  // someone else's station
                    text = results("R", cb.stations[rng.below(cb.stations.size())], party_tags, rng);
                    break;
            }
        } else if (options.strangers) {
            kind = "stranger";
            sender = fmt::format("+7705{:07}", 1'000'000 + rng.below(8'000'000));
            text = results("R", st, party_tags, rng);
        } else {
            text = results("R", st, party_tags, rng);
        }
        if (options.distinct_senders && last_text.count(sender)) continue;
        Sms sms;
        sms.sender = sender;
        sms.text = text;
        sms.kind = kind;
        sms.parts = sms_size(text).parts;
        if (sms.parts > 1) {
            if (options.single_part_only) continue;
            sms.concat_ref = next_ref;
            next_ref = next_ref % 255 + 1;  // 8-bit references, never 0
        }
        sms.smsc_time = smsc_time(out.size());
        last_text[sender] = text;
        out.push_back(std::move(sms));
    }
    return out;
}

TrafficMix describe(const std::vector<Sms>& traffic) {
    TrafficMix mix;
    for (const Sms& s : traffic) {
        ++mix.messages;
        mix.parts += s.parts;
        mix.multipart += s.parts > 1;
        mix.ucs2 += !is_gsm7(s.text);
        ++mix.kinds[s.kind];
    }
    return mix;
}

std::string format_kinds(const TrafficMix& mix) {
    std::string out;
    for (const auto& [kind, n] : mix.kinds) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", kind, n);
    return out;
}

}  // namespace smsgw::bench
