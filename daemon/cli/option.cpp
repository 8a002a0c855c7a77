// The settings a subcommand chains onto an option it declared (.required(), .one_of(...), ...).
#include "daemon/cli/option.hpp"

#include <utility>

namespace smsgw::cli {

Option& Option::required() {
    required_ = true;
    return *this;
}

Option& Option::one_of(std::vector<std::string> words) {
    words_ = std::move(words);
    return *this;
}

Option& Option::letter(char c) {
    letter_ = c;
    return *this;
}

Option& Option::shown_default(std::string text) {
    default_ = std::move(text);
    return *this;
}

Option& Option::hidden() {
    hidden_ = true;
    return *this;
}

}  // namespace smsgw::cli
