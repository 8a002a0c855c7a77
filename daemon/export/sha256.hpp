// SHA-256 (FIPS 180-4) for the export manifest, so HQ can verify what arrived without a crypto library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw::exports {

// Incremental: update() any number of times, then hex() (or digest()) once.
class Sha256 {
public:
    Sha256();
    void update(std::string_view data);
    std::array<std::uint8_t, 32> digest();  // finishes; the object must not be updated afterwards
    std::string hex();                      // lower-case, 64 characters

    static std::string hex_of(std::string_view data);

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> h_;
    std::array<std::uint8_t, 64> buf_{};
    std::size_t used_ = 0;
    std::uint64_t length_ = 0;  // bytes
    bool finished_ = false;
};

}  // namespace smsgw::exports
