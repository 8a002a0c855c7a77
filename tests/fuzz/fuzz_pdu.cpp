// libFuzzer target: raw SMS-DELIVER PDUs (as a modem returns them in +CMGL/+CMGR) through libgammu's
// decoder and smsgw's sms_to_part.
#include "tests/fuzz/pdu_check.hpp"

#include <gammu.h>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    GSM_InitLocales(nullptr);  // as the daemon does: libgammu's text conversions depend on it
    return 0;
}

// PDUs on which libgammu 1.42 itself overflows a buffer are not handed to it (pdu_check.hpp says
// which and why): the target is our conversion, and those crashes are reported, not ours to fix.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto r = smsgw::fuzz::check_pdu(data, size);
    if (r.failure) {
        std::fprintf(stderr, "fuzz_pdu: %s\n", r.failure->c_str());
        __builtin_trap();
    }
    return 0;
}
