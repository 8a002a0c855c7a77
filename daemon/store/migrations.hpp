// The store's migrations: each a version, a name and the SQL that takes the schema there.
#pragma once

#include <span>

namespace smsgw::store {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Every migration this program has, in order: migrations()[k] has version k + 1.
std::span<const Migration> migrations();

}  // namespace smsgw::store
