// The simulated election's true count per station and results form, drawn from a seed.
#pragma once

#include "codebooks/codebook.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::sim {

// One station's count for one results form. Invariant: sum(votes) + invalid == cast <= registered.
struct StationResult {
    std::vector<std::int64_t> votes;  // in the order of option_tags(form, station)
    std::int64_t invalid = 0;
    std::int64_t cast = 0;
    bool applies = false;  // the form has options at this station (a district with candidates)
};

// A results form's options at a station: its fixed option tags, or the station district's candidates.
std::vector<std::string> option_tags(const Codebook& cb, const Form& form, const Station& station);
// The name shown for an option: the field label, or the candidate's name.
std::string option_name(const Codebook& cb, const Form& form, int district, std::string_view tag);

// Parties differ by region and between towns and villages, so the strata really differ and the
// stratified estimate has something to correct. Deterministic for a seed: every station draws from
// its own PRNG stream, so the count of one station does not depend on any other option or station.
// The leading option of the first national form gets 40-52% nationally, so a run-off call is open.
class TrueResults {
public:
    TrueResults(const Codebook& cb, std::uint64_t seed);

    // The codebook's results forms, in codebook order.
    const std::vector<const Form*>& forms() const { return forms_; }
    // Null when the codebook has no such results form or the station index is out of range.
    const StationResult* find(std::string_view form, std::uint32_t station) const;

private:
    void draw_parties(const Codebook& cb, std::size_t f, std::uint64_t seed);
    void draw_candidates(const Codebook& cb, std::size_t f, std::uint64_t seed);

    std::vector<const Form*> forms_;
    std::vector<std::vector<StationResult>> results_;  // [form][station]
    int primary_ = -1;                                  // the first national form with fixed options
};

}  // namespace smsgw::sim
