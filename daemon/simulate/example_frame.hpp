// The reference election as plain values before it is written out: regions, districts, the station
// frame with its PVT sample, monitors and candidates, all drawn from one seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw {

struct ExampleRegion {
    std::string id;    // "01".."16"
    std::string name;
    bool city = false;
    int kk_percent = 0;  // share of Kazakh-speaking monitors and Kazakh station names
    int en_percent = 0;
};

struct ExampleDistrict {
    int number = 0;
    std::string name;
    std::size_t region = 0;  // index into ExampleFrame::regions
};

struct ExampleStation {
    std::string code;  // district number (2 digits) + sequence in the district (3 digits)
    std::string name;
    std::size_t district = 0;  // index into ExampleFrame::districts
    int registered = 0;
    bool urban = false;
    bool sampled = false;
};

struct ExampleMonitor {
    std::string phone;     // as written in monitors.csv, not always E.164
    std::string name;
    std::string stations;  // "01001", "01001;01002", "district:7" or "*"
    std::string language;
};

struct ExampleCandidate {
    int district = 0;
    char tag = 'A';
    std::string name;
    std::string party;
};

struct ExampleParty {
    char tag;
    const char* name;
};

struct ExampleFrame {
    std::vector<ExampleRegion> regions;
    std::vector<ExampleDistrict> districts;
    std::vector<ExampleStation> stations;  // in code order
    std::vector<ExampleMonitor> monitors;
    std::vector<ExampleCandidate> candidates;
    std::vector<int> quick_count_districts;  // the district contest's districts, ascending
};

// The eight national party-list parties (synthetic); tags avoid I, L, O and the roles X, T.
const std::vector<ExampleParty>& example_parties();

// Draws the whole election from `seed`; every draw is integer-only, so the result is the same on
// every platform.
ExampleFrame build_example_frame(std::uint64_t seed);

}  // namespace smsgw
