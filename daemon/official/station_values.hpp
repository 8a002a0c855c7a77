// One station's results for one results form, from a monitor's counted report or an official row.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/report.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace smsgw::official {

struct StationValues {
    std::uint32_t station = 0;   // index into Codebook::stations
    const Form* form = nullptr;  // a results form of the codebook
    std::vector<TagValue> values;
    std::int64_t id = 0;         // the report's id, or the official row's

    std::optional<std::int64_t> value(std::string_view tag) const {
        for (const auto& v : values)
            if (v.tag == tag) return v.value;
        return std::nullopt;
    }
};

// The results form that feeds a contest (the contest's `form`, else the results form naming it).
const Form* contest_form(const Codebook& cb, const Contest& contest);

}  // namespace smsgw::official
