// Seeded input generation for the deterministic stand-ins of the fuzz targets: random bytes and
// libFuzzer-like mutations (flip, set, insert, erase, splice) of the committed corpus.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace smsgw::fuzz {

using Bytes = std::vector<std::uint8_t>;

inline std::vector<Bytes> read_corpus(const std::filesystem::path& dir) {
    std::vector<Bytes> out;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());  // directory order is not deterministic
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
}

class Mutator {
public:
    Mutator(std::uint64_t seed, std::vector<Bytes> corpus) : rng_(seed), corpus_(std::move(corpus)) {}

    // One in four inputs is random bytes up to max_len; the rest are 1-4 mutations of a seed.
    Bytes next(std::size_t max_len) {
        Bytes b;
        if (corpus_.empty() || pick(4) == 0) {
            b.resize(1 + pick(max_len));
            for (auto& x : b) x = static_cast<std::uint8_t>(pick(256));
            return b;
        }
        b = corpus_[pick(corpus_.size())];
        for (std::size_t n = 1 + pick(4); n > 0; --n) mutate(b);
        if (b.size() > max_len) b.resize(max_len);
        return b;
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

    void mutate(Bytes& b) {
        static constexpr std::uint8_t interesting[] = {0x00, 0x01, 0x02, 0x03, 0x05, 0x06, 0x07, 0x08,
                                                       0x7F, 0x80, 0xA0, 0xC0, 0xD8, 0xDC, 0xFE, 0xFF};
        switch (b.empty() ? 2 : pick(6)) {
            case 0: b[pick(b.size())] ^= static_cast<std::uint8_t>(1u << pick(8)); break;
            case 1: b[pick(b.size())] = interesting[pick(sizeof interesting)]; break;
            case 2: b.insert(b.begin() + static_cast<long>(pick(b.size() + 1)), static_cast<std::uint8_t>(pick(256))); break;
            case 3: b.erase(b.begin() + static_cast<long>(pick(b.size()))); break;
            case 4: b[pick(b.size())] = static_cast<std::uint8_t>(pick(256)); break;
            default: {
                const Bytes& other = corpus_[pick(corpus_.size())];
                if (other.empty()) break;
                const std::size_t from = pick(other.size()), len = 1 + pick(other.size() - from);
                b.insert(b.begin() + static_cast<long>(pick(b.size() + 1)), other.begin() + static_cast<long>(from),
                         other.begin() + static_cast<long>(from + len));
            }
        }
    }

    std::mt19937_64 rng_;
    std::vector<Bytes> corpus_;
};

}  // namespace smsgw::fuzz
