// Reference tokens (`#4F2A`) that end every reply, so the help desk can find the message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smsgw {

// Alphabet: Crockford's base 32, "0123456789ABCDEFGHJKMNPQRSTVWXYZ" — no I, L, O (read as 1, 1,
// 0 on decoding) and no U. Four characters hold exactly 2^20 values, and a token read over the
// phone or typed on either keyboard decodes the same way.
inline constexpr std::string_view reference_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The daemon's token for a stored message id: '#' plus 4 characters for ids 0 .. 2^20-1, 5 for
// ids below 2^25, and so on (13 at most, negative ids are taken as their 64-bit pattern).
// Deterministic and reversible (id_for_reference), distinct for every id. Within each length the
// id passes through a fixed bijection on 5*length bits, so consecutive messages of one monitor
// get tokens that differ in every position instead of #0041, #0042 that are easy to mix up.
std::string reference_for_id(std::int64_t message_id);

// The inverse of reference_for_id, for the help desk. Accepts the token with or without '#', in
// any case, O read as 0 and I/L as 1 (ASCII only). Returns none for anything reference_for_id
// cannot produce, including a token of the wrong length for its id.
std::optional<std::int64_t> id_for_reference(std::string_view token);

// `smsgw parse` has no store: '#' plus 4 characters from the 64-bit FNV-1a hash of the input
// bytes, folded to 20 bits. Stable across runs and platforms; different inputs collide with
// probability 2^-20, which is fine for telling test lines apart.
std::string reference_for_text(std::string_view input);

}  // namespace smsgw
