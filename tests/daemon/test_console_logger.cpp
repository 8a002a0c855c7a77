// Console lines: plain, coloured and journald styles, level filtering, shortening of message text.
#include "daemon/console/logger.hpp"

#include <doctest/doctest.h>

#include <cstdio>

using namespace smsgw;

namespace {
std::chrono::system_clock::time_point fixed() { return std::chrono::system_clock::from_time_t(0); }
}  // namespace

TEST_CASE("journald lines carry syslog priorities and no time") {
    Logger log(LogLevel::info, stdout, LogStyle::journal, fixed);
    CHECK(log.format_line(LogLevel::error, LogCategory::modem, "sim1 pin-failed") == "<3>modem  sim1 pin-failed");
    CHECK(log.format_line(LogLevel::warning, LogCategory::store, "x") == "<4>store  x");
    CHECK(log.format_line(LogLevel::info, LogCategory::parse, "y") == "<6>parse  y");
    CHECK(log.format_line(LogLevel::debug, LogCategory::reply, "z") == "<7>reply  z");
}

TEST_CASE("plain lines have a time, a level and a category; colour only in the colour style") {
    Logger plain(LogLevel::info, stdout, LogStyle::plain, fixed);
    std::string line = plain.format_line(LogLevel::warning, LogCategory::export_, "link down");
    CHECK(line.find("WARN  export link down") != std::string::npos);
    CHECK(line.find('\033') == std::string::npos);
    Logger color(LogLevel::info, stdout, LogStyle::color, fixed);
    CHECK(color.format_line(LogLevel::error, LogCategory::modem, "x").find("\033[1;31m") != std::string::npos);
}

TEST_CASE("lines below the level are not written") {
    char* buf = nullptr;
    std::size_t size = 0;
    std::FILE* f = ::open_memstream(&buf, &size);
    {
        Logger log(LogLevel::warning, f, LogStyle::journal, fixed);
        log.info(LogCategory::parse, "hidden {}", 1);
        log.warn(LogCategory::parse, "shown {}", 2);
    }
    std::fclose(f);
    CHECK(std::string(buf, size) == "<4>parse  shown 2\n");
    std::free(buf);
}

TEST_CASE("message text is shortened by characters, not bytes, and control characters become spaces") {
    CHECK(shorten_for_console("R 01234 A312", 20) == "R 01234 A312");
    CHECK(shorten_for_console("R 01234 A312 B148", 10) == "R 01234 A…");
    CHECK(shorten_for_console("Р 01234 урна", 8) == "Р 01234…");
    CHECK(shorten_for_console("a\nb\tc", 10) == "a b c");
}
