// One screen of smsgw watch sized to the terminal: what needs attention first, detail as space allows.
#pragma once

#include "daemon/status/status_snapshot.hpp"

#include <string>

namespace smsgw {

// 0 for no limit: piped output keeps every line, whole.
struct ScreenSize {
    int columns = 0;
    int rows = 0;
};

class WatchView {
public:
    struct Options {
        std::string title_suffix;  // e.g. "every 2s, Ctrl-C to quit"
        bool color = false;        // ANSI colours for bad (red) and doubtful (yellow) states
    };

    WatchView() = default;
    explicit WatchView(Options options) : options_(std::move(options)) {}

    // At most size.rows lines of at most size.columns characters each (UTF-8 characters, colour
    // codes not counted), in this order of importance: the header; problems; one line per modem;
    // messages and replies; progress and national estimates; then, while rows are left, the
    // least-reported regions, the call-back list and the last export. A section cut short says
    // how many lines it left out.
    std::string screen(const StatusSnapshot& s, ScreenSize size) const;

private:
    Options options_;
};

}  // namespace smsgw
