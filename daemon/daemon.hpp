// `smsgw run`: the daemon's components started in a fixed order on one event loop, stopped in reverse.
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"

#include <memory>

namespace smsgw {

class Daemon {
public:
    Daemon(Config config, Logger& log);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    // Starts every component, runs the event loop until SIGTERM/SIGINT, stops in reverse order.
    // Throws on start-up failures (config, codebook, store); returns the exit code otherwise.
    int run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Loads a codebook directory; throws std::runtime_error listing every FILE:LINE problem. The files'
// contents go to *sources when given (the daemon saves them in the database).
struct CodebookInUse;
struct CodebookSources;
CodebookInUse load_codebook_or_throw(const std::string& dir, CodebookSources* sources = nullptr);

}  // namespace smsgw
