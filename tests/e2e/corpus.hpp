// A deterministic set of incoming SMS for the example codebook, with what `smsgw parse` expects of each.
#pragma once

#include "parse_oracle.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::e2e {

struct CorpusMessage {
    std::string sender;
    std::string text;  // valid UTF-8, no newline, only BMP characters (an SMS carries UCS-2 at most)
    int folder = 1;    // dummy inbox folder: 1 or 3
    bool resend = false;  // the monitor sent the same text again (a new SMS, not a redelivery)
    ParseVerdict expected;
};

class Corpus {
public:
    // `count` messages: ExampleTraffic's election-night mix (valid, typos, Cyrillic keyboards,
    // invalid, garbage) from a pool of monitors, plus an unregistered phone, an alphanumeric sender,
    // genuine resends and long comments (multipart, GSM-7 and UCS-2). Messages that would turn into a
    // CONFLICT between two phones are left out, so each stored verdict must equal parse's.
    // `order_free` also leaves out corrections (other values for a form and station already
    // reported), so the final count does not depend on the order the messages are processed in.
    static Corpus generate(const std::filesystem::path& codebook, std::size_t count, std::uint64_t seed,
                           bool order_free = false);

    // Exactly these (sender, text) messages, with parse's verdicts: for scripted modems.
    static Corpus of(const std::filesystem::path& codebook, const std::vector<std::pair<std::string, std::string>>& messages);

    const std::filesystem::path& codebook() const { return codebook_; }
    const std::vector<CorpusMessage>& messages() const { return messages_; }
    std::size_t size() const { return messages_.size(); }

    // Writes messages [begin, end) into a dummy device with inject_sms: SMSC time = base + index
    // seconds (distinct, so no resend looks like a redelivery), concat_ref = index % 256. Returns
    // the number of part files written.
    int inject(const std::filesystem::path& device, std::size_t begin, std::size_t end) const;
    int inject(const std::filesystem::path& device) const { return inject(device, 0, size()); }

    // "1000 messages: 612 accepted, ... 97 multipart, 181 non-ASCII, 40 resends, 45 senders"
    std::string summary() const;

private:
    std::filesystem::path codebook_;
    std::vector<CorpusMessage> messages_;
};

// "YYYYMMDDTHHMMSS" (UTC) of 2024-09-20 06:00:00 + `seconds`.
std::string smsc_time_at(std::int64_t seconds);

}  // namespace smsgw::e2e
