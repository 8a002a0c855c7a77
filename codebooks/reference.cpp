// Reference tokens: a bijective scramble of message ids, and an FNV-1a hash for parse mode.
#include "codebooks/reference.hpp"

#include "codebooks/fnv1a.hpp"

namespace smsgw {
namespace {

constexpr int min_chars = 4;
constexpr int max_chars = 13;  // 13 * 5 = 65 bits cover any 64-bit pattern

constexpr std::uint64_t mask_for(int bits) {
    return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
}
constexpr int bits_for(int chars) { return chars * 5 >= 64 ? 64 : chars * 5; }

// Odd multipliers are invertible modulo any power of two; the inverses are computed once.
constexpr std::uint64_t mul1 = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t mul2 = 0xBF58476D1CE4E5B9ull;

constexpr std::uint64_t inverse_mod_2_64(std::uint64_t a) {
    std::uint64_t x = a;  // Newton: each step doubles the correct low bits (a*a == 1 mod 8)
    for (int i = 0; i < 6; ++i) x *= 2 - a * x;
    return x;
}
constexpr std::uint64_t inv1 = inverse_mod_2_64(mul1);
constexpr std::uint64_t inv2 = inverse_mod_2_64(mul2);
static_assert(mul1 * inv1 == 1 && mul2 * inv2 == 1);

constexpr std::uint64_t unxorshift(std::uint64_t y, int shift, int bits) {
    std::uint64_t x = y;
    for (int done = shift; done < bits; done += shift) x = y ^ (x >> shift);
    return x;
}

// A bijection on the low `bits` bits: multiply, xor-shift, multiply, xor-shift.
constexpr std::uint64_t scramble(std::uint64_t x, int bits) {
    const std::uint64_t m = mask_for(bits);
    const int s = bits / 2 + 1;
    x = (x * mul1) & m;
    x ^= x >> s;
    x = (x * mul2) & m;
    x ^= x >> s;
    return x;
}

constexpr std::uint64_t unscramble(std::uint64_t x, int bits) {
    const std::uint64_t m = mask_for(bits);
    const int s = bits / 2 + 1;
    x = unxorshift(x, s, bits);
    x = (x * inv2) & m;
    x = unxorshift(x, s, bits);
    x = (x * inv1) & m;
    return x;
}
static_assert(unscramble(scramble(12345, 20), 20) == 12345);
static_assert(unscramble(scramble(~0ull, 64), 64) == ~0ull);

int chars_for(std::uint64_t u) {
    int n = min_chars;
    while (n < max_chars && (u >> bits_for(n)) != 0) ++n;
    return n;
}

std::string render(std::uint64_t value, int chars) {
    std::string out(static_cast<std::size_t>(chars) + 1, '#');
    for (int i = chars; i >= 1; --i) {
        out[static_cast<std::size_t>(i)] = reference_alphabet[value & 31u];
        value >>= 5;
    }
    return out;
}

int digit_value(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const auto pos = reference_alphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

std::string reference_for_id(std::int64_t message_id) {
    const auto u = static_cast<std::uint64_t>(message_id);
    const int chars = chars_for(u);
    return render(scramble(u, bits_for(chars)), chars);
}

std::optional<std::int64_t> id_for_reference(std::string_view token) {
    if (!token.empty() && token.front() == '#') token.remove_prefix(1);
    const auto chars = static_cast<int>(token.size());
    if (chars < min_chars || chars > max_chars) return std::nullopt;
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const int d = digit_value(token[i]);
        if (d < 0) return std::nullopt;
        // 13 characters carry 65 bits; the top one must be zero for a 64-bit id.
        if (i == 0 && chars == max_chars && d >= 16) return std::nullopt;
        value = (value << 5) | static_cast<std::uint64_t>(d);
    }
    const std::uint64_t u = unscramble(value, bits_for(chars));
    if (chars_for(u) != chars) return std::nullopt;  // not the canonical length for that id
    return static_cast<std::int64_t>(u);
}

std::string reference_for_text(std::string_view input) {
    const std::uint64_t h = fnv1a(fnv1a_offset, input);
    const std::uint64_t folded = (h ^ (h >> 20) ^ (h >> 40) ^ (h >> 60)) & mask_for(20);
    return render(folded, min_chars);
}

}  // namespace smsgw
