// What a store operation returns on the running path: a value, or the SQLite error that prevented it.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace smsgw::store {

struct StoreError {
    int code = 0;           // SQLite extended result code (SQLITE_FULL, SQLITE_IOERR_FSYNC, ...)
    std::string message{};  // what failed, SQLite's text and the code's name, e.g.
                            // "commit: database or disk is full (SQLITE_FULL, extended code 13)"
};

// Thrown only while opening (start-up): the database cannot be used at all, the text says why.
class StoreOpenError : public std::runtime_error {
public:
    StoreOpenError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }  // SQLite extended code, or 0 for a schema refusal

private:
    int code_;
};

// A small std::expected stand-in (C++20 has none). Checked access: value() on an error is a bug.
template <class T>
class [[nodiscard]] Result {
public:
    using value_type = T;

    Result(T value) : v_(std::move(value)) {}
    Result(StoreError error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const StoreError& error() const { return std::get<1>(v_); }

private:
    std::variant<T, StoreError> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    using value_type = void;

    Result() = default;
    Result(StoreError error) : error_(std::move(error)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const StoreError& error() const { return error_; }

private:
    StoreError error_;
    bool ok_ = true;
};

}  // namespace smsgw::store
