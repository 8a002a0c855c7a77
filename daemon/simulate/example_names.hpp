// Synthetic names for the example codebook: people, polling stations and villages in a Russian,
// Kazakh (Cyrillic and Latin) and English mix, drawn from the generator's PRNG.
#pragma once

#include "daemon/simulate/example_rng.hpp"

#include <string>
#include <string_view>

namespace smsgw {

// Every name is a random combination of common given names and surnames (or of place-name parts),
// so none denotes a real person, party or polling station.
class ExampleNames {
public:
    explicit ExampleNames(ExampleRng& rng) : rng_(rng) {}

    // A monitor's name as they would write it in their language ("ru", "kk" or "en").
    std::string person(std::string_view language);
    // A candidate as printed on a ballot: "Surname Given-name" in Cyrillic.
    std::string candidate();
    // A polling station's premises, in `language`; urban ones are numbered schools and halls.
    std::string station(std::string_view language, bool urban);
    std::string mobile_team(std::string_view language, int district, int team);
    std::string coordinator(std::string_view language);

private:
    std::string russian_person(bool female, bool surname_first);
    std::string kazakh_person(bool female, bool latin, bool surname_first);
    std::string english_person();
    std::string village(std::string_view language);

    ExampleRng& rng_;
};

}  // namespace smsgw
