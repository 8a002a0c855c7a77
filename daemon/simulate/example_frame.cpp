// Draws the reference election (SPEC.md section 1) from a seed: frame, sample, monitors, candidates.
#include "daemon/simulate/example_frame.hpp"

#include "daemon/simulate/example_names.hpp"
#include "daemon/simulate/example_rng.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <unordered_set>

namespace smsgw {

namespace {

constexpr int total_stations = 9600;
constexpr int sample_size = 1000;
constexpr int total_monitors = 1800;
constexpr int mobile_teams = 100;
constexpr int multi_station_monitors = 12;
constexpr int coordinators = 2;
constexpr int quick_count_city_districts = 3;
constexpr int quick_count_region_districts = 8;

constexpr std::array<std::string_view, 14> region_stems = {
    "Aqbeles", "Sarykum",  "Kokjailau", "Tasqorgan", "Jelsai",   "Koldala",  "Betpaqtau",
    "Ertisbel", "Shalqartobe", "Altynkum", "Qyzyltau", "Jasylkol", "Boztal", "Terisqan"};

// District names within a region; the first is the regional centre, which holds the town.
constexpr std::array<std::string_view, 8> district_parts = {
    "Central", "North", "South", "East", "West", "Riverside", "Left Bank", "Old Town"};

std::string two_digits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

void add_regions(ExampleFrame& f, ExampleRng& rng, std::vector<int>& district_count) {
    // Two cities first (the capital and the largest city), then 14 regions.
    f.regions.push_back({"01", "Ortalyq City", true, static_cast<int>(rng.between(30, 40)), 8});
    f.regions.push_back({"02", "Tauqala City", true, static_cast<int>(rng.between(25, 35)), 8});
    district_count = {6, 8};
    for (std::size_t i = 0; i < region_stems.size(); ++i) {
        f.regions.push_back({two_digits(static_cast<int>(i) + 3), std::string(region_stems[i]) + " Region", false,
                             static_cast<int>(rng.between(20, 65)), 3});
        district_count.push_back(3);
    }
    // 53 region districts: three each, the 11 left over to random regions (at most five each).
    for (int extra = 67 - 14 - 42; extra > 0;) {
        const auto r = 2 + rng.below(14);
        if (district_count[r] < 5) {
            ++district_count[r];
            --extra;
        }
    }
}

void add_districts(ExampleFrame& f, const std::vector<int>& district_count) {
    int number = 1;
    for (std::size_t r = 0; r < f.regions.size(); ++r) {
        std::string stem = f.regions[r].name.substr(0, f.regions[r].name.find(' '));
        for (int k = 0; k < district_count[r]; ++k)
            f.districts.push_back({number++, stem + " " + std::string(district_parts[k]), r});
    }
}

// Registered voters: triangular (mean of two uniforms), urban 1,500-3,000 and rural 100-1,200.
int draw_registered(ExampleRng& rng, bool urban) {
    const std::int64_t lo = urban ? 1500 : 100;
    const std::int64_t span = urban ? 1500 : 1100;
    return static_cast<int>(lo + (rng.between(0, span) + rng.between(0, span)) / 2);
}

std::string_view draw_language(ExampleRng& rng, const ExampleRegion& region) {
    const auto r = static_cast<int>(rng.below(100));
    if (r < region.en_percent) return "en";
    if (r < region.en_percent + region.kk_percent) return "kk";
    return "ru";
}

void add_stations(ExampleFrame& f, ExampleRng& rng, ExampleNames& names) {
    // Districts have similar electorates, so city districts (large stations) have fewer stations.
    std::vector<int> count(f.districts.size());
    int sum = 0;
    for (std::size_t d = 0; d < f.districts.size(); ++d) {
        const bool city = f.regions[f.districts[d].region].city;
        count[d] = static_cast<int>(city ? rng.between(70, 95) : rng.between(130, 190));
        sum += count[d];
    }
    while (sum != total_stations) {
        const auto d = rng.below(count.size());
        if (f.regions[f.districts[d].region].city) continue;
        const int step = sum < total_stations ? 1 : -1;
        count[d] += step;
        sum += step;
    }
    for (std::size_t d = 0; d < f.districts.size(); ++d) {
        const ExampleRegion& region = f.regions[f.districts[d].region];
        const bool centre = f.districts[d].name.ends_with(" Central");
        const int urban_percent = region.city ? 100 : centre ? static_cast<int>(rng.between(50, 75))
                                                             : static_cast<int>(rng.between(5, 25));
        const int urban = count[d] * urban_percent / 100;
        for (int s = 0; s < count[d]; ++s) {
            ExampleStation st;
            char seq[16];
            std::snprintf(seq, sizeof seq, "%03d", s + 1);
            st.code = two_digits(f.districts[d].number) + seq;
            st.district = d;
            st.urban = s < urban;  // the town's stations come first in each district's numbering
            st.registered = draw_registered(rng, st.urban);
            st.name = names.station(draw_language(rng, region), st.urban);
            f.stations.push_back(std::move(st));
        }
    }
}

// Proportional allocation by largest remainder (integer arithmetic), at least 2 per stratum, then a
// simple random sample without replacement within each stratum.
void draw_sample(ExampleFrame& f, ExampleRng& rng) {
    const std::size_t strata = f.regions.size() * 2;
    std::vector<std::vector<std::size_t>> members(strata);
    for (std::size_t i = 0; i < f.stations.size(); ++i)
        members[f.districts[f.stations[i].district].region * 2 + (f.stations[i].urban ? 0 : 1)].push_back(i);
    const auto frame = static_cast<std::int64_t>(f.stations.size());
    std::vector<std::int64_t> take(strata), remainder(strata);
    std::int64_t given = 0;
    for (std::size_t h = 0; h < strata; ++h) {
        const auto quota = sample_size * static_cast<std::int64_t>(members[h].size());
        take[h] = quota / frame;
        remainder[h] = quota % frame;
        given += take[h];
    }
    std::vector<std::size_t> order(strata);
    for (std::size_t h = 0; h < strata; ++h) order[h] = h;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return remainder[a] > remainder[b]; });
    for (std::size_t k = 0; given < sample_size; ++k, ++given) ++take[order[k]];
    for (std::size_t h = 0; h < strata; ++h) {
        if (members[h].empty()) continue;
        take[h] = std::min<std::int64_t>(std::max<std::int64_t>(take[h], 2), static_cast<std::int64_t>(members[h].size()));
        rng.partial_shuffle(members[h], static_cast<std::size_t>(take[h]));
        for (std::int64_t k = 0; k < take[h]; ++k) f.stations[members[h][static_cast<std::size_t>(k)]].sampled = true;
    }
}

void pick_quick_count_districts(ExampleFrame& f, ExampleRng& rng) {
    std::vector<int> city, rest;
    for (const auto& d : f.districts) (f.regions[d.region].city ? city : rest).push_back(d.number);
    rng.partial_shuffle(city, quick_count_city_districts);
    rng.partial_shuffle(rest, quick_count_region_districts);
    f.quick_count_districts.assign(city.begin(), city.begin() + quick_count_city_districts);
    f.quick_count_districts.insert(f.quick_count_districts.end(), rest.begin(),
                                   rest.begin() + quick_count_region_districts);
    std::sort(f.quick_count_districts.begin(), f.quick_count_districts.end());
}

// Unique Kazakh mobile numbers (+7 70x), mostly E.164 but some written the ways people type them,
// so the loader's normalization is exercised.
class PhoneBook {
public:
    explicit PhoneBook(ExampleRng& rng) : rng_(rng) {}

    std::string draw() {
        static constexpr std::array<int, 6> operators = {700, 701, 702, 705, 707, 708};
        std::string national;
        do {
            const int prefix = operators[rng_.below(operators.size())];
            const auto subscriber = static_cast<int>(rng_.below(10000000));
            char buf[16];
            std::snprintf(buf, sizeof buf, "%d%07d", prefix, subscriber);
            national = buf;
        } while (!used_.insert(national).second);
        const auto style = rng_.below(100);
        if (style < 80) return "+7" + national;
        if (style < 90) return "8" + national;
        const std::string spaced = national.substr(0, 3) + " " + national.substr(3, 3) + " " + national.substr(6, 2) +
                                   " " + national.substr(8, 2);
        return (style < 97 ? "+7 " : "8 ") + spaced;
    }

private:
    ExampleRng& rng_;
    std::unordered_set<std::string> used_;
};

void add_monitors(ExampleFrame& f, ExampleRng& rng, ExampleNames& names) {
    std::vector<bool> covered(f.stations.size(), false);
    struct Assignment {
        std::size_t first;  // station index, for ordering
        std::string stations;
        std::string language;
    };
    std::vector<Assignment> posts;
    auto region_of = [&](std::size_t s) -> const ExampleRegion& {
        return f.regions[f.districts[f.stations[s].district].region];
    };
    // A few monitors cover 2-3 neighbouring small rural stations.
    for (int made = 0; made < multi_station_monitors;) {
        const auto first = rng.below(f.stations.size() - 3);
        const auto size = static_cast<std::size_t>(rng.between(2, 3));
        bool ok = true;
        for (std::size_t k = first; k < first + size; ++k)
            ok = ok && !f.stations[k].urban && !covered[k] && f.stations[k].district == f.stations[first].district;
        if (!ok) continue;
        Assignment a{first, "", std::string(draw_language(rng, region_of(first)))};
        for (std::size_t k = first; k < first + size; ++k) {
            covered[k] = true;
            a.stations += (k == first ? "" : ";") + f.stations[k].code;
        }
        posts.push_back(std::move(a));
        ++made;
    }
    // Every sampled station has its own monitor; the rest go to randomly chosen other stations.
    std::vector<std::size_t> others;
    for (std::size_t s = 0; s < f.stations.size(); ++s) {
        if (covered[s]) continue;
        if (f.stations[s].sampled)
            posts.push_back({s, f.stations[s].code, std::string(draw_language(rng, region_of(s)))});
        else
            others.push_back(s);
    }
    const auto wanted = static_cast<std::size_t>(total_monitors - mobile_teams - coordinators) - posts.size();
    rng.partial_shuffle(others, wanted);
    for (std::size_t k = 0; k < wanted; ++k)
        posts.push_back({others[k], f.stations[others[k]].code, std::string(draw_language(rng, region_of(others[k])))});
    std::sort(posts.begin(), posts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    PhoneBook phones(rng);
    f.monitors.push_back({phones.draw(), names.coordinator("ru"), "*", "ru"});
    f.monitors.push_back({phones.draw(), names.coordinator("en"), "*", "en"});
    for (const auto& p : posts) f.monitors.push_back({phones.draw(), names.person(p.language), p.stations, p.language});
    // One mobile team per district, a second one in 33 districts drawn at random.
    std::vector<int> teams(f.districts.size(), 1);
    std::vector<std::size_t> order(f.districts.size());
    for (std::size_t d = 0; d < order.size(); ++d) order[d] = d;
    const std::size_t seconds = mobile_teams - f.districts.size();
    rng.partial_shuffle(order, seconds);
    for (std::size_t k = 0; k < seconds; ++k) teams[order[k]] = 2;
    for (std::size_t d = 0; d < f.districts.size(); ++d) {
        const ExampleRegion& region = f.regions[f.districts[d].region];
        for (int t = 1; t <= teams[d]; ++t) {
            const std::string language = rng.below(100) < static_cast<std::uint64_t>(region.kk_percent) ? "kk" : "ru";
            const int number = f.districts[d].number;
            f.monitors.push_back({phones.draw(), names.mobile_team(language, number, t),
                                  "district:" + std::to_string(number), language});
        }
    }
}

void add_candidates(ExampleFrame& f, ExampleRng& rng, ExampleNames& names) {
    const auto& parties = example_parties();
    for (const auto& d : f.districts) {
        std::vector<std::size_t> order(parties.size());
        for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
        const auto n = static_cast<std::size_t>(rng.between(3, 7));
        rng.partial_shuffle(order, n);
        for (std::size_t k = 0; k < n; ++k) {
            const bool independent = rng.chance(1, 5);
            f.candidates.push_back({d.number, static_cast<char>('A' + k), names.candidate(),
                                    independent ? "Independent" : parties[order[k]].name});
        }
    }
}

}  // namespace

const std::vector<ExampleParty>& example_parties() {
    static const std::vector<ExampleParty> parties = {
        {'A', "Steppe Progress Party"}, {'B', "Civic Accord"},           {'C', "Agrarian Union"},
        {'D', "Blue Horizon"},          {'E', "Party of Young Builders"}, {'F', "Dawn Democrats"},
        {'G', "Unity and Order"},       {'H', "Green Valley Party"}};
    return parties;
}

ExampleFrame build_example_frame(std::uint64_t seed) {
    ExampleRng rng(seed);
    ExampleNames names(rng);
    ExampleFrame f;
    std::vector<int> district_count;
    add_regions(f, rng, district_count);
    add_districts(f, district_count);
    add_stations(f, rng, names);
    draw_sample(f, rng);
    pick_quick_count_districts(f, rng);
    add_monitors(f, rng, names);
    add_candidates(f, rng, names);
    return f;
}

}  // namespace smsgw
