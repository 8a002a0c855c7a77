// A minimal XML pull scanner for tests that read back office files (xlsx parts, LibreOffice's fods).
#pragma once

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace xml_scan {

// One event: a start tag (maybe self-closing), an end tag, or text between tags (entities decoded).
struct Event {
    enum Kind { start, end, text, done } kind = done;
    std::string name;  // tag name with its prefix ("table:table-cell")
    std::map<std::string, std::string> attrs;
    bool empty = false;  // <x/>: no end event follows
    std::string value;   // text
};

inline std::string decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        std::size_t semi = s.find(';', i);
        std::string_view ent = s.substr(i + 1, semi - i - 1);
        if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "amp") out += '&';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (!ent.empty() && ent[0] == '#') {
            unsigned long cp = ent.size() > 1 && ent[1] == 'x' ? std::strtoul(std::string(ent.substr(2)).c_str(), nullptr, 16)
                                                                 : std::strtoul(std::string(ent.substr(1)).c_str(), nullptr, 10);
            if (cp < 0x80) out += char(cp);
            else if (cp < 0x800) out += {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
            else if (cp < 0x10000)
                out += {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
            else
                out += {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)),
                        char(0x80 | (cp & 0x3F))};
        }
        i = semi;
    }
    return out;
}

class Scanner {
public:
    explicit Scanner(std::string_view doc) : doc_(doc) {}

    Event next() {
        Event e;
        while (pos_ < doc_.size()) {
            if (doc_[pos_] != '<') {
                std::size_t lt = doc_.find('<', pos_);
                if (lt == std::string_view::npos) lt = doc_.size();
                e.kind = Event::text;
                e.value = decode(doc_.substr(pos_, lt - pos_));
                pos_ = lt;
                return e;
            }
            if (doc_.compare(pos_, 4, "<!--") == 0) {
                pos_ = doc_.find("-->", pos_) + 3;
                continue;
            }
            if (doc_.compare(pos_, 2, "<?") == 0 || doc_.compare(pos_, 2, "<!") == 0) {
                pos_ = doc_.find('>', pos_) + 1;
                continue;
            }
            std::size_t gt = doc_.find('>', pos_);
            std::string_view tag = doc_.substr(pos_ + 1, gt - pos_ - 1);
            pos_ = gt + 1;
            if (tag.front() == '/') {
                e.kind = Event::end;
                e.name = std::string(tag.substr(1));
                return e;
            }
            e.kind = Event::start;
            if (tag.back() == '/') {
                e.empty = true;
                tag.remove_suffix(1);
            }
            std::size_t i = tag.find_first_of(" \t\r\n");
            e.name = std::string(tag.substr(0, i));
            while (i != std::string_view::npos && i < tag.size()) {
                std::size_t eq = tag.find('=', i);
                if (eq == std::string_view::npos) break;
                std::size_t k = tag.find_first_not_of(" \t\r\n", i);
                std::string key(tag.substr(k, eq - k));
                while (!key.empty() && (key.back() == ' ' || key.back() == '\n')) key.pop_back();
                char q = tag[eq + 1];
                std::size_t close = tag.find(q, eq + 2);
                e.attrs[key] = decode(tag.substr(eq + 2, close - eq - 2));
                i = close + 1;
            }
            return e;
        }
        return e;
    }

private:
    std::string_view doc_;
    std::size_t pos_ = 0;
};

}  // namespace xml_scan
