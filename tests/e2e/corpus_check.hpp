// Compares what the daemon stored with the corpus it was fed: each message once, parse's verdict, one reply.
#pragma once

#include "corpus.hpp"
#include "tests/support/store_probe.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::e2e {

using namespace smsgw::test;

struct CorpusCheck {
    std::vector<std::string> problems;  // empty: all as expected (the first ~30 are kept)
    int problem_count = 0;
    int replies = 0, replies_sent = 0, multipart = 0;
    std::string text() const;  // the problems, one per line
    bool ok() const { return problem_count == 0; }
};

// Every corpus message stored exactly once (matched by sender and text; resends are separate
// messages with distinct SMSC times), processed, complete, with exactly one report whose
// status/form/station are parse's, and exactly one reply (equal to parse's but for the reference
// token) when the sender is replyable, none otherwise; no message that is not in the corpus;
// `parts` parts stored (unless -1), none unlinked.
CorpusCheck check_store(const StoreProbe& store, const Corpus& corpus, int parts);

// Files left in the dummy device's inbox folders 1 and 3.
int inbox_files(const std::filesystem::path& device);

// Waits until the store has `messages` processed messages (and nothing pending or unlinked).
bool wait_processed(const StoreProbe& store, std::int64_t messages, std::chrono::milliseconds timeout);

}  // namespace smsgw::e2e
