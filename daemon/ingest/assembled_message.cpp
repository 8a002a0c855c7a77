// Names of the assembly outcomes, as stored in the database and shown to operators.
#include "daemon/ingest/assembled_message.hpp"

namespace smsgw::ingest {

std::string_view to_string(Assembly a) {
    switch (a) {
        case Assembly::complete: return "complete";
        case Assembly::timed_out: return "timed_out";
        case Assembly::malformed: return "malformed";
    }
    return "?";
}

}  // namespace smsgw::ingest
