// What monitors write after '@', in their own language: short notes and long incident descriptions.
#pragma once

#include "daemon/simulate/example_rng.hpp"

#include <string>
#include <string_view>

namespace smsgw::sim {

// A short note on a setup or results report ("урна опечатана", "box sealed").
std::string short_comment(ExampleRng& rng, std::string_view language);
// An incident description. Long ones need two or three SMS parts (UCS-2 for ru and kk).
std::string incident_comment(ExampleRng& rng, std::string_view language, bool long_text);
// An operator's info SMS, as an alphanumeric sender sends it.
std::string operator_info(ExampleRng& rng);

}  // namespace smsgw::sim
